"""Writes the answers file: YAML with a short comment above each field, saved atomically.

The file is rewritten after every answer, so it is always either the previous or the next complete
version (a temporary file in the same folder, flushed to disk, then renamed over the old one).
Keys follow the profile's field order, whatever order they were answered in; keys the profile does
not know are kept after them (validation then names them). Hand-written comments are not kept.
"""

from __future__ import annotations

import os
import re
import tempfile
import textwrap
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kasgen.errors import OutputError

Order = Callable[[tuple[Any, ...]], list[str]]
_IDENT = re.compile(r"^[a-z_]+$")
_WIDTH = 100


def render(data: dict[str, Any], comments: dict[str, str], order: Order, header: list[str]) -> str:
    """The answers as YAML text.

    Args:
        data: the answers.
        comments: comment per field path, list indices left out (``branches.name``); shown above
            the field (in list items, above the first item's field only).
        order: the field names, in order, of the mapping at a path (of parts).
        header: comment lines at the top of the file.
    """
    lines = [f"# {line}" for line in header]
    lines += _Writer(comments, order).mapping(data, (), 0, True)
    return "\n".join(lines) + "\n"


def modeline(path: Path) -> str | None:
    """An editor's schema line (``# yaml-language-server: $schema=…``) at the top of the file, if any.

    The wizard rewrites the file without hand-written comments, but keeps this one: it is what
    lets an editor check the file against ``kasgen schema`` (README: "Editing the answers file").
    """
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            head = [fh.readline() for _ in range(3)]
    except OSError:
        return None
    found = next((line.strip() for line in head if line.lstrip("# ").startswith("yaml-language-server:")), None)
    return found.lstrip("# ").strip() if found else None


def save(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` atomically (UTF-8)."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, mode)  # mkstemp makes 0600 files; keep the old mode, or the usual one
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"{path}: cannot save the answers: {exc.strerror or exc}") from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class _Writer:
    def __init__(self, comments: dict[str, str], order: Order):
        self.comments = comments
        self.order = order

    def keys(self, data: dict[str, Any], parts: tuple[Any, ...]) -> list[str]:
        try:
            known = self.order(parts)
        except KeyError:
            known = []
        return [k for k in known if k in data] + [k for k in data if k not in known]

    def comment(self, parts: tuple[Any, ...], indent: int) -> list[str]:
        text = self.comments.get(".".join(str(p) for p in parts if not isinstance(p, int)))
        if not text:
            return []
        pad = " " * indent
        return [f"{pad}# {line}" for line in textwrap.wrap(text, max(40, _WIDTH - indent - 2))]

    def mapping(self, data: dict[str, Any], parts: tuple[Any, ...], indent: int, first: bool) -> list[str]:
        pad = " " * indent
        lines: list[str] = []
        for key in self.keys(data, parts):
            here = (*parts, key)
            value = data[key]
            if first:
                lines += self.comment(here, indent)
            if isinstance(value, dict) and value:
                lines.append(f"{pad}{key}:")
                lines += self.mapping(value, here, indent + 2, first)
            elif isinstance(value, list) and value and not _flow(value):
                lines.append(f"{pad}{key}:")
                lines += self.sequence(value, here, indent + 2, first)
            else:
                lines.append(f"{pad}{key}: {scalar(value)}".rstrip())
        return lines

    def sequence(self, items: list[Any], parts: tuple[Any, ...], indent: int, first: bool) -> list[str]:
        pad = " " * indent
        lines: list[str] = []
        for i, item in enumerate(items):
            if isinstance(item, dict) and item:
                body = self.mapping(item, (*parts, i), indent + 2, first and i == 0)
                lead = next(n for n, line in enumerate(body) if not line.lstrip().startswith("#"))
                body[lead] = f"{pad}- {body[lead].lstrip()}"
                lines += body
            else:
                lines.append(f"{pad}- {scalar(item)}")
        return lines


def _flow(items: list[Any]) -> bool:
    """Short lists of identifiers (channels, groups) read best on one line: ``[phone, email]``."""
    return all(isinstance(i, str) and _IDENT.match(i) for i in items) and len(", ".join(items)) < 70


def scalar(value: Any) -> str:
    """One value in YAML flow form; None is written as nothing (``key:``), i.e. left empty."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bool) or not isinstance(value, int | str):
        return _dump(value)
    return _dump_cached(type(value).__name__, value)


@lru_cache(maxsize=4096)
def _dump_cached(kind: str, value: Any) -> str:
    return _dump(value)


def _dump(value: Any) -> str:
    style = '"' if isinstance(value, str) and ("\n" in value or "\r" in value) else None
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1_000_000,
                          default_style=style)
    return text.removesuffix("\n...\n").removesuffix("\n")
