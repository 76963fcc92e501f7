"""The command line as a user meets it: real processes, exit codes, messages, files."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml

from tests.helpers import ROOT, SAMPLES, answers, write_answers


def kasgen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kasgen", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=300)


def test_version_and_help():
    result = kasgen("--version")
    assert result.returncode == 0 and result.stdout.startswith("kasgen ")
    assert kasgen().returncode == 2


def test_schema_is_json_schema_of_the_answers_file():
    result = kasgen("schema")
    schema = json.loads(result.stdout)
    assert {"organisation", "channels", "service_levels", "document"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False


def test_validate_reports_valid_file():
    result = kasgen("validate", str(SAMPLES[0]))
    assert result.returncode == 0 and "valid" in result.stdout


def test_explain_gives_reasons_in_the_documents_language():
    english = kasgen("explain", "samples/company-en.yaml")
    assert english.returncode == 0
    assert "[remote.web_chat: channel in use: web chat]" in english.stdout
    assert re.search(r"general\.branch_heads\s+\[has branches\]", english.stdout)
    lithuanian = kasgen("explain", "samples/municipality-lt.yaml")
    assert "naudojamas kanalas: pokalbis svetainėje" in lithuanian.stdout
    assert "channel in use" not in lithuanian.stdout
    left_out = kasgen("explain", "samples/cafe-lt.yaml").stdout.split("== neįtraukta")[1]
    assert "norm general.public_rules: viešoji įstaiga" in left_out


def test_batch_builds_the_good_files_and_reports_the_bad_one(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_answers(folder, answers(), "good.yaml")
    write_answers(folder, answers(**{"document.language": "en"}), "good-en.yaml")
    write_answers(folder, answers(channels=["fax"]), "bad.yaml")
    out = tmp_path / "out"
    result = kasgen("build", str(folder), "-o", str(out), "-j", "2")
    assert result.returncode == 2
    assert sorted(p.name for p in out.iterdir()) == ["good-en.docx", "good.docx"]
    assert "2 built, 1 failed" in result.stdout
    assert "Aptarnavimo kanalai → Nr. 1 (channels[1]): turi būti viena iš reikšmių" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_checklist_command_writes_a_workbook(tmp_path):
    result = kasgen("checklist", "samples/municipality-lt.yaml", "-o", str(tmp_path / "c.xlsx"))
    assert result.returncode == 0
    wb = openpyxl.load_workbook(tmp_path / "c.xlsx")
    assert wb.sheetnames[0] == "Suvestinė"
    branches = [b["name"] for b in yaml.safe_load(SAMPLES[2].read_text(encoding="utf-8"))["branches"]]
    assert [c.value for c in wb[wb.sheetnames[0]][1]][1:] == ["Centrinė būstinė", *branches]


def test_template_check_names_the_styles_kasgen_adds(tmp_path):
    import docx

    path = tmp_path / "plain.docx"
    docx.Document().save(str(path))
    result = kasgen("template", "check", str(path))
    assert result.returncode == 0                       # kasgen adds what it lacks
    assert "Clause" in result.stdout
    shell = kasgen("template", "check", "templates/shell.docx")
    assert shell.returncode == 0 and "has everything kasgen needs" in shell.stdout


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{% include '/etc/passwd' %}", "template line 1"),
        ("{% import 'os' as os %}", "template line 1"),
        ("{{ lookup('env', 'HOME') }}", "template line 1"),
        ("{{ org.__class__.__init__.__globals__ }}", "template line 1"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "template line 1"),
    ],
)
def test_custom_clause_cannot_reach_files_imports_or_internals(tmp_path, body, expected):
    folder = tmp_path / "clauses"
    folder.mkdir()
    section = {"id": "custom.evil", "order": 1, "title": {"lt": "X", "en": "X"},
               "content": [{"id": "custom.evil_norm", "text": {"lt": body, "en": body}}]}
    (folder / "evil.yaml").write_text(yaml.safe_dump({"part": "principles", "sections": [section]}),
                                      encoding="utf-8")
    result = kasgen("build", str(SAMPLES[0]), "-o", str(tmp_path / "x.docx"), "--clauses", str(folder))
    assert result.returncode == 2
    assert "custom.evil" in result.stderr and expected in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_edited_output_is_protected_end_to_end(tmp_path):
    import docx

    target = tmp_path / "standard.docx"
    assert kasgen("build", str(SAMPLES[0]), "-o", str(target)).returncode == 0
    d = docx.Document(str(target))
    d.add_paragraph("Redaktoriaus pastaba")
    d.save(str(target))
    refused = kasgen("build", str(SAMPLES[0]), "-o", str(target))
    assert refused.returncode == 2 and "--force" in refused.stderr
    forced = kasgen("build", str(SAMPLES[0]), "-o", str(target), "--force")
    assert forced.returncode == 0 and "standard.edited-1.docx" in forced.stdout
