"""Time to the first question of ``kasgen interview`` versus ``python -c "import questionary"``.

The interview runs in a real pseudo-terminal (stdlib ``pty``), on a new answers file; the clock
stops when the first question's text reaches the terminal. Each command runs several times and the
median is reported. Usage: ``python bench/interview_startup.py [RUNS]``.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_QUESTION = b"In which language should the standard be written?"


def time_import(module: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
    return time.perf_counter() - start


def time_first_question() -> float:
    with tempfile.TemporaryDirectory() as folder:
        master, slave = pty.openpty()
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm"}
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "kasgen", "interview", str(Path(folder) / "a.yaml"), "--lang", "en"],
            stdin=slave, stdout=slave, stderr=slave, env=env, cwd=folder, start_new_session=True)
        os.close(slave)
        seen = b""
        try:
            while FIRST_QUESTION not in seen:
                ready, _, _ = select.select([master], [], [], 10)
                if not ready:
                    raise RuntimeError(f"no first question after 10 s; saw {seen[-300:]!r}")
                seen += os.read(master, 65536)
            return time.perf_counter() - start
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait()
            os.close(master)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    rows = [
        ('python -c "pass"', lambda: time_import("sys")),
        ('python -c "import questionary"', lambda: time_import("questionary")),
        ("kasgen interview: first question", time_first_question),
    ]
    results = {}
    for name, measure in rows:
        measure()  # warm the file cache
        results[name] = [measure() for _ in range(runs)]
    print(f"{'':36} {'median':>8} {'min':>8} {'max':>8}   ({runs} runs, {os.cpu_count()} cores)")
    for name, values in results.items():
        print(f"{name:36} {statistics.median(values):8.3f} {min(values):8.3f} {max(values):8.3f}")
    gap = statistics.median(results[rows[2][0]]) - statistics.median(results[rows[1][0]])
    print(f"{'first question − import questionary':36} {gap:8.3f}   (target: ≤ 0.200 s)")


if __name__ == "__main__":
    main()
