"""Faults during a build: kills, a second build of the same file, an editor's save.

Each test runs the real command line in its own process. To land a fault at an exact moment, a
small driver pauses kasgen at that moment (inside the write, or after rendering) and signals the
test through a file; no timing guesses. The result is judged only by what is on disk.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kasgen.provenance import state
from tests.helpers import ROOT, SAMPLES

if os.name != "posix":
    pytest.skip("signals and unnamed temporary files are POSIX", allow_module_level=True)

#: Runs ``kasgen ARGS`` with a pause: ``where`` is ``write`` (inside the temporary file's write,
#: after the data and before it reaches the disk) or ``render`` (after the document is made,
#: before it replaces the old file). At the pause the driver creates READY and waits for GO.
DRIVER = r"""
import os, sys, time
from pathlib import Path
where, ready, go, named, *argv = sys.argv[1:]
if named == "named":
    del os.O_TMPFILE  # the fallback for file systems without unnamed files
def pause():
    Path(ready).touch()
    while not Path(go).exists():
        time.sleep(0.02)
if where == "write":
    real_fsync = os.fsync
    def fsync(fd):
        pause()
        real_fsync(fd)
    os.fsync = fsync
else:
    import kasgen.build as build
    real = build.render_standard
    def render(*args, **kwargs):
        out = real(*args, **kwargs)
        pause()
        return out
    build.render_standard = render
from kasgen.cli import main
sys.exit(main(argv))
"""


def _start(tmp_path: Path, where: str, *argv: str, named: bool = False) -> tuple[subprocess.Popen, Path, Path]:
    ready, go = tmp_path / f"ready-{where}", tmp_path / f"go-{where}"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", DRIVER, where, str(ready), str(go), "named" if named else "unnamed", *argv],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    deadline = time.monotonic() + 120
    while not ready.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"kasgen did not reach the pause: {proc.communicate()[1][-2000:]}")
        time.sleep(0.02)
    return proc, ready, go


def _out_dir(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    return out


def _first_build(out: Path) -> bytes:
    target = out / "standard.docx"
    result = subprocess.run([sys.executable, "-m", "kasgen", "build", str(SAMPLES[0]), "-o", str(target)],
                            capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return target.read_bytes()


@pytest.mark.parametrize("named", [False, True], ids=["unnamed-temporary", "named-temporary"])
def test_sigterm_during_the_write_leaves_the_old_file_and_nothing_else(tmp_path, named):
    out = _out_dir(tmp_path)
    before = _first_build(out)
    proc, _, _ = _start(tmp_path, "write", "build", str(SAMPLES[1]), "-o", str(out / "standard.docx"),
                        "--force", named=named)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 143, stderr
    assert "Traceback" not in stderr and "terminated" in stderr
    assert (out / "standard.docx").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["standard.docx"]


def test_kill_9_during_the_write_leaves_the_old_file_and_nothing_else(tmp_path):
    out = _out_dir(tmp_path)
    before = _first_build(out)
    proc, _, _ = _start(tmp_path, "write", "build", str(SAMPLES[1]), "-o", str(out / "standard.docx"),
                        "--force")
    proc.kill()
    proc.communicate(timeout=60)
    assert (out / "standard.docx").read_bytes() == before
    assert state(out / "standard.docx") == "unchanged"
    assert sorted(p.name for p in out.iterdir()) == ["standard.docx"], "a temporary file was left"


def test_an_editors_save_during_the_build_is_not_overwritten(tmp_path):
    out = _out_dir(tmp_path)
    _first_build(out)
    target = out / "standard.docx"
    proc, _, go = _start(tmp_path, "render", "build", str(SAMPLES[0]), "-o", str(target))
    # Word saves: a new file under the same name (write elsewhere, rename over)
    saved = out / "~saved.tmp"
    saved.write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an (empty) zip: the editor's version
    os.replace(saved, target)
    editors = target.read_bytes()
    go.touch()
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 2, stderr
    assert "changed while kasgen was working" in stderr and str(target) in stderr
    assert target.read_bytes() == editors
    assert sorted(p.name for p in out.iterdir()) == ["standard.docx"]


def test_two_builds_of_one_output_at_once_leave_one_complete_file(tmp_path):
    out = _out_dir(tmp_path)
    target = out / "standard.docx"
    first, _, go_first = _start(tmp_path, "render", "build", str(SAMPLES[0]), "-o", str(target))
    second, _, go_second = _start(tmp_path, "write", "build", str(SAMPLES[1]), "-o", str(target))
    go_first.touch()  # the first one finishes while the second is inside its own write
    _, err_first = first.communicate(timeout=120)
    assert first.returncode == 0, err_first
    go_second.touch()
    _, err_second = second.communicate(timeout=120)
    # the second saw a file appear that kasgen wrote: replacing it is safe, and it does
    assert second.returncode == 0, err_second
    assert state(target) == "unchanged"
    assert sorted(p.name for p in out.iterdir()) == ["standard.docx"]
