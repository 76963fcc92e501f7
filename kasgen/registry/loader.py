"""Loads the norm registry: the bundled files, then each custom folder on the search path.

A registry folder holds YAML files (``*.yaml`` and ``parts/*.yaml``). Each file may contain any of
these top-level keys::

    parts:       the parts of the standard and the management annex, in order (layout.yaml)
    part:        the id of the part whose `sections` this file holds
    sections:    sections with their norms, text blocks and generated views
    phrases:     phrase-bank entries
    situations:  entries of the "What to do if…" index
    scenarios:   mystery-shopping scenarios
    questions:   survey questions
    letters:     written templates
    cards:       cards per channel and role
    definitions: defined terms (the definitions table)

So everything about one part (its sections, phrases, index entries, letters) can live in its own
file. A custom folder adds entries, or replaces bundled ones with the same id.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kasgen import domain, limits
from kasgen.errors import ClauseError
from kasgen.inputs import InputProblem, read_limited
from kasgen.registry import conditions as conditions_module
from kasgen.registry import model as model_module
from kasgen.registry.model import (
    Card,
    Definition,
    Letter,
    Norm,
    PartSpec,
    Phrase,
    ScenarioSpec,
    Section,
    SituationEntry,
    SurveyQuestion,
)
from kasgen.resources import data_dir, load_yaml_text
from kasgen.strict_yaml import YamlProblem
from kasgen.template_cache import cached_object, code_fingerprint

M = TypeVar("M", bound=BaseModel)

#: Files with a list of items keyed by id: file stem -> (top-level key, model).
_LISTS: dict[str, tuple[str, type[BaseModel]]] = {
    "phrases": ("phrases", Phrase),
    "situations": ("situations", SituationEntry),
    "scenarios": ("scenarios", ScenarioSpec),
    "survey": ("questions", SurveyQuestion),
    "letters": ("letters", Letter),
    "cards": ("cards", Card),
    "definitions": ("definitions", Definition),
}


@dataclass
class Registry:
    """Everything the documents are made of, indexed by id."""

    parts: list[PartSpec]
    sections: dict[str, Section]
    phrases: dict[str, Phrase]
    situations: dict[str, SituationEntry]
    scenarios: dict[str, ScenarioSpec]
    survey: dict[str, SurveyQuestion]
    letters: dict[str, Letter]
    cards: dict[str, Card]
    definitions: dict[str, Definition] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    version: str = ""

    @cached_property
    def citable(self) -> frozenset[str]:
        """Every id ``ref()`` may cite: sections, norms and parts (read once loading is done)."""
        return frozenset({*self.sections, *self.norm_index(), *(p.id for p in self.parts)})

    def norm_index(self) -> dict[str, tuple[Section, Norm]]:
        """Norm id -> (its section, the norm)."""
        return {n.id: (s, n) for s in self.sections.values() for n in s.norms()}

    def sections_of(self, part: str) -> list[Section]:
        return sorted((s for s in self.sections.values() if s.part == part),
                      key=lambda s: (s.order, s.id))


def file_schema() -> dict[str, Any]:
    """The JSON Schema of a registry file, for editor autocompletion (``kasgen schema --registry``)."""
    from pydantic import ConfigDict, create_model

    fields: dict[str, Any] = {
        "parts": (list[PartSpec] | None, None),
        "part": (str | None, None),
        "sections": (list[Section] | None, None),
    }
    for _, (key, model) in _LISTS.items():
        fields[key] = (list[model] | None, None)  # type: ignore[valid-type]
    registry_file = create_model("RegistryFile", __config__=ConfigDict(extra="forbid"), **fields)
    schema: dict[str, Any] = registry_file.model_json_schema(by_alias=True)
    return schema


def bundled_dir() -> Path:
    return data_dir("templates") / "registry"


def load_registry(extra_dirs: list[Path] | None = None) -> Registry:
    """The bundled registry with each custom folder applied in order (later folders win).

    A registry read before from the same files is taken from the on-disk cache
    (:func:`~kasgen.template_cache.cached_object`): validating its 300-odd entries took about a
    tenth of a build."""
    folders = [bundled_dir(), *(extra_dirs or [])]
    sources: list[list[tuple[Path, bytes]]] = []
    digest = hashlib.sha256()
    for i, folder in enumerate(folders):
        if not folder.is_dir():
            raise ClauseError(f"{folder}: registry folder not found")
        if i == 0 and not (folder / "layout.yaml").is_file():
            raise ClauseError(f"{folder}: layout.yaml is missing")
        sources.append([(path, _read_bytes(path)) for path in registry_files(folder)])
        for path, data in sources[-1]:
            digest.update(path.name.encode())
            digest.update(data)
    key = f"registry {digest.hexdigest()} {[str(f.resolve()) for f in folders]}"
    fingerprint = code_fingerprint(conditions_module, model_module, domain, sys.modules[__name__])
    return cached_object("registry", fingerprint, key, lambda: _validated(sources, digest.hexdigest()[:16]),
                         Registry, _share_equal_leaves)


def _validated(sources: list[list[tuple[Path, bytes]]], version: str) -> Registry:
    """Read and validate every file of every folder, in order (a later folder's entry replaces
    an earlier one with the same id)."""
    reg = Registry([], {}, {}, {}, {}, {}, {}, {})
    for files in sources:
        seen: dict[tuple[str, str], Path] = {}  # (kind, id) -> the file of this folder that defines it
        for path, data in files:
            _apply(reg, path, seen, data)
            reg.files.append(path)
    owners: dict[str, str] = {}
    for section in reg.sections.values():
        for norm in section.norms():
            if norm.id in owners:
                raise ClauseError(f"norm id {norm.id!r} is in sections {owners[norm.id]} and {section.id}")
            owners[norm.id] = section.id
    known = {p.id for p in reg.parts}
    for section in reg.sections.values():
        if section.part not in known:
            raise ClauseError(f"{section.source}: section {section.id}: unknown part {section.part!r}")
    reg.version = version
    return reg


def _share_equal_leaves(reg: Registry) -> None:
    """Let equal conditions and texts be one object, which the pickle then stores once: of some
    1,100 conditions 150 differ (most entries apply always), and reading the registry back took
    a third less time. The models are frozen, so sharing them changes nothing else."""
    leaves = (conditions_module.Condition, domain.Localized)
    shared: dict[tuple[Any, ...], BaseModel] = {}

    def canonical(value: Any) -> Any:
        if isinstance(value, BaseModel):
            fields = value.__dict__
            for name, item in fields.items():
                fields[name] = canonical(item)
            if type(value) in leaves:
                return shared.setdefault((type(value), repr(value), frozenset(value.model_fields_set)), value)
        elif isinstance(value, list):
            value[:] = [canonical(item) for item in value]
        elif isinstance(value, dict):
            for name, item in value.items():
                value[name] = canonical(item)
        return value

    for name in ("parts", "sections", "phrases", "situations", "scenarios", "survey", "letters", "cards",
                 "definitions"):
        canonical(getattr(reg, name))


def registry_files(folder: Path) -> list[Path]:
    """A registry folder's files in the order they apply: the top level, then ``parts/``."""
    top = sorted(p for p in folder.glob("*.yaml"))
    parts = sorted((folder / "parts").glob("*.yaml")) if (folder / "parts").is_dir() else []
    return top + parts


_PARSED: dict[tuple[str, int, int], Any] = {}


def _read_bytes(path: Path) -> bytes:
    """A registry file's bytes: a regular file within the clause file size limit (a named pipe
    in a custom folder must not block the build, nor a huge file fill the memory)."""
    try:
        return read_limited(path, limits.CLAUSE_FILE_BYTES, "clause file")
    except InputProblem as exc:
        raise ClauseError(f"{path}: {exc}") from None


def read(path: Path, raw: bytes | None = None) -> Any:
    """Parse a registry file (cached by path, size and modification time within a process)."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _PARSED:
        try:
            text = (raw if raw is not None else _read_bytes(path)).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ClauseError(f"{path}: not UTF-8 text: {exc}") from None
        try:
            _PARSED[key] = load_yaml_text(text)
        except YamlProblem as exc:
            raise ClauseError(f"{path}: {'; '.join(exc.problems)}") from None
    return _PARSED[key]


def _apply(reg: Registry, path: Path, seen: dict[tuple[str, str], Path], raw: bytes | None = None) -> None:
    """Add one file's content: layout, a part's sections and/or lists of phrases, cards…"""
    data = read(path, raw)
    if not isinstance(data, dict):
        raise ClauseError(f"{path}: expected a mapping at the top")
    known = {"parts", "part", "sections", *(key for key, _ in _LISTS.values())}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ClauseError(f"{path}: unknown top-level key(s) {', '.join(unknown)}; "
                          f"known: {', '.join(sorted(known))}")
    if "parts" in data:
        reg.parts = [_model(PartSpec, p, path, f"parts #{i + 1}") for i, p in enumerate(_list(data, "parts", path))]
    if "part" in data or "sections" in data:
        part = data.get("part")
        if not isinstance(part, str):
            raise ClauseError(f"{path}: a file with sections needs `part: <id>`")
        for i, raw in enumerate(_list(data, "sections", path)):
            if not isinstance(raw, dict):
                raise ClauseError(f"{path}: section #{i + 1} is not a mapping")
            section = _model(Section, {**raw, "part": part, "source": path.name}, path,
                             f"section {raw.get('id', f'#{i + 1}')}")
            _once(seen, "section", section.id, path)
            reg.sections[section.id] = section
    for attr, (key, model) in _LISTS.items():
        if key not in data:
            continue
        target: dict[str, Any] = getattr(reg, attr)
        for i, raw in enumerate(_list(data, key, path)):
            label = raw.get("id", f"#{i + 1}") if isinstance(raw, dict) else f"#{i + 1}"
            item = _model(model, raw, path, f"{key} {label}")
            ident = getattr(item, "id")
            _once(seen, key, ident, path)
            target[ident] = item


def _once(seen: dict[tuple[str, str], Path], kind: str, ident: str, path: Path) -> None:
    """Within one folder an id is defined once; a later folder may replace it on purpose."""
    if (kind, ident) in seen:
        raise ClauseError(f"{path}: {kind} id {ident!r} is also defined in {seen[(kind, ident)]}")
    seen[(kind, ident)] = path


def _list(data: dict[str, Any], key: str, path: Path) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        raise ClauseError(f"{path}: `{key}` must be a list")
    return value


def _model(model: type[M], raw: Any, path: Path, where: str) -> M:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False)[:3]:
            loc = ".".join(str(p) for p in err["loc"] if not str(p).startswith("function-"))
            problems.append(f"{loc}: {err['msg']}" if loc else err["msg"])
        raise ClauseError(f"{path}: {where}: " + "; ".join(problems)) from None
