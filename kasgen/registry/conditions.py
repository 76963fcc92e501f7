"""Conditions: when a part, section, norm, phrase or check applies to an organisation.

A condition is data (``when: {channels: [phone], size: [medium, large]}``). Its keys are AND-ed; a
list means "any of these values"; ``any:`` holds alternatives and ``not:`` a condition that must not
hold. Conditions are evaluated against :class:`Facts`, the few facts about an organisation that
content may depend on, derived once from the profile. Every value is checked against the domain
data, so a misspelt sector, channel or setting is an error, never a silently dropped clause.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kasgen.domain import SIZES, domain

Size = Literal["micro", "small", "medium", "large"]
_VOICES = ("formal", "neutral", "warm", "friendly")
_METHODS = (
    "satisfaction_survey", "hard_indicators", "mystery_shopping", "employee_assessment",
    "additional_research", "timeliness", "social_media_monitoring",
)
_LEVELS = (
    "in_person.greet_within_seconds", "in_person.max_wait_minutes", "in_person.appointment_wait_minutes",
    "phone.answer_within_rings", "phone.answer_within_seconds", "phone.max_hold_seconds",
    "phone.callback_within_hours",
    *(f"{c}.{k}" for c in ("email", "post", "web_form")
      for k in ("acknowledge_within_working_days", "reply_within_working_days")),
    "web_chat.first_reply_within_minutes", "web_chat.hours", "social_media.reply_within_hours",
    "complaints.acknowledge_within_working_days", "complaints.resolve_within_working_days",
)


@dataclass(frozen=True)
class Facts:
    """What content may depend on, derived from a profile (see :func:`kasgen.facts.facts_for`)."""

    channels: frozenset[str]
    sector: str
    public: bool
    groups: frozenset[str]
    custom_groups: bool
    multi_branch: bool
    branches: int
    voice: str
    address: str
    signature_behaviours: bool
    monitoring: frozenset[str]
    nps: bool
    pay_link: bool
    kind: str
    size: str
    levels: frozenset[str]
    situations: bool
    settings: frozenset[str] = frozenset()
    services: bool = False


#: Keys whose value is a list of alternatives, with the domain values each may hold.
@lru_cache(maxsize=1)
def _allowed() -> dict[str, tuple[str, ...]]:
    d = domain()
    return {
        "channels": tuple(d.channels),
        "sector": tuple(d.sectors),
        "groups": tuple(d.groups),
        "voice": _VOICES,
        "address": ("formal", "first_name", "informal"),
        "monitoring": _METHODS,
        "kinds": tuple(d.kinds),
        "size": SIZES,
        "levels": _LEVELS,
        "settings": tuple(d.settings),
    }


_BOOL_KEYS = ("public", "custom_groups", "multi_branch", "branches", "signature_behaviours", "nps",
              "pay_link", "situations", "services")


class Condition(BaseModel):
    """When something applies. An empty condition always applies."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    channels: list[str] | None = None
    sector: list[str] | None = None
    public: bool | None = None
    groups: list[str] | None = None
    custom_groups: bool | None = None
    multi_branch: bool | None = None
    branches: bool | None = Field(default=None, description="true: at least one branch")
    voice: list[str] | None = None
    address: list[str] | None = Field(default=None, description="form of address: formal, first_name, informal")
    signature_behaviours: bool | None = None
    monitoring: list[str] | None = None
    nps: bool | None = None
    pay_link: bool | None = None
    kinds: list[str] | None = None
    size: list[Size] | None = None
    levels: list[str] | None = None
    situations: bool | None = None
    services: bool | None = Field(default=None, description="true: the answers name key services")
    settings: list[str] | None = None
    any_of: list[Condition] | None = Field(default=None, alias="any")
    not_: Condition | None = Field(default=None, alias="not")

    @model_validator(mode="after")
    def _known_values(self) -> Condition:
        given = self.model_fields_set  # the keys the clause wrote (a registry has ~1,500 conditions)
        for key, allowed in _allowed().items():
            if key not in given:
                continue
            values = getattr(self, key)
            if values is None:
                continue
            if not values:
                raise ValueError(f"{key}: an empty list never holds; leave the key out")
            unknown = [v for v in values if v not in allowed]
            if unknown:
                raise ValueError(f"{key}: unknown value(s) {', '.join(map(repr, unknown))}; "
                                 f"known: {', '.join(allowed)}")
        return self

    @property
    def empty(self) -> bool:
        return not self.model_dump(exclude_none=True, by_alias=True)

    def holds(self, f: Facts) -> bool:
        return self._failed(f) is None

    def _failed(self, f: Facts) -> str | None:
        """The first key that does not hold, or None when the whole condition holds."""
        lists: dict[str, Any] = {
            "channels": f.channels, "groups": f.groups, "monitoring": f.monitoring,
            "levels": f.levels, "settings": f.settings,
        }
        for key, present in lists.items():
            wanted = getattr(self, key)
            if wanted is not None and not present.intersection(wanted):
                return key
        single = {"sector": f.sector, "voice": f.voice, "address": f.address, "kinds": f.kind,
                  "size": f.size}
        for key, value in single.items():
            wanted = getattr(self, key)
            if wanted is not None and value not in wanted:
                return key
        bools = {
            "public": f.public, "custom_groups": f.custom_groups, "multi_branch": f.multi_branch,
            "branches": f.branches > 0, "signature_behaviours": f.signature_behaviours,
            "nps": f.nps, "pay_link": f.pay_link, "situations": f.situations, "services": f.services,
        }
        for key, flag in bools.items():
            wanted = getattr(self, key)
            if wanted is not None and flag != wanted:
                return key
        if self.any_of is not None and not any(c.holds(f) for c in self.any_of):
            return "any"
        if self.not_ is not None and self.not_.holds(f):
            return "not"
        return None

    def keys(self) -> dict[str, Any]:
        """The condition as plain data (aliases as written in the files)."""
        return self.model_dump(exclude_none=True, by_alias=True)


def all_hold(conditions: list[Condition], f: Facts) -> bool:
    return all(c.holds(f) for c in conditions)


def implies(conditions: list[Condition], scope: Condition) -> bool:
    """Whether conditions that all hold guarantee ``scope`` (a simple condition, no any/not).

    Used by the lint: a norm that names a till must be guaranteed a till. A list key is implied
    when some condition restricts the same key to a subset of the scope's values (or, for the
    settings key, names one of them); a yes/no key when some condition requires the same value.
    """
    conditions = _with_setting_definitions(conditions)
    for key, wanted in scope.keys().items():
        if key in ("any", "not"):
            return False
        ok = False
        for c in conditions:
            have = getattr(c, key, None)
            if have is None:
                continue
            if isinstance(wanted, list):
                ok = ok or set(have) <= set(wanted)
            else:
                ok = ok or have == wanted
        if not ok:
            return False
    return True


def _with_setting_definitions(conditions: list[Condition]) -> list[Condition]:
    """Add what a required setting guarantees (a till implies face-to-face service)."""
    out = list(conditions)
    settings = domain().settings
    seen: set[str] = set()
    queue = [c for c in conditions]
    while queue:
        c = queue.pop()
        if c.settings and len(c.settings) == 1 and c.settings[0] not in seen:
            seen.add(c.settings[0])
            definition = Condition.model_validate(settings[c.settings[0]].when)
            out.append(definition)
            queue.append(definition)
    return out


def size_at_least(size: str, minimum: str) -> bool:
    return SIZES.index(size) >= SIZES.index(minimum)
