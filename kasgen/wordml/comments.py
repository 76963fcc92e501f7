"""Word comments: adding kasgen's, copying them between packages, and repairing orphans.

A comment is an entry in the comments part plus, in the body, a ``commentRangeStart``/``End``
around what it is about and a run holding its ``commentReference``. Removing text a comment
spans leaves one side without the other; :meth:`Comments.prune` repairs that, as Word would.
"""

from __future__ import annotations

import copy
from typing import Any

from lxml import etree

from kasgen.wordml.names import NS, XML_SPACE, W, q
from kasgen.wordml.package import RT, Package

TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
AUTHOR = "kasgen"
_SIDE_PARTS = ("commentsExtended", "commentsIds", "commentsExtensible")


class Comments:
    def __init__(self, package: Package):
        self.package = package
        found = package.targets(package.main, RT + "comments")
        self.part = found[0] if found and found[0] in package.parts else None

    def _root(self, create: bool = False) -> Any:
        if self.part is None:
            if not create:
                return None
            name = "word/comments.xml"
            self.part = name if name not in self.package.parts else self.package.free_name(
                "word/comments{}.xml")
            root = etree.Element(W("comments"), nsmap={"w": NS["w"]})
            self.package.add_part(self.part, b"", TYPE)
            self.package.set_xml(self.part, root)
            self.package.relate(self.package.main, RT + "comments", self.part)
            return root
        return self.package.xml(self.part)

    def entries(self) -> list[Any]:
        root = self._root()
        return [] if root is None else root.findall(W("comment"))

    def ids_by(self, author: str) -> set[str]:
        return {c.get(W("id"), "") for c in self.entries() if c.get(W("author")) == author}

    def _next_id(self) -> int:
        return max((int(c.get(W("id"), "0")) for c in self.entries()
                    if (c.get(W("id")) or "").isdigit()), default=-1) + 1

    def add(self, text: str, date: str) -> str:
        """Add a kasgen comment and return its id (anchor it with :func:`anchor`)."""
        root = self._root(create=True)
        self.package.touch(self.part)  # type: ignore[arg-type]
        cid = str(self._next_id())
        comment = etree.SubElement(root, W("comment"))
        comment.set(W("id"), cid)
        comment.set(W("author"), AUTHOR)
        comment.set(W("date"), date)
        comment.set(W("initials"), "KG")
        p = etree.SubElement(comment, W("p"))
        text_style = self.package.style_id("annotation text")
        if text_style:
            etree.SubElement(etree.SubElement(p, W("pPr")), W("pStyle")).set(W("val"), text_style)
        p.append(reference_run(self.package, W("annotationRef")))
        r = etree.SubElement(p, W("r"))
        t = etree.SubElement(r, W("t"))
        t.text = text
        t.set(XML_SPACE, "preserve")
        return cid

    def copy_from(self, entry: Any) -> str:
        """Copy another package's comment entry in under a new id; returns the id."""
        root = self._root(create=True)
        self.package.touch(self.part)  # type: ignore[arg-type]
        cid = str(self._next_id())
        new = copy.deepcopy(entry)
        new.set(W("id"), cid)
        for para in new.iter(W("p")):  # paragraph ids tie entries to side parts we do not copy
            para.attrib.pop(q("w14:paraId"), None)
            para.attrib.pop(q("w14:textId"), None)
        root.append(new)
        return cid

    def prune(self, document: Any) -> None:
        """Drop comments nothing in the body refers to any more, and range marks or references
        whose comment is gone."""
        root = self._root()
        referenced = {el.get(W("id")) for el in document.iter(W("commentReference"))}
        existing = set()
        if root is not None:
            for entry in root.findall(W("comment")):
                if entry.get(W("id")) in referenced:
                    existing.add(entry.get(W("id")))
                    continue
                self.package.touch(self.part)  # type: ignore[arg-type]
                self._drop_side_entries(entry)
                root.remove(entry)
        for el in list(document.iter(W("commentRangeStart"), W("commentRangeEnd"),
                                     W("commentReference"))):
            if el.get(W("id")) not in existing:
                holder = el.getparent()
                if el.tag == W("commentReference") and holder.tag == W("r") and len(holder) <= 2:
                    holder.getparent().remove(holder)
                else:
                    holder.remove(el)

    def _drop_side_entries(self, entry: Any) -> None:
        para_ids = {p.get(q("w14:paraId")) for p in entry.iter(W("p"))} - {None}
        if not para_ids:
            return
        for rid, kind, target, external in self.package.relationships(self.package.main):
            if external or target not in self.package.parts:
                continue
            if kind.rsplit("/", 1)[-1] in _SIDE_PARTS:
                side = self.package.xml(target)
                for el in list(side):
                    if any(v in para_ids for v in el.attrib.values()):
                        self.package.touch(target)
                        side.remove(el)


def reference_run(package: Package, tag: str, cid: str | None = None) -> Any:
    """A run holding ``annotationRef`` (inside a comment) or ``commentReference`` (in the body)."""
    r = etree.Element(W("r"))
    style = package.style_id("annotation reference")
    if style:
        etree.SubElement(etree.SubElement(r, W("rPr")), W("rStyle")).set(W("val"), style)
    mark = etree.SubElement(r, tag)
    if cid is not None:
        mark.set(W("id"), cid)
    return r


def anchor(package: Package, paragraph: Any, cid: str) -> None:
    """Anchor a comment on a whole paragraph: its range around the runs, the reference after."""
    start = etree.Element(W("commentRangeStart"))
    start.set(W("id"), cid)
    end = etree.Element(W("commentRangeEnd"))
    end.set(W("id"), cid)
    ppr = paragraph.find(W("pPr"))
    paragraph.insert(0 if ppr is None else paragraph.index(ppr) + 1, start)
    paragraph.append(end)
    paragraph.append(reference_run(package, W("commentReference"), cid))
