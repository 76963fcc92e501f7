"""The style lint: what a language editor would mark in a rendered document.

Words never to use (``templates/domain/style.yaml``), the generic word for clients where the
sector has its own, numbers that do not agree with their nouns, times in the other language's
format, the other language's words, and over-long sentences. Runs on rendered documents, so it sees
exactly what the reader sees; the organisation's own words (names, addresses, hours) are left out.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from kasgen.document import Document, Heading, Para, Table
from kasgen.lint.checks import Problem
from kasgen.resources import data_dir, load_yaml

#: Lithuanian noun forms that show the number category unambiguously: one (1, 21…),
#: few (2–9, 22…) or many (0, 10–20, 30…).
_LT_FORMS = {
    "one": r"(darbo dieną|darbo diena|valandą|valanda|minutę|minutė|sekundę|sekundė|signalo|signalą|kartą|savaitę)",
    "few": r"(darbo dienas|valandas|minutes|sekundes|signalus|kartus|savaites)",
    "many": r"(darbo dienų|valandų|minučių|sekundžių|signalų|kartų|savaičių)",
}
_EN_SINGULAR = r"(minute|hour|second|ring|day|working day|week)"
_EN_PLURAL = r"(minutes|hours|seconds|rings|days|working days|weeks)"
_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZĄČĘĖĮŠŲŪŽ„“\"])")
_LT_LETTERS = re.compile(r"[ąčęėįšųūžĄČĘĖĮŠŲŪŽ]")
_EN_WORDS = re.compile(r"\b(the|and|please|with|your|will|should)\b", re.IGNORECASE)
_MAX_SENTENCE = 40
_QUOTES = "„“\"”"


@lru_cache(maxsize=1)
def _style() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(data_dir("templates") / "domain" / "style.yaml")
    return data


def _category(n: int) -> str:
    if n % 10 == 0 or 11 <= n % 100 <= 19:
        return "many"
    return "one" if n % 10 == 1 else "few"


def _paragraphs(doc: Document) -> list[str]:
    """Text the registry wrote: paragraphs and tables, without the organisation's own tables."""
    out = []
    for block in doc.blocks:
        if isinstance(block, Para):
            out.append(block.text)
        elif isinstance(block, Heading):
            out.append(block.text)
        elif isinstance(block, Table) and not block.from_answers and block.kind != "dont":
            out.extend("".join(r.text for r in cell) for row in block.rows for cell in row)
    return out


def style_problems(
    doc: Document, lang: str, client_word: str, own_words: list[str], name: str,
    avoid: list[str] | None = None,
) -> list[Problem]:
    """Every style problem in one rendered document.

    Args:
        client_word: what this organisation calls its clients (``t.client``), to tell whether the
            generic word is out of place.
        own_words: strings from the answers (names, addresses, services) to leave out of the checks.
        avoid: the organisation's own words to avoid (``brand.words_to_avoid``): its standard
            must not use them either.
    """
    style = _style()
    problems: list[Problem] = []
    texts = []
    avoided = {w.strip(_QUOTES).lower() for w in avoid or []}
    for text in _paragraphs(doc):
        for own in sorted((w for w in own_words if w.strip(_QUOTES).lower() not in avoided), key=len, reverse=True):
            if own and len(own) > 2:
                text = text.replace(own, " ")
        texts.append(text)
    never = [(re.compile(rf"(?<!\w)(?:{e['word']})", re.IGNORECASE), e["use"]) for e in style["never"][lang]]
    own_avoid = []
    for word in avoid or []:
        bare = word.strip(_QUOTES)
        if bare:
            regex = r"(?<!\w)" + re.escape(bare) + r"(?!\w)"
            own_avoid.append(re.compile(regex, re.IGNORECASE))
    generic = re.compile(rf"(?<!\w)(?:{style['generic_client'][lang]})", re.IGNORECASE)
    generic_applies = not generic.fullmatch(client_word)
    words = 0
    sentences = 0
    for text in texts:
        said = " ".join(re.findall(r"[„“]([^“”]*)[“”]", text))  # what is said or written to clients
        for pattern in own_avoid:
            m = pattern.search(said)
            if m:
                problems.append(Problem(name, f"“{m.group(0)}” is one of the organisation's words to "
                                              f"avoid, in a phrase: {said[:80]}"))
        for pattern, use in never:
            m = pattern.search(text)
            if m:
                problems.append(Problem(name, f"“{m.group(0)}” – use: {use} (in: {text[:80]})"))
        if generic_applies:
            m = generic.search(re.sub(style["generic_client_allowed"][lang], "", text, flags=re.IGNORECASE))
            if m:
                problems.append(Problem(name, f"“{m.group(0)}” in a standard whose {client_word}s have "
                                              f"their own name (in: {text[:80]})"))
        problems += _agreement(text, lang, name)
        problems += _formats(text, lang, name)
        for sentence in _SENTENCE.split(text):
            n = len(_WORD.findall(sentence))
            words += n
            sentences += 1 if n else 0
            if n > _MAX_SENTENCE:
                problems.append(Problem(name, f"a sentence of {n} words: {sentence[:80]}…"))
    if sentences and words / sentences > 20:
        problems.append(Problem(name, f"average sentence length {words / sentences:.1f} words (at most 20)"))
    return problems


def _agreement(text: str, lang: str, name: str) -> list[Problem]:
    out = []
    if lang == "lt":
        for category, forms in _LT_FORMS.items():
            for m in re.finditer(rf"(?<![\d.,])(\d+)\s+{forms}\b", text):
                before = text[: m.start()].rstrip()
                if category == "many" and (re.search(r"(\d\s*[–-]|\b(iki|nuo|po|be|vietoj|nei|kaip))$", before)):
                    continue  # a range or a preposition takes the genitive: 2–3 minučių, iki 5 minučių
                if _category(int(m.group(1))) != category:
                    out.append(Problem(name, f"number and noun do not agree: “{m.group(0)}”"))
    else:
        for m in re.finditer(rf"(?<![\d.,])(\d+)\s+{_EN_SINGULAR}\b", text):
            if int(m.group(1)) != 1:
                out.append(Problem(name, f"number and noun do not agree: “{m.group(0)}”"))
        for m in re.finditer(rf"(?<![\d.,])1\s+{_EN_PLURAL}\b", text):
            out.append(Problem(name, f"number and noun do not agree: “{m.group(0)}”"))
    return out


def _formats(text: str, lang: str, name: str) -> list[Problem]:
    out = []
    if lang == "lt":
        m = re.search(r"\b\d{1,2}:\d{2}\b", text)
        if m:
            out.append(Problem(name, f"time “{m.group(0)}”: Lithuanian writes 8.00"))
        m = _EN_WORDS.search(text)
        if m:
            out.append(Problem(name, f"an English word “{m.group(0)}” in Lithuanian text: {text[:80]}"))
    else:
        m = re.search(r"\b\d{1,2}\.\d{2}\s*(?:–|-|am|pm|a\.m\.|p\.m\.)|\b\d{1,2}\s*[ap]\.m\.", text)
        if m:
            out.append(Problem(name, f"time “{m.group(0)}”: English writes 08:00"))
        m = _LT_LETTERS.search(text)
        if m:
            out.append(Problem(name, f"a Lithuanian letter “{m.group(0)}” in English text: {text[:80]}"))
    return out
