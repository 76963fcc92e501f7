"""When an item's key terms are evidence (issue 14's sixth round).

Key terms are the audit's weaker route: a sentence that holds them needs to resemble the item only
a little. They do not count in a sentence that resembles the item's learned negatives (the wording
of a neighbouring item) at least as closely as the item (``KEY_VETO``), nor in one that resembles
``key_rank`` or more other items more closely than the item: a monthly report that lists "the
latest mystery shopping score" names a monitoring method without describing it. In the item's own
chapter of a structured standard they count again: the chapter says what the sentence is about.
"""

from __future__ import annotations

import dataclasses

from kasgen.audit import retrieval
from kasgen.audit.reader import standard_from_text
from kasgen.audit.rubric import load_rubric
from kasgen.audit.scoring import score_standard, thresholds

REPORT_LT = ("Kas mėnesį klientų aptarnavimo vadovė pateikia direktoriui vieno puslapio suvestinę: "
             "vidutinį skambučio laukimo laiką, gautų skundų skaičių ir naujausią slapto pirkėjo įvertinimą.")
AFTER_SHOUTING_EN = ("When a customer has shouted at an adviser, the team leader talks it through with them "
                     "the same day and offers a break.")
OFF = 1e9  # a veto ratio no sentence reaches


def _found(text: str, lang: str, **limits: float) -> set[str]:
    """The items with a facet found in the text (as the evaluation counts "present")."""
    rubric = load_rubric()
    scoring = score_standard(standard_from_text(text, "probe"), lang, rubric,
                             limits=dataclasses.replace(thresholds(lang), **limits))
    return {i for i, r in scoring.results.items() if r.found and r.item.check == "retrieval"}


def test_key_terms_of_an_item_the_sentence_is_not_about_do_not_count(monkeypatch):
    monkeypatch.setattr(retrieval, "KEY_VETO", OFF)  # the rank rule alone
    text = f"# Kokybės ataskaita\n\n{REPORT_LT}"
    assert thresholds("lt").key_rank >= 1
    assert "M3" in _found(text, "lt", key_rank=0)  # "slapto pirkėjo" is a monitoring method's key term
    found = _found(text, "lt")
    assert "M3" not in found
    assert "M6" in found  # what the sentence is about: reporting the results


def test_key_terms_do_not_count_in_a_sentence_worded_like_the_items_negatives(monkeypatch):
    text = f"# After an incident\n\n{AFTER_SHOUTING_EN}"
    assert "P5.5" not in _found(text, "en", key_rank=0)  # the veto alone
    monkeypatch.setattr(retrieval, "KEY_VETO", OFF)
    assert "P5.5" in _found(text, "en", key_rank=0)  # "incident"-like words of the safety item


def _structured(chapter_with_report: str) -> str:
    chapters = {
        "Bendrosios nuostatos": "Šis standartas taikomas visiems įmonės darbuotojams, aptarnaujantiems klientus.",
        "Nuotolinis bendravimas": "Į skambučius atsiliepiame per tris signalus.",
        "Sudėtingos situacijos": "Skundus išnagrinėjame per dešimt darbo dienų.",
        "Stebėsenos planas": "Standarto laikymąsi vertiname kas ketvirtį.",
    }
    chapters[chapter_with_report] += " " + REPORT_LT
    return "\n\n".join(f"# {n}. {title}\n\n{body}" for n, (title, body) in enumerate(chapters.items(), 1)) + "\n"


def test_in_the_items_own_chapter_its_key_terms_count():
    rubric = load_rubric()
    at_home = score_standard(standard_from_text(_structured("Stebėsenos planas"), "a"), "lt", rubric)
    elsewhere = score_standard(standard_from_text(_structured("Nuotolinis bendravimas"), "b"), "lt", rubric)
    assert at_home.layout.structured and elsewhere.layout.structured
    assert "mystery" in at_home.results["M3"].found
    assert elsewhere.results["M3"].found == []
