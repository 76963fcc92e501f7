"""Lexical retrieval: how closely each sentence of a standard resembles each facet's exemplars.

The exemplars of every item (``templates/audit/rubric/``) and the titles of single-facet items
are indexed once per language as TF-IDF vectors over stems and stem pairs
(:mod:`kasgen.audit.analysis`). A sentence's vector adds, at a lower weight, the words of the
headings above it and of its table's header row, so "per 2 minutes" under "Pokalbis internetu"
reads as a chat norm. Its similarity to an exemplar is the geometric mean of the cosine and of
the exemplar's coverage (the share of the exemplar's weight the sentence contains): a long
sentence that contains a short exemplar's words still scores well, a sentence sharing one word
does not. A facet's score is that of its nearest exemplar, which also explains the verdict.

Key terms (``96_keys.yaml``) are the second route: a sentence that, with the heading right above
it, holds a term from each of a facet's key groups is evidence when it also resembles the facet at
least a little.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from kasgen.audit.analysis import Features, Weighting, features, words
from kasgen.audit.learned import Learned, load_learned
from kasgen.audit.passages import Sentence
from kasgen.audit.rubric import Rubric, load_rubric

CONTEXT_WEIGHT = 0.7  # headings above a sentence and its table's header row
FLOOR = 0.12  # similarities below this are not kept
MIN_SHARED = 2  # an exemplar and a sentence must share this many stems
COMMON_SHARE = 0.05  # a stem in more than this share of the exemplars does not bring one in alone
# learned negatives (kasgen/audit/learned.py): a sentence that resembles an item's negatives at least
# VETO times as closely as the item itself, and at least VETO_FLOOR, is not evidence for it
VETO = 1.5
VETO_FLOOR = 0.3
# key terms are the weaker route (a sentence that holds them need only resemble the item a little):
# they do not count in a sentence that resembles the item's negatives KEY_VETO times as closely
KEY_VETO = 1.0
KEY_VETO_FLOOR = 0.2


@dataclass(frozen=True)
class FacetRef:
    item: str
    facet: str
    number: bool


@dataclass(frozen=True)
class Match:
    """A sentence's similarity to a facet, with the exemplar it resembles most; ``keys`` are
    the facet's key terms the sentence contains (one from each group), when it contains them."""

    sentence: int  # index into the document's sentences
    score: float
    exemplar: str
    keys: tuple[str, ...] = ()
    negative: float = 0.0  # resemblance to the item's learned negatives

    def _like_negatives(self, ratio: float, floor: float) -> bool:
        """Whether the sentence resembles the item's learned negatives (what the labelled passages
        showed is *not* the item) at least ``ratio`` times as closely as the item's exemplars, and
        at least ``floor``: a faint resemblance to a negative decides nothing."""
        return self.negative >= floor and self.negative >= ratio * self.score

    @property
    def vetoed(self) -> bool:
        """Not evidence for the item at all (``VETO``)."""
        return self._like_negatives(VETO, VETO_FLOOR)

    @property
    def key_doubted(self) -> bool:
        """Too like the item's negatives for its key terms to count (``KEY_VETO``)."""
        return self._like_negatives(KEY_VETO, KEY_VETO_FLOOR)


class KeyTerms:
    """Every facet's key-term groups in one language, indexed by word prefix."""

    def __init__(self, facets: list[tuple[int, list[list[str]]]]):
        self.groups: dict[int, int] = {}
        self.prefixes: dict[str, list[tuple[int, int]]] = {}
        self.phrases: list[tuple[str, int, int]] = []
        self.phrase_starts: dict[str, list[tuple[str, int, int]]] = {}
        self._seen: dict[str, tuple[list[tuple[int, int, str]], list[tuple[str, int, int]]]] = {}
        for f, groups in facets:
            self.groups[f] = len(groups)
            for g, terms in enumerate(groups):
                for term in terms:
                    term = term.lower()
                    first = term.split(" ")[0]
                    if term.isalpha():
                        self.prefixes.setdefault(term, []).append((f, g))
                    elif len(first) > 1 and first.isalpha():  # looked up when a word starts so
                        self.phrase_starts.setdefault(first, []).append((term, f, g))
                    else:
                        self.phrases.append((term, f, g))

    def _starts(self, token: str) -> tuple[list[tuple[int, int, str]], list[tuple[str, int, int]]]:
        """The key terms the word starts with, shortest first, as (facet, group, term), and the
        phrases whose first word it starts with; a document repeats its words, so each word is
        looked up once."""
        found = self._seen.get(token)
        if found is None:
            found = ([(f, g, token[:n]) for n in range(2, len(token) + 1)
                      for f, g in self.prefixes.get(token[:n], ())],
                     [p for n in range(2, len(token) + 1) for p in self.phrase_starts.get(token[:n], ())])
            if len(self._seen) < 200_000:
                self._seen[token] = found
        return found

    def hits(self, text: str) -> dict[int, tuple[str, ...]]:
        """facet index -> the terms found, for the facets whose every group is matched."""
        low = text.lower()
        found: dict[int, dict[int, str]] = {}
        phrases = list(self.phrases)
        for token in dict.fromkeys(words(low)):  # in text order: the first term found is reported
            terms, starting = self._starts(token)
            for f, g, term in terms:
                found.setdefault(f, {}).setdefault(g, term)
            phrases += starting
        for term, f, g in phrases:
            if term in low:
                found.setdefault(f, {}).setdefault(g, term)
        return {f: tuple(gs[k] for k in sorted(gs)) for f, gs in found.items()
                if len(gs) == self.groups[f]}


class ExemplarIndex:
    """Every facet's exemplars in one language, with an inverted index for fast scoring.

    ``learned`` (:mod:`kasgen.audit.learned`) adds the labelled passages' sentences: positives
    as more exemplars of their facet, negatives as exemplars of a pseudo-facet per item (owner
    ``len(facets) + k``, the item ``negative_items[k]``) that :func:`match_sentences` uses to veto.
    ``handwritten``: how many of the exemplars come from the rubric (the first ones).
    """

    def __init__(self, rubric: Rubric, lang: str, learned: Learned | None = None):
        self.lang = lang
        self.facets: list[FacetRef] = []
        keyed: list[tuple[int, list[list[str]]]] = []
        texts: list[str] = []
        owner: list[int] = []
        position_of: dict[tuple[str, str], int] = {}
        for item in rubric.items:
            for facet in item.all_facets:
                self.facets.append(FacetRef(item.id, facet.id, facet.number))
                position = len(self.facets) - 1
                position_of[(item.id, facet.id)] = position
                if facet.keys is not None:
                    keyed.append((position, facet.keys.groups(lang)))
                extra = [item.title.get(lang)] if len(item.all_facets) == 1 else []
                for text in facet.exemplars(lang) + extra:
                    texts.append(text)
                    owner.append(position)
        self.handwritten = len(texts)
        self.negative_items: list[str] = []
        if learned is not None:
            for item_id, facet_id, text in learned.positives:
                if (item_id, facet_id) in position_of:  # a renamed facet: its sentences wait for a re-learn
                    texts.append(text)
                    owner.append(position_of[(item_id, facet_id)])
            slot: dict[str, int] = {}
            for item_id, text in learned.negatives:
                if item_id not in slot:
                    slot[item_id] = len(self.facets) + len(self.negative_items)
                    self.negative_items.append(item_id)
                texts.append(text)
                owner.append(slot[item_id])
        self.keys = KeyTerms(keyed)
        self.owner = owner
        self._index(texts, weigh=self.handwritten)

    def _index(self, texts: list[str], weigh: int | None = None) -> None:
        """TF-IDF vectors of the texts and their postings (term -> exemplar, weight, weight²,
        whether the term is a single stem). ``weigh``: the word weights are learnt from the first
        ``weigh`` texts only (the rubric's own exemplars), so that learned sentences do not
        change how the rubric's exemplars resemble a sentence."""
        counts = [features(t, self.lang) for t in texts]
        self.weighting = Weighting(counts[:weigh] if weigh is not None else counts)
        self.exemplars = texts
        self.postings: dict[str, list[tuple[int, float, float, int]]] = {}
        for i, c in enumerate(counts):
            for term, w in self.weighting.vector(c).items():
                self.postings.setdefault(term, []).append((i, w, w * w, int(" " not in term)))
        self.common = max(COMMON_SHARE * len(texts), 20)

    def vector(self, text: str, context: str = "") -> Features:
        counts = features(text, self.lang)
        if context:
            counts.update(features(context, self.lang, CONTEXT_WEIGHT))
        return self.weighting.vector(counts)

    def similarities(self, vec: Features) -> dict[int, tuple[float, int]]:
        """facet index -> (best similarity, exemplar index) for one sentence vector."""
        acc: dict[int, list[float]] = {}
        postings = self.postings
        get = acc.get
        common = []
        for term, w in vec.items():
            posting = postings.get(term)
            if posting is None:
                continue
            if len(posting) > self.common:
                common.append((w, posting))
                continue
            for ex, ew, ew2, single in posting:
                a = get(ex)
                if a is None:
                    acc[ex] = [w * ew, ew2, single]
                else:
                    a[0] += w * ew
                    a[1] += ew2
                    a[2] += single
        # words in a large share of the exemplars ("klientas", "darbuotojas") only add to the
        # exemplars a rarer word has already brought in: alone they show no topic
        for w, posting in common:
            for ex, ew, ew2, single in posting:
                a = get(ex)
                if a is not None:
                    a[0] += w * ew
                    a[1] += ew2
                    a[2] += single
        best: dict[int, tuple[float, int]] = {}
        owner = self.owner
        floor2 = FLOOR * FLOOR
        for ex, (dot, cover, shared) in acc.items():
            if shared < MIN_SHARED:
                continue
            product = dot * cover
            if product < floor2:
                continue
            f = owner[ex]
            old = best.get(f)
            if old is None or product > old[0]:
                best[f] = (product, ex)
        return {f: (product ** 0.5, ex) for f, (product, ex) in best.items()}


@lru_cache(maxsize=4)
def exemplar_index(lang: str) -> ExemplarIndex:
    """The rubric's exemplars with what was learned from the labelled passages: built once per
    machine and version of the audit's data and code, then read back from kasgen's authenticated
    cache (:func:`~kasgen.template_cache.cached_object`): stemming and weighing some 2,500
    sentences took about 0.2 s of every audit, reading them back takes about 0.05 s."""
    import hashlib
    import sys

    from kasgen.audit import analysis, learned, rubric
    from kasgen.resources import data_dir, digest_data_files
    from kasgen.template_cache import cached_object, code_fingerprint

    digest = hashlib.sha256(lang.encode())
    digest_data_files(digest, data_dir("templates") / "audit")  # the rubric, lexicon, learned data
    fingerprint = code_fingerprint(sys.modules[__name__], analysis, learned, rubric)
    return cached_object("audit-index", fingerprint, digest.hexdigest(),
                         lambda: ExemplarIndex(load_rubric(), lang, load_learned(lang)), ExemplarIndex)


class TitleIndex(ExemplarIndex):
    """The items' titles alone, to tell which item a section heading names."""

    def __init__(self, rubric: Rubric, lang: str):  # noqa: D107 - a different source, same search
        self.lang = lang
        self.items = [i.id for i in rubric.items]
        self.owner = list(range(len(self.items)))
        self._index([i.title.get(lang) for i in rubric.items])


@lru_cache(maxsize=4)
def title_index(lang: str) -> TitleIndex:
    return TitleIndex(load_rubric(), lang)


TITLE_MATCH = 0.5  # a heading this close to an item's title names the item


def titled_items(heading: str, lang: str) -> set[str]:
    """Items whose title a heading resembles closely (cosine of stems and stem pairs)."""
    index = title_index(lang)
    vec = index.vector(heading)
    return {index.items[f] for f, (score, _) in index.similarities(vec).items() if score >= TITLE_MATCH}


LABEL_WORDS = 3  # a passage's first sentence this short is a label for the rest ("Pagarba. Su …")


def sentence_context(sentence: Sentence, label: str = "") -> str:
    heads = " ".join(sentence.headings[-2:])
    return f"{heads} {label} {sentence.passage.context}".strip()


def passage_labels(sentences: list[Sentence]) -> dict[int, str]:
    """sentence index -> the label its passage opens with ("Respect.", "Iniciatyvumas:"), for the
    passage's other sentences: a principle named in one word and explained in the next sentences."""
    first: dict[int, Sentence] = {}
    out: dict[int, str] = {}
    for s in sentences:
        opening = first.setdefault(id(s.passage), s)
        if opening is not s and len(opening.text.split()) <= LABEL_WORDS:
            out[s.index] = opening.text
    return out


def match_sentences(sentences: list[Sentence], lang: str,
                    index: ExemplarIndex | None = None) -> dict[FacetRef, list[Match]]:
    """For every facet, the sentences that resemble it or hold its key terms, best first
    (``index``: the language's full index unless given, as the learning script does)."""
    index = index or exemplar_index(lang)
    found: dict[int, list[Match]] = {}
    cache: dict[tuple[str, str], dict[int, tuple[float, int]]] = {}
    labels = passage_labels(sentences)
    n = len(index.facets)
    negatives: dict[int, dict[str, float]] = {}  # sentence -> item -> resemblance to its negatives
    for s in sentences:
        label = labels.get(s.index, "")
        heading = s.headings[-1] if s.headings else ""  # "Mūsų išskirtinumas" names the topic
        for f, terms in index.keys.hits(f"{s.text} {s.passage.context} {heading} {label}").items():
            found.setdefault(f, []).append(Match(s.index, 0.0, "", terms))
        key = (s.text, sentence_context(s, label))
        sims = cache.get(key)
        if sims is None:
            sims = index.similarities(index.vector(*key))
            cache[key] = sims
        for f, (score, ex) in sims.items():
            if f < n:
                found.setdefault(f, []).append(Match(s.index, score, index.exemplars[ex]))
        if index.negative_items:
            negatives[s.index] = {index.negative_items[f - n]: score for f, (score, _) in sims.items() if f >= n}
    out = {}
    for f, ms in found.items():
        ref = index.facets[f]
        kept = []
        for m in merge_matches(ms):
            negative = negatives.get(m.sentence, {}).get(ref.item)
            m = replace(m, negative=negative) if negative else m
            if not m.vetoed:
                kept.append(m)
        if kept:
            out[ref] = kept
    return out


def merge_matches(matches: list[Match]) -> list[Match]:
    """One match per sentence (similarity and key terms together), best first."""
    by_sentence: dict[int, Match] = {}
    for m in matches:
        old = by_sentence.get(m.sentence)
        if old is None:
            by_sentence[m.sentence] = m
        else:
            best = m if m.score > old.score else old
            by_sentence[m.sentence] = Match(m.sentence, best.score, best.exemplar, old.keys or m.keys,
                                            max(old.negative, m.negative))
    return sorted(by_sentence.values(), key=lambda m: (-m.score, m.sentence))


Ranking = dict[int, list[tuple[float, str]]]


def rank_items(matches: dict[FacetRef, list[Match]], items: set[str]) -> tuple[Ranking, Ranking]:
    """sentence -> the given items it resembles, most similar first; and the same for the items
    whose key terms it holds (the rivals of an item's evidence, see ``scoring``)."""
    best: dict[int, dict[str, float]] = {}
    keyed: dict[int, dict[str, float]] = {}
    for ref, ms in matches.items():
        if ref.item in items:
            for m in ms:
                row = best.setdefault(m.sentence, {})
                if m.score > row.get(ref.item, 0.0):
                    row[ref.item] = m.score
                if m.keys:
                    row = keyed.setdefault(m.sentence, {})
                    if m.score >= row.get(ref.item, -1.0):
                        row[ref.item] = m.score
    return ({s: sorted(((v, k) for k, v in row.items()), reverse=True) for s, row in best.items()},
            {s: sorted(((v, k) for k, v in row.items()), reverse=True) for s, row in keyed.items()})


def feature_overlap(a: str, b: str, lang: str) -> list[str]:
    """The shared stems of two texts (for explaining a match in the report)."""
    fa: Counter[str] = features(a, lang)
    fb: Counter[str] = features(b, lang)
    return sorted(t for t in fa if t in fb and " " not in t)
