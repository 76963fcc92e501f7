"""Reads the standard under audit: Word, PDF or plain text files into located passages.

Each input is checked before it is opened: a missing path, a folder, a FIFO or device, an empty
file, a file over the size limit or of an unknown type is refused with a message naming the
file (:class:`~kasgen.errors.DocumentError`, exit 2). Several files are read as one standard set
(for instance the staff standard and a separate management annex).
"""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from pathlib import Path

from kasgen.audit.passages import (
    Location,
    Passage,
    Sentence,
    heading_level,
    sentences,
    split_number,
)
from kasgen.errors import DocumentError
from kasgen.inputs import special_kind

MAX_BYTES = {"docx": 60_000_000, "pdf": 150_000_000, "txt": 20_000_000}
_SUFFIXES = {".docx": "docx", ".docm": "docx", ".pdf": "pdf", ".txt": "txt", ".md": "txt", ".text": "txt"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class SourceFile:
    path: Path
    kind: str  # docx, pdf, txt
    passages: list[Passage]
    tracked_changes: int = 0  # pending insertions and deletions read as accepted
    pages: int | None = None


@dataclass
class StandardSet:
    """The files of one organisation's standard, read as one document."""

    files: list[SourceFile]
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def passages(self) -> list[Passage]:
        return [p for f in self.files for p in f.passages]


def read_standard(paths: list[Path]) -> StandardSet:
    """Read every file (checked first, all of them, before any is parsed) into one set."""
    if not paths:
        raise DocumentError("no file to audit")
    kinds = [check_input(Path(p)) for p in paths]
    files = [_read(Path(p), kind) for p, kind in zip(paths, kinds)]
    result = StandardSet(files)
    result.sentences = split_sentences(result.passages)
    if not result.sentences:
        names = ", ".join(str(p) for p in paths)
        raise DocumentError(f"{names}: no text found to audit")
    return result


def check_input(path: Path) -> str:
    """Refuse what cannot be a standard before opening it; return its kind (docx, pdf, txt)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise DocumentError(f"{path}: no such file") from None
    except OSError as exc:
        raise DocumentError(f"{path}: cannot be read ({exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise DocumentError(f"{path}: is a folder; name the standard's files")
    kind_of_file = special_kind(st.st_mode)
    if kind_of_file:
        raise DocumentError(f"{path}: is {kind_of_file}, not a regular file; save the standard as a file first")
    kind = _SUFFIXES.get(path.suffix.lower())
    if kind is None:
        if path.suffix.lower() in (".doc", ".rtf", ".odt", ".pages"):
            raise DocumentError(f"{path}: this format is not read; save it as .docx (Word) or .pdf first")
        raise DocumentError(f"{path}: unknown file type {path.suffix or '(none)'}; give a .docx, .pdf or .txt file")
    if st.st_size == 0:
        raise DocumentError(f"{path}: the file is empty")
    if st.st_size > MAX_BYTES[kind]:
        raise DocumentError(
            f"{path}: the file is too large to be a standard ({st.st_size // 1_000_000} MB; "
            f"the limit for .{kind} is {MAX_BYTES[kind] // 1_000_000} MB)"
        )
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise DocumentError(f"{path}: cannot be read ({exc.strerror})") from None
    if kind == "docx" and head.startswith(_OLE_MAGIC):
        raise DocumentError(
            f"{path}: is password-protected or an old Word (.doc) file; remove the password "
            "or save it as .docx first"
        )
    if kind == "docx" and not head.startswith(b"PK"):
        raise DocumentError(f"{path}: is not a Word document (.docx)")
    if kind == "pdf" and b"%PDF" not in head[:8]:
        raise DocumentError(f"{path}: is not a PDF document")
    return kind


def _read(path: Path, kind: str) -> SourceFile:
    if kind == "docx":
        from kasgen.audit.docx_reader import read_docx

        passages, changes, pages = read_docx(path)
        return SourceFile(path, kind, passages, changes, pages)
    if kind == "pdf":
        from kasgen.audit.pdf_reader import read_pdf

        passages, pages = read_pdf(path)
        return SourceFile(path, kind, passages, pages=pages)
    return SourceFile(path, kind, read_text(path))


def decode_text(path: Path, data: bytes) -> str:
    """Text in UTF-8 (with or without BOM), UTF-16 with BOM, or the Baltic code page."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise DocumentError(f"{path}: is not readable text") from None
    if b"\x00" in data[:65536]:
        raise DocumentError(f"{path}: is not a text file (it contains binary data)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1257", errors="replace")
    if text.count("\ufffd") > len(text) // 100:
        raise DocumentError(f"{path}: is not readable text (unknown encoding)")
    return text


def read_text(path: Path) -> list[Passage]:
    """Plain text: paragraphs are separated by blank lines; list items and headings stand alone."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path}: cannot be read ({exc.strerror})") from None
    return passages_from_lines(decode_text(path, data).splitlines(), path.name)


def passages_from_lines(lines: list[str], file: str, page_of: list[int] | None = None) -> list[Passage]:
    """Group lines of text into passages (shared by the text and PDF readers).

    ``page_of`` gives each line's page number (PDF). Hyphenated line ends are joined.
    """
    out: list[Passage] = []
    buf: list[str] = []
    buf_page: int | None = None
    heading = ""
    count = 0
    table_header = ""

    def flush() -> None:
        nonlocal buf, count
        if buf:
            text = " ".join(buf)
            count += 1
            number, rest = split_number(text)
            out.append(Passage(rest, "paragraph", Location(file, count, heading, buf_page), number=number))
        buf = []

    for i, raw in enumerate(lines):
        line = raw.strip()
        page = page_of[i] if page_of else None
        if " | " not in line:
            table_header = ""
        if not line:
            flush()
            continue
        if " | " in line:  # a table row (a PDF's columns, a text table)
            flush()
            count += 1
            cells = " | ".join(c.strip() for c in line.strip("|").split(" | ") if c.strip())
            out.append(Passage(cells, "table", Location(file, count, heading, page), context=table_header))
            table_header = table_header or cells
            continue
        level, number, text = heading_level(line)
        bullet = line[:2] in ("- ", "* ", "• ", "– ", "— ", "· ") or line[:1] in ("•", "·", "▪", "")
        if level and not (buf and not buf[-1].endswith((".", ":", "?", "!"))):
            flush()
            count += 1
            heading = f"{number} {text}".strip()
            out.append(Passage(text, "heading", Location(file, count, heading, page), level, number))
            continue
        if bullet:
            flush()
            count += 1
            item = line.lstrip("-*•–—·▪ ").strip()
            out.append(Passage(item, "list", Location(file, count, heading, page)))
            continue
        if buf and split_number(line)[0] and buf[-1].endswith((".", ":", ";")):
            flush()  # a new numbered clause starts a new passage
        if not buf:
            buf_page = page
        if buf and buf[-1].endswith("-") and len(buf[-1]) > 1 and buf[-1][-2].isalpha():
            buf[-1] = buf[-1][:-1] + line
        else:
            buf.append(line)
    flush()
    return out


def standard_from_text(text: str, name: str = "text") -> StandardSet:
    """A standard set from text held in memory (tests, the evaluation script)."""
    result = StandardSet([SourceFile(Path(name), "txt", passages_from_lines(text.splitlines(), name))])
    result.sentences = split_sentences(result.passages)
    return result


def split_sentences(passages: list[Passage]) -> list[Sentence]:
    """Every passage's sentences, each with the heading path above it."""
    out: list[Sentence] = []
    path: list[tuple[int, str]] = []
    for p in passages:
        if p.kind == "heading":
            path = [(lvl, t) for lvl, t in path if lvl < p.level] + [(p.level, p.text)]
            continue
        heads = tuple(t for _, t in path)
        pieces = [p.text] if p.kind in ("table", "phrase") else sentences(p.text)
        for s in pieces:
            out.append(Sentence(s, p, heads, len(out)))
    return out
