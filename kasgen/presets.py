"""Sector presets: the service levels a used channel gets when the answers file gives none.

A used channel always ends up with numbers, because every channel section states its norms and
every norm is measured. The presets are data (``templates/domain/presets.yaml``, with sector
departures in ``sectors.yaml``); values taken from them are reported back as *defaulted* so the
document can ask the editor to confirm them.
"""

from __future__ import annotations

from typing import Any

from kasgen.domain import domain
from kasgen.profile import (
    Channel,
    ChatLevels,
    ComplaintLevels,
    InPersonLevels,
    PhoneLevels,
    Profile,
    ServiceLevels,
    SocialLevels,
    WrittenLevels,
)

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


def preset_for(sector: str, public: bool) -> dict[str, dict[str, Any]]:
    """The preset service levels for a sector, keyed like :class:`ServiceLevels`."""
    d = domain()
    base = d.presets["public" if public else "private"]
    merged = {key: dict(values) for key, values in base.items()}
    for key, values in d.sectors[sector].presets.items():
        merged.setdefault(key, {}).update(values)
    return merged


def resolve_service_levels(profile: Profile) -> tuple[ServiceLevels, list[str]]:
    """Fill every used channel's (and the complaints') service levels from the sector preset.

    Returns:
        The complete service levels and the dotted paths of the values that came from the preset.
    """
    preset = preset_for(profile.organisation.sector.value, profile.organisation.is_public)
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
