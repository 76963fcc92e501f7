"""The lint's checks: the registry as written (static) and as rendered for many organisations.

Static checks read the data: references between entries, Jinja statements in texts, words of a
scope the condition does not guarantee, cards without short forms. Rendered checks build the
documents for the generated matrix and the samples: render errors, scope words that reach the
wrong organisation, near-duplicate sentences, citations of norms that are not in the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kasgen.document import Document, Para, Table
from kasgen.domain import LANGS, domain
from kasgen.registry.conditions import Condition, Facts, implies
from kasgen.registry.loader import Registry
from kasgen.registry.model import Block, Generated, Norm

_STATEMENT = re.compile(r"\{%")
_INLINE_IF = re.compile(r"\{\{[^}]*\bif\b[^}]*\}\}")


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _texts(norm: Norm) -> Iterator[tuple[str, str]]:
    """(label, text) of every language text a norm holds."""
    for lang in LANGS:
        yield f"text.{lang}", norm.text.get(lang)
        if norm.items:
            for i, item in enumerate(norm.items.get(lang)):
                yield f"items.{lang}[{i + 1}]", item
        if norm.short:
            yield f"short.{lang}", norm.short.get(lang)
        for c in norm.checks:
            yield f"check {c.id}.{lang}", c.text.get(lang)


def static_problems(reg: Registry) -> list[Problem]:
    problems: list[Problem] = []
    norms = reg.norm_index()
    sections_and_parts = set(reg.sections) | {p.id for p in reg.parts}
    said: dict[str, str] = {}
    part_when = {p.id: p.when for p in reg.parts}
    for section in reg.sections.values():
        where_s = f"{section.source}: {section.id}"
        for item in section.content:
            if isinstance(item, Norm):
                where = f"{where_s}: norm {item.id}"
                for pid in item.say:
                    if pid not in reg.phrases:
                        problems.append(Problem(where, f"say: unknown phrase {pid!r}"))
                    elif pid in said:
                        problems.append(Problem(where, f"phrase {pid!r} is also said by {said[pid]}: "
                                                       "a phrase is printed in one place"))
                    else:
                        said[pid] = item.id
                for c in item.checks:
                    if c.scenario not in reg.scenarios:
                        problems.append(Problem(where, f"check {c.id}: unknown scenario {c.scenario!r}"))
                for label, text in _texts(item):
                    problems.extend(_template_problems(where, label, text))
                conditions = [part_when[section.part], section.when, item.when]
                problems.extend(_scope_problems(where, conditions, [t for _, t in _texts(item)]))
            elif isinstance(item, Block):
                where = f"{where_s}: text block"
                for lang in LANGS:
                    problems.extend(_template_problems(where, lang, item.body.get(lang)))
                conditions = [part_when[section.part], section.when, item.when]
                problems.extend(_scope_problems(where, conditions, [item.body.lt, item.body.en]))
            elif isinstance(item, Generated):
                from kasgen.views.generated import names

                if item.generated not in names():
                    problems.append(Problem(where_s, f"unknown generated view {item.generated!r}"))
    cited: list[tuple[str, Any]] = [("situation", reg.situations), ("question", reg.survey), ("letter", reg.letters)]
    for kind, entries in cited:
        for entry in entries.values():
            for nid in entry.norms:
                if nid not in norms and nid not in sections_and_parts:
                    problems.append(Problem(f"{kind} {entry.id}", f"unknown norm {nid!r}"))
    for card in reg.cards.values():
        for nid in card.norms:
            if nid not in norms:
                problems.append(Problem(f"card {card.id}", f"unknown norm {nid!r}"))
            elif norms[nid][1].short is None:
                problems.append(Problem(f"card {card.id}", f"norm {nid} has no `short` form for cards"))
        for pid in card.phrases:
            if pid not in reg.phrases:
                problems.append(Problem(f"card {card.id}", f"unknown phrase {pid!r}"))
    for phrase in reg.phrases.values():
        if phrase.serves and phrase.serves not in norms and phrase.serves not in reg.sections:
            problems.append(Problem(f"phrase {phrase.id}", f"serves: unknown norm or section {phrase.serves!r}"))
        for lang in LANGS:
            for key, text in getattr(phrase, lang).items():
                problems.extend(_template_problems(f"phrase {phrase.id}", f"{lang}.{key}", text))
        problems.extend(_scope_problems(f"phrase {phrase.id}", [phrase.when],
                                        [*phrase.lt.values(), *phrase.en.values()]))
    return problems


#: A number written into a text next to a unit that the answers (or the law) own.
_HARD_MEASURE = re.compile(
    r"(?<![\w{.])\d+\s*(?:–\s*\d+\s*)?(?:signal|sek\b|s\b|sekund|min\b|minut|val\b|valand|darbo dien|"
    r"rings?\b|seconds?\b|minutes?\b|hours?\b|working days?\b)",
    re.IGNORECASE,
)


#: Answers the text prints as given: a name, a role holder, a list. In Lithuanian they can only stand
#: where the nominative is right, never after a preposition or in front of a noun that needs them
#: in another case ("dėl {{ org.short }}", "{{ org.short }} darbuotojai").
_AS_GIVEN = r"\{\{\s*(?:org\.(?:name|short|services)|roles\.\w+|brand\.\w+|branches|networks|channel_names)[^}]*\}\}"
_LT_PREPOSITIONS = ("dėl|iš|į|apie|su|be|prie|pas|nuo|iki|per|po|už|prieš|tarp|pagal|link|kartu su|"
                    "vietoj|šalia|ties|virš|greta")
_LT_CASE_BEFORE = re.compile(rf"(?<!\w)(?:{_LT_PREPOSITIONS})\s+{_AS_GIVEN}", re.IGNORECASE)
_LT_CASE_AFTER = re.compile(rf"{_AS_GIVEN}\s+(?:darbuotoj|vadov|klient|pavadinim|svetain|paskyr|vard|adres|"
                            r"paslaug|skyri|padalin)\w*", re.IGNORECASE)


def _template_problems(where: str, label: str, text: str) -> list[Problem]:
    out = []
    if label.startswith("text.lt") or label.startswith("items.lt") or label.startswith("lt") or ".lt" in label:
        m = _LT_CASE_BEFORE.search(text) or _LT_CASE_AFTER.search(text)
        if m:
            out.append(Problem(where, f"{label}: “{m.group(0)}” puts an answer as given where Lithuanian needs "
                                      "another case; use a declined term (t.org, t.client) or a colon list "
                                      "after a nominative, or a table"))
    stripped = re.sub(r"\{\{.*?\}\}", "{}", text)
    m = _HARD_MEASURE.search(stripped)
    if m:
        out.append(Problem(where, f"{label}: a hard-coded measure “{m.group(0)}”; print it from the "
                                  "answers (`sl.`) or the law (`law.`)"))
    if _STATEMENT.search(text):
        out.append(Problem(where, f"{label}: a Jinja statement ({{% … %}}); conditions belong in `when`"))
    if _INLINE_IF.search(text):
        out.append(Problem(where, f"{label}: an inline `if` in {{{{ … }}}}; conditions belong in `when`"))
    return out


def _compiled_lexicon() -> list[tuple[str, re.Pattern[str], Condition]]:
    out = []
    for entry in domain().lexicon:
        scope = Condition.model_validate(entry.scope)
        pattern = "|".join(f"(?:{p})" for p in [*entry.lt, *entry.en])
        out.append((entry.id, re.compile(rf"(?<!\w)(?:{pattern})", re.IGNORECASE), scope))
    return out


def _scope_problems(where: str, conditions: list[Condition], texts: list[str]) -> list[Problem]:
    out = []
    joined = "\n".join(texts)
    for ident, pattern, scope in _compiled_lexicon():
        m = pattern.search(joined)
        if m and not implies(conditions, scope):
            out.append(Problem(where, f"“{m.group(0)}” belongs to {ident} ({scope.keys()}); "
                                      "add that to the condition or reword"))
    return out


def leaks(doc: Document, facts: Facts, name: str) -> list[Problem]:
    """Scope words in a rendered document that do not hold for its organisation."""
    out = []
    lexicon = [(i, p, s) for i, p, s in _compiled_lexicon() if not s.holds(facts)]
    for block in doc.blocks:
        if isinstance(block, Table) and block.from_answers:
            continue  # the organisation's own words about itself
        text = _block_text(block)
        for ident, pattern, _ in lexicon:
            m = pattern.search(text)
            if m:
                out.append(Problem(name, f"“{m.group(0)}” ({ident}) in: {text[:90]}"))
    return out


def _block_text(block: Any) -> str:
    if isinstance(block, Para):
        return block.text
    if isinstance(block, Table):
        return " ".join([*block.header, *("".join(r.text for r in c) for row in block.rows for c in row)])
    return str(getattr(block, "text", "") or getattr(block, "caption", ""))


_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZĄČĘĖĮŠŲŪŽ„“\"])")


def near_duplicates(doc: Document, name: str, threshold: float = 0.85, min_words: int = 8) -> list[Problem]:
    """Sentences of eight words or more, in different sections, that say nearly the same."""
    from kasgen.document import Heading

    sentences: list[tuple[str, frozenset[str], str]] = []
    section = ""
    for block in doc.blocks:
        if isinstance(block, Heading) and block.level <= 2:
            section = block.numbered_text
        if not isinstance(block, Para) or block.role == "phrase":
            continue
        for sentence in _SENTENCE.split(block.text):
            words = [w.lower() for w in _WORD.findall(sentence)]
            if len(words) >= min_words:
                sentences.append((section, frozenset(words), sentence))
    out = []
    for i, (sec_a, set_a, text_a) in enumerate(sentences):
        for sec_b, set_b, text_b in sentences[i + 1:]:
            if sec_a == sec_b:
                continue
            common = len(set_a & set_b)
            if common / min(len(set_a), len(set_b)) < 0.6:
                continue  # cheap filter: token_set_ratio cannot reach the threshold
            if token_set_ratio(set_a, set_b) >= threshold:
                out.append(Problem(name, f"near-duplicate sentences in {sec_a} and {sec_b}: "
                                         f"“{text_a[:70]}” / “{text_b[:70]}”"))
    return out


def token_set_ratio(a: frozenset[str], b: frozenset[str]) -> float:
    """Token-set similarity (as fuzzy string matching defines it), 0–1: the shared words compared
    with each sentence's words; a sentence whose words all occur in the other scores 1."""
    from difflib import SequenceMatcher

    shared = " ".join(sorted(a & b))
    one = (shared + " " + " ".join(sorted(a - b))).strip()
    two = (shared + " " + " ".join(sorted(b - a))).strip()
    return max(SequenceMatcher(None, shared, one).ratio(), SequenceMatcher(None, shared, two).ratio(),
               SequenceMatcher(None, one, two).ratio())
