"""The mystery-shopper workbook (.xlsx): one sheet per scenario, a summary sheet with formulas.

Results are entered as 1 (yes) or 0 (no) for Yes/No items and as a number for measured items;
with several branches there is one result column per branch. The summary computes each
scenario's score per branch as the share of "yes" among the Yes/No items answered.

Every cell whose text comes from the answers or the clauses (branch names, titles, check items)
is written as text, never as a formula: ``=HYPERLINK(...)`` as a branch name stays those
characters, and the cell keeps Excel's text prefix so editing it later does not turn it live.
The formulas kasgen writes itself quote sheet names as Excel requires. Building is linear in
branches and items (the data validation gets one range per row, not one entry per cell).
"""

from __future__ import annotations

import io
import re
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kasgen.checklists import Scenario

#: The Type column's words when the language data gives none; the score formulas count the rows
#: whose Type is the yes/no word, so the column shows words a person reads, not codes.
YES_NO, MEASURE = "yes/no", "measure"


def _sheet_title(title: str, used: set[str]) -> str:
    """A valid, unique sheet name: no ``[]:*?/\\``, no apostrophe at either end, 31 characters."""
    base = re.sub(r"[\[\]:*?/\\\x00-\x1f]", "-", title)[:28].strip().strip("'").strip() or "Scenario"
    name, n = base, 2
    while name.lower() in used:
        name = f"{base[:25]} {n}"
        n += 1
    used.add(name.lower())
    return name


def _sheet_ref(title: str) -> str:
    """A sheet name as a formula cites it: ``'Name''s sheet'``."""
    return "'" + title.replace("'", "''") + "'"


def _text(cell: Cell, value: str) -> Cell:
    """Put text in a cell as text (see the module docstring)."""
    cell.value = value
    cell.data_type = "s"
    if value[:1] in ("=", "+", "-", "@"):
        cell.quotePrefix = True
    return cell


def _text_row(ws: Worksheet, row: int, values: list[Any], first_col: int = 1) -> None:
    for offset, value in enumerate(values):
        cell = ws.cell(row=row, column=first_col + offset)
        if isinstance(value, str):
            _text(cell, value)
        else:
            cell.value = value


def build_workbook(scenarios: list[Scenario], branches: list[str], labels: dict[str, str]) -> bytes:
    """Return the .xlsx bytes for the scenarios; ``branches`` names the result columns."""
    columns = branches or [labels["branch_result"]]
    yes_no_type = labels.get("type_yes_no", YES_NO).replace('"', "'")
    measure_type = labels.get("type_measure", MEASURE)
    wb = Workbook()
    summary = wb.active
    summary.title = _sheet_title(labels["summary"], set())
    used = {summary.title.lower()}
    bold = Font(bold=True)
    _text_row(summary, 1, [labels["scenario"], *columns])
    for cell in summary[1]:
        cell.font = bold
    first_result_col = 5
    last_result_col = get_column_letter(first_result_col + len(columns) - 1)
    for number, sc in enumerate(scenarios, start=2):
        ws = wb.create_sheet(_sheet_title(sc.title, used))
        _text(ws["A1"], sc.title).font = Font(bold=True, size=13)
        _text(ws["A2"], sc.description).alignment = Alignment(wrap_text=True)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=4 + len(columns))
        ws.row_dimensions[2].height = 45
        _text_row(ws, 3, [labels["item_no"], labels["check"], labels["norm"], labels["type"], *columns])
        for cell in ws[3]:
            cell.font = bold
        first = 4
        yes_no_rows = []
        for i, item in enumerate(sc.items, start=1):
            _text_row(ws, 3 + i, [i, item.text, item.norm, measure_type if item.measured else yes_no_type])
            ws.cell(row=3 + i, column=2).alignment = Alignment(wrap_text=True, vertical="top")
            if not item.measured:
                yes_no_rows.append(3 + i)
        last = 3 + len(sc.items)
        ws.column_dimensions["A"].width = 5
        ws.column_dimensions["B"].width = 70
        ws.column_dimensions["C"].width = 14
        ws.column_dimensions["D"].width = 10
        for k in range(len(columns)):
            ws.column_dimensions[get_column_letter(first_result_col + k)].width = 16
        ws.freeze_panes = "E4"
        if yes_no_rows:
            yes_no = DataValidation(type="whole", operator="between", formula1="0", formula2="1",
                                    allow_blank=True, showErrorMessage=True,
                                    error=labels["yes_no_hint"])
            yes_no.sqref = MultiCellRange(" ".join(
                f"E{row}:{last_result_col}{row}" for row in yes_no_rows
            ))
            ws.add_data_validation(yes_no)
        score_row = last + 1
        _text(ws.cell(row=score_row, column=2), labels["score"]).font = bold
        sheet = _sheet_ref(ws.title)
        summary.cell(row=number, column=1, value=f"={sheet}!A1")
        for k in range(len(columns)):
            col = get_column_letter(first_result_col + k)
            rng = f"{col}{first}:{col}{last}"
            types = f"$D${first}:$D${last}"
            formula = (
                f'=IFERROR(SUMIFS({rng},{types},"{yes_no_type}")/COUNTIFS({types},"{yes_no_type}",{rng},"<>"),"")'
            )
            cell = ws.cell(row=score_row, column=first_result_col + k, value=formula)
            cell.number_format = "0%"
            cell.font = bold
            total = summary.cell(row=number, column=2 + k, value=f"={sheet}!{col}{score_row}")
            total.number_format = "0%"
    summary.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
