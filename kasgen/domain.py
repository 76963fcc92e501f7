"""Domain data: sectors, kinds of organisation, channels, client groups, settings, terms, lexicon.

Everything here is read from ``templates/domain/*.yaml``: a new sector, client group, setting or
grammatical term is a data change. The models are strict, so a typo in a data file is an error
that names the file and the key.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from kasgen.errors import ClauseError
from kasgen.resources import data_dir, load_yaml

LANGS = ("lt", "en")
SIZES = ("micro", "small", "medium", "large")


class StrictData(BaseModel):
    """Base of kasgen's own data models (domain, registry, audit rubric): frozen, and a key the
    model does not know is an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(StrictData):
    """A text in each language kasgen writes."""

    lt: str
    en: str

    def get(self, lang: str) -> str:
        return str(getattr(self, lang))


class SectorSpec(StrictData):
    label: Localized
    public: Literal["always", "never", "optional"]
    kind: str
    client: str
    presets: dict[str, dict[str, Any]] = {}


class KindSpec(StrictData):
    sectors: list[str]
    term: str
    branch: str
    client: str | None = None
    label: Localized


class ChannelSpec(StrictData):
    label: Localized
    name: Localized
    by: Localized
    written: bool


class GroupSpec(StrictData):
    label: Localized
    disability: bool


class SettingSpec(StrictData):
    label: Localized
    when: dict[str, Any]


class LexiconEntry(StrictData):
    id: str
    lt: list[str]
    en: list[str]
    scope: dict[str, Any]


class Domain(StrictData):
    """All domain data, validated."""

    sectors: dict[str, SectorSpec]
    kinds: dict[str, KindSpec]
    channels: dict[str, ChannelSpec]
    groups: dict[str, GroupSpec]
    settings: dict[str, SettingSpec]
    terms: dict[str, dict[str, dict[str, Any]]]
    lexicon: list[LexiconEntry]
    presets: dict[str, dict[str, dict[str, Any]]]

    def term(self, name: str, lang: str) -> dict[str, Any]:
        """The grammatical forms of a term in a language."""
        return self.terms[name][lang]

    def default_kind(self, sector: str) -> str:
        return self.sectors[sector].kind


def _load(folder: Path, name: str, key: str) -> Any:
    path = folder / f"{name}.yaml"
    data = load_yaml(path)
    if not isinstance(data, dict) or key not in data:
        raise ClauseError(f"{path}: expected a mapping with the key {key!r}")
    return data[key]


@lru_cache(maxsize=1)
def domain() -> Domain:
    """The bundled domain data (read once per process)."""
    folder = data_dir("templates") / "domain"
    raw = {
        "sectors": _load(folder, "sectors", "sectors"),
        "kinds": _load(folder, "kinds", "kinds"),
        "channels": _load(folder, "channels", "channels"),
        "groups": _load(folder, "groups", "groups"),
        "settings": _load(folder, "settings", "settings"),
        "terms": _load(folder, "terms", "terms"),
        "lexicon": _load(folder, "lexicon", "lexicon"),
        "presets": load_yaml(folder / "presets.yaml"),
    }
    try:
        model = Domain.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ClauseError(f"{folder}: {where}: {first['msg']}") from None
    _check_references(model, folder)
    return model


def _check_references(model: Domain, folder: Path) -> None:
    """Every kind, term and sector a data file names must exist."""
    problems = []
    for sector, spec in model.sectors.items():
        if spec.kind not in model.kinds:
            problems.append(f"sectors.yaml: {sector}: unknown kind {spec.kind!r}")
        if spec.client not in model.terms:
            problems.append(f"sectors.yaml: {sector}: unknown client term {spec.client!r}")
    for kind, k in model.kinds.items():
        for name in (k.term, k.branch, k.client):
            if name is not None and name not in model.terms:
                problems.append(f"kinds.yaml: {kind}: unknown term {name!r}")
        for sector in k.sectors:
            if sector not in model.sectors:
                problems.append(f"kinds.yaml: {kind}: unknown sector {sector!r}")
    for name, term in model.terms.items():
        for lang in LANGS:
            if lang not in term:
                problems.append(f"terms.yaml: {name}: no {lang} forms")
    if problems:
        raise ClauseError(f"{folder}: " + "; ".join(problems))
