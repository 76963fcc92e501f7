"""Mystery-shopper checklists, built from the same clauses as the standard.

Every clause that states an observable norm declares its check items; each scenario collects the
items for its channel, adds the measured items (answer time, wait, reply days) and cites every item
by the number its clause has in the document. The appendix and the workbook share this one list.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from kasgen.clauses import Condition, Localized
from kasgen.profile import Profile
from kasgen.resources import data_dir, load_yaml
from kasgen.textrender import render

MAX_ITEMS = 40


class _Measure(BaseModel):
    model_config = ConfigDict(extra="forbid")
    norm: str
    text: Localized


class ScenarioSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    channel: str
    when: Condition = Field(default_factory=Condition)
    title: Localized
    description: Localized
    measures: list[_Measure] = Field(default_factory=list)


@lru_cache(maxsize=1)
def scenario_specs() -> list[ScenarioSpec]:
    data = load_yaml(data_dir("templates") / "checklists.yaml")
    return [ScenarioSpec.model_validate(s) for s in data["scenarios"]]


@dataclass
class RenderedCheck:
    clause_id: str
    channel: str
    id: str
    text: str


@dataclass
class ChecklistItem:
    norm: str  # the cited clause number, e.g. "5.1." or "1 priedo 1.2."
    clause_id: str
    text: str
    measured: bool = False


@dataclass
class Scenario:
    id: str
    channel: str
    title: str
    description: str
    items: list[ChecklistItem] = field(default_factory=list)


def build_scenarios(
    profile: Profile,
    context: dict[str, Any],
    lang: str,
    checks: list[RenderedCheck],
    numbers: dict[str, str],
) -> list[Scenario]:
    """The scenarios this organisation needs, each with at most MAX_ITEMS items."""
    used = {c.value for c in profile.channels} | {"accessibility", "complaint"}
    out: list[Scenario] = []
    for spec in scenario_specs():
        if spec.channel not in used or spec.when.reasons(profile) is None:
            continue
        name = f"checklist scenario {spec.id} ({lang})"
        items = [
            ChecklistItem(numbers[m.norm], m.norm, render(getattr(m.text, lang), context, name), True)
            for m in spec.measures
            if m.norm in numbers
        ]
        items += [
            ChecklistItem(numbers[c.clause_id], c.clause_id, c.text)
            for c in checks
            if c.channel == spec.channel and c.clause_id in numbers
        ]
        if not items:
            continue
        title = render(getattr(spec.title, lang), context, name)
        description = render(getattr(spec.description, lang), context, name)
        parts = math.ceil(len(items) / MAX_ITEMS)
        size = math.ceil(len(items) / parts)
        for k in range(parts):
            suffix = f" ({k + 1}/{parts})" if parts > 1 else ""
            out.append(
                Scenario(f"{spec.id}{k + 1 if parts > 1 else ''}", spec.channel, title + suffix,
                         description, items[k * size:(k + 1) * size])
            )
    return out
