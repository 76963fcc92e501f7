"""Parses a rendered text block (kasgen's line markup) into document blocks.

Norms are never written in markup: they are registry entries with ids and numbers. Blocks hold
the unnumbered material around them. One line, one block; the first characters say what it is::

    plain line            a paragraph of body text
    - text                a bullet
    > text                a phrase to say (shown in quotation marks)
    ! text                a note for the editor (a Word comment on the paragraph before)
    ### text              a sub-heading inside the section
    | a | b |             a table row; the first row is the header

``**strong**`` marks a strong run. Blank lines are ignored.
"""

from __future__ import annotations

import re

from kasgen.document import Block, Heading, Para, Run, Table

_PREFIX = {"- ": "bullet", "> ": "phrase"}
_STRONG = re.compile(r"\*\*(.+?)\*\*")
QUOTES = {"lt": ("„", "“"), "en": ("“", "”")}


def parse(
    text: str, lang: str, in_appendix: bool = False, section_id: str = "", previous: Para | None = None
) -> list[Block]:
    """Split a rendered text block into paragraphs, tables and sub-headings.

    ``previous`` is the paragraph before the block: a note at the block's start is attached to it.
    """
    blocks: list[Block] = []
    table: Table | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            table = None
            continue
        if not line.startswith("|"):
            table = None
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if table is None:
                table = Table(header=[plain(c) for c in cells], rows=[])
                blocks.append(table)
            elif set("".join(cells)) <= set("-: "):
                continue  # a Markdown-style separator row
            else:
                cells += [""] * (len(table.header) - len(cells))
                table.rows.append([runs(c) for c in cells[: len(table.header)]])
            continue
        if line.startswith("### "):
            blocks.append(Heading(3, plain(line[4:]), "subsection", in_appendix=in_appendix,
                                  clause_id=section_id))
            continue
        if line.startswith("! "):
            last = next((b for b in reversed(blocks) if isinstance(b, Para)), previous)
            if last is not None:
                last.comments.append(line[2:].strip())
            continue
        role = "body"
        for prefix, name in _PREFIX.items():
            if line.startswith(prefix):
                role, line = name, line[len(prefix):].strip()
                break
        if role == "phrase":
            line = quote(line, lang)
        blocks.append(Para(role=role, runs=runs(line), in_appendix=in_appendix))  # type: ignore[arg-type]
    return blocks


def quote(text: str, lang: str) -> str:
    """A phrase to say, in the language's quotation marks."""
    opening, closing = QUOTES[lang]
    return f"{opening}{text.strip()}{closing}"


def runs(text: str) -> list[Run]:
    """Split a line into runs: ``**strong**`` parts and plain text."""
    out: list[Run] = []
    for i, piece in enumerate(_STRONG.split(text)):
        if piece:
            out.append(Run(piece, i % 2 == 1))
    return out or [Run("")]


def plain(text: str) -> str:
    return text.replace("**", "").strip()
