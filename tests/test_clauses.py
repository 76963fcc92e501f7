"""Clause selection and the strict template environment."""

from __future__ import annotations

import pytest
import yaml

from kasgen.answers import validate_answers
from kasgen.assemble import assemble, layout
from kasgen.clauses import Condition, load_library, select
from kasgen.errors import ClauseError
from kasgen.textrender import count, render
from tests.helpers import answers

BRANCH = {"name": "Centras", "address": "Gatvė 1", "opening_hours": "8–17", "escalation_contact": "Vadovas"}


@pytest.mark.parametrize(
    ("condition", "changes", "expected"),
    [
        ({"channels": ["web_chat"]}, {}, None),
        ({"channels": ["web_chat", "phone"]}, {}, ["channels contains phone"]),
        ({"sector": ["healthcare"]}, {}, None),
        ({"sector": ["retail"]}, {}, ["sector is retail"]),
        ({"public": True}, {}, None),
        ({"public": True}, {"organisation.sector": "municipality"}, ["the organisation is a public body"]),
        ({"groups": ["elderly"]}, {}, None),
        ({"groups": ["elderly"]}, {"client_groups": ["elderly"]}, ["client_groups contains elderly"]),
        ({"multi_branch": True}, {"branches": [BRANCH]}, None),
        ({"multi_branch": True}, {"branches": [BRANCH, dict(BRANCH, name="Kitas")]}, ["there are 2 branches"]),
        ({"voice": ["formal"]}, {}, None),
        ({"voice": ["formal"]}, {"brand": {"voice": "formal"}}, ["brand voice is formal"]),
        ({"channels": ["phone"], "sector": ["bank"] and ["banking"]}, {}, None),
        ({}, {}, []),
    ],
)
def test_condition_reasons(condition, changes, expected):
    profile = validate_answers(answers(**changes))
    assert Condition.model_validate(condition).reasons(profile) == expected


def write_clause(folder, body: str, when: dict | None = None, cid: str = "custom.test") -> None:
    clause = {"id": cid, "order": 1, "when": when or {}, "title": {"lt": "Bandymas", "en": "Test"},
              "text": {"lt": body, "en": body}}
    text = yaml.safe_dump({"part": "principles", "clauses": [clause]}, allow_unicode=True)
    (folder / "custom.yaml").write_text(text, encoding="utf-8")


def test_misspelt_variable_names_clause_and_line(tmp_path):
    write_clause(tmp_path, "Pirma eilutė.\nAntra {{ org.shortname }}.\n")
    with pytest.raises(ClauseError) as info:
        assemble(validate_answers(answers()), clause_dirs=[tmp_path])
    message = str(info.value)
    assert "custom.test" in message and "template line 2" in message and "shortname" in message


def test_syntax_error_names_clause_and_line(tmp_path):
    write_clause(tmp_path, "Gera eilutė.\n{% if %}\n")
    with pytest.raises(ClauseError) as info:
        assemble(validate_answers(answers()), clause_dirs=[tmp_path])
    assert "custom.test" in str(info.value) and "template line 2" in str(info.value)


@pytest.mark.parametrize(
    "attack",
    ["{{ org.__class__.__mro__ }}", "{{ ''.__class__.__subclasses__() }}", "{{ cycler.__init__.__globals__ }}"],
)
def test_sandbox_blocks_attribute_escapes(tmp_path, attack):
    write_clause(tmp_path, f"Eilutė {attack}\n")
    with pytest.raises(ClauseError) as info:
        assemble(validate_answers(answers()), clause_dirs=[tmp_path])
    assert "custom.test" in str(info.value)


def test_custom_clause_overrides_bundled_one_by_id(tmp_path):
    write_clause(tmp_path, "Mūsų pačių tikslas.\n", cid="general.purpose")
    result = assemble(validate_answers(answers()), clause_dirs=[tmp_path])
    lines = result.document.text_lines()
    assert any("Mūsų pačių tikslas." in line for line in lines)
    assert not any("Šis standartas nustato" in line for line in lines)


def test_unknown_condition_key_is_an_error(tmp_path):
    write_clause(tmp_path, "Eilutė.\n", when={"chanels": ["phone"]})
    with pytest.raises(ClauseError) as info:
        load_library([tmp_path])
    assert "chanels" in str(info.value)


def test_selection_is_ordered_with_reasons():
    profile = validate_answers(answers(channels=["phone"]))
    library = load_library()
    chosen = select(library, profile, [p.id for p in layout()])
    ids = [s.clause.id for s in chosen]
    assert ids[0] == "general.purpose"
    assert all(s.reasons for s in chosen)
    assert not any(cid.startswith("remote.web_chat") for cid in ids)


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "1 dieną"), (2, "2 dienas"), (9, "9 dienas"), (10, "10 dienų"), (11, "11 dienų"),
     (15, "15 dienų"), (21, "21 dieną"), (22, "22 dienas"), (20, "20 dienų"), (111, "111 dienų")],
)
def test_lithuanian_number_agreement(n, expected):
    assert count(n, "dieną", "dienas", "dienų") == expected


def test_english_plural():
    assert count(1, "day", "days") == "1 day"
    assert count(3, "day", "days") == "3 days"


def test_render_is_strict():
    with pytest.raises(ClauseError):
        render("{{ missing }}", {}, "x")


def test_clauses_of_a_part_whose_condition_fails_are_left_out():
    profile = validate_answers(answers(monitoring={"methods": ["satisfaction_survey"]}))
    ids = [s.clause.id for s in assemble(profile).selected]
    assert not any(cid.startswith("app_checklists.") for cid in ids)
    profile = validate_answers(answers(monitoring={"methods": ["mystery_shopping"]}))
    ids = [s.clause.id for s in assemble(profile).selected]
    assert "app_checklists.scenarios" in ids


def test_markup_blocks_and_conditional_table_rows():
    from kasgen.document import Para, Table
    from kasgen.markup import Directive, SubHeading, parse

    blocks = parse(
        "Norm one.\n* sub a\n- bullet\n> „Laba diena.“\n: lead-in\n! check this\n### Sub\n"
        "| A | B |\n|---|---|\n| 1 | 2 |\n\n| 3 | 4 |\n@indicators\nNorm **two**.\n"
    )
    kinds = [b.role if isinstance(b, Para) else type(b).__name__ for b in blocks]
    assert kinds == ["clause", "subclause", "bullet", "phrase", "body", "note", "SubHeading",
                     "Table", "Directive", "clause"]
    table = blocks[7]
    assert isinstance(table, Table) and table.header == ["A", "B"] and len(table.rows) == 2
    assert isinstance(blocks[6], SubHeading) and isinstance(blocks[8], Directive)
    last = blocks[9]
    assert [(r.text, r.strong) for r in last.runs] == [("Norm ", False), ("two", True), (".", False)]


def test_ref_gives_the_number_the_clause_gets_in_the_document(tmp_path):
    write_clause(tmp_path, "Žr. {{ ref('remote.phone') }} ir {{ ref('app_conflict.model') }}; "
                           "{{ ref('remote.web_chat') or 'nėra' }}.\n")
    result = assemble(validate_answers(answers(channels=["phone"])), clause_dirs=[tmp_path])
    line = next(t for t in result.document.text_lines() if t.startswith("2.") and "Žr." in t)
    phone, model = result.numbers["remote.phone"], result.numbers["app_conflict.model"]
    assert f"Žr. {phone.rstrip('.')} ir {model.rstrip('.')}; nėra." in line


def test_ref_to_an_unknown_clause_is_an_error(tmp_path):
    write_clause(tmp_path, "Žr. {{ ref('remote.fone') }}.\n")
    with pytest.raises(ClauseError) as info:
        assemble(validate_answers(answers()), clause_dirs=[tmp_path])
    assert "remote.fone" in str(info.value)
