"""The one strict Jinja environment that renders clause text.

Sandboxed (a clause cannot reach ``__class__``, files or the environment, nor change what other
clauses read), bounded in time and size (:mod:`kasgen.sandbox`) and strict (a misspelt variable
raises instead of rendering blank text). Errors name the clause and the template line.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, pass_context
from jinja2.sandbox import SecurityError

from kasgen.errors import ClauseError
from kasgen.sandbox import LimitedEnvironment, checked_output, render_limited

LT_MONTHS_GENITIVE = [
    "sausio", "vasario", "kovo", "balandžio", "gegužės", "birželio",
    "liepos", "rugpjūčio", "rugsėjo", "spalio", "lapkričio", "gruodžio",
]
LT_MONTHS = [
    "sausis", "vasaris", "kovas", "balandis", "gegužė", "birželis",
    "liepa", "rugpjūtis", "rugsėjis", "spalis", "lapkritis", "gruodis",
]
EN_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]


def count(n: int, *forms: str) -> str:
    """Write ``n`` with the noun form its number needs.

    Lithuanian takes three forms (1 dieną, 2 dienas, 10 dienų); English two (1 day, 2 days).
    """
    value = int(n)
    if len(forms) == 2:
        return f"{n} {forms[0] if value == 1 else forms[1]}"
    if len(forms) != 3:
        raise ValueError("count takes two (en) or three (lt) noun forms")
    one, few, many = forms
    if value % 10 == 0 or 11 <= value % 100 <= 19:
        word = many
    elif value % 10 == 1:
        word = one
    else:
        word = few
    return f"{n} {word}"


def join_and(items: Any, word: str = "ir") -> str:
    """Join items as a list in running text: ``a, b ir c``."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def upfirst(text: Any) -> str:
    """Capitalise the first letter only (Jinja's ``capitalize`` lowercases the rest)."""
    text = str(text)
    return text[:1].upper() + text[1:]


@pass_context
def within_days(context: Any, n: int) -> str:
    """A working-day deadline: ``per 2 darbo dienas`` / ``within 2 working days``; 0 is the same day."""
    value = int(n)
    lang = context.get("lang", "lt")
    if lang == "lt":
        return "tą pačią darbo dieną" if value == 0 else "per " + count(value, "darbo dieną", "darbo dienas", "darbo dienų")
    return "the same working day" if value == 0 else "within " + count(value, "working day", "working days")


def month_label(year: int, month: int, lang: str) -> str:
    """``2027 m. sausis`` / ``January 2027``."""
    if lang == "lt":
        return f"{year} m. {LT_MONTHS[month - 1]}"
    return f"{EN_MONTHS[month - 1]} {year}"


def long_date(value: dt.date, lang: str = "lt") -> str:
    if lang == "lt":
        return f"{value.year} m. {LT_MONTHS_GENITIVE[value.month - 1]} {value.day} d."
    return f"{value.day} {EN_MONTHS[value.month - 1]} {value.year}"


@pass_context
def within_minutes(context: Any, n: int) -> str:
    """A deadline in minutes: ``per 5 minutes`` / ``within 5 minutes``; 0 is straight away."""
    value = int(n)
    if context.get("lang", "lt") == "lt":
        return "iš karto" if value == 0 else "per " + count(value, "minutę", "minutes", "minučių")
    return "straight away" if value == 0 else "within " + count(value, "minute", "minutes")


@lru_cache(maxsize=1)
def environment() -> LimitedEnvironment:
    env = LimitedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=False,  # blank lines are ignored by the markup; a newline is never swallowed
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(count=count, join_and=join_and, long_date=long_date, upfirst=upfirst, cap=upfirst,
                       within_days=within_days, within_minutes=within_minutes)
    return env


def render(source: str, context: dict[str, Any], name: str) -> str:
    """Render one clause template; any failure becomes a :class:`ClauseError` naming it.

    Three texts in four hold no template syntax at all; they are returned as Jinja would render
    them (one trailing newline dropped) without compiling anything.
    """
    if "{" not in source and "\r" not in source:
        return checked_output(source[:-1] if source.endswith("\n") else source, name)
    try:
        template = _compile(source)
    except TemplateSyntaxError as exc:
        raise ClauseError(f"{name}, template line {exc.lineno}: {exc.message}") from None
    except (RecursionError, MemoryError):
        raise ClauseError(f"{name}: the template is nested too deeply to compile") from None
    try:
        return render_limited(template, context, name)
    except SecurityError as exc:
        raise ClauseError(f"{name}, template line {_template_line(exc)}: not allowed: {exc}") from None
    except TemplateError as exc:
        raise ClauseError(f"{name}, template line {_template_line(exc)}: {exc.message}") from None
    except (TypeError, ValueError, AttributeError, KeyError, ZeroDivisionError, OverflowError,
            IndexError, UnicodeError) as exc:
        raise ClauseError(f"{name}, template line {_template_line(exc)}: {exc}") from None


@lru_cache(maxsize=1)
def _code_cache() -> Any:
    from kasgen.template_cache import code_cache, environment_fingerprint

    return code_cache(environment_fingerprint(environment()))


def _compile(source: str) -> Any:
    from kasgen.template_cache import cached_code

    env = environment()
    code = cached_code(_code_cache(), source, env.compile)
    return env.template_class.from_code(env, code, env.make_globals(None), None)


def _template_line(exc: BaseException) -> int | str:
    """The template line of the innermost frame Jinja attributed to the template."""
    line: int | str = "?"
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
