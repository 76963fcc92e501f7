"""What the readers produce: passages with their locations, and the split into sentences.

A reader (Word, PDF, text) turns a file into a list of :class:`Passage` — headings, paragraphs,
list items, table rows, phrases — each with where it was found. Everything downstream (retrieval,
scoring, defects, the report) works on these and never on a file format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["heading", "paragraph", "list", "table", "phrase"]


@dataclass(frozen=True)
class Location:
    """Where a passage was found, as a reader of the original file would look for it."""

    file: str
    paragraph: int  # 1-based count of paragraphs and table rows in the file
    heading: str = ""  # the nearest heading above, with its number as shown
    page: int | None = None  # from PDF pages, or Word's last layout when it saved the file

    def label(self, with_file: bool = False, page_word: str = "p.") -> str:
        parts = [self.file] if with_file else []
        if self.heading:
            parts.append(self.heading)
        if self.page is not None:
            parts.append(f"{page_word} {self.page}")
        parts.append(f"¶ {self.paragraph}")
        return ", ".join(parts)


@dataclass
class Passage:
    text: str
    kind: Kind
    location: Location
    level: int = 0  # heading level 1..9 for headings, else 0
    number: str = ""  # the clause or heading number shown before the text ("3.2.4.")
    context: str = ""  # for table rows: the header row, which tells what the cells mean

    @property
    def shown(self) -> str:
        return f"{self.number} {self.text}".strip()


@dataclass
class Sentence:
    """One sentence of a passage: the unit that is scored and quoted as evidence."""

    text: str
    passage: Passage
    headings: tuple[str, ...] = field(default_factory=tuple)  # the heading path above it
    index: int = 0  # position in the whole document set

    @property
    def location(self) -> Location:
        return self.passage.location


# -- headings in plain text and PDF ------------------------------------------------------------

_NUMBERED = re.compile(r"^(?P<num>(?:\d{1,3}\.){1,5}\d{0,3}\.?|\d{1,3}\))\s+(?P<text>\S.*)$")
_ROMAN = re.compile(r"^(?P<num>[IVXLC]{1,6}\.)\s+(?P<text>\S.*)$")
_APPENDIX = re.compile(
    r"^(?P<text>(?:\d{1,2}\s+(?:priedas|PRIEDAS)|(?:Appendix|APPENDIX|Annex|ANNEX|Priedas|PRIEDAS)"
    r"\s+(?:Nr\.\s*)?[\dIVX]{1,4})\b.*)$"
)
_MARKDOWN = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>\S.*)$")


def split_number(line: str) -> tuple[str, str]:
    """Split a leading clause number ("3.2.4." or "2)") from the text; ("", line) when none."""
    m = _NUMBERED.match(line.strip())
    if not m:
        return "", line.strip()
    return m.group("num"), m.group("text").strip()


def heading_level(line: str) -> tuple[int, str, str]:
    """Guess whether a line of plain text is a heading: (level, number, text); level 0 if not.

    A heading is short and does not end like a sentence: "3.2. Telefonu", "# Scope",
    "2 priedas. Konfliktų valdymas", "I. BENDROSIOS NUOSTATOS", or a short line in capitals.
    """
    s = line.strip()
    if not s or len(s) > 160:
        return 0, "", s
    m = _MARKDOWN.match(s)
    if m:
        return len(m.group("hashes")), "", m.group("text").strip()
    if _APPENDIX.match(s) and len(s.split()) <= 14:
        return 1, "", s
    words = s.split()
    sentence_like = s.endswith((".", ";", ":", ",", "?", "!")) and not s.endswith("..")
    m = _NUMBERED.match(s)
    if m:
        text = m.group("text").strip()
        num = m.group("num")
        if sentence_like or len(text.split()) > 12 or not text[0].isupper() or num.endswith(")"):
            return 0, "", s
        depth = len([p for p in num.rstrip(".").split(".") if p])
        return min(depth, 6), num, text
    m = _ROMAN.match(s)
    if m and not sentence_like and len(words) <= 12:
        return 1, m.group("num"), m.group("text").strip()
    letters = [c for c in s if c.isalpha()]
    if len(letters) >= 4 and len(words) <= 12 and all(c.isupper() for c in letters) and not sentence_like:
        return 1, "", s
    return 0, "", s


# -- sentences -----------------------------------------------------------------------------------

# Abbreviations after which a full stop does not end a sentence (Lithuanian and English).
_ABBREVIATIONS = {
    "pvz", "t", "y", "kt", "val", "min", "sek", "s", "d", "g", "nr", "tel", "el", "p", "a", "proc",
    "m", "mėn", "vnt", "šv", "gerb", "pan", "ir", "kt", "žr", "str", "sav", "adm", "įsak", "ktu",
    "eg", "ie", "mr", "mrs", "ms", "dr", "etc", "no", "vs", "approx", "dept", "ext", "st", "cf",
    "e", "i", "hrs", "mins", "secs", "sq", "jr", "sr", "prof",
}
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"”“»)]*\s+(?=[\"„“«(]?[A-ZĄČĘĖĮŠŲŪŽ0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-zĄČĘĖĮŠŲŪŽąčęėįšųūž]+)\.[\"”“»)]*$")


def sentences(text: str) -> list[str]:
    """Split a passage into sentences; abbreviations ("pvz.", "e.g.") and numbers do not split."""
    text = " ".join(text.split())
    if not text:
        return []
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        piece = text[start : m.start()]
        w = _WORD_BEFORE.search(piece)
        if w and (w.group(1).lower() in _ABBREVIATIONS or len(w.group(1)) == 1):
            continue
        if re.search(r"(?:^|\s)\d{1,3}(?:\.\d{1,3})*\.$", piece):  # "… pagal 3.2." or "1."
            if len(piece.split()) <= 1:
                continue
        out.append(piece.strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]
