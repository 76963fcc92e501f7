"""Sector presets: the service levels a channel gets when the answers file gives none.

A used channel always ends up with numbers, because every channel section states its norms and
every norm is measured. Values taken from a preset are reported back as *defaulted* so the
document can ask the editor to confirm them.
"""

from __future__ import annotations

from typing import Any

from kasgen.profile import (
    Channel,
    ChatLevels,
    ComplaintLevels,
    InPersonLevels,
    PhoneLevels,
    Profile,
    Sector,
    ServiceLevels,
    SocialLevels,
    WrittenLevels,
)

_PUBLIC: dict[str, dict[str, Any]] = {
    "in_person": {"greet_within_seconds": 30, "max_wait_minutes": 15, "appointment_wait_minutes": 5},
    "phone": {"answer_within_rings": 4, "answer_within_seconds": 20, "max_hold_seconds": 60,
              "callback_within_hours": 24},
    "email": {"acknowledge_within_working_days": 1, "reply_within_working_days": 10},
    "post": {"acknowledge_within_working_days": 2, "reply_within_working_days": 20},
    "web_form": {"acknowledge_within_working_days": 1, "reply_within_working_days": 10},
    "web_chat": {"first_reply_within_minutes": 3, "hours": None},
    "social_media": {"reply_within_hours": 8},
    "complaints": {"acknowledge_within_working_days": 2, "resolve_within_working_days": 20},
}

_PRIVATE: dict[str, dict[str, Any]] = {
    "in_person": {"greet_within_seconds": 10, "max_wait_minutes": 10, "appointment_wait_minutes": 5},
    "phone": {"answer_within_rings": 3, "answer_within_seconds": 15, "max_hold_seconds": 60,
              "callback_within_hours": 4},
    "email": {"acknowledge_within_working_days": 1, "reply_within_working_days": 3},
    "post": {"acknowledge_within_working_days": 2, "reply_within_working_days": 10},
    "web_form": {"acknowledge_within_working_days": 1, "reply_within_working_days": 3},
    "web_chat": {"first_reply_within_minutes": 2, "hours": None},
    "social_media": {"reply_within_hours": 4},
    "complaints": {"acknowledge_within_working_days": 1, "resolve_within_working_days": 10},
}

#: Sector-specific departures from the public or private preset.
_SECTOR: dict[Sector, dict[str, dict[str, Any]]] = {
    Sector.banking: {"complaints": {"acknowledge_within_working_days": 1,
                                    "resolve_within_working_days": 15}},
    Sector.insurance: {"complaints": {"acknowledge_within_working_days": 1,
                                      "resolve_within_working_days": 15}},
    Sector.healthcare: {"in_person": {"greet_within_seconds": 30, "max_wait_minutes": 20,
                                      "appointment_wait_minutes": 15}},
    Sector.utility: {"phone": {"answer_within_rings": 3, "answer_within_seconds": 20,
                               "max_hold_seconds": 60, "callback_within_hours": 8}},
}

_MODELS = {
    "in_person": InPersonLevels,
    "phone": PhoneLevels,
    "email": WrittenLevels,
    "post": WrittenLevels,
    "web_form": WrittenLevels,
    "web_chat": ChatLevels,
    "social_media": SocialLevels,
    "complaints": ComplaintLevels,
}


def preset_for(sector: Sector, public: bool) -> dict[str, dict[str, Any]]:
    """Return the preset service levels for a sector, keyed like :class:`ServiceLevels`."""
    base = _PUBLIC if public else _PRIVATE
    merged = {key: dict(values) for key, values in base.items()}
    for key, values in _SECTOR.get(sector, {}).items():
        merged[key].update(values)
    return merged


def resolve_service_levels(profile: Profile) -> tuple[ServiceLevels, list[str]]:
    """Fill every used channel's (and the complaints') service levels from the sector preset.

    Returns:
        The complete service levels and the dotted paths of the values that came from the preset.
    """
    preset = preset_for(profile.organisation.sector, profile.organisation.is_public)
    given = profile.service_levels
    filled: dict[str, Any] = {}
    defaulted: list[str] = []
    keys = [c.value for c in Channel if c in profile.channels] + ["complaints"]
    for key in keys:
        current = getattr(given, key)
        if current is None:
            filled[key] = _MODELS[key](**preset[key])
            defaulted.extend(f"service_levels.{key}.{name}" for name in preset[key])
        else:
            # fields the organisation left out come from the sector preset, not model defaults
            explicit = current.model_fields_set
            merged = {**preset[key], **current.model_dump(include=explicit)}
            filled[key] = _MODELS[key](**merged)
            defaulted.extend(
                f"service_levels.{key}.{name}" for name in preset[key] if name not in explicit
            )
    return ServiceLevels(**filled), defaulted
