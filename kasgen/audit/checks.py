"""Whole-document checks for the rubric items that retrieval alone cannot judge.

Each check is named by an item's ``check`` in the rubric data and returns the item's verdict
with the figure that decided it in ``note`` (a share, a count, an average), so the report can
say why: "G11: average sentence 14.2 words".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable

from kasgen.audit import measures
from kasgen.audit.analysis import lexicon, mentions, words
from kasgen.audit.passages import Sentence
from kasgen.audit.rubric import Item

if TYPE_CHECKING:
    from kasgen.audit.scoring import ItemResult, Scoring

_QUOTED = re.compile(r"[„“\"«]([^„“”\"«»]{3,})[“”\"»]")


def is_phrase(s: Sentence) -> bool:
    """A ready phrase: a paragraph in a phrase style, or quoted words of a few words or more."""
    if s.passage.kind == "phrase":
        return True
    return any(len(m.group(1).split()) >= 2 for m in _QUOTED.finditer(s.text))


def _norm_sentences(scoring: Scoring) -> list[Sentence]:
    """Sentences of running text and lists (not headings, table rows or phrases)."""
    return [s for s in scoring.standard.sentences
            if s.passage.kind in ("paragraph", "list") and len(s.text.split()) >= 4]


def judge(scoring: Scoring, item: Item) -> ItemResult:
    from kasgen.audit.scoring import ItemResult

    check = _CHECKS[item.check]
    status, note, evidence_from = check(scoring, item)
    result = ItemResult(item, status, note=note)  # type: ignore[arg-type]
    if evidence_from is not None:
        result.evidence, result.found, result.missing = (
            evidence_from.evidence, evidence_from.found, evidence_from.missing)
    return result


Verdict = tuple[str, str, "ItemResult | None"]


def _tailoring(scoring: Scoring, item: Item) -> Verdict:
    """G1: with the answers, the organisation's own name, services and branches must appear;
    without them, sentences that list services, branches or channels. Template leftovers
    ("[organizacija]", "XXX") make it partial at best."""
    from kasgen.audit.scoring import judge_retrieval

    found = judge_retrieval(scoring, item)
    text = " ".join(s.text for s in scoring.standard.sentences).lower()
    leftovers = sorted({m.group(0) for p in lexicon()["placeholders"] for m in re.finditer(p, text)})
    status = found.status
    notes = []
    profile = scoring.profile
    if profile is not None:
        org = profile.organisation
        named = any(n.lower() in text for n in (org.name, org.short_name))
        own = [*org.key_services, *(b.name for b in profile.branches)]
        shown = sum(1 for w in own if w.lower() in text)
        if not named:
            notes.append("name-missing")
        status = "present" if named and shown * 2 >= len(own) else "partial" if named or shown else "absent"
    if leftovers:
        status = "partial" if status == "present" else status
        notes.append("placeholders: " + ", ".join(leftovers[:5]))
    return status, "; ".join(notes), found


def _behaviour(scoring: Scoring, item: Item) -> Verdict:
    lang = scoring.lang
    from kasgen.audit.analysis import has_number

    sentences = _norm_sentences(scoring)
    if not sentences:
        return "absent", "share=0", None
    lex = lexicon()
    observable = lex["observable"][lang] + lex["actors"][lang]
    endings = tuple(lex["action_endings"][lang])
    concrete = sum(1 for s in sentences
                   if has_number(s.text, lang) or is_phrase(s) or mentions(s.text, observable)
                   or (endings and any(w.endswith(endings) for w in words(s.text.lower()))))
    share = concrete / len(sentences)
    status = "present" if share >= 0.7 else "partial" if share >= 0.4 else "absent"
    return status, f"share={share:.2f}", None


def _numbers(scoring: Scoring, item: Item) -> Verdict:
    found = scoring.measures
    own = [m for m in found if not m.legal]
    channels = sorted({m.channel for m in own if m.channel})
    conflicting = measures.conflicts(found)
    expected = 3
    if scoring.profile is not None:
        groups = {"phone": "phone", "email": "email", "post": "post", "web_form": "web_form",
                  "in_person": "in_person", "web_chat": "chat", "social_media": "social"}
        expected = len({groups[c.value] for c in scoring.profile.channels if c.value in groups}) + 1
    covered = len(channels)
    if "complaints" in channels and covered >= expected:
        status = "present"
    else:
        status = "partial" if own else "absent"
    if conflicting and status == "present":
        status = "partial"
    note = f"channels={','.join(channels) or '-'}; conflicts={len(conflicting)}"
    return status, note, None


def _phrases(scoring: Scoring, item: Item) -> Verdict:
    from kasgen.audit.scoring import judge_retrieval

    phrases = {s.index for s in scoring.standard.sentences if is_phrase(s)}
    if not phrases:
        return "absent", "phrases=0", None
    found = judge_retrieval(scoring, item, only=phrases)
    status = found.status
    if status == "absent":
        status = "partial"
    return status, f"phrases={len(phrases)}", found


def _monitoring_link(scoring: Scoring, item: Item) -> Verdict:
    m2 = scoring.results["M2"].status
    m3 = scoring.results["M3"].status
    if m2 == "present" and m3 in ("present", "partial"):
        return "present", "", None
    if "present" in (m2, m3) or "partial" in (m2, m3):
        return "partial", "", None
    return "absent", "", None


def _usability(scoring: Scoring, item: Item) -> Verdict:
    """G10: numbered clauses, tables, and a working aid – a card or checklist found by its
    sentences or by a heading that names one ("Atmintinė", "At a glance", "Checklist")."""
    from kasgen.audit.scoring import judge_retrieval

    passages = [p for p in scoring.standard.passages if p.kind in ("paragraph", "list")]
    numbered = sum(1 for p in passages if p.number) / max(1, len(passages))
    tables = sum(1 for p in scoring.standard.passages if p.kind == "table")
    aids = judge_retrieval(scoring, item)
    cue = lexicon()["aids"][scoring.lang]
    titled = any(p.kind == "heading" and mentions(p.text, cue) for p in scoring.standard.passages)
    met = [numbered >= 0.3, tables >= 1, aids.status == "present" or titled]
    status = "present" if all(met) else "partial" if any(met) else "absent"
    return status, f"numbered={numbered:.2f}; table_rows={tables}", aids


def _sentence_length(scoring: Scoring, item: Item) -> Verdict:
    sentences = _norm_sentences(scoring)
    if not sentences:
        return "absent", "average=0", None
    average = sum(len(s.text.split()) for s in sentences) / len(sentences)
    status = "present" if average <= 20 else "partial" if average <= 26 else "absent"
    return status, f"average={average:.1f}", None


_SIZE_LIMIT = {"micro": 8_000, "small": 15_000, "medium": 40_000, "large": 10**9}


def _proportion(scoring: Scoring, item: Item) -> Verdict:
    total = sum(len(s.text.split()) for s in scoring.standard.sentences)
    profile = scoring.profile
    if profile is None:
        status = "present" if 1_000 <= total <= 60_000 else "partial"
        return status, f"words={total}", None
    size = profile.organisation.size or _size_from_staff(profile.organisation.staff)
    status = "present" if total <= _SIZE_LIMIT[size] else "partial"
    if len(profile.branches) >= 2:
        named = sum(1 for b in profile.branches if b.name.lower() in
                    " ".join(s.text.lower() for s in scoring.standard.sentences))
        if named < len(profile.branches):
            status = "partial"
    return status, f"words={total}; size={size}", None


def _size_from_staff(staff: int | None) -> str:
    if staff is None:
        return "medium"
    return "micro" if staff < 10 else "small" if staff < 50 else "medium" if staff < 250 else "large"


def _principles_detail(scoring: Scoring, item: Item) -> Verdict:
    principles = scoring.results.get("P1.1")
    if principles is None or principles.status in ("absent", "n/a"):
        return "absent", "", None
    heads = {e.sentence.headings[-1:] for e in principles.evidence if e.sentence.headings}
    for facet in principles.found + principles.missing:
        for e in scoring.facet_matches(principles.item, facet)[:1]:
            if e.score >= scoring.limits.partial and e.sentence.headings:
                heads.add(e.sentence.headings[-1:])
    section = [s for s in scoring.standard.sentences if s.headings[-1:] in heads]
    phrases = sum(1 for s in section if is_phrase(s))
    negations = sum(1 for s in section if mentions(s.text, lexicon()["negations"][scoring.lang]))
    if principles.status == "present" and phrases >= 2 and negations >= 2:
        return "present", f"phrases={phrases}; we_dont={negations}", None
    return "partial", f"phrases={phrases}; we_dont={negations}", None


_CHECKS: dict[str, Callable[[Scoring, Item], Verdict]] = {
    "tailoring": _tailoring,
    "behaviour": _behaviour,
    "numbers": _numbers,
    "phrases": _phrases,
    "monitoring_link": _monitoring_link,
    "usability": _usability,
    "sentence_length": _sentence_length,
    "proportion": _proportion,
    "principles_detail": _principles_detail,
}
