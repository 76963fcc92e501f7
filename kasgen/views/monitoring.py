"""Monitoring views of the management annex: indicators, scenarios, sample plan, survey.

Every row cites the standard's norm it measures or checks; the targets are the norms' own numbers
because each indicator is declared by its norm (nothing here restates a norm).
"""

from __future__ import annotations

from kasgen.checklists import build_scenarios
from kasgen.context import render_text
from kasgen.document import Block, Heading, Para
from kasgen.markup import runs
from kasgen.stages.render import Rendered, RSection, RView
from kasgen.stages.select import applies
from kasgen.views.generated import cited, cols, register, table


@register("indicators")
def indicators(r: Rendered, document: str, v: RView, s: RSection, in_app: bool) -> list[Block]:
    c = cols(r)
    rows = []
    for norm in r.norms.values():
        for ind in norm.indicators:
            k = ind.cells
            rows.append([k["name"], r.numbers.number(norm.id), k["formula"], k["target"],
                         k["source"], k["frequency"], k["owner"], k["action"]])
    header = [c[k] for k in ("indicator", "norm", "formula", "target", "source", "frequency", "owner", "action")]
    return [table(header, rows, wide=True)] if rows else []


@register("scenarios")
def scenarios(r: Rendered, document: str, v: RView, s: RSection, in_app: bool) -> list[Block]:
    """Each scenario: what the shopper does, then its items with weight, knock-out and answer key."""
    c = cols(r)
    out: list[Block] = []
    for sc in build_scenarios(r):
        out.append(Heading(3, sc.title, "subsection", in_appendix=in_app, clause_id=v.section_id))
        out.append(Para("body", runs(sc.description), in_appendix=in_app))
        rows = []
        for i, item in enumerate(sc.items, start=1):
            weight = c["knockout"] if item.knockout else str(item.weight)
            what = item.text + (f" ({item.unit})" if item.unit else "")
            rows.append([str(i), what, item.key or c["key_plain"], item.norm, weight])
        out.append(table([c["item_no"], c["check"], c["key"], c["norm"], c["weight"]], rows))
    return out


@register("sample_plan")
def sample_plan(r: Rendered, document: str, v: RView, s: RSection, in_app: bool) -> list[Block]:
    """How many checks a year, per scenario and site: sized to the organisation."""
    c = cols(r)
    sites = 1 + len(r.context.variables["branches"])
    rows: list[list[str]] = []
    total = 0
    for sc in build_scenarios(r):
        count = sc.per_year * (sites if sc.per_site else 1)
        total += count
        where = c["each_site"].replace("%1", str(sites)) if sc.per_site and sites > 1 else c["centrally"]
        rows.append([sc.title, where, str(sc.per_year if sc.per_site else count), str(count)])
    if not rows:
        return []
    rows.append([c["total"], "", "", str(total)])
    return [table([c["scenario"], c["where"], c["per_year"], c["checks_total"]], rows)]


@register("survey")
def survey(r: Rendered, document: str, v: RView, s: RSection, in_app: bool) -> list[Block]:
    c = cols(r)
    scales = r.labels["scales"]
    rows: list[list[str]] = []
    for q in r.registry.survey.values():
        if not applies(q, r.selection.facts):
            continue
        text = render_text(q.text.get(r.lang), r.context, f"question {q.id} ({r.lang})", r.helpers(document))
        rows.append([str(len(rows) + 1), text, scales[q.scale], cited(r, q.norms, document)])
    return [table([c["item_no"], c["question"], c["scale"], c["norm"]], rows)] if rows else []


@register("calendar")
def calendar(r: Rendered, document: str, v: RView, s: RSection, in_app: bool) -> list[Block]:
    """Twelve months from the effective date, with what happens in each."""
    c = cols(r)
    months = r.context.variables["months"]
    methods = r.selection.facts.monitoring
    by_month: dict[int, list[str]] = {}
    for entry in r.labels["calendar"][r.selection.facts.size]:
        month, text, method = entry[0], entry[1], entry[2] if len(entry) > 2 else None
        if method is None or method in methods:
            line = render_text(str(text), r.context, f"calendar ({r.lang})", r.helpers(document))
            by_month.setdefault(int(month), []).append(line)
    rows = [[months[m], "; ".join([texts[0], *(t[:1].lower() + t[1:] for t in texts[1:])])]
            for m, texts in sorted(by_month.items())]
    return [table([c["month"], c["activity"]], rows)]
