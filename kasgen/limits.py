"""The limits kasgen holds every input to, declared in one place and checked before work starts.

A hostile or broken input (a 50 MB answers file, an alias chain that expands to millions of
values, a zip bomb posing as a Word template, a clause that loops for ever) must be refused in
seconds and with little memory, with a message that names the file or field and states the limit.
The README's "Promises" section lists these numbers; ``tests/test_limits.py`` keeps the two in step.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from kasgen.terminal import printable

# -- the answers file ---------------------------------------------------------------------------
#: Size of an answers file. 2,000 branches with every field filled take about 250 kB.
ANSWERS_FILE_BYTES = 1_000_000
#: Nesting of mappings and lists (the answers model itself needs four levels).
ANSWERS_DEPTH = 20
#: Values in the file once aliases (``*name``) are expanded: alias chains cannot multiply work.
ANSWERS_VALUES = 100_000
#: Items in any one list (the most branches an organisation may declare).
LIST_ITEMS = 2_000
#: Characters in any one text value or key (fields have tighter limits of their own).
TEXT_CHARS = 10_000
#: Digits in a number.
NUMBER_DIGITS = 100
#: Dates (the effective date) must fall within this window.
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)

# -- Word packages (``--template``, ``template check`` and an existing output) -------------------
#: Size of a .docx or .xlsx file as stored.
PACKAGE_BYTES = 50_000_000
#: Parts (files) inside the package.
PACKAGE_PARTS = 2_000
#: Size of all parts together once unpacked.
PACKAGE_UNPACKED_BYTES = 200_000_000
#: How much one part may grow when unpacked (parts larger than PACKAGE_RATIO_FROM bytes).
PACKAGE_RATIO = 100
PACKAGE_RATIO_FROM = 1_000_000

# -- clause templates ---------------------------------------------------------------------------
#: Time one clause template may take to render (the bundled ones take milliseconds; the longest,
#: the branch annex with 2,000 branches, about half a second).
RENDER_SECONDS = 3.0
#: Characters one clause template may produce (a whole answers file, repeated once, fits).
RENDER_CHARS = 4_000_000
#: The longest text or list one expression may build (``'x' * n``, ``a ~ b``, ``join``,
#: ``center`` ...) and the most items ``range()`` may give.
VALUE_CHARS = 1_000_000
RANGE_ITEMS = 10_000
#: The largest number ``**`` may produce, in bits.
POWER_BITS = 256

# -- other files --------------------------------------------------------------------------------
#: Size of a custom clause file.
CLAUSE_FILE_BYTES = 2_000_000


def size_text(n: int) -> str:
    """``1 MB``, ``250 kB``, ``900 bytes``: a size as a person reads it (decimal units)."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:g} MB"
    if n >= 1_000:
        return f"{n / 1_000:g} kB"
    return f"{n} bytes"


def number_text(n: int) -> str:
    """``100,000``: a count with thousands separated."""
    return f"{n:,}"


def path_text(parts: tuple[Any, ...]) -> str:
    """A field path for messages (``branches.3.name``); odd keys are shown escaped, on one line."""
    if not parts:
        return "(top level)"
    shown = []
    for part in parts:
        text = str(part)
        if len(text) > 60:
            text = text[:57] + "..."
        shown.append(printable(text))
    return ".".join(shown)


#: Invisible characters kasgen uses to mark values for the editor's confirmation: in user text
#: they would forge such marks.
_RESERVED = re.compile("[\u2061-\u2063]")


class _Budget:
    def __init__(self) -> None:
        self.values = 0
        self.spent_at: tuple[Any, ...] = ()


def data_problems(data: Any) -> list[str]:
    """Check parsed answers data against the size limits; one ``path: problem`` line each.

    Walks the data as the rest of kasgen will (aliases expanded), but stops as soon as the value
    budget is spent, so an alias bomb costs milliseconds. A value that contains itself (a
    recursive alias) is reported instead of recursing for ever.
    """
    return list(_walk(data, (), [], _Budget()))


def _walk(value: Any, parts: tuple[Any, ...], open_ids: list[int], budget: _Budget) -> Iterator[str]:
    budget.values += 1
    if budget.values > ANSWERS_VALUES:
        budget.spent_at = budget.spent_at or parts
        return
    where = path_text(parts)
    if isinstance(value, str):
        if len(value) > TEXT_CHARS:
            yield (f"{where}: is {number_text(len(value))} characters long; at most "
                   f"{number_text(TEXT_CHARS)} are allowed in one value")
        reserved = _RESERVED.search(value)
        if reserved:
            yield (f"{where}: contains the invisible character U+{ord(reserved.group()):04X}, which "
                   "kasgen keeps for its own marks; remove it")
        return
    if not isinstance(value, (dict, list)):
        return
    if id(value) in open_ids:
        yield (f"{where}: contains itself (an alias *name inside the value its &name marks); "
               "write the value out instead")
        return
    if len(parts) >= ANSWERS_DEPTH:
        yield f"{where}: nested more than {ANSWERS_DEPTH} levels deep"
        return
    if len(value) > LIST_ITEMS:
        kind = "list" if isinstance(value, list) else "mapping"
        yield (f"{where}: the {kind} has {number_text(len(value))} items; at most "
               f"{number_text(LIST_ITEMS)} are allowed")
        return
    open_ids.append(id(value))
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        if isinstance(key, str) and len(key) > TEXT_CHARS:
            yield (f"{where}: a key is {number_text(len(key))} characters long; at most "
                   f"{number_text(TEXT_CHARS)} are allowed")
            continue
        yield from _walk(item, (*parts, key), open_ids, budget)
        if budget.values > ANSWERS_VALUES:
            break
    open_ids.pop()
    if not parts and budget.values > ANSWERS_VALUES:
        yield (f"{path_text(budget.spent_at[:2])}: the file holds more than "
               f"{number_text(ANSWERS_VALUES)} values once its aliases (*name) are expanded "
               "(counted up to here); write the values out or shorten the file")
