"""End to end: build every sample and check what an editor opening the .docx would see."""

from __future__ import annotations

import re
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from openxml_audit import OpenXmlValidator

from kasgen.answers import load_profile
from kasgen.build import build_standard
from kasgen.errors import AnswersError
from tests.helpers import (
    LEFTOVERS,
    SAMPLES,
    answers,
    document_text,
    paragraphs,
    tables,
    write_answers,
)

SAMPLE_IDS = [s.stem for s in SAMPLES]


def styles_of(doc, name_prefix: str) -> list[str]:
    return [p.text for p in paragraphs(doc) if p.style.name == name_prefix]


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_parts_and_appendices_are_heading_styled(built, sample):
    doc = docx.Document(str(built[sample]))
    chapters = styles_of(doc, "Heading 1")
    appendices = styles_of(doc, "Appendix Heading")
    lang = load_profile(f"samples/{sample}.yaml").document.language.value
    client = {"cafe-lt": "svečius", "municipality-lt": "gyventojus", "company-en": "customers"}[sample]
    expected = {
        # the six parts of the Lithuanian model standard, after the general provisions
        "lt": ["Bendrosios nuostatos", "Pagrindiniai aptarnavimo principai",
               "Aplinka ir sąlygos kokybiškam aptarnavimui",
               f"Kokybiškas elgesys aptarnaujant {client}",
               "Bendravimas nuotoliniu būdu", "Sudėtingų aptarnavimo situacijų valdymas",
               "Įvaizdžio kūrimas ir bendravimas su žiniasklaida"],
        "en": ["General provisions", "Principles of service", "Environment and conditions",
               f"Serving {client} well", "Remote communication", "Difficult situations",
               "Reputation and the media"],
    }[lang]
    assert chapters == expected  # monitoring and implementation are in the management annex
    assert len(appendices) >= 3  # phone, conflict and stress at least


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_numbering_is_word_numbering_linked_to_styles(built, sample):
    doc = docx.Document(str(built[sample]))
    for name, level in (("Heading 1", "0"), ("Heading 2", "1"), ("Clause", "2")):
        numpr = doc.styles[name].element.pPr.find(qn("w:numPr"))
        assert numpr is not None, name
        assert numpr.find(qn("w:ilvl")).get(qn("w:val")) == level
    body = doc.element.body
    # no typed numbers and no paragraph-level numbering: the style carries it
    assert not body.findall(".//" + qn("w:numPr"))
    for p in paragraphs(doc):
        if p.style.name in ("Heading 1", "Heading 2", "Clause"):
            assert not re.match(r"^\d+(\.\d+)*\.\s", p.text), p.text


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_no_direct_formatting(built, sample):
    doc = docx.Document(str(built[sample]))
    body = doc.element.body
    for ppr in body.iter(qn("w:pPr")):
        extra = [c.tag.rsplit("}", 1)[1] for c in ppr if c.tag not in (qn("w:pStyle"), qn("w:sectPr"))]
        assert not extra, extra
    for rpr in body.iter(qn("w:rPr")):
        extra = [c.tag.rsplit("}", 1)[1] for c in rpr if c.tag != qn("w:rStyle")]
        assert not extra, extra
    for p in paragraphs(doc):
        assert p.style is not None
    for t in tables(doc):
        assert t.style is not None and t.style.name == "Table Grid"


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_no_template_leftovers(built, sample):
    text = document_text(built[sample])
    assert not LEFTOVERS.findall(text)


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_language_toc_and_properties(built, sample):
    profile = load_profile(f"samples/{sample}.yaml")
    lang = {"lt": "lt-LT", "en": "en-GB"}[profile.document.language.value]
    doc = docx.Document(str(built[sample]))
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(".//" + qn("w:lang")).get(qn("w:val")) == lang
    instr = "".join(t.text for t in doc.element.body.iter(qn("w:instrText")))
    # a micro organisation's short standard lists chapters only; the others their sections too
    assert f'TOC \\o "1-{1 if profile.size == "micro" else 2}"' in instr
    settings = doc.settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    assert settings.find(qn("w:proofState")) is None
    cp = doc.core_properties
    assert cp.language == lang
    assert cp.title == (profile.document.title or cp.title)
    assert profile.organisation.name in cp.subject
    assert cp.version == profile.document.version
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_organisation_branches_and_numbers_appear(built, sample):
    profile = load_profile(f"samples/{sample}.yaml")
    text = document_text(built[sample])
    assert profile.organisation.name in text
    assert profile.organisation.short_name in text
    for branch in profile.branches:
        assert branch.name in text
        assert branch.escalation_contact in text


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_passes_openxml_audit(built, sample):
    result = OpenXmlValidator().validate(str(built[sample]))
    assert result.is_valid, [str(e) for e in result.errors[:10]]


def test_header_and_footer_carry_name_version_and_page_fields(built):
    doc = docx.Document(str(built["municipality-lt"]))
    header = doc.sections[0].header.paragraphs[0].text
    assert header == "Molėtų rajono savivaldybė – Klientų aptarnavimo standartas"
    footer = doc.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("Versija 1.0 – PROJEKTAS · Puslapis")     # a draft until final
    instr = "".join(t.text for t in footer._p.iter(qn("w:instrText")))
    assert "PAGE" in instr and "NUMPAGES" in instr


def test_special_characters_appear_verbatim(tmp_path):
    name = "UAB „Šviesa & <Partneriai>“ 'Ąžuolas' \"Ėglė\" Привет"
    path = write_answers(tmp_path, answers(**{"organisation.name": name,
                                              "organisation.short_name": "Šviesa & Co <1>"}))
    out = build_standard(path, tmp_path / "out.docx").path
    text = document_text(out)
    assert name in text
    assert "Šviesa & Co <1>" in text


def test_bad_answers_write_nothing_and_keep_old_file(tmp_path):
    target = tmp_path / "standard.docx"
    target.write_bytes(b"old contents")
    bad = write_answers(tmp_path, answers(channels=["fax"]))
    with pytest.raises(AnswersError):
        build_standard(bad, target)
    assert target.read_bytes() == b"old contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.yaml", "standard.docx"]


def test_same_answers_give_identical_bytes(tmp_path):
    sample = SAMPLES[0]
    a = build_standard(sample, tmp_path / "a.docx").path.read_bytes()
    b = build_standard(sample, tmp_path / "b.docx").path.read_bytes()
    assert a == b


def test_no_python_docx_leftovers(built):
    with zipfile.ZipFile(built["municipality-lt"]) as z:
        names = z.namelist()
        core = z.read("docProps/core.xml").decode()
        app = z.read("docProps/app.xml").decode()
    assert not any("thumbnail" in n or "stylesWithEffects" in n for n in names)
    # the only custom XML is kasgen's own manifest (python-docx's template carries another)
    assert sorted(n for n in names if n.startswith("customXml")) == [
        "customXml/_rels/item1.xml.rels", "customXml/item1.xml", "customXml/itemProps1.xml"]
    assert "python-docx" not in core
    # the extended properties name kasgen and the organisation, not the template's Word for Mac
    assert "<Application>kasgen</Application>" in app and "Microsoft" not in app
    assert "<Company>Molėtų rajono savivaldybės administracija</Company>" in app


def test_a_public_bodys_cover_has_an_approval_block_to_fill_in(built):
    municipality = [(p.style.name, p.text) for p in paragraphs(docx.Document(str(built["municipality-lt"])))[:3]]
    assert municipality == [("Approval", "PATVIRTINTA"), ("Approval", "20__ m. ______________ d."),
                            ("Approval", "įsakymu Nr. ______")]
    cafe = [p.style.name for p in paragraphs(docx.Document(str(built["cafe-lt"])))[:6]]
    assert "Approval" not in cafe
