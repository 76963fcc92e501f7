"""Measurable norms found in a standard: "per 3 signalus", "within 5 working days", "15 min.".

Each measure is a value with its unit, the channel it is about (the nearest channel word in the
sentence, else in its headings) and the action it times (the nearest action word: answer,
reply, acknowledge, hold …). They feed the G3 check (a number for every channel) and two
defects: the same measure stated with two values, and a written-reply deadline beyond the legal
maximum for public bodies. Words and units come from ``templates/audit/lexicon.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kasgen.audit.analysis import Vocabulary, lexicon, tokens
from kasgen.audit.passages import Sentence

WINDOW = 8  # tokens around a number searched for its action

_WORD_NUMBERS = {
    "lt": {"vieną": 1, "vienos": 1, "vienu": 1, "dvi": 2, "du": 2, "dviejų": 2, "dvejų": 2,
           "tris": 3, "trys": 3, "trijų": 3, "keturis": 4, "keturių": 4, "penkias": 5,
           "penkių": 5, "penkis": 5, "šešias": 6, "dešimt": 10, "dešimties": 10,
           "dvidešimt": 20, "dvidešimties": 20, "trisdešimt": 30, "trisdešimties": 30},
    "en": {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10,
           "fifteen": 15, "twenty": 20, "thirty": 30},
}


@dataclass(frozen=True)
class Measure:
    value: float
    unit: str
    channel: str | None
    action: str | None
    sentence: Sentence
    legal: bool  # about the law or an extension, not the organisation's own promise
    certain: bool = True  # channel and action were read from the number's own clause or headings

    @property
    def key(self) -> tuple[str | None, str | None, str]:
        return (self.channel, self.action, self.unit)

    @property
    def shown(self) -> str:
        value = int(self.value) if self.value == int(self.value) else self.value
        return f"{value} {self.unit.replace('_', ' ')}"


@dataclass(frozen=True)
class _Vocab:
    units: Vocabulary
    channels: Vocabulary
    actions: Vocabulary
    legal: list[str]
    clock: set[str]


@lru_cache(maxsize=2)
def _vocab(lang: str) -> _Vocab:
    lex = lexicon()
    return _Vocab(
        Vocabulary({u: v[lang] for u, v in lex["units"].items()}),
        Vocabulary({c: v[lang] for c, v in lex["channels"].items()}),
        Vocabulary({a: v[lang] for a, v in lex["measure_actions"].items()}),
        lex["legal"][lang] + lex["extension"][lang],
        set(lex["clock"][lang]),
    )


def _unit_at(toks: list[str], i: int, units: Vocabulary) -> str | None:
    """The unit that follows a number ("3 signalus", "20 s", "5 darbo dienas")."""
    found = units.positions(toks[i : i + 3])
    if not found or found[0][0] != 0:
        return None
    name = found[0][1]
    if len(toks[i].rstrip(".")) <= 2 and name not in ("seconds", "hours", "minutes", "working_days"):
        return None
    return name


def _nearest(found: list[tuple[int, str]], i: int, window: int, before: bool = False) -> str | None:
    """The name found nearest to token ``i``; with ``before``, one before it if there is any."""
    if before:
        earlier = [(j, name) for j, name in found if j < i and i - j <= window]
        if earlier:
            return earlier[-1][1]
    best: tuple[int, str] | None = None
    for j, name in found:
        distance = abs(j - i) + (0 if j < i else 1)  # before the number wins a tie
        if distance <= window and (best is None or distance < best[0]):
            best = (distance, name)
    return best[1] if best else None


# Actions that qualify a whole clause: "seen within 5 minutes of an appointment" times the
# appointment, not the wait.
_QUALIFIERS = ("appointment", "callback")

_QUOTED = re.compile(r"„[^“]*“|\"[^\"]*\"|“[^”]*”")

# Channels named by words that also name another ("laiškas" is a letter or an e-mail): the
# headings decide when they name a channel.
_AMBIGUOUS = {"post", "email"}


def _ambiguous(clause: str, lang: str) -> bool:
    """Whether a clause names e-mail or post only by a word both use ("laiškas", "mail")."""
    specific = {"lt": ("el. pašt", "el. laišk", "e. laišk", "elektronin", "rašt", "paštu", "pašto"),
                "en": ("email", "e-mail", "letter", "post")}[lang]
    return not any(word in clause for word in specific)


_CLAUSE = re.compile(r"[,;:–—()|]|\s(?:o|bet|and|but|while)\s")


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if c and c.strip()]


def _value(tok: str, words: dict[str, int]) -> float | None:
    if tok[0].isdigit():
        if "." in tok or "," in tok and len(tok) > 4:
            return None  # a clause number, a date or an amount
        value = float(tok.replace(",", "."))
        return value if value <= 1000 else None
    return float(words[tok]) if tok in words else None


def extract(sentences: list[Sentence], lang: str) -> list[Measure]:
    """Every number with a time or count unit in the sentences.

    The action is looked for in the number's own clause ("…patvirtinimą per 1 darbo dieną, o
    atsakymą – per 10" has two), the channel in the clause, then the sentence, then its headings.
    """
    v = _vocab(lang)
    words = _WORD_NUMBERS[lang]
    out: list[Measure] = []
    for s in sentences:
        low = s.text.lower()
        if not any(c.isdigit() for c in low) and not any(w in low for w in words):
            continue
        heads = " ".join(s.headings[-2:]).lower()
        legal = any(cue in low or cue in heads for cue in v.legal)
        sentence_channels: list[tuple[int, str]] | None = None
        for clause in _clauses(_QUOTED.sub(" ", low)):
            toks = tokens(clause)
            clause_channels: list[tuple[int, str]] | None = None
            clause_actions: list[tuple[int, str]] = []
            for i, tok in enumerate(toks):
                value = _value(tok, words)
                if value is None:
                    continue
                unit = _unit_at(toks, i + 1, v.units)
                if unit is None or (unit in ("hours", "days") and v.clock & set(toks[max(0, i - 2):i])):
                    continue  # "iki 12 valandos", "kovo 15 d.": a time of day or a date
                if clause_channels is None:
                    clause_channels = v.channels.positions(toks)
                    clause_actions = v.actions.positions(toks)
                channel = _nearest(clause_channels, i, len(toks))
                certain = channel is not None
                if channel is None:
                    if sentence_channels is None:
                        sentence_channels = v.channels.positions(tokens(low))
                    channel = sentence_channels[0][1] if sentence_channels else None
                    certain = len({name for _, name in sentence_channels}) == 1
                if channel is None or channel in _AMBIGUOUS and _ambiguous(clause, lang):
                    found = v.channels.positions(tokens(heads)) if heads else []
                    channel = found[0][1] if found else (None if channel in _AMBIGUOUS else channel)
                    certain = bool(found)
                before = [a for j, a in clause_actions if j < i]
                action = _nearest(clause_actions, i, WINDOW, before=True)
                qualified = [a for _, a in clause_actions if a in _QUALIFIERS]
                action = qualified[0] if qualified else action
                # "patvirtinimas ar atsakymas gautas per 1 darbo dieną": either action, so neither
                # is known to take that long
                single = len({a for j, a in clause_actions if j < i and i - j <= WINDOW}) <= 1
                out.append(Measure(value, unit, channel, action, s, legal,
                                   certain and bool(before) and (single or bool(qualified))))
    return out


def conflicts(measures: list[Measure]) -> list[list[Measure]]:
    """Groups of the organisation's own measures with the same channel, action and unit but
    different values ("3 rings" here, "5 rings" there)."""
    groups: dict[tuple[str | None, str | None, str], list[Measure]] = {}
    for m in measures:
        if m.legal or m.channel is None or m.action is None or not m.certain:
            continue
        groups.setdefault(m.key, []).append(m)
    return [ms for ms in groups.values() if len({m.value for m in ms}) > 1]
