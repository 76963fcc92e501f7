"""Saving an answers file that another interview, or a person, may be changing at the same time.

Two interviews on one file must not wipe each other's answers. Each save is a read, merge and
write under a lock on the folder: what this interview changed since its previous save (or, for
its first save, since it read the file: :func:`remember_read`) is applied to the file as it is
now, so answers another interview saved meanwhile stay; when both changed the same answer, the
later save wins. A save
that cannot be written (a read-only folder, a full disk, a file made unreadable meanwhile) keeps
every answer, the last one included, in a recovery copy whose place the error names.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kasgen import limits
from kasgen.errors import OutputError


@dataclass
class _Saved:
    """What this process last saved to a file: its own view of the answers and the text."""

    view: Any
    text: str
    merged: bool  # the text held another interview's answers besides this one's


_SAVED: dict[str, _Saved] = {}
#: The text of the answers files read in this process (the last few), by absolute path.
_READ: dict[str, bytes] = {}


def remember_read(path: Path, raw: bytes) -> None:
    """Note what an answers file held when it was read: the base of its first merge."""
    key = os.path.abspath(path)
    _READ.pop(key, None)
    _READ[key] = raw
    while len(_READ) > 8:
        _READ.pop(next(iter(_READ)))


def save_merged(path: Path, text: str, render: Callable[[Any], str]) -> None:
    """Write ``text`` to ``path``, merged with what was saved there meanwhile.

    Args:
        path: the answers file.
        text: this interview's answers as YAML.
        render: turns merged answers into text the same way ``text`` was made.

    Raises:
        OutputError: not written; the message names the recovery copy.
    """
    size = len(text.encode("utf-8"))
    if size > limits.ANSWERS_FILE_BYTES:
        _fail(path, text, f"the answers would take {limits.size_text(size)}, more than the "
                          f"{limits.size_text(limits.ANSWERS_FILE_BYTES)} an answers file may have")
    key = os.path.abspath(path)
    with _locked(path):
        current = _read(path)
        saved = _SAVED.get(key)
        ours = _parse(text)
        merged = False
        pure = saved is not None and current == saved.text and not saved.merged
        if current is not None and ours is not None and not pure:
            read = _READ.get(key)
            base = saved.view if saved else (_parse(read.decode("utf-8", "replace")) if read else {})
            theirs = _parse(current)
            if theirs is None:
                _fail(path, text, "it was changed by another program and cannot be read now; "
                                  "not overwritten")
            result = _merge(base, ours, theirs)
            if result != ours:
                text = render(result)
                merged = True
        try:
            _write(path, text)
        except OutputError as exc:
            _fail(path, text, str(exc).split(": ", 1)[-1])
        _SAVED[key] = _Saved(ours, text, merged)


def _parse(text: str) -> Any:
    """The answers in ``text``, or None when they cannot be read (any YAML or limit problem)."""
    from kasgen.answers import parse_answers
    from kasgen.errors import AnswersError

    try:
        return parse_answers(text)
    except AnswersError:
        return None


_MISSING = object()


def _merge(base: Any, ours: Any, theirs: Any) -> Any:
    """Apply what changed from ``base`` to ``ours`` onto ``theirs``; on a clash ``ours`` wins.

    Mappings merge key by key; lists and single values are each one answer.
    """
    if ours == base:
        return theirs
    if theirs == base or theirs is _MISSING:
        return ours
    if isinstance(ours, dict) and isinstance(theirs, dict):
        old = base if isinstance(base, dict) else {}
        out = {}
        for key in [*ours, *(k for k in theirs if k not in ours)]:
            value = _merge(old.get(key, _MISSING), ours.get(key, _MISSING), theirs.get(key, _MISSING))
            if value is not _MISSING:
                out[key] = value
        return out
    return ours


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Serialise the read-merge-write of saves to one folder (POSIX advisory lock)."""
    try:
        import fcntl
    except ImportError:  # Windows: saves still replace the file in one step
        yield
        return
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _read(path: Path) -> str | None:
    from kasgen import limits
    from kasgen.inputs import InputProblem, read_limited

    try:
        return read_limited(path, limits.ANSWERS_FILE_BYTES, "answers file").decode("utf-8", "replace")
    except InputProblem:
        return None


def _write(path: Path, text: str) -> None:
    from kasgen.outputs import write_atomically

    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        mode = None  # a new file: the usual mode (the umask applies)
    write_atomically(path, text.encode("utf-8"), mode=mode)


def _fail(path: Path, text: str, why: str) -> None:
    """Keep the answers in a recovery copy and raise the error that says where it is."""
    copy = _recovery_copy(path, text)
    kept = (f"every answer, the last one included, is kept in {copy}" if copy
            else "the answers could not be kept anywhere else either")
    raise OutputError(f"{path}: cannot save the answers: {why}; {kept}")


def _recovery_copy(path: Path, text: str) -> Path | None:
    import tempfile

    from kasgen.resources import cache_dir

    stamp = time.strftime("%Y%m%d-%H%M%S")
    for folder in (cache_dir("unsaved"), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            copy = folder / f"{path.stem}-{stamp}-{os.getpid()}.yaml"
            fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            return copy
        except OSError:
            continue
    return None


