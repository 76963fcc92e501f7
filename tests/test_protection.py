"""Every output is protected the same way: the workbook and the PDF like the .docx.

Each test edits or replaces an output the way a person would and checks what is on disk after
kasgen ran: the edited file untouched (or kept as the backup with ``--force``), the message, and
no temporary file.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kasgen.build import build_checklist_workbook, build_standard
from kasgen.checklists import ChecklistItem, Scenario
from kasgen.context import language_data
from kasgen.errors import OutputError
from kasgen.provenance import stamp_pdf, state
from kasgen.workbook import build_workbook
from tests.helpers import answers, write_answers

LABELS = language_data("en")["labels"]["columns"]


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _rezip(path: Path, change: dict[str, bytes]) -> None:
    """Rewrite a package with some parts replaced, as an editor's save would."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts.update(change)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    path.write_bytes(buffer.getvalue())


# -- the checklist workbook ------------------------------------------------------------------------


def test_filled_in_workbook_is_not_overwritten_and_force_keeps_it(tmp_path):
    path = write_answers(tmp_path, answers())
    target = tmp_path / "checks.xlsx"
    build_checklist_workbook(path, target)
    assert state(target) == "unchanged"
    build_checklist_workbook(path, target)  # an untouched workbook is simply replaced
    wb = openpyxl.load_workbook(target)
    wb.worksheets[1]["E4"] = 1  # a mystery shopper enters a result
    wb.save(target)
    filled = target.read_bytes()
    assert state(target) == "edited"
    with pytest.raises(OutputError) as info:
        build_checklist_workbook(path, target)
    assert "edited" in str(info.value) and "--force" in str(info.value)
    assert target.read_bytes() == filled
    result = build_checklist_workbook(path, target, force=True)
    assert result.backup == tmp_path / "checks.edited-1.xlsx"
    assert result.backup.read_bytes() == filled
    assert state(target) == "unchanged"
    assert _names(tmp_path) == ["answers.yaml", "checks.edited-1.xlsx", "checks.xlsx"]


def test_workbook_kasgen_did_not_write_is_not_overwritten(tmp_path):
    path = write_answers(tmp_path, answers())
    target = tmp_path / "checks.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "our own results"
    wb.save(target)
    before = target.read_bytes()
    with pytest.raises(OutputError) as info:
        build_checklist_workbook(path, target)
    assert "not written by kasgen" in str(info.value)
    assert target.read_bytes() == before


# -- the PDF ---------------------------------------------------------------------------------------


def test_pdf_states(tmp_path):
    pdf = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    target = tmp_path / "standard.pdf"
    target.write_bytes(stamp_pdf(pdf))
    assert state(target) == "unchanged"
    target.write_bytes(stamp_pdf(pdf) + b"1 0 obj <</Annot 1>> endobj\n%%EOF\n")  # annotated, saved
    assert state(target) == "edited"
    target.write_bytes(pdf)
    assert state(target) == "foreign"


def test_pdf_someone_else_wrote_stops_the_build_before_anything_is_written(tmp_path, monkeypatch):
    from kasgen import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: "/usr/bin/soffice")
    path = write_answers(tmp_path, answers())
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4 the signed copy\n%%EOF\n")
    with pytest.raises(OutputError) as info:
        build_standard(path, tmp_path / "x.docx", pdf=True)
    assert "x.pdf" in str(info.value) and "not written by kasgen" in str(info.value)
    assert _names(tmp_path) == ["answers.yaml", "x.pdf"]


def test_planted_link_at_a_temporary_name_is_not_followed(tmp_path):
    """The old PDF code wrote through a fixed name, ``.NAME.pdf.tmp``; a link planted there
    redirected the write. Temporary files are now unnamed or created exclusively."""
    from kasgen.outputs import write_atomically

    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / ".x.pdf.tmp").symlink_to(victim)
    write_atomically(tmp_path / "x.pdf", b"%PDF new")
    assert victim.read_text() == "precious"
    assert (tmp_path / "x.pdf").read_bytes() == b"%PDF new"


# -- what the hash covers ----------------------------------------------------------------------------


def test_an_edit_only_to_the_document_properties_counts(tmp_path):
    path = write_answers(tmp_path, answers())
    target = tmp_path / "standard.docx"
    build_standard(path, target)
    with zipfile.ZipFile(target) as z:
        custom = z.read("docProps/custom.xml")
    reviewed = custom.replace(
        b"</Properties>",
        b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="9" name="ReviewedBy">'
        b"<vt:lpwstr>J. Jonaitis</vt:lpwstr></property></Properties>",
    )
    _rezip(target, {"docProps/custom.xml": reviewed})
    assert state(target) == "edited"
    with pytest.raises(OutputError):
        build_standard(path, target)


def test_forced_write_that_fails_leaves_the_edited_file_where_it_was(tmp_path, monkeypatch):
    """A full disk or a locked file during ``--force``: the message says the old file is
    unchanged, and it is (no backup name holds it instead)."""
    path = write_answers(tmp_path, answers())
    target = tmp_path / "standard.docx"
    build_standard(path, target)
    _rezip(target, {"word/extra.xml": b"<x/>"})
    edited = target.read_bytes()
    real_replace = os.replace

    def failing(src, dst, *args, **kwargs):
        if Path(dst) == target:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OutputError) as info:
        build_standard(path, target, force=True)
    assert "No space left" in str(info.value) and "unchanged" in str(info.value)
    assert target.read_bytes() == edited
    assert _names(tmp_path) == ["answers.yaml", "standard.docx"]


# -- spreadsheet-safe text ---------------------------------------------------------------------------


def _workbook(branches: list[str], title: str = "Phone") -> openpyxl.Workbook:
    """A workbook with one scenario run at every site (a result column per branch)."""
    scenario = Scenario("phone", "phone", title, "=cmd|' /C calc'!A0",
                        [ChecklistItem("1.1.", "x.y", "@SUM(1+1)*cmd|' /C calc'!A0"),
                         ChecklistItem("1.2.", "x.z", "+Answers within 3 rings", measured=True)],
                        per_site=True)
    return openpyxl.load_workbook(io.BytesIO(build_workbook([scenario], branches, LABELS)))


def test_text_from_answers_and_clauses_is_never_a_formula():
    hostile = ['=HYPERLINK("http://evil.example","Click")', "-2+3", "@SUM(A1)", "+1"]
    wb = _workbook(hostile)
    sheet = wb.worksheets[1]
    # columns: no., check, key, norm, type, weight, critical, then one result column per branch
    for column, name in enumerate(hostile, start=8):
        cell = sheet.cell(row=3, column=column)
        assert cell.value == name and cell.data_type == "s", name
        assert cell.quotePrefix, f"{name!r} would turn into a formula when edited in Excel"
    assert sheet["A2"].data_type == "s" and sheet["B4"].data_type == "s"
    assert sheet["B5"].value.startswith("+Answers within 3 rings") and sheet["B5"].data_type == "s"
    formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == [f"{col}7" for col in "HIJK"], "only kasgen's own score formulas"
    summary = wb.worksheets[0]
    assert [summary.cell(row=1, column=c).value for c in range(2, 6)] == hostile
    assert all(summary.cell(row=1, column=c).quotePrefix for c in range(2, 6))


def test_sheet_names_with_apostrophes_are_quoted_in_formulas():
    wb = _workbook(["A"], title="Client's call: 'quick' [test]")
    summary, sheet = wb.worksheets[0], wb.worksheets[1]
    assert not sheet.title.startswith("'") and not sheet.title.endswith("'")
    formula = summary["B2"].value
    match = re.fullmatch(r"='((?:[^']|'')*)'!H7", formula)
    assert match, formula
    assert match.group(1).replace("''", "'") == sheet.title


def test_yes_no_validation_covers_every_branch_column_of_yes_no_rows():
    wb = _workbook(["A", "B", "C"])
    (validation,) = wb.worksheets[1].data_validations.dataValidation
    assert str(validation.sqref) == "H4:J4"  # row 5 is a measured item: any number
