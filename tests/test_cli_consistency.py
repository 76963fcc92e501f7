"""The command line behaves the same way for one file and for many, and explains itself."""

from __future__ import annotations

import argparse

import openpyxl
import pytest

from kasgen.cli import _parser
from tests.helpers import answers, write_answers
from tests.test_cli import kasgen


def test_a_missing_output_folder_is_made_for_one_build_and_for_many(tmp_path):
    one = write_answers(tmp_path, answers(), "one.yaml")
    result = kasgen("build", str(one), "-o", str(tmp_path / "new" / "deeper" / "one.docx"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "new" / "deeper" / "one.docx").is_file()
    folder = tmp_path / "in"
    folder.mkdir()
    write_answers(folder, answers(), "a.yaml")
    write_answers(folder, answers(), "b.yaml")
    result = kasgen("build", str(folder), "-o", str(tmp_path / "made" / "standards"), "-j", "1")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "made" / "standards").iterdir()) == ["a.docx", "b.docx"]


def test_a_failed_build_leaves_no_folder_behind(tmp_path):
    bad = write_answers(tmp_path, answers(channels=["fax"]), "bad.yaml")
    assert kasgen("build", str(bad), "-o", str(tmp_path / "out" / "bad.docx")).returncode == 2
    assert kasgen("build", str(bad), str(bad), "-o", str(tmp_path / "many")).returncode == 2
    assert not (tmp_path / "out").exists() and not (tmp_path / "many").exists()


def test_a_file_where_the_folder_would_go_is_refused_before_the_build(tmp_path):
    one = write_answers(tmp_path, answers(), "one.yaml")
    (tmp_path / "taken").write_text("a file", encoding="utf-8")
    result = kasgen("build", str(one), "-o", str(tmp_path / "taken" / "one.docx"))
    assert result.returncode == 2
    assert "is a file, not a folder" in result.stderr


def test_several_files_with_a_docx_output_are_refused_with_a_clear_message(tmp_path):
    a = write_answers(tmp_path, answers(), "a.yaml")
    b = write_answers(tmp_path, answers(), "b.yaml")
    result = kasgen("build", str(a), str(b), "-o", str(tmp_path / "out" / "x.docx"))
    assert result.returncode == 2
    assert "-o names a folder for the standards, not one .docx file" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_folder_without_output_builds_each_standard_beside_its_answers(tmp_path):
    folder = tmp_path / "clients"
    folder.mkdir()
    write_answers(folder, answers(), "moletai.yaml")
    write_answers(folder, answers(**{"document.language": "en"}), "company.yaml")
    result = kasgen("build", f"{folder}/", "-j", "1")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in folder.glob("*.docx")) == ["company.docx", "moletai.docx"]


def _subcommands(parser: argparse.ArgumentParser, prefix: str = ""):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield f"{prefix}{name}", sub
                yield from _subcommands(sub, f"{prefix}{name} ")


@pytest.mark.parametrize("name,sub", list(_subcommands(_parser())), ids=lambda v: str(v).split()[0])
def test_every_subcommand_help_has_a_description_and_explains_its_arguments(name, sub):
    assert sub.description and len(sub.description) > 40, f"kasgen {name} --help has no description"
    for action in sub._actions:
        if action.dest not in ("help",) and not isinstance(action, argparse._SubParsersAction):
            assert action.help, f"kasgen {name}: {action.dest} is not explained"


def test_text_marks_phrases_and_notes_apart_from_norms(tmp_path):
    path = write_answers(tmp_path, answers())
    lines = kasgen("text", str(path)).stdout.splitlines()
    phrases = [line for line in lines if line.startswith("    » ")]
    notes = [line for line in lines if line.startswith("    [!] Pastaba redaktoriui: ")]
    assert phrases and notes
    numbered = [line for line in lines if line[:1].isdigit()]
    assert numbered and not any("»" in line or "[!]" in line for line in numbered)


def test_the_checklist_workbook_shows_words_not_codes(tmp_path):
    path = write_answers(tmp_path, answers(channels=["in_person", "phone"]))
    assert kasgen("checklist", str(path), "-o", str(tmp_path / "c.xlsx")).returncode == 0
    wb = openpyxl.load_workbook(tmp_path / "c.xlsx")
    # columns: no., check, answer key, norm, type, weight, critical, result; the score two rows below
    assert [c.value for c in wb.worksheets[1][3]][:7] == [
        "Nr.", "Ką tikrina vertintojas", "Kas laikoma įvykdytu", "Norma (p.)", "Tipas", "Svoris", "Kritinis"]
    types = {ws.cell(row=r, column=5).value for ws in wb.worksheets[1:] for r in range(4, ws.max_row - 1)}
    types.discard(None)
    assert types == {"Taip / Ne", "Reikšmė"}
    formula = wb.worksheets[1].cell(row=wb.worksheets[1].max_row, column=8).value
    assert '"Taip / Ne"' in formula and '"Kritinis"' in formula
