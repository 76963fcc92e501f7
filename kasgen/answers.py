"""Reads an answers file (YAML) and validates it into a :class:`~kasgen.profile.Profile`.

Every problem becomes one line that starts with the field path, so a person editing the file by
hand knows where to look: ``service_levels.phone.answer_within_rings: must be between 1 and 10``.

The file is read as YAML without YAML 1.1's surprises: a number with a leading zero (``015``,
octal 13), base-60 numbers (``1:30`` = 90), ``yes``/``no``/``on``/``off`` as booleans, ``true``
where a number belongs and explicit tags (``!!binary``, ``!!set``, ``!!str`` ...) are refused with
a message saying how to write the value, and the limits of :mod:`kasgen.limits` (size, nesting,
list lengths, values after alias expansion, dates) are checked before validation starts.
"""

from __future__ import annotations

import datetime as dt
import reprlib
import types
import typing
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from kasgen import limits, strict_yaml
from kasgen.errors import AnswersError
from kasgen.inputs import InputProblem, read_limited
from kasgen.profile import Profile


def read_answers(path: str | Path) -> dict[str, Any]:
    """Parse an answers file into plain data, raising :class:`AnswersError` on unreadable input."""
    path = Path(path)
    source = str(path)
    from kasgen.answers_save import remember_read

    try:
        raw = read_limited(path, limits.ANSWERS_FILE_BYTES, "answers file")
    except InputProblem as exc:
        raise AnswersError(source, [str(exc)]) from None
    remember_read(path, raw)  # the base when the wizard merges its saves (kasgen.answers_save)
    return parse_answers(raw, source)


def parse_answers(raw: bytes | str, source: str = "<answers>") -> dict[str, Any]:
    """Parse answers-file text (bytes must be UTF-8) into plain data within :mod:`kasgen.limits`."""
    if len(raw) > limits.ANSWERS_FILE_BYTES:
        raise AnswersError(source, [
            f"is {limits.size_text(len(raw))}; an answers file may be at most "
            f"{limits.size_text(limits.ANSWERS_FILE_BYTES)}"
        ])
    if isinstance(raw, bytes):
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise AnswersError(source, ["line 1: the file is UTF-16 text; save it as UTF-8"])
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            start = exc.start
            good = raw[:start].decode("utf-8-sig", errors="replace")
            raise AnswersError(
                source,
                [f"{strict_yaml.where(good, len(good))}: not UTF-8 text (byte {start}); save the file as UTF-8"],
            ) from None
    else:
        text = raw
    try:
        data = strict_yaml.load(text)
    except strict_yaml.YamlProblem as exc:
        raise AnswersError(source, exc.problems) from None
    if data is None:
        raise AnswersError(source, ["the file is empty"])
    if not isinstance(data, dict):
        raise AnswersError(source, ["the top level must be a mapping of keys to answers"])
    problems = limits.data_problems(data)
    if problems:
        raise AnswersError(source, problems)
    return data


def validate_answers(data: dict[str, Any], source: str = "<answers>") -> Profile:
    """Validate plain answers data into a profile, raising :class:`AnswersError` with every problem.

    Besides the profile's own rules: ``true`` where a number belongs (pydantic would read it as
    1) and dates outside the window of :mod:`kasgen.limits` are problems too.

    Each problem names the field by its label and its place in the file, in the answers' own
    language (see :func:`answers_language`): ``Padalinys Nr. 2 → adresas (branches[2].address):
    būtina užpildyti``.
    """
    coerced = list(_typed_problems(data, Profile, ()))
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        raise AnswersError(source, _described(data, coerced + format_validation_error(exc))) from None
    except RecursionError:
        raise AnswersError(source, ["(top level): nested too deeply to validate"]) from None
    if coerced:
        raise AnswersError(source, _described(data, coerced))
    return profile


def _described(data: Any, lines: list[str]) -> list[str]:
    """Problem lines as people read them: label, place in the file, the answers' own language."""
    from kasgen.problems import describe

    lang = answers_language(data)
    return [describe(line, lang) for line in lines]


def _typed_problems(value: Any, annotation: Any, parts: tuple[Any, ...]) -> Iterator[str]:
    """Values that pydantic would coerce quietly: a boolean for a number, a date out of range.

    Walks the data along the model's field annotations (unwrapping ``X | None``, ``list[X]`` and
    nested models); anything else is left to pydantic.
    """
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from _typed_problems(value, typing.get_args(annotation)[0], parts)
    elif origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                yield from _typed_problems(value, arg, parts)
    elif origin is list and isinstance(value, list):
        (item_type,) = typing.get_args(annotation) or (Any,)
        for i, item in enumerate(value):
            yield from _typed_problems(item, item_type, (*parts, i))
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if isinstance(value, dict):
            for name, field in annotation.model_fields.items():
                if name in value:
                    yield from _typed_problems(value[name], field.annotation, (*parts, name))
    elif annotation is int and isinstance(value, bool):
        yield (f"{limits.path_text(parts)}: must be a whole number, not {str(value).lower()} "
               "(true and false are not numbers)")
    elif annotation is dt.date:
        if isinstance(value, dt.datetime):
            return  # pydantic says "without a time"
        day = value if isinstance(value, dt.date) else _iso_date(value)
        if day is not None and not limits.EARLIEST_DATE <= day <= limits.LATEST_DATE:
            yield (f"{limits.path_text(parts)}: must be between {limits.EARLIEST_DATE.isoformat()} "
                   f"and {limits.LATEST_DATE.isoformat()}, not {_show(day)}")


def _iso_date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def answers_language(data: Any) -> str:
    """The language to speak about an answers file in: the interview's, else the document's, else lt."""
    for section in ("interview", "document"):
        block = data.get(section) if isinstance(data, dict) else None
        language = block.get("language") if isinstance(block, dict) else None
        if language in ("lt", "en"):
            return str(language)
    return "lt"


def load_profile(path: str | Path) -> Profile:
    """Read and validate an answers file."""
    return validate_answers(read_answers(path), str(path))


def format_validation_error(exc: ValidationError) -> list[str]:
    """Turn pydantic's errors into one ``path: message`` line per problem."""
    lines: list[str] = []
    for error in exc.errors(include_url=False):
        loc = limits.path_text(tuple(error["loc"])) if error["loc"] else ""
        msg = error["msg"]
        kind = error["type"]
        if kind == "value_error":
            msg = msg.removeprefix("Value error, ")
            for line in msg.splitlines():
                head, sep, rest = line.partition(": ")
                if sep and " " not in head:
                    path = f"{loc}.{head}" if loc else head
                    lines.append(f"{path}: {rest}")
                else:
                    lines.append(f"{loc or '(top level)'}: {line}")
            continue
        friendly = " ".join(_friendly(kind, msg, error).split())
        lines.append(f"{loc or '(top level)'}: {friendly}")
    return lines


_repr = reprlib.Repr()
_repr.maxstring = 60
_repr.maxother = 60
_repr.maxlist = _repr.maxdict = _repr.maxtuple = _repr.maxset = 4
_repr.maxlevel = 2


def _show(value: Any) -> str:
    """A short, one-line rendering of the offending input (it may be huge or nested)."""
    if isinstance(value, dt.date):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return _repr.repr(value)


def _friendly(kind: str, msg: str, error: Mapping[str, Any]) -> str:
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "extra_forbidden":
        return "unknown key (check the spelling; `kasgen schema` lists the valid keys)"
    if kind == "missing":
        return "is required"
    if kind in {"enum", "literal_error"}:
        return f"must be one of {ctx.get('expected', '')}, not {_show(value)}"
    if kind.startswith(("greater", "less")):
        low, high = _bounds(error["loc"])
        if low is not None and high is not None:
            return f"must be between {low} and {high}, not {_show(value)}"
        return msg[0].lower() + msg[1:]
    if kind in {"int_parsing", "int_type", "int_from_float", "int_parsing_size"}:
        return f"must be a whole number, not {_show(value)}"
    if kind in {"list_type"}:
        return "must be a list (one `- item` per line)"
    if kind in {"string_type"}:
        if value is None:
            return "must not be empty"
        if isinstance(value, (bool, int, float, dt.date)):
            return f"must be text, not {_show(value)}; put the value in quotes"
        return f"must be text, not {_show(value)}"
    if kind == "string_unicode":
        return "contains an unpaired surrogate (a broken \\u escape); remove it"
    if kind == "string_pattern_mismatch" and error["loc"][-1:] == ("version",):
        return f"must be a version number such as 1.0 or 2.1.3, not {_show(value)}"
    if kind == "string_pattern_mismatch":
        return f"does not have the expected form ({ctx.get('pattern')}), not {_show(value)}"
    if kind in {"bool_parsing", "bool_type"}:
        return f"must be true or false, not {_show(value)}"
    if kind.startswith("date"):
        _, _, detail = msg.partition(", ")
        extra = f" ({detail})" if detail and kind != "date_from_datetime_inexact" else ""
        if kind == "date_from_datetime_inexact":
            extra = " (without a time)"
        return f"must be a date written as YYYY-MM-DD, not {_show(value)}{extra}"
    if kind == "model_type" or kind == "dict_type":
        return "must be a mapping of keys to answers"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    if kind == "too_short":
        return f"must list at least {ctx.get('min_length')} item(s), not {ctx.get('actual_length')}"
    if kind == "too_long":
        return f"must list at most {ctx.get('max_length')} item(s), not {ctx.get('actual_length')}"
    return msg[0].lower() + msg[1:]


def _bounds(loc: tuple[Any, ...]) -> tuple[Any, Any]:
    """Find the ge/le bounds of the field at ``loc`` in the profile model."""
    model: Any = Profile
    field = None
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None, None
        field = model.model_fields.get(str(part))
        if field is None:
            return None, None
        model = field.annotation
        for arg in typing.get_args(model) or ():
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                model = arg
    low = high = None
    for meta in field.metadata if field else ():
        low = getattr(meta, "ge", low) if getattr(meta, "ge", None) is not None else low
        high = getattr(meta, "le", high) if getattr(meta, "le", None) is not None else high
    return low, high
