"""The manifest: what kasgen built, kept in the .docx as a custom XML part.

It records the kasgen version, the clause library's version (a content hash), the answers as
built, and for every unit its base text, one entry per block, as the reader reads it: the *base*
of the three-way merge. Word keeps a custom XML part through editing and "Save as" only when the
part has its properties part (``itemProps``) and a relationship from the document part;
LibreOffice 7.4 keeps it too. Word's Document Inspector can remove it ("Custom XML data"): the
update then falls back to the anchors (see :mod:`kasgen.update`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from kasgen.wordml.names import parse, serialize

NAMESPACE = "urn:kasgen:manifest:1"
FORMAT = "1"
ITEM_ID = "{5B7C1A52-3E0D-4C9B-9A61-6B6173676E31}"  # one fixed id: the store item is always ours
ITEM_TYPE = "application/xml"
PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
REL_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
REL_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
_M = f"{{{NAMESPACE}}}"
_ITEM = re.compile(r"^customXml/item(\d+)\.xml$")


class ManifestError(ValueError):
    """The manifest part exists but cannot be read (damaged or from a newer kasgen)."""


@dataclass
class UnitRecord:
    """One unit as built. ``status``: ``built``; ``deleted`` (the editor deleted it and the
    update kept it deleted); ``dropped`` (the answers no longer include it, the file still has it)."""

    key: str
    kind: str
    texts: list[str]
    title: str = ""
    number: str = ""
    status: str = "built"
    mandatory: bool = False


@dataclass
class Manifest:
    kasgen: str
    library: str
    lang: str
    comments: bool
    answers: dict[str, Any]
    template: str = ""
    clauses: str = ""  # names of the custom clause folders it was built with, ";"-separated
    units: list[UnitRecord] = field(default_factory=list)
    furniture: dict[str, list[str]] = field(default_factory=dict)  # "header"/"footer" -> texts
    properties: dict[str, str] = field(default_factory=dict)  # core properties as built

    def unit(self, key: str) -> UnitRecord | None:
        return next((u for u in self.units if u.key == key), None)

    def to_xml(self) -> bytes:
        root = etree.Element(_M + "manifest", nsmap={None: NAMESPACE})
        for name, value in (("format", FORMAT), ("kasgen", self.kasgen), ("library", self.library),
                            ("template", self.template), ("clauses", self.clauses),
                            ("lang", self.lang),
                            ("comments", "1" if self.comments else "0")):
            root.set(name, value)
        answers = etree.SubElement(root, _M + "answers")
        answers.text = json.dumps(self.answers, ensure_ascii=False, sort_keys=True)
        for name, value in sorted(self.properties.items()):
            prop = etree.SubElement(root, _M + "property", name=name)
            prop.text = value
        for kind, texts in sorted(self.furniture.items()):
            _texts(etree.SubElement(root, _M + "furniture", kind=kind), texts)
        for unit in self.units:
            el = etree.SubElement(root, _M + "unit", key=unit.key, kind=unit.kind)
            for name in ("number", "title"):
                if getattr(unit, name):
                    el.set(name, getattr(unit, name))
            if unit.status != "built":
                el.set("status", unit.status)
            if unit.mandatory:
                el.set("mandatory", "1")
            _texts(el, unit.texts)
        return serialize(root)

    @classmethod
    def from_xml(cls, data: bytes) -> Manifest:
        try:
            root = parse(data)
            if root.tag != _M + "manifest":
                raise ManifestError("not a kasgen manifest")
            if root.get("format") != FORMAT:
                raise ManifestError(f"manifest format {root.get('format')!r} is not {FORMAT!r}")
            answers = json.loads(root.findtext(_M + "answers") or "")
            if not isinstance(answers, dict):
                raise ManifestError("the answers are not a mapping")
            units = [
                UnitRecord(u.get("key", ""), u.get("kind", ""), _read_texts(u), u.get("title", ""),
                           u.get("number", ""), u.get("status", "built"), u.get("mandatory") == "1")
                for u in root.iter(_M + "unit")
            ]
            return cls(
                kasgen=root.get("kasgen", ""), library=root.get("library", ""),
                lang=root.get("lang", ""), comments=root.get("comments") != "0", answers=answers,
                template=root.get("template", ""), clauses=root.get("clauses", ""), units=units,
                furniture={f.get("kind", ""): _read_texts(f) for f in root.iter(_M + "furniture")},
                properties={p.get("name", ""): p.text or "" for p in root.iter(_M + "property")},
            )
        except (etree.XMLSyntaxError, json.JSONDecodeError) as exc:
            raise ManifestError(str(exc)) from None
        except RecursionError:
            raise ManifestError("the answers are nested too deeply") from None


def _texts(parent: Any, texts: list[str]) -> None:
    for text in texts:
        etree.SubElement(parent, _M + "p").text = text


def _read_texts(parent: Any) -> list[str]:
    return [p.text or "" for p in parent.findall(_M + "p")]


def props_xml() -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f'<ds:datastoreItem ds:itemID="{ITEM_ID}" '
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>'
    ).encode()


def find_manifest(parts: dict[str, bytes]) -> tuple[str | None, bytes | None]:
    """The part name and bytes of the kasgen manifest among a package's parts, if any."""
    marker = NAMESPACE.encode()
    for name in sorted(parts):
        if _ITEM.match(name) and marker in parts[name][:400]:
            return name, parts[name]
    return None, None


def read_manifest(parts: dict[str, bytes]) -> Manifest | None:
    """The package's manifest; ``None`` when it has none; :class:`ManifestError` when damaged."""
    _, data = find_manifest(parts)
    return Manifest.from_xml(data) if data is not None else None


def free_item_number(parts: dict[str, bytes]) -> int:
    used = {int(m.group(1)) for name in parts if (m := _ITEM.match(name))}
    return next(n for n in range(1, len(used) + 2) if n not in used)
