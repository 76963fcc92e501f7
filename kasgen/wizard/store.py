"""Writes the answers file: YAML with a short comment above each field, saved atomically.

The file is rewritten after every answer, so it is always either the previous or the next complete
version (a temporary file in the same folder, flushed to disk, then renamed over the old one).
Keys follow the profile's field order, whatever order they were answered in; keys the profile does
not know are kept after them (validation then names them). Hand-written comments are not kept.

A hand-edited file is written back as it was meant: a value used in several places through an
alias (``&name``/``*name``) is written once with an anchor, never expanded (a small alias chain
must not grow the file to megabytes); a value that contains itself is refused with a message.

Saving merges with what another interview saved meanwhile and keeps a recovery copy when the
file cannot be written (:mod:`kasgen.answers_save`).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kasgen import answers_save
from kasgen.errors import OutputError

Order = Callable[[tuple[Any, ...]], list[str]]
_IDENT = re.compile(r"^[a-z_]+$")
_WIDTH = 100
#: The arguments of the last :func:`render`, to render a merged result the same way.
_LAST_RENDER: tuple[dict[str, str], Order | None, list[str]] = ({}, None, [])


def render(data: dict[str, Any], comments: dict[str, str], order: Order, header: list[str]) -> str:
    """The answers as YAML text.

    Args:
        data: the answers.
        comments: comment per field path, list indices left out (``branches.name``); shown above
            the field (in list items, above the first item's field only).
        order: the field names, in order, of the mapping at a path (of parts).
        header: comment lines at the top of the file.
    """
    global _LAST_RENDER
    _LAST_RENDER = (comments, order, header)
    lines = [f"# {line}" for line in header]
    lines += _Writer(comments, order, data).mapping(data, (), 0, True)
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
    """Replace ``path`` with ``text`` atomically (UTF-8), merged with changes saved meanwhile
    (:mod:`kasgen.answers_save`).

    Raises:
        OutputError: the file cannot be written, or was changed into something unreadable; every
            answer is then in a recovery copy the message names.
    """
    comments, order, header = _LAST_RENDER
    answers_save.save_merged(path, text, lambda data: _render_plain(data, comments, order, header))


def _render_plain(data: Any, comments: dict[str, str], order: Order | None, header: list[str]) -> str:
    lines = [f"# {line}" for line in header]
    lines += _Writer(comments, order or (lambda parts: []), data).mapping(data, (), 0, True)
    return "\n".join(lines) + "\n"


class _Writer:
    def __init__(self, comments: dict[str, str], order: Order, data: Any = None):
        self.comments = comments
        self.order = order
        self.shared = _shared(data)
        self.anchors: dict[int, str] = {}

    def keys(self, data: dict[str, Any], parts: tuple[Any, ...]) -> list[Any]:
        try:
            known = self.order(parts)
        except (KeyError, TypeError, AttributeError):
            known = []
        return [k for k in known if k in data] + [k for k in data if k not in known]

    def comment(self, parts: tuple[Any, ...], indent: int) -> list[str]:
        text = self.comments.get(".".join(str(p) for p in parts if not isinstance(p, int)))
        if not text:
            return []
        pad = " " * indent
        return [f"{pad}# {line}" for line in textwrap.wrap(text, max(40, _WIDTH - indent - 2))]

    def anchor(self, value: Any) -> tuple[str, bool]:
        """``(" &k1", False)`` the first time a shared value is written, ``(" *k1", True)`` after."""
        if id(value) not in self.shared:
            return "", False
        if id(value) in self.anchors:
            return f" *{self.anchors[id(value)]}", True
        self.anchors[id(value)] = name = f"k{len(self.anchors) + 1}"
        return f" &{name}", False

    def mapping(self, data: dict[str, Any], parts: tuple[Any, ...], indent: int, first: bool) -> list[str]:
        pad = " " * indent
        lines: list[str] = []
        for key in self.keys(data, parts):
            here = (*parts, key)
            value = data[key]
            name = _key(key)
            if first:
                lines += self.comment(here, indent)
            block = (isinstance(value, dict) and value) or (
                isinstance(value, list) and value and not _flow(value))
            if block:
                mark, alias = self.anchor(value)
                lines.append(f"{pad}{name}:{mark}")
                if not alias and isinstance(value, dict):
                    lines += self.mapping(value, here, indent + 2, first)
                elif not alias:
                    lines += self.sequence(value, here, indent + 2, first)
            else:
                lines.append(f"{pad}{name}: {self.flow(value)}".rstrip())
        return lines

    def sequence(self, items: list[Any], parts: tuple[Any, ...], indent: int, first: bool) -> list[str]:
        pad = " " * indent
        lines: list[str] = []
        for i, item in enumerate(items):
            if isinstance(item, dict) and item:
                mark, alias = self.anchor(item)
                if alias or mark:
                    lines.append(f"{pad}-{mark}")
                    if not alias:
                        lines += self.mapping(item, (*parts, i), indent + 2, first and i == 0)
                    continue
                body = self.mapping(item, (*parts, i), indent + 2, first and i == 0)
                lead = next(n for n, line in enumerate(body) if not line.lstrip().startswith("#"))
                body[lead] = f"{pad}- {body[lead].lstrip()}"
                lines += body
            else:
                lines.append(f"{pad}- {self.flow(item)}".rstrip())
        return lines

    def flow(self, value: Any, inside: bool = False) -> str:
        """One value in YAML flow form, shared collections with anchors; None as nothing at the
        top (``key:``, left empty) and as ``null`` inside a collection."""
        if isinstance(value, (dict, list)):
            mark, alias = self.anchor(value)
            if alias:
                return mark.strip()
            if isinstance(value, list):
                body = "[" + ", ".join(self.flow(v, True) for v in value) + "]"
            else:
                body = "{" + ", ".join(f"{_key(k)}: {self.flow(v, True)}" for k, v in value.items()) + "}"
            return f"{mark.strip()} {body}".strip()
        if value is None:
            return "null" if inside else ""
        return scalar(value)


def _key(key: Any) -> str:
    """A mapping key as YAML reads it back: plain when it can be, quoted otherwise."""
    return scalar(key) if key is not None else "null"


def _shared(data: Any) -> set[int]:
    """Ids of the mappings and lists the data reaches more than once (YAML aliases).

    Raises:
        OutputError: a value contains itself (a recursive alias), which cannot be written.
    """
    seen: set[int] = set()
    shared: set[int] = set()
    stack: list[tuple[Any, bool]] = [(data, False)]
    open_ids: set[int] = set()
    while stack:
        value, leaving = stack.pop()
        if leaving:
            open_ids.discard(id(value))
            continue
        if not isinstance(value, (dict, list)):
            continue
        if id(value) in open_ids:
            raise OutputError(
                "the answers contain a value that includes itself (a recursive alias &name … "
                "*name); remove the alias from the answers file"
            )
        if id(value) in seen:
            shared.add(id(value))
            continue
        seen.add(id(value))
        open_ids.add(id(value))
        stack.append((value, True))
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, False) for child in children)
    return shared


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
