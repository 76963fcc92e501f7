"""Reads an answers file (YAML) and validates it into a :class:`~kasgen.profile.Profile`.

Every problem becomes one line that starts with the field path, so a person editing the file by
hand knows where to look: ``service_levels.phone.answer_within_rings: must be between 1 and 10``.
"""

from __future__ import annotations

import datetime as dt
import reprlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kasgen.errors import AnswersError
from kasgen.profile import Profile


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate keys instead of silently keeping the last one."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue  # ``<<: *anchor``: merged keys may be overridden; construct_mapping merges them
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a list or mapping cannot be used as a key", key_node.start_mark
            ) from None
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


def _construct_timestamp(loader: _UniqueKeyLoader, node: yaml.ScalarNode) -> Any:
    """A date or time as PyYAML reads it, or the plain text when it is no real date (2027-02-30).

    PyYAML raises a bare ValueError for an impossible date; kept as text, it reaches the profile,
    which names the field.
    """
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)
_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _where(text: str, index: int) -> str:
    """``line N, column M`` for a character index in ``text``."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


def read_answers(path: str | Path) -> dict[str, Any]:
    """Parse an answers file into plain data, raising :class:`AnswersError` on unreadable input."""
    path = Path(path)
    source = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise AnswersError(source, ["file not found"]) from None
    except IsADirectoryError:
        raise AnswersError(source, ["is a folder, not an answers file"]) from None
    except OSError as exc:
        raise AnswersError(source, [f"cannot be read: {exc.strerror}"]) from None
    return parse_answers(raw, source)


def parse_answers(raw: bytes | str, source: str = "<answers>") -> dict[str, Any]:
    """Parse answers-file text (bytes must be UTF-8) into plain data."""
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
                [f"{_where(good, len(good))}: not UTF-8 text (byte {start}); save the file as UTF-8"],
            ) from None
    else:
        text = raw
    loader: _UniqueKeyLoader | None = None
    try:
        loader = _UniqueKeyLoader(text)  # checks every character before parsing
        data = loader.get_single_data()
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow (NUL, ESC, ...); the position is an index in the text.
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        where, char = _where(text, exc.position), f"U+{code:04X}"
        raise AnswersError(
            source, [f"{where}: the character {char} is not allowed in an answers file; remove it"]
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark: Any = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else "line 1: "
        problem = exc.problem or exc.context or "invalid YAML"
        context, opened = exc.context, exc.context_mark
        if exc.problem and context and context.startswith("expected"):
            problem = f"{context}, {problem}"  # "expected a single document ..., but found another"
        elif exc.problem and context and opened and mark and opened.line != mark.line:
            problem = f"{problem} ({context} that starts on line {opened.line + 1})"
        problem = " ".join(problem.split())
        if "'\\t'" in problem:
            problem = problem.replace("'\\t'", "tab") + " (indent with spaces, not tabs)"
        raise AnswersError(source, [f"{where}{problem}"]) from None
    except RecursionError:
        assert loader is not None
        mark = loader.get_mark()
        raise AnswersError(
            source, [f"line {mark.line + 1}, column {mark.column + 1}: nested too deeply to read"]
        ) from None
    except yaml.YAMLError as exc:
        raise AnswersError(source, ["line 1: invalid YAML: " + " ".join(str(exc).split())]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        raise AnswersError(source, ["the file is empty"])
    if not isinstance(data, dict):
        raise AnswersError(source, ["the top level must be a mapping of keys to answers"])
    return data


def validate_answers(data: dict[str, Any], source: str = "<answers>") -> Profile:
    """Validate plain answers data into a profile, raising :class:`AnswersError` with every problem."""
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise AnswersError(source, format_validation_error(exc)) from None


def load_profile(path: str | Path) -> Profile:
    """Read and validate an answers file."""
    return validate_answers(read_answers(path), str(path))


def format_validation_error(exc: ValidationError) -> list[str]:
    """Turn pydantic's errors into one ``path: message`` line per problem."""
    lines: list[str] = []
    for error in exc.errors(include_url=False):
        loc = ".".join(str(part) for part in error["loc"])
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
    import typing

    from pydantic import BaseModel

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
