"""Reading an input file without blocking, and only up to its declared size limit.

``open()`` on a named pipe (FIFO) waits for a writer, and ``read()`` on ``/dev/zero`` never ends:
an answers file, template or batch member that is not a regular file must be refused before it
is read. The file is opened non-blocking, checked with ``fstat`` on the open descriptor (so a
swap between the check and the read cannot slip a pipe in) and read to at most the limit.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from kasgen.limits import size_text


class InputProblem(Exception):
    """Why an input file cannot be read; the message starts lower-case and names no file.

    Callers wrap it in the :class:`~kasgen.errors.UserError` that fits the input (answers,
    template, clause), which adds the file name.
    """


_KIND = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def special_kind(mode: int) -> str | None:
    """What a non-regular file is (``a named pipe (FIFO)``), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return _KIND.get(stat.S_IFMT(mode), "not a regular file")


def read_limited(path: Path, limit: int, what: str = "file") -> bytes:
    """The bytes of the regular file at ``path``, refusing special files and files over ``limit``.

    Raises:
        InputProblem: missing, a dangling link, a folder or special file, unreadable, too big.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputProblem("is a link to a file that does not exist") from None
        raise InputProblem("file not found") from None
    except IsADirectoryError:
        raise InputProblem(f"is a folder, not {_article(what)}") from None
    except PermissionError:
        raise InputProblem("cannot be read: permission denied") from None
    except OSError as exc:
        raise InputProblem(f"cannot be opened: {_reason(exc)}") from None
    try:
        info = os.fstat(fd)
        kind = special_kind(info.st_mode)
        if kind == "a folder":
            raise InputProblem(f"is a folder, not {_article(what)}")
        if kind:
            raise InputProblem(f"is {kind}, not a regular file; kasgen reads only regular files")
        if info.st_size > limit:
            raise InputProblem(
                f"is {size_text(info.st_size)}; {_article(what)} may be at most {size_text(limit)}"
            )
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # the file grew while being read
                raise InputProblem(f"is larger than {size_text(limit)}, the most {_article(what)} may be")
        return b"".join(chunks)
    except OSError as exc:
        raise InputProblem(f"cannot be read: {_reason(exc)}") from None
    finally:
        os.close(fd)


def check_target(path: Path) -> None:
    """Refuse an output path that is a folder or a special file (writing there would block or
    reach a device); a missing file or a regular one is fine."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InputProblem(f"cannot be checked: {_reason(exc)}") from None
    kind = special_kind(info.st_mode)
    if kind == "a folder":
        raise InputProblem("is a folder; name a file")
    if kind:
        raise InputProblem(f"is {kind}, not a regular file; kasgen writes only regular files")


def _article(what: str) -> str:
    return f"an {what}" if what[:1] in "aeiou" else f"a {what}"


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links"
    return exc.strerror or type(exc).__name__
