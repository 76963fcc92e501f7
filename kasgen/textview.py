"""The standard as plain text for ``kasgen text``: a quick read in the terminal.

Norms keep their numbers; what is not a norm is marked so a reader tells it apart at a glance:
phrases to say with ``»``, notes for the editor (Word comments in the .docx) with ``[!]`` and the
document's own word for them, bullets with ``•``, figures and tables in brackets and columns.
"""

from __future__ import annotations

from kasgen.document import Document, Figure, Heading, Para

INDENT = "    "


def text_view(document: Document) -> list[str]:
    """The document's lines for a terminal (see the module docstring)."""
    note = document.meta.labels.get("note", "Note")
    lines: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            if block.level == 1 and lines:
                lines.append("")
            lines.append(f"{'#' * block.level} {block.numbered_text}")
        elif isinstance(block, Para):
            lines.append(_para(block, note))
            lines += [f"{INDENT}[!] {note}: {comment}" for comment in block.comments]
        elif isinstance(block, Figure):
            lines.append(f"[{block.caption}]")
        else:
            lines.append(" | ".join(block.header))
            lines += [" | ".join("".join(r.text for r in cell) for cell in row) for row in block.rows]
    return lines


def _para(para: Para, note: str) -> str:
    if para.role == "phrase":
        return f"{INDENT}» {para.text}"
    if para.role == "bullet":
        return f"{INDENT}• {para.text}"
    if para.role == "subclause":
        return f"{INDENT}{para.number} {para.text}".rstrip()
    return f"{para.number} {para.text}".strip()
