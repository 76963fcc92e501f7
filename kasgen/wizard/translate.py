"""Validation messages in the interview's language.

The profile and the answers reader speak English (they are shared with `kasgen build` and the
CLI). The interview shows their messages in Lithuanian when it runs in Lithuanian, through the
rules in ``questionnaires/messages-lt.yaml``; the field path stays as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from kasgen.resources import data_dir


@lru_cache(maxsize=4)
def _rules(lang: str) -> list[tuple[re.Pattern[str], str]]:
    path = data_dir("questionnaires") / f"messages-{lang}.yaml"
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [(re.compile(rule["en"]), rule[lang]) for rule in data.get("rules", [])]


def translate(problem: str, lang: str) -> str:
    """Translate one ``path: message`` line (or a bare message) into ``lang`` when a rule fits."""
    if lang == "en":
        return problem
    head, sep, message = problem.partition(": ")
    if not sep or " " in head:
        head, sep, message = "", "", problem
    for pattern, replacement in _rules(lang):
        match = pattern.match(message)
        if match:
            return f"{head}{sep}{match.expand(replacement)}"
    return problem
