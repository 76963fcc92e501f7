"""Stage 2, select: which parts, sections, norms and views apply to this organisation.

A part, section or item applies when its condition holds and the organisation's size reaches its
``min_size``. The organisation's own material from the answers (its typical situations, its own
client groups, its signature behaviours) becomes norms here, marked as its own. Everything left
out is kept with the reason, for ``kasgen explain``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from kasgen.profile import Profile
from kasgen.registry.conditions import Condition, Facts, size_at_least
from kasgen.registry.loader import Registry
from kasgen.registry.model import Block, Generated, Norm, PartSpec, Phrase, Scoped, Section


@dataclass(frozen=True)
class OwnNorm:
    """A norm written by the organisation itself (answers file), printed as given.

    Its texts are never rendered as templates: what the organisation typed is shown verbatim.
    """

    id: str
    lead: str  # a short lead-in, e.g. the situation's title
    text: str
    items: tuple[str, ...] = ()
    donts: tuple[str, ...] = ()
    say: tuple[str, ...] = ()
    never_say: tuple[str, ...] = ()
    source: str = ""  # the answers path it comes from, e.g. "situations[2]"


Item = Union[Norm, Block, Generated, OwnNorm]


@dataclass
class ChosenSection:
    """A section this organisation gets, with the items (norms, blocks, views) that apply."""

    section: Section
    items: list[Item]


@dataclass
class ChosenPart:
    """A part (chapter or appendix) this organisation gets, with its chosen sections."""

    part: PartSpec
    sections: list[ChosenSection]


@dataclass
class LeftOut:
    """An entry left out of this organisation's documents, and the condition that left it out."""

    id: str
    kind: str  # part, section, norm, block, view
    condition: Condition | None  # the condition that failed, None when only the size did
    min_size: str


@dataclass
class Selection:
    """The select stage's result: what each document holds, for the number and render stages."""

    facts: Facts
    documents: dict[str, list[ChosenPart]]
    phrases: dict[str, Phrase]
    left_out: list[LeftOut] = field(default_factory=list)

    def norms(self, document: str | None = None) -> list[Norm | OwnNorm]:
        docs = [document] if document else list(self.documents)
        return [
            item
            for d in docs
            for p in self.documents[d]
            for s in p.sections
            for item in s.items
            if isinstance(item, (Norm, OwnNorm))
        ]


def applies(thing: Scoped, facts: Facts) -> bool:
    return size_at_least(facts.size, thing.min_size) and thing.when.holds(facts)


def select(registry: Registry, profile: Profile, facts: Facts) -> Selection:
    """The parts, sections and items of each document that apply to the organisation."""
    left: list[LeftOut] = []

    def keep(thing: Scoped, ident: str, kind: str) -> bool:
        if applies(thing, facts):
            return True
        failed = None if thing.when.holds(facts) else thing.when
        left.append(LeftOut(ident, kind, failed, thing.min_size))
        return False

    documents: dict[str, list[ChosenPart]] = {"standard": [], "annex": []}
    for part in registry.parts:
        if not keep(part, part.id, "part"):
            continue
        sections = []
        for section in registry.sections_of(part.id):
            if not keep(section, section.id, "section"):
                continue
            items: list[Item] = []
            for item in section.content:
                ident = item.id if isinstance(item, Norm) else (
                    f"{section.id}:{item.generated}" if isinstance(item, Generated) else f"{section.id}:text")
                kind = "norm" if isinstance(item, Norm) else "view" if isinstance(item, Generated) else "block"
                if keep(item, ident, kind):
                    items.extend(_expand(item, profile, section))
            if items:
                sections.append(ChosenSection(section, items))
        if sections:
            documents[part.document].append(ChosenPart(part, sections))
    phrases = {pid: p for pid, p in registry.phrases.items() if applies(p, facts)}
    return Selection(facts, documents, phrases, left)


def _expand(item: Item, profile: Profile, section: Section) -> list[Item]:
    """Generated views that stand for the organisation's own norms become those norms."""
    if not isinstance(item, Generated):
        return [item]
    if item.generated == "own_situations":
        return [
            OwnNorm(
                id=f"own.situation.{i + 1}",
                lead=s.title,
                text=s.what_happens or "",
                items=tuple(s.what_to_do),
                say=(s.say,) if s.say else (),
                never_say=(s.never_say,) if s.never_say else (),
                source=f"situations[{i + 1}]",
            )
            for i, s in enumerate(profile.situations)
        ]
    if item.generated == "own_groups":
        return [
            OwnNorm(
                id=f"own.group.{i + 1}",
                lead=g.name,
                text=g.arrangement or "",
                items=tuple(g.dos),
                donts=tuple(g.donts),
                say=(g.phrase,),
                source=f"custom_client_groups[{i + 1}]",
            )
            for i, g in enumerate(profile.custom_client_groups)
        ]
    if item.generated == "signature_behaviours":
        return [
            OwnNorm(id=f"own.signature.{i + 1}", lead="", text=text,
                    source=f"brand.signature_behaviours[{i + 1}]")
            for i, text in enumerate(profile.brand.signature_behaviours)
        ]
    return [item]
