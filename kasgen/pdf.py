"""PDF through LibreOffice: opens the .docx headless, refreshes the table of contents, exports.

LibreOffice's plain ``--convert-to pdf`` prints the cached field results, so the contents would
have no page numbers. When LibreOffice's Python bridge (``python3-uno``) is present, kasgen drives
LibreOffice through it to update every index first; otherwise it falls back to the plain
conversion. Each conversion gets its own LibreOffice profile and temporary folder (``TMPDIR``, where
LibreOffice leaves its ``lu*.tmp`` folders), removed afterwards, so parallel builds do not collide
and nothing is left behind. A LibreOffice that does not finish within the timeout
(``$KASGEN_PDF_TIMEOUT`` seconds, default 180) is stopped and the build fails with a message.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kasgen.errors import OutputError

INSTALL_HINT = (
    "LibreOffice is needed for --pdf. On Debian or Ubuntu: "
    "sudo apt-get install libreoffice-writer-nogui fonts-crosextra-carlito; "
    "on macOS: brew install --cask libreoffice; on Windows: install it from libreoffice.org."
)

_UNO_SCRIPT = r'''
import sys, time
import uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p

def connect(resolver, pipe):
    for _ in range(240):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            time.sleep(0.25)
    sys.exit("LibreOffice did not start")

pipe, src, dst = sys.argv[1:4]
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
# A fresh profile makes LibreOffice restart once after creating it: reconnect and try again.
for attempt in range(4):
    try:
        ctx = connect(resolver, pipe)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
        if doc is None:
            raise RuntimeError("document did not load")
        indexes = doc.getDocumentIndexes()
        for i in range(indexes.getCount()):
            indexes.getByIndex(i).update()
        doc.getTextFields().refresh()
        for i in range(indexes.getCount()):
            indexes.getByIndex(i).update()
        doc.storeToURL(uno.systemPathToFileUrl(dst), (prop("FilterName", "writer_pdf_Export"),))
        doc.close(True)
        break
    except Exception as exc:
        if attempt == 3:
            sys.exit(f"LibreOffice failed: {exc}")
        time.sleep(1.0)
try:
    desktop.terminate()
except Exception:
    pass
'''


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in ("/Applications/LibreOffice.app/Contents/MacOS/soffice",
                      r"C:\Program Files\LibreOffice\program\soffice.exe"):
        if Path(candidate).exists():
            return candidate
    return None


def _uno_python() -> str | None:
    for python in ("/usr/bin/python3", sys.executable):
        if python and Path(python).exists():
            ok = subprocess.run([python, "-c", "import uno"], capture_output=True).returncode == 0
            if ok:
                return python
    return None


class _Failed(Exception):
    pass


class _TimedOut(_Failed):
    """LibreOffice hangs: trying again would only hang again."""


def _environment(work: Path) -> dict[str, str]:
    """LibreOffice's environment: its home and temporary folders inside ``work``."""
    temp = work / "tmp"
    temp.mkdir(exist_ok=True)
    return dict(os.environ, HOME=str(work), TMPDIR=str(temp), TMP=str(temp), TEMP=str(temp))


def default_timeout() -> int:
    """Seconds a conversion may take: ``$KASGEN_PDF_TIMEOUT``, else 180."""
    try:
        return max(1, int(os.environ.get("KASGEN_PDF_TIMEOUT", "180")))
    except ValueError:
        return 180


#: Seconds the bridge may still take once LibreOffice has ended (it ends LibreOffice itself when done).
_BRIDGE_GRACE = 3.0


def _run(cmd: list[str], timeout: float, env: dict[str, str], log: Path,
         office: subprocess.Popen[bytes] | None = None) -> int:
    """Run one LibreOffice (or bridge) process in its own process group, output to ``log``.

    ``soffice`` is a launcher that starts ``soffice.bin``: on a timeout or an interruption the
    whole group is killed, so no LibreOffice outlives the build. With ``office`` (the LibreOffice
    the bridge talks to), a LibreOffice that ends before the bridge does fails the attempt at
    once instead of leaving the bridge to wait for it until the timeout.
    """
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    return proc.wait(timeout=min(0.2, max(0.0, deadline - time.monotonic())))
                except subprocess.TimeoutExpired:
                    pass
                if time.monotonic() >= deadline:
                    raise _TimedOut(f"LibreOffice did not finish within {timeout:g} s")
                if office is not None and office.poll() is not None:
                    try:  # ended by the bridge when done: the bridge ends too
                        return proc.wait(timeout=_BRIDGE_GRACE if office.returncode == 0 else 0)
                    except subprocess.TimeoutExpired:
                        raise _Failed(f"LibreOffice stopped (exit code {office.returncode})") from None
        finally:
            _kill_group(proc)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        pass
    if proc.poll() is None:
        proc.kill()
    proc.wait()


def _last_line(path: Path) -> str:
    lines = path.read_text(errors="replace").strip().splitlines() if path.exists() else []
    return lines[-1] if lines else ""


def _convert_uno(soffice: str, python: str, source: Path, out: Path, work: Path, timeout: int) -> None:
    """One conversion through LibreOffice's Python bridge, with its own profile and pipe."""
    work.mkdir()
    profile = work / "profile"
    env = _environment(work)
    deadline = time.monotonic() + timeout
    # Create the profile first: on a fresh profile LibreOffice restarts once, which would drop the
    # connection of the conversion below.
    _run([soffice, "--headless", "--norestore", "--terminate_after_init",
          f"-env:UserInstallation={profile.as_uri()}"], timeout, env, work / "init.log")
    pipe = f"kasgen{os.getpid()}_{time.monotonic_ns()}"
    office_log = (work / "soffice.log").open("w")
    office = subprocess.Popen(
        [soffice, "--headless", "--invisible", "--norestore", "--nologo",
         f"-env:UserInstallation={profile.as_uri()}",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=office_log, stderr=subprocess.STDOUT, env=env, stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    code = None
    try:
        script = work / "convert.py"
        script.write_text(_UNO_SCRIPT, encoding="utf-8")
        try:
            code = _run([python, str(script), pipe, str(source), str(out)],
                        max(1.0, deadline - time.monotonic()), env, work / "bridge.log", office)
        except _TimedOut:
            raise
        except _Failed as exc:
            office_log.flush()
            raise _Failed(f"{exc}; LibreOffice said: {_last_line(work / 'soffice.log') or 'nothing'}") from None
    finally:
        try:
            office.wait(timeout=20 if code == 0 else 2)
        except subprocess.TimeoutExpired:
            pass
        _kill_group(office)
        office_log.close()
    if code != 0 or not out.exists():
        said = _last_line(work / "bridge.log")
        raise _Failed(said or f"exit code {code}; LibreOffice said: "
                              f"{_last_line(work / 'soffice.log') or 'nothing'}")


def _convert_plain(soffice: str, source: Path, out: Path, work: Path, timeout: int) -> None:
    """LibreOffice's own --convert-to (no Python bridge): the contents keep their cached result."""
    work.mkdir()
    code = _run([soffice, "--headless", "--norestore",
                 f"-env:UserInstallation={(work / 'profile').as_uri()}",
                 "--convert-to", "pdf", "--outdir", str(work), str(source)],
                timeout, _environment(work), work / "convert.log")
    produced = work / (source.stem + ".pdf")
    if code != 0 or not produced.exists():
        raise _Failed(_last_line(work / "convert.log") or f"exit code {code}")
    produced.rename(out)


def pdf_bytes(docx_data: bytes, name: str = "standard.docx", timeout: int | None = None) -> bytes:
    """Convert a .docx (its bytes) to PDF bytes; ``name`` is the document's name for messages.

    The conversion is tried up to three times, each with a fresh LibreOffice profile: a loaded
    machine occasionally loses LibreOffice mid-conversion. A timeout is not retried.
    """
    soffice = find_soffice()
    if soffice is None:
        raise OutputError(f"{name}: no PDF written. {INSTALL_HINT}")
    timeout = timeout or default_timeout()
    with tempfile.TemporaryDirectory(prefix="kasgen-lo-") as tmp:
        out = Path(tmp) / "out.pdf"
        # LibreOffice works on a copy in its own folder: it leaves lock files beside what it
        # opens, and a stale lock makes a hidden load fail. The user's folder is never touched.
        source = Path(tmp) / "standard.docx"
        source.write_bytes(docx_data)
        python = _uno_python()
        problems = []
        for attempt in range(3):
            try:
                if python:
                    _convert_uno(soffice, python, source, out, Path(tmp) / f"try{attempt}", timeout)
                else:
                    _convert_plain(soffice, source, out, Path(tmp) / f"try{attempt}", timeout)
                break
            except _TimedOut as exc:
                problems.append(str(exc))
                break
            except (_Failed, OSError) as exc:
                problems.append(str(exc))
        if not out.exists():
            raise OutputError(f"{name}: LibreOffice could not write the PDF ({'; '.join(dict.fromkeys(problems))})")
        return out.read_bytes()


def convert_to_pdf(docx_path: Path, pdf_path: Path | None = None, timeout: int | None = None) -> Path:
    """Write a PDF of ``docx_path`` (default: beside it) and return its path."""
    from kasgen.outputs import write_atomically

    pdf_path = pdf_path or docx_path.with_suffix(".pdf")
    write_atomically(pdf_path, pdf_bytes(docx_path.read_bytes(), str(docx_path), timeout))
    return pdf_path
