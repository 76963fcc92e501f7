"""Reads an answers file (YAML) and validates it into a :class:`~kasgen.profile.Profile`.

Every problem becomes one line that starts with the field path, so a person editing the file by
hand knows where to look: ``service_levels.phone.answer_within_rings: must be between 1 and 10``.
"""

from __future__ import annotations

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
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)


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
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise AnswersError(
                source, [f"not UTF-8 text (byte {exc.start}); save the file as UTF-8"]
            ) from None
    else:
        text = raw
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        if "\t" in text:
            problem = problem.replace("'\\t'", "tab") + " (indent with spaces, not tabs)"
        raise AnswersError(source, [f"{where}{problem}"]) from None
    except yaml.YAMLError as exc:
        raise AnswersError(source, [f"invalid YAML: {exc}"]) from None
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
        lines.append(f"{loc or '(top level)'}: {_friendly(kind, msg, error)}")
    return lines


def _friendly(kind: str, msg: str, error: dict[str, Any]) -> str:
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return "unknown key (check the spelling; `kasgen schema` lists the valid keys)"
    if kind == "missing":
        return "is required"
    if kind == "enum":
        return f"must be one of {ctx.get('expected', '')}, not {error.get('input')!r}"
    if kind.startswith(("greater", "less")):
        low, high = _bounds(error["loc"])
        if low is not None and high is not None:
            return f"must be between {low} and {high}, not {error.get('input')!r}"
        return msg[0].lower() + msg[1:]
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"must be a whole number, not {error.get('input')!r}"
    if kind in {"list_type"}:
        return "must be a list (one `- item` per line)"
    if kind in {"string_type"}:
        return f"must be text, not {error.get('input')!r}"
    if kind in {"bool_parsing", "bool_type"}:
        return f"must be true or false, not {error.get('input')!r}"
    if kind.startswith("date"):
        return f"must be a date written as YYYY-MM-DD, not {error.get('input')!r}"
    if kind == "model_type" or kind == "dict_type":
        return "must be a mapping of keys to answers"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
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
