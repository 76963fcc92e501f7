"""Reads a PDF's text layer through poppler's ``pdftotext -layout``, page by page.

Pages come separated by form feeds, so every passage knows its page. Lines repeated on most
pages (running headers and footers, "Puslapis 3 iš 40") are dropped. A PDF without a text layer
(a scan) or one that needs a password is refused with a message saying so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from kasgen.audit.passages import Passage
from kasgen.audit.reader import passages_from_lines
from kasgen.errors import DocumentError

TIMEOUT_S = 120
_DIGITS = re.compile(r"\d+")


def read_pdf(path: Path) -> tuple[list[Passage], int]:
    """The passages of a PDF and its page count."""
    tool = shutil.which("pdftotext")
    if tool is None:
        raise DocumentError(
            f"{path}: reading PDF needs poppler's pdftotext (Debian: apt-get install poppler-utils)"
        )
    try:
        done = subprocess.run(
            [tool, "-layout", "-enc", "UTF-8", "-q", str(path), "-"],
            capture_output=True, timeout=TIMEOUT_S, check=False,
        )
    except subprocess.TimeoutExpired:
        raise DocumentError(f"{path}: reading the PDF took longer than {TIMEOUT_S} s; not read") from None
    except OSError as exc:
        raise DocumentError(f"{path}: pdftotext could not run ({exc.strerror})") from None
    if done.returncode != 0:
        # pdftotext exits 1 on a bad file, 3 on permissions; -q hides its wording, so ask again.
        message = _error_text(tool, path)
        if "password" in message.lower() or "encrypt" in message.lower():
            raise DocumentError(f"{path}: the PDF is password-protected; give a copy without a password")
        raise DocumentError(f"{path}: is not a readable PDF ({message or 'pdftotext failed'})")
    text = done.stdout.decode("utf-8", errors="replace")
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    if not any(page.strip() for page in pages):
        raise DocumentError(
            f"{path}: the PDF has no text layer (a scanned document?); run text recognition (OCR) "
            "on it or give the Word original"
        )
    lines, page_of = _page_lines(pages)
    return passages_from_lines(lines, path.name, page_of), len(pages)


def _error_text(tool: str, path: Path) -> str:
    try:
        done = subprocess.run([tool, "-l", "1", str(path), "/dev/null"], capture_output=True,
                              timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stderr.decode("utf-8", errors="replace").strip().splitlines()[-1:][0] if done.stderr else ""


def _page_lines(pages: list[str]) -> tuple[list[str], list[int]]:
    """All lines with their page numbers, without running headers and footers."""
    split = [page.splitlines() for page in pages]
    repeated: set[str] = set()
    if len(split) >= 3:
        seen: Counter[str] = Counter()
        for lines in split:
            edges = [ln for ln in lines if ln.strip()][:2] + [ln for ln in lines if ln.strip()][-2:]
            seen.update({_DIGITS.sub("#", " ".join(e.split())) for e in edges})
        repeated = {key for key, n in seen.items() if n >= max(3, len(split) // 2)}
    out: list[str] = []
    page_of: list[int] = []
    for number, lines in enumerate(split, start=1):
        for line in lines:
            key = _DIGITS.sub("#", " ".join(line.split()))
            if key in repeated or re.fullmatch(r"[-–— ]*#[-–— ]*", key):
                continue
            out.append(_unlayout(line))
            page_of.append(number)
        out.append("")  # a page break ends a paragraph unless it was hyphenated
        page_of.append(number)
    return out, page_of


def _unlayout(line: str) -> str:
    """Collapse the spacing -layout uses for columns and justification into single spaces,
    keeping table cells apart with a bar."""
    stripped = line.strip()
    return re.sub(r" {3,}", " | ", stripped) if re.search(r"\S {3,}\S", stripped) else stripped
