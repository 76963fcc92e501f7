"""The plan carried out in the editor's package: the body rebuilt unit by unit.

Everything of the editor's that no unit claims (text added between units, their comments,
styles, header and footer, pending revisions) stays where it is and as it is. Each unit's output
is made from the editor's own XML wherever the plan keeps it, and from copies of the fresh
build's blocks where it takes the new text; then every unit is anchored afresh (content control,
bookmark), so the next update finds it again even if the anchors were lost on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kasgen.update import plan as P
from kasgen.update.plan import UnitPlan
from kasgen.wordml.anchors import (
    place_bookmark,
    strip_anchors,
    tag_key,
    with_w15,
    wrap,
)
from kasgen.wordml.comments import Comments, anchor
from kasgen.wordml.names import W
from kasgen.wordml.package import Package
from kasgen.wordml.reader import Block, Layout
from kasgen.wordml.revisions import Revisions
from kasgen.wordml.transplant import IdAllocator, Transplanter, drop_duplicate_bookmarks


@dataclass
class Side:
    package: Package
    layout: Layout


@dataclass
class Outcome:
    comments: int = 0
    loose_blocks: int = 0
    notes: list[str] = field(default_factory=list)


class Merger:
    def __init__(self, ours: Side, theirs: Side, messages: dict[str, str], date: str,
                 track_additions: bool):
        self.ours, self.theirs = ours, theirs
        self.messages = messages
        self.track_additions = track_additions
        package = ours.package
        root = package.touch(package.main)
        new_root = with_w15(root)
        if new_root is not root:
            package.set_xml(package.main, new_root)
        self.body = new_root.find(W("body"))
        strip_anchors([self.body])
        self.comments = Comments(package)
        self.ids = IdAllocator(self.body)
        self.date = date
        self.revisions = Revisions(date, self.ids)
        self.copier = Transplanter(theirs.package, package, self.comments, self.ids)
        self.pending_comments: list[tuple[Any, str]] = []
        self.outcome = Outcome()

    # -- the body ------------------------------------------------------------------------------
    def run(self, plans: list[UnitPlan]) -> Outcome:
        final = self.body.find(W("sectPr"))
        items = self._items(final)
        by_key = {p.ours_key or p.key: p for p in plans}
        ours_items: dict[str, list[Any]] = {}
        for unit, el in items:
            if unit is not None:
                ours_items.setdefault(unit, []).append(el)
        out: list[tuple[str | None, list[Any]]] = []
        for unit, el in items:
            if unit is None:
                out.append((None, [el]))
                if el.tag in (W("p"), W("tbl")) and (el.tag != W("p") or _text(el)):
                    self.outcome.loose_blocks += 1
            elif unit in ours_items:  # a unit's output goes where its first block was
                plan = by_key.get(unit)
                output = self._output(plan, ours_items.pop(unit)) if plan else ours_items.pop(unit)
                out.append((plan.key if plan else unit, output))
        self._insert_new_units(plans, out)
        self._place(out, final, {p.key: p for p in plans})
        self._add_comments()
        self.comments.prune(self.body)
        self._anchor([(u, els) for u, els in out if u is not None and els])
        deleted = any(p.action == P.DELETED for p in plans)
        for plan in plans:
            # a heading the editor deleted leaves the contents too, even when nothing else changed
            if plan.action == P.REBUILT or (plan.kind == "contents" and deleted):
                self._prune_contents(dict(out).get(plan.key, []))
        return self.outcome

    def _items(self, final: Any) -> list[tuple[str | None, Any]]:
        """The body's children in order with their unit; kasgen's controls opened up."""
        unit_of = {b.element: b.unit for b in self.ours.layout.blocks}
        items: list[tuple[str | None, Any]] = []
        for child in self.body:
            if child is final:
                continue
            key = tag_key(child) if child.tag == W("sdt") else None
            if key is not None:
                content = child.find(W("sdtContent"))
                items += [(unit_of.get(c, key), c) for c in (content if content is not None else [])]
            else:
                items.append((unit_of.get(child), child))
        return items

    def _place(self, out: list[tuple[str | None, list[Any]]], final: Any,
               plans: dict[str, UnitPlan]) -> None:
        """The body rebuilt from the output, each unit in fresh content controls."""
        for child in list(self.body):
            if child is not final:
                self.body.remove(child)
        for unit, elements in out:
            if unit is not None:
                plan = plans.get(unit)
                elements = wrap(elements, unit, locked=plan is None or plan.status != "dropped",
                                in_place=False)
            for el in elements:
                if final is not None:
                    final.addprevious(el)
                else:
                    self.body.append(el)

    def _prune_contents(self, elements: list[Any]) -> None:
        """Entries of a rebuilt table of contents whose heading the document does not have (a
        section the editor deleted) are left out; the field's own marks stay."""
        names = {b.get(W("name")) for b in self.body.iter(W("bookmarkStart"))}
        for el in elements:
            for link in list(el.iter(W("hyperlink"))):
                if link.get(W("anchor")) in names or link.get(W("anchor")) is None:
                    continue
                p = link.getparent()
                p.remove(link)
                if p.tag == W("p") and p.find(f".//{W('fldChar')}") is None and p.getparent() is not None:
                    p.getparent().remove(p)

    def _output(self, plan: UnitPlan, items: list[Any]) -> list[Any]:
        blocks = self.ours.layout.units.get(plan.ours_key or plan.key, [])
        action = plan.action
        if action == P.REMOVED:
            for b in blocks:
                self.revisions.delete(b.element)
            return items
        if action == P.FLAGGED:
            self._comment_on(blocks, plan.comment, plan)
            return items
        if action == P.REBUILT:
            return self._copies(plan.key)
        if action in (P.REPLACED, P.MERGED, P.CONFLICT, P.COMPARED):
            return self._merged(plan, blocks)
        return items

    def _merged(self, plan: UnitPlan, blocks: list[Block]) -> list[Any]:
        theirs = self.theirs.layout.units.get(plan.key, [])
        out: list[Any] = []
        noted = False
        for chunk in plan.chunks:
            mine = [b.element for b in blocks[chunk.ours[0]:chunk.ours[1]]]
            if chunk.kind in ("same", "ours", "both"):
                out += mine
                continue
            new = [self.copy(b.element) for b in theirs[chunk.theirs[0]:chunk.theirs[1]]]
            if chunk.kind == "theirs":
                out += new
                continue
            for el in new:
                self.revisions.insert(el)
            out += mine + new
            if plan.action == P.COMPARED:
                if not noted:
                    self._comment_on_elements(new or mine, "compared", plan)
                noted = True
            elif not new:
                self._comment_on_elements(mine, "conflict_removed", plan)
            else:
                self._comment_on_elements(new, "conflict_restored" if not mine else "conflict", plan)
        return out

    def _copies(self, key: str, tracked: bool = False) -> list[Any]:
        copies = [self.copy(b.element) for b in self.theirs.layout.units.get(key, [])]
        if tracked:
            for el in copies:
                self.revisions.insert(el)
        return copies

    def copy(self, element: Any) -> Any:
        el = self.copier.copy(element)
        strip_anchors([el])
        return el

    def _insert_new_units(self, plans: list[UnitPlan], out: list[tuple[str | None, list[Any]]]) -> None:
        """New units go after the nearest unit before them (in the new build's order) that the
        document has; a deleted unit that needs a comment gets it there."""
        order = [p.key for p in plans]
        for i, plan in enumerate(plans):
            if plan.action not in (P.ADDED, P.DELETED):
                continue
            placed = [u for u, _ in out]
            if plan.action == P.DELETED:
                if plan.comment and plan.key in placed:  # the emptied control is still there
                    self._comment_on_elements(out[placed.index(plan.key)][1], plan.comment, plan)
                elif plan.comment:
                    self._comment_at_neighbour(order[:i], placed, out, plan)
                continue
            elements = self._copies(plan.key, tracked=self.track_additions)
            before = next((placed.index(k) for k in reversed(order[:i]) if k in placed), None)
            if before is not None:
                out.insert(before + 1, (plan.key, elements))
            else:
                after = next((placed.index(k) for k in order[i + 1:] if k in placed), len(out))
                out.insert(after, (plan.key, elements))

    def _comment_at_neighbour(self, earlier: list[str], placed: list[str | None],
                              out: list[tuple[str | None, list[Any]]], plan: UnitPlan) -> None:
        for key in reversed(earlier):
            if key in placed:
                elements = out[placed.index(key)][1]
                paragraphs = [e for e in elements if e.tag == W("p")]
                if paragraphs:
                    self.pending_comments.append((paragraphs[-1], self._message(plan.comment, plan)))
                    return

    # -- comments and anchors ------------------------------------------------------------------
    def _message(self, key: str, plan: UnitPlan) -> str:
        title = f"{plan.number} {plan.title}".strip()
        return self.messages[key].replace("{title}", title)

    def _comment_on(self, blocks: list[Block], key: str, plan: UnitPlan) -> None:
        self._comment_on_elements([b.element for b in blocks], key, plan)

    def _comment_on_elements(self, elements: list[Any], key: str, plan: UnitPlan) -> None:
        first = next((e if e.tag == W("p") else e.find(f".//{W('p')}") for e in elements
                      if e.tag == W("p") or e.find(f".//{W('p')}") is not None), None)
        if first is not None:
            self.pending_comments.append((first, self._message(key, plan)))

    def _add_comments(self) -> None:
        for paragraph, text in self.pending_comments:
            anchor(self.ours.package, paragraph, self.comments.add(text, self.date))
            self.outcome.comments += 1

    def _anchor(self, units: list[tuple[str | None, list[Any]]]) -> None:
        """Fresh bookmarks (numbered after everything else, so a second update numbers them the
        same), and no bookmark name twice (a copied heading brings its own)."""
        drop_duplicate_bookmarks(self.body)
        ids = IdAllocator(self.body)
        done: set[str] = set()
        for key, elements in units:
            if key is not None and key not in done:
                done.add(key)
                first = next((e for e in elements if e.tag in (W("p"), W("tbl"), W("sdt"))), None)
                if first is not None:
                    place_bookmark(first, key, ids.take())


def _text(el: Any) -> str:
    return "".join(t.text or "" for t in el.iter(W("t"))).strip()
