"""The numbers Word shows before list paragraphs ("3.2.", "3.2.4.", "b)"), computed from the file.

Word stores no numbers in the text of a numbered paragraph: they follow from ``numbering.xml``
and the paragraph's (or its style's) ``w:numPr``. An auditor cites "3.2.4.", so the reader
recomputes them the way Word counts: one counter per abstract list, deeper levels restart when a
higher level advances, ``startOverride`` restarts a list the first time its ``w:num`` is used.
"""

from __future__ import annotations

from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _val(el: Any, tag: str, default: str | None = None) -> str | None:
    child = el.find(W + tag) if el is not None else None
    return child.get(W + "val", default) if child is not None else default


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _format(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = _LETTERS[(n - 1) % 26] * ((n - 1) // 26 + 1)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s.upper() if fmt == "upperRoman" else s
    if fmt == "none":
        return ""
    return str(n)


class ListNumbering:
    """Replays Word's list counters over the paragraphs in document order."""

    def __init__(self, numbering_xml: Any | None):
        # abstract id -> level -> (start, numFmt, lvlText, pStyle)
        self.levels: dict[str, dict[int, tuple[int, str, str, str]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.used: set[str] = set()
        if numbering_xml is None:
            return
        for absn in numbering_xml.findall(W + "abstractNum"):
            levels = {}
            for lvl in absn.findall(W + "lvl"):
                ilvl = int(lvl.get(W + "ilvl", "0"))
                levels[ilvl] = (
                    int(_val(lvl, "start", "1") or 1),
                    _val(lvl, "numFmt", "decimal") or "decimal",
                    _val(lvl, "lvlText", "") or "",
                    _val(lvl, "pStyle", "") or "",
                )
            self.levels[absn.get(W + "abstractNumId", "")] = levels
        for num in numbering_xml.findall(W + "num"):
            overrides = {}
            for ov in num.findall(W + "lvlOverride"):
                start = _val(ov, "startOverride")
                if start is not None:
                    overrides[int(ov.get(W + "ilvl", "0"))] = int(start)
            self.nums[num.get(W + "numId", "")] = (_val(num, "abstractNumId", "") or "", overrides)

    def level_for_style(self, num_id: str, style_id: str) -> int:
        """The list level a style is linked to (``w:pStyle`` in the level), else 0."""
        abstract = self.nums.get(num_id, ("", {}))[0]
        for ilvl, (_, _, _, pstyle) in self.levels.get(abstract, {}).items():
            if pstyle == style_id:
                return ilvl
        return 0

    def next(self, num_id: str, ilvl: int) -> tuple[str, bool]:
        """Advance the list for one paragraph; return (the number shown, whether it is a bullet)."""
        if num_id in ("", "0") or num_id not in self.nums:
            return "", False
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract)
        if not levels or ilvl not in levels:
            return "", False
        counters = self.counters.setdefault(abstract, [None] * 9)
        if num_id not in self.used:
            self.used.add(num_id)
            for lvl, start in overrides.items():
                counters[lvl] = start - 1 if lvl < 9 else None
        first, fmt, text, _ = levels[ilvl]
        if fmt == "bullet":
            return "", True
        current = counters[ilvl]
        counters[ilvl] = first if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        shown = text
        for k in range(9):
            token = f"%{k + 1}"
            if token in shown:
                level_start, level_format, _, _ = levels.get(k, (1, "decimal", "", ""))
                counted = counters[k]
                shown = shown.replace(token, _format(counted if counted is not None else level_start, level_format))
        return shown.strip(), False
