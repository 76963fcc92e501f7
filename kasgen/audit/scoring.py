"""Scores every rubric item present, partial or absent, with the evidence that decided it.

A retrieval item is judged facet by facet: a facet is found when a sentence resembles one of
its exemplars at least as closely as the language's ``present`` threshold (a facet marked
``number`` also needs a number in that sentence); the item is present when ``need`` facets
are found, partial when any evidence reaches the ``partial`` threshold, absent otherwise.
Items with a ``check`` are judged by :mod:`kasgen.audit.checks`. Points follow §3.0 of the
rubric: 0 absent, 1 partial, 2 present, 3 present with concrete evidence (a number or a ready
phrase) in a standard that also has a monitoring indicator table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from kasgen.audit import checks, measures
from kasgen.audit.analysis import Vocabulary, has_number, lexicon
from kasgen.audit.passages import Sentence
from kasgen.audit.reader import StandardSet
from kasgen.audit.retrieval import (
    FacetRef,
    Match,
    Ranking,
    match_sentences,
    merge_matches,
    rank_items,
    sentence_context,
    titled_items,
)
from kasgen.audit.rubric import Facet, Item, Rubric
from kasgen.audit.structure import Layout, chapters, recognise, recognise_by_content
from kasgen.profile import Profile
from kasgen.resources import data_dir, load_yaml

Status = Literal["present", "partial", "absent", "n/a"]
MAX_EVIDENCE = 3


@dataclass(frozen=True)
class Thresholds:
    present: float
    partial: float
    off_part: float
    keyed: float = 0.0  # with its key terms, a sentence this similar is enough
    # … unless it resembles another item (not a partner, see shown_by) more than 1/rival times as much
    rival: float = 0.0
    # … or another item whose key terms it holds too more than 1/contest times as much
    contest: float = 0.0
    # resemblance alone, in one sentence that no other sentence of its chapter supports, shows the
    # item only when the sentence resembles no other item more than 1/solo times as much (0: off)
    solo: float = 0.0
    # key terms count only for one of the ``key_rank`` items the sentence resembles most (0: off)
    key_rank: int = 0

    @property
    def just_partial(self) -> float:
        """The highest score that is still partial, for evidence capped below present."""
        return self.present - 0.01


@lru_cache(maxsize=2)
def thresholds(lang: str) -> Thresholds:
    data = load_yaml(data_dir("templates") / "audit" / "thresholds.yaml")
    own = data[lang]
    return Thresholds(own["present"], own["partial"], data["off_part"], own["keyed"], own["rival"], data["contest"],
                      data["solo"], own.get("key_rank", 0))


@dataclass
class Evidence:
    sentence: Sentence
    score: float
    facet: str
    exemplar: str = ""
    keys: tuple[str, ...] = ()  # the key terms found, when they decided


@dataclass
class ItemResult:
    item: Item
    status: Status
    evidence: list[Evidence] = field(default_factory=list)
    found: list[str] = field(default_factory=list)  # facet ids found
    missing: list[str] = field(default_factory=list)  # facet ids not found
    note: str = ""  # why, when the verdict needs explaining (a measured figure, a cap)
    points: int = 0

    @property
    def applicable(self) -> bool:
        return self.status != "n/a"


@lru_cache(maxsize=2)
def channel_vocabulary(lang: str) -> Vocabulary:
    """The words that name each channel group (``templates/audit/lexicon.yaml``)."""
    return Vocabulary({group: words[lang] for group, words in lexicon()["channels"].items()})


@dataclass
class Scoring:
    """Everything the item judgements share for one document."""

    standard: StandardSet
    lang: str
    rubric: Rubric
    profile: Profile | None
    limits: Thresholds
    matches: dict[FacetRef, list[Match]]
    layout: Layout
    results: dict[str, ItemResult] = field(default_factory=dict)
    _measures: list[measures.Measure] | None = None
    _channels: dict[int, set[str]] = field(default_factory=dict)
    _titled: dict[str, set[str]] = field(default_factory=dict)
    _ranked: Ranking | None = None
    _keyed_ranked: Ranking = field(default_factory=dict)
    _items: dict[str, Item] = field(default_factory=dict)
    _homes: dict[str, set[str]] = field(default_factory=dict)
    _support: dict[str, dict[int | None, set[int]]] = field(default_factory=dict)
    _rivals: dict[tuple[int, str, bool], list[float]] = field(default_factory=dict)

    @property
    def measures(self) -> list[measures.Measure]:
        """The measurable norms of the text (read once, used by G3 and the defects)."""
        if self._measures is None:
            self._measures = measures.extract(self.standard.sentences, self.lang)
        return self._measures

    def heading_items(self, sentence: Sentence) -> set[str]:
        """The items whose title the heading right above the sentence names ("Purpose and scope
        of monitoring" is M1): evidence under it needs only the partial threshold."""
        if not sentence.headings:
            return set()
        heading = sentence.headings[-1]
        found = self._titled.get(heading)
        if found is None:
            found = titled_items(heading, self.lang)
            self._titled[heading] = found
        return found

    def channels_of(self, sentence: Sentence) -> set[str]:
        """The channel groups a sentence or its headings name."""
        found = self._channels.get(sentence.index)
        if found is None:
            found = channel_vocabulary(self.lang).names(f"{sentence.text} {sentence_context(sentence)}")
            self._channels[sentence.index] = found
        return found

    def homes(self, item: Item) -> set[str]:
        """The item's own part, the related parts and those of its ``also_in``."""
        homes = self._homes.get(item.id)
        if homes is None:
            homes = self._homes[item.id] = self.rubric.home_parts(item.part) | set(item.also_in)
        return homes

    def weight(self, sentence: int, item: Item) -> float:
        """Evidence outside the item's own chapter (and the chapters of related parts and of the
        item's ``also_in``) counts at ``off_part``."""
        if item.part == "G" or not self.layout.structured:
            return 1.0
        home = self.layout.part_of_sentence(sentence)
        # the general provisions may state anything once (a promise, a right): no penalty there;
        # nor in a related part (a transfer script in Part 4's phone section serves Appendix 1)
        return 1.0 if home == "G" or home in self.homes(item) else self.limits.off_part

    def at_home(self, sentence: int, item: Item) -> bool:
        """Whether the document's structure places the sentence in the item's own chapter."""
        return self.layout.structured and self.layout.part_of_sentence(sentence) in self.homes(item)

    def rivals(self, sentence: int, item_id: str, keyed: bool = False) -> list[float]:
        """How closely the sentence resembles each other item, best first (the item's ``shown_by``
        partners aside; ``keyed``: only the other items whose key terms the sentence holds too).
        The chapter the sentence stands in counts as it does for evidence (:meth:`weight`): an
        apology template in Appendix 2 is compared with Part 3's apology at that part's off-chapter
        weight. The figures are on the scale of the item's own unweighted similarity."""
        if self._ranked is None:
            retrieval = {i.id for i in self.rubric.items if i.check == "retrieval"}
            self._ranked, self._keyed_ranked = rank_items(self.matches, retrieval)
            self._items = {i.id: i for i in self.rubric.items}
        key = (sentence, item_id, keyed)
        found = self._rivals.get(key)
        if found is not None:
            return found
        own = self.weight(sentence, self._items[item_id])
        ranked = (self._keyed_ranked if keyed else self._ranked).get(sentence, ())
        partners = self.rubric.partner_map.get(item_id, frozenset())
        found = sorted((score * self.weight(sentence, self._items[other]) / own
                        for score, other in ranked if other != item_id and other not in partners), reverse=True)
        self._rivals[key] = found
        return found

    def rival(self, sentence: int, item_id: str, keyed: bool = False) -> float:
        """How closely the sentence resembles its best-matching other item (:meth:`rivals`): key
        terms in a sentence that is plainly about something else ("results are used for coaching"
        in a mystery-shopping design) do not count."""
        return next(iter(self.rivals(sentence, item_id, keyed)), 0.0)

    def outranked(self, sentence: int, item_id: str, score: float) -> bool:
        """Whether ``key_rank`` or more other items resemble the sentence more closely than the
        item does: its key terms are then a passing mention in a sentence about other things."""
        limit = self.limits.key_rank
        return bool(limit) and sum(1 for other in self.rivals(sentence, item_id) if other > score) >= limit

    def corroborated(self, sentence: int, item: Item) -> bool:
        """Whether another sentence of the same chapter (the whole text when it has none) resembles
        one of the item's facets, or an item that shows it, at least at the ``partial`` threshold."""
        support = self._support.get(item.id)
        if support is None:
            support = self._support[item.id] = {}
            for facet in item.all_facets:
                for m in self._matches_of(item, facet):
                    if m.score >= self.limits.partial:
                        support.setdefault(self.layout.chapter_of.get(m.sentence), set()).add(m.sentence)
        return bool(support.get(self.layout.chapter_of.get(sentence), set()) - {sentence})

    def _matches_of(self, item: Item, facet: Facet) -> list[Match]:
        """The facet's own matches and those of the items or facets that show it (``shown_by``)."""
        own = self.matches.get(FacetRef(item.id, facet.id, facet.number), [])
        if not facet.shown_by:
            return own
        merged = list(own)
        for ref in facet.shown_by:
            for source, source_facet in self.rubric.facets_named(ref):
                merged += self.matches.get(FacetRef(source.id, source_facet.id, source_facet.number), [])
        return merge_matches(merged)

    def facet_matches(self, item: Item, facet_id: str, only: set[int] | None = None) -> list[Evidence]:
        """A facet's evidence, re-weighted by where it was found, best first."""
        facet = next(f for f in item.all_facets if f.id == facet_id)
        ms = self._matches_of(item, facet)
        about = set(facet.about or item.about)
        # a single key group is a topic word ("survey", "apklausa"): on its own it is a mention,
        # so the sentence must also resemble the facet as partial evidence does; terms from two or
        # more groups (a topic and what is done about it) need only the ``keyed`` resemblance
        single = facet.keys is not None and len(facet.keys.groups(self.lang)) == 1
        floor = (self.limits.partial + self.limits.keyed) / 2 if single else self.limits.keyed
        out = []
        for m in ms:
            if only is not None and m.sentence not in only:
                continue
            s = self.standard.sentences[m.sentence]
            if about and not about & self.channels_of(s):
                continue
            if item.strict and not m.keys:
                continue
            # key terms count in a sentence that is not plainly about another item, nor clearly
            # closer to another item whose key terms it holds too (two items' words in one
            # sentence: it counts for the one it resembles, unless they are about as close)
            # … nor in one that resembles the item's learned negatives (a neighbouring item's
            # wording) or, for an item judged by retrieval, other items more (``key_rank``; a phrase
            # bank's phrases are other items' scripts by nature), unless the document's structure
            # puts it in the item's own chapter: the chapter then says what the sentence is about
            doubted = bool(m.keys) and (
                m.key_doubted or (item.check == "retrieval" and self.outranked(m.sentence, item.id, m.score))
            ) and not self.at_home(m.sentence, item)
            keyed = (bool(m.keys) and not doubted and m.score >= floor
                     and m.score >= self.limits.rival * self.rival(m.sentence, item.id)
                     and m.score >= self.limits.contest * self.rival(m.sentence, item.id, keyed=True))
            titled = m.score >= self.limits.partial and item.id in self.heading_items(s)
            score = max(m.score, self.limits.present if keyed or titled else 0.0)
            # one sentence that resembles the facet but another item more, with nothing else in its
            # chapter for this item, is evidence for the other item: partial here
            if (self.limits.solo and not keyed and not titled and m.score >= self.limits.present
                    and m.score < self.limits.solo * self.rival(m.sentence, item.id)
                    and not self.corroborated(m.sentence, item)):
                score = self.limits.just_partial
            score *= self.weight(m.sentence, item)
            if facet.number and not has_number(s.text, self.lang):
                score = min(score, self.limits.just_partial)
            out.append(Evidence(s, score, facet.id, m.exemplar, m.keys))
        return sorted(out, key=lambda e: -e.score)


def score_standard(
    standard: StandardSet,
    lang: str,
    rubric: Rubric,
    profile: Profile | None = None,
    limits: Thresholds | None = None,
) -> Scoring:
    """Judge every item of the rubric for one standard set (``limits``: the tuned thresholds
    unless given, as the evaluation script does while tuning)."""
    limits = limits or thresholds(lang)
    matches = match_sentences(standard.sentences, lang)
    layout = chapters(standard.sentences, standard.passages)
    recognise(layout, rubric, lang)
    part_of_item = {i.id: i.part for i in rubric.items}
    evidence: dict[str, list[int]] = {}
    for ref, ms in matches.items():
        strong = [m.sentence for m in ms if m.score >= limits.present]
        evidence.setdefault(part_of_item[ref.item], []).extend(strong)
    recognise_by_content(layout, evidence)
    scoring = Scoring(standard, lang, rubric, profile, limits, matches, layout)
    deferred = []
    for item in rubric.items:
        if profile is not None and not item.applies.holds(profile):
            scoring.results[item.id] = ItemResult(item, "n/a")
        elif item.check == "retrieval":
            scoring.results[item.id] = judge_retrieval(scoring, item)
        else:
            deferred.append(item)
    for item in deferred:  # whole-document checks may use other items' results
        scoring.results[item.id] = checks.judge(scoring, item)
    monitoring = scoring.results.get("M2")
    has_indicators = monitoring is not None and monitoring.status == "present"
    concrete = _concrete_sections(standard, lang)
    for result in scoring.results.values():
        result.points = points(result, has_indicators, concrete)
    return scoring


def _concrete_sections(standard: StandardSet, lang: str) -> set[tuple[str, ...]]:
    """The heading paths whose text has a number or a ready phrase."""
    return {s.headings for s in standard.sentences
            if s.passage.kind == "phrase" or checks.is_phrase(s) or has_number(s.text, lang)}


def judge_retrieval(scoring: Scoring, item: Item, only: set[int] | None = None) -> ItemResult:
    limits = scoring.limits
    found: list[str] = []
    missing: list[str] = []
    evidence: list[Evidence] = []
    weak: list[Evidence] = []
    for facet in item.all_facets:
        ms = scoring.facet_matches(item, facet.id, only)
        if ms and ms[0].score >= limits.present:
            found.append(facet.id)
            evidence.append(ms[0])
        else:
            missing.append(facet.id)
            weak += [m for m in ms[:1] if m.score >= limits.partial]
    if len(found) >= item.needed_for(scoring.profile):
        status: Status = "present"
    elif found or weak:
        status = "partial"
    else:
        status = "absent"
    note = ""
    layout = scoring.layout
    if status == "present" and item.part != "G" and layout.structured and not layout.has_part(item.part):
        status = "partial"
        note = "no-chapter"
    evidence = sorted(evidence, key=lambda e: -e.score) + sorted(weak, key=lambda e: -e.score)
    return ItemResult(item, status, evidence[:MAX_EVIDENCE], found, missing, note)


def points(result: ItemResult, has_indicators: bool, concrete: set[tuple[str, ...]]) -> int:
    """0–3 by §3.0: absent; mentioned only (partial); concrete (present); and fully concrete –
    the sections holding the evidence also state a number or a ready phrase, and the standard
    has a monitoring indicator table to measure it."""
    if result.status in ("absent", "n/a"):
        return 0
    if result.status == "partial":
        return 1
    if not result.evidence:  # a whole-document check: concrete by its own measure
        return 3 if has_indicators else 2
    fully = any(e.sentence.headings in concrete for e in result.evidence)
    return 3 if fully and has_indicators else 2
