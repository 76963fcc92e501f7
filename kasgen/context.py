"""Builds the template context: what clause templates may refer to.

The context is plain data derived from the profile and the language file. Values that came from a
sector preset rather than from the organisation are *marked*: they print as normal numbers but carry
an invisible marker that :mod:`kasgen.markup` turns into a note asking the editor to confirm them.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from kasgen.presets import resolve_service_levels
from kasgen.profile import Profile, Sector
from kasgen.resources import data_dir, load_yaml
from kasgen.textrender import long_date, month_label, render

#: Markers around a value that needs the editor's confirmation: START path SEP value END.
MARK_START, MARK_SEP, MARK_END = "\u2061", "\u2062", "\u2063"

_ORG_KIND = {
    Sector.municipality: "municipality",
    Sector.banking: "bank",
    Sector.insurance: "company",
    Sector.retail: "company",
    Sector.hospitality: "company",
    Sector.telecom: "company",
    Sector.utility: "company",
    Sector.transport: "company",
    Sector.other: "company",
}


class Marked(int):
    """An int that prints with a confirmation marker (see module docstring)."""

    path: str

    def __new__(cls, value: int, path: str) -> Marked:
        obj = super().__new__(cls, value)
        obj.path = path
        return obj

    def __str__(self) -> str:
        return f"{MARK_START}{self.path}{MARK_SEP}{int(self)}{MARK_END}"

    __repr__ = int.__repr__

    def __format__(self, spec: str) -> str:
        return str(self) if not spec else format(int(self), spec)


class Namespace:
    """Keys read as attributes in templates (``sl.phone.answer_within_rings``).

    Not a dict subclass on purpose: ``brand.values`` must be the brand's values, not ``dict.values``.
    """

    def __init__(self, data: dict[str, Any]):
        self.__dict__.update(data)

    def __getitem__(self, name: str) -> Any:
        return self.__dict__[name]

    def __contains__(self, name: object) -> bool:
        return name in self.__dict__

    def __repr__(self) -> str:
        return f"Namespace({self.__dict__!r})"


def _ns(value: Any) -> Any:
    if isinstance(value, dict):
        return Namespace({k: _ns(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_ns(v) for v in value]
    return value


@lru_cache(maxsize=4)
def language_data(lang: str) -> dict[str, Any]:
    """The language file: terms, labels, default role names and speech modules."""
    return load_yaml(data_dir("templates") / "language" / f"{lang}.yaml")


def build_context(profile: Profile, lang: str | None = None) -> dict[str, Any]:
    """Everything a clause template can use, for one profile and output language."""
    lang = lang or profile.document.language.value
    language = language_data(lang)
    levels, defaulted = resolve_service_levels(profile)
    defaulted_set = set(defaulted)
    sl: dict[str, Any] = {}
    for key, value in levels.model_dump(exclude_none=True).items():
        sl[key] = {
            name: Marked(v, f"service_levels.{key}.{name}")
            if isinstance(v, int) and f"service_levels.{key}.{name}" in defaulted_set
            else v
            for name, v in value.items()
        }

    if "web_chat" in sl and not sl["web_chat"].get("hours"):
        sl["web_chat"]["hours"] = language["default_chat_hours"]
    org = profile.organisation
    kind = _ORG_KIND.get(org.sector, "institution")
    labels = language["labels"]
    branch_kind = "eldership" if org.sector == Sector.municipality else "branch"

    roles_context = {
        "org": _ns({**org.model_dump(mode="json"), "public": org.is_public}),
        "t": _ns({"org": language["terms"]["org"][kind]}),
        "multi_branch": profile.multi_branch,
    }
    roles = {}
    unconfirmed_roles = []
    for name, default in language["default_roles"].items():
        given = getattr(profile.roles, name)
        roles[name] = given or render(default, roles_context, f"default role {name} ({lang})")
        if not given:
            unconfirmed_roles.append(name)

    channels = [c.value for c in profile.channels]
    groups = [g.value for g in profile.client_groups]
    doc = profile.document
    title = doc.title or language["default_title"]
    context: dict[str, Any] = {
        "lang": lang,
        "org": _ns(
            {
                **org.model_dump(mode="json"),
                "public": org.is_public,
                "sector_label": labels["sector"][org.sector.value],
            }
        ),
        "t": _ns({"org": language["terms"]["org"][kind], "branch": language["terms"]["branch"][branch_kind]}),
        "sl": _ns(sl),
        "channels": channels,
        "channel_labels": [labels["channel"][c] for c in channels],
        "written_channels": [c for c in channels if c in ("email", "post", "web_form")],
        "networks": list(profile.social_networks),
        "branches": _ns([b.model_dump(mode="json") for b in profile.branches]),
        "multi_branch": profile.multi_branch,
        "groups": groups,
        "group_labels": [labels["group"][g] for g in groups],
        "custom_groups": _ns([g.model_dump(mode="json") for g in profile.custom_client_groups]),
        "voice": profile.brand.voice.value,
        "address_form": profile.brand.address_form,
        "brand": _ns(profile.brand.model_dump(mode="json")),
        "roles": _ns(roles),
        "unconfirmed_roles": unconfirmed_roles,
        "monitoring": _ns(profile.monitoring.model_dump(mode="json")),
        "doc": _ns(
            {
                "title": title,
                "version": doc.version,
                "effective_date": long_date(doc.effective_date, lang),
                "approved_by": doc.approved_by
                or render(language["default_approver"], {"t": _ns({"org": language["terms"]["org"][kind]})},
                          "default approver"),
                "owning_unit": doc.owning_unit or roles["standard_owner"],
            }
        ),
        "defaulted": sorted(defaulted_set),
    }
    start = doc.effective_date
    context["months"] = [
        month_label(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, lang)
        for i in range(24)
    ]

    def date_shift(weeks: int = 0) -> str:
        """The effective date moved by whole weeks (negative: before), written out."""
        return long_date(start + dt.timedelta(weeks=weeks), lang)

    context["date_shift"] = date_shift
    context["say"] = _ns(
        {
            key: render(text, context, f"speech module {profile.brand.voice.value}.{key} ({lang})")
            for key, text in language["phrases"][profile.brand.voice.value].items()
        }
    )
    return context
