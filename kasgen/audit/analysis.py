"""Text analysis for the audit: language, word stems and the features retrieval compares.

Stems come from the Snowball stemmers (``snowballstemmer`` on PyPI: Lithuanian and English,
pure Python, no data to download). A sentence becomes a bag of weighted features: the stems of
its content words and the pairs of neighbouring stems, so "atsiliepti per 3 signalus" and
"atsiliepiame per tris signalus" share most of their features while word order still counts.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Any

from kasgen.resources import data_dir, load_yaml

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_LT_LETTERS = set("ąčęėįšųūž")
BIGRAM_WEIGHT = 0.6

Features = dict[str, float]


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The word lists in ``templates/audit/lexicon.yaml``."""
    return load_yaml(data_dir("templates") / "audit" / "lexicon.yaml")


@lru_cache(maxsize=2)
def _stopwords(lang: str) -> frozenset[str]:
    return frozenset(lexicon()["stopwords"][lang])


@lru_cache(maxsize=2)
def _stemmer(lang: str) -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("lithuanian" if lang == "lt" else "english")


_STEMS: dict[tuple[str, str], str] = {}


def stem(word: str, lang: str) -> str:
    key = (lang, word)
    found = _STEMS.get(key)
    if found is None:
        found = _stemmer(lang).stemWord(word)
        if len(_STEMS) < 500_000:
            _STEMS[key] = found
    return found


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


@lru_cache(maxsize=2)
def _synonyms(lang: str) -> dict[str, str]:
    """stem -> the stem of its group's first word."""
    out: dict[str, str] = {}
    for group in lexicon().get("synonyms", {}).get(lang, []):
        head = stem(words(group[0])[-1], lang)
        for word in group[1:]:
            out.setdefault(stem(words(word)[-1], lang), head)
    return out


def content_stems(text: str, lang: str) -> list[str]:
    """The stems of the words that carry meaning (stop words and one-letter words dropped),
    synonyms read as one word."""
    stop = _stopwords(lang)
    same = _synonyms(lang)
    out = []
    for w in words(text):
        if len(w) > 1 and w not in stop:
            s = stem(w, lang)
            out.append(same.get(s, s))
    return out


TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[^\W\d_]+\.?|[%§]", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Lower-case words (with a following dot kept: "el.", "min.") and numbers."""
    return TOKEN.findall(text.lower())


class Vocabulary:
    """Named groups of stems, found in a text by word prefix: "skund" finds "skundų".

    A stem of several words ("el. pašt", "do not") matches when each of its words begins the
    corresponding word of the text. Where stems overlap, the longest wins.
    """

    def __init__(self, groups: dict[str, list[str]]):
        self.single: dict[str, list[tuple[int, str]]] = {}
        self.multi: dict[str, list[tuple[tuple[str, ...], int, str]]] = {}
        self.literal: list[tuple[str, str]] = []  # stems with punctuation: looked up as written
        for name, stems in groups.items():
            for st in stems:
                if tokens(st) != st.lower().split():
                    self.literal.append((st.lower(), name))
                    continue
                parts = tuple(st.lower().split())
                if len(parts) == 1:
                    self.single.setdefault(parts[0], []).append((len(st), name))
                else:
                    self.multi.setdefault(parts[0], []).append((parts, len(st), name))
        # per token, in the order the prefixes are tried: the stems it starts with (parts is empty
        # for a one-word stem); a document repeats its words, so each is looked up once
        self._starts: dict[str, list[tuple[tuple[str, ...], int, str]]] = {}

    def _candidates(self, token: str) -> list[tuple[tuple[str, ...], int, str]]:
        found = self._starts.get(token)
        if found is None:
            found = []
            for n in range(1, len(token) + 1):
                prefix = token[:n]
                found += [((), length, name) for length, name in self.single.get(prefix, ())]
                found += self.multi.get(prefix, ())
            if len(self._starts) < 200_000:
                self._starts[token] = found
        return found

    def positions(self, toks: list[str]) -> list[tuple[int, str]]:
        """(token index, group name) of every stem found; the words of a match are not reused."""
        out: list[tuple[int, str]] = []
        j = 0
        while j < len(toks):
            best: tuple[int, str, int] | None = None
            for parts, length, name in self._candidates(toks[j]):
                if (best is None or length > best[0]) and (not parts or _continues(toks, j, parts)):
                    best = (length, name, len(parts) or 1)
            if best is None:
                j += 1
            else:
                out.append((j, best[1]))
                j += best[2]
        return out

    def names(self, text: str) -> set[str]:
        low = text.lower()
        found = {name for _, name in self.positions(tokens(low))}
        return found | {name for st, name in self.literal if st in low}


def _continues(toks: list[str], j: int, parts: tuple[str, ...]) -> bool:
    if j + len(parts) > len(toks):
        return False
    return all(toks[j + k].startswith(p) or toks[j + k].rstrip(".") == p.rstrip(".")
               for k, p in enumerate(parts))


_MENTIONS: dict[tuple[str, ...], Vocabulary] = {}


def mentions(text: str, stems: list[str]) -> bool:
    """Whether a word of ``text`` starts with one of ``stems`` (see :class:`Vocabulary`)."""
    key = tuple(stems)
    vocabulary = _MENTIONS.get(key)
    if vocabulary is None:
        vocabulary = _MENTIONS[key] = Vocabulary({"hit": list(stems)})
    return bool(vocabulary.names(text))


def detect_language(texts: list[str]) -> str:
    """"lt" or "en" for a document: Lithuanian letters and stop words against English ones."""
    sample = " ".join(texts)[:200_000].lower()
    letters = sum(1 for c in sample if c in _LT_LETTERS)
    tokens = words(sample)
    lt_hits = sum(1 for w in tokens if w in _stopwords("lt"))
    en_hits = sum(1 for w in tokens if w in _stopwords("en"))
    return "lt" if letters * 2 + lt_hits > en_hits else "en"


def features(text: str, lang: str, weight: float = 1.0) -> Counter[str]:
    """Raw feature counts of a text: stems and neighbouring stem pairs (weighted, so floats)."""
    stems = content_stems(text, lang)
    out: Counter[str] = Counter()  # type: ignore[assignment]
    for s in stems:
        out[s] += weight  # type: ignore[assignment]
    for a, b in zip(stems, stems[1:]):
        out[f"{a} {b}"] += weight * BIGRAM_WEIGHT  # type: ignore[assignment]
    return out


class Weighting:
    """TF-IDF weights learnt from the exemplars: words shared by many items count little."""

    def __init__(self, documents: list[Counter[str]]):
        df: Counter[str] = Counter()
        for doc in documents:
            df.update(set(doc))
        n = len(documents)
        self.idf = {term: math.log((n + 1) / (count + 1)) + 1.0 for term, count in df.items()}
        self.unknown = math.log(n + 1) + 1.0

    def vector(self, counts: Counter[str]) -> Features:
        """A unit-length TF-IDF vector (log-scaled term frequency)."""
        vec = {t: (1.0 + math.log(c) if c >= 1 else c) * self.idf.get(t, self.unknown)
               for t, c in counts.items() if c > 0}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        return {t: v / norm for t, v in vec.items()} if norm else {}


_DIGIT = re.compile(r"\d")
_PUNCTUATION = re.compile(r"[^\w\s]")


def has_number(text: str, lang: str) -> bool:
    """Whether a sentence states a number: digits, or a number word ("per tris darbo dienas",
    "by the fourth ring"), whatever punctuation follows it."""
    if _DIGIT.search(text):
        return True
    low = f" {_PUNCTUATION.sub(' ', text.lower())} "
    return any(f" {w} " in low for w in lexicon()["number_words"][lang])
