"""People's names for the answers file's fields, in a language: ``Padalinys Nr. 2 → adresas``.

Whatever a person reads about an answer (a validation problem in the interview, in ``kasgen
validate`` or ``build``, a note in the document asking the editor to confirm a value) names the
field by the question's own label, with list items counted from 1, never by its internal path.
The labels are data in the questionnaire (``questionnaires/standard.yaml``): each question's
``label``, a group's ``item`` noun ("Padalinys" → "Padalinys Nr. 2"), and a ``labels`` block for the
parts of the file that are not asked (``service_levels.phone``, ``interview`` ...).

Paths are the dotted paths the code uses, with list indices counted from 0 as in Python
(``branches.1.address``); :func:`yaml_path` writes them for a person editing the YAML by hand, with
items counted from 1 (``branches[2].address``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from kasgen.wizard.questions import Localized, Question, load_questionnaire

ARROW = " → "
_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$")
_NUMBER = {"lt": "Nr. {n}", "en": "no. {n}"}
_ITEM = {"lt": "{item} Nr. {n}", "en": "{item} no. {n}"}


def is_path(text: str) -> bool:
    """Whether ``text`` looks like a dotted answers path (``organisation.name``, ``branches.1``)."""
    return bool(_PATH.match(text))


def field_label(path: str, lang: str) -> str:
    """The label of an answers path in ``lang`` (``lt`` or ``en``).

    ``branches.1.address`` → ``Padalinys Nr. 2 → adresas``; ``service_levels.phone.answer_within_rings``
    → ``Telefonu: atsiliepimas per (signalų)``; a part without a label (a misspelt key) is shown as
    written: ``Organizacija → nmae``.
    """
    lang = lang if lang in _NUMBER else "en"
    segments: list[tuple[str, str]] = []      # (kind, text); kind: label, item, number, raw
    key = ""
    for part in path.split("."):
        if part.isdigit():
            n = int(part) + 1
            item = _items().get(key)
            if item is not None and segments:
                segments[-1] = ("item", _ITEM[lang].format(item=item(lang), n=n))
            else:
                segments.append(("number", _NUMBER[lang].format(n=n)))
            continue
        key = f"{key}.{part}" if key else part
        label = _labels().get(key)
        if label is None:
            segments.append(("raw", part))
            continue
        # A label names its field fully ("Telefonu: …"): it replaces the labels of the mappings
        # above it, but not a list item's number ("Padalinys Nr. 2 → adresas").
        while segments and segments[-1][0] == "label":
            segments.pop()
        segments.append(("label", label(lang)))
    texts = [text if i == 0 or kind != "label" else _lower_first(text)
             for i, (kind, text) in enumerate(segments)]
    return ARROW.join(texts)


def has_label(path: str) -> bool:
    """Whether the field at ``path`` has a label of its own (else its key is shown as written)."""
    return ".".join(p for p in path.split(".") if not p.isdigit()) in _labels()


def yaml_path(path: str) -> str:
    """``branches.1.address`` → ``branches[2].address``: list items counted from 1, as people do."""
    out = ""
    for part in path.split("."):
        out += f"[{int(part) + 1}]" if part.isdigit() else (f".{part}" if out else part)
    return out


def choice_title(field: str, value: Any, lang: str) -> str:
    """The title of a choice (``phone`` → ``telefonu``) of the question that fills ``field``."""
    question = _questions().get(field)
    return question.choice_title(value, lang) if question is not None else str(value)


def _lower_first(text: str) -> str:
    """Lower-case a label's first letter inside a chain, but not an acronym's (``NPS``)."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


@lru_cache(maxsize=1)
def _questions() -> dict[str, Question]:
    """Every question by its index-free path (``branches.address`` for a group's sub-question)."""
    found: dict[str, Question] = {}
    for _, question in load_questionnaire().questions():
        found[question.field] = question
        for sub in question.questions:
            found[f"{question.field}.{sub.field}"] = sub
    return found


@lru_cache(maxsize=1)
def _labels() -> dict[str, Localized]:
    labels = dict(load_questionnaire().labels)
    labels.update({path: q.label for path, q in _questions().items()})
    return labels


@lru_cache(maxsize=1)
def _items() -> dict[str, Localized]:
    """A group's item noun by the group's path: ``branches`` → Padalinys / Branch."""
    return {path: q.item for path, q in _questions().items() if q.item is not None}
