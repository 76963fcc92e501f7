"""Compiled clause templates kept on disk between runs.

Compiling some 450 Jinja templates dominated a cold build (about 1.5 s of 2.5 s). The compiled
code objects are kept in one file per Python and Jinja version in the user's cache folder
(``$KASGEN_CACHE_DIR`` or ``~/.cache/kasgen``), keyed by a hash of each template's source; a
missing or unwritable cache only costs time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


class CodeCache:
    """Marshalled code objects of compiled templates, keyed by the source's SHA-256."""

    def __init__(self) -> None:
        import hashlib
        import marshal
        import sys

        import jinja2

        self._hash = hashlib.sha256
        self._marshal = marshal
        from kasgen.resources import cache_dir

        tag = f"py{sys.version_info[0]}{sys.version_info[1]}-jinja{jinja2.__version__}"
        self.path = str(cache_dir(f"templates-{tag}.bin"))
        self.entries: dict[str, bytes] = {}
        self.used: set[str] = set()
        self.dirty = False
        try:
            with open(self.path, "rb") as fh:
                loaded = marshal.load(fh)
            if isinstance(loaded, dict):
                self.entries = loaded
        except (OSError, EOFError, ValueError, TypeError):
            pass

    def _key(self, source: str) -> str:
        return self._hash(source.encode("utf-8")).hexdigest()

    def get(self, source: str) -> Any:
        key = self._key(source)
        self.used.add(key)
        blob = self.entries.get(key)
        if blob is None:
            return None
        try:
            return self._marshal.loads(blob)
        except (EOFError, ValueError, TypeError):
            return None

    def add(self, source: str, code: Any) -> None:
        key = self._key(source)
        self.used.add(key)
        self.entries[key] = self._marshal.dumps(code)
        self.dirty = True

    def save(self) -> None:
        import os
        import tempfile

        if not self.dirty:
            return
        if len(self.entries) > 20000:  # edited clause libraries leave stale entries behind
            self.entries = {k: v for k, v in self.entries.items() if k in self.used}
        try:
            folder = os.path.dirname(self.path)
            os.makedirs(folder, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".templates-")
            with os.fdopen(fd, "wb") as fh:
                self._marshal.dump(self.entries, fh)
            os.replace(tmp, self.path)
            self.dirty = False
        except OSError:
            pass


@lru_cache(maxsize=1)
def code_cache() -> CodeCache:
    return CodeCache()
