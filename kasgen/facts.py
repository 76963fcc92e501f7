"""Facts: what the registry's conditions look at, derived once from a profile."""

from __future__ import annotations

from kasgen.domain import domain
from kasgen.presets import resolve_service_levels
from kasgen.profile import Profile
from kasgen.registry.conditions import Condition, Facts


def facts_for(profile: Profile) -> Facts:
    """The organisation's facts, settings included (a till, a counter, a queue system…)."""
    levels, _ = resolve_service_levels(profile)
    present = {
        f"{channel}.{name}"
        for channel, values in levels.model_dump(exclude_none=True).items()
        for name in values
    }
    base = Facts(
        channels=frozenset(c.value for c in profile.channels),
        sector=profile.organisation.sector.value,
        public=profile.organisation.is_public,
        groups=frozenset(g.value for g in profile.client_groups),
        custom_groups=bool(profile.custom_client_groups),
        multi_branch=profile.multi_branch,
        branches=len(profile.branches),
        voice=profile.brand.voice.value,
        address=profile.brand.address_form,
        signature_behaviours=bool(profile.brand.signature_behaviours),
        monitoring=frozenset(m.value for m in profile.monitoring.methods),
        nps=profile.monitoring.nps,
        pay_link=profile.monitoring.pay_link,
        kind=profile.organisation.effective_kind,
        size=profile.size,
        levels=frozenset(present),
        situations=bool(profile.situations),
        services=bool(profile.organisation.key_services),
    )
    settings = frozenset(
        name
        for name, spec in domain().settings.items()
        if Condition.model_validate(spec.when).holds(base)
    )
    return Facts(**{**base.__dict__, "settings": settings})
