"""What happens to each unit, and why: the update's decisions, before anything is written.

For every unit the three sides are compared: *base* (the manifest's text as last built), *ours*
(the edited file, accepted view) and *theirs* (a fresh build from the new answers). The rules are
the issue's: untouched units take the new text; edited units whose source did not change stay
exactly as edited; units changed on both sides are merged block by block, a real conflict keeping
the editor's text and offering the new one as a tracked insertion; deleted units stay deleted;
new units are inserted; units the answers drop are deleted as a tracked change, or flagged when
edited. A block that carries pending revisions or someone's comments always counts as edited.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from kasgen.update.merge3 import Chunk, merge2, merge3
from kasgen.wordml.manifest import Manifest, UnitRecord
from kasgen.wordml.names import W
from kasgen.wordml.reader import Block, Layout

# actions, in the words of the change report (kasgen/update/messages.yaml)
UNCHANGED, REPLACED, KEPT, MERGED, CONFLICT = "unchanged", "replaced", "kept", "merged", "conflict"
DELETED, ADDED, REMOVED, FLAGGED, REBUILT = "deleted", "added", "removed", "flagged", "rebuilt"
COMPARED = "compared"  # no base to compare with: every difference offered for review
RENAME = 0.6  # how alike a unit's text must be to count as the same unit under a new id


@dataclass
class UnitPlan:
    key: str
    action: str
    kind: str = ""
    title: str = ""
    number: str = ""
    chunks: list[Chunk] = field(default_factory=list)
    conflicts: int = 0
    comment: str = ""  # a unit-level comment to add (message key), if any
    mandatory: bool = False
    status: str = "built"  # what the new manifest records for the unit
    ours_key: str = ""  # the unit's key in the edited file, when the library renamed it

    @property
    def changes_document(self) -> bool:
        """Whether carrying the plan out changes the edited file."""
        return self.action not in (UNCHANGED, KEPT, DELETED) or bool(self.comment)


def merge_keys(blocks: list[Block]) -> list[Hashable]:
    """What the merge compares: the text, or for a block with revisions or someone's comments
    a key equal to nothing (it is edited even where its accepted text is unchanged)."""
    return [("edited", i) if b.changed else b.text for i, b in enumerate(blocks)]


def has_content(blocks: list[Block]) -> bool:
    """False for a unit whose text was deleted but whose locked content control remains."""
    return any(b.text.strip() or b.element.tag != W("p") or b.revised
               or b.element.find(f".//{W('drawing')}") is not None for b in blocks)


def plan_units(base: Manifest | None, ours: Layout, theirs: Layout,
               theirs_manifest: Manifest) -> list[UnitPlan]:
    """Decide every unit; the list follows the new build's order, then units only the edited
    file still has."""
    plans: list[UnitPlan] = []
    renamed = _renames(base, theirs_manifest)
    for record in theirs_manifest.units:
        old_key = renamed.get(record.key, record.key)
        t_blocks = theirs.units.get(record.key, [])
        b_record = base.unit(old_key) if base else None
        plan = _decide(record, b_record, ours.units.get(old_key), t_blocks)
        plan.ours_key = old_key
        plans.append(plan)
    known = {r.key for r in theirs_manifest.units} | set(renamed.values())
    for key, o_blocks in ours.units.items():
        if key in known:
            continue
        b_record = base.unit(key) if base else None
        plans.append(_dropped(key, b_record, o_blocks))
    return plans


def _renames(base: Manifest | None, theirs: Manifest) -> dict[str, str]:
    """New key -> old key for units a newer clause library knows under another id: the same
    heading, else at least 60 % of the paragraphs the same (like git's rename detection)."""
    if base is None:
        return {}
    new_keys, old_keys = {u.key for u in theirs.units}, {u.key for u in base.units}
    gone = [u for u in base.units if u.key not in new_keys and u.status != "dropped"]
    fresh = [u for u in theirs.units if u.key not in old_keys]
    found: dict[str, str] = {}
    for unit in fresh:
        same_kind = [g for g in gone if g.kind == unit.kind and g.key not in found.values()]
        match = next((g for g in same_kind if g.texts[:1] == unit.texts[:1] and unit.texts), None)
        if match is None:  # compared paragraph by paragraph: cheap, and what an editor sees
            scored = []
            for g in same_kind:
                matcher = SequenceMatcher(None, g.texts, unit.texts, autojunk=False)
                if matcher.real_quick_ratio() >= RENAME and matcher.quick_ratio() >= RENAME:
                    scored.append((matcher.ratio(), g.key, g))
            best = max(scored, default=None, key=lambda s: (s[0], s[1]))
            match = best[2] if best and best[0] >= RENAME else None
        if match is not None:
            found[unit.key] = match.key
    return found


def _decide(record: UnitRecord, b: UnitRecord | None, o_blocks: list[Block] | None,
            t_blocks: list[Block]) -> UnitPlan:
    plan = UnitPlan(record.key, UNCHANGED, record.kind, record.title, record.number,
                    mandatory=record.mandatory)
    t_texts = [blk.text for blk in t_blocks]
    if o_blocks is None or not has_content(o_blocks):
        if b is None:  # new, or (without a manifest) unknown: offered as new
            plan.action = ADDED
            return plan
        plan.action, plan.status = DELETED, "deleted"
        upstream_changed = b is not None and b.texts != t_texts
        if b is not None and (upstream_changed or (record.mandatory and b.status != "deleted")):
            plan.comment = "deleted_mandatory" if record.mandatory else "deleted_changed"
        return plan
    o_keys = merge_keys(o_blocks)
    if record.kind == "contents":
        # generated from the headings; Word refreshes it when the file opens
        same = o_keys == t_texts or (b is not None and t_texts == b.texts)
        plan.action = UNCHANGED if same else REBUILT
        return plan
    if b is None:
        plan.chunks = merge2(o_keys, t_texts)
        plan.conflicts = sum(c.kind == "conflict" for c in plan.chunks)
        plan.action = COMPARED if plan.conflicts else UNCHANGED
        return plan
    untouched = o_keys == b.texts
    if t_texts == b.texts or o_keys == t_texts:
        plan.action = UNCHANGED if untouched or o_keys == t_texts else KEPT
        return plan
    plan.chunks = merge3(b.texts, o_keys, t_texts)
    plan.conflicts = sum(c.kind == "conflict" for c in plan.chunks)
    plan.action = REPLACED if untouched else CONFLICT if plan.conflicts else MERGED
    return plan


def _dropped(key: str, b: UnitRecord | None, o_blocks: list[Block]) -> UnitPlan:
    """A unit the edited file has and the new build does not."""
    title = b.title if b else ""
    plan = UnitPlan(key, KEPT, b.kind if b else "", title, b.number if b else "", status="dropped")
    if b is None:
        return plan  # not kasgen's to remove
    if b.status == "dropped" or not has_content(o_blocks):
        return plan  # already marked in an earlier update, or deleted since
    untouched = merge_keys(o_blocks) == b.texts
    plan.action = REMOVED if untouched else FLAGGED
    plan.comment = "" if untouched else "dropped_edited"
    return plan
