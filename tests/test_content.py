"""What a reader of the generated standard can observe about its content.

Over the samples and the generated matrix: every number of the answers appears in the norm that
states it, with its value and no other; nothing of another sector, channel or setting leaks in;
each rule is stated once; the layers (standard, annex, cards) hold every norm exactly once.
"""

from __future__ import annotations

import re

import pytest

from kasgen.answers import validate_answers
from kasgen.document import Heading, Para, Table
from kasgen.lint.checks import leaks, near_duplicates
from kasgen.lint.matrix import matrix_profiles
from kasgen.pipeline import run
from kasgen.registry import load_registry
from kasgen.views.working_files import cards_document
from tests.helpers import SAMPLES, answers, load_sample

MATRIX = [(name, validate_answers(a, name)) for name, a in matrix_profiles()]
ALL = [(p.stem, load_sample(p)) for p in SAMPLES] + MATRIX

# Distinctive values: none of them occurs anywhere else in a standard.
LEVELS = {
    "in_person": {"greet_within_seconds": 23, "max_wait_minutes": 19, "appointment_wait_minutes": 7},
    "phone": {"answer_within_rings": 6, "answer_within_seconds": 33, "max_hold_seconds": 47,
              "callback_within_hours": 29},
    "email": {"acknowledge_within_working_days": 3, "reply_within_working_days": 13},
    "web_chat": {"first_reply_within_minutes": 9},
    "social_media": {"reply_within_hours": 11},
    "complaints": {"acknowledge_within_working_days": 4, "resolve_within_working_days": 17},
}


def distinctive_profile(lang: str):
    data = answers(
        channels=["in_person", "phone", "email", "web_chat", "social_media"],
        social_networks=["Facebook"],
        service_levels=LEVELS,
        **{"organisation.sector": "banking", "organisation.staff": 80, "document.language": lang},
    )
    return validate_answers(data, "distinctive")


def stating_norms(key: str) -> list[str]:
    """Norms whose own text (not checks or indicators) prints the service level ``key``."""
    registry = load_registry()
    pattern = re.compile(r"sl\." + re.escape(key) + r"\b")
    return sorted(n.id for _, n in registry.norm_index().values()
                  if pattern.search(n.text.lt) or pattern.search(n.text.en))


@pytest.mark.parametrize("lang", ["lt", "en"])
@pytest.mark.parametrize("key", [f"{c}.{k}" for c, levels in LEVELS.items() for k in levels])
def test_each_number_is_stated_once_in_its_norm_with_its_value(lang, key):
    stating = stating_norms(key)
    assert len(stating) == 1, f"{key} is stated by {stating}"
    result = run(distinctive_profile(lang))
    channel, name = key.split(".")
    value = LEVELS[channel][name]
    norm = result.rendered.norms.get(stating[0])
    assert norm is not None, f"{stating[0]} is not in the standard"
    assert re.search(rf"(?<![\d.]){value}(?![\d.])", norm.text), norm.text


def test_swapping_two_phone_levels_changes_the_two_norms():
    base = distinctive_profile("lt")
    data = base.model_dump(mode="json", exclude_unset=True)
    data["service_levels"]["phone"]["max_hold_seconds"] = 29
    data["service_levels"]["phone"]["callback_within_hours"] = 47
    swapped = run(validate_answers(data, "swapped")).rendered.norms
    hold, = stating_norms("phone.max_hold_seconds")
    callback, = stating_norms("phone.callback_within_hours")
    assert "29" in swapped[hold].text and "47" not in swapped[hold].text
    assert "47" in swapped[callback].text and "29" not in swapped[callback].text


@pytest.mark.parametrize("name,profile", ALL, ids=[n for n, _ in ALL])
def test_nothing_leaks_and_no_rule_is_said_twice(name, profile):
    for lang in ("lt", "en"):
        result = run(profile, lang)
        facts = result.rendered.selection.facts
        for doc in (result.standard, result.annex):
            assert [str(p) for p in leaks(doc, facts, name)] == []
            assert [str(p) for p in near_duplicates(doc, name)] == []
        assert result.rendered.missing_refs == []


@pytest.mark.parametrize("name,profile", ALL, ids=[n for n, _ in ALL])
def test_every_norm_is_in_exactly_one_layer(name, profile):
    result = run(profile)
    standard = [b.norm_id for b in result.standard.blocks if isinstance(b, Para) and b.norm_id]
    annex = [b.norm_id for b in result.annex.blocks if isinstance(b, Para) and b.norm_id]
    assert len(standard) == len(set(standard)) and len(annex) == len(set(annex))
    assert not set(standard) & set(annex)
    assert set(standard) | set(annex) == set(result.rendered.norms)


@pytest.mark.parametrize("name,profile", ALL, ids=[n for n, _ in ALL])
def test_the_quick_card_comes_first_and_the_index_has_twenty_situations(name, profile):
    result = run(profile)
    headings = result.standard.headings()
    assert headings[0].kind == "card" and headings[0].clause_id == "front.card"
    index = next(i for i, b in enumerate(result.standard.blocks)
                 if isinstance(b, Heading) and b.clause_id == "front.situations")
    table = result.standard.blocks[index + 1]
    assert isinstance(table, Table) and len(table.rows) >= 20
    valid = citations(result)
    for row in table.rows:
        for cited in "".join(r.text for r in row[1]).split("; "):
            assert cited in valid, (row, cited)


def citations(result) -> set[str]:
    """Every way the standard cites one of its norms or sections: "4.1.2", "3 priedo 3.2.5"."""
    numbers = result.rendered.numbers
    labels = result.rendered.labels["document"]
    return {numbers.cite(i, "standard", labels) for i in [*numbers.norm, *numbers.section]} - {""}


@pytest.mark.parametrize("name,profile", ALL, ids=[n for n, _ in ALL])
def test_cards_cite_only_norms_of_the_standard(name, profile):
    result = run(profile)
    cards = cards_document(result.rendered)
    numbers, labels = result.rendered.numbers, result.rendered.labels["document"]
    printed = {numbers.cite(b.norm_id, "standard", labels)
               for b in result.standard.blocks if isinstance(b, Para) and b.norm_id}
    cells = [("".join(r.text for r in row[-1])) for b in cards.blocks if isinstance(b, Table) for row in b.rows]
    assert cells and all(c in printed for c in cells), [c for c in cells if c not in printed]


def test_the_organisations_own_situations_are_norms_and_in_the_index():
    result = run(load_sample(next(p for p in SAMPLES if p.stem == "cafe-lt")))
    own = [n for n in result.rendered.norms.values() if n.own and n.id.startswith("own.situation")]
    assert len(own) == 3
    text = "\n".join(result.standard.text_lines())
    assert "Svečias sako, kad kava atšalo arba ne tokia, kokios prašė (mūsų situacija)" in text
    assert own[0].number in text


def test_a_cafe_gets_no_public_sector_identity_queue_media_crisis_or_servqual_material():
    result = run(load_sample(next(p for p in SAMPLES if p.stem == "cafe-lt")))
    text = "\n".join(result.standard.text_lines() + result.annex.text_lines()).lower()
    for word in ("asmens tapatyb", "eilės bilietėl", "eilių valdymo", "krizės komunikac", "servqual",
                 "seniūnij", "administracij", "valstybės tarnautoj", "nutarim"):
        assert word not in text, word


def test_the_team_leads_card_holds_what_the_lead_does_not_what_staff_do():
    """Reader review: the lead's card listed the staff's side of calling a manager ("beyond your
    authority – call the manager", "manager away – say when…"); it holds the lead's own duties."""
    result = run(load_sample(next(p for p in SAMPLES if p.stem == "company-en")))
    r = result.rendered
    cards = cards_document(r)
    start = next(i for i, b in enumerate(cards.blocks) if isinstance(b, Heading) and b.clause_id == "team_lead")
    table = next(b for b in cards.blocks[start:] if isinstance(b, Table))
    cited = {"".join(x.text for x in row[-1]) for row in table.rows}

    def number(norm_id: str) -> str:
        return r.numbers.cite(norm_id, "standard", r.labels["document"])

    assert {number("escalation.in_person_time"), number("escalation.manager_conduct"),
            number("safety.debrief")} <= cited
    assert not {number("escalation.when"), number("escalation.unavailable"), number("conflict.warning")} & cited
    lines = cards.text_lines()
    assert any("I'm Tom, the manager" in line for line in lines)


def test_the_main_offices_contact_for_difficult_cases_is_a_person_not_the_switchboard():
    profile = load_sample(next(p for p in SAMPLES if p.stem == "municipality-lt"))
    result = run(profile)
    branch_table = next(b for b in result.standard.blocks if isinstance(b, Table) and b.from_answers
                        and any("".join(r.text for r in row[0]) == profile.branches[0].name for row in b.rows))
    main_row = ["".join(r.text for r in cell) for cell in branch_table.rows[0]]
    assert main_row[-1] == f"{profile.roles.standard_owner}, tel. {profile.organisation.phone}"
    assert [("".join(r.text for r in row[-1])) for row in branch_table.rows[1:]] == [
        b.escalation_contact for b in profile.branches]


@pytest.mark.parametrize("name,profile", ALL, ids=[n for n, _ in ALL])
def test_every_norm_column_cites_what_the_standard_prints(name, profile):
    """Scripts, cards and the index cite a norm or section for each line; none is left blank or
    points at a chapter the organisation does not have (a phone script once cited a
    face-to-face norm)."""
    result = run(profile)
    column = result.rendered.labels["columns"]["norm"]
    valid = citations(result)
    for block in result.standard.blocks:
        if isinstance(block, Table) and block.header and block.header[-1] == column:
            for row in block.rows:
                cell = "".join(r.text for r in row[-1])
                assert cell and all(c in valid for c in cell.split("; ")), (name, block.header, row)
