"""Unit anchors: how kasgen marks each unit of the standard so it can be found after editing.

A *unit* is what the update merges as one piece: the cover, the contents, a chapter or appendix
heading, or a section (a level-2 heading and everything up to the next heading of level 1 or 2).
Each unit is wrapped in a block content control (``w:sdt``) tagged ``kasgen:<key>``, locked
against deletion (its content stays editable) and with hidden boundaries, and starts with a
collapsed hidden bookmark ``_Kg<digits>``: Word keeps both; LibreOffice drops block content
controls when it saves but keeps the bookmark, which is then the anchor.

Paragraphs that end a page section (``w:pPr/w:sectPr``, the landscape pages) are never put inside
a content control, which Word does not expect; a unit around one is split into two controls with
the same tag, and the reader joins them again.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from typing import Any

from lxml import etree

from kasgen.wordml.names import NS, W, q

TAG_PREFIX = "kasgen:"
BOOKMARK_PREFIX = "_Kg"
_MC_IGNORABLE = q("mc:Ignorable")


def bookmark_name(key: str) -> str:
    """A hidden bookmark name (leading underscore) within Word's 40 characters."""
    return f"{BOOKMARK_PREFIX}{zlib.crc32(key.encode('utf-8')):010d}"


def sdt_id(key: str) -> str:
    """A stable, positive content-control id (Word only needs it unique in the document)."""
    return str((zlib.crc32(("sdt:" + key).encode("utf-8")) & 0x7FFFFFFF) or 1)


def tag_key(sdt: Any) -> str | None:
    """The unit key of a kasgen content control, ``None`` for any other ``w:sdt``."""
    tag = sdt.find(f"{W('sdtPr')}/{W('tag')}")
    value = tag.get(W("val")) if tag is not None else None
    if value and value.startswith(TAG_PREFIX):
        return value[len(TAG_PREFIX):]
    return None


def breaks_section(el: Any) -> bool:
    return el.tag == W("p") and el.find(f"{W('pPr')}/{W('sectPr')}") is not None


def _sdt(key: str, locked: bool) -> tuple[Any, Any]:
    sdt = etree.Element(W("sdt"))
    pr = etree.SubElement(sdt, W("sdtPr"))
    etree.SubElement(pr, W("tag")).set(W("val"), TAG_PREFIX + key)
    etree.SubElement(pr, W("id")).set(W("val"), sdt_id(key))
    if locked:
        etree.SubElement(pr, W("lock")).set(W("val"), "sdtLocked")
    etree.SubElement(pr, q("w15:appearance")).set(q("w15:val"), "hidden")
    content = etree.SubElement(sdt, W("sdtContent"))
    return sdt, content


def wrap(elements: Sequence[Any], key: str, locked: bool = True, in_place: bool = True) -> list[Any]:
    """Wrap a unit's blocks in kasgen content controls, where they stand (``in_place``) or to be
    placed by the caller.

    Returns the elements that now stand in the blocks' place: one control, or several with
    bare section-break paragraphs between them.
    """
    out: list[Any] = []
    content = None
    for el in elements:
        if breaks_section(el):
            out.append(el)
            content = None
            continue
        if content is None:
            sdt, content = _sdt(key, locked)
            if in_place and el.getparent() is not None:
                el.addprevious(sdt)
            out.append(sdt)
        content.append(el)
    return out


def first_paragraph(block: Any) -> Any | None:
    if block.tag == W("p"):
        return block
    return next(block.iter(W("p")), None)


def place_bookmark(block: Any, key: str, bookmark_id: int) -> bool:
    """Put the unit's collapsed bookmark at the start of its first paragraph."""
    p = first_paragraph(block)
    if p is None:
        return False
    start = etree.Element(W("bookmarkStart"))
    start.set(W("id"), str(bookmark_id))
    start.set(W("name"), bookmark_name(key))
    end = etree.Element(W("bookmarkEnd"))
    end.set(W("id"), str(bookmark_id))
    ppr = p.find(W("pPr"))
    index = 0 if ppr is None else p.index(ppr) + 1
    p.insert(index, start)
    p.insert(index + 1, end)
    return True


def anchor_units(starts: Iterable[tuple[Any, str, bool]], stop: Any, first_bookmark_id: int) -> int:
    """Anchor units written in place in a body: each start element begins a unit that runs to the
    next start (or to ``stop``, the body's final ``w:sectPr``).

    ``starts`` holds (first element, key, locked) in document order. Returns the next free
    bookmark id.
    """
    listed = list(starts)
    next_id = first_bookmark_id
    for i, (first, key, locked) in enumerate(listed):
        until = listed[i + 1][0] if i + 1 < len(listed) else stop
        blocks = []
        el = first
        while el is not None and el is not until:
            blocks.append(el)
            el = el.getnext()
        if place_bookmark(blocks[0], key, next_id):
            next_id += 1
        wrap(blocks, key, locked)
    return next_id


def strip_anchors(blocks: Iterable[Any]) -> None:
    """Remove kasgen's bookmarks from blocks (and the untagged inline content controls that
    LibreOffice makes of a heading that carried one), so they can be anchored afresh."""
    for block in blocks:
        names = [b for b in block.iter(W("bookmarkStart"))
                 if (b.get(W("name")) or "").startswith(BOOKMARK_PREFIX)]
        ids = {b.get(W("id")) for b in names}
        for b in names:
            _unwrap_foreign_inline_sdt(b)
            b.getparent().remove(b)
        for end in [e for e in block.iter(W("bookmarkEnd")) if e.get(W("id")) in ids]:
            end.getparent().remove(end)


def _unwrap_foreign_inline_sdt(bookmark: Any) -> None:
    content = bookmark.getparent()
    if content is None or content.tag != W("sdtContent"):
        return
    sdt = content.getparent()
    pr = sdt.find(W("sdtPr"))
    if sdt.getparent() is None or sdt.getparent().tag != W("p"):
        return
    if pr is not None and any(child.tag != W("id") for child in pr):
        return  # a control someone configured: leave it
    for child in list(content):
        sdt.addprevious(child)
    sdt.getparent().remove(sdt)


def with_w15(root: Any, make: Any = etree.Element) -> Any:
    """``root`` with the Word 2012 namespace declared and ignorable (for ``w15:appearance``).

    The declarations are added in place by :func:`lxml.etree.cleanup_namespaces` (``top_nsmap``),
    which also folds the declarations of the content controls made earlier into the root; every
    prefix the root declared is kept (``mc:Ignorable`` names some). Moving the children into a
    new root instead costs time quadratic in the document's size (a minute for 2,000 branches).
    ``make`` is kept for callers that pass python-docx's element factory; it is not needed.
    """
    ignorable = root.get(_MC_IGNORABLE, "")
    if root.nsmap.get("w15") == NS["w15"] and "w15" in ignorable.split():
        return root
    keep = [prefix for prefix in root.nsmap if prefix]
    if "w15" not in ignorable.split():
        root.set(_MC_IGNORABLE, " ".join([*ignorable.split(), "w15"]))
    etree.cleanup_namespaces(root, top_nsmap={"w15": NS["w15"], "mc": NS["mc"]},
                             keep_ns_prefixes=keep)
    return root
