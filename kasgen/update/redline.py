"""``kasgen diff``: the new version of a standard with Word tracked changes against the old one.

For the person who approves a revision. The body's blocks (paragraphs, tables, other content
controls) are aligned by their text; a block only in the new version is a tracked insertion, one
only in the old version is copied in as a tracked deletion where it stood, and a changed
paragraph shows the words that changed. Works on any two .docx files: two kasgen builds, or
files edited since (pending revisions in either are read as accepted first). Accepting every
change gives the new version's text; rejecting every change gives the old one's.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from lxml import etree

from kasgen.errors import OutputError, UserError
from kasgen.wordml.anchors import strip_anchors
from kasgen.wordml.comments import Comments
from kasgen.wordml.names import W
from kasgen.wordml.package import Package, PackageError
from kasgen.wordml.reader import block_text, iter_blocks
from kasgen.wordml.revisions import Revisions, accept_all
from kasgen.wordml.transplant import IdAllocator, Transplanter, drop_duplicate_bookmarks

SIMILAR = 0.5  # below this word-level likeness a changed paragraph is shown deleted and inserted


@dataclass
class RedlineResult:
    path: Path
    changed: int = 0
    inserted: int = 0
    deleted: int = 0


def _read(path: Path) -> Package:
    from kasgen.inputs import InputProblem
    from kasgen.package import read_package

    if path.suffix.lower() != ".docx":
        raise UserError(f"{path}: not a .docx file")
    try:
        return Package(read_package(path, "Word document"))
    except (InputProblem, PackageError) as exc:
        raise UserError(f"{path}: {exc}") from None


def redline(old_path: str | Path, new_path: str | Path, output: str | Path) -> RedlineResult:
    """Write ``output``: ``new_path`` with tracked changes against ``old_path``."""
    from kasgen.outputs import ProtectedOutput
    from kasgen.provenance import stamp

    old_path, new_path, target = Path(old_path), Path(new_path), Path(output)
    if target.suffix.lower() != ".docx":
        raise OutputError(f"{target}: the output must be a .docx file")
    if target.resolve() in (old_path.resolve(), new_path.resolve()):
        raise OutputError(f"{target}: name a new file for the redline, not one of the two compared")
    protected = ProtectedOutput(target)
    old, new = _read(old_path), _read(new_path)
    result = RedlineResult(target)
    try:
        _Redliner(old, new, result).run()
    except (etree.XMLSyntaxError, PackageError) as exc:
        raise UserError(f"{old_path} or {new_path}: a part is damaged ({exc})") from None
    protected.commit(stamp(new.to_bytes()))
    return result


class _Redliner:
    def __init__(self, old: Package, new: Package, result: RedlineResult):
        self.old_body = old.xml(old.main).find(W("body"))
        root = new.touch(new.main)
        self.body = root.find(W("body"))
        accept_all(self.old_body)
        accept_all(self.body)
        ids = IdAllocator(self.body)
        date = _modified(new)
        self.revisions = Revisions(date, ids)
        comments = Comments(new)
        comments.entries()  # read now: a damaged comments part is refused, not passed on
        self.copier = Transplanter(old, new, comments, ids)
        self.result = result

    def run(self) -> None:
        old = [el for el, _ in iter_blocks(self.old_body)]
        new = [el for el, _ in iter_blocks(self.body)]
        old_texts, new_texts = [block_text(b) for b in old], [block_text(b) for b in new]
        matcher = SequenceMatcher(None, old_texts, new_texts, autojunk=False)
        for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):  # back to front: indices hold
            if tag == "equal":
                continue
            pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
            for k in range(pairs):
                self._replaced(old[i1 + k], new[j1 + k])
            self._inserted(new[j1 + pairs:j2])
            self._deleted(old[i1 + pairs:i2], before=new[j2] if j2 < len(new) else None,
                          after=new[j2 - 1] if j2 > 0 else None)
        drop_duplicate_bookmarks(self.body)

    def _replaced(self, old: Any, new: Any) -> None:
        if not self._changed(old, new):
            self._deleted([old], before=new)
            self._inserted([new])

    def _changed(self, old: Any, new: Any) -> bool:
        """Show a changed paragraph (or table of the same shape) word by word, if it can be."""
        if old.tag == W("tbl") and new.tag == W("tbl"):
            return self._table(old, new)
        if old.tag != W("p") or new.tag != W("p"):
            return False
        a, b = block_text(old), block_text(new)
        if SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio() < SIMILAR:
            return False
        marked = self.revisions.redline(old, new)
        if marked is None:
            return False
        marks = [el for el in new if el.tag in (W("bookmarkStart"), W("bookmarkEnd"))]
        for child in list(new):
            new.remove(child)
        for child in marked:
            new.append(child)
        ppr = new.find(W("pPr"))
        at = 0 if ppr is None else new.index(ppr) + 1
        for k, mark in enumerate(marks):  # keep the heading's bookmarks (contents, anchors)
            new.insert(at + k, mark)
        self.result.changed += 1
        return True

    def _table(self, old: Any, new: Any) -> bool:
        """A table of the same shape is redlined paragraph by paragraph in its cells."""
        def cells(tbl: Any) -> list[list[Any]]:
            return [tc.findall(W("p")) for tr in tbl.findall(W("tr")) for tc in tr.findall(W("tc"))]

        old_cells, new_cells = cells(old), cells(new)
        shape = [len(r.findall(W("tc"))) for r in old.findall(W("tr"))]
        if shape != [len(r.findall(W("tc"))) for r in new.findall(W("tr"))] or any(
                len(a) != len(b) for a, b in zip(old_cells, new_cells)):
            return False
        for a, b in zip(old_cells, new_cells):
            for x, y in zip(a, b):
                if block_text(x) != block_text(y):
                    self._replaced(x, y)
        return True

    def _inserted(self, blocks: list[Any]) -> None:
        for block in blocks:
            self.revisions.insert(block)
            self.result.inserted += 1

    def _deleted(self, blocks: list[Any], before: Any | None = None, after: Any | None = None) -> None:
        """Old blocks copied in as deleted text, after the new block before them if there is one
        (so a deleted section stays with what preceded it), else before the next."""
        for block in blocks:
            copy = self.copier.copy(block)
            strip_anchors([copy])
            self.revisions.delete(copy)
            if after is not None:
                after.addnext(copy)
                after = copy
            elif before is not None:
                before.addprevious(copy)
            else:
                final = self.body.find(W("sectPr"))
                (final.addprevious if final is not None else self.body.append)(copy)
            self.result.deleted += 1


def _modified(package: Package) -> str:
    import re

    found = re.search(rb"<dcterms:modified[^>]*>(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)",
                      package.parts.get("docProps/core.xml", b""))
    return found.group(1).decode() + "Z" if found else "2000-01-01T00:00:00Z"
