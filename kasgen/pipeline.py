"""The pipeline, stage by stage: load → select → number → render → views.

Each stage is a plain function over plain data and can be tested alone; this module only runs
them in order. Writing files is the caller's business (:mod:`kasgen.build`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kasgen.context import build_context
from kasgen.document import Document
from kasgen.facts import facts_for
from kasgen.profile import Profile
from kasgen.registry.loader import Registry, load_registry
from kasgen.stages.number import number
from kasgen.stages.render import Rendered, render_selection
from kasgen.stages.select import select


@dataclass
class Result:
    """Everything one build produced, before anything is written."""

    rendered: Rendered
    standard: Document
    annex: Document

    @property
    def registry(self) -> Registry:
        return self.rendered.registry


def render(profile: Profile, lang: str | None = None, registry_dirs: list[Path] | None = None) -> Rendered:
    """Stages 1–4: the registry selected, numbered and rendered for the profile."""
    lang = lang or profile.document.language.value
    registry = load_registry(registry_dirs)
    facts = facts_for(profile)
    selection = select(registry, profile, facts)
    numbers = number(selection)
    context = build_context(profile, lang)
    return render_selection(registry, selection, numbers, context)


def run(profile: Profile, lang: str | None = None, registry_dirs: list[Path] | None = None) -> Result:
    """Every stage, up to the document models of the standard and the management annex."""
    from kasgen.views.body import document

    rendered = render(profile, lang, registry_dirs)
    return Result(rendered, document(rendered, "standard"), document(rendered, "annex"))
