"""Dotted field paths over plain answers data: ``organisation.name``, ``branches.2.address``."""

from __future__ import annotations

from typing import Any

Part = str | int


def split(path: str) -> tuple[Part, ...]:
    """``"branches.2.name"`` → ``("branches", 2, "name")``."""
    return tuple(int(p) if p.isdigit() else p for p in path.split("."))


def join(*parts: Part | str) -> str:
    return ".".join(str(p) for p in parts if p != "")


def get(data: Any, path: str) -> Any:
    """The answer at ``path``; KeyError when it is absent (an explicit ``null`` is present)."""
    node = data
    for part in split(path):
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                raise KeyError(path)
            node = node[part]
        else:
            if not isinstance(node, dict) or part not in node:
                raise KeyError(path)
            node = node[part]
    return node


def has(data: Any, path: str) -> bool:
    try:
        get(data, path)
    except KeyError:
        return False
    return True


def put(data: dict[str, Any], path: str, value: Any) -> None:
    """Set the answer at ``path``, creating the mappings (not list items) on the way."""
    parts = split(path)
    node: Any = data
    for part in parts[:-1]:
        if isinstance(part, int):
            node = node[part]
        else:
            node = node.setdefault(part, {})
    node[parts[-1]] = value


def remove(data: dict[str, Any], path: str) -> bool:
    """Remove the answer at ``path`` and any mapping left empty above it; True if it was there."""
    parts = split(path)
    trail: list[tuple[Any, Part]] = []
    node: Any = data
    for part in parts:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return False
        elif not isinstance(node, dict) or part not in node:
            return False
        trail.append((node, part))
        node = node[part]
    parent, key = trail.pop()
    del parent[key]
    while trail and parent == {}:
        parent, key = trail.pop()
        if isinstance(parent, dict):
            del parent[key]
    return True
