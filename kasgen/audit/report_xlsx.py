"""The audit as a workbook: one row per rubric item, the defects, and the score per part.

Every text cell is written as text: a quoted sentence that starts with "=" (or "+", "-", "@")
stays a sentence and never becomes a formula when the workbook is opened.
"""

from __future__ import annotations

import io
from typing import Any

from kasgen.audit import presentation as view
from kasgen.audit.assessment import Assessment, labels
from kasgen.audit.passages import Sentence

WIDTHS = {"No.": 7, "Nr.": 7}


def _row(sheet: Any, values: list[Any], bold: bool = False) -> None:
    from openpyxl.styles import Font

    sheet.append([None] * len(values))
    row = sheet.max_row
    for col, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=col)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # text stays text: "=…" is a quotation here, not a formula
        if bold:
            cell.font = Font(bold=True)


def _sheet(book: Any, title: str, header: list[str], widths: list[int]) -> Any:
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title[:31])
    _row(sheet, header, bold=True)
    sheet.freeze_panes = "A2"
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    return sheet


def render_workbook(assessment: Assessment) -> bytes:
    """The workbook's .xlsx bytes."""
    from openpyxl import Workbook

    lang = assessment.report_lang
    L = labels(lang)
    book = Workbook()
    book.remove(book.active)
    items = _sheet(book, L["sheet_items"], L["xlsx_items"], [7, 28, 14, 50, 16, 8, 70, 40, 40, 50, 40])
    for r in assessment.results:
        lines = view.evidence_lines(r, assessment)
        sections = assessment.suggestions.get(r.item.id, [])
        todo = view.advice_text(r, assessment) if r.status in ("absent", "partial") else ""
        _row(items, [
            r.item.id, r.item.part and assessment.rubric.part(r.item.part).title.get(lang),
            L["flags"][r.item.flag], r.item.title.get(lang), view.status_text(r, assessment), r.points,
            "\n".join(q for q, _ in lines), "\n".join(w for _, w in lines), view.note_text(r, assessment),
            todo, "\n".join(f"{s.id}: {s.title}" for s in sections),
        ])
    defects = _sheet(book, L["sheet_defects"], L["xlsx_defects"], [40, 70, 80, 40])
    page = "psl." if lang == "lt" else "p."
    for f in assessment.findings:
        sentences: list[Sentence | None] = list(f.sentences) or [None]
        for s in sentences:
            where = s.location.label(with_file=len(assessment.files) > 1, page_word=page) if s else ""
            _row(defects, [view.finding_title(f, assessment), view.finding_text(f, assessment),
                           view.quote(s.text, 1000) if s else "", where])
    summary = _sheet(book, L["sheet_summary"], L["xlsx_summary"], [50, 8, 10, 8, 12, 8, 10])
    for ps in assessment.parts:
        _row(summary, [ps.part.title.get(lang), ps.count("present"), ps.count("partial"),
                       ps.count("absent"), ps.count("n/a"), ps.points, ps.max_points])
    _row(summary, [L["total"], assessment.count("present"), assessment.count("partial"),
                   assessment.count("absent"), assessment.count("n/a"), assessment.points,
                   assessment.max_points], bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
