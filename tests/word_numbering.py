"""What Word's list numbering shows for each paragraph, computed from the .docx alone.

Numbers in kasgen's output come from styles linked to list levels (``numbering.xml``); the model's
numbers are used only in the pre-filled contents and in citations. This module plays Word's list
counters over the body so tests can compare the two: if the model says 4.1.2 where Word would
print 4.1.3, every citation is wrong while every other test stays green.
"""

from __future__ import annotations

import io
import re
from typing import Any

import docx
from docx.oxml.ns import qn

from tests.helpers import body_elements

_ROMAN = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]


def _fmt(value: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return "abcdefghijklmnopqrstuvwxyz"[(value - 1) % 26]
    if fmt == "upperLetter":
        return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(value - 1) % 26]
    if fmt == "lowerRoman":
        return _ROMAN[value] if value < len(_ROMAN) else str(value)
    if fmt == "bullet":
        return ""
    return str(value)


def _style_numpr(doc: Any) -> dict[str, tuple[str, int] | None]:
    """Style id -> (numId, ilvl) it links to, following basedOn; None when it is not numbered."""
    styles = {s.style_id: s for s in doc.styles if s.type is not None}
    out: dict[str, tuple[str, int] | None] = {}

    def resolve(style_id: str, depth: int = 0) -> tuple[str, int] | None:
        style = styles.get(style_id)
        if style is None or depth > 20:
            return None
        ppr = style.element.pPr
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if numpr is not None:
            num = numpr.find(qn("w:numId"))
            lvl = numpr.find(qn("w:ilvl"))
            num_id = num.get(qn("w:val")) if num is not None else "0"
            ilvl = int(lvl.get(qn("w:val"))) if lvl is not None else 0
            return None if num_id == "0" else (num_id, ilvl)
        base = style.element.find(qn("w:basedOn"))
        return resolve(base.get(qn("w:val")), depth + 1) if base is not None else None

    for sid in styles:
        out[sid] = resolve(sid)
    return out


def word_numbers(data: bytes) -> list[tuple[str, str, str]]:
    """(style name, number as Word shows it, text) for every numbered body paragraph, in order."""
    doc = docx.Document(io.BytesIO(data))
    numbering = doc.part.numbering_part.element
    abstract_of: dict[str, str] = {}
    for num in numbering.findall(qn("w:num")):
        abstract_of[num.get(qn("w:numId"))] = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    levels: dict[str, dict[int, tuple[str, str, int]]] = {}
    for absn in numbering.findall(qn("w:abstractNum")):
        lv: dict[int, tuple[str, str, int]] = {}
        for lvl in absn.findall(qn("w:lvl")):
            ilvl = int(lvl.get(qn("w:ilvl")))
            fmt = lvl.find(qn("w:numFmt")).get(qn("w:val"))
            text = lvl.find(qn("w:lvlText")).get(qn("w:val"))
            start_el = lvl.find(qn("w:start"))
            start = int(start_el.get(qn("w:val"))) if start_el is not None else 1
            lv[ilvl] = (fmt, text, start)
        levels[absn.get(qn("w:abstractNumId"))] = lv
    linked = _style_numpr(doc)
    names = {s.style_id: s.name for s in doc.styles}
    counters: dict[str, dict[int, int]] = {}
    out = []
    for el in body_elements(doc):
        if el.tag != qn("w:p"):
            continue
        ppr = el.find(qn("w:pPr"))
        style_el = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style_id = style_el.get(qn("w:val")) if style_el is not None else "Normal"
        link = linked.get(style_id)
        if link is None:
            continue
        num_id, ilvl = link
        absn = abstract_of[num_id]
        lv = levels[absn]
        count = counters.setdefault(absn, {})
        count[ilvl] = count.get(ilvl, lv[ilvl][2] - 1) + 1
        for deeper in [k for k in count if k > ilvl]:
            del count[deeper]  # lower levels restart after a higher one
        fmt, text, _ = lv[ilvl]
        if fmt == "bullet":
            continue

        def sub(m: re.Match[str]) -> str:
            level = int(m.group(1)) - 1
            value = count.get(level, lv[level][2])
            return _fmt(value, lv[level][0])

        number = re.sub(r"%(\d)", sub, text)
        label = "".join(t.text or "" for t in el.iter(qn("w:t")))
        out.append((names.get(style_id, style_id), number, label))
    return out
