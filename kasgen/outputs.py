"""Writing an output file so that nothing is half-written, overwritten by mistake or left behind.

Every file kasgen writes (the .docx, the checklist workbook, the PDF) goes through
:class:`ProtectedOutput`:

1. Before any work starts, the target is checked: a folder or special file is refused, and a
   file edited since kasgen wrote it (or one kasgen did not write) is refused unless ``force``.
2. The new content is written to an unnamed temporary file in the target's folder (``O_TMPFILE``
   on Linux, so a kill at any moment leaves nothing behind; elsewhere a hidden ``.NAME.*.tmp``
   created exclusively, never through a planted link) and flushed to disk.
3. Right before the rename the target is looked at again: if it changed during the build (an
   editor saved it), it is checked anew and an edited file is not overwritten.
4. With ``force``, the old file is kept as ``NAME.edited-N.ext`` (a hard link, so the target is
   never missing), then the new file is renamed over the target in one step.
"""

from __future__ import annotations

import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from kasgen.errors import OutputError
from kasgen.inputs import InputProblem, check_target


@dataclass(frozen=True)
class _Seen:
    """What the target looked like: enough to notice any save in between."""

    exists: bool
    device: int = 0
    inode: int = 0
    size: int = 0
    modified: int = 0
    changed: int = 0


def _look(path: Path) -> _Seen:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return _Seen(False)
    return _Seen(True, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


_REFUSAL = {
    "edited": "was edited after kasgen wrote it",
    "foreign": "was not written by kasgen (or cannot be read to check)",
}


class ProtectedOutput:
    """One output file: checked before the work, replaced atomically after it (module docstring).

    Args:
        target: the file to write.
        force: replace a file that was edited or that kasgen did not write, keeping it as a backup.
    """

    def __init__(self, target: Path, force: bool = False):
        from kasgen.provenance import state

        self.target = target
        self.force = force
        folder = target.parent if str(target.parent) else Path(".")
        self.folder = folder
        if not folder.is_dir():
            _check_creatable(target, folder)
        try:
            check_target(target)
        except InputProblem as exc:
            raise OutputError(f"{target}: {exc}") from None
        self.seen = _look(target)
        self.state = state(target)
        if self.state in _REFUSAL and not force:
            raise OutputError(
                f"{target}: {_REFUSAL[self.state]}; not overwritten. Use --force to replace it "
                "(the current file is then kept as a backup beside it)"
            )

    def commit(self, data: bytes) -> Path | None:
        """Replace the target with ``data``; returns the backup's path when one was kept.

        A missing folder (``-o out/standard.docx``) is made now, when there is something to put in
        it, so a build that fails leaves no empty folder behind.
        """
        if not self.folder.is_dir():
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise OutputError(f"{self.target}: the folder {self.folder} cannot be made "
                                  f"({exc.strerror})") from None
        with _Temporary(self.folder, self.target) as tmp:
            tmp.write(data)
            self._check_again()
            backup = self._keep_backup() if self.state in _REFUSAL and self.seen.exists else None
            try:
                tmp.replace()
            except OSError as exc:
                if backup is not None:
                    _unlink(backup)
                raise OutputError(
                    f"{self.target}: could not be written ({exc.strerror}); the old file is unchanged"
                ) from None
        return backup

    def _check_again(self) -> None:
        """The edited-state check, repeated right before the rename."""
        from kasgen.provenance import state

        now = _look(self.target)
        if now == self.seen:
            return
        try:
            check_target(self.target)
        except InputProblem as exc:
            raise OutputError(f"{self.target}: {exc}") from None
        self.state = state(self.target)
        self.seen = now
        if self.state in _REFUSAL and not self.force:
            raise OutputError(
                f"{self.target}: changed while kasgen was working and {_REFUSAL[self.state]}; "
                "not overwritten, your changes are safe. Use --force to replace it (kept as a backup)"
            )

    def _keep_backup(self) -> Path:
        backup = backup_path(self.target)
        try:
            os.link(self.target, backup, follow_symlinks=False)
        except OSError:
            try:  # no hard links here (some network and FAT drives): a copy keeps the old file
                shutil.copy2(self.target, backup, follow_symlinks=False)
            except OSError as exc:
                _unlink(backup)
                raise OutputError(
                    f"{self.target}: could not keep a backup ({exc.strerror}); nothing changed"
                ) from None
        return backup


def _check_creatable(target: Path, folder: Path) -> None:
    """A missing output folder is made at the end; refuse now if a file stands where it would go."""
    for parent in (folder, *folder.parents):
        if parent.is_dir():
            return
        if os.path.lexists(parent):
            raise OutputError(f"{target}: {parent} is a file, not a folder")


def backup_path(target: Path) -> Path:
    """The first free name ``<stem>.edited-N<suffix>`` beside the target."""
    n = 1
    while True:
        candidate = target.with_name(f"{target.stem}.edited-{n}{target.suffix}")
        if not os.path.lexists(candidate):
            return candidate
        n += 1


def write_atomically(target: Path, data: bytes, mode: int | None = None) -> None:
    """Replace ``target`` with ``data`` in one step, without the provenance check.

    ``mode``: the new file's permissions (default: the usual ones, after the umask).
    """
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{target}: the folder {folder} does not exist")
    with _Temporary(folder, target) as tmp:
        if mode is not None:
            try:
                os.fchmod(tmp.fd, mode)
            except (OSError, AttributeError):
                pass
        tmp.write(data)
        try:
            tmp.replace()
        except OSError as exc:
            raise OutputError(
                f"{target}: could not be written ({exc.strerror}); the old file is unchanged"
            ) from None


class _Temporary:
    """The new content, written beside the target and renamed over it (module docstring)."""

    def __init__(self, folder: Path, target: Path):
        self.folder = folder
        self.target = target
        self.fd = -1
        self.name: str | None = None  # the named temporary file, once there is one

    def __enter__(self) -> _Temporary:
        mode = 0o666  # the umask applies, as for any new file
        try:
            if hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd"):
                try:
                    self.fd = os.open(self.folder, os.O_TMPFILE | os.O_WRONLY, mode)
                    return self
                except OSError:
                    pass  # the file system has no unnamed files: fall back to a named one
            self.name = self._fresh_name()
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            self.fd = os.open(self.name, flags | getattr(os, "O_BINARY", 0), mode)
        except OSError as exc:
            raise OutputError(
                f"{self.target}: cannot write in {self.folder}: {exc.strerror}; nothing changed"
            ) from None
        return self

    def _fresh_name(self) -> str:
        return str(self.folder / f".{self.target.name}.{secrets.token_hex(4)}.tmp")

    def write(self, data: bytes) -> None:
        try:
            view = memoryview(data)
            while view:
                written = os.write(self.fd, view)
                view = view[written:]
            os.fsync(self.fd)
        except OSError as exc:
            raise OutputError(
                f"{self.target}: could not be written ({exc.strerror}); the old file is unchanged"
            ) from None

    def replace(self) -> None:
        if self.name is None:  # give the unnamed file a name for the one instant before the rename
            name = self._fresh_name()
            folder = os.open(self.folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            try:  # a folder descriptor makes Python use linkat(), which can follow /proc's link
                os.link(f"/proc/self/fd/{self.fd}", os.path.basename(name), dst_dir_fd=folder,
                        follow_symlinks=True)
            finally:
                os.close(folder)
            self.name = name
        os.replace(self.name, self.target)
        self.name = None

    def __exit__(self, *exc: object) -> None:
        if self.fd >= 0:
            os.close(self.fd)
        if self.name is not None:
            _unlink(Path(self.name))


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
