"""Edits made to a .docx the way Word makes them: split runs with revision ids (rsids), tracked
insertions and deletions by a named author, comments with their ranges, direct formatting, a
section emptied inside its locked content control, a paragraph typed between two sections.

Written independently of kasgen's own WordML code, so the tests do not grade kasgen with itself.
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{NS}}}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
SPACE = "{http://www.w3.org/XML/1998/namespace}space"
EDITOR = "Rūta Redaktorė"
DATE = "2027-05-04T10:00:00Z"
HEADINGS = ("Heading1", "Heading2", "AppendixHeading", "AppendixHeading2")


def text_of(p: Any) -> str:
    """Accepted view of a paragraph: w:t in (also inside w:ins), w:delText out."""
    return "".join(t.text or "" for t in p.iter(W + "t"))


def style_of(p: Any) -> str:
    s = p.find(f"{W}pPr/{W}pStyle")
    return s.get(W + "val") if s is not None else ""


class EditedDocx:
    def __init__(self, source: Path | bytes):
        data = source.read_bytes() if isinstance(source, Path) else source
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            self.parts = {n: z.read(n) for n in z.namelist()}
        self.root = etree.fromstring(self.parts["word/document.xml"])
        self.body = self.root.find(W + "body")
        self._rsid = 0x00A10000
        self._ids = 900000

    # -- finding ----------------------------------------------------------------------------------
    def paragraphs(self) -> list[Any]:
        """Body paragraphs outside tables and outside the table of contents."""
        return [p for p in self.body.iter(W + "p")
                if not any(a.tag == W + "tc" for a in p.iterancestors())
                and not style_of(p).lower().startswith(("toc", "contents"))]

    def find(self, text: str) -> Any:
        hits = [p for p in self.paragraphs() if text in text_of(p)]
        assert hits, f"no paragraph contains {text!r}"
        return hits[0]

    def section(self, heading: str) -> list[Any]:
        """The heading paragraph and the blocks after it up to the next heading of level 1-2."""
        blocks = [el for el in self.body.iter(W + "p", W + "tbl")
                  if not any(a.tag in (W + "tc",) for a in el.iterancestors())]
        start = next(i for i, el in enumerate(blocks) if el.tag == W + "p" and text_of(el) == heading)
        out = [blocks[start]]
        for el in blocks[start + 1:]:
            if el.tag == W + "p" and style_of(el) in HEADINGS:
                break
            out.append(el)
        return out

    def _next_rsid(self) -> str:
        self._rsid += 0x111
        return f"{self._rsid:08X}"

    def _next_id(self) -> str:
        self._ids += 1
        return str(self._ids)

    # -- edits ------------------------------------------------------------------------------------
    def replace_text(self, old: str, new: str) -> None:
        """Type over ``old`` in its paragraph: Word splits the run and stamps the new one's rsid."""
        p = self.find(old)
        full = text_of(p)
        start = full.index(old)
        runs = [r for r in p.iter(W + "r") if r.find(W + "t") is not None]
        template = runs[0]
        for r in runs:
            r.getparent().remove(r)
        pieces = [full[:start], new, full[start + len(old):]]
        anchor = p.find(W + "pPr")
        at = 0 if anchor is None else p.index(anchor) + 1
        for i, piece in enumerate(pieces):
            if not piece:
                continue
            r = copy.deepcopy(template)
            for t in r.findall(W + "t"):
                r.remove(t)
            r.set(W + "rsidR", self._next_rsid() if i == 1 else "00C2F0A1")
            t = etree.SubElement(r, W + "t")
            t.text = piece
            t.set(SPACE, "preserve")
            p.insert(at, r)
            at += 1
        p.set(W + "rsidR", self._next_rsid())
        p.set(W14 + "paraId", f"{self._rsid:08X}")

    def bold(self, word: str) -> None:
        """Bold one word: its own run with direct formatting (w:b)."""
        p = self.find(word)
        full = text_of(p)
        self.replace_text(full, full)  # one run again
        run = next(r for r in p.iter(W + "r") if r.find(W + "t") is not None)
        text = run.find(W + "t").text
        i = text.index(word)
        for piece, strong in ((text[:i], False), (word, True), (text[i + len(word):], False)):
            if not piece:
                continue
            r = copy.deepcopy(run)
            r.find(W + "t").text = piece
            if strong:
                rpr = r.find(W + "rPr")
                if rpr is None:
                    rpr = etree.Element(W + "rPr")
                    r.insert(0, rpr)
                etree.SubElement(rpr, W + "b")
            run.addprevious(r)
        run.getparent().remove(run)

    def tracked_insert(self, after: str, inserted: str) -> None:
        """Insert text at the end of a paragraph with Track Changes on."""
        p = self.find(after)
        ins = etree.SubElement(p, W + "ins", {W + "id": self._next_id(), W + "author": EDITOR,
                                              W + "date": DATE})
        r = etree.SubElement(ins, W + "r")
        t = etree.SubElement(r, W + "t")
        t.text = inserted
        t.set(SPACE, "preserve")

    def tracked_delete(self, text: str) -> None:
        """Delete a whole paragraph with Track Changes on (its mark included)."""
        p = self.find(text)
        for r in [r for r in p if r.tag == W + "r"]:
            d = etree.Element(W + "del", {W + "id": self._next_id(), W + "author": EDITOR,
                                          W + "date": DATE})
            r.addprevious(d)
            d.append(r)
            for t in r.iter(W + "t"):
                t.tag = W + "delText"
        ppr = p.find(W + "pPr")
        rpr = ppr.find(W + "rPr")
        if rpr is None:
            rpr = etree.SubElement(ppr, W + "rPr")
        rpr.insert(0, etree.Element(W + "del", {W + "id": self._next_id(), W + "author": EDITOR,
                                                 W + "date": DATE}))

    def delete_section(self, heading: str) -> None:
        """Select a section and press Delete: inside its locked control Word keeps one empty
        paragraph; without controls (a LibreOffice file) the paragraphs simply go."""
        blocks = self.section(heading)
        holder = blocks[0].getparent()
        for el in blocks:
            el.getparent().remove(el)
        if holder.tag == W + "sdtContent" and len(holder) == 0:
            etree.SubElement(holder, W + "p")

    def add_paragraph_after_section(self, heading: str, text: str) -> None:
        """Type a new paragraph between this section and the next, outside both."""
        last = self.section(heading)[-1]
        top = last
        while top.getparent() is not self.body:
            top = top.getparent()
        top.addnext(self._paragraph(text, "BodyText"))

    def add_paragraph_after(self, after: str, text: str) -> None:
        """Press Enter at the end of a paragraph and type (inside its section)."""
        self.find(after).addnext(self._paragraph(text, style_of(self.find(after)) or "BodyText"))

    def _paragraph(self, text: str, style: str) -> Any:
        p = etree.Element(W + "p", {W + "rsidR": self._next_rsid()})
        etree.SubElement(etree.SubElement(p, W + "pPr"), W + "pStyle").set(W + "val", style)
        r = etree.SubElement(p, W + "r", {W + "rsidR": self._next_rsid()})
        t = etree.SubElement(r, W + "t")
        t.text = text
        t.set(SPACE, "preserve")
        return p

    def comment(self, on: str, text: str) -> None:
        """A comment of the editor's on a paragraph."""
        cid = self._next_id()
        p = self.find(on)
        ppr = p.find(W + "pPr")
        p.insert(0 if ppr is None else p.index(ppr) + 1,
                 etree.Element(W + "commentRangeStart", {W + "id": cid}))
        etree.SubElement(p, W + "commentRangeEnd", {W + "id": cid})
        r = etree.SubElement(p, W + "r")
        etree.SubElement(r, W + "commentReference", {W + "id": cid})
        name = "word/comments.xml"
        root = etree.fromstring(self.parts[name]) if name in self.parts else None
        assert root is not None, "the built file has kasgen's comments part"
        c = etree.SubElement(root, W + "comment", {W + "id": cid, W + "author": EDITOR,
                                                   W + "date": DATE, W + "initials": "RR"})
        cp = etree.SubElement(c, W + "p")
        etree.SubElement(etree.SubElement(cp, W + "r"), W + "t").text = text
        self.parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                          standalone=True)

    def header_text(self, new: str) -> None:
        name = next(n for n in sorted(self.parts) if n.startswith("word/header"))
        root = etree.fromstring(self.parts[name])
        t = next(root.iter(W + "t"))
        t.text = new
        self.parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                          standalone=True)

    def save(self, path: Path) -> Path:
        self.parts["word/document.xml"] = etree.tostring(
            self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in self.parts.items():
                z.writestr(name, data)
        return path


def _remove_row(row: Any) -> None:
    table = row.getparent()
    if table is None:
        return
    table.remove(row)
    if table.find(W + "tr") is None and table.getparent() is not None:
        table.getparent().remove(table)


def _resolve(source: Path, target: Path, drop: str, keep: str) -> Path:
    """Remove every ``drop`` mark with what it marks; unwrap every ``keep`` mark."""
    doc = EditedDocx(source)
    for mark in list(doc.body.iter(W + drop)):
        holder = mark.getparent()
        if holder.tag == W + "trPr":
            _remove_row(holder.getparent())
        elif holder.tag == W + "rPr" and holder.getparent().tag == W + "pPr":
            p = holder.getparent().getparent()
            p.getparent().remove(p)  # a paragraph goes with its mark (kasgen marks whole ones)
        else:
            holder.remove(mark)
    for mark in list(doc.body.iter(W + keep)):
        holder = mark.getparent()
        if holder.tag in (W + "rPr", W + "trPr"):
            holder.remove(mark)
            continue
        for t in mark.iter(W + "delText"):
            t.tag = W + "t"
        for child in list(mark):
            mark.addprevious(child)
        holder.remove(mark)
    return doc.save(target)


def accept_all(source: Path, target: Path) -> Path:
    """Accept every tracked change, as Word's "Accept All Changes" does."""
    return _resolve(source, target, drop="del", keep="ins")


def reject_all(source: Path, target: Path) -> Path:
    """Reject every tracked change, as Word's "Reject All Changes" does."""
    return _resolve(source, target, drop="ins", keep="del")
