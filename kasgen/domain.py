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
from kasgen.resources import data_dir, load_yaml_text

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


class DomainData(StrictData):
    """Base of the domain files' models: their validators are built only when the files must be
    validated, since a build takes the validated domain from the cache (:func:`domain`)."""

    model_config = ConfigDict(defer_build=True)


class SectorSpec(DomainData):
    label: Localized
    public: Literal["always", "never", "optional"]
    kind: str
    client: str
    presets: dict[str, dict[str, Any]] = {}


class KindSpec(DomainData):
    sectors: list[str]
    term: str
    branch: str
    client: str | None = None
    label: Localized


class ChannelSpec(DomainData):
    label: Localized
    name: Localized
    by: Localized
    written: bool


class GroupSpec(DomainData):
    label: Localized
    disability: bool


class SettingSpec(DomainData):
    label: Localized
    when: dict[str, Any]


class LexiconEntry(DomainData):
    id: str
    lt: list[str]
    en: list[str]
    scope: dict[str, Any]


class Domain(DomainData):
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


#: The domain files and the top-level key each holds (None: the whole file).
_FILES = {"sectors": "sectors", "kinds": "kinds", "channels": "channels", "groups": "groups",
          "settings": "settings", "terms": "terms", "lexicon": "lexicon", "presets": None}


def _load(path: Path, text: str, key: str | None) -> Any:
    data = load_yaml_text(text)
    if key is None:
        return data
    if not isinstance(data, dict) or key not in data:
        raise ClauseError(f"{path}: expected a mapping with the key {key!r}")
    return data[key]


@lru_cache(maxsize=1)
def domain() -> Domain:
    """The bundled domain data (read once per process; validated once per machine and version,
    then taken from the cache, :func:`~kasgen.template_cache.cached_object`)."""
    import hashlib
    import sys

    from kasgen.template_cache import cached_object, code_fingerprint

    folder = data_dir("templates") / "domain"
    texts = {name: (folder / f"{name}.yaml").read_text(encoding="utf-8") for name in _FILES}
    key = hashlib.sha256(repr(sorted(texts.items())).encode()).hexdigest()
    return cached_object("domain", code_fingerprint(sys.modules[__name__]), key,
                         lambda: _validated(folder, texts), Domain)


def _validated(folder: Path, texts: dict[str, str]) -> Domain:
    raw = {name: _load(folder / f"{name}.yaml", texts[name], key) for name, key in _FILES.items()}
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
