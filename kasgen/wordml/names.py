"""Namespaces and element names of WordprocessingML, and the two XML helpers every module uses."""

from __future__ import annotations

from typing import Any

from lxml import etree

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "w15": "http://schemas.microsoft.com/office/word/2012/wordml",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_CACHE: dict[str, str] = {}


def q(name: str) -> str:
    """Clark notation for a prefixed name: ``q("w:p")`` -> ``{http://...}p``."""
    found = _CACHE.get(name)
    if found is None:
        prefix, local = name.split(":")
        found = _CACHE[name] = f"{{{NS[prefix]}}}{local}"
    return found


_W = "{" + NS["w"] + "}"


def W(local: str) -> str:  # noqa: N802 - reads like the prefix it stands for
    return _W + local


def parse(data: bytes) -> Any:
    """Parse a part; entities, DTDs and network access are off and libxml2's size limits on
    (the file comes from outside)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             remove_blank_text=False)
    return etree.fromstring(data, parser)


def serialize(root: Any) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def local(el: Any) -> str:
    """The element's local name (``p`` for ``w:p``); comments and PIs give ``""``."""
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
