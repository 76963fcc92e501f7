"""Mystery-shopper checklists, generated from the norms' own check items.

A scenario (``scenarios.yaml``) is one visit, call or message; its items are the check items of
the norms present in the standard that name it, in document order, each cited by the norm's
number, with its weight, whether it is a knock-out item, and the answer key for the shopper. The
management annex and the workbook show this one list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kasgen.stages.render import Rendered
from kasgen.stages.select import applies

MAX_ITEMS = 30


@dataclass
class ChecklistItem:
    norm: str  # the cited norm number, e.g. "4.1.2" or "1 priedo 1.2"
    clause_id: str  # the norm's id
    text: str
    measured: bool = False
    weight: int = 1
    knockout: bool = False
    key: str = ""
    unit: str = ""


@dataclass
class Scenario:
    id: str
    channel: str  # the method: visit, call, email, letter, form, chat, social
    title: str
    description: str
    items: list[ChecklistItem] = field(default_factory=list)
    per_year: int = 0
    per_site: bool = False


def build_scenarios(r: Rendered) -> list[Scenario]:
    """The scenarios this organisation runs, each with the items one contact can show."""
    from kasgen.context import render_text

    facts = r.selection.facts
    helpers = r.helpers("annex")
    labels = r.labels["document"]
    out: list[Scenario] = []
    for spec in r.registry.scenarios.values():
        if not applies(spec, facts):
            continue
        items: list[ChecklistItem] = []
        seen: set[str] = set()
        for norm in r.norms.values():
            for check in norm.checks:
                if check.scenario != spec.id or check.id in seen:
                    continue
                seen.add(check.id)
                items.append(ChecklistItem(
                    norm=r.numbers.cite(norm.id, "standard", labels), clause_id=norm.id,
                    text=check.text, measured=bool(check.measure), weight=check.weight,
                    knockout=check.knockout, key=check.key, unit=check.measure,
                ))
        if not items:
            continue
        where = f"scenario {spec.id} ({r.lang})"
        out.append(Scenario(
            id=spec.id, channel=spec.method,
            title=render_text(spec.title.get(r.lang), r.context, where + " title", helpers),
            description=render_text(spec.brief.get(r.lang), r.context, where, helpers),
            items=items[:MAX_ITEMS], per_year=_per_year(spec.per_year, facts.size),
            per_site=spec.per_site,
        ))
    return out


def _per_year(per_year: dict[str, int] | dict, size: str) -> int:
    return int(per_year.get(size, 0))


def sites(r: Rendered) -> list[str]:
    """The names of the places where visits happen: the main office, then each branch."""
    v = r.context.variables
    return [v["main_office"].name, *(b.name for b in v["branches"])]
