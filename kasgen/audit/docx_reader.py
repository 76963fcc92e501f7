"""Reads a Word file's visible text in document order, with headings, numbers and locations.

python-docx opens the package (parts, styles, numbering); the body is walked with lxml because
python-docx drops what many standards contain: text inside content controls (``w:sdt`` at body,
paragraph, row and cell level), inserted text of tracked changes (``w:ins`` is read, ``w:del``
and ``w:moveFrom`` are not: the accepted view), text boxes, and Word's list numbers.
Tables give one passage per row, with the header row as context. Tables of contents, comments,
headers and footers are not part of the standard's text and are skipped.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from kasgen.audit.docx_numbering import ListNumbering, W
from kasgen.audit.passages import Kind, Location, Passage, heading_level, split_number
from kasgen.errors import DocumentError

MAX_UNPACKED = 400_000_000  # bytes of XML and media: more is a zip bomb, not a standard
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = {W + t for t in ("pPr", "rPr", "del", "moveFrom", "delText", "instrText", "delInstrText",
                         "fldData", "commentReference", "footnoteReference", "endnoteReference",
                         "sdtPr", "sdtEndPr", "trPr", "tcPr", "tblPr", "tblGrid")} | {_MC_FALLBACK}
_WRAPPERS = {W + t for t in ("sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag")}
_HEADING_STYLE = re.compile(r"^(?:heading|antraštė|überschrift|titre|nagłówek)\s*(\d)$", re.I)


def read_docx(path: Path) -> tuple[list[Passage], int, int | None]:
    """The passages of a .docx, the number of tracked changes read as accepted, and the page
    count Word last laid out (None when the file carries no layout information)."""
    _check_package(path)
    import docx

    try:
        document = docx.Document(str(path))
        body = document.element.body
        styles = _Styles(document.styles.element)
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            numbering = None
    except DocumentError:
        raise
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise DocumentError(f"{path}: is not a readable Word document ({type(exc).__name__})") from None
    walker = _Walker(path.name, styles, ListNumbering(numbering))
    walker.has_layout = body.find(f".//{W}lastRenderedPageBreak") is not None
    for child in body:
        walker.block(child)
    changes = sum(1 for _ in body.iter(W + "ins", W + "del", W + "moveFrom", W + "moveTo"))
    pages = walker.page if walker.has_layout else None
    return walker.passages, changes, pages


def _check_package(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
            if sum(i.file_size for i in infos) > MAX_UNPACKED:
                raise DocumentError(f"{path}: unpacks to more than {MAX_UNPACKED // 1_000_000} MB; not read")
            if "EncryptedPackage" in names or "[Content_Types].xml" not in names:
                raise DocumentError(f"{path}: is not a Word document (.docx)")
    except zipfile.BadZipFile:
        raise DocumentError(f"{path}: is not a Word document (.docx), or the file is damaged") from None
    except OSError as exc:
        raise DocumentError(f"{path}: cannot be read ({exc.strerror})") from None


class _Styles:
    """Paragraph styles: name, outline level and list membership, following ``basedOn``."""

    def __init__(self, styles_xml: Any):
        self.raw: dict[str, Any] = {}
        for st in styles_xml.findall(W + "style"):
            self.raw[st.get(W + "styleId", "")] = st
        self.default = next(
            (sid for sid, st in self.raw.items() if st.get(W + "default") == "1"
             and st.get(W + "type") == "paragraph"), "",
        )
        self._cache: dict[str, tuple[str, int, str, int | None]] = {}

    def info(self, style_id: str) -> tuple[str, int, str, int | None]:
        """(name, outline level 1..9 or 0, numId, ilvl or None) of a paragraph style."""
        style_id = style_id or self.default
        if style_id in self._cache:
            return self._cache[style_id]
        name, outline, num_id, ilvl = "", 0, "", None
        seen: set[str] = set()
        sid: str | None = style_id
        while sid and sid in self.raw and sid not in seen:
            seen.add(sid)
            st = self.raw[sid]
            if not name:
                n = st.find(W + "name")
                name = n.get(W + "val", "") if n is not None else sid
            ppr = st.find(W + "pPr")
            if ppr is not None:
                ol = ppr.find(W + "outlineLvl")
                if not outline and ol is not None and ol.get(W + "val", "9").isdigit():
                    outline = int(ol.get(W + "val", "9")) + 1
                npr = ppr.find(W + "numPr")
                if not num_id and npr is not None:
                    num_id, ilvl = _num_pr(npr)
            based = st.find(W + "basedOn")
            sid = based.get(W + "val") if based is not None else None
        if outline > 9:
            outline = 0
        m = _HEADING_STYLE.match(name)
        if m and not outline:
            outline = int(m.group(1))
        self._cache[style_id] = (name, outline, num_id, ilvl)
        return self._cache[style_id]


def _num_pr(npr: Any) -> tuple[str, int | None]:
    num = npr.find(W + "numId")
    lvl = npr.find(W + "ilvl")
    return (num.get(W + "val", "") if num is not None else "",
            int(lvl.get(W + "val", "0")) if lvl is not None else None)


class _Walker:
    def __init__(self, file: str, styles: _Styles, numbering: ListNumbering):
        self.file = file
        self.styles = styles
        self.numbering = numbering
        self.passages: list[Passage] = []
        self.heading = ""
        self.count = 0
        self.page = 1
        self.has_layout = False
        self.table_header = ""

    # -- blocks --------------------------------------------------------------------------------
    def block(self, el: Any) -> None:
        tag = el.tag
        if tag == W + "p":
            self.paragraph(el)
        elif tag == W + "tbl":
            self.table(el)
        elif tag in _WRAPPERS:
            for child in el:
                self.block(child)

    def _emit(self, text: str, kind: Kind, level: int = 0, number: str = "", context: str = "") -> None:
        self.count += 1
        if kind == "heading":
            self.heading = f"{number} {text}".strip()
        location = Location(self.file, self.count, self.heading, self.page if self.has_layout else None)
        self.passages.append(Passage(text, kind, location, level, number, context))

    def paragraph(self, p: Any) -> None:
        pieces: list[str] = []
        boxes: list[Any] = []
        breaks = _collect(p, pieces, boxes)
        text = " ".join("".join(pieces).split())
        ppr = p.find(W + "pPr")
        style_id = ""
        num_id, ilvl = "", None
        outline_direct = 0
        if ppr is not None:
            ps = ppr.find(W + "pStyle")
            style_id = ps.get(W + "val", "") if ps is not None else ""
            npr = ppr.find(W + "numPr")
            if npr is not None:
                num_id, ilvl = _num_pr(npr)
            ol = ppr.find(W + "outlineLvl")
            if ol is not None and ol.get(W + "val", "9").isdigit() and int(ol.get(W + "val", "9")) < 9:
                outline_direct = int(ol.get(W + "val", "9")) + 1
        name, outline, style_num, style_ilvl = self.styles.info(style_id)
        lower = name.lower()
        if lower.startswith("toc") or lower in ("table of contents", "index 1"):
            self.page += breaks
            return
        if not num_id and style_num:
            num_id = style_num
            ilvl = style_ilvl if style_ilvl is not None else self.numbering.level_for_style(num_id, style_id)
        number, bullet = self.numbering.next(num_id, ilvl or 0) if num_id else ("", False)
        if text:
            level = outline_direct or outline or (1 if lower in ("title",) else 0)
            kind: Kind = "paragraph"
            if not number and not level:
                number, text = split_number(text)
                if not number and _all_bold(p):
                    guessed, number, text = heading_level(text)
                    level = guessed or (2 if len(text.split()) <= 10 and not text.endswith(".") else 0)
            if level:
                kind = "heading"
            elif bullet or lower.startswith("list bullet") or lower == "list paragraph":
                kind = "list"
            elif lower in ("phrase", "quote", "intense quote") or "citat" in lower:
                kind = "phrase"
            self._emit(text, kind, level, number)
        for box in boxes:
            for child in box:
                self.block(child)
        self.page += breaks

    def table(self, tbl: Any) -> None:
        rows = list(_unwrapped(tbl, W + "tr"))
        header = ""
        for i, tr in enumerate(rows):
            trpr = tr.find(W + "trPr")
            if trpr is not None and trpr.find(W + "del") is not None:
                continue
            cells = []
            for tc in _unwrapped(tr, W + "tc"):
                pieces: list[str] = []
                _collect(tc, pieces, [], paragraph_gap=True)
                cells.append(" ".join("".join(pieces).split()))
            text = " | ".join(c for c in cells if c)
            if not text:
                continue
            self._emit(text, "table", context=header)
            if i == 0:
                header = text


def _unwrapped(el: Any, tag: str) -> Any:
    """Children with ``tag``, looking through content controls and other wrappers."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _unwrapped(child, tag)


def _collect(el: Any, out: list[str], boxes: list[Any], paragraph_gap: bool = False) -> int:
    """Append the visible text under ``el`` to ``out``; return the layout page breaks seen.

    Text boxes met inside a paragraph are handed back in ``boxes`` to be read as blocks after it.
    With ``paragraph_gap`` (table cells) paragraphs are separated by a space.
    """
    breaks = 0
    for child in el:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag == W + "t":
            out.append(child.text or "")
        elif tag in (W + "tab", W + "br", W + "cr"):
            out.append(" ")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "lastRenderedPageBreak":
            breaks += 1
        elif tag == W + "txbxContent":
            boxes.append(child)
        elif tag == W + "r":
            rpr = child.find(W + "rPr")
            if rpr is not None and rpr.find(W + "vanish") is not None:
                continue
            breaks += _collect(child, out, boxes)
        else:
            breaks += _collect(child, out, boxes, paragraph_gap)
            if paragraph_gap and tag == W + "p":
                out.append(" ")
    return breaks


def _all_bold(p: Any) -> bool:
    """Every run with text is bold (a heading made with direct formatting)."""
    runs = [r for r in p.iter(W + "r") if r.find(W + "t") is not None and (r.findtext(W + "t") or "").strip()]
    if not runs:
        return False
    for r in runs:
        rpr = r.find(W + "rPr")
        b = rpr.find(W + "b") if rpr is not None else None
        if b is None or b.get(W + "val", "true") in ("0", "false"):
            return False
    return True
