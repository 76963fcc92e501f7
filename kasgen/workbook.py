"""The mystery-shopper workbook (.xlsx): one sheet per scenario, a summary sheet with formulas.

Results are entered as 1 (yes) or 0 (no) for Yes/No items and as a number for measured items;
with several branches there is one result column per branch. The summary computes each
scenario's score per branch as the share of "yes" among the Yes/No items answered.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kasgen.checklists import Scenario

#: The Type column's words when the language data gives none; the score formulas count the rows
#: whose Type is the yes/no word, so the column shows words a person reads, not codes.
YES_NO, MEASURE = "yes/no", "measure"


def _sheet_title(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", title)[:28] or "Scenario"
    name, n = base, 2
    while name.lower() in used:
        name = f"{base[:25]} {n}"
        n += 1
    used.add(name.lower())
    return name


def build_workbook(scenarios: list[Scenario], branches: list[str], labels: dict[str, str]) -> bytes:
    """Return the .xlsx bytes for the scenarios; ``branches`` names the result columns."""
    columns = branches or [labels["branch_result"]]
    yes_no_type = labels.get("type_yes_no", YES_NO).replace('"', "'")
    measure_type = labels.get("type_measure", MEASURE)
    wb = Workbook()
    summary = wb.active
    summary.title = labels["summary"]
    used = {summary.title.lower()}
    bold = Font(bold=True)
    summary.append([labels["scenario"], *columns])
    for cell in summary[1]:
        cell.font = bold
    first_result_col = 5
    for sc in scenarios:
        ws = wb.create_sheet(_sheet_title(sc.title, used))
        ws.append([sc.title])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append([sc.description])
        ws["A2"].alignment = Alignment(wrap_text=True)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=4 + len(columns))
        ws.row_dimensions[2].height = 45
        header = [labels["item_no"], labels["check"], labels["norm"], labels["type"], *columns]
        ws.append(header)
        for cell in ws[3]:
            cell.font = bold
        first = 4
        for i, item in enumerate(sc.items, start=1):
            ws.append([i, item.text, item.norm, measure_type if item.measured else yes_no_type])
            ws.cell(row=3 + i, column=2).alignment = Alignment(wrap_text=True, vertical="top")
        last = 3 + len(sc.items)
        ws.column_dimensions["A"].width = 5
        ws.column_dimensions["B"].width = 70
        ws.column_dimensions["C"].width = 14
        ws.column_dimensions["D"].width = 10
        for k in range(len(columns)):
            ws.column_dimensions[get_column_letter(first_result_col + k)].width = 16
        ws.freeze_panes = "E4"
        yes_no = DataValidation(type="whole", operator="between", formula1="0", formula2="1",
                                allow_blank=True, showErrorMessage=True,
                                error=labels["yes_no_hint"])
        ws.add_data_validation(yes_no)
        for i, item in enumerate(sc.items):
            if not item.measured:
                for k in range(len(columns)):
                    yes_no.add(ws.cell(row=first + i, column=first_result_col + k))
        score_row = last + 1
        ws.cell(row=score_row, column=2, value=labels["score"]).font = bold
        row = [f"='{ws.title}'!A1"]
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
            row.append(f"='{ws.title}'!{col}{score_row}")
        summary.append(row)
        for cell in summary[summary.max_row][1:]:
            cell.number_format = "0%"
    summary.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
