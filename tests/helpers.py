"""Inputs built inline for tests: answers dicts, answers files and dumps of built documents."""

from __future__ import annotations

import copy
import io
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import yaml
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))

_MINIMAL: dict[str, Any] = {
    "organisation": {
        "name": "Testo paslaugos UAB",
        "short_name": "Testo paslaugos",
        "sector": "retail",
        "address": "Gedimino pr. 1, Vilnius",
    },
    "channels": ["in_person", "phone", "email"],
    "document": {"effective_date": "2027-01-01", "language": "lt"},
}


def answers(**changes: Any) -> dict[str, Any]:
    """A minimal valid answers dict; keyword arguments replace top-level keys.

    Dotted keys reach inside: ``answers(**{"organisation.sector": "healthcare"})``.
    """
    data = copy.deepcopy(_MINIMAL)
    for key, value in changes.items():
        target = data
        parts = key.split(".")
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        if value is _DELETE:
            target.pop(parts[-1], None)
        else:
            target[parts[-1]] = value
    return data


_DELETE = object()
DELETE = _DELETE


def write_answers(folder: Path, data: dict[str, Any] | str, name: str = "answers.yaml") -> Path:
    path = folder / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def body_elements(d: Any) -> list[Any]:
    """The body's paragraphs and tables in order, also those inside content controls (kasgen
    wraps every section in one; python-docx's ``doc.paragraphs`` does not look inside)."""
    out: list[Any] = []

    def walk(container: Any) -> None:
        for child in container:
            tag = child.tag.rsplit("}", 1)[-1]
            if tag in ("p", "tbl"):
                out.append(child)
            elif tag == "sdt":
                walk(child.find(qn("w:sdtContent")))

    walk(d.element.body)
    return out


def paragraphs(d: Any) -> list[Any]:
    """Every body paragraph (outside tables) as python-docx paragraphs."""
    return [Paragraph(e, d._body) for e in body_elements(d) if e.tag == qn("w:p")]


def tables(d: Any) -> list[Any]:
    return [Table(e, d._body) for e in body_elements(d) if e.tag == qn("w:tbl")]


def document_text(source: Path | bytes) -> str:
    """All visible text of a .docx (a path or its bytes): body, tables, headers and footers."""
    d = docx.Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    texts = [p.text for p in paragraphs(d)]
    for t in tables(d):
        for row in t.rows:
            texts += [c.text for c in row.cells]
    for s in d.sections:
        texts += [p.text for p in s.header.paragraphs] + [p.text for p in s.footer.paragraphs]
    return "\n".join(texts)


def dump(path: Path) -> str:
    """A stable text dump of a .docx: style and text per paragraph, tables, header, footer, core."""
    d = docx.Document(str(path))
    lines: list[str] = []
    for child in body_elements(d):
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = docx.text.paragraph.Paragraph(child, d._body)
            text = p.text
            if text or p.style.name not in ("Normal",):
                lines.append(f"[{p.style.name}] {text}")
        elif tag == "tbl":
            t = docx.table.Table(child, d._body)
            lines.append("[table]")
            for row in t.rows:
                lines.append("  | " + " | ".join(c.text.replace("\n", " / ") for c in row.cells) + " |")
    for i, s in enumerate(d.sections):
        lines.append(f"[section {i}] {s.orientation.name.lower()}")
    s = d.sections[0]
    lines += [f"[header] {p.text}" for p in s.header.paragraphs]
    lines += [f"[footer] {p.text}" for p in s.footer.paragraphs]
    cp = d.core_properties
    lines += [f"[core] title={cp.title} subject={cp.subject} language={cp.language} version={cp.version}"]
    return "\n".join(lines) + "\n"


LEFTOVERS = re.compile(r"\{\{|\{%|\bNone\b|\bTODO\b|[Ll]orem ipsum|\bundefined\b|XXX")


def strings_in(data: Any) -> list[str]:
    """Every string in nested answers data, longest first (to tell the organisation's own words
    from template text)."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.append(value.strip())
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(data)
    return sorted(found, key=len, reverse=True)


def load_sample(path: Path) -> Any:
    """A sample's profile (validated like every answers file)."""
    from kasgen.answers import load_profile

    return load_profile(path)


def python_output(code: str, *args: str, timeout: float = 60, env: dict[str, str] | None = None) -> str:
    """What ``python -c code args…`` prints, run in a fresh interpreter from the project's root;
    it must exit 0 (its error output is the assertion's message)."""
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout
