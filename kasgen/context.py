"""The template context: the read-only view of an organisation that registry texts may use.

Texts reach the answers only through this context (see docs/clause-authoring.md for every name).
It is immutable — one text cannot change what another reads — and it records which values came
from a sector preset or a default role while a text is rendered, so the norm that printed them can
carry a Word comment asking the editor to confirm them. Nothing is hidden inside the text itself.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kasgen.domain import domain
from kasgen.presets import resolve_service_levels
from kasgen.profile import Profile
from kasgen.resources import data_dir, load_yaml
from kasgen.textrender import long_date, month_label, render

_READS: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar("kasgen_reads", default=None)


@contextlib.contextmanager
def recording() -> Iterator[set[str]]:
    """Collect the dotted answers paths of unconfirmed values read inside the block."""
    reads: set[str] = set()
    token = _READS.set(reads)
    try:
        yield reads
    finally:
        _READS.reset(token)


class View:
    """Read-only attribute access to a mapping; reading a flagged key is recorded.

    Not a dict on purpose: ``brand.values`` must be the brand's values, not ``dict.values``.
    """

    __slots__ = ("_data", "_flagged", "_path")

    def __init__(self, data: dict[str, Any], path: str = "", flagged: frozenset[str] = frozenset()):
        object.__setattr__(self, "_data", data)
        object.__setattr__(self, "_flagged", flagged)
        object.__setattr__(self, "_path", path)

    def __getattr__(self, name: str) -> Any:
        data = object.__getattribute__(self, "_data")
        if name not in data:
            raise AttributeError(name)
        path = f"{object.__getattribute__(self, '_path')}.{name}".lstrip(".")
        if path in object.__getattribute__(self, "_flagged"):
            reads = _READS.get()
            if reads is not None:
                reads.add(path)
        return data[name]

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("the template context is read-only")

    def __contains__(self, name: object) -> bool:
        return name in object.__getattribute__(self, "_data")

    def __getitem__(self, name: str) -> Any:
        try:
            return self.__getattr__(name)
        except AttributeError:
            raise KeyError(name) from None

    def __str__(self) -> str:
        data = object.__getattribute__(self, "_data")
        return str(data.get("nom", data.get("noun", "")))

    def __repr__(self) -> str:
        return f"View({object.__getattribute__(self, '_path')!r})"


def _view(value: Any, path: str = "", flagged: frozenset[str] = frozenset()) -> Any:
    """Turn nested plain data into read-only views and tuples."""
    if isinstance(value, dict):
        return View({k: _view(v, f"{path}.{k}".lstrip("."), flagged) for k, v in value.items()},
                    path, flagged)
    if isinstance(value, (list, tuple)):
        return tuple(_view(v, path, flagged) for v in value)
    return value


@lru_cache(maxsize=1)
def _law() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(data_dir("templates") / "domain" / "law.yaml")["law"]
    return data


@lru_cache(maxsize=4)
def language_data(lang: str) -> dict[str, Any]:
    """The language file: labels, example people, letter frames, default roles, reasons."""
    data: dict[str, Any] = load_yaml(data_dir("templates") / "language" / f"{lang}.yaml")
    return data


@dataclass(frozen=True)
class Context:
    """What a render sees: the variables (a read-only mapping) and what needs confirming."""

    lang: str
    variables: dict[str, Any]
    defaulted: frozenset[str] = field(default_factory=frozenset)


def build_context(profile: Profile, lang: str) -> Context:
    """Everything a registry text can use, for one profile and output language."""
    d = domain()
    language = language_data(lang)
    levels, defaulted = resolve_service_levels(profile)
    org = profile.organisation
    sector = d.sectors[org.sector.value]
    kind = d.kinds[org.effective_kind]
    client_term = kind.client or sector.client
    roles: dict[str, str] = {}
    unconfirmed: set[str] = set(defaulted)
    small = not (org.is_public or profile.multi_branch)
    for name, defaults in language["default_roles"].items():
        given = getattr(profile.roles, name)
        roles[name] = given or defaults["small" if small else "large"]
        if not given:
            unconfirmed.add(f"roles.{name}")
    doc = profile.document
    start = doc.effective_date
    flagged = frozenset(unconfirmed)
    variables: dict[str, Any] = {
        "lang": lang,
        "org": _view({
            "name": org.name, "short": org.short_name, "address": org.address,
            "website": org.website or "", "phone": org.phone or "", "email": org.email or "",
            "services": list(org.key_services), "public": org.is_public,
            "sector": org.sector.value, "kind": org.effective_kind,
            "sector_label": sector.label.get(lang),
        }),
        "t": _view({
            "org": d.term(kind.term, lang),
            "client": d.term(client_term, lang),
            "branch": d.term(kind.branch, lang),
        }),
        "sl": _view(levels.model_dump(exclude_none=True), "service_levels", flagged),
        "channels": tuple(c.value for c in profile.channels),
        "channel_names": tuple(d.channels[c.value].label.get(lang) for c in profile.channels),
        "networks": tuple(profile.social_networks),
        "branches": _view([b.model_dump(mode="json") for b in profile.branches]),
        "groups": tuple(g.value for g in profile.client_groups),
        "custom_groups": _view([g.model_dump(mode="json") for g in profile.custom_client_groups]),
        "situations": _view([s.model_dump(mode="json") for s in profile.situations]),
        "voice": profile.brand.voice.value,
        "address_form": profile.brand.address_form,
        "brand": _view(profile.brand.model_dump(mode="json")),
        "roles": _view(roles, "roles", flagged),
        "people": _view(language["people"]),
        "law": _view(_law()),
        "doc": _view({
            "title": doc.title or language["default_title"],
            "version": doc.version,
            "effective": long_date(start, lang),
            "approved_by": doc.approved_by or language["default_approver"][
                "public" if org.is_public else "private"],
            "owning_unit": doc.owning_unit or roles["standard_owner"],
            "status": doc.status,
        }),
        "months": tuple(
            month_label(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, lang)
            for i in range(24)
        ),
    }

    # the main office's "contact for difficult cases": whoever owns the standard there (branches
    # name their own), with the organisation's number; not the number alone, which is the switchboard
    owner_contact = (language["main_office_contact"].format(owner=roles["standard_owner"], phone=org.phone)
                     if org.phone else roles["standard_owner"])
    variables["main_office"] = _view({
        "name": language["main_office"], "hours": org.opening_hours or "",
        "accessibility": list(org.accessibility), "contact": owner_contact,
    })
    signature = [line.replace("{org}", org.short_name) for line in language["signature"]]
    voice = profile.brand.voice.value
    for key, frame_voice in (("letter", voice), ("letter_serious", "formal" if voice == "formal" else "neutral")):
        frame = language["letter_frame"][frame_voice]
        variables[key] = _view({
            "greeting": frame["greeting"][profile.brand.address_form],
            "closing": frame["closing"],
            "signature": signature,
        })

    def date_shift(weeks: int = 0) -> str:
        """The effective date moved by whole weeks (negative: before), written out."""
        return long_date(start + dt.timedelta(weeks=int(weeks)), lang)

    variables["date_shift"] = date_shift
    return Context(lang, variables, flagged)


_DOUBLE_STOP = re.compile(r"\b(d|m|val|min|tel|pvz|kt|Nr|p|etc)\.\.")


def render_text(source: str, context: Context, name: str, extra: dict[str, Any] | None = None) -> str:
    """Render one registry text in the context (plus per-document helpers such as ``ref``).

    An abbreviation's full stop at the end of a sentence is not doubled ("… 2027 m. sausio 4 d.").
    """
    variables = context.variables if not extra else {**context.variables, **extra}
    return _DOUBLE_STOP.sub(r"\1.", render(source, variables, name))
