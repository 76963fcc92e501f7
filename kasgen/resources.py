"""Finds the bundled data folders, in a checkout and in an installed wheel alike."""

from __future__ import annotations

from functools import lru_cache
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


def digest_data_files(digest: Any, root: Path, skip: frozenset[str] = frozenset()) -> None:
    """Feed every YAML file under ``root`` into ``digest`` (a hashlib object), sorted by its path
    relative to ``root``: the path, a zero byte and the hash of its bytes. Equal digests mean equal
    data, whichever folder holds it (files named in ``skip`` are left out)."""
    import hashlib

    for path in sorted(Path(root).rglob("*.yaml")):
        if path.name in skip:
            continue
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def load_yaml(path: Path) -> Any:
    """Parse one of kasgen's own data files, strictly (see :func:`load_yaml_text`): an unquoted
    ``on`` or ``no`` in a word list would otherwise become true or false without a word."""
    return load_yaml_text(path.read_text(encoding="utf-8"))


def load_yaml_text(text: str) -> Any:
    """Parse YAML data text strictly (:mod:`kasgen.strict_yaml`, as answers files are read:
    duplicate keys, ``yes``/``no``, octal and base-60 numbers refused with a located
    :class:`~kasgen.strict_yaml.YamlProblem`), with libyaml's parser when PyYAML has it.

    The parsed value is kept in the on-disk cache (:mod:`kasgen.template_cache`), keyed by the
    text itself, so an unchanged file is parsed once per machine; values marshal cannot keep
    (dates) are parsed each time.
    """
    from kasgen import strict_yaml

    cache = _parsed_cache()
    if cache is not None:
        hit = cache.get(text)
        if isinstance(hit, tuple) and len(hit) == 1:
            return hit[0]
    data = strict_yaml.load(text)
    if cache is not None:
        try:
            cache.add(text, (data,))
        except ValueError:
            pass
    return data


@lru_cache(maxsize=1)
def _fingerprint() -> str:
    """What the parsed values depend on besides the text: PyYAML, its parser, kasgen, Python."""
    import hashlib
    import sys

    import yaml

    from kasgen import __version__

    parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader).__name__
    return hashlib.sha256(f"yaml {yaml.__version__} {parser} {__version__} {sys.version}".encode()).hexdigest()


def _parsed_cache() -> Any:
    """The on-disk cache of parsed YAML; None when the cache folder cannot be trusted."""
    from kasgen.template_cache import code_cache

    cache = code_cache(_fingerprint(), "data")
    return cache if cache.usable else None


def cache_dir(*parts: str) -> Path:
    """kasgen's cache folder (``$KASGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/kasgen`` or
    ``~/.cache/kasgen``); deleting it is always safe."""
    import os

    base = os.environ.get("KASGEN_CACHE_DIR") or Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    ) / "kasgen"
    return Path(base, *parts)
