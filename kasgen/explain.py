"""``kasgen explain``: the outline of the documents with the reason for every part, section and
norm, and what was left out and why — in the document's language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kasgen.context import language_data
from kasgen.domain import domain
from kasgen.profile import Profile
from kasgen.registry.conditions import Condition
from kasgen.registry.model import Norm
from kasgen.stages.select import OwnNorm


def describe(condition: Condition, min_size: str, lang: str) -> str:
    """A condition in words: "naudojamas kanalas: telefonas; dydis ne mažesnis kaip: maža"."""
    words = language_data(lang)["reasons"]
    parts = [_key_text(key, value, words, lang) for key, value in condition.keys().items()]
    if min_size != "micro":
        parts.append(words["min_size"].replace("{v}", words["sizes"][min_size]))
    return "; ".join(parts) or words["always"]


def _key_text(key: str, value: Any, words: dict[str, Any], lang: str) -> str:
    if key == "any":
        inner = words["or"].join(describe(Condition.model_validate(c), "micro", lang) for c in value)
        return str(words["any"]).replace("{v}", inner)
    if key == "not":
        return str(words["not"]).replace("{v}", describe(Condition.model_validate(value), "micro", lang))
    if isinstance(value, bool):
        return str(words.get(f"{key}_{str(value).lower()}", f"{key}: {value}"))
    labels = _labels(key, lang)
    shown = words["or"].join(labels.get(v, v) for v in value)
    return str(words[key]).replace("{v}", shown)


def _labels(key: str, lang: str) -> dict[str, str]:
    d = domain()
    if key == "channels":
        return {k: v.label.get(lang) for k, v in d.channels.items()}
    if key == "sector":
        return {k: v.label.get(lang) for k, v in d.sectors.items()}
    if key == "groups":
        return {k: v.label.get(lang) for k, v in d.groups.items()}
    if key == "settings":
        return {k: v.label.get(lang) for k, v in d.settings.items()}
    if key == "kinds":
        return {k: v.label.get(lang) for k, v in d.kinds.items()}
    if key == "size":
        return dict(language_data(lang)["reasons"]["sizes"])
    return {}


def explain(profile: Profile, lang: str | None = None, registry_dirs: list[Path] | None = None) -> list[str]:
    from kasgen.pipeline import render

    r = render(profile, lang, registry_dirs)
    lang = r.lang
    lines: list[str] = []
    for which, parts in r.selection.documents.items():
        lines.append(f"== {r.labels['document']['annex_title'] if which == 'annex' else r.context.variables['doc'].title}")
        for chosen, rpart in zip(parts, r.documents[which]):
            spec = chosen.part
            number = r.numbers.part.get(spec.id, "")
            lines.append(f"{number} {rpart.title}  [{spec.id}: {describe(spec.when, spec.min_size, lang)}]".strip())
            for cs, rsec in zip(chosen.sections, rpart.sections):
                sec = cs.section
                lines.append(f"  {r.numbers.section.get(sec.id, '')} {rsec.title}  "
                             f"[{sec.id}: {describe(sec.when, sec.min_size, lang)}]")
                for item in cs.items:
                    if isinstance(item, Norm):
                        lines.append(f"    {r.numbers.norm[item.id]} {item.id}  "
                                     f"[{describe(item.when, item.min_size, lang)}]")
                    elif isinstance(item, OwnNorm):
                        lines.append(f"    {r.numbers.norm[item.id]} {item.id}  [{item.source}]")
    left = [x for x in r.selection.left_out]
    if left:
        lines.append(f"== {language_data(lang)['reasons']['left_out']} ({len(left)})")
        for x in left:
            cond = x.condition or Condition()
            lines.append(f"  {x.kind} {x.id}: {describe(cond, x.min_size, lang)}")
    return lines


