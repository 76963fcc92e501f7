"""kasgen audit on the command line: the Word report and the workbook it writes, what it refuses."""

from __future__ import annotations

import os
from pathlib import Path

import docx
import openpyxl
import pytest

from kasgen.cli import main
from kasgen.shell_builder import REQUIRED_STYLES
from tests.audit_docs import GENERIC_STANDARD_LT
from tests.helpers import document_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def generic(tmp_path) -> Path:
    path = tmp_path / "standartas.txt"
    path.write_text(GENERIC_STANDARD_LT, encoding="utf-8")
    return path


def test_audit_writes_a_word_report_and_a_workbook(generic, capsys):
    assert main(["audit", str(generic)]) == 0
    out = capsys.readouterr().out
    report, book = generic.with_name("standartas.audit.docx"), generic.with_name("standartas.audit.xlsx")
    assert report.exists() and book.exists()
    assert "Išvada: reikia perdaryti." in out and str(report) in out
    assert len(out.splitlines()) <= 40  # one screen
    text = document_text(report)
    assert "Santrauka" in text and "Ką pridėti" in text and "operatyviai" in text
    assert "Atitinkami kasgen skyriai" in text and "Paskirtis ir taikymas" in text  # a section proposed for a gap
    rows = list(openpyxl.load_workbook(book).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 1 + 97 and rows[1][0] == "G1"


def test_report_uses_the_shell_styles_and_no_direct_formatting(generic):
    assert main(["audit", str(generic), "--lang", "en", "-o", str(generic.with_name("r"))]) == 0
    document = docx.Document(str(generic.with_name("r.docx")))
    names = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2", "Body Text", "List Bullet"} <= names
    assert names <= set(REQUIRED_STYLES) | {"Normal"}
    for p in document.element.body.iter(f"{W}p"):
        ppr = p.find(f"{W}pPr")
        assert ppr is None or {c.tag for c in ppr} <= {f"{W}pStyle", f"{W}sectPr"}
    for r in document.element.body.iter(f"{W}rPr"):
        assert {c.tag for c in r} <= {f"{W}rStyle"}
    assert all(t.style.name == "Table Grid" for t in document.tables)
    assert document.core_properties.language == "en-GB"
    assert "Summary" in document_text(generic.with_name("r.docx"))


def test_text_cells_never_become_formulas(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("# =HYPERLINK(\"http://x\";\"Telefonu\")\n\nĮ skambutį atsiliepiame per 3 signalus.\n",
                    encoding="utf-8")
    assert main(["audit", str(path), "-o", str(tmp_path / "r")]) == 0
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells, "the heading is quoted as the evidence's location"
    assert all(c.data_type == "s" for c in cells)


def test_an_existing_report_is_not_overwritten_without_force(generic, capsys):
    report = generic.with_name("standartas.audit.docx")
    report.write_bytes(b"keep me")
    assert main(["audit", str(generic)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert report.read_bytes() == b"keep me"
    assert not generic.with_name("standartas.audit.xlsx").exists()
    assert main(["audit", str(generic), "--force"]) == 0
    assert report.read_bytes() != b"keep me"


def test_with_answers_the_proposed_sections_are_written_for_the_organisation(generic, tmp_path):
    assert main(["audit", str(generic), "--answers", "samples/municipality-lt.yaml",
                 "-o", str(tmp_path / "r.docx")]) == 0
    text = document_text(tmp_path / "r.docx")
    assert "Molėtų rajono savivaldybė" in text  # kasgen's rendered text for this organisation
    assert "kasgen parengtas tekstas" in text


def _empty(p: Path) -> None:
    p.write_bytes(b"")


def _fifo(p: Path) -> None:
    os.mkfifo(p)


@pytest.mark.parametrize("name, make, message", [
    ("empty.docx", _empty, "the file is empty"),
    ("pipe.txt", _fifo, "not a regular file"),
    ("random.docx", lambda p: p.write_bytes(os.urandom(2000)), "not a Word document"),
    ("scan.pdf", lambda p: p.write_bytes(b"%PDF-1.4\nnot really\n"), "PDF"),
])
def test_bad_input_exits_2_and_writes_nothing(tmp_path, capsys, name, make, message):
    path = tmp_path / name
    make(path)
    before = set(tmp_path.iterdir())
    assert main(["audit", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert set(tmp_path.iterdir()) == before


def test_a_second_bad_file_stops_the_audit_before_anything_is_written(generic, tmp_path, capsys):
    missing = tmp_path / "annex.docx"
    assert main(["audit", str(generic), str(missing)]) == 2
    assert "no such file" in capsys.readouterr().err
    assert not generic.with_name("standartas.audit.docx").exists()


def test_the_report_cannot_replace_an_input(generic, capsys):
    assert main(["audit", str(generic), "-o", str(generic.with_suffix("")), "--force"]) == 0
    target = generic.with_name("standartas.docx")
    assert target.exists()
    assert main(["audit", str(target), "-o", str(target), "--force"]) == 2
    assert "is one of the files being audited" in capsys.readouterr().err
