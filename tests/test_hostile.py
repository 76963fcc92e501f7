"""The hostile corpus: inputs and situations meant to break kasgen, one folder per kind of attack.

``tests/hostile/<class>/cases.yaml`` lists the cases of one class of issue 16 (see that folder's
header comment). Each case runs the real command line in its own process, in a fresh folder that
holds the case's files, and must:

* exit with the promised code (2 for a problem the user can fix) within 10 s (the subprocess
  timeout is the hang detector, not a speed assertion);
* print the expected message fragments, naming the file or field, and no traceback;
* change no file that existed before (bytes, kind and link target compared), create only the
  files the case declares, and leave no temporary file: nothing in the case folder, nothing in
  its own ``TMPDIR`` (LibreOffice's ``lu*.tmp`` folders go there);
* stay under 300 MB of memory (the peak resident size of the process and its children).

A case is a mapping::

    - name: octal_minutes                 # unique in the class
      answers: |                          # optional: answers.yaml (``base`` + ``add`` also work)
        ...
      files: {clauses/evil.yaml: "..."}   # optional: more files (text)
      make: [fifo answers.yaml, prebuilt out.docx]   # optional: see tests/hostile/make.py
      run: [validate, answers.yaml]       # the arguments of ``kasgen``
      env: {KASGEN_PDF_TIMEOUT: "2"}      # optional
      stdout: closed_pipe | full          # optional: a reader that went away, a full device
      expect: {rc: 2, says: [fragment, ...], names: answers.yaml}
      creates: [out.docx]                 # optional: files the command may make
      changes: [out.docx]                 # optional: files the command may replace
"""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import ROOT
from tests.hostile import make

HOSTILE = ROOT / "tests" / "hostile"
TIMEOUT = 10.0
MEMORY_MB = 300
MINIMAL = """\
organisation:
  name: Testo paslaugos UAB
  short_name: Testo paslaugos
  sector: retail
  address: Gedimino pr. 1, Vilnius
channels: [in_person, phone, email]
document:
  effective_date: 2027-01-01
"""

if os.name != "posix":
    pytest.skip("the corpus uses named pipes, devices and signals", allow_module_level=True)


def _load_cases() -> dict[str, dict[str, Any]]:
    cases: dict[str, dict[str, Any]] = {}
    for manifest in sorted(HOSTILE.glob("*/cases.yaml")):
        for case in yaml.safe_load(manifest.read_text(encoding="utf-8"))["cases"]:
            key = f"{manifest.parent.name}/{case['name']}"
            assert key not in cases, f"duplicate case {key}"
            cases[key] = case
    return cases


CASES = _load_cases()


#: Runs the command as its own child and writes its exit code and peak memory (kB) to argv[1].
#: The launcher is needed because a process started straight from pytest inherits pytest's peak
#: memory (the fork it was started from counts towards its own ``ru_maxrss``); a grandchild forked
#: from this small launcher starts from the launcher's few megabytes, and ``RUSAGE_CHILDREN``
#: covers it and every process it waits for (batch workers, LibreOffice).
LAUNCHER = """\
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(sys.argv[1], "w") as report:
    report.write(f"{code} {peak}")
"""


def _snapshot(folder: Path) -> dict[str, tuple[str, Any]]:
    """Every entry under ``folder``: its kind and content's hash (or link target)."""
    seen: dict[str, tuple[str, Any]] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = str(path.relative_to(folder))
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                seen[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                seen[rel] = ("file", hashlib.sha256(path.read_bytes()).hexdigest())
            elif stat.S_ISDIR(info.st_mode):
                seen[rel] = ("folder", None)
            else:
                seen[rel] = ("special", stat.S_IFMT(info.st_mode))
    return seen


def _prepare(case: dict[str, Any], work: Path, prebuilt: dict[str, Path]) -> None:
    answers = case.get("answers")
    if answers is None and ("base" in case or "add" in case):
        answers = MINIMAL + case.get("add", "")
    if answers is not None:
        (work / "answers.yaml").write_text(answers, encoding="utf-8")
    for name, text in (case.get("files") or {}).items():
        path = work / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for step in case.get("make") or []:
        action, *args = step.split()
        make.ACTIONS[action](work, prebuilt, *args)


def _run(case: dict[str, Any], work: Path, tmpdir: Path) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), TMPDIR=str(tmpdir), TMP=str(tmpdir), TEMP=str(tmpdir))
    env.pop("KASGEN_DEBUG", None)
    for name, value in (case.get("env") or {}).items():
        env[name] = str(value).replace("{work}", str(work))
    if (work / "bin").is_dir():
        env["PATH"] = f"{work / 'bin'}{os.pathsep}{env['PATH']}"
    out_path, err_path = tmpdir.parent / "stdout", tmpdir.parent / "stderr"
    report = tmpdir.parent / "report"
    argv = [sys.executable, "-c", LAUNCHER, str(report),
            sys.executable, "-m", "kasgen", *[str(a) for a in case["run"]]]
    mode = case.get("stdout")
    with err_path.open("wb") as err:
        if mode == "closed_pipe":
            reader, writer = os.pipe()
            os.close(reader)  # the reader went away (`kasgen text | head` after head exits)
            stdout: Any = writer
        elif mode == "full":
            stdout = open("/dev/full", "wb")  # noqa: SIM115
        else:
            stdout = out_path.open("wb")
        started = time.monotonic()
        proc = subprocess.Popen(argv, cwd=work, env=env, stdout=stdout, stderr=err,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        if isinstance(stdout, int):
            os.close(stdout)
        else:
            stdout.close()
        rc, hung = _wait(proc, started)
    seconds = time.monotonic() - started
    peak_kb = 0
    if not hung:
        rc, peak_kb = (int(n) for n in report.read_text().split())
    text = out_path.read_text(encoding="utf-8", errors="replace") if out_path.exists() else ""
    return {
        "rc": rc, "hung": hung, "seconds": seconds, "peak_mb": peak_kb / 1024,
        "stdout": text, "stderr": err_path.read_text(encoding="utf-8", errors="replace"),
    }


def _wait(proc: subprocess.Popen, started: float) -> tuple[int, bool]:
    """Wait for the process; kill its group at the timeout (the hang detector)."""
    try:
        proc.wait(timeout=max(0.0, TIMEOUT - (time.monotonic() - started)))
        hung = False
    except subprocess.TimeoutExpired:
        hung = True
    _kill_group(proc.pid)  # anything the case left running (a fake LibreOffice)
    return proc.wait(), hung


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)  # anything the case started (a fake LibreOffice)
    except (ProcessLookupError, PermissionError):
        pass


@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory) -> dict[str, Path]:
    """Outputs kasgen wrote, built once and copied into the cases that need them."""
    return make.prebuild(tmp_path_factory.mktemp("prebuilt"), MINIMAL)


@pytest.fixture(scope="module")
def outcomes(request, tmp_path_factory, prebuilt) -> dict[str, dict[str, Any]]:
    """Every selected case run once (two at a time): its result and the folder before and after.

    Only the cases this session runs (``-k``, a node id) are started, all of them up front so
    that they run in parallel.
    """
    root = tmp_path_factory.mktemp("hostile")
    selected = sorted({item.callspec.params["key"] for item in request.session.items
                       if item.originalname == "test_hostile_case" and hasattr(item, "callspec")})

    def one(key: str) -> tuple[str, dict[str, Any]]:
        case = CASES[key]
        base = root / key.replace("/", "__")
        work, tmpdir = base / "work", base / "tmp"
        work.mkdir(parents=True)
        tmpdir.mkdir()
        try:
            _prepare(case, work, prebuilt)
        except Exception as exc:  # a broken case fails alone, not the whole corpus
            return key, {"setup_error": f"{type(exc).__name__}: {exc}"}
        before = _snapshot(work)
        result = _run(case, work, tmpdir)
        result.update(before=before, after=_snapshot(work), tmp_left=sorted(os.listdir(tmpdir)))
        return key, result

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(one, selected))


def test_corpus_has_every_class_and_enough_cases():
    classes = {key.split("/")[0] for key in CASES}
    assert len(CASES) >= 100, len(CASES)
    assert len(classes) >= 10, classes
    for key, case in CASES.items():
        assert {"run", "expect"} <= set(case), key
        # 141: a reader that went away (``kasgen text | head``), where no message can be printed
        assert case["expect"]["rc"] in (0, 141) or case["expect"].get("names"), f"{key}: name the file or field"


@pytest.mark.parametrize("key", sorted(CASES))
def test_hostile_case(outcomes, key):
    case, result = CASES[key], outcomes[key]
    assert "setup_error" not in result, f"{key}: the case could not be set up: {result.get('setup_error')}"
    expect = case["expect"]
    said = result["stdout"] + result["stderr"]
    shown = f"{key}: rc {result['rc']}\n--- stdout\n{result['stdout'][-1500:]}\n--- stderr\n{result['stderr'][-3000:]}"
    assert not result["hung"], f"{key} did not finish within {TIMEOUT:g} s\n{shown}"
    assert "Traceback" not in said, shown
    assert result["rc"] == expect["rc"], shown
    for fragment in expect.get("says", []):
        assert fragment in said, f"{key}: {fragment!r} not said\n{shown}"
    for fragment in expect.get("never", []):
        assert fragment not in said, f"{key}: {fragment!r} was said\n{shown}"
    if expect.get("names"):
        assert expect["names"] in result["stderr"], f"{key}: the message does not name {expect['names']!r}\n{shown}"
    before, after = result["before"], result["after"]
    allowed_changes = set(case.get("changes", [])) | set(case.get("creates", []))
    for rel, entry in before.items():
        if rel not in allowed_changes:
            assert after.get(rel) == entry, f"{key}: {rel} was changed or removed"
    new = sorted(set(after) - set(before) - set(case.get("creates", [])))
    assert not new, f"{key}: left {new}"
    assert result["tmp_left"] == [], f"{key}: left in TMPDIR: {result['tmp_left']}"
    assert result["peak_mb"] < MEMORY_MB, f"{key}: peak memory {result['peak_mb']:.0f} MB"
