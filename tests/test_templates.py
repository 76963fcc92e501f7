"""Ordinary company documents as templates, and the document's status and dates on the page."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from openxml_audit import OpenXmlValidator
from PIL import Image

from kasgen.build import build_standard
from kasgen.errors import TemplateError
from kasgen.template_check import check_template
from kasgen.template_fill import init_template
from tests.helpers import ROOT, answers, dump, paragraphs, write_answers

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def python_docx_default(tmp_path):
    path = tmp_path / "plain.docx"
    docx.Document().save(str(path))
    return path


def corporate(tmp_path):
    """A company's own document: Georgia 10.5 pt in dark red, a logo and a line in the header, a
    footer; no kasgen styles, lists or placeholders."""
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "Georgia"
    normal.font.size = Pt(10.5)
    normal.font.color.rgb = RGBColor(0x80, 0x10, 0x10)
    logo = io.BytesIO()
    Image.new("RGB", (60, 20), (200, 30, 30)).save(logo, format="PNG")
    header = d.sections[0].header.paragraphs[0]
    header.add_run().add_picture(logo, width=Cm(2))
    header.add_run(" UAB „Acme“ – vidaus dokumentas")
    d.sections[0].footer.paragraphs[0].text = "Acme, Gedimino pr. 1, Vilnius · www.acme.lt"
    path = tmp_path / "corporate.docx"
    d.save(str(path))
    return path


def build(tmp_path, template, **changes):
    source = write_answers(tmp_path, answers(**changes), "answers.yaml")
    return build_standard(source, tmp_path / "out.docx", template=template).path


def heading_numbering_is_linked(d) -> bool:
    numpr = d.styles["Heading 2"].element.pPr.find(qn("w:numPr"))
    num_id = numpr.find(qn("w:numId")).get(qn("w:val"))
    return num_id in {n.get(qn("w:numId")) for n in d.part.numbering_part.element.findall(qn("w:num"))}


def test_python_docx_default_document_works_as_a_template(tmp_path):
    template = python_docx_default(tmp_path)
    before = docx.Document(str(template))
    out = build(tmp_path, template)
    d = docx.Document(str(out))
    assert OpenXmlValidator().validate(str(out)).is_valid
    text = [p.text for p in paragraphs(d)]
    assert "Klientų aptarnavimo standartas" in text[:3]                 # kasgen's cover was added
    assert "Versija: 1.0 – PROJEKTAS" in text                          # a draft by default
    assert d.sections[0].page_width == before.sections[0].page_width   # its page size (Letter) kept
    header = d.sections[0].header.paragraphs[0].text
    footer = d.sections[0].footer.paragraphs[0].text
    assert header == "Testo paslaugos – Klientų aptarnavimo standartas"
    assert footer.startswith("Versija 1.0 – PROJEKTAS · Puslapis ")
    assert d.sections[0].different_first_page_header_footer              # the cover has none
    assert heading_numbering_is_linked(d)
    toc = d.styles["TOC Heading"].element.pPr.find(qn("w:numPr"))
    assert toc.find(qn("w:numId")).get(qn("w:val")) == "0"             # "Turinys" is not chapter 1
    # the template's own styles are as they were: Heading 1 keeps its colour and theme font
    h1_before, h1_after = before.styles["Heading 1"].element, d.styles["Heading 1"].element
    assert h1_after.find(f"{W}rPr/{W}color").get(f"{W}val") == h1_before.find(f"{W}rPr/{W}color").get(f"{W}val")


def test_a_template_with_its_own_fonts_header_and_footer_keeps_them(tmp_path):
    template = corporate(tmp_path)
    out = build(tmp_path, template)
    d = docx.Document(str(out))
    assert OpenXmlValidator().validate(str(out)).is_valid
    assert d.styles["Normal"].font.name == "Georgia"
    assert d.styles["Normal"].font.size == Pt(10.5)
    assert d.styles["Normal"].font.color.rgb == RGBColor(0x80, 0x10, 0x10)
    header = d.sections[0].header
    assert header.paragraphs[0].text == " UAB „Acme“ – vidaus dokumentas"
    assert header.part.element.findall(".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
    assert header.part.related_parts, "the logo's image part went missing"
    assert d.sections[0].footer.paragraphs[0].text == "Acme, Gedimino pr. 1, Vilnius · www.acme.lt"
    # styles kasgen added have no font of their own, so they are set in Georgia too
    for name in ("Clause", "Phrase", "Cover Meta", "Table Text", "Appendix Heading"):
        assert d.styles[name].element.find(f"{W}rPr/{W}rFonts") is None, name
    assert heading_numbering_is_linked(d)
    styles_used = {p.style.name for p in paragraphs(d)}
    assert {"Clause", "Heading 1", "Heading 2", "Title", "Cover Meta"} <= styles_used


def test_template_init_writes_an_editable_template_that_builds_the_same(tmp_path):
    template = corporate(tmp_path)
    made, added = init_template(template, tmp_path / "kasgen-template.docx")
    assert "Clause" in added and "Phrase" in added
    report = check_template(made)
    assert report.problems == [] and report.additions == []
    t = docx.Document(str(made))
    texts = [p.text for p in t.paragraphs]
    assert "{{ title }}" in texts and "{{ organisation }}" in texts      # the cover, to arrange
    assert t.styles["Normal"].font.name == "Georgia"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    direct = build(tmp_path / "a", template)
    via_init = build(tmp_path / "b", made)
    assert dump(direct) == dump(via_init)
    # kasgen wrote it, so it protects it like any output: an edited template is not overwritten
    edited = docx.Document(str(made))
    edited.paragraphs[0].text = "{{ organisation }} – mūsų viršelis"
    edited.save(str(made))
    with pytest.raises(Exception, match="edited"):
        init_template(template, made)


def test_template_check_lists_what_kasgen_adds_and_refuses_a_wrong_kind_of_style(tmp_path):
    command = [sys.executable, "-m", "kasgen", "template", "check"]
    plain = python_docx_default(tmp_path)
    done = subprocess.run([*command, str(plain)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "kasgen adds when it builds" in done.stdout and "Clause" in done.stdout
    assert "a header" in done.stdout and "the cover" in done.stdout
    d = docx.Document()
    strong = d.styles["Strong"].element
    strong.getparent().remove(strong)
    d.styles.add_style("Strong", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    wrong = tmp_path / "wrong.docx"
    d.save(str(wrong))
    done = subprocess.run([*command, str(wrong)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "style Strong is a paragraph style, not character" in done.stderr
    with pytest.raises(TemplateError, match="Strong"):
        build(tmp_path, wrong)
    assert not (tmp_path / "out.docx").exists()


def test_final_status_leaves_the_draft_mark_out_and_english_says_draft(tmp_path):
    (tmp_path / "lt").mkdir()
    (tmp_path / "en").mkdir()
    final = docx.Document(str(build(tmp_path / "lt", None, **{"document.status": "final"})))
    assert "Versija: 1.0" in [p.text for p in paragraphs(final)]
    assert "PROJEKTAS" not in final.sections[0].footer.paragraphs[0].text
    english = docx.Document(str(build(tmp_path / "en", None, **{"document.language": "en",
                                                                  "document.version": "0.9"})))
    assert "Version: 0.9 – DRAFT" in [p.text for p in paragraphs(english)]
    assert english.sections[0].footer.paragraphs[0].text.startswith("Version 0.9 – DRAFT · Page ")


def test_the_file_is_dated_when_the_answers_were_prepared_never_in_the_future(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    dated = build(tmp_path / "a", None, **{"document.prepared_on": "2026-11-20",
                                           "document.effective_date": "2027-03-01"})
    props = docx.Document(str(dated)).core_properties
    day = dt.datetime(2026, 11, 20, tzinfo=dt.timezone.utc)
    assert props.created == day and props.modified == day
    undated = build(tmp_path / "b", None, **{"document.effective_date": "2027-03-01"})
    package = docx.Document(str(undated)).core_properties._element
    assert package.find(qn("dcterms:created")) is None                  # no date rather than a wrong one
    assert 'w:date="2026-11-20T00:00:00Z"' in comments_xml(dated)       # comments carry it too
    assert "w:date=" not in comments_xml(undated)


def comments_xml(path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/comments.xml").decode("utf-8")


def test_template_check_refuses_list_ids_that_the_build_refuses(tmp_path):
    """`template check` and the build agree: a numbering id that is not a whole number (Word
    would not open it either) is a problem, named, before anyone builds."""
    d = docx.Document()
    numbering = d.part.numbering_part.element
    first = numbering.find(qn("w:abstractNum"))
    first.set(qn("w:abstractNumId"), "viens")
    odd = tmp_path / "odd-numbering.docx"
    d.save(str(odd))
    done = subprocess.run([sys.executable, "-m", "kasgen", "template", "check", str(odd)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stdout
    assert "'viens', not a whole number" in done.stderr
    with pytest.raises(TemplateError, match="'viens', not a whole number"):
        build(tmp_path, odd)
    assert check_template(python_docx_default(tmp_path)).problems == []
