"""Words for an assessment, shared by the Word report, the workbook and the terminal summary:
the verdict, an item's result and evidence, a defect, in the report's language."""

from __future__ import annotations

from typing import Any

from kasgen.audit.assessment import Assessment, labels
from kasgen.audit.defects import Finding
from kasgen.audit.scoring import Evidence, ItemResult

QUOTE_CHARS = 240


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def location(e: Evidence, assessment: Assessment) -> str:
    """Where a sentence is: file (when several), heading, page, paragraph."""
    page = "psl." if assessment.report_lang == "lt" else "p."
    return e.sentence.location.label(with_file=len(assessment.files) > 1, page_word=page)


def evidence_lines(result: ItemResult, assessment: Assessment, limit: int = 3) -> list[tuple[str, str]]:
    """(quoted sentence, where it is) for an item's evidence, best first."""
    opening, closing = ("„", "“") if assessment.report_lang == "lt" else ("“", "”")
    out = []
    for e in result.evidence[:limit]:
        text = quote(e.sentence.text)
        if not text.startswith(("„", "“", '"', "«")):
            text = f"{opening}{text}{closing}"
        out.append((text, location(e, assessment)))
    return out


def status_text(result: ItemResult, assessment: Assessment) -> str:
    L = labels(assessment.report_lang)
    text = L["status"][result.status]
    return f"{text} ({result.points})" if result.applicable else text


def note_text(result: ItemResult, assessment: Assessment) -> str:
    """Why a verdict is what it is, in words: the measured figure, a missing chapter."""
    L = labels(assessment.report_lang)
    out = []
    for part in [p.strip() for p in result.note.split(";") if p.strip()]:
        if part == "no-chapter":
            out.append(L["no_chapter"])
        elif part == "name-missing":
            out.append(L["name_missing"])
        elif part.startswith("placeholders:"):
            out.append(L["placeholders"].format(value=part.split(":", 1)[1].strip()))
        elif "=" in part:
            key, value = part.split("=", 1)
            if key in L["measured"]:
                out.append(L["measured"][key].format(value=value))
    keyed = [e for e in result.evidence if e.keys]
    if keyed and result.evidence and result.evidence[0].keys:
        out.append(L["key_terms"].format(terms=", ".join(keyed[0].keys)))
    return "; ".join(out)


def advice_text(result: ItemResult, assessment: Assessment) -> str:
    item = result.item
    if item.advice is not None:
        return item.advice.get(assessment.report_lang)
    return item.title.get(assessment.report_lang)


def suggestion_titles(result: ItemResult, assessment: Assessment) -> list[str]:
    return [f"{s.number} {s.title}".strip() for s in assessment.suggestions.get(result.item.id, [])]


def finding_title(finding: Finding, assessment: Assessment) -> str:
    return labels(assessment.report_lang)["defect_titles"][finding.kind]


def finding_text(finding: Finding, assessment: Assessment) -> str:
    return labels(assessment.report_lang)["defect_texts"][finding.kind].format(
        detail=finding.detail, count=finding.count)


def score_lines(assessment: Assessment) -> list[str]:
    """The summary in three or four sentences: score, counts, verdict, critical gaps."""
    L: dict[str, Any] = labels(assessment.report_lang)
    na = assessment.count("n/a")
    lines = [
        L["score_line"].format(points=assessment.points, max=assessment.max_points,
                               percent=f"{assessment.percent:.0f}"),
        L["items_line"].format(present=assessment.count("present"), partial=assessment.count("partial"),
                               absent=assessment.count("absent"), na=L["na_part"].format(na=na) if na else ""),
        L["verdict_line"].format(verdict=L["verdicts"][assessment.verdict]),
    ]
    critical = assessment.critical_failures
    if critical:
        lines.append(L["critical_line"].format(items=", ".join(
            f"{r.item.id} {r.item.title.get(assessment.report_lang)}" for r in critical)))
    else:
        lines.append(L["no_critical"])
    return lines


def terminal_summary(assessment: Assessment, width: int = 100) -> list[str]:
    """One screen for the terminal: score and verdict, a line per part, the top gaps and defects."""
    L = labels(assessment.report_lang)
    lines = [f"{L['title']}: {', '.join(f.path.name for f in assessment.files)}", ""]
    lines += score_lines(assessment)
    lines.append("")
    head = L["parts_table"]
    lines.append(f"{head[0]:<48} {head[1]:>8} {head[2]:>10} {head[3]:>6} {head[4]:>9}")
    for ps in assessment.parts:
        title = quote(ps.part.title.get(assessment.report_lang), 47)
        lines.append(f"{title:<48} {ps.count('present'):>8} {ps.count('partial'):>10} "
                     f"{ps.count('absent'):>6} {f'{ps.points}/{ps.max_points}':>9}")
    gaps = assessment.gaps[:6]
    if gaps:
        lines.append("")
        lines.append(f"{L['what_to_add']}:")
        for r in gaps:
            item = f"{r.item.id} [{r.item.flag}] {r.item.title.get(assessment.report_lang)}"
            lines.append("  " + quote(f"{item} – {L['status'][r.status]}", width - 2))
    if assessment.findings:
        lines.append("")
        lines.append(f"{L['defects']}:")
        for f in assessment.findings[:5]:
            lines.append("  " + quote(finding_title(f, assessment) + (f": {f.detail}" if f.detail else ""), width - 2))
    return lines
