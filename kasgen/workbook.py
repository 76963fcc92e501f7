"""The mystery-shopper workbook (.xlsx): one sheet per scenario, a summary sheet with formulas.

Each sheet lists the scenario's items with the answer key, the standard's norm number, the type
(yes/no or a value to record), the weight and whether the item is critical. Results are entered as
1 (yes) or 0 (no), or as the measured value; with several sites there is one result column per
site. A contact's score is the weighted share of yes/no items met; a critical item not met makes
it zero.

Every cell whose text comes from the answers or the clauses (branch names, titles, check items)
is written as text, never as a formula: ``=HYPERLINK(...)`` as a branch name stays those
characters, and the cell keeps Excel's text prefix so editing it later does not turn it live.
The formulas kasgen writes itself quote sheet names as Excel requires. Building is linear in
branches and items (the data validation gets one range per row, not one entry per cell).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation

from kasgen.checklists import Scenario

_FIRST_RESULT = 8  # columns: no., check, key, norm, type, weight, critical, results…


def _sheet_title(title: str, used: set[str]) -> str:
    """A valid, unique sheet name: no ``[]:*?/\\``, no apostrophe at either end, 31 characters."""
    base = re.sub(r"[\[\]:*?/\\\x00-\x1f]", "-", title)[:28].strip().strip("'").strip() or "Scenario"
    name, n = base, 2
    while name.lower() in used:
        name = f"{base[:25]} {n}"
        n += 1
    used.add(name.lower())
    return name


def _text(ws: Any, row: int, col: int, value: str) -> Any:
    """A cell that holds text, even when the text starts with "=" (never a live formula)."""
    cell = ws.cell(row=row, column=col)
    cell.value = value
    cell.data_type = "s"
    if value[:1] in ("=", "+", "-", "@"):
        cell.quotePrefix = True
    return cell


def _sheet_ref(title: str) -> str:
    """A sheet name as a formula cites it: ``'Name''s sheet'``."""
    return "'" + title.replace("'", "''") + "'"


def build_workbook(scenarios: list[Scenario], sites: list[str], labels: dict[str, str],
                   created: dt.datetime | None = None) -> bytes:
    """Return the .xlsx bytes for the scenarios, stamped with kasgen's content hash.

    ``sites`` names the result columns of the scenarios run at every site (visits), as the
    monitoring plan counts them; a scenario run centrally (a call, an e-mail) and a single-site
    organisation have one column, "Result", whose score the summary shows under the main office,
    which runs those channels. ``created`` is the file's date, as for the standard
    (:func:`kasgen.build.creation_stamp`); without it the file states none."""
    site_columns = sites if len(sites) > 1 else [labels["branch_result"]]
    # the score formulas compare with these words: no double quote may end their string literal
    yes_no, measure, critical = (labels[k].replace('"', "'") for k in ("yes_no", "measure", "knockout"))
    wb = Workbook()
    summary = wb.active
    summary.title = _sheet_title(labels["summary"], set())
    used = {summary.title.lower()}
    bold = Font(bold=True)
    for k, value in enumerate([labels["scenario"], *site_columns], start=1):
        _text(summary, 1, k, value).font = bold
    for sc in scenarios:
        columns = site_columns if sc.per_site else [labels["branch_result"]]
        ws = wb.create_sheet(_sheet_title(sc.title, used))
        _text(ws, 1, 1, sc.title).font = Font(bold=True, size=13)
        _text(ws, 2, 1, sc.description).alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=_FIRST_RESULT - 1 + len(columns))
        ws.row_dimensions[2].height = 48
        header = [labels["item_no"], labels["check"], labels["key"], labels["norm"], labels["type"],
                  labels["weight"], labels["knockout"], *columns]
        for k, value in enumerate(header, start=1):
            _text(ws, 3, k, value).font = bold
        first = 4
        for i, item in enumerate(sc.items):
            row = first + i
            ws.cell(row=row, column=1, value=i + 1)
            check = item.text + (f" ({item.unit})" if item.unit else "")
            _text(ws, row, 2, check).alignment = Alignment(wrap_text=True, vertical="top")
            _text(ws, row, 3, item.key or labels["key_plain"]).alignment = Alignment(wrap_text=True, vertical="top")
            _text(ws, row, 4, item.norm)
            _text(ws, row, 5, measure if item.measured else yes_no)
            ws.cell(row=row, column=6, value=item.weight)
            if item.knockout:
                _text(ws, row, 7, critical)
        last = first + len(sc.items) - 1
        for col, width in zip("ABCDEFG", (5, 55, 40, 12, 11, 8, 10)):
            ws.column_dimensions[col].width = width
        for k in range(len(columns)):
            ws.column_dimensions[get_column_letter(_FIRST_RESULT + k)].width = 16
        ws.freeze_panes = ws.cell(row=first, column=_FIRST_RESULT)
        yes_no_rows = [first + i for i, item in enumerate(sc.items) if not item.measured]
        if yes_no_rows:
            validation = DataValidation(type="whole", operator="between", formula1="0", formula2="1",
                                        allow_blank=True, showErrorMessage=True, error=labels["yes_no_hint"])
            first_col = get_column_letter(_FIRST_RESULT)
            last_col = get_column_letter(_FIRST_RESULT + len(columns) - 1)
            validation.sqref = MultiCellRange(" ".join(f"{first_col}{row}:{last_col}{row}" for row in yes_no_rows))
            ws.add_data_validation(validation)
        score_row = last + 2
        _text(ws, score_row, 2, labels["score"]).font = bold
        summary_row = summary.max_row + 1
        _text(summary, summary_row, 1, sc.title)
        for k in range(len(columns)):
            col = get_column_letter(_FIRST_RESULT + k)
            res, types = f"{col}{first}:{col}{last}", f"$E${first}:$E${last}"
            weights, crit = f"$F${first}:$F${last}", f"$G${first}:$G${last}"
            yes = f'--({types}="{yes_no}"),--({res}<>"")'
            formula = (
                f'=IFERROR(IF(SUMPRODUCT(--({crit}="{critical}"),--({res}<>""),--({res}=0))>0,0,'
                f"SUMPRODUCT({yes},{weights},{res})/SUMPRODUCT({yes},{weights})),\"\")"
            )
            cell = ws.cell(row=score_row, column=_FIRST_RESULT + k, value=formula)
            cell.number_format = "0%"
            cell.font = bold
            total = summary.cell(row=summary_row, column=2 + k, value=f"={_sheet_ref(ws.title)}!{col}{score_row}")
            total.number_format = "0%"
    summary.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    wb.save(buffer)
    return _finished(buffer.getvalue(), created)


_CORE = "docProps/core.xml"
_STAMPS = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")


def _finished(data: bytes, created: dt.datetime | None) -> bytes:
    """The finished workbook: the same dates as the Word file (the day the answers were prepared,
    or none; openpyxl writes the time of saving, so that the same answers gave different files)
    and kasgen's content hash (:mod:`kasgen.provenance`), zipped once."""
    from kasgen.provenance import stamp_parts
    from kasgen.wordml_package import read_parts

    parts = read_parts(data)
    core = parts[_CORE].replace(b">openpyxl</dc:creator>", b">kasgen</dc:creator>")
    if created is None:
        core = _STAMPS.sub(b"", core)
    else:
        when = created.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
        core = _STAMPS.sub(lambda m: m.group(0).split(b">")[0] + b">" + when + b"</dcterms:"
                           + m.group(1) + b">", core)
    parts[_CORE] = core
    return stamp_parts(parts)
