"""Clause identity in a new document: anchors around every unit and the manifest part.

Called by :mod:`kasgen.docx_writer` once the body is written. What a unit is comes from the
document model (a heading of level 1 or 2 starts one); its key is the model's id, so this module
depends on no particular id. To anchor norms as well, give each norm paragraph its own key (the
model's ``norm_id``) and a bookmark here, and record one text per norm in the manifest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.parser import oxml_parser

from kasgen.wordml.anchors import anchor_units, bookmark_name, with_w15
from kasgen.wordml.manifest import (
    ITEM_TYPE,
    PROPS_TYPE,
    REL_CUSTOM_XML,
    REL_PROPS,
    Manifest,
    UnitRecord,
    props_xml,
)
from kasgen.wordml.names import W
from kasgen.wordml.reader import read_layout, text_without_fields

CORE_PROPERTIES = ("title", "subject", "author", "keywords", "category", "version")


@dataclass
class UnitStart:
    """Where a unit begins in the body being written, and what the report calls it."""

    element: Any
    key: str
    kind: str  # cover, contents, chapter, appendix, section
    title: str = ""
    number: str = ""
    mandatory: bool = False


@dataclass
class BuildRecord:
    """What the manifest says about the build itself."""

    kasgen: str
    library: str
    template: str
    clauses: str  # names (not paths) of custom clause folders
    lang: str
    comments: bool
    answers: dict[str, Any]


def unit_key(heading: Any) -> str:
    """A heading's unit key: its clause (or norm-registry section) id; a chapter or appendix,
    which has none, is known by its stable bookmark."""
    return heading.clause_id or f"{heading.kind}:{heading.bookmark or heading.text}"


def mark_units(doc: Any, starts: list[UnitStart], record: BuildRecord, first_bookmark_id: int) -> None:
    """Anchor the units of a python-docx document and add its manifest part."""
    body = doc.element.body
    anchor_units(((s.element, s.key, True) for s in starts), body.find(W("sectPr")),
                 first_bookmark_id)
    part = doc.part
    part._element = with_w15(part._element, oxml_parser.makeelement)
    bookmarks = {bookmark_name(s.key): s.key for s in starts}
    layout = read_layout(body, bookmarks, set())
    units = [
        UnitRecord(s.key, s.kind, [b.text for b in layout.units.get(s.key, [])], s.title,
                   s.number, mandatory=s.mandatory)
        for s in starts
    ]
    furniture: dict[str, list[str]] = {"header": [], "footer": []}
    for rel in part.rels.values():
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind in furniture and not rel.is_external:
            furniture[kind] += [text_without_fields(p) for p in rel.target_part.element.iter(W("p"))]
    cp = doc.core_properties
    manifest = Manifest(
        kasgen=record.kasgen, library=record.library, lang=record.lang, comments=record.comments,
        answers=record.answers, template=record.template, clauses=record.clauses, units=units,
        furniture=furniture,
        properties={name: str(getattr(cp, name) or "") for name in CORE_PROPERTIES},
    )
    package = part.package
    item = Part(PackURI("/customXml/item1.xml"), ITEM_TYPE, manifest.to_xml(), package)
    props = Part(PackURI("/customXml/itemProps1.xml"), PROPS_TYPE, props_xml(), package)
    item.relate_to(props, REL_PROPS)
    part.relate_to(item, REL_CUSTOM_XML)
