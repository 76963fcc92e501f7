"""Parses rendered clause text (kasgen markup) into document blocks.

One line, one block; the first characters say what it is::

    plain line            a numbered norm (Clause style, 3.2.1.)
    * text                a lettered sub-item of the norm above (a), b))
    - text                a bullet
    > text                a phrase to say (speech module)
    : text                an unnumbered paragraph
    ! text                a note for the editor
    ### text              a sub-heading inside the section
    | a | b |             a table row; the first row is the header
    @name                 a generated block (for example @indicators)

``**strong**`` marks a strong run. Blank lines are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kasgen.context import MARK_END, MARK_SEP, MARK_START
from kasgen.document import Block, Para, Run, Table

_PREFIX = {"* ": "subclause", "- ": "bullet", "> ": "phrase", ": ": "body", "! ": "note"}
_MARK = re.compile(f"{MARK_START}([^{MARK_SEP}]*){MARK_SEP}([^{MARK_END}]*){MARK_END}")
_STRONG = re.compile(r"\*\*(.+?)\*\*")


@dataclass
class Directive:
    name: str
    line: int


@dataclass
class SubHeading:
    text: str


def parse(text: str) -> list[Block | Directive | SubHeading]:
    """Split rendered clause text into blocks, directives and sub-headings."""
    blocks: list[Block | Directive | SubHeading] = []
    table: Table | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue  # blank lines (and lines that held only a template tag) are ignored
        if not line.startswith("|"):
            table = None
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if table is None:
                table = Table(header=[strip_marks(c) for c in cells], rows=[])
                blocks.append(table)
            elif set("".join(cells)) <= set("-: "):
                continue  # a Markdown-style separator row
            else:
                cells += [""] * (len(table.header) - len(cells))
                table.rows.append([runs(c) for c in cells[: len(table.header)]])
            continue
        if line.startswith("@"):
            blocks.append(Directive(line[1:].strip(), number))
            continue
        if line.startswith("### "):
            blocks.append(SubHeading(strip_marks(line[4:].strip())))
            continue
        role = "clause"
        for prefix, name in _PREFIX.items():
            if line.startswith(prefix):
                role, line = name, line[len(prefix):].strip()
                break
        blocks.append(Para(role=role, runs=runs(line)))  # type: ignore[arg-type]
    return blocks


def runs(text: str) -> list[Run]:
    """Split a line into runs: strong parts and values marked for confirmation."""
    out: list[Run] = []
    for i, piece in enumerate(_STRONG.split(text)):
        if not piece:
            continue
        strong = i % 2 == 1
        pos = 0
        for m in _MARK.finditer(piece):
            if m.start() > pos:
                out.append(Run(piece[pos : m.start()], strong))
            out.append(Run(m.group(2), strong, confirm=m.group(1)))
            pos = m.end()
        if pos < len(piece):
            out.append(Run(piece[pos:], strong))
    return out or [Run("")]


def strip_marks(text: str) -> str:
    return _MARK.sub(lambda m: m.group(2), text).replace("**", "")
