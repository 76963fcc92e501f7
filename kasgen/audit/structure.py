"""Which rubric part each chapter or appendix of the audited standard is.

A rubric item belongs to a part (Part 4, Appendix 1, the monitoring plan …). Evidence for it
counts fully in a chapter of that part and somewhat less elsewhere; and when a standard is
organised in chapters but has none for a part, that part's items can be at most partial: the
content may be mentioned in passing (a quick-reference card repeats the phone norms) but the
part itself is missing. Chapters are recognised by their titles (the words in
``templates/audit/rubric/00_parts.yaml``); a chapter whose title says nothing is recognised by
its content when one part clearly dominates it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from kasgen.audit.analysis import content_stems
from kasgen.audit.passages import Passage, Sentence
from kasgen.audit.rubric import Rubric

_APPENDIX_CUE = re.compile(r"\b(?:priedas|priedai|appendix|annex|attachment)\b", re.I)
MIN_CHAPTERS = 3  # fewer recognised chapters: the document is read as unstructured
CONTENT_SHARE = 0.5  # a chapter recognised by content: one part holds this share of its evidence
CONTENT_MIN = 3  # … over at least this many sentences


@dataclass
class Layout:
    """Chapters (top-level sections) and the rubric part each one was recognised as."""

    chapter_of: dict[int, int] = field(default_factory=dict)  # sentence index -> chapter id
    titles: dict[int, str] = field(default_factory=dict)  # chapter id -> heading as shown
    part_of: dict[int, str] = field(default_factory=dict)  # chapter id -> part id
    by_heading: set[int] = field(default_factory=set)  # chapters recognised by their title

    @property
    def structured(self) -> bool:
        return len(self.by_heading) >= MIN_CHAPTERS

    def part_of_sentence(self, index: int) -> str | None:
        chapter = self.chapter_of.get(index)
        return self.part_of.get(chapter) if chapter is not None else None

    def has_part(self, part_id: str) -> bool:
        return part_id in self.part_of.values()

    def chapters_of(self, part_id: str) -> list[str]:
        return [self.titles[c] for c, p in sorted(self.part_of.items()) if p == part_id]


def chapters(sentences: list[Sentence], passages: list[Passage]) -> Layout:
    """Group sentences under their top-level heading (per file: its highest heading level)."""
    layout = Layout()
    top: dict[str, int] = {}
    for p in passages:
        if p.kind == "heading":
            f = p.location.file
            top[f] = min(top.get(f, 99), p.level)
    chapter_by_passage: dict[int, int] = {}
    current: dict[str, int | None] = {}
    for p in passages:
        f = p.location.file
        if p.kind == "heading" and p.level == top.get(f):
            cid = len(layout.titles)
            layout.titles[cid] = p.shown
            current[f] = cid
        chapter = current.get(f)
        if chapter is not None:
            chapter_by_passage[id(p)] = chapter
    for s in sentences:
        home = chapter_by_passage.get(id(s.passage))
        if home is not None:
            layout.chapter_of[s.index] = home
    return layout


def recognise(layout: Layout, rubric: Rubric, lang: str) -> None:
    """Name each chapter's part from its title, where a title says it."""
    phrases: list[tuple[str, bool, tuple[str, ...]]] = []
    for part in rubric.parts:
        for phrase in part.headings.lt if lang == "lt" else part.headings.en:
            phrase_stems = tuple(content_stems(phrase, lang))
            if phrase_stems:
                phrases.append((part.id, part.appendix, phrase_stems))
    for cid, title in layout.titles.items():
        in_title = set(content_stems(title, lang))
        appendix = bool(_APPENDIX_CUE.search(title))
        best: tuple[int, int, str] | None = None
        for part_id, is_appendix, words in phrases:
            if all(w in in_title for w in words):
                rank = (len(words), int(is_appendix == appendix), part_id)
                if best is None or rank[:2] > best[:2]:
                    best = rank
        if best is not None:
            layout.part_of[cid] = best[2]
            layout.by_heading.add(cid)


def recognise_by_content(layout: Layout, evidence: dict[str, list[int]]) -> None:
    """Name untitled chapters by the part whose items their sentences resemble most.

    ``evidence``: part id -> sentence indices that are evidence for one of its items.
    """
    votes: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for part_id, indices in evidence.items():
        if part_id == "G":
            continue
        for index in set(indices):
            cid = layout.chapter_of.get(index)
            if cid is not None and cid not in layout.part_of:
                votes[cid][part_id] += 1
    for cid, counts in votes.items():
        total = sum(counts.values())
        part_id, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        if n >= CONTENT_MIN and n / total >= CONTENT_SHARE:
            layout.part_of[cid] = part_id
