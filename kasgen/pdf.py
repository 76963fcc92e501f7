"""PDF through LibreOffice: opens the .docx headless, refreshes the table of contents, exports.

LibreOffice's plain ``--convert-to pdf`` prints the cached field results, so the contents would
have no page numbers. When LibreOffice's Python bridge (``python3-uno``) is present, kasgen drives
LibreOffice through it to update every index first; otherwise it falls back to the plain
conversion. Each conversion gets its own LibreOffice profile, so parallel builds do not collide.
"""

from __future__ import annotations

import os
import shutil
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


def _convert_uno(soffice: str, python: str, source: Path, out: Path, work: Path, timeout: int) -> None:
    """One conversion through LibreOffice's Python bridge, with its own profile and pipe."""
    work.mkdir()
    profile = work / "profile"
    env = dict(os.environ, HOME=str(work))
    # Create the profile first: on a fresh profile LibreOffice restarts once, which would drop the
    # connection of the conversion below.
    subprocess.run(
        [soffice, "--headless", "--norestore", "--terminate_after_init",
         f"-env:UserInstallation={profile.as_uri()}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, timeout=timeout,
    )
    pipe = f"kasgen{os.getpid()}_{time.monotonic_ns()}"
    log = (work / "soffice.log").open("w")
    office = subprocess.Popen(
        [soffice, "--headless", "--invisible", "--norestore", "--nologo",
         f"-env:UserInstallation={profile.as_uri()}",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    run = None
    try:
        script = work / "convert.py"
        script.write_text(_UNO_SCRIPT, encoding="utf-8")
        run = subprocess.run([python, str(script), pipe, str(source), str(out)],
                             capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        run = None
    finally:
        try:
            office.wait(timeout=20 if run is not None and run.returncode == 0 else 2)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()
        log.close()
    if run is None:
        raise _Failed("timed out")
    if run.returncode != 0 or not out.exists():
        lines = (run.stderr + run.stdout).strip().splitlines()
        office_lines = (work / "soffice.log").read_text(errors="replace").strip().splitlines()
        raise _Failed(lines[-1] if lines else
                      f"exit code {run.returncode}; LibreOffice said: {office_lines[-1] if office_lines else 'nothing'}")


def _convert_plain(soffice: str, source: Path, out: Path, work: Path, timeout: int) -> None:
    """LibreOffice's own --convert-to (no Python bridge): the contents keep their cached result."""
    work.mkdir()
    run = subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation={(work / 'profile').as_uri()}",
         "--convert-to", "pdf", "--outdir", str(work), str(source)],
        capture_output=True, text=True, timeout=timeout, env=dict(os.environ, HOME=str(work)),
    )
    produced = work / (source.stem + ".pdf")
    if run.returncode != 0 or not produced.exists():
        raise _Failed((run.stderr.strip().splitlines() or [f"exit code {run.returncode}"])[-1])
    produced.rename(out)


def convert_to_pdf(docx_path: Path, pdf_path: Path | None = None, timeout: int = 180) -> Path:
    """Write a PDF of ``docx_path`` (default: beside it) and return its path.

    The conversion is tried up to three times, each with a fresh LibreOffice profile: a loaded
    machine occasionally loses LibreOffice mid-conversion.
    """
    soffice = find_soffice()
    if soffice is None:
        raise OutputError(f"{docx_path}: no PDF written. {INSTALL_HINT}")
    pdf_path = pdf_path or docx_path.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="kasgen-lo-") as tmp:
        out = Path(tmp) / "out.pdf"
        # Work on a copy: LibreOffice leaves lock files beside what it opens, and a stale lock
        # makes a hidden load fail. The user's folder is never touched.
        source = Path(tmp) / "standard.docx"
        shutil.copyfile(docx_path, source)
        python = _uno_python()
        problems = []
        for attempt in range(3):
            try:
                if python:
                    _convert_uno(soffice, python, source, out, Path(tmp) / f"try{attempt}", timeout)
                else:
                    _convert_plain(soffice, source, out, Path(tmp) / f"try{attempt}", timeout)
                break
            except _Failed as exc:
                problems.append(str(exc))
        if not out.exists():
            raise OutputError(f"{docx_path}: LibreOffice could not write the PDF ({'; '.join(problems)})")
        tmp_target = pdf_path.with_name(f".{pdf_path.name}.tmp")
        shutil.copyfile(out, tmp_target)
        os.replace(tmp_target, pdf_path)
    return pdf_path
