"""Working files: the service cards and the survey forms, as document models.

A card is one printed page for a channel or a role: the short form of its norms with the numbers
they have in the standard, and a few phrases. The survey forms are the questions of the
management annex laid out to be filled in. Both cite the standard; neither restates it.
"""

from __future__ import annotations

from kasgen.context import render_text
from kasgen.document import Document, Heading, Para, Run
from kasgen.markup import runs
from kasgen.registry.conditions import size_at_least
from kasgen.stages.render import Rendered
from kasgen.stages.select import applies
from kasgen.views.body import bookmark, meta
from kasgen.views.generated import card_blocks, cols, table


def cards_document(r: Rendered) -> Document:
    """Every card that applies, the quick card first, one per page."""
    doc = Document(meta=meta(r, "cards"))
    labels = r.labels["document"]
    for card in r.registry.cards.values():
        if not applies(card, r.selection.facts):
            continue
        blocks = card_blocks(r, card.id, "standard")
        if not blocks:
            continue
        title = render_text(card.title.get(r.lang), r.context, f"card {card.id} title", r.helpers("standard"))
        doc.blocks.append(Heading(1, title, "card", "", bookmark(f"cards.{card.id}"), clause_id=card.id))
        audience = render_text(card.audience.get(r.lang), r.context, f"card {card.id} audience",
                               r.helpers("standard"))
        doc.blocks.append(Para("body", [Run(labels["card_for"] + " ", strong=True), Run(audience)]))
        doc.blocks.extend(blocks)
    return doc


def survey_document(r: Rendered) -> Document:
    """The survey forms: the short form after a contact and the annual questionnaire."""
    doc = Document(meta=meta(r, "survey"))
    c = cols(r)
    forms = r.labels["survey_forms"]
    questions = [q for q in r.registry.survey.values() if applies(q, r.selection.facts)]
    helpers = r.helpers("annex")
    for form_id, spec in forms.items():
        if not size_at_least(r.selection.facts.size, spec.get("min_size", "micro")):
            continue
        chosen = [q for q in questions if q.id in spec["questions"]] if spec.get("questions") else questions
        if not chosen:
            continue
        title = render_text(spec["title"], r.context, f"survey form {form_id}", helpers)
        doc.blocks.append(Heading(1, title, "card", "", bookmark(f"survey.{form_id}"), clause_id=form_id))
        intro = render_text(spec["intro"], r.context, f"survey form {form_id} intro", helpers)
        doc.blocks.append(Para("body", runs(intro)))
        rows = []
        for i, q in enumerate(chosen, start=1):
            text = render_text(q.text.get(r.lang), r.context, f"question {q.id} ({r.lang})", helpers)
            rows.append([f"{i}.", text, forms_scale(r, q.scale)])
        doc.blocks.append(table([c["item_no"], c["question"], c["answer"]], rows))
        doc.blocks.append(Para("body", runs(r.labels["document"]["survey_thanks"])))
    return doc


def forms_scale(r: Rendered, scale: str) -> str:
    """The answer boxes of a scale: "1 ☐  2 ☐  3 ☐  4 ☐  5 ☐"."""
    box = "\u2610"
    if scale == "csat5":
        return "  ".join(f"{i} {box}" for i in range(1, 6))
    if scale == "ces7":
        return "  ".join(f"{i} {box}" for i in range(1, 8))
    if scale == "nps11":
        return "  ".join(f"{i} {box}" for i in range(0, 11))
    return "_" * 40
