"""Stage 4, render: the selected registry in one language and voice, numbers resolved.

Each norm is rendered once; what the views need of it (its text and items, phrases, "don't say"
pairs, short form, checks, indicators, and the unconfirmed values it printed) is kept on one
:class:`RNorm`. Texts see the read-only context plus ``ref()`` (a norm's or section's number as the
current document cites it) and ``appx()`` (an appendix's number).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

from kasgen.context import Context, language_data, recording, render_text
from kasgen.errors import ClauseError
from kasgen.registry.conditions import Facts
from kasgen.registry.loader import Registry
from kasgen.registry.model import Block, Check, Generated, Indicator, Norm, PartSpec
from kasgen.stages.number import Numbers
from kasgen.stages.select import OwnNorm, Selection, applies


@dataclass
class RCheck:
    """A rendered mystery-shopper check item, tied to its norm and scenario."""

    id: str
    norm_id: str
    scenario: str
    text: str
    weight: int
    knockout: bool
    key: str
    measure: str


@dataclass
class RIndicator:
    """A rendered indicator row of the monitoring plan, tied to its norm."""

    id: str
    norm_id: str
    cells: dict[str, str]


@dataclass
class RNorm:
    """A rendered norm: its printed number and text, with its sub-items, phrases, checks and indicators."""

    id: str
    number: str
    text: str
    lead: str = ""
    items: list[str] = field(default_factory=list)
    donts: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    dont_say: list[tuple[str, str]] = field(default_factory=list)
    short: str = ""
    note: str = ""
    confirm: list[str] = field(default_factory=list)
    checks: list[RCheck] = field(default_factory=list)
    indicators: list[RIndicator] = field(default_factory=list)
    own: bool = False
    source: str = ""


@dataclass
class RBlock:
    """A rendered text block (kasgen line markup) and the suggested values it prints (answers paths)."""

    section_id: str
    text: str  # rendered kasgen line markup
    confirm: list[str] = field(default_factory=list)


@dataclass
class RView:
    """A generated view (branch table, call script…) to be built from the rendered data."""

    name: str
    section_id: str
    args: dict[str, Any]


RItem = Union[RNorm, RBlock, RView]


@dataclass
class RSection:
    """A rendered section: its number, title and items in order."""

    id: str
    number: str
    title: str
    items: list[RItem]


@dataclass
class RPart:
    """A rendered part (chapter or appendix) with its sections."""

    spec: PartSpec
    number: str
    title: str
    sections: list[RSection]


@dataclass
class Rendered:
    """The render stage's result: every text in the document's language, for the views."""

    lang: str
    context: Context
    numbers: Numbers
    selection: Selection
    registry: Registry
    documents: dict[str, list[RPart]]
    norms: dict[str, RNorm]
    phrases: dict[str, str]  # phrase id -> text in the organisation's voice
    labels: dict[str, Any]
    figures: int = 0  # figures numbered so far (views number them in document order)
    missing_refs: list[str] = field(default_factory=list)  # ref() to ids absent from both documents

    _helper_sets: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    def helpers(self, document: str) -> dict[str, Any]:
        """``ref()`` and ``appx()`` for texts of ``document`` (made once per document)."""
        if document not in self._helper_sets:
            self._helper_sets[document] = _helpers(self.numbers, self.registry, document, self.labels,
                                                   self.missing_refs)
        return self._helper_sets[document]


def _helpers(
    numbers: Numbers, registry: Registry, document: str, labels: dict[str, Any], missing: list[str],
    appendix: str = "",
) -> dict[str, Any]:
    known = registry.citable
    parts = {p.id for p in registry.parts}
    doc_labels = labels["document"]

    def ref(ident: str) -> str:
        if ident not in known:
            raise ValueError(f"ref({ident!r}): no norm, section or part has this id")
        cited = numbers.cite(ident, document, doc_labels, appendix)
        if not cited:
            missing.append(ident)
        return cited

    def appx(part_id: str) -> str:
        if part_id not in parts:
            raise ValueError(f"appx({part_id!r}): no part has this id")
        return numbers.part.get(part_id, "")

    return {"ref": ref, "appx": appx}


def render_selection(
    registry: Registry, selection: Selection, numbers: Numbers, context: Context
) -> Rendered:
    lang = context.lang
    labels = language_data(lang)["labels"]
    voice = selection.facts.voice
    phrases: dict[str, str] = {}
    missing: list[str] = []
    phrase_helpers = _helpers(numbers, registry, "standard", labels, missing)
    for pid, phrase in selection.phrases.items():
        phrases[pid] = render_text(phrase.text(lang, voice), context, f"phrase {pid} ({lang}, {voice})",
                                   phrase_helpers)
    out = Rendered(lang, context, numbers, selection, registry, {}, {}, phrases, labels,
                   missing_refs=missing)
    for document, parts in selection.documents.items():
        helpers = _helpers(numbers, registry, document, labels, missing)
        rparts = []
        for chosen in parts:
            part = chosen.part
            if part.kind == "appendix":
                helpers = _helpers(numbers, registry, document, labels, missing, numbers.part.get(part.id, ""))
            else:
                helpers = _helpers(numbers, registry, document, labels, missing)
            title = render_text(part.title.get(lang), context, f"part {part.id} title ({lang})", helpers)
            rsections = []
            for cs in chosen.sections:
                sec = cs.section
                where = f"section {sec.id} ({lang}, {sec.source})"
                stitle = render_text(sec.title.get(lang), context, f"{where} title", helpers)
                items: list[RItem] = []
                for item in cs.items:
                    if isinstance(item, Norm):
                        rn = _norm(item, numbers, context, helpers, phrases, selection, where)
                        out.norms[rn.id] = rn
                        items.append(rn)
                    elif isinstance(item, OwnNorm):
                        rn = _own(item, numbers, selection.facts)
                        out.norms[rn.id] = rn
                        items.append(rn)
                    elif isinstance(item, Block):
                        with recording() as reads:
                            text = render_text(item.body.get(lang), context, f"{where} text", helpers)
                        items.append(RBlock(sec.id, text, sorted(reads)))
                    elif isinstance(item, Generated):
                        items.append(RView(item.generated, sec.id, item.args))
                rsections.append(RSection(sec.id, numbers.section.get(sec.id, ""), stitle, items))
            rparts.append(RPart(part, numbers.part.get(part.id, ""), title, rsections))
        out.documents[document] = rparts
    return out


def _norm(
    norm: Norm,
    numbers: Numbers,
    context: Context,
    helpers: dict[str, Any],
    phrases: dict[str, str],
    selection: Selection,
    where: str,
) -> RNorm:
    lang = context.lang
    name = f"{where}, norm {norm.id}"
    facts = selection.facts
    with recording() as reads:
        text = render_text(norm.text.get(lang), context, name, helpers)
        items = [render_text(t, context, f"{name} item {i + 1}", helpers)
                 for i, t in enumerate(norm.items.get(lang) if norm.items else [])]
        short = render_text(norm.short.get(lang), context, f"{name} short", helpers) if norm.short else ""
        dont_say = [
            (render_text(d.dont.get(lang), context, f"{name} dont", helpers),
             render_text(d.instead.get(lang), context, f"{name} instead", helpers))
            for d in norm.dont
        ]
    # a phrase whose own condition does not hold is left out with it
    said = [phrases[pid] for pid in norm.say if pid in phrases]
    checks = [_check(c, norm.id, context, helpers, name) for c in norm.checks if applies(c, facts)]
    indicators = [_indicator(i, norm.id, context, helpers, name) for i in norm.indicators if applies(i, facts)]
    note = render_text(norm.note.get(lang), context, f"{name} note", helpers) if norm.note else ""
    return RNorm(
        id=norm.id, number=numbers.norm.get(norm.id, ""), text=text, items=items, phrases=said,
        dont_say=dont_say, short=short, note=note, confirm=sorted(reads), checks=checks,
        indicators=indicators,
    )


def _check(c: Check, norm_id: str, context: Context, helpers: dict[str, Any], name: str) -> RCheck:
    lang = context.lang
    where = f"{name} check {c.id}"
    return RCheck(
        id=c.id, norm_id=norm_id, scenario=c.scenario,
        text=render_text(c.text.get(lang), context, where, helpers),
        weight=c.weight, knockout=c.knockout,
        key=render_text(c.key.get(lang), context, f"{where} key", helpers) if c.key else "",
        measure=render_text(c.measure.get(lang), context, f"{where} measure", helpers) if c.measure else "",
    )


def _indicator(ind: Indicator, norm_id: str, context: Context, helpers: dict[str, Any], name: str) -> RIndicator:
    lang = context.lang
    cells = {
        key: render_text(getattr(ind, key).get(lang), context, f"{name} indicator {ind.id} {key}", helpers)
        for key in ("name", "formula", "target", "source", "frequency", "owner", "action")
    }
    return RIndicator(ind.id, norm_id, cells)


def _own(item: OwnNorm, numbers: Numbers, facts: Facts) -> RNorm:
    if not numbers.norm.get(item.id):
        raise ClauseError(f"{item.id}: the organisation's own norm has no number")
    checks = []
    if item.id.startswith("own.signature.") and facts.channels & {"in_person", "phone"}:
        # a signature behaviour is a promise the organisation chose: the shopper checks it
        scenario = "visit" if "in_person" in facts.channels else "call"
        checks.append(RCheck(f"{item.id}.check", item.id, scenario, item.text, 2, False, "", ""))
    return RNorm(
        id=item.id, number=numbers.norm[item.id], text=item.text, lead=item.lead,
        items=list(item.items), donts=list(item.donts), phrases=list(item.say),
        dont_say=[(n, "") for n in item.never_say], short=item.lead or item.text, own=True,
        source=item.source, checks=checks,
    )
