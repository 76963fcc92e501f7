"""The document model: what the standard contains, with no knowledge of WordML.

The assembler fills it; :mod:`kasgen.docx_writer` is the only reader that writes Word. Numbers
(``3.2.``, ``3.2.4.``, ``2 priedas``) are computed here once, so the table of contents, the
monitoring plan and the checklists cite exactly what Word's list numbering shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

Role = Literal["clause", "subclause", "body", "bullet", "phrase", "note", "subheading"]


@dataclass
class Run:
    text: str
    strong: bool = False
    confirm: str | None = None  # dotted profile path the editor should confirm


@dataclass
class Para:
    role: Role
    runs: list[Run]
    number: str = ""  # e.g. "3.2.4." for clauses, "b)" for sub-clauses
    in_appendix: bool = False

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Heading:
    level: Literal[1, 2, 3]
    text: str
    kind: Literal["chapter", "appendix", "section", "subsection"]
    number: str = ""
    bookmark: str = ""
    in_appendix: bool = False
    clause_id: str = ""

    @property
    def numbered_text(self) -> str:
        return f"{self.number} {self.text}".strip()


@dataclass
class Table:
    header: list[str]
    rows: list[list[list[Run]]]
    wide: bool = False  # set in a landscape section

    @property
    def column_count(self) -> int:
        return len(self.header)


@dataclass
class Figure:
    """A generated diagram: its kind, the labels it shows, caption and alt text."""

    kind: Literal["sequence", "ladder", "cycle"]
    steps: list[str]
    caption: str  # with its number, e.g. "1 pav. Tiesioginio aptarnavimo seka"
    alt: str
    title: str


Block = Union[Heading, Para, Table, Figure]


@dataclass
class Meta:
    lang: str
    title: str
    organisation: str
    short_name: str
    version: str
    effective_date: str
    approved_by: str
    owning_unit: str
    subject: str
    keywords: str
    appendix_label: str  # e.g. "%1 priedas" / "Appendix %1"
    labels: dict[str, str] = field(default_factory=dict)
    status: str = "final"  # "draft" shows PROJEKTAS / DRAFT on the cover and in the footer


@dataclass
class Document:
    meta: Meta
    blocks: list[Block] = field(default_factory=list)

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    def text_lines(self) -> list[str]:
        """A plain dump used by ``explain`` and tests."""
        out = []
        for b in self.blocks:
            if isinstance(b, Heading):
                out.append(f"{'#' * b.level} {b.numbered_text}")
            elif isinstance(b, Para):
                out.append(f"{b.number} {b.text}".strip())
            elif isinstance(b, Figure):
                out.append(f"[{b.caption}]")
            else:
                out.append(" | ".join(b.header))
                out.extend(" | ".join("".join(r.text for r in cell) for cell in row) for row in b.rows)
        return out
