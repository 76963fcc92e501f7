"""The audit as one result: every item judged, the defects, the summary score and verdict, and
kasgen's sections proposed for each gap. The report writers and the terminal summary are views
of an :class:`Assessment`; nothing here writes files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kasgen.audit.analysis import detect_language
from kasgen.audit.defects import Finding, find_defects
from kasgen.audit.library import Section, rendered_sections, section_titles
from kasgen.audit.reader import SourceFile, read_standard
from kasgen.audit.rubric import Part, Rubric, load_rubric
from kasgen.audit.scoring import ItemResult, score_standard
from kasgen.profile import Profile
from kasgen.resources import data_dir, load_yaml

EXCELLENT, ACCEPTABLE = 85.0, 70.0  # domain-reference §3.0


@lru_cache(maxsize=1)
def _labels() -> dict[str, Any]:
    return load_yaml(data_dir("templates") / "audit" / "report.yaml")


def labels(lang: str) -> dict[str, Any]:
    """The report's words in ``lang`` (``templates/audit/report.yaml``)."""
    return _labels()[lang]


@dataclass
class PartScore:
    part: Part
    results: list[ItemResult]

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def points(self) -> int:
        return sum(r.points for r in self.results)

    @property
    def max_points(self) -> int:
        return sum(r.item.max_score for r in self.results if r.applicable)


@dataclass
class Assessment:
    files: list[SourceFile]
    lang: str  # the language of the audited text
    report_lang: str
    rubric: Rubric
    results: list[ItemResult]
    findings: list[Finding]
    suggestions: dict[str, list[Section]] = field(default_factory=dict)
    organisation: str = ""
    rendered: bool = False  # suggestions were rendered for the organisation's answers
    date: dt.date = field(default_factory=dt.date.today)

    @property
    def applicable(self) -> list[ItemResult]:
        return [r for r in self.results if r.applicable]

    @property
    def points(self) -> int:
        return sum(r.points for r in self.applicable)

    @property
    def max_points(self) -> int:
        return sum(r.item.max_score for r in self.applicable)

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.max_points if self.max_points else 0.0

    @property
    def critical_failures(self) -> list[ItemResult]:
        """[C] items scored 0 or 1: any of them makes the standard unfit for approval (§3.0)."""
        return [r for r in self.applicable if r.item.flag == "C" and r.points <= 1]

    @property
    def verdict(self) -> str:
        if self.critical_failures or self.percent < ACCEPTABLE:
            return "rework"
        return "excellent" if self.percent >= EXCELLENT else "acceptable"

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def parts(self) -> list[PartScore]:
        return [PartScore(p, [r for r in self.results if r.item.part == p.id]) for p in self.rubric.parts]

    @property
    def gaps(self) -> list[ItemResult]:
        """Items to work on, critical first: absent or partial."""
        order = {"C": 0, "R": 1, "G": 2}
        gaps = [r for r in self.applicable if r.status in ("absent", "partial")]
        return sorted(gaps, key=lambda r: (order[r.item.flag], r.status != "absent"))


def assess(
    paths: list[Path],
    profile: Profile | None = None,
    lang: str | None = None,
    today: dt.date | None = None,
) -> Assessment:
    """Read the standard's files, judge every rubric item and propose kasgen's sections for the
    gaps (rendered for the organisation when its ``profile`` is given)."""
    standard = read_standard(paths)
    text_lang = detect_language([s.text for s in standard.sentences[:2000]])
    rubric = load_rubric()
    scoring = score_standard(standard, text_lang, rubric, profile)
    results = [scoring.results[i.id] for i in rubric.items]
    report_lang = lang or text_lang
    assessment = Assessment(
        standard.files, text_lang, report_lang, rubric, results, find_defects(scoring),
        organisation=profile.organisation.name if profile else "",
        date=today or dt.date.today(),
    )
    _suggest(assessment, profile)
    return assessment


def _suggest(assessment: Assessment, profile: Profile | None) -> None:
    """kasgen's sections for every gap: titles always, rendered text with answers."""
    gaps = assessment.gaps
    wanted = {sid for r in gaps for sid in r.item.filled_by}
    rendered = rendered_sections(profile, assessment.report_lang, wanted) if profile and wanted else {}
    assessment.rendered = profile is not None
    for r in gaps:
        sections = section_titles(r.item.filled_by, assessment.report_lang)
        if profile is not None:
            sections = [rendered.get(s.id, Section(s.id, s.title)) for s in sections]
        assessment.suggestions[r.item.id] = sections
