"""Three-way merge of two edited sequences against their common base (diff3's algorithm).

Works on any hashable items; the update merges a unit's blocks by their text, where a block that
carries revisions or someone's comments is given a key that equals nothing, so it always counts
as changed. The result is a list of chunks in order; each says which side's items to take.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Kind = Literal["same", "ours", "theirs", "both", "conflict"]


@dataclass(frozen=True)
class Chunk:
    """``ours``/``theirs``/``base`` are (start, end) ranges into each sequence.

    kind: ``same`` nobody changed it; ``ours``/``theirs`` only that side changed it; ``both``
    both sides made the same change; ``conflict`` both changed it differently.
    """

    kind: Kind
    base: tuple[int, int]
    ours: tuple[int, int]
    theirs: tuple[int, int]


def _matches(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int, int]]:
    return [tuple(m) for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()]  # type: ignore[misc]


def merge3(base: Sequence[Hashable], ours: Sequence[Hashable], theirs: Sequence[Hashable]) -> list[Chunk]:
    """Merge ``ours`` and ``theirs``, both derived from ``base``."""
    # Sync regions: base stretches both sides kept unchanged, found as intersections of the
    # matching blocks of base-ours and base-theirs (as in bzr's and Mercurial's merge3).
    sync: list[tuple[int, int, int, int, int, int]] = []
    mo, mt = _matches(base, ours), _matches(base, theirs)
    i = j = 0
    while i < len(mo) and j < len(mt):
        bo, oo, lo = mo[i]
        bt, tt, lt = mt[j]
        start, end = max(bo, bt), min(bo + lo, bt + lt)
        if start < end:
            o_start, t_start = oo + start - bo, tt + start - bt
            sync.append((start, end, o_start, o_start + end - start, t_start, t_start + end - start))
        if bo + lo < bt + lt:
            i += 1
        else:
            j += 1
    sync.append((len(base), len(base), len(ours), len(ours), len(theirs), len(theirs)))
    chunks: list[Chunk] = []
    b0 = o0 = t0 = 0
    for b1, b2, o1, o2, t1, t2 in sync:
        if (b0, o0, t0) != (b1, o1, t1):
            chunks += _unstable_region(base, ours, theirs, (b0, b1), (o0, o1), (t0, t1))
        if b2 > b1:
            chunks.append(Chunk("same", (b1, b2), (o1, o2), (t1, t2)))
        b0, o0, t0 = b2, o2, t2
    return chunks


def _unstable_region(base: Sequence[Hashable], ours: Sequence[Hashable], theirs: Sequence[Hashable],
                     b: tuple[int, int], o: tuple[int, int], t: tuple[int, int]) -> list[Chunk]:
    """A region where the sides differ. When neither side added or removed items there, it is
    decided item by item: neighbouring paragraphs changed on different sides do not conflict."""
    size = b[1] - b[0]
    if size > 1 and o[1] - o[0] == size and t[1] - t[0] == size:
        return [_unstable(base, ours, theirs, (b[0] + k, b[0] + k + 1), (o[0] + k, o[0] + k + 1),
                          (t[0] + k, t[0] + k + 1)) for k in range(size)]
    return [_unstable(base, ours, theirs, b, o, t)]


def _unstable(base: Sequence[Hashable], ours: Sequence[Hashable], theirs: Sequence[Hashable],
              b: tuple[int, int], o: tuple[int, int], t: tuple[int, int]) -> Chunk:
    b_items, o_items, t_items = base[b[0]:b[1]], ours[o[0]:o[1]], theirs[t[0]:t[1]]
    if list(o_items) == list(t_items):
        kind: Kind = "same" if list(o_items) == list(b_items) else "both"
    elif list(o_items) == list(b_items):
        kind = "theirs"
    elif list(t_items) == list(b_items):
        kind = "ours"
    else:
        kind = "conflict"
    return Chunk(kind, b, o, t)


def merge2(ours: Sequence[Hashable], theirs: Sequence[Hashable]) -> list[Chunk]:
    """Without a base every difference is a conflict: nobody can tell which side changed it."""
    chunks: list[Chunk] = []
    matcher = SequenceMatcher(None, ours, theirs, autojunk=False)
    for tag, o1, o2, t1, t2 in matcher.get_opcodes():
        kind: Kind = "same" if tag == "equal" else "conflict"
        chunks.append(Chunk(kind, (o1, o2), (o1, o2), (t1, t2)))
    return chunks
