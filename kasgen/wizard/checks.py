"""Checks answers with the same pydantic models and rules that ``kasgen build`` uses.

* :func:`field_problems` — on the spot, after one answer: the problems of that field alone, found by
  validating the model that contains it (so the sub-model's own rules, such as "acknowledge before
  you reply", apply as soon as both numbers are known).
* :func:`profile_problems` — at the review: everything, including the profile's cross-field rules.

Importing pydantic and building the profile models takes ~0.3 s, longer than questionary itself.
:func:`preload` starts that import in a background thread while the first question is on screen;
every function here waits for it (see :func:`_models`).
"""

from __future__ import annotations

import enum
import sys
import threading
import typing
from types import ModuleType
from typing import Any

from kasgen.wizard import paths

_preload: threading.Thread | None = None


def preload() -> None:
    """Start importing the profile models in the background (idempotent, and a no-op once loaded)."""
    global _preload
    if _preload is None and "kasgen.answers" not in sys.modules:
        _preload = threading.Thread(target=_import, name="kasgen-preload", daemon=True)
        _preload.start()


def _import() -> None:
    import kasgen.answers  # noqa: F401  (imports kasgen.profile and pydantic)
    import kasgen.presets  # noqa: F401


def _models() -> tuple[ModuleType, ModuleType]:
    if _preload is not None:
        _preload.join()
    import kasgen.answers
    import kasgen.profile

    return kasgen.profile, kasgen.answers


def model_at(parts: tuple[paths.Part, ...]) -> tuple[Any, Any]:
    """The pydantic model that holds the field at ``parts``, and that field's FieldInfo.

    Raises:
        KeyError: the path names no field of the profile.
    """
    profile, _ = _models()
    model: Any = profile.Profile
    holder = info = None
    for part in parts:
        if isinstance(part, int):
            continue
        if info is not None:
            model = _inner_model(info.annotation)
        if model is None or part not in model.model_fields:
            raise KeyError(paths.join(*parts))
        holder, info = model, model.model_fields[part]
    if holder is None:
        raise KeyError(paths.join(*parts))
    return holder, info


def _inner_model(annotation: Any) -> Any:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def allowed_values(annotation: Any) -> set[Any] | None:
    """The values an enum or Literal field (or a list of them) accepts; None for free values."""
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return {m.value for m in annotation}
    if typing.get_origin(annotation) is typing.Literal:
        return set(typing.get_args(annotation))
    for arg in typing.get_args(annotation):
        found = allowed_values(arg)
        if found is not None:
            return found
    return None


def model_default(path: str) -> Any:
    """The profile's own default for a field as plain data, or None when it has none."""
    from pydantic_core import PydanticUndefined

    _, info = model_at(paths.split(path))
    if info.default_factory is not None:
        value = info.default_factory()
    elif info.default is PydanticUndefined:
        return None
    else:
        value = info.default
    return _plain(value)


def accepts_none(path: str) -> bool:
    """Whether the field may be left empty (its default is None)."""
    _, info = model_at(paths.split(path))
    return info.default is None and info.default_factory is None


def min_items(path: str) -> int:
    """The fewest items a list field takes (``dos``: 2); 0 when it may be empty."""
    return _length_bound(path, "min_length") or 0


def max_items(path: str) -> int | None:
    """The most items a list field takes (situations: 10), or None when unlimited."""
    return _length_bound(path, "max_length")


def _length_bound(path: str, name: str) -> int | None:
    _, info = model_at(paths.split(path))
    found = [getattr(meta, name) for meta in info.metadata if getattr(meta, name, None) is not None]
    return found[0] if found else None


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def field_problems(answers: dict[str, Any], path: str) -> list[str]:
    """Problems with the answer at ``path``, validated inside the model that contains it.

    Missing fields elsewhere are ignored: the interview has not reached them yet.
    """
    _, answers_mod = _models()
    from pydantic import ValidationError

    parts = paths.split(path)
    holder, _ = model_at(parts)
    parent_path = paths.join(*parts[:-1])
    container = paths.get(answers, parent_path) if parent_path else answers
    try:
        holder.model_validate(container)
    except ValidationError as exc:
        name = parts[-1]
        nested = holder is not _models()[0].Profile
        keep = [
            e for e in exc.errors(include_url=False)
            if e["type"] != "missing"
            and ((e["loc"] and e["loc"][0] == name) or (nested and not e["loc"]))
        ]
        if keep:
            # Absolute locations, so that messages (and the bounds they quote) name the profile field.
            for error in keep:
                error["loc"] = (*parts[:-1], *error["loc"])
            subset = ValidationError.from_exception_data(exc.title, keep)  # type: ignore[arg-type]
            return answers_mod.format_validation_error(subset)
    return []


def profile_problems(answers: dict[str, Any]) -> list[tuple[str, str]]:
    """Every problem of the complete answers as ``(path, message)``; empty when they validate."""
    profile, answers_mod = _models()
    from pydantic import ValidationError

    try:
        profile.Profile.model_validate(answers)
    except ValidationError as exc:
        result = []
        for line in answers_mod.format_validation_error(exc):
            path, _, message = line.partition(": ")
            result.append((path, message))
        return result
    return []


def preset_levels(answers: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The sector preset's service levels for the sector (and public status) answered so far."""
    profile, _ = _models()
    from kasgen.presets import preset_for

    try:
        sector = profile.Sector(paths.get(answers, "organisation.sector"))
    except (KeyError, ValueError):
        return {}
    public = answers.get("organisation", {}).get("public_body")
    if public is None:
        public = sector in profile.ALWAYS_PUBLIC
    return preset_for(sector, bool(public))


def field_order(parts: tuple[paths.Part, ...]) -> list[str]:
    """The profile's field names, in declaration order, of the mapping at ``parts``."""
    profile, _ = _models()
    if not parts:
        return list(profile.Profile.model_fields)
    _, info = model_at(parts)
    inner = _inner_model(info.annotation)
    return list(inner.model_fields) if inner is not None else []
