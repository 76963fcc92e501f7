"""What the audit concludes: kasgen's own standards pass, removing a part drops exactly its
items, a generic standard fails with the right gaps, and the typical defects are found."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from kasgen.answers import load_profile
from kasgen.audit.assessment import assess
from kasgen.audit.defects import find_defects
from kasgen.audit.reader import read_standard
from kasgen.audit.rubric import load_rubric
from kasgen.audit.scoring import score_standard, thresholds
from tests.audit_docs import GENERIC_STANDARD_LT
from tests.helpers import SAMPLES, answers, write_answers

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def municipality(packed):
    profile = load_profile(Path("samples/municipality-lt.yaml"))
    return profile, assess(packed["municipality-lt"], profile)


@pytest.mark.parametrize("sample", [s.stem for s in SAMPLES])
def test_kasgen_standards_have_at_least_95_percent_of_items_present(packed, sample):
    """The standard and its management annex, audited as one set."""
    profile = load_profile(next(s for s in SAMPLES if s.stem == sample))
    result = assess(packed[sample], profile)
    applicable = result.applicable
    present = [r for r in applicable if r.status == "present"]
    missing = [(r.item.id, r.status) for r in applicable if r.status != "present"]
    assert len(present) >= 0.95 * len(applicable), missing
    assert not result.critical_failures
    assert result.verdict == "excellent"


def _first_paragraph(element):
    """The element itself for a paragraph; the first paragraph inside a content control."""
    if element.tag == f"{W}p":
        return element
    if element.tag == f"{W}sdt":
        return next(element.iter(f"{W}p"), None)
    return None


def _without_chapters(source: Path, target: Path, title: str) -> Path:
    """A copy of a kasgen standard without the chapters/appendices whose title matches."""
    document = docx.Document(str(source))
    body = document.element.body
    removing = False
    for element in list(body):
        first = _first_paragraph(element)
        style = first.find(f"{W}pPr/{W}pStyle") if first is not None else None
        if style is not None and style.get(f"{W}val") in ("Heading1", "AppendixHeading"):
            text = "".join(t.text or "" for t in first.iter(f"{W}t"))
            removing = bool(re.search(title, text))
        if removing and element.tag != f"{W}sectPr":
            body.remove(element)
    document.save(str(target))
    return target


@pytest.mark.parametrize("part, title, also", [
    ("P2", "Aplinka ir sąlygos", set()),
    # the transfer script is stated once, in Part 4's phone section (A1.3 of the phone appendix)
    ("P4", "nuotoliniu būdu", {"A1.3"}),
    ("A1", "telefonu rekomendacijos", set()),
    ("A3", "Konfliktų valdymo", set()),
    # the published promises to residents are in the implementation chapter (P1.8)
    ("I", "diegimas", {"P1.8"}),
    # the monitoring plan; G5 is the link from the norms to it
    ("M", "stebėsena", {"G5"}),
])
def test_removing_a_part_drops_exactly_its_items(municipality, packed, tmp_path, part, title, also):
    profile, before = municipality
    cut = [_without_chapters(path, tmp_path / f"cut-{i}.docx", title)
           for i, path in enumerate(packed["municipality-lt"])]
    after = assess(cut, profile)
    was = {r.item.id for r in before.results if r.status == "present"}
    now = {r.item.id for r in after.results if r.status == "present"}
    own = {r.item.id for r in before.results if r.item.part == part} & was
    assert own, "the part had items present to begin with"
    assert was - now == own | also
    assert now <= was


def test_a_generic_two_page_standard_scores_low_with_the_right_gaps(tmp_path):
    path = tmp_path / "generic.txt"
    path.write_text(GENERIC_STANDARD_LT, encoding="utf-8")
    result = assess([path])
    status = {r.item.id: r.status for r in result.results}
    assert result.verdict == "rework"
    assert result.percent < 40
    # no numbers, phrases, disability rules, monitoring or conflict/stress appendices
    for item in ("G3", "G4", "P3.4", "P4.1", "M2", "M4", "M5", "A1.2", "A3.3", "A4.1"):
        assert status[item] == "absent", item
    # conflict is mentioned in passing only
    assert status["P5.3"] != "present" and status["P5.5"] != "present"
    assert result.critical_failures
    kinds = {f.kind for f in result.findings}
    assert {"vague", "no_phrases", "no_emergency"} <= kinds
    vague = next(f for f in result.findings if f.kind == "vague")
    assert "operatyviai" in vague.detail and "mandagūs" in vague.detail


def _scoring(text: str, lang: str = "lt", profile=None):
    from kasgen.audit.reader import standard_from_text

    return score_standard(standard_from_text(text), lang, load_rubric(), profile)


def test_the_same_measure_with_two_values_is_found():
    s = _scoring("# Telefonu\n\nĮ skambutį atsiliepiame per 3 signalus.\n\n"
                 "# Atmintinė\n\nSkambučiai atsiliepiami per 5 signalus.\n")
    found = [f for f in find_defects(s) if f.kind == "two_values"]
    assert len(found) == 1 and found[0].detail in ("3 rings / 5 rings", "5 rings / 3 rings")
    assert len(found[0].sentences) == 2


def test_consistent_values_are_not_a_defect():
    s = _scoring("# Telefonu\n\nĮ skambutį atsiliepiame per 3 signalus.\n\n"
                 "Perskambiname per 24 valandas.\n\n# Atmintinė\n\nSkambučiai atsiliepiami per 3 signalus.\n")
    assert not [f for f in find_defects(s) if f.kind == "two_values"]


def test_a_deadline_for_either_of_two_actions_does_not_conflict_with_one_of_them():
    s = _scoring("# El. paštas\n\nIšsamų atsakymą į el. laišką išsiunčiame per 10 darbo dienų.\n\n"
                 "# Patikrinimas\n\nPatvirtinimas ar atsakymas į el. laišką gautas per 1 darbo dieną.\n")
    assert not [f for f in find_defects(s) if f.kind == "two_values"]
    s = _scoring("# El. paštas\n\nIšsamų atsakymą į el. laišką išsiunčiame per 10 darbo dienų.\n\n"
                 "# Atmintinė\n\nĮ el. laišką atsakome per 5 darbo dienas.\n")
    assert [f for f in find_defects(s) if f.kind == "two_values"]


def test_machinery_is_not_asked_of_a_micro_organisation(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("# Telefonu\n\nĮ skambutį atsiliepiame per 3 signalus.\n", encoding="utf-8")
    micro = load_profile(write_answers(tmp_path, answers(**{"organisation.size": "micro"})))
    small = load_profile(write_answers(tmp_path, answers(**{"organisation.size": "small"}), "small.yaml"))
    status = {r.item.id: r.status for r in assess([path], micro).results}
    assert status["I5"] == "n/a" and status["P4.1"] != "n/a"
    assert {r.item.id: r.status for r in assess([path], small).results}["I5"] == "absent"


def test_a_script_in_the_part_an_appendix_supports_counts_in_full():
    chapters = ("# 1. Bendrosios nuostatos\n\nStandartą taiko visi darbuotojai.\n\n"
                "# 2. Pagrindiniai aptarnavimo principai\n\nDirbame sąžiningai.\n\n"
                "# 5. Bendravimas nuotoliniu būdu\n\n{phone}\n\n"
                "# 6. Įvaizdžio kūrimas\n\n{image}\n\n"
                "# 1 priedas. Aptarnavimo telefonu rekomendacijos\n\nKalbame ramiai.\n")
    script = ("Prieš sujungdamas su kolega, darbuotojas pasako skambinančiajam, su kuo ir kodėl "
              "sujungs, ir perduoda kolegai, ką jau žino.")
    in_part4 = _scoring(chapters.format(phone=script, image="Dėkojame už atsiliepimus."))
    in_part6 = _scoring(chapters.format(phone="Atsiliepiame per 3 signalus.", image=script))
    best = {name: max(e.score for e in s.facet_matches(s.rubric.items[[i.id for i in s.rubric.items].index("A1.3")], "main"))
            for name, s in (("part4", in_part4), ("part6", in_part6))}
    assert best["part4"] > best["part6"]


def test_a_reply_deadline_beyond_the_legal_maximum(tmp_path):
    text = "# Raštai\n\nĮ gyventojų raštus atsakome per 30 darbo dienų.\n"
    public = load_profile(write_answers(tmp_path, answers(**{"organisation.sector": "municipality"})))
    private = load_profile(write_answers(tmp_path, answers(), "private.yaml"))
    assert [f.detail for f in find_defects(_scoring(text, profile=public)) if f.kind == "legal_deadline"] \
        == ["30 working days"]
    assert not [f for f in find_defects(_scoring(text, profile=private)) if f.kind == "legal_deadline"]
    legal = "# Raštai\n\nTeisės aktų nustatytas terminas gali būti pratęstas iki 40 darbo dienų.\n"
    assert not [f for f in find_defects(_scoring(legal, profile=public)) if f.kind == "legal_deadline"]


def test_monitoring_methods_without_indicators():
    s = _scoring("# Stebėsena\n\nKasmet atliekame klientų pasitenkinimo apklausą ir slapto kliento "
                 "patikrinimus. Analizuojame skundų skaičių.\n")
    assert "no_indicators" in {f.kind for f in find_defects(s)}


def test_placeholders_and_emergency_clause():
    s = _scoring("# Bendrosios nuostatos\n\n[organizacija] klientus aptarnauja mandagiai.\n")
    kinds = {f.kind for f in find_defects(s)}
    assert {"placeholders", "no_emergency"} <= kinds
    s = _scoring("# Bendrosios nuostatos\n\nEkstremaliosios situacijos metu standartas taikomas tiek, "
                 "kiek neprieštarauja veiklos tęstinumo planui.\n")
    assert "no_emergency" not in {f.kind for f in find_defects(s)}


def test_items_for_channels_the_organisation_does_not_use_are_not_applicable(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("# Telefonu\n\nĮ skambutį atsiliepiame per 3 signalus.\n", encoding="utf-8")
    profile = load_profile(write_answers(tmp_path, answers(channels=["in_person", "phone"])))
    status = {r.item.id: r.status for r in assess([path], profile).results}
    assert status["P4.4"] == status["P4.2"] == "n/a"
    assert status["P4.1"] != "n/a"
    without = {r.item.id: r.status for r in assess([path]).results}
    assert without["P4.4"] == "absent"


def test_evidence_is_quoted_with_its_location(built):
    result = assess([built["company-en"]])
    phone = next(r for r in result.results if r.item.id == "P4.1")
    assert phone.status == "present"
    where = phone.evidence[0].sentence.location
    assert re.match(r"\d+\.\d+\. ", where.heading), where.heading
    assert phone.evidence[0].sentence.text in read_standard([built["company-en"]]).passages[
        where.paragraph - 1].text


def _keyed_items(groups: int) -> list:
    """Plain single-facet retrieval items (no channel, number or strictness condition) whose
    Lithuanian key terms have this many groups."""
    return [i for i in load_rubric().items if i.check == "retrieval" and len(i.all_facets) == 1
            and not (i.about or i.strict or i.all_facets[0].number or i.all_facets[0].about)
            and i.all_facets[0].keys is not None and len(i.all_facets[0].keys.groups("lt")) == groups]


def _one_sentence_with(*matches):
    """A one-sentence standard whose retrieval matches are the given ones ((item, similarity,
    key terms)): the rules that turn key terms into evidence, without depending on the exemplars."""
    from kasgen.audit.retrieval import FacetRef, Match

    s = _scoring("# Skyrius\n\nVienas sakinys apie nieką.\n")
    s.matches = {FacetRef(item.id, "main", False): [Match(0, score, "", keys)] for item, score, keys in matches}
    s._ranked = None
    return s


def _found(s, item) -> bool:
    return s.facet_matches(item, "main")[0].score >= s.limits.present


def test_key_terms_of_two_items_in_one_sentence_count_for_the_closer_one():
    """The rival and contest rules, as they decide in the item's own chapter of a structured
    standard (``key_rank`` off there); elsewhere ``key_rank`` 1 gives a sentence's key terms only
    to the item it resembles most."""
    from dataclasses import replace

    rubric = load_rubric()
    first = _keyed_items(2)[0]
    second = next(i for i in _keyed_items(2)[1:] if i.id not in rubric.partners(first.id))
    keys = ("a", "b")

    def sentence(*matches, key_rank=0):
        s = _one_sentence_with(*matches)
        s.limits = replace(s.limits, key_rank=key_rank)
        return s

    # the sentence resembles the second item clearly more: it is about the second item
    s = sentence((first, 0.30, keys), (second, 0.45, keys))
    assert not _found(s, first) and _found(s, second)
    # about as close to both (within the contest margin): it states both
    s = sentence((first, 0.40, keys), (second, 0.45, keys))
    assert _found(s, first) and _found(s, second)
    # the closer item without its key terms does not take the sentence (the rival rule only)
    s = sentence((first, 0.30, keys), (second, 0.45, ()))
    assert _found(s, first)
    # outside the item's own chapter, the shipped rank rule: only the closer item counts
    assert thresholds("lt").key_rank == 1
    s = sentence((first, 0.40, keys), (second, 0.45, keys), key_rank=1)
    assert not _found(s, first) and _found(s, second)
    s = sentence((first, 0.30, keys), (second, 0.45, ()), key_rank=1)
    assert not _found(s, first)


def test_one_sentence_closer_to_another_item_counts_for_that_item_unless_its_chapter_supports_both():
    from kasgen.audit.retrieval import FacetRef, Match

    rubric = load_rubric()
    first = _keyed_items(2)[0]
    second = next(i for i in _keyed_items(2)[1:] if i.id not in rubric.partners(first.id))
    limits = thresholds("lt")
    near, nearer = limits.present + 0.05, limits.present + 0.15

    def scored(*first_matches):
        s = _scoring("# Skyrius\n\nVienas sakinys apie nieką. Antras sakinys apie nieką.\n")
        s.matches = {FacetRef(first.id, "main", False): list(first_matches),
                     FacetRef(second.id, "main", False): [Match(0, nearer, "")]}
        s._ranked = None
        return s

    # resemblance alone, in a sentence that resembles another item more: the other item's evidence
    s = scored(Match(0, near, ""))
    assert not _found(s, first) and _found(s, second)
    assert s.facet_matches(first, "main")[0].score >= limits.partial  # still partial evidence
    # a second sentence of the chapter resembling the item too: the chapter states both
    s = scored(Match(0, near, ""), Match(1, limits.partial, ""))
    assert _found(s, first) and _found(s, second)
    # … but not when that support is weaker than partial evidence
    s = scored(Match(0, near, ""), Match(1, limits.partial - 0.02, ""))
    assert not _found(s, first)


def test_a_single_topic_word_needs_more_resemblance_than_a_topic_with_an_action():
    single, double = _keyed_items(1)[0], _keyed_items(2)[0]
    limits = thresholds("lt")
    midway = (limits.keyed + limits.partial) / 2
    weak, fair = limits.keyed + 0.01, midway + 0.01
    assert weak < midway < limits.present
    s = _one_sentence_with((single, weak, ("x",)))
    assert not _found(s, single)
    s = _one_sentence_with((single, fair, ("x",)))
    assert _found(s, single)
    s = _one_sentence_with((double, weak, ("x", "y")))
    assert _found(s, double)


def test_the_key_terms_reported_are_the_same_in_every_run():
    """Which of a group's key terms the report quotes does not depend on Python's string hashing
    (it used to follow set order): the first one in the text is reported."""
    import os
    import subprocess
    import sys

    program = (
        "from kasgen.audit.retrieval import exemplar_index\n"
        "hits = exemplar_index('en').keys.hits("
        "'You may appeal the decision; we give the reason in writing and name the ombudsman about the complaint.')\n"
        "print(sorted(terms for terms in hits.values() if terms[0] == 'complain'))\n"
    )
    outputs = set()
    for seed in range(6):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=env, check=True)
        outputs.add(done.stdout.strip())
    assert len(outputs) == 1, outputs
    assert "('complain', 'appeal')" in outputs.pop()
