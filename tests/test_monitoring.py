"""Monitoring plan and checklists come from the same clauses as the norms they measure."""

from __future__ import annotations

import re

import docx
import openpyxl
import pytest

from kasgen.answers import load_profile, validate_answers
from kasgen.assemble import assemble
from kasgen.build import build_checklist_workbook
from kasgen.document import Heading, Para, Table
from tests.helpers import SAMPLES, answers, paragraphs, write_answers

PROFILES = {s.stem: load_profile(s) for s in SAMPLES}


def headings_by_clause(document) -> dict[str, Heading]:
    return {b.clause_id: b for b in document.blocks if isinstance(b, Heading) and b.level == 2}


@pytest.mark.parametrize("sample", sorted(PROFILES))
def test_every_checklist_item_cites_its_clause_number(sample):
    result = assemble(PROFILES[sample])
    headings = headings_by_clause(result.document)
    assert result.scenarios
    for scenario in result.scenarios:
        assert 1 <= len(scenario.items) <= 40
        for item in scenario.items:
            heading = headings[item.clause_id]
            assert item.norm.endswith(heading.number), (item.text, item.norm, heading.number)


@pytest.mark.parametrize("sample", sorted(PROFILES))
def test_channels_have_indicators_and_checklists_and_unused_ones_none(sample):
    profile = PROFILES[sample]
    result = assemble(profile)
    used = {c.value for c in profile.channels}
    scenario_channels = {s.channel for s in result.scenarios}
    assert used <= scenario_channels
    assert scenario_channels - used <= {"accessibility", "complaint"}
    assert "complaint" in scenario_channels
    indicator_norms = {ri.clause_id for ri in result.indicators}
    for channel in used:
        clause = {"in_person": "environment.premises"}.get(channel, f"remote.{channel}")
        assert clause in indicator_norms, channel
    for channel in {"phone", "email", "post", "web_form", "web_chat", "social_media"} - used:
        assert f"remote.{channel}" not in indicator_norms


def test_declared_groups_appear_in_a_scenario_or_section():
    profile = PROFILES["municipality-lt"]
    result = assemble(profile)
    access = [s for s in result.scenarios if s.channel == "accessibility"]
    assert access
    clause_ids = {i.clause_id for s in access for i in s.items}
    for group in profile.client_groups:
        if group.value == "aggressive_or_intoxicated":
            continue
        assert f"direct.group_{group.value}" in clause_ids, group


def indicator_table(document) -> Table:
    tables = [b for b in document.blocks if isinstance(b, Table) and len(b.header) == 7]
    assert tables
    return tables[0]


def section_text(document, clause_id: str) -> str:
    out, inside = [], False
    for block in document.blocks:
        if isinstance(block, Heading) and block.level <= 2:
            inside = block.clause_id == clause_id
        elif inside and isinstance(block, Para):
            out.append(block.text)
    return "\n".join(out)


def test_changing_a_service_level_changes_norm_target_and_checklist_together():
    base = {"phone": {"answer_within_rings": 3, "answer_within_seconds": 17, "max_hold_seconds": 60,
                      "callback_within_hours": 4}}
    changed = {"phone": dict(base["phone"], answer_within_seconds=23)}
    docs = {}
    for key, levels in (("base", base), ("changed", changed)):
        profile = validate_answers(answers(channels=["phone"], service_levels=levels,
                                           **{"document.language": "en"}))
        docs[key] = assemble(profile)
    for key, seconds in (("base", "17"), ("changed", "23")):
        result = docs[key]
        assert re.search(rf"\b{seconds}\b", section_text(result.document, "remote.phone"))
        table = indicator_table(result.document)
        phone_rows = [r for r in table.rows if r[1][0].text == result.numbers["remote.phone"]]
        assert any(re.search(rf"\b{seconds}\b", "".join(x.text for x in r[3])) for r in phone_rows)
        other = "23" if seconds == "17" else "17"
        assert not re.search(rf"\b{other} s\b", section_text(result.document, "remote.phone"))


def test_targets_use_the_profile_numbers():
    profile = PROFILES["municipality-lt"]
    result = assemble(profile)
    table = indicator_table(result.document)
    targets = " ".join("".join(r.text for r in row[3]) for row in table.rows)
    sl = profile.service_levels
    for value in (sl.phone.answer_within_seconds, sl.email.reply_within_working_days,
                  sl.web_chat.first_reply_within_minutes, sl.social_media.reply_within_hours,
                  sl.complaints.resolve_within_working_days, sl.in_person.max_wait_minutes):
        assert re.search(rf"\b{value}\b", targets), value


def test_workbook_has_sheets_and_formulas_over_the_scoring_cells(tmp_path):
    path = write_answers(tmp_path, open(SAMPLES[1], encoding="utf-8").read(), "company.yaml")
    out, sheets, _ = build_checklist_workbook(path, tmp_path / "checks.xlsx")
    wb = openpyxl.load_workbook(out)
    result = assemble(load_profile(path))
    assert len(wb.sheetnames) == sheets + 1 == len(result.scenarios) + 1
    summary = wb[wb.sheetnames[0]]
    branches = [b.name for b in load_profile(path).branches]
    assert [c.value for c in summary[1]][1:] == branches
    for row, scenario in zip(summary.iter_rows(min_row=2), result.scenarios):
        sheet_ref = row[0].value
        sheet = wb[re.match(r"='(.+)'!A1", sheet_ref).group(1)]
        assert sheet["A1"].value == scenario.title
        last = 3 + len(scenario.items)
        for k, cell in enumerate(row[1:]):
            col = openpyxl.utils.get_column_letter(5 + k)
            assert cell.value == f"='{sheet.title}'!{col}{last + 1}"
            formula = sheet[f"{col}{last + 1}"].value
            assert f"{col}4:{col}{last}" in formula and "SUMIFS" in formula


def test_checklist_appendix_is_in_the_document(built):
    doc = docx.Document(str(built["company-en"]))
    titles = [p.text for p in paragraphs(doc) if p.style.name == "Appendix Heading"]
    assert "Mystery-shopper checklists" in titles
