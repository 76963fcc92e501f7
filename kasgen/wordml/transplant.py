"""Copying blocks from one package (a fresh build) into another (the editor's file).

A block's XML points outside itself: to styles by id, to pictures and links by relationship id,
to comments and bookmarks by number. Each reference is rewritten for the receiving package:
styles by name (LibreOffice renames style ids when it saves; a style the receiver lacks is
copied), parts copied and related anew, comments copied under new ids, bookmark ids renumbered.
"""

from __future__ import annotations

import copy
import hashlib
import posixpath
from typing import Any

from kasgen.wordml.comments import Comments
from kasgen.wordml.names import NS, W
from kasgen.wordml.package import RT, Package

_R = f"{{{NS['r']}}}"
_STYLE_REFS = (W("pStyle"), W("rStyle"), W("tblStyle"))
_SECTION_REFS = (W("headerReference"), W("footerReference"))
_MEDIA_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "gif": "image/gif",
                "emf": "image/x-emf", "wmf": "image/x-wmf", "svg": "image/svg+xml"}
ID_TAGS = (W("bookmarkStart"), W("bookmarkEnd"), W("ins"), W("del"), W("moveFrom"), W("moveTo"),
           W("moveFromRangeStart"), W("moveFromRangeEnd"), W("moveToRangeStart"),
           W("moveToRangeEnd"), W("rPrChange"), W("pPrChange"), W("permStart"), W("permEnd"))


class IdAllocator:
    """Numbers for bookmarks and revisions, above every one the document already uses."""

    def __init__(self, *roots: Any):
        used = [int(v) for root in roots for el in root.iter(*ID_TAGS)
                if (v := el.get(W("id"))) is not None and v.lstrip("-").isdigit()]
        self.next = max(used, default=0) + 1

    def take(self) -> int:
        self.next += 1
        return self.next - 1


class Transplanter:
    def __init__(self, source: Package, target: Package, comments: Comments, ids: IdAllocator):
        self.source, self.target = source, target
        self.comments = comments
        self.source_comments = {c.get(W("id")): c for c in Comments(source).entries()}
        self.ids = ids
        self._source_styles = source.style_names()
        self._target_ids = {name: sid for sid, name in target.style_names().items()}
        self._parts: dict[str, str] = {}  # source part -> target part
        self._comment_ids: dict[str, str] = {}
        # the receiver's own header and footer, first of each kind in document order
        self._section_refs: dict[tuple[str, str | None], str | None] = {}
        for ref in target.xml(target.main).iter(*_SECTION_REFS):
            self._section_refs.setdefault((ref.tag, ref.get(W("type"))), ref.get(_R + "id"))

    def copy(self, block: Any) -> Any:
        el = copy.deepcopy(block)
        for ref in el.iter(*_STYLE_REFS):
            ref.set(W("val"), self._style(ref.get(W("val"), "")))
        for ref in list(el.iter(*_SECTION_REFS)):
            # a copied page section uses the receiver's header and footer, not the build's
            rid = self._section_refs.get((ref.tag, ref.get(W("type"))))
            if rid:
                ref.set(_R + "id", rid)
            else:
                ref.getparent().remove(ref)
        for node in el.iter():
            if node.tag in _SECTION_REFS:
                continue
            for name, value in node.attrib.items():
                if name.startswith(_R) and value:
                    node.set(name, self._relationship(value))
        bookmark_ids: dict[str, str] = {}
        for mark in el.iter(W("bookmarkStart"), W("bookmarkEnd")):
            old = mark.get(W("id"), "")
            if old not in bookmark_ids:
                bookmark_ids[old] = str(self.ids.take())
            mark.set(W("id"), bookmark_ids[old])
        for mark in el.iter(W("commentRangeStart"), W("commentRangeEnd"), W("commentReference")):
            mark.set(W("id"), self._comment(mark.get(W("id"), "")))
        return el

    def _style(self, source_id: str) -> str:
        name = self._source_styles.get(source_id)
        if name is None:
            return source_id
        found = self._target_ids.get(name)
        if found is None:
            found = self._copy_style(source_id, name)
        return found

    def _copy_style(self, source_id: str, name: str) -> str:
        """Give the receiver a style it lacks (with the styles it is based on)."""
        src_part = self.source.targets(self.source.main, RT + "styles")
        dst_part = self.target.targets(self.target.main, RT + "styles")
        if not src_part or not dst_part:
            return source_id
        style = next((s for s in self.source.xml(src_part[0]).iter(W("style"))
                      if s.get(W("styleId")) == source_id), None)
        if style is None:
            return source_id
        new = copy.deepcopy(style)
        new_id = source_id
        while new_id in self.target.style_names():
            new_id += "Kg"
        new.set(W("styleId"), new_id)
        self.target.touch(dst_part[0]).append(new)
        self._target_ids[name] = new_id
        based = new.find(W("basedOn"))
        if based is not None:
            based.set(W("val"), self._style(based.get(W("val"), "")))
        return new_id

    def _relationship(self, rel_id: str) -> str:
        found = self.source.target_of(self.source.main, rel_id)
        if found is None:
            return rel_id
        kind, target, external = found
        if external:
            return self.target.relate(self.target.main, kind, target, external=True)
        if target not in self._parts:
            self._parts[target] = self._copy_part(target)
        return self.target.relate(self.target.main, kind, self._parts[target])

    def _copy_part(self, name: str) -> str:
        """Copy a media part; an identical one already in the receiver is reused."""
        data = self.source.parts[name]
        ext = posixpath.splitext(name)[1].lstrip(".").lower()
        digest = hashlib.sha256(data).digest()
        for existing, blob in sorted(self.target.parts.items()):
            if existing.endswith("." + ext) and hashlib.sha256(blob).digest() == digest:
                return existing
        new = self.target.free_name("word/media/kasgen{}." + ext)
        self.target.add_part(new, data)
        self.target.ensure_default_type(ext, _MEDIA_TYPES.get(ext, "application/octet-stream"))
        return new

    def _comment(self, source_id: str) -> str:
        if source_id not in self._comment_ids:
            entry = self.source_comments.get(source_id)
            self._comment_ids[source_id] = (
                self.comments.copy_from(entry) if entry is not None else source_id)
        return self._comment_ids[source_id]


def drop_duplicate_bookmarks(body: Any) -> None:
    """Keep the first bookmark of each name (a copied heading brings its own along)."""
    seen: set[str] = set()
    ends: dict[str | None, list[Any]] = {}
    for end in body.iter(W("bookmarkEnd")):
        ends.setdefault(end.get(W("id")), []).append(end)
    for start in list(body.iter(W("bookmarkStart"))):
        name = start.get(W("name"), "")
        if name not in seen:
            seen.add(name)
            continue
        bid = start.get(W("id"))
        start.getparent().remove(start)
        for end in ends.get(bid, [])[:1]:
            end.getparent().remove(end)
