"""The management annex: indicators, scenarios, the sample plan and the workbook come from the norms
they measure, cite the standard's numbers and follow the organisation's size."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kasgen.answers import load_profile, validate_answers
from kasgen.build import build_checklist_workbook
from kasgen.checklists import build_scenarios
from kasgen.document import Para, Table
from kasgen.pdf import find_soffice
from kasgen.pipeline import run
from tests.helpers import SAMPLES, answers, write_answers

PROFILES = {s.stem: load_profile(s) for s in SAMPLES}


def printed_norms(result) -> dict[str, str]:
    """Norm id -> the number the standard prints for it."""
    return {b.norm_id: b.number.rstrip(".") for b in result.standard.blocks if isinstance(b, Para) and b.norm_id}


@pytest.mark.parametrize("sample", sorted(PROFILES))
def test_every_check_item_cites_the_number_of_its_norm_once(sample):
    result = run(PROFILES[sample])
    printed = printed_norms(result)
    scenarios = build_scenarios(result.rendered)
    assert scenarios
    for sc in scenarios:
        assert 1 <= len(sc.items) <= 30, (sc.id, len(sc.items))
        texts = [i.text for i in sc.items]
        assert len(texts) == len(set(texts)), sc.id  # nothing is scored twice
        for item in sc.items:
            # an appendix norm is cited with its appendix: "1 priedo 1.2.1"
            assert item.norm.endswith(printed[item.clause_id]), item
            assert item.weight in (1, 2, 3)


def test_a_large_organisations_visit_and_call_have_twenty_to_thirty_items():
    scenarios = {s.id: s for s in build_scenarios(run(PROFILES["municipality-lt"]).rendered)}
    for sid in ("visit", "call"):
        assert 20 <= len(scenarios[sid].items) <= 30, (sid, len(scenarios[sid].items))
    assert any(i.knockout for s in scenarios.values() for i in s.items)


@pytest.mark.parametrize("sample", sorted(PROFILES))
def test_channels_have_scenarios_and_indicators_and_unused_ones_none(sample):
    profile = PROFILES[sample]
    result = run(profile)
    used = {c.value for c in profile.channels}
    methods = {s.channel for s in build_scenarios(result.rendered)}
    expected = {"in_person": "visit", "phone": "call", "email": "email", "post": "letter",
                "web_form": "form", "web_chat": "chat", "social_media": "social"}
    for channel, method in expected.items():
        assert (method in methods) == (channel in used), channel
    norms_with_indicators = {n.id.split(".")[0] for n in result.rendered.norms.values() if n.indicators}
    for channel, prefix in (("phone", "phone"), ("email", "email"), ("web_chat", "chat"),
                            ("social_media", "social")):
        assert (prefix in norms_with_indicators) == (channel in used), channel


def test_declared_disability_groups_are_checked_in_the_accessibility_scenario():
    result = run(PROFILES["municipality-lt"])
    access = next(s for s in build_scenarios(result.rendered) if s.id == "accessibility")
    prefixes = {i.clause_id.split(".")[1].split("_")[0] for i in access.items if i.clause_id.startswith("group.")}
    assert {"wheelchair", "sight", "hearing"} <= prefixes, prefixes


def indicator_table(document) -> Table:
    tables = [b for b in document.blocks if isinstance(b, Table) and len(b.header) == 8]
    assert tables
    return tables[0]


def test_indicator_targets_use_the_answers_numbers_and_cite_printed_norms():
    profile = PROFILES["municipality-lt"]
    result = run(profile)
    table = indicator_table(result.annex)
    printed = set(printed_norms(result).values())
    assert all("".join(r.text for r in row[1]) in printed for row in table.rows)
    targets = " ".join("".join(r.text for r in row[3]) for row in table.rows)
    sl = profile.service_levels
    for value in (sl.phone.answer_within_seconds, sl.email.reply_within_working_days,
                  sl.web_chat.first_reply_within_minutes, sl.social_media.reply_within_hours,
                  sl.complaints.resolve_within_working_days, sl.in_person.max_wait_minutes):
        assert re.search(rf"\b{value}\b", targets), value


def test_changing_a_service_level_changes_norm_target_and_check_together():
    def build(seconds: int):
        profile = validate_answers(answers(
            channels=["phone"],
            service_levels={"phone": {"answer_within_rings": 6, "answer_within_seconds": seconds}},
            **{"document.language": "en"}))
        return run(profile)

    for seconds in (21, 37):  # both agree with 6 rings
        result = build(seconds)
        norm = result.rendered.norms["phone.answer"]
        assert re.search(rf"\b{seconds}\b", norm.text)
        assert any(re.search(rf"\b{seconds}\b", i.cells["target"]) for i in norm.indicators)
        other = 37 if seconds == 21 else 21
        assert not re.search(rf"\b{other}\b", norm.text)


def test_the_sample_plan_follows_size_and_sites():
    def total(result) -> int:
        table = next(b for b in result.annex.blocks if isinstance(b, Table) and b.rows
                     and b.rows[-1][0][0].text in ("Iš viso", "Total"))
        return int(table.rows[-1][-1][0].text)

    cafe, municipality = run(PROFILES["cafe-lt"]), run(PROFILES["municipality-lt"])
    visits = next(s for s in build_scenarios(municipality.rendered) if s.id == "visit")
    assert visits.per_site and visits.per_year * 5 <= total(municipality)  # main office + 4 elderships
    assert total(cafe) <= 12 < total(municipality) <= 120


def test_workbook_columns_weights_and_a_critical_item(tmp_path):
    path = write_answers(tmp_path, SAMPLES[2].read_text(encoding="utf-8"), "municipality.yaml")
    result = build_checklist_workbook(path, tmp_path / "checks.xlsx")
    wb = openpyxl.load_workbook(result.path)
    summary = wb[wb.sheetnames[0]]
    branches = [b.name for b in load_profile(path).branches]
    assert [c.value for c in summary[1]][1:] == ["Centrinė būstinė", *branches]
    visit = wb[wb.sheetnames[1]]
    header = [c.value for c in visit[3]]
    assert header[:7] == ["Nr.", "Ką tikrina vertintojas", "Kas laikoma įvykdytu", "Norma (p.)", "Tipas",
                          "Svoris", "Kritinis"]
    types = {visit.cell(row=r, column=5).value for r in range(4, visit.max_row)} - {None}
    assert types <= {"Taip / Ne", "Reikšmė"}  # readable, never raw codes


def test_only_visits_have_a_column_per_site_as_the_plan_counts_them(tmp_path):
    """The plan runs visits at every site and calls and messages centrally; the workbook gives a
    call one result column, and the summary shows its score under the main office."""
    path = write_answers(tmp_path, SAMPLES[2].read_text(encoding="utf-8"), "municipality.yaml")
    profile = load_profile(path)
    scenarios = build_scenarios(run(profile).rendered)
    wb = openpyxl.load_workbook(build_checklist_workbook(path, tmp_path / "checks.xlsx").path)
    summary = wb[wb.sheetnames[0]]
    sites = len(profile.branches) + 1
    for sc, name in zip(scenarios, wb.sheetnames[1:]):
        header = [c.value for c in wb[name][3] if c.value is not None]
        assert len(header) == 7 + (sites if sc.per_site else 1), (sc.id, header)
    assert any(sc.per_site for sc in scenarios) and any(not sc.per_site for sc in scenarios)
    call = next(i for i, sc in enumerate(scenarios) if not sc.per_site)
    row = [c.value for c in summary[call + 2]]
    assert row[0] == scenarios[call].title
    assert row[1].startswith("=") and all(v is None for v in row[2:]), row


def test_workbook_dates_come_from_the_answers_never_the_clock(tmp_path):
    """Like the standard, the workbook is dated the day the answers were prepared, or not at all;
    built twice from the same answers it is the same file."""
    undated = write_answers(tmp_path, answers(), "undated.yaml")
    first = build_checklist_workbook(undated, tmp_path / "first.xlsx").path
    with zipfile.ZipFile(first) as package:
        core = package.read("docProps/core.xml").decode()
    assert ">kasgen</dc:creator>" in core
    assert "dcterms:created" not in core and "dcterms:modified" not in core, core  # none stated
    dated = write_answers(tmp_path, answers(**{"document.prepared_on": "2025-03-14"}), "dated.yaml")
    again = build_checklist_workbook(dated, tmp_path / "dated.xlsx").path
    props = openpyxl.load_workbook(again).properties
    assert (props.created.date(), props.modified.date()) == (dt.date(2025, 3, 14), dt.date(2025, 3, 14))
    second = build_checklist_workbook(dated, tmp_path / "dated2.xlsx").path
    assert again.read_bytes() == second.read_bytes()


@pytest.mark.skipif(find_soffice() is None or not Path("/usr/lib/libreoffice/program/libsclo.so").exists(),
                    reason="LibreOffice Calc is not installed (.ci/run installs it)")
def test_workbook_scores_are_weighted_and_a_failed_critical_item_scores_zero(tmp_path):
    """LibreOffice computes the summary from results entered the way a shopper enters them."""
    path = write_answers(tmp_path, SAMPLES[0].read_text(encoding="utf-8"), "cafe.yaml")
    result = build_checklist_workbook(path, tmp_path / "checks.xlsx")
    wb = openpyxl.load_workbook(result.path)
    sheet = wb[wb.sheetnames[1]]
    rows = [r for r in range(4, sheet.max_row + 1) if sheet.cell(row=r, column=5).value == "Taip / Ne"]
    critical = [r for r in rows if sheet.cell(row=r, column=7).value]
    plain = [r for r in rows if r not in critical]
    assert plain
    for r in rows:
        sheet.cell(row=r, column=8, value=1)
    sheet.cell(row=plain[0], column=8, value=0)
    weights = {r: sheet.cell(row=r, column=6).value for r in rows}
    expected = 1 - weights[plain[0]] / sum(weights.values())
    wb.save(tmp_path / "filled.xlsx")
    score = _first_score(tmp_path / "filled.xlsx", tmp_path)
    assert abs(score - expected) < 0.01
    if critical:
        sheet.cell(row=critical[0], column=8, value=0)
        wb.save(tmp_path / "failed.xlsx")
        assert _first_score(tmp_path / "failed.xlsx", tmp_path) == 0


def _first_score(xlsx, tmp_path) -> float:
    """The first scenario's score on the summary sheet, as LibreOffice computes it."""
    out = tmp_path / "csv"
    subprocess.run([find_soffice() or "soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "csv", "--outdir", str(out), str(xlsx)],
                   capture_output=True, timeout=120, check=True)
    rows = list(csv.reader(io.StringIO((out / (xlsx.stem + ".csv")).read_text(encoding="utf-8"))))
    value = rows[1][1].strip().rstrip("%")
    return float(value) / 100 if value else float("nan")


def test_soffice_is_found_when_installed():
    assert (find_soffice() is None) == (shutil.which("soffice") is None and shutil.which("libreoffice") is None)
