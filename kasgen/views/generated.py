"""Generated views: blocks made from the registry or the answers rather than written as text.

A section asks for one with ``- generated: <name>``; every view here cites norms by their numbers
and never restates them. Monitoring views (indicator table, scenarios, sample plan, survey) are in
:mod:`kasgen.views.monitoring`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kasgen.context import render_text
from kasgen.document import Block, Figure, Para, Run, Table
from kasgen.errors import ClauseError
from kasgen.markup import parse, quote, runs
from kasgen.stages.render import Rendered, RNorm, RSection, RView
from kasgen.views.confirm import ask_to_confirm

ViewFn = Callable[[Rendered, str, RView, RSection, bool], list[Block]]
_VIEWS: dict[str, ViewFn] = {}


def register(name: str) -> Callable[[ViewFn], ViewFn]:
    def deco(fn: ViewFn) -> ViewFn:
        _VIEWS[name] = fn
        return fn

    return deco


def names() -> set[str]:
    from kasgen.views import monitoring  # noqa: F401 - registers the monitoring views

    return set(_VIEWS) | {"own_situations", "own_groups", "signature_behaviours"}


def view(r: Rendered, document: str, v: RView, section: RSection, in_app: bool) -> list[Block]:
    names()
    fn = _VIEWS.get(v.name)
    if fn is None:
        raise ClauseError(f"section {v.section_id}: unknown generated view {v.name!r}")
    return fn(r, document, v, section, in_app)


def cols(r: Rendered) -> dict[str, str]:
    return r.labels["columns"]  # type: ignore[no-any-return]


def cited(r: Rendered, norm_ids: list[str], document: str) -> str:
    """The numbers of the norms that are present, as a list: "3.1.2; 3.1.4" (a semicolon, as an
    English appendix citation has a comma of its own: "Appendix 3, 3.2.5")."""
    place = {nid: i for i, nid in enumerate(r.norms)}  # rendered in document order
    ordered = sorted(norm_ids, key=lambda n: place.get(n, len(place)))
    numbers = [r.numbers.cite(n, document, r.labels["document"]) for n in ordered]
    return "; ".join(n for n in numbers if n)


def table(header: list[str], rows: list[list[str]], wide: bool = False) -> Table:
    return Table(header, [[runs(c) for c in row] for row in rows], wide=wide)


@register("branches")
def branches(r: Rendered, document: str, v: RView, s: RSection, in_app: bool) -> list[Block]:
    c = cols(r)
    org = r.context.variables["org"]
    main = r.context.variables["main_office"]
    rows = [[main.name, org.address, main.hours or c["none_listed"],
             "; ".join(main.accessibility) or c["none_listed"], main.contact]]
    for b in r.context.variables["branches"]:
        rows.append([b.name, b.address, b.opening_hours, "; ".join(b.accessibility) or c["none_listed"],
                     b.escalation_contact])
    out = table([c["branch"], c["address"], c["hours"], c["accessibility"], c["escalation"]], rows, wide=True)
    out.from_answers = True
    return [out]


@register("situation_index")
def situation_index(r: Rendered, document: str, v: RView, s: RSection, in_app: bool) -> list[Block]:
    c = cols(r)
    rows = []
    own = [n for n in r.norms.values() if n.own and n.id.startswith("own.situation.")]
    for n in own:
        rows.append([f"{n.lead} ({c['own_mark']})", n.number.rstrip(".")])
    limit = 20 if r.selection.facts.size == "micro" else 60  # a café needs twenty, not fifty
    for entry in r.registry.situations.values():
        if not _applies(entry, r) or len(rows) >= limit:
            continue
        refs = cited(r, entry.norms, document)
        if refs:
            title = render_text(entry.title.get(r.lang), r.context, f"situation {entry.id} ({r.lang})",
                                r.helpers(document))
            rows.append([title, refs])
    return [table([c["situation"], c["see"]], rows)]


@register("card")
def card(r: Rendered, document: str, v: RView, s: RSection, in_app: bool) -> list[Block]:
    spec = r.registry.cards.get(str(v.args.get("card", "")))
    if spec is None:
        raise ClauseError(f"section {v.section_id}: the card view needs `args: {{card: <id>}}` of cards.yaml")
    return card_blocks(r, spec.id, document)


def card_blocks(r: Rendered, card_id: str, document: str) -> list[Block]:
    """A card: the short form of its norms with their numbers, and its phrases."""
    spec = r.registry.cards[card_id]
    c = cols(r)
    rows = []
    for nid in spec.norms:
        n = r.norms.get(nid)
        if n is None:
            continue
        rows.append([n.short or n.text, r.numbers.cite(nid, document, r.labels["document"])])
    out: list[Block] = []
    if rows:
        out.append(table([c["what_we_do"], c["norm"]], rows))
    phrases = [r.phrases[p] for p in spec.phrases if p in r.phrases]
    for text in phrases:
        out.append(Para("phrase", [Run(quote(text, r.lang))]))
    return out


@register("script")
def script(r: Rendered, document: str, v: RView, s: RSection, in_app: bool) -> list[Block]:
    """A conversation script: each phrase with the moment it is said and the norm it serves."""
    c = cols(r)
    said_by: dict[str, str] = {}
    for sel in r.selection.norms(document):
        for pid in getattr(sel, "say", ()):  # registry norms name their phrases
            said_by.setdefault(pid, sel.id)
    for pid, spec in r.registry.phrases.items():
        if spec.serves:
            said_by[pid] = spec.serves
    rows = []
    for pid in v.args.get("phrases", []):
        phrase = r.registry.phrases.get(pid)
        if phrase is None:
            raise ClauseError(f"section {v.section_id}: script names unknown phrase {pid!r}")
        if pid not in r.phrases:
            continue
        norm = said_by.get(pid)
        label = render_text(phrase.label.get(r.lang), r.context, f"phrase {pid} label ({r.lang})",
                            r.helpers(document))
        rows.append([label, quote(r.phrases[pid], r.lang),
                     r.numbers.cite(norm, document, r.labels["document"]) if norm else ""])
    return [table([c["moment"], c["what_we_say"], c["norm"]], rows)] if rows else []


@register("letters")
def letters(r: Rendered, document: str, v: RView, s: RSection, in_app: bool) -> list[Block]:
    """The written templates, each framed by the voice's greeting, closing and signature."""
    from kasgen.document import Heading
    from kasgen.stages.select import applies

    frames = {"everyday": r.context.variables["letter"], "serious": r.context.variables["letter_serious"]}
    helpers = r.helpers(document)
    out: list[Block] = []
    for letter in r.registry.letters.values():
        if not applies(letter, r.selection.facts):
            continue
        where = f"letter {letter.id} ({r.lang})"
        body = render_text(letter.body.get(r.lang), r.context, where, helpers)
        refs = cited(r, letter.norms, document)
        title = render_text(letter.title.get(r.lang), r.context, where + " title", helpers)
        title += f" ({cols(r)['see']} {refs})" if refs else ""
        out.append(Heading(3, title, "subsection", in_appendix=in_app, clause_id=v.section_id))
        lines: list[str] = []
        if letter.subject:
            subject = render_text(letter.subject.get(r.lang), r.context, where + " subject", helpers)
            lines.append(f"**{cols(r)['subject']}:** {subject}")
        frame = frames[letter.tone]
        if letter.frame == "full":
            lines += [frame.greeting, *body.splitlines(), frame.closing, *frame.signature]
        elif letter.frame == "short":
            lines += [frame.greeting, *body.splitlines(), r.context.variables["people"].employee]
        else:
            lines += body.splitlines()
        first = len(out)
        for line in lines:
            if line.strip():
                out.append(Para("phrase", runs(line.strip()), in_appendix=in_app))
        if letter.note and len(out) > first:
            note = render_text(letter.note.get(r.lang), r.context, where + " note", helpers)
            out[first].comments.append(note)  # type: ignore[union-attr]
    return out


@register("figure")
def figure(r: Rendered, document: str, v: RView, s: RSection, in_app: bool) -> list[Block]:
    """A diagram of the section's norms, labelled with their short forms (in order)."""
    kind = str(v.args.get("kind", ""))
    if kind not in ("sequence", "ladder", "cycle"):
        raise ClauseError(f"section {v.section_id}: figure kind must be sequence, ladder or cycle")
    title = v.args.get("title", {}).get(r.lang, "")
    chosen = v.args.get("norms")
    steps = [i.short for i in s.items if isinstance(i, RNorm) and i.short and (not chosen or i.id in chosen)]
    if len(steps) < 3:
        return []
    r.figures += 1
    number = r.figures
    label = r.labels["document"]["figure_label"].replace("%1", str(number))
    alt = f"{title}: " + "; ".join(f"{i}. {t}" for i, t in enumerate(steps, 1)) + "."
    return [Figure(kind, steps, f"{label} {title}", alt, title)]  # type: ignore[arg-type]


@register("voice_table")
def voice_table(r: Rendered, document: str, v: RView, s: RSection, in_app: bool) -> list[Block]:
    c = cols(r)
    pairs = r.labels["voice_table"][r.selection.facts.voice]
    return [table([c["we_are"], c["we_are_not"]], [list(p) for p in pairs])]


@register("brand_words")
def brand_words(r: Rendered, document: str, v: RView, s: RSection, in_app: bool) -> list[Block]:
    """The organisation's own words to use and to avoid, side by side (nothing when it gave none)."""
    c = cols(r)
    brand = r.context.variables["brand"]
    use, avoid = list(brand.words_to_use), list(brand.words_to_avoid)
    if not use and not avoid:
        return []
    columns = [(c["words_to_use"], use), (c["words_to_avoid"], avoid)]
    columns = [(head, words) for head, words in columns if words]  # no empty column
    depth = max(len(words) for _, words in columns)
    rows = [[words[i] if i < len(words) else "" for _, words in columns] for i in range(depth)]
    words = table([head for head, _ in columns], rows)
    words.from_answers = True
    return [words]


@register("roles")
def roles(r: Rendered, document: str, v: RView, s: RSection, in_app: bool) -> list[Block]:
    c = cols(r)
    names = r.labels["roles"]
    given = r.context.variables["roles"]
    rows, unconfirmed = [], []
    for key in names:
        rows.append([names[key], object.__getattribute__(given, "_data")[key]])
        if f"roles.{key}" in r.context.defaulted:
            unconfirmed.append(f"roles.{key}")
    roles_table = table([c["role"], c["who"]], rows)
    roles_table.from_answers = True
    out: list[Block] = [Para("body", runs(r.labels["document"]["roles_intro"]), in_appendix=in_app), roles_table]
    ask_to_confirm(out, unconfirmed, r.lang)
    return out


@register("definitions")
def definitions(r: Rendered, document: str, v: RView, s: RSection, in_app: bool) -> list[Block]:
    """The defined terms that apply to this organisation, in registry order."""
    c = cols(r)
    helpers = r.helpers(document)
    rows = []
    for d in r.registry.definitions.values():
        if _applies(d, r):
            where = f"definition {d.id} ({r.lang})"
            rows.append([render_text(d.term.get(r.lang), r.context, where, helpers),
                         render_text(d.meaning.get(r.lang), r.context, where, helpers)])
    return [table([c["term"], c["meaning"]], rows)] if rows else []


@register("text")
def text(r: Rendered, document: str, v: RView, s: RSection, in_app: bool) -> list[Block]:
    """Language-file text by key (for wording shared by several documents)."""
    key = str(v.args.get("key", ""))
    return parse(str(r.labels["texts"][key]), r.lang, in_app, v.section_id)


def _applies(thing: Any, r: Rendered) -> bool:
    from kasgen.stages.select import applies

    return applies(thing, r.selection.facts)
