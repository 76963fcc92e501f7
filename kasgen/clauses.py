"""The clause library: clauses as data, their conditions, and selection for a profile.

A clause file (``templates/clauses/*.yaml``) holds clauses of one part::

    part: principles
    clauses:
      - id: principles.respect
        order: 20
        when: {channels: [phone]}        # optional; see Condition
        title: {lt: ..., en: ...}
        text: {lt: ..., en: ...}         # Jinja2 + kasgen markup, see docs/clause-authoring.md
        indicators: [...]                # optional; rows of the monitoring plan

Custom folders come first in the search path and replace bundled clauses with the same id.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kasgen.errors import ClauseError
from kasgen.profile import Channel, ClientGroup, Profile, Sector, Voice
from kasgen.resources import data_dir

LANGS = ("lt", "en")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Localized(_Strict):
    lt: str
    en: str


class Condition(_Strict):
    """When a clause applies. Keys are AND-ed; a list means any of its values.

    An empty condition always applies.
    """

    channels: list[Channel] | None = None
    sector: list[Sector] | None = None
    public: bool | None = None
    groups: list[ClientGroup] | None = None
    custom_groups: bool | None = None
    multi_branch: bool | None = None
    voice: list[Voice] | None = None
    signature_behaviours: bool | None = None
    monitoring: list[str] | None = None
    nps: bool | None = None
    pay_link: bool | None = None

    def reasons(self, profile: Profile) -> list[str] | None:
        """The reasons this condition holds for the profile, or None when it does not hold."""
        reasons: list[str] = []
        checks: list[tuple[bool, str]] = []
        if self.channels is not None:
            hit = [c.value for c in self.channels if c in profile.channels]
            checks.append((bool(hit), f"channels contains {' or '.join(hit)}"))
        if self.sector is not None:
            s = profile.organisation.sector
            checks.append((s in self.sector, f"sector is {s.value}"))
        if self.public is not None:
            pub = profile.organisation.is_public
            checks.append(
                (pub == self.public, "the organisation is a public body" if pub else "the organisation is not a public body")
            )
        if self.groups is not None:
            hit = [g.value for g in self.groups if g in profile.client_groups]
            checks.append((bool(hit), f"client_groups contains {' or '.join(hit)}"))
        if self.custom_groups is not None:
            has = bool(profile.custom_client_groups)
            checks.append((has == self.custom_groups, "custom client groups are declared" if has else "no custom client groups"))
        if self.multi_branch is not None:
            checks.append(
                (profile.multi_branch == self.multi_branch,
                 f"there are {len(profile.branches)} branches")
            )
        if self.voice is not None:
            v = profile.brand.voice
            checks.append((v in self.voice, f"brand voice is {v.value}"))
        if self.signature_behaviours is not None:
            has = bool(profile.brand.signature_behaviours)
            checks.append((has == self.signature_behaviours, "signature behaviours are declared"))
        if self.monitoring is not None:
            methods = [m.value for m in profile.monitoring.methods]
            hit = [m for m in self.monitoring if m in methods]
            checks.append((bool(hit), f"monitoring methods contain {' or '.join(hit)}"))
        if self.nps is not None:
            checks.append((profile.monitoring.nps == self.nps, "NPS is chosen"))
        if self.pay_link is not None:
            checks.append((profile.monitoring.pay_link == self.pay_link, "results are linked to pay"))
        for ok, reason in checks:
            if not ok:
                return None
            reasons.append(reason)
        return reasons


class Indicator(_Strict):
    """A row of the monitoring plan, declared by the clause whose norm it measures."""

    id: str
    norm: str | None = Field(
        default=None, description="Id of the clause whose norm this measures; default: the declaring clause."
    )
    when: Condition = Field(default_factory=Condition)
    name: Localized
    formula: Localized
    target: Localized
    method: Localized
    source: Localized
    frequency: Localized
    owner: Localized


class Check(_Strict):
    """A mystery-shopper check item for the clause's norm."""

    id: str
    channel: Channel | Literal["complaint", "accessibility"]
    when: Condition = Field(default_factory=Condition)
    text: Localized


class Clause(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
    part: str = ""
    order: int
    when: Condition = Field(default_factory=Condition)
    title: Localized
    text: Localized
    indicators: list[Indicator] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    source: str = ""


class _ClauseFile(_Strict):
    part: str
    clauses: list[dict[str, Any]]


@dataclass(frozen=True)
class SelectedClause:
    clause: Clause
    reasons: list[str]


def load_library(extra_dirs: list[Path] | None = None) -> dict[str, Clause]:
    """Load the bundled clauses, then each extra folder (later folders override earlier ones)."""
    library: dict[str, Clause] = {}
    folders = [data_dir("templates") / "clauses", *(extra_dirs or [])]
    for folder in folders:
        if not folder.is_dir():
            raise ClauseError(f"{folder}: clause folder not found")
        seen_here: dict[str, Path] = {}
        for path in sorted(folder.glob("*.yaml")):
            for clause in _load_file(path):
                if clause.id in seen_here:
                    raise ClauseError(
                        f"{path}: clause id {clause.id!r} is also defined in {seen_here[clause.id]}"
                    )
                seen_here[clause.id] = path
                library[clause.id] = clause
    return library


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FILE_CACHE: dict[tuple[str, int, int], list[Clause]] = {}


def _load_file(path: Path) -> list[Clause]:
    """Parse one clause file; parsed files are cached by path, size and modification time."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _FILE_CACHE:
        _FILE_CACHE[key] = _parse_file(path)
    return _FILE_CACHE[key]


def _parse_file(path: Path) -> list[Clause]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - safe loader
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ClauseError(f"{path}: not valid YAML: {exc}") from None
    try:
        parsed = _ClauseFile.model_validate(data)
    except ValidationError as exc:
        raise ClauseError(f"{path}: {_first_error(exc)}") from None
    clauses = []
    for i, raw in enumerate(parsed.clauses):
        try:
            if not isinstance(raw, dict):
                raise ClauseError(f"{path}: clause #{i + 1} is not a mapping")
            clause = Clause.model_validate({"part": parsed.part, **raw, "source": path.name})
        except ValidationError as exc:
            ident = raw.get("id", f"#{i + 1}") if isinstance(raw, dict) else f"#{i + 1}"
            raise ClauseError(f"{path}: clause {ident}: {_first_error(exc)}") from None
        clauses.append(clause)
    return clauses


def _first_error(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors(include_url=False)[:3]:
        loc = ".".join(str(p) for p in err["loc"])
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)


def select(
    library: dict[str, Clause],
    profile: Profile,
    part_order: list[str],
    excluded_parts: set[str] | frozenset[str] = frozenset(),
) -> list[SelectedClause]:
    """The clauses that apply to the profile, in document order, each with its reasons.

    ``part_order`` lists the parts in document order; clauses of ``excluded_parts`` (parts whose
    own condition does not hold) are left out.
    """
    rank = {part: i for i, part in enumerate(part_order)}
    chosen = []
    for clause in library.values():
        if clause.part not in rank:
            raise ClauseError(f"clause {clause.id}: unknown part {clause.part!r}")
        if clause.part in excluded_parts:
            continue
        reasons = clause.when.reasons(profile)
        if reasons is None:
            continue
        chosen.append(SelectedClause(clause, reasons or ["always included"]))
    chosen.sort(key=lambda s: (rank[s.clause.part], s.clause.order, s.clause.id))
    return chosen
