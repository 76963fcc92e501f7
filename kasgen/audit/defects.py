"""Defects of weak standards (domain-reference §6) found in the audited text.

Each finding names its kind, the sentences that show it (quoted with their location in the
report) and a short detail: the vague words used, the two values of one measure, the deadline
beyond the legal maximum. Kinds:

``vague``            norms that promise "promptly", "politely" (§6.1) with no number or action
``no_phrases``       no ready phrases, or phrases for only a few situations (§6.5)
``legal_deadline``   a written-reply deadline beyond the legal maximum for public bodies (§6.4)
``two_values``       the same measure stated with two values (§6.4)
``no_indicators``    monitoring methods named but no indicators to measure (§6.3, §6.14)
``no_emergency``     no emergency or business-continuity clause (§6.20)
``placeholders``     template text left unfilled (§6.6, §7)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kasgen.audit import measures
from kasgen.audit.analysis import lexicon, mentions
from kasgen.audit.checks import is_phrase
from kasgen.audit.passages import Sentence

if TYPE_CHECKING:
    from kasgen.audit.scoring import Scoring

MAX_QUOTED = 8
_WRITTEN = {"email", "post", "web_form", "complaints"}


@dataclass
class Finding:
    kind: str
    detail: str = ""
    sentences: list[Sentence] = field(default_factory=list)
    count: int = 0  # how many sentences show it (more may exist than are quoted)


def find_defects(scoring: Scoring) -> list[Finding]:
    """Every defect the text shows, in the order of the list above."""
    found = [
        _vague(scoring),
        _no_phrases(scoring),
        *_legal_deadlines(scoring),
        *_two_values(scoring),
        _no_indicators(scoring),
        _no_emergency(scoring),
        _placeholders(scoring),
    ]
    return [f for f in found if f is not None]


def _vague(scoring: Scoring) -> Finding | None:
    from kasgen.audit.analysis import has_number

    lang = scoring.lang
    vague = lexicon()["vague"][lang]
    observable = lexicon()["observable"][lang]
    hits = []
    words_used: set[str] = set()
    for s in scoring.standard.sentences:
        if s.passage.kind not in ("paragraph", "list") or is_phrase(s):
            continue
        if not mentions(s.text, vague) or has_number(s.text, lang) or mentions(s.text, observable):
            continue
        hits.append(s)
        low = s.text.lower()
        words_used.update(w for w in re.findall(r"[^\W\d_]+", low) if any(w.startswith(v) for v in vague))
    if not hits:
        return None
    return Finding("vague", ", ".join(sorted(words_used)[:8]), hits[:MAX_QUOTED], len(hits))


def _no_phrases(scoring: Scoring) -> Finding | None:
    g4 = scoring.results.get("G4")
    if g4 is None or g4.status == "present":
        return None
    phrases = [s for s in scoring.standard.sentences if is_phrase(s)]
    return Finding("no_phrases", str(len(phrases)), phrases[:3], len(phrases))


def _legal_deadlines(scoring: Scoring) -> list[Finding]:
    profile = scoring.profile
    if profile is not None and not profile.organisation.is_public:
        return []
    limit = lexicon()["legal_reply_max_working_days"]
    out = []
    for m in scoring.measures:
        if m.legal or m.channel not in _WRITTEN or m.action != "reply" or not m.certain:
            continue
        too_long = (m.unit == "working_days" and m.value > limit) or (m.unit == "days" and m.value > limit * 7 / 5)
        if too_long:
            out.append(Finding("legal_deadline", m.shown, [m.sentence], 1))
    return out


def _two_values(scoring: Scoring) -> list[Finding]:
    out = []
    for group in measures.conflicts(scoring.measures):
        values = sorted({m.shown for m in group})
        seen: list[Sentence] = []
        for m in group:
            if m.sentence not in seen:
                seen.append(m.sentence)
        out.append(Finding("two_values", " / ".join(values), seen[:MAX_QUOTED], len(seen)))
    return out


def _no_indicators(scoring: Scoring) -> Finding | None:
    methods = scoring.results.get("M3")
    indicators = scoring.results.get("M2")
    if methods is None or indicators is None:
        return None
    if methods.status in ("present", "partial") and indicators.status != "present":
        return Finding("no_indicators", "", [e.sentence for e in methods.evidence][:3], 0)
    return None


def _no_emergency(scoring: Scoring) -> Finding | None:
    scope = scoring.results.get("G6")
    if scope is None or "emergency" in scope.found:
        return None
    return Finding("no_emergency")


def _placeholders(scoring: Scoring) -> Finding | None:
    leftovers: list[Sentence] = []
    patterns = [re.compile(p) for p in lexicon()["placeholders"]]
    for s in scoring.standard.sentences:
        if any(p.search(s.text) for p in patterns):
            leftovers.append(s)
    if not leftovers:
        return None
    return Finding("placeholders", "", leftovers[:MAX_QUOTED], len(leftovers))
