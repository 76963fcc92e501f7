"""Finds the bundled data folders, in a checkout and in an installed wheel alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder ``templates`` or ``questionnaires``.

    An installed wheel carries them as ``kasgen/_data/<name>``; a checkout has them beside the
    package.
    """
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kasgen data folder {name!r} is missing from the installation")


def load_yaml(path: Path) -> Any:
    """Parse one of kasgen's own data files (libyaml when PyYAML has it: several times faster)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)  # noqa: S506 - a safe loader


def load_yaml_text(text: str) -> Any:
    """Parse YAML text with the same loader as :func:`load_yaml`."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader


def cache_dir(*parts: str) -> Path:
    """kasgen's cache folder (``$KASGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/kasgen`` or
    ``~/.cache/kasgen``); deleting it is always safe."""
    import os

    base = os.environ.get("KASGEN_CACHE_DIR") or Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    ) / "kasgen"
    return Path(base, *parts)
