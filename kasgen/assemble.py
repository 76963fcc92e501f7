"""Assembly: from a profile and the clause library to a document model.

Selects the clauses, renders their text in the output language, numbers everything once, and
resolves generated blocks (``@indicators``, ``@branches``) that need the whole document first.
"""

from __future__ import annotations

import string
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from kasgen.checklists import RenderedCheck, Scenario, build_scenarios
from kasgen.clauses import Condition, Indicator, Localized, SelectedClause, load_library, select
from kasgen.context import Namespace, build_context, language_data
from kasgen.document import Block, Document, Figure, Heading, Meta, Para, Run, Table
from kasgen.errors import ClauseError
from kasgen.markup import Directive, SubHeading, parse, runs, strip_marks
from kasgen.profile import Profile
from kasgen.resources import data_dir, load_yaml
from kasgen.textrender import render, save_compiled


class Part(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    kind: str = Field(pattern="^(chapter|appendix)$")
    title: Localized
    when: Condition = Field(default_factory=Condition)


@lru_cache(maxsize=1)
def layout() -> list[Part]:
    path = data_dir("templates") / "layout.yaml"
    data = load_yaml(path)
    return [Part.model_validate(p) for p in data["parts"]]


@dataclass
class RenderedIndicator:
    indicator: Indicator
    clause_id: str
    norm: str  # the section number of the clause that states the norm
    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class Assembly:
    document: Document
    selected: list[SelectedClause]
    indicators: list[RenderedIndicator]
    numbers: dict[str, str]  # clause id -> section number as printed
    scenarios: list[Scenario]


def assemble(profile: Profile, lang: str | None = None, clause_dirs: list[Path] | None = None) -> Assembly:
    lang = lang or profile.document.language.value
    context = build_context(profile, lang)
    language = language_data(lang)
    library = load_library(clause_dirs)
    all_parts = layout()
    parts = [p for p in all_parts if p.when.reasons(profile) is not None]
    excluded = {p.id for p in all_parts} - {p.id for p in parts}
    selected = select(library, profile, [p.id for p in all_parts], excluded)
    by_part: dict[str, list[SelectedClause]] = {}
    for s in selected:
        by_part.setdefault(s.clause.part, []).append(s)
    present = [p for p in parts if by_part.get(p.id)]
    doc_labels = language["labels"]["document"]
    # Every number follows from the selection alone, so it is computed once, here, and shared by
    # the headings, cross-references in text, the monitoring table and the checklists.
    numbering = _Numbering(present, by_part, doc_labels["appendix_cite"])
    context["chapter_no"] = Namespace(
        {p.id: numbering.top[p.id] for p in present if p.kind == "chapter"}
    )
    context["appendix_no"] = Namespace(
        {p.id: numbering.top[p.id] for p in present if p.kind == "appendix"}
    )
    context["ref"] = _reference_function(numbering.cite, library)

    meta = Meta(
        lang=lang,
        title=context["doc"]["title"],
        organisation=profile.organisation.name,
        short_name=profile.organisation.short_name,
        version=profile.document.version,
        effective_date=context["doc"]["effective_date"],
        approved_by=context["doc"]["approved_by"],
        owning_unit=context["doc"]["owning_unit"],
        subject=doc_labels["subject"],
        keywords=doc_labels["keywords"],
        appendix_label=doc_labels["appendix_label"],
        labels=doc_labels,
        status=profile.document.status,
    )
    document = Document(meta=meta)
    numbers = numbering.cite
    indicators: list[RenderedIndicator] = []
    checks: list[RenderedCheck] = []
    pending: list[tuple[int, Directive, str]] = []
    figure_count = 0
    for part in present:
        in_app = part.kind == "appendix"
        part_title = render(getattr(part.title, lang), context, f"part {part.id} title ({lang})")
        top = numbering.top[part.id]
        if in_app:
            label = doc_labels["appendix_label"].replace("%1", top)
            document.blocks.append(
                Heading(1, part_title, "appendix", label, _bookmark(f"part.{part.id}"), True)
            )
        else:
            document.blocks.append(
                Heading(1, part_title, "chapter", f"{top}.", _bookmark(f"part.{part.id}"))
            )
        for sel in by_part[part.id]:
            clause = sel.clause
            name = f"clause {clause.id} ({lang}, {clause.source})"
            title = strip_marks(render(getattr(clause.title, lang), context, name + " title"))
            number = numbering.section[clause.id]
            document.blocks.append(
                Heading(2, title, "section", number, _bookmark(clause.id), in_app, clause.id)
            )
            body = render(getattr(clause.text, lang), context, name)
            n_clause = 0
            n_sub = 0
            for block in parse(body):
                if isinstance(block, Directive):
                    pending.append((len(document.blocks), block, name))
                    continue
                if isinstance(block, SubHeading):
                    document.blocks.append(Heading(3, block.text, "subsection", "", "", in_app, clause.id))
                    continue
                if isinstance(block, Para):
                    block.in_appendix = in_app
                    if block.role == "clause":
                        n_clause += 1
                        n_sub = 0
                        block.number = f"{number}{n_clause}."
                    elif block.role == "subclause":
                        n_sub += 1
                        block.number = f"{string.ascii_lowercase[(n_sub - 1) % 26]})"
                document.blocks.append(block)
            figure = _figure(clause.id, language, lang, figure_count + 1)
            if figure:
                figure_count += 1
                document.blocks.append(figure)
            for ind in clause.indicators:
                if ind.when.reasons(profile) is None:
                    continue
                cells = {
                    key: strip_marks(render(getattr(getattr(ind, key), lang), context, f"{name} indicator {ind.id} {key}"))
                    for key in ("name", "formula", "target", "method", "source", "frequency", "owner")
                }
                indicators.append(RenderedIndicator(ind, ind.norm or clause.id, "", cells))
            for check in clause.checks:
                if check.when.reasons(profile) is None:
                    continue
                text = strip_marks(render(getattr(check.text, lang), context, f"{name} check {check.id}"))
                channel = getattr(check.channel, "value", check.channel)
                checks.append(RenderedCheck(clause.id, channel, check.id, text))

    for ri in indicators:
        ri.norm = numbers.get(ri.clause_id, "")
    indicators = [ri for ri in indicators if ri.norm]
    scenarios = build_scenarios(profile, context, lang, checks, numbers)
    for position, directive, name in reversed(pending):
        blocks = _generated(directive, name, profile, context, language, indicators, scenarios)
        document.blocks[position:position] = blocks
    save_compiled()
    return Assembly(document, selected, indicators, numbers, scenarios)


class _Numbering:
    """Chapter, appendix and section numbers for the parts present, in document order.

    ``top``: part id -> "5"; ``section``: clause id -> "5.1." as its heading shows it; ``cite``:
    clause id -> how tables cite it ("5.1.", or "1 priedo 2.1." for an appendix section).
    """

    def __init__(self, present: list[Part], by_part: dict[str, list[SelectedClause]], cite_label: str):
        self.top: dict[str, str] = {}
        self.section: dict[str, str] = {}
        self.cite: dict[str, str] = {}
        counters = {"chapter": 0, "appendix": 0}
        for part in present:
            counters[part.kind] += 1
            top = str(counters[part.kind])
            self.top[part.id] = top
            prefix = cite_label.replace("%1", top) + " " if part.kind == "appendix" else ""
            for i, sel in enumerate(by_part[part.id], start=1):
                number = f"{top}.{i}."
                self.section[sel.clause.id] = number
                self.cite[sel.clause.id] = prefix + number


def _reference_function(cite: dict[str, str], library: dict[str, Any]) -> Any:
    """``ref('remote.phone')`` in a template gives the number that clause will have ("5.1").

    A clause that exists but is not in this document gives an empty string (test it with
    ``{% if %}``); an unknown id is an error, so a misspelt reference cannot pass silently.
    """

    def ref(clause_id: str) -> str:
        if clause_id not in library:
            raise ValueError(f"ref({clause_id!r}): no clause has this id")
        # running text cites a number without its final dot: "žr. 3.5 skirsnį", "see 3.5"
        return cite.get(clause_id, "").rstrip(".")

    return ref


def _figure(clause_id: str, language: dict[str, Any], lang: str, number: int) -> Figure | None:
    """The figure that illustrates a clause, if the language file defines one for it."""
    for kind, spec in language.get("figures", {}).items():
        if spec["after"] == clause_id:
            label = spec["label"].replace("%1", str(number))
            steps = spec["steps"]
            alt = f"{spec['title']}: " + "; ".join(f"{i}. {s}" for i, s in enumerate(steps, 1)) + "."
            return Figure(kind, steps, f"{label} {spec['title']}", alt, spec["title"])
    return None


def _bookmark(key: str) -> str:
    """A stable bookmark name within Word's 40-character limit (Word itself uses ``_Toc`` + digits)."""
    return f"_Toc{zlib.crc32(key.encode()):010d}"


def _generated(
    directive: Directive,
    name: str,
    profile: Profile,
    context: dict[str, Any],
    language: dict[str, Any],
    indicators: list[RenderedIndicator],
    scenarios: list[Scenario],
) -> list[Block]:
    cols = language["labels"]["columns"]
    if directive.name == "indicators":
        header = [cols[k] for k in ("indicator", "norm", "formula", "target", "method", "frequency", "owner")]
        rows = []
        for ri in indicators:
            c = ri.cells
            rows.append(
                [
                    runs(c["name"]),
                    [Run(ri.norm)],
                    runs(c["formula"]),
                    runs(c["target"]),
                    runs(f"{c['method']}; {c['source']}"),
                    runs(c["frequency"]),
                    runs(c["owner"]),
                ]
            )
        return [Table(header, rows, wide=True)]
    if directive.name == "branches":
        header = [cols[k] for k in ("branch", "address", "hours", "accessibility", "escalation")]
        rows = [
            [
                [Run(b.name)],
                [Run(b.address)],
                [Run(b.opening_hours)],
                [Run("; ".join(b.accessibility) or cols["none_listed"])],
                [Run(b.escalation_contact)],
            ]
            for b in profile.branches
        ]
        return [Table(header, rows, wide=True)]
    if directive.name == "checklists":
        header = [cols[k] for k in ("item_no", "check", "norm", "result")]
        out: list[Block] = []
        for sc in scenarios:
            out.append(Heading(3, sc.title, "subsection"))
            out.append(Para("body", runs(sc.description)))
            rows = [
                [[Run(str(i))], runs(item.text), [Run(item.norm)],
                 [Run(cols["measure"] if item.measured else cols["yes_no"])]]
                for i, item in enumerate(sc.items, start=1)
            ]
            out.append(Table(header, rows))
        return out
    raise ClauseError(f"{name}, line {directive.line}: unknown generated block @{directive.name}")
