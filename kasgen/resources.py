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
    """Parse one of kasgen's own data files, strictly (see :func:`load_yaml_text`): an unquoted
    ``on`` or ``no`` in a word list would otherwise become true or false without a word."""
    return load_yaml_text(path.read_text(encoding="utf-8"), strict=True)


def load_yaml_text(text: str, strict: bool = False) -> Any:
    """Parse YAML data text: libyaml when PyYAML has it (several times faster than the pure-Python
    loader), and the parsed value kept in the on-disk cache (:mod:`kasgen.template_cache`), keyed
    by the text itself, so an unchanged file is parsed once per machine. Values marshal cannot
    keep (dates) are parsed each time.

    ``strict``: read as an answers file is (:mod:`kasgen.strict_yaml`: duplicate keys, ``yes``/
    ``no``, octal and base-60 numbers refused with a located
    :class:`~kasgen.strict_yaml.YamlProblem`); the cache makes the strict reading free after the
    first build.
    """
    import yaml

    cache = _parsed_cache(strict)
    if cache is not None:
        hit = cache.get(text)
        if isinstance(hit, tuple) and len(hit) == 1:
            return hit[0]
    if strict:
        from kasgen import strict_yaml

        data = strict_yaml.load(text)
    else:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    if cache is not None:
        try:
            cache.add(text, (data,))
        except ValueError:
            pass
    return data


def _parsed_cache(strict: bool) -> Any:
    """The on-disk cache of parsed YAML for this PyYAML, loader, mode and Python; None when the
    cache folder cannot be trusted."""
    import hashlib
    import sys

    import yaml

    from kasgen import __version__
    from kasgen.template_cache import code_cache

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    setting = f"yaml {yaml.__version__} {loader.__name__} {strict} {__version__} {sys.version}"
    fingerprint = hashlib.sha256(setting.encode()).hexdigest()
    cache = code_cache(fingerprint, "data-strict" if strict else "data")
    return cache if cache.usable else None



def cache_dir(*parts: str) -> Path:
    """kasgen's cache folder (``$KASGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/kasgen`` or
    ``~/.cache/kasgen``); deleting it is always safe."""
    import os

    base = os.environ.get("KASGEN_CACHE_DIR") or Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    ) / "kasgen"
    return Path(base, *parts)
