"""The document model: what a document contains, with no knowledge of WordML.

The views fill it (the standard, the management annex, the cards); :mod:`kasgen.docx_writer` is
the only reader that writes Word. Numbers (``3.2.``, ``3.2.4.``, ``2 priedas``) are computed once
by the numbering stage, so the table of contents, the indicator table, cards and checklists cite
exactly what Word's list numbering shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

Role = Literal["clause", "subclause", "body", "bullet", "phrase", "subheading"]


@dataclass
class Run:
    """A stretch of text in a paragraph, optionally strong (Word's Strong character style)."""

    text: str
    strong: bool = False


@dataclass
class Para:
    """A body paragraph with its role (clause, bullet, phrase…), which the writer maps to a style."""

    role: Role
    runs: list[Run]
    number: str = ""  # e.g. "3.2.4." for norms, "b)" for sub-items
    in_appendix: bool = False
    norm_id: str = ""  # the registry norm this paragraph states (its first paragraph)
    comments: list[str] = field(default_factory=list)  # notes for the editor (Word comments)
    confirm: list[str] = field(default_factory=list)  # answers paths of printed values not confirmed

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Heading:
    """A heading of the document: its level, text, what it opens and its printed number."""

    level: Literal[1, 2, 3]
    text: str
    kind: Literal["front", "card", "chapter", "appendix", "section", "subsection"]
    number: str = ""
    bookmark: str = ""
    in_appendix: bool = False
    clause_id: str = ""  # the registry section (or part) id

    @property
    def numbered_text(self) -> str:
        return f"{self.number} {self.text}".strip()


@dataclass
class Table:
    """A table: its header row and rows of cells, each cell a list of runs."""

    header: list[str]
    rows: list[list[list[Run]]]
    wide: bool = False  # set in a landscape section
    kind: Literal["data", "dont"] = "data"
    from_answers: bool = False  # the organisation's own words (branch facts, role holders)

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
    """What the shell prints around the body (cover, header, footer, properties) and how it is set."""

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
    kind: Literal["standard", "annex", "cards", "survey"] = "standard"
    contents: bool = True  # a table of contents after the cover
    contents_levels: int = 2  # 1: chapters and appendices only (a short standard)
    compact: bool = False  # 10.5 pt and smaller figures (a micro or small organisation's standard)
    close_set: bool = False  # set closer, appendices follow on (every standard but a large one's)
    status: str = "final"  # "draft" shows PROJEKTAS / DRAFT on the cover and in the footer
    public: bool = False  # a public body: the cover has an approval block for the order's details


@dataclass
class Document:
    """One Word document (the standard, its annex, the cards…) as the writer receives it."""

    meta: Meta
    blocks: list[Block] = field(default_factory=list)

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    def unconfirmed(self) -> list[str]:
        """Answers paths of the values this document prints that the organisation has not
        confirmed (sector presets, default roles), each once, in the order they first appear."""
        return list(dict.fromkeys(path for b in self.blocks if isinstance(b, Para) for path in b.confirm))

    def text_lines(self) -> list[str]:
        """A plain dump used by ``kasgen text``, tests and word counts."""
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
