"""Tracked changes kasgen writes: whole blocks inserted or deleted, and word-level redlines.

Word shows them in its review tools (Accept/Reject, the Reviewing Pane), attributed to the author
"kasgen" with a date the caller fixes (the same inputs give the same file). A tracked insertion
wraps runs in ``w:ins`` and marks the paragraph mark inserted (``w:pPr/w:rPr/w:ins``); a
deletion wraps them in ``w:del`` with ``w:delText``; table rows carry the mark in ``w:trPr``.
"""

from __future__ import annotations

import copy
import re
from difflib import SequenceMatcher
from typing import Any

from lxml import etree

from kasgen.wordml.names import XML_SPACE, W

AUTHOR = "kasgen"
_RUN_HOLDERS = {W("hyperlink"), W("smartTag"), W("customXml"), W("fldSimple"), W("sdtContent"),
                W("sdt")}
_PLAIN_PARTS = {W("pPr"), W("r"), W("bookmarkStart"), W("bookmarkEnd"), W("proofErr")}
_PLAIN_RUN = {W("rPr"), W("t"), W("tab"), W("br"), W("lastRenderedPageBreak")}
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
_ROW_MARKS = {W("ins"), W("del"), W("trPrChange")}


class Revisions:
    """Makes revision marks: ids from the document's allocator, author "kasgen", a fixed date."""

    def __init__(self, date: str, ids: Any):
        self.date = date
        self.ids = ids  # anything with take() -> int (kasgen.wordml.transplant.IdAllocator)

    def mark(self, kind: str) -> Any:
        el = etree.Element(W(kind))
        el.set(W("id"), str(self.ids.take()))
        el.set(W("author"), AUTHOR)
        el.set(W("date"), self.date)
        return el

    # -- whole blocks --------------------------------------------------------------------------
    def insert(self, block: Any) -> None:
        """Mark a paragraph or table (and everything in it) as inserted."""
        self._block(block, "ins")

    def delete(self, block: Any) -> None:
        """Mark a paragraph or table as deleted; its text moves into ``w:delText``."""
        self._block(block, "del")

    def _block(self, block: Any, kind: str) -> None:
        for tr in block.iter(W("tr")):
            trpr = tr.find(W("trPr"))
            if trpr is None:
                trpr = etree.Element(W("trPr"))
                ex = tr.find(W("tblPrEx"))
                tr.insert(0 if ex is None else 1, trpr)
            if not any(c.tag not in _ROW_MARKS for c in trpr):
                # the schema wants one row property before the mark: the default, stated
                etree.SubElement(trpr, W("cantSplit")).set(W("val"), "off")
            change = trpr.find(W("trPrChange"))
            (change.addprevious if change is not None else trpr.append)(self.mark(kind))
        paragraphs = [block] if block.tag == W("p") else list(block.iter(W("p")))
        for p in paragraphs:
            self._runs(p, kind)
            self._paragraph_mark(p, kind)

    def _runs(self, holder: Any, kind: str) -> None:
        group: list[Any] = []

        def flush() -> None:
            if group:
                wrapper = self.mark(kind)
                group[0].addprevious(wrapper)
                for run in group:
                    wrapper.append(run)
                    if kind == "del":
                        to_deleted_text(run)
                group.clear()

        for child in list(holder):
            if child.tag == W("r"):
                group.append(child)
                continue
            flush()
            if child.tag in _RUN_HOLDERS:
                self._runs(child, kind)
        flush()

    def _paragraph_mark(self, p: Any, kind: str) -> None:
        ppr = p.find(W("pPr"))
        if ppr is None:
            ppr = etree.Element(W("pPr"))
            p.insert(0, ppr)
        rpr = ppr.find(W("rPr"))
        if rpr is None:
            rpr = etree.Element(W("rPr"))
            after = ppr.find(W("sectPr"))
            if after is None:
                after = ppr.find(W("pPrChange"))
            (after.addprevious if after is not None else ppr.append)(rpr)
        rpr.insert(0, self.mark(kind))

    # -- word level ----------------------------------------------------------------------------
    def redline(self, old: Any, new: Any) -> Any | None:
        """``new`` with the words that differ from ``old`` marked as tracked changes.

        Returns ``None`` when either paragraph holds more than plain runs (fields, pictures,
        links): the caller then shows the whole old paragraph deleted and the new one inserted.
        """
        if not (plain(old) and plain(new)):
            return None
        old_chars, new_chars = characters(old), characters(new)
        old_text = "".join(c for c, _ in old_chars)
        new_text = "".join(c for c, _ in new_chars)
        a, b = _TOKEN.findall(old_text), _TOKEN.findall(new_text)
        out = etree.Element(W("p"))
        ppr = new.find(W("pPr"))
        if ppr is not None:
            out.append(copy.deepcopy(ppr))
        pieces: list[tuple[str, str, Any]] = []  # (state, text, rPr)
        oa = ob = 0  # character offsets in old and new
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            old_len, new_len = sum(map(len, a[i1:i2])), sum(map(len, b[j1:j2]))
            if tag == "equal":
                pieces += _spans("same", new_chars[ob:ob + new_len])
            else:
                pieces += _spans("del", old_chars[oa:oa + old_len])
                pieces += _spans("ins", new_chars[ob:ob + new_len])
            oa, ob = oa + old_len, ob + new_len
        for state, text, rpr in pieces:
            run = make_run(text, rpr, deleted=state == "del")
            if state == "same":
                out.append(run)
            else:
                wrapper = self.mark(state)
                wrapper.append(run)
                out.append(wrapper)
        return out


def plain(p: Any) -> bool:
    return p.tag == W("p") and all(
        child.tag in _PLAIN_PARTS and (child.tag != W("r") or all(c.tag in _PLAIN_RUN for c in child))
        for child in p
    )


def characters(p: Any) -> list[tuple[str, Any]]:
    """A plain paragraph's text, one (character, run properties) per character."""
    out: list[tuple[str, Any]] = []
    for run in p.findall(W("r")):
        rpr = run.find(W("rPr"))
        for child in run:
            if child.tag == W("t"):
                out += [(ch, rpr) for ch in child.text or ""]
            elif child.tag == W("tab"):
                out.append(("\t", rpr))
            elif child.tag == W("br"):
                out.append(("\n", rpr))
    return out


def _spans(state: str, chars: list[tuple[str, Any]]) -> list[tuple[str, str, Any]]:
    spans: list[tuple[str, str, Any]] = []
    for ch, rpr in chars:
        if spans and spans[-1][2] is rpr:
            spans[-1] = (state, spans[-1][1] + ch, rpr)
        else:
            spans.append((state, ch, rpr))
    return spans


def make_run(text: str, rpr: Any, deleted: bool = False) -> Any:
    run = etree.Element(W("r"))
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    for i, piece in enumerate(re.split(r"([\t\n])", text)):
        if i % 2:
            run.append(etree.Element(W("tab") if piece == "\t" else W("br")))
        elif piece:
            t = etree.SubElement(run, W("delText") if deleted else W("t"))
            t.text = piece
            t.set(XML_SPACE, "preserve")
    return run


def to_deleted_text(run: Any) -> None:
    for t in run.iter(W("t")):
        t.tag = W("delText")
    for t in run.iter(W("instrText")):
        t.tag = W("delInstrText")


def accept_all(root: Any) -> None:
    """Accept every pending revision under ``root`` in place (the accepted view, materialised)."""
    for el in list(root.iter(W("del"), W("moveFrom"))):
        parent = el.getparent()
        if parent is not None and parent.tag == W("rPr"):
            continue  # a deleted paragraph mark: handled below
        if parent is not None:
            parent.remove(el)
    for el in list(root.iter(W("ins"), W("moveTo"))):
        parent = el.getparent()
        if parent is None:
            continue
        if parent.tag in (W("rPr"), W("trPr")):
            parent.remove(el)
            continue
        for child in list(el):
            el.addprevious(child)
        parent.remove(el)
    for el in list(root.iter(W("rPrChange"), W("pPrChange"), W("sectPrChange"), W("tblPrChange"),
                             W("trPrChange"), W("tcPrChange"), W("tblGridChange"),
                             W("numberingChange"))):
        el.getparent().remove(el)
    _join_deleted_marks(root)


def _join_deleted_marks(root: Any) -> None:
    for mark in list(root.iter(W("del"))):
        rpr = mark.getparent()
        if rpr is None or rpr.tag != W("rPr") or rpr.getparent().tag != W("pPr"):
            continue
        p = rpr.getparent().getparent()
        rpr.remove(mark)
        following = p.getnext()
        if following is not None and following.tag == W("p"):
            first = following.find(W("pPr"))
            at = 0 if first is None else following.index(first) + 1
            for k, child in enumerate([c for c in p if c.tag != W("pPr")]):
                following.insert(at + k, child)
            p.getparent().remove(p)
