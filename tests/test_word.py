"""Word-native output for editors: accessibility, comments, templates, determinism."""

from __future__ import annotations

import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from openxml_audit import OpenXmlValidator

from kasgen import figures
from kasgen.build import build_standard
from kasgen.errors import OutputError
from kasgen.provenance import state
from tests.helpers import SAMPLES, answers, paragraphs, tables, write_answers

SAMPLE_IDS = [s.stem for s in SAMPLES]
LEVEL = {"Heading 1": 1, "Appendix Heading": 1, "TOC Heading": 1, "Heading 2": 2,
         "Appendix Heading 2": 2, "Heading 3": 3}


def accessibility_findings(path) -> list[str]:
    """The rules Word's accessibility checker applies, as far as they can be read from the file."""
    doc = docx.Document(str(path))
    findings = []
    if not doc.core_properties.title:
        findings.append("no document title")
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults.find(".//" + qn("w:lang")) is None:
        findings.append("no document language")
    previous = 0
    for p in paragraphs(doc):
        level = LEVEL.get(p.style.name)
        if level:
            if level > previous + 1:
                findings.append(f"heading level skipped before {p.text!r}")
            previous = level
        if not p.text.strip() and not p._p.findall(".//" + qn("w:drawing")) \
                and p._p.find(qn("w:pPr") + "/" + qn("w:sectPr")) is None:
            findings.append(f"empty paragraph ({p.style.name})")
    for t in tables(doc):
        first = t.rows[0]._tr
        if first.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is None:
            findings.append("table without a repeating header row")
        if t._tbl.findall(".//" + qn("w:gridSpan")) or t._tbl.findall(".//" + qn("w:vMerge")):
            findings.append("table with merged cells")
    for doc_pr in doc.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"):
        if not doc_pr.get("descr"):
            findings.append("picture without alt text")
    return findings


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_accessibility_lint_has_no_findings(built, sample):
    assert accessibility_findings(built[sample]) == []


def test_lint_catches_problems(tmp_path):
    d = docx.Document()
    d.add_heading("Top", 1)
    d.add_heading("Too deep", 3)
    d.add_paragraph("")
    d.add_table(rows=2, cols=2)
    path = tmp_path / "bad.docx"
    d.save(str(path))
    found = accessibility_findings(path)
    assert "heading level skipped before 'Too deep'" in found
    assert "table without a repeating header row" in found
    assert any(f.startswith("empty paragraph") for f in found)


@pytest.mark.skipif(not figures.available(), reason="no font with Lithuanian letters on this machine")
@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_figures_have_alt_text_in_the_document_language(built, sample):
    doc = docx.Document(str(built[sample]))
    prs = list(doc.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"))
    assert prs, "no figures"
    captions = [p.text for p in paragraphs(doc) if p.style.name == "Caption"]
    assert len(captions) == len(prs)
    lang = "lt" if sample.endswith("-lt") else "en"
    for pr, caption in zip(prs, captions):
        assert pr.get("descr") and pr.get("title")
        assert pr.get("title") in caption
        assert caption.startswith("1 pav." if lang == "lt" else "Figure 1.") or caption[0].isdigit() or caption.startswith("Figure")


def test_figure_left_out_when_its_content_is_absent(tmp_path):
    # no face-to-face channel: no service-sequence figure
    path = write_answers(tmp_path, answers(channels=["phone", "email"], **{"document.language": "en"}))
    out = build_standard(path, tmp_path / "x.docx").path
    captions = [p.text for p in paragraphs(docx.Document(str(out))) if p.style.name == "Caption"]
    assert not any("face-to-face service sequence" in c for c in captions)


def comments_of(path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        if "word/comments.xml" not in z.namelist():
            return []
        xml = z.read("word/comments.xml").decode()
    import re

    return re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml)


def test_defaults_carry_comments_and_final_leaves_them_out(tmp_path):
    path = write_answers(tmp_path, answers())  # phone and e-mail levels come from the preset
    draft = build_standard(path, tmp_path / "draft.docx").path
    texts = comments_of(draft)
    # the editor reads the field's name in words, never an internal path
    assert any("Telefonu: signalų iki atsiliepimo" in t for t in texts), texts
    assert not any("service_levels." in t for t in texts)
    final = build_standard(path, tmp_path / "final.docx", comments=False).path
    assert comments_of(final) == []
    assert OpenXmlValidator().validate(str(draft)).is_valid


def test_public_body_gets_a_comment_to_verify_legal_deadlines(built):
    texts = " ".join(comments_of(built["municipality-lt"]))
    assert "875" in texts


def corporate_template(tmp_path, drop: str | None = None):
    """The organisation's own template: other fonts, no kasgen lists, its own cover and header."""
    from kasgen.build import default_template

    d = docx.Document(str(default_template()))
    d.styles["Normal"].font.name = "Georgia"
    numbering = d.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for style in d.styles:
        ppr = style.element.pPr
        if ppr is not None:
            for numpr in ppr.findall(qn("w:numPr")):
                ppr.remove(numpr)
    body = d.element.body
    for p in list(body.findall(qn("w:p"))):
        body.remove(p)
    body.insert(0, d.add_paragraph("ACME corporate cover", style="Title")._p)
    d.sections[0].header.paragraphs[0].text = "ACME – internal"
    if drop:
        d.styles[drop].element.getparent().remove(d.styles[drop].element)
    path = tmp_path / "corporate.docx"
    d.save(str(path))
    return path


def test_custom_template_keeps_its_look_and_gets_numbering(tmp_path):
    template = corporate_template(tmp_path)
    out = build_standard(SAMPLES[0], tmp_path / "x.docx", template=template).path
    doc = docx.Document(str(out))
    assert paragraphs(doc)[0].text == "ACME corporate cover"
    assert doc.sections[0].header.paragraphs[0].text == "ACME – internal"
    assert doc.styles["Normal"].font.name == "Georgia"
    numpr = doc.styles["Heading 2"].element.pPr.find(qn("w:numPr"))
    num_id = numpr.find(qn("w:numId")).get(qn("w:val"))
    nums = {n.get(qn("w:numId")) for n in doc.part.numbering_part.element.findall(qn("w:num"))}
    assert num_id in nums
    assert OpenXmlValidator().validate(str(out)).is_valid


def test_custom_template_missing_a_style_gets_it(tmp_path):
    template = corporate_template(tmp_path, drop="Phrase")
    out = build_standard(SAMPLES[0], tmp_path / "x.docx", template=template).path
    doc = docx.Document(str(out))
    assert "Phrase" in {p.style.name for p in paragraphs(doc)}
    assert doc.styles["Normal"].font.name == "Georgia"


def test_rebuild_refuses_to_overwrite_an_edited_file_and_force_keeps_a_backup(tmp_path):
    path = write_answers(tmp_path, answers())
    target = tmp_path / "standard.docx"
    build_standard(path, target)
    assert state(target) == "unchanged"
    build_standard(path, target)  # an unedited file is simply replaced
    d = docx.Document(str(target))
    d.add_paragraph("Editor's own paragraph")
    d.save(str(target))
    edited = target.read_bytes()
    assert state(target) == "edited"
    with pytest.raises(OutputError) as info:
        build_standard(path, target)
    assert "edited" in str(info.value) and "--force" in str(info.value)
    assert target.read_bytes() == edited
    result = build_standard(path, target, force=True)
    assert result.backup == tmp_path / "standard.edited-1.docx"
    assert result.backup.read_bytes() == edited
    assert state(target) == "unchanged"


def test_foreign_file_is_not_overwritten(tmp_path):
    path = write_answers(tmp_path, answers())
    target = tmp_path / "report.docx"
    target.write_bytes(b"somebody else's file")
    with pytest.raises(OutputError):
        build_standard(path, target)
    assert target.read_bytes() == b"somebody else's file"


def test_read_only_folder_gives_a_clear_error(tmp_path):
    import os

    if os.geteuid() == 0:
        pytest.skip("root can write into read-only folders")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(OutputError):
            build_standard(write_answers(tmp_path, answers()), folder / "x.docx")
    finally:
        folder.chmod(0o700)


def test_failed_write_leaves_old_file_and_no_temporary(tmp_path, monkeypatch):
    import os

    path = write_answers(tmp_path, answers())
    target = tmp_path / "standard.docx"
    build_standard(path, target)
    before = target.read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OutputError) as info:
        build_standard(path, target)
    assert "No space left" in str(info.value)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.yaml", "standard.docx"]


def test_file_locked_by_another_program_gives_a_clear_error(tmp_path, monkeypatch):
    """On Windows, Word holds the file open and renaming over it fails with a sharing violation."""
    import os

    path = write_answers(tmp_path, answers())
    target = tmp_path / "standard.docx"
    build_standard(path, target)
    before = target.read_bytes()

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputError) as info:
        build_standard(path, target)
    assert "being used by another process" in str(info.value) and "unchanged" in str(info.value)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.yaml", "standard.docx"]


def test_pdf_without_libreoffice_says_how_to_install_it(tmp_path, monkeypatch):
    from kasgen import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    path = write_answers(tmp_path, answers())
    with pytest.raises(OutputError) as info:
        build_standard(path, tmp_path / "x.docx", pdf=True)
    assert "apt-get install libreoffice-writer-nogui" in str(info.value)
    # checked before the work starts: nothing is written, not even the .docx
    assert not (tmp_path / "x.docx").exists() and not (tmp_path / "x.pdf").exists()
