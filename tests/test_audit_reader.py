"""kasgen audit reads what a reader of the file sees: every text in content controls, the
accepted view of tracked changes, tables, headings and numbers; PDF pages; and refuses what is
not a standard with a clear message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kasgen.audit.reader import read_standard
from kasgen.errors import DocumentError
from tests.audit_docs import W, cell, para, run, sdt, table, write_docx, write_pdf

needs_pdftotext = pytest.mark.skipif(
    not any((Path(p) / "pdftotext").exists() for p in os.environ.get("PATH", "").split(os.pathsep)),
    reason="poppler's pdftotext is not installed",
)


def texts(path: Path) -> list[str]:
    return [p.text for p in read_standard([path]).passages]


def test_content_controls_at_every_level_are_read(tmp_path):
    path = write_docx(tmp_path / "sdt.docx", [
        sdt(para(run("Body-level control: we answer within 3 rings."))),
        para(run("Inline ") + sdt(run("control text")) + run(" stays in its sentence.")),
        table([
            f"<w:tr {W}>{cell('Channel')}{cell('Norm')}</w:tr>",
            sdt(f"<w:tr {W}>{cell('Phone')}{cell('Row control: 3 rings')}</w:tr>"),
            f"<w:tr {W}>{cell('E-mail')}{sdt(cell('Cell control: 2 working days'))}</w:tr>",
        ]),
    ])
    read = texts(path)
    assert "Body-level control: we answer within 3 rings." in read
    assert "Inline control text stays in its sentence." in read
    assert "Phone | Row control: 3 rings" in read
    assert "E-mail | Cell control: 2 working days" in read


def test_tracked_changes_are_read_as_accepted(tmp_path):
    inserted = '<w:ins w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z">' + run("five") + "</w:ins>"
    deleted = ('<w:del w:id="2" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r><w:delText>ten</w:delText>'
               "</w:r></w:del>")
    path = write_docx(tmp_path / "changes.docx", [para(run("We reply within ") + deleted + inserted + run(" days."))])
    standard = read_standard([path])
    assert [p.text for p in standard.passages] == ["We reply within five days."]
    assert standard.files[0].tracked_changes == 2


def test_headings_list_numbers_and_locations(tmp_path):
    document_path = tmp_path / "numbered.docx"
    path = write_docx(document_path, [
        para(run("Telephone"), style="Heading1"),
        para(run("3.2. We answer within 3 rings.")),
        para(run("Hold"), style="Heading2"),
        para(run("We ask before putting a caller on hold.")),
    ])
    standard = read_standard([path])
    heading, clause, sub, rule = standard.passages
    assert (heading.kind, heading.level) == ("heading", 1)
    assert (clause.number, clause.text) == ("3.2.", "We answer within 3 rings.")
    assert (sub.kind, sub.level) == ("heading", 2)
    assert rule.location.heading == "Hold"
    assert rule.location.paragraph == 4
    assert standard.sentences[-1].headings == ("Telephone", "Hold")


def test_kasgen_numbers_are_recomputed_from_word_lists(built):
    standard = read_standard([built["municipality-lt"]])
    numbers = [p.number for p in standard.passages if p.kind == "heading" and p.level == 2]
    assert numbers[:3] == ["1.1.", "1.2.", "1.3."]
    clauses = [p.number for p in standard.passages if p.number.count(".") == 3]
    assert clauses[:2] == ["1.1.1.", "1.1.2."]


def test_plain_text_headings_bullets_and_clauses(tmp_path):
    path = tmp_path / "standard.txt"
    path.write_text("2. APTARNAVIMAS TELEFONU\n\n2.1. Atsiliepiame per 3 signalus.\n"
                    "- Pasisveikiname ir prisistatome.\n", encoding="utf-8")
    kinds = [(p.kind, p.number, p.text) for p in read_standard([path]).passages]
    assert kinds == [("heading", "2.", "APTARNAVIMAS TELEFONU"),
                     ("paragraph", "2.1.", "Atsiliepiame per 3 signalus."),
                     ("list", "", "Pasisveikiname ir prisistatome.")]


def test_several_files_are_one_standard_with_file_names_in_locations(tmp_path):
    staff = tmp_path / "staff.txt"
    staff.write_text("We answer within 3 rings.\n", encoding="utf-8")
    annex = tmp_path / "annex.txt"
    annex.write_text("Mystery shoppers call every branch each quarter.\n", encoding="utf-8")
    standard = read_standard([staff, annex])
    assert [s.location.file for s in standard.sentences] == ["staff.txt", "annex.txt"]
    assert standard.sentences[1].location.label(with_file=True).startswith("annex.txt")


@needs_pdftotext
def test_pdf_pages_are_located(tmp_path):
    path = write_pdf(tmp_path / "s.pdf", [["We answer within 3 rings."], ["Complaints get a reply in 10 days."]])
    standard = read_standard([path])
    pages = {s.text: s.location.page for s in standard.sentences}
    assert pages == {"We answer within 3 rings.": 1, "Complaints get a reply in 10 days.": 2}
    assert standard.files[0].pages == 2


def _sparse(path: Path, size: int) -> None:
    with path.open("wb") as fh:
        fh.truncate(size)


@pytest.mark.parametrize("name, make, message", [
    ("empty.docx", lambda p: p.write_bytes(b""), "the file is empty"),
    ("notes.docx", lambda p: p.write_bytes(b"this is not a zip"), "not a Word document"),
    ("old.doc", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0"), "save it as .docx"),
    ("locked.docx", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100), "password-protected"),
    ("fake.pdf", lambda p: p.write_bytes(b"hello"), "not a PDF"),
    ("binary.txt", lambda p: p.write_bytes(b"\x00\x01\x02" * 100), "not a text file"),
    ("image.png", lambda p: p.write_bytes(b"\x89PNG"), "unknown file type"),
    ("huge.txt", lambda p: _sparse(p, 25_000_000), "too large"),
])
def test_bad_input_is_refused_with_a_message(tmp_path, name, make, message):
    path = tmp_path / name
    make(path)
    with pytest.raises(DocumentError, match=message):
        read_standard([path])


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(DocumentError, match="not a regular file"):
        read_standard([fifo])


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        read_standard([tmp_path / "nothing.docx"])
    with pytest.raises(DocumentError, match="is a folder"):
        read_standard([tmp_path])


@needs_pdftotext
@pytest.mark.parametrize("pages, password, message", [
    ([["Secret rules."]], "pw", "password-protected"),
    ([[]], None, "no text layer"),
])
def test_pdf_without_readable_text(tmp_path, pages, password, message):
    path = write_pdf(tmp_path / "x.pdf", pages, user_password=password)
    with pytest.raises(DocumentError, match=message):
        read_standard([path])


def test_zip_bomb_is_not_unpacked(tmp_path, monkeypatch):
    from kasgen.audit import docx_reader

    path = write_docx(tmp_path / "big.docx", [para(run("text"))])
    monkeypatch.setattr(docx_reader, "MAX_UNPACKED", 1000)
    with pytest.raises(DocumentError, match="unpacks to more than"):
        read_standard([path])
