"""Compiled clause templates (and parsed data files) kept on disk between runs, authenticated so
they cannot run foreign code.

Compiling some 450 Jinja templates dominated a cold build (about 1.5 s of 2.5 s). The compiled
code objects are kept in the user's cache folder (``$KASGEN_CACHE_DIR``, else ``~/.cache/kasgen``).
Loading code from disk means running it, so the cache trusts only what this user's kasgen wrote:

* the folder must belong to the user and not be writable by anyone else, or it is not used;
* the file is authenticated with an HMAC-SHA256 whose key is a random secret in the folder
  (readable by the user alone) bound to that secret file's identity (device, inode, user), so a
  cache copied from elsewhere (a shared folder, a restored or copied home directory) fails the
  check and is compiled afresh;
* nothing is unmarshalled before the HMAC matches;
* entries are keyed by the template's source, the Jinja environment's settings (delimiters,
  whitespace handling, sandbox operators, code generator) and the kasgen, Jinja and Python
  versions, so a changed setting never serves stale code.

The same store, in a file of its own (``data-*.bin``), keeps kasgen's parsed YAML data (the norm
registry, the domain and language files): parsing some 1.5 MB of YAML took about 0.15 s of every
build, reading the parsed values back takes a few milliseconds (:func:`kasgen.resources.load_yaml_text`).

Validated data (the norm registry and the domain files, pydantic models) is kept pickled in
files of their own (``registry-*.bin``, ``domain-*.bin``; :func:`cached_object`), keyed by the
files' bytes and the source of the models that validate them: checking some 300 registry entries
took a tenth of a build, unpickling them less than half of that. The shell's parts, cleaned up for
docxtpl, are kept in ``shell-*.bin``; the audit's exemplar index (the rubric's sentences and the
learned data, stemmed and weighed) in ``audit-index-*.bin``.

A missing, refused or damaged cache only costs time. :data:`refusals` says why a cache was not used.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
import sys
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")

_MAGIC = b"kasgen-template-cache 2\n"
_KEY_FILE = "key"
_MAX_ENTRIES = 20_000

#: Why the on-disk cache was not used in this process (shown by the CLI as a note).
refusals: list[str] = []


def environment_fingerprint(env: Any) -> str:
    """A hash of every environment setting that changes the code Jinja compiles."""
    import jinja2

    from kasgen import __version__

    settings = (
        f"{type(env).__module__}.{type(env).__qualname__}",
        f"{env.code_generator_class.__module__}.{env.code_generator_class.__qualname__}",
        env.block_start_string, env.block_end_string, env.variable_start_string,
        env.variable_end_string, env.comment_start_string, env.comment_end_string,
        env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks,
        env.newline_sequence, env.keep_trailing_newline, repr(env.autoescape), env.optimized,
        env.sandboxed, sorted(getattr(env, "intercepted_binops", ())),
        sorted(getattr(env, "intercepted_unops", ())), sorted(env.extensions),
        __version__, jinja2.__version__, sys.version,
    )
    return hashlib.sha256(repr(settings).encode()).hexdigest()


class CodeCache:
    """Marshalled code objects of compiled templates (see the module docstring)."""

    def __init__(self, fingerprint: str, kind: str = "templates", max_entries: int = _MAX_ENTRIES):
        from kasgen.resources import cache_dir

        self.fingerprint = fingerprint
        self.folder = cache_dir()
        self.path = self.folder / f"{kind}-{fingerprint[:16]}.bin"
        self.entries: dict[str, bytes] = {}
        self.max_entries = max_entries
        self.used: set[str] = set()
        self.dirty = False
        self.key: bytes | None = None
        self.usable = True
        try:
            self._open()
        except OSError:
            self.key = None

    # -- trust ---------------------------------------------------------------------------------
    def _refuse(self, why: str) -> None:
        self.usable = False
        refusals.append(f"{self.folder}: {why}")

    def _open(self) -> None:
        if self.folder.exists():
            info = os.stat(self.folder)
            if not stat.S_ISDIR(info.st_mode):
                return self._refuse("not a folder")
            problem = _unsafe(info)
            if problem:
                return self._refuse(problem)
        self.key = self._load_key()
        if self.key is None:
            return
        blob = _read_private(self.path)
        if blob is None or not blob.startswith(_MAGIC):
            return
        tag, payload = blob[len(_MAGIC):len(_MAGIC) + 32], blob[len(_MAGIC) + 32:]
        if not hmac.compare_digest(tag, self._mac(payload)):
            return  # written elsewhere, or tampered with: compile afresh and overwrite it
        import marshal

        try:
            loaded = marshal.loads(payload)
        except (EOFError, ValueError, TypeError):
            return
        if isinstance(loaded, dict):
            self.entries = loaded

    def _load_key(self) -> bytes | None:
        """The secret, bound to this file's identity; made on first use."""
        os.makedirs(self.folder, mode=0o700, exist_ok=True)
        path = self.folder / _KEY_FILE
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(path, flags)
        except FileNotFoundError:
            secret = os.urandom(32)
            create = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            try:
                fd = os.open(path, create | getattr(os, "O_BINARY", 0), 0o600)
            except FileExistsError:  # another kasgen made it just now
                return self._load_key_again(path, flags)
            with os.fdopen(fd, "wb") as fh:
                fh.write(secret)
            return self._load_key_again(path, flags)
        return _bound_key(fd, self._refuse)

    def _load_key_again(self, path: Path, flags: int) -> bytes | None:
        return _bound_key(os.open(path, flags), self._refuse)

    def _mac(self, payload: bytes) -> bytes:
        assert self.key is not None
        return hmac.new(self.key, _MAGIC + self.fingerprint.encode() + payload, hashlib.sha256).digest()

    # -- entries -------------------------------------------------------------------------------
    def _entry_key(self, source: str) -> str:
        return hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, source: str) -> Any:
        import marshal

        key = self._entry_key(source)
        self.used.add(key)
        blob = self.entries.get(key)
        if blob is None:
            return None
        try:
            return marshal.loads(blob)
        except (EOFError, ValueError, TypeError):
            return None

    def add(self, source: str, code: Any) -> None:
        """Keep ``code`` (a code object, or plain data) for ``source``; a value marshal cannot
        write (a date parsed from YAML) raises ValueError and is simply not kept."""
        import marshal

        key = self._entry_key(source)
        blob = marshal.dumps(code)
        self.used.add(key)
        self.entries[key] = blob
        self.dirty = True

    def save(self) -> None:
        import marshal

        from kasgen.errors import OutputError
        from kasgen.outputs import write_atomically

        if not self.dirty or not self.usable or self.key is None:
            return
        if len(self.entries) > self.max_entries:  # edited clause libraries leave stale entries behind
            self.entries = {k: v for k, v in self.entries.items() if k in self.used}
        payload = marshal.dumps(self.entries)
        try:
            write_atomically(self.path, _MAGIC + self._mac(payload) + payload)
            os.chmod(self.path, 0o600)
            self.dirty = False
        except (OSError, OutputError):
            pass


def _unsafe(info: os.stat_result) -> str | None:
    """Why a cache folder or file cannot be trusted, or None."""
    getuid = getattr(os, "getuid", None)
    if getuid is not None and info.st_uid != getuid():
        return "belongs to another user"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and os.name == "posix":
        return "can be written by other users"
    return None


def _bound_key(fd: int, refuse: Any) -> bytes | None:
    """Read the secret from ``fd`` (closing it) and bind it to the file's identity."""
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            refuse("its key is not a regular file")
            return None
        problem = _unsafe(info)
        if problem is None and os.name == "posix" and info.st_mode & 0o077:
            problem = "its key can be read by other users"
        if problem:
            refuse(f"its key {problem}")
            return None
        secret = os.read(fd, 64)
    finally:
        os.close(fd)
    if len(secret) != 32:
        return None
    identity = f"{info.st_dev}:{info.st_ino}:{getattr(os, 'getuid', lambda: -1)()}".encode()
    return hmac.new(secret, identity, hashlib.sha256).digest()


def _read_private(path: Path) -> bytes | None:
    """The cache file, if it is a regular file this user alone can write; else None."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or _unsafe(info) or info.st_size > 200_000_000:
            return None
        with os.fdopen(os.dup(fd), "rb") as fh:
            return fh.read()
    finally:
        os.close(fd)


_OPEN: dict[tuple[str, str], CodeCache] = {}


def code_cache(fingerprint: str = "", kind: str = "templates", max_entries: int = _MAX_ENTRIES) -> CodeCache:
    """The process's one cache of this kind and fingerprint (opened on first use); when it holds
    more than ``max_entries`` at exit, the entries this process did not use are dropped.

    What the process adds is written when it exits (:func:`save_caches`), so a text compiled or a
    file parsed late in a build (the questionnaire's labels, read by the views) is kept too.
    """
    if not _OPEN:
        import atexit

        atexit.register(save_caches)
    if (fingerprint, kind) not in _OPEN:
        _OPEN[fingerprint, kind] = CodeCache(fingerprint, kind, max_entries)
    return _OPEN[fingerprint, kind]


def cached_code(cache: CodeCache, source: str, compile_source: Callable[[str], Any]) -> Any:
    """The code ``compile_source`` makes of ``source``, taken from ``cache`` when it holds it."""
    code = cache.get(source)
    if code is None:
        code = compile_source(source)
        cache.add(source, code)
    return code


def code_fingerprint(*modules: Any) -> str:
    """A hash of kasgen's and pydantic's versions, Python's and the source of ``modules``: what a
    validated object kept by :func:`cached_object` is made of besides its data files (a model
    changed within one kasgen version must not load an old pickle)."""
    import pydantic

    from kasgen import __version__

    code = hashlib.sha256(f"{__version__} {pydantic.VERSION} {sys.version}".encode())
    for module in modules:
        code.update(Path(str(module.__file__)).read_bytes())
    return code.hexdigest()


def cached_object(kind: str, fingerprint: str, key: str, make: Callable[[], T], expected: type,
                  before_keeping: Callable[[T], None] | None = None) -> T:
    """What ``make`` returns (kasgen's data files read and validated), kept pickled in the store
    of ``kind`` under ``key`` (which names the files' bytes), so that the next process unpickles
    it instead of validating again. Unpickling runs code, so it happens only for a cache this
    user's kasgen wrote (the HMAC); a stale or unreadable entry is made afresh.
    ``before_keeping`` may make the object cheaper to store (share equal parts)."""
    import pickle

    cache = code_cache(fingerprint, kind, max_entries=3)
    blob = cache.get(key) if cache.usable else None
    if isinstance(blob, bytes):
        try:
            found = pickle.loads(blob)
        except Exception:  # noqa: BLE001 - a class renamed since it was written: make it afresh
            found = None
        if isinstance(found, expected):
            return found  # type: ignore[return-value]
    value = make()
    if cache.usable:
        if before_keeping is not None:
            before_keeping(value)
        cache.add(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def save_caches() -> None:
    """Write what this process added to any of the on-disk caches (at exit, or when called)."""
    for cache in list(_OPEN.values()):
        cache.save()
