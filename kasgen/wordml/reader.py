"""The accepted view of a body: its blocks, their text, and the kasgen unit each belongs to.

*Accepted view*: the text as it reads once every pending revision is accepted — insertions in,
deletions out. Revisions and comments are noted on the block, not applied: the update keeps them.

Units are found by, in order of trust: the kasgen content control around a block, the unit's
``_Kg`` bookmark (LibreOffice keeps it where it drops the controls), then the text of a unit's
first paragraph (a unit whose anchors were deleted). A block-level content control of any other
kind (Word's own table-of-contents control, an editor's control) is one block, kept whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from kasgen.wordml.anchors import BOOKMARK_PREFIX, tag_key
from kasgen.wordml.names import W, q

_SKIP = {W("del"), W("moveFrom"), W("pPr"), W("rPr"), W("instrText"), W("delText"),
         W("delInstrText"), q("mc:Fallback"), W("txbxContent"), W("footnoteReference"),
         W("endnoteReference"), W("sdtPr")}
_TEXT = {W("t"): None, W("tab"): "\t", W("br"): "\n", W("cr"): "\n", W("noBreakHyphen"): "\u2011",
         W("softHyphen"): "\u00ad"}
REVISION_TAGS = frozenset(W(n) for n in (
    "ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange",
    "trPrChange", "tcPrChange", "tblGridChange", "numberingChange", "cellIns", "cellDel",
    "cellMerge"))


def accepted_text(el: Any) -> str:
    """The text of a paragraph (or any element) with pending revisions accepted."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        for child in node:
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag in _TEXT:
                mapped = _TEXT[tag]
                if mapped is None:
                    parts.append(child.text or "")
                elif tag != W("br") or child.get(W("type")) in (None, "textWrapping"):
                    parts.append(mapped)
                continue
            if len(child):
                walk(child)

    walk(el)
    return "".join(parts)


def text_without_fields(p: Any) -> str:
    """Accepted text without field results (page numbers and the like, which every program
    that opens the file may recompute): what a header or footer paragraph says for itself."""
    out: list[str] = []
    fields: list[str] = []
    for node in p.iter(W("fldChar"), W("t"), W("tab"), W("fldSimple")):
        if node.tag == W("fldChar"):
            kind = node.get(W("fldCharType"))
            if kind == "begin":
                fields.append("code")
            elif kind == "separate" and fields:
                fields[-1] = "result"
            elif kind == "end" and fields:
                fields.pop()
            continue
        if "result" in fields or node.tag == W("fldSimple") or any(
                a.tag in (W("del"), W("moveFrom"), W("fldSimple")) for a in node.iterancestors()):
            continue
        out.append(node.text or "" if node.tag == W("t") else "\t")
    return "".join(out)


def block_text(block: Any) -> str:
    if block.tag == W("sdt"):
        content = block.find(W("sdtContent"))
        return "\n".join(block_text(el) for el, _ in iter_blocks(content)) if content is not None else ""
    if block.tag == W("tbl"):
        rows = []
        for tr in block.iter(W("tr")):
            cells = ["\n".join(accepted_text(p) for p in tc.iter(W("p"))) for tc in tr.iter(W("tc"))]
            rows.append("\t".join(cells))
        return "\n".join(rows)
    return accepted_text(block)


@dataclass
class Block:
    """A paragraph or table of the body, in document order."""

    element: Any
    text: str
    revised: bool  # carries pending tracked changes
    commented: bool  # carries a comment someone other than kasgen wrote
    sdt_key: str | None = None  # the kasgen content control around it
    anchor_key: str | None = None  # a kasgen bookmark it starts with
    unit: str | None = None  # the unit it belongs to, once assigned

    @property
    def changed(self) -> bool:
        """Edited beyond its text: revisions or comments the update must keep."""
        return self.revised or self.commented


@dataclass
class Layout:
    """The body as the update sees it: blocks in order, each with its unit or ``None`` (loose)."""

    blocks: list[Block]
    units: dict[str, list[Block]] = field(default_factory=dict)
    found_by: dict[str, str] = field(default_factory=dict)  # key -> "control", "bookmark", "text"


def iter_blocks(container: Any, sdt_key: str | None = None) -> Iterator[tuple[Any, str | None]]:
    """The blocks of a body: paragraphs, tables and content controls of any kind but kasgen's,
    whose blocks are yielded one by one with the control's unit key."""
    for child in container:
        tag = child.tag
        if tag == W("p") or tag == W("tbl"):
            yield child, sdt_key
        elif tag == W("sdt"):
            key = tag_key(child)
            content = child.find(W("sdtContent"))
            if key is None:
                yield child, sdt_key
            elif content is not None:
                yield from iter_blocks(content, key)
        elif tag == W("customXml"):
            yield from iter_blocks(child, sdt_key)


def read_layout(body: Any, bookmarks: dict[str, str], kasgen_comments: set[str],
                first_texts: dict[str, str] | None = None,
                fresh_texts: list[str] | None = None) -> Layout:
    """Read a body into blocks and assign units.

    Args:
        bookmarks: bookmark name -> unit key, from the manifest (or from the keys expected).
        kasgen_comments: ids of comments kasgen wrote (the rest are the editor's).
        first_texts: unit key -> text of its first paragraph, to find units whose anchors are
            gone; only a text that occurs exactly once is trusted.
        fresh_texts: for a build kasgen just made, every block's text from its manifest: the
            body is then read for its content controls only (it has no revisions, no one
            else's comments, every unit in its control).
    """
    elements = list(iter_blocks(body))
    if fresh_texts is not None and len(fresh_texts) == len(elements):
        layout = Layout([Block(el, text, False, False, key) for (el, key), text
                         in zip(elements, fresh_texts)])
        _assign(layout, {})
        return layout
    known_texts = [block_text(el) for el, _ in elements]
    blocks: list[Block] = []
    seen_anchor: set[str] = set()
    start, name_attr, id_attr = W("bookmarkStart"), W("name"), W("id")
    comment_marks = (W("commentRangeStart"), W("commentReference"))
    for (el, key), text in zip(elements, known_texts):
        anchor = None
        for b in el.iter(start):
            name = b.get(name_attr) or ""
            if name.startswith(BOOKMARK_PREFIX) and name in bookmarks and bookmarks[name] not in seen_anchor:
                anchor = bookmarks[name]
                seen_anchor.add(anchor)
                break
        revised = next(el.iter(*REVISION_TAGS), None) is not None
        commented = any(c.get(id_attr) not in kasgen_comments for c in el.iter(*comment_marks))
        blocks.append(Block(el, text, revised, commented, key, anchor))
    layout = Layout(blocks)
    _assign(layout, first_texts or {})
    return layout


def _assign(layout: Layout, first_texts: dict[str, str]) -> None:
    blocks = layout.blocks
    anchored = {b.sdt_key for b in blocks if b.sdt_key} | {b.anchor_key for b in blocks if b.anchor_key}
    by_text: dict[str, list[int]] = {}
    for i, b in enumerate(blocks):
        if b.element.tag == W("p") and b.sdt_key is None and b.anchor_key is None:
            by_text.setdefault(b.text, []).append(i)
    for key, text in first_texts.items():
        hits = by_text.get(text, [])
        if key not in anchored and text.strip() and len(hits) == 1:
            blocks[hits[0]].anchor_key = key
            layout.found_by[key] = "text"
    current: str | None = None
    closed = False  # the current unit's control ended: what follows is loose unless it resumes
    for i, b in enumerate(blocks):
        if b.sdt_key is not None:
            current, closed = b.sdt_key, False
            layout.found_by.setdefault(b.sdt_key, "control")
        elif b.anchor_key is not None:
            current, closed = b.anchor_key, False
            layout.found_by.setdefault(b.anchor_key, "bookmark")
        elif current is not None and (i == 0 or blocks[i - 1].sdt_key is not None):
            closed = not _resumes(blocks, i, current)
        if b.sdt_key is not None or not closed:
            b.unit = current
        if b.unit is not None:
            layout.units.setdefault(b.unit, []).append(b)


def _resumes(blocks: list[Block], start: int, key: str) -> bool:
    """After a unit's control ends, bare blocks still belong to it if its next control follows
    before any other anchor (a section break splits a unit in two controls)."""
    for b in blocks[start:]:
        if b.sdt_key is not None:
            return b.sdt_key == key
        if b.anchor_key is not None:
            return False
    return False
