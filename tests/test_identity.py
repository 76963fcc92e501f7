"""Clause identity in the built .docx: content controls, bookmarks and the manifest part."""

from __future__ import annotations

import re
import zipfile

import pytest
from lxml import etree

from kasgen.answers import load_profile
from kasgen.profile import Profile
from kasgen.wordml.manifest import Manifest, find_manifest
from tests.helpers import SAMPLES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
SAMPLE_IDS = [s.stem for s in SAMPLES]
HEADINGS = {"Heading1", "Heading2", "AppendixHeading", "AppendixHeading2", "TOCHeading"}


def parts_of(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def manifest_of(path) -> Manifest:
    _, data = find_manifest(parts_of(path))
    assert data is not None
    return Manifest.from_xml(data)


def text(el) -> str:
    return "".join(t.text or "" for t in el.iter(W + "t"))


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_every_heading_starts_a_locked_hidden_tagged_control(built, sample):
    root = etree.fromstring(parts_of(built[sample])["word/document.xml"])
    body = root.find(W + "body")
    sdts = body.findall(W + "sdt")
    assert len(sdts) > 20
    for sdt in sdts:
        pr = sdt.find(W + "sdtPr")
        assert pr.find(W + "tag").get(W + "val").startswith("kasgen:")
        assert pr.find(W + "lock").get(W + "val") == "sdtLocked"
        assert pr.find(W15 + "appearance").get(W15 + "val") == "hidden"
        # a page-section break never sits inside a control
        assert not sdt.findall(f".//{W}sectPr")
    for p in body.iter(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(W + "val") in HEADINGS:
            content = p.getparent()
            assert content.tag == W + "sdtContent" and content[0] is p, text(p)
            marks = [b.get(W + "name") for b in p.iter(W + "bookmarkStart")]
            assert any(re.fullmatch(r"_Kg\d{10}", m) for m in marks), text(p)
    names = [b.get(W + "name") for b in body.iter(W + "bookmarkStart")]
    kg = [n for n in names if n.startswith("_Kg")]
    assert len(kg) == len(set(kg)) == len(manifest_of(built[sample]).units)
    ignorable = root.get("{http://schemas.openxmlformats.org/markup-compatibility/2006}Ignorable")
    assert "w15" in ignorable.split()


@pytest.mark.parametrize("sample", SAMPLE_IDS)
def test_manifest_holds_the_answers_and_each_units_text(built, sample):
    manifest = manifest_of(built[sample])
    source = next(s for s in SAMPLES if s.stem == sample)
    assert Profile.model_validate(manifest.answers) == load_profile(source)
    assert re.fullmatch(r"[0-9a-f]{32}", manifest.library)
    kinds = [u.kind for u in manifest.units]
    assert kinds[:2] == ["cover", "contents"] and "section" in kinds and "chapter" in kinds
    body = etree.fromstring(parts_of(built[sample])["word/document.xml"]).find(W + "body")
    # every paragraph and table of the body, in order, is some unit's recorded text
    recorded = [t for u in manifest.units for t in u.texts]
    blocks = [el for el in body.iter(W + "p", W + "tbl")
              if el.getparent().tag in (W + "body", W + "sdtContent")]
    assert len(recorded) == len(blocks)
    for wanted, el in zip(recorded, blocks):
        if el.tag == W + "p":
            assert wanted == "".join(
                (t.text or "") if t.tag == W + "t" else "\t"
                for t in el.iter(W + "t", W + "tab") if t.getparent().tag == W + "r"
            )
    section = next(u for u in manifest.units if u.kind == "section")
    assert section.title and section.number and section.texts[0] == section.title


def test_manifest_part_is_kept_by_word(built):
    """Word keeps custom XML only with its properties part and a relationship from the document."""
    parts = parts_of(built["cafe-lt"])
    rels = parts["word/_rels/document.xml.rels"].decode()
    assert 'relationships/customXml" Target="../customXml/item1.xml"' in rels
    assert b"customXmlProps" in parts["customXml/_rels/item1.xml.rels"]
    assert b"datastoreItem" in parts["customXml/itemProps1.xml"]
    types = parts["[Content_Types].xml"].decode()
    assert 'PartName="/customXml/itemProps1.xml"' in types
