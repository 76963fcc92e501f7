"""Validation problems as a person reads them: the field's label, where it is, the message.

The profile and the answers reader report problems as ``path: message`` lines in English (one
language for the code, and tests that read them). :func:`describe` turns such a line into the
reader's language: ``Padalinys Nr. 2 → adresas (branches[2].address): būtina užpildyti``. The
Lithuanian wording is data, ``questionnaires/messages-<lang>.yaml`` (see its header for the rule
syntax, including number agreement: 1 punktas, 2 punktai, 10 punktų).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml

from kasgen.labels import choice_title, field_label, is_path, yaml_path
from kasgen.resources import data_dir

_PLACEHOLDER = re.compile(r"\\(\d+)|\{(\d+):([^}|]*)\|([^}|]*)\|([^}|]*)\}|\{(\d+)@([\w.]+)\}|\{(\d+)~\}")


def describe(line: str, lang: str, with_path: bool = True) -> str:
    """One problem line in ``lang``: label, then (for people editing YAML) the path, then the message.

    Args:
        line: ``path: message`` as :func:`kasgen.answers.format_validation_error` writes it, or a
            message about no field (``line 3, column 2: …``), which is only translated.
        lang: ``lt`` or ``en``.
        with_path: add the path in YAML terms (``branches[2].address``); the interview leaves it out.
    """
    head, sep, message = line.partition(": ")
    if not sep or not is_path(head):
        if head == "(top level)":
            return translate(message, lang)
        return translate(line, lang) if not sep else f"{head}: {translate(message, lang)}"
    label, place = field_label(head, lang), yaml_path(head)
    where = f"{label} ({place})" if with_path and label != place else label
    return f"{where}: {translate(message, lang)}"


def translate(message: str, lang: str) -> str:
    """A bare English message in ``lang`` when a rule fits; otherwise unchanged."""
    if lang == "en":
        return message
    rules, details = _catalogue(lang)
    for pattern, template in rules:
        match = pattern.match(message)
        if match:
            return _PLACEHOLDER.sub(lambda m: _expand(m, match, lang, details), template)
    return message


def plural(n: int, one: str, few: str, many: str) -> str:
    """The Lithuanian form agreeing with ``n``: 1 punktas, 2 punktai, 10 punktų, 21 punktas."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 9 and not 12 <= n % 100 <= 19:
        return few
    return many


def _expand(placeholder: re.Match[str], match: re.Match[str], lang: str, details: dict[str, str]) -> str:
    group, plural_group, one, few, many, choice_group, field, detail_group = placeholder.groups()
    if group:
        return match.group(int(group)) or ""
    if plural_group:
        text = match.group(int(plural_group)) or ""
        return plural(int(text), one, few, many) if text.isdigit() else many
    if choice_group:
        return choice_title(field, match.group(int(choice_group)), lang)
    detail = match.group(int(detail_group))
    return f" ({details[detail]})" if detail and detail in details else ""


@lru_cache(maxsize=4)
def _catalogue(lang: str) -> tuple[list[tuple[re.Pattern[str], str]], dict[str, str]]:
    path = data_dir("questionnaires") / f"messages-{lang}.yaml"
    if not path.exists():
        return [], {}
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    rules = [(re.compile(rule["en"]), str(rule[lang])) for rule in data.get("rules", [])]
    return rules, {str(k): str(v) for k, v in (data.get("details") or {}).items()}
