"""The standard and the management annex as document models, from the rendered registry.

A norm becomes a numbered paragraph (Clause style) with its lettered items, its phrases in the
language's quotation marks and, where it has typical mistakes, a "don't say / say instead" box.
Notes for the editor and values to confirm become Word comments on the norm.
"""

from __future__ import annotations

import string
import zlib

from kasgen.document import Block, Document, Heading, Meta, Para, Run, Table
from kasgen.markup import parse, quote, runs
from kasgen.stages.render import RBlock, Rendered, RNorm, RView
from kasgen.views import generated
from kasgen.views.confirm import ask_to_confirm


def document(r: Rendered, which: str) -> Document:
    """The standard (``which="standard"``) or the management annex (``"annex"``)."""
    labels = r.labels["document"]
    doc = Document(meta=meta(r, which))
    for part in r.documents[which]:
        spec = part.spec
        in_app = spec.kind == "appendix"
        if spec.kind == "appendix":
            label = labels["appendix_label"].replace("%1", part.number)
            doc.blocks.append(Heading(1, part.title, "appendix", label, bookmark(f"{which}.{spec.id}"),
                                      True, spec.id))
        elif spec.kind == "chapter":
            doc.blocks.append(Heading(1, part.title, "chapter", f"{part.number}.",
                                      bookmark(f"{which}.{spec.id}"), False, spec.id))
        for section in part.sections:
            if spec.kind == "front":
                # the quick card is a printed page of its own, even in a compact standard
                kind = "card" if section.id == "front.card" else "front"
                doc.blocks.append(Heading(1, section.title, kind, "", bookmark(f"{which}.{section.id}"),  # type: ignore[arg-type]
                                          False, section.id))
            else:
                doc.blocks.append(Heading(2, section.title, "section", section.number,
                                          bookmark(f"{which}.{section.id}"), in_app, section.id))
            for item in section.items:
                if isinstance(item, RNorm):
                    doc.blocks.extend(norm_blocks(item, r.labels, r.lang, in_app))
                elif isinstance(item, RBlock):
                    previous = next((b for b in reversed(doc.blocks) if isinstance(b, Para)), None)
                    blocks = parse(item.text, r.lang, in_app, item.section_id, previous)
                    ask_to_confirm(blocks, item.confirm, r.lang)
                    doc.blocks.extend(blocks)
                elif isinstance(item, RView):
                    doc.blocks.extend(generated.view(r, which, item, section, in_app))
    return doc


def norm_blocks(n: RNorm, all_labels: dict, lang: str, in_app: bool) -> list[Block]:
    """A norm as paragraphs: the numbered norm, its items, phrases and "don't say" box."""
    labels_comments = [n.note] if n.note else []
    first: list[Run] = []
    if n.lead:
        first.append(Run(n.lead.rstrip(".") + ".", strong=True))
        if n.text:
            first.append(Run(" "))
    first.extend(runs(n.text) if n.text else [])
    out: list[Block] = [Para("clause", first or [Run("")], n.number, in_app, n.id, labels_comments)]
    ask_to_confirm(out, n.confirm, lang)
    letters = string.ascii_lowercase
    sub = 0
    for item in n.items:
        out.append(Para("subclause", runs(item), f"{letters[sub % 26]})", in_app))
        sub += 1
    for item in n.donts:
        dont_label = all_labels["norm"]["we_do_not"] + " "
        out.append(Para("subclause", [Run(dont_label, strong=True), *runs(item)],
                        f"{letters[sub % 26]})", in_app))
        sub += 1
    pairs = [(d, i) for d, i in n.dont_say if i]
    said = list(n.phrases)
    if n.own and n.dont_say and said:
        # the organisation's "never say" and "say" are one pair: show them side by side
        pairs = [(n.dont_say[0][0], said.pop(0))]
    elif n.own:
        for never, _ in n.dont_say:
            out.append(Para("body", [Run(all_labels["norm"]["we_never_say"] + " ", strong=True),
                                     Run(quote(never, lang))], in_appendix=in_app))
    for text in said:
        out.append(Para("phrase", [Run(quote(text, lang))], in_appendix=in_app))
    if pairs:
        head = [all_labels["norm"]["dont_say"], all_labels["norm"]["say_instead"]]
        out.append(Table(head, [[[Run(quote(d, lang))], [Run(quote(i, lang))]] for d, i in pairs],
                         kind="dont"))
    return out


def meta(r: Rendered, which: str) -> Meta:
    v = r.context.variables
    labels = r.labels["document"]
    org = v["org"]
    titles = {"standard": v["doc"].title, "annex": labels["annex_title"], "cards": labels["cards_title"],
              "survey": labels["survey_title"]}
    return Meta(
        lang=r.lang,
        title=titles[which],
        organisation=org.name,
        short_name=org.short,
        version=v["doc"].version,
        effective_date=v["doc"].effective,
        approved_by=v["doc"].approved_by,
        owning_unit=v["doc"].owning_unit,
        subject=labels["subject"],
        keywords=labels["keywords"],
        appendix_label=labels["appendix_label"],
        labels=labels,
        kind=which,  # type: ignore[arg-type]
        contents=which in ("standard", "annex"),
        contents_levels=1 if r.selection.facts.size in ("micro", "small") else 2,
        compact=r.selection.facts.size in ("micro", "small"),
        close_set=r.selection.facts.size != "large",
        status=r.context.variables["doc"].status,
        public=r.selection.facts.public,
    )


def bookmark(key: str) -> str:
    """A stable bookmark name within Word's 40-character limit (Word itself uses ``_Toc`` + digits)."""
    return f"_Toc{zlib.crc32(key.encode()):010d}"


def table(header: list[str], rows: list[list[str]], wide: bool = False) -> Table:
    return Table(header, [[runs(c) for c in row] for row in rows], wide=wide)
