"""Benchmark of `kasgen update` against a cold `kasgen build` of the same standard.

The target (issue 13): updating an edited standard of about 100 pages takes at most 1.5 times a
cold build. Both are measured as new Python processes, alternating in one loop (machines here are
shared and noisy, so the ratio of runs taken side by side is what counts):

* build:  `kasgen build NEW.yaml` (the new answers, written from scratch);
* update: `kasgen update EDITED.docx NEW.yaml -o OUT.docx`, where EDITED.docx is the old build
          with edits of several kinds (typing, a tracked insertion, a deleted section, a comment,
          a paragraph between sections) and NEW.yaml changes three answers (the version, a phone
          service level, a client group dropped and another added);
* update again: the same update run on its own output with the same answers (a no-op).

Run: `python bench/update_bench.py [--runs N] [--sample municipality-lt]`; it prints a Markdown
report (paste into docs/performance.md).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def new_answers(sample: Path, folder: Path) -> Path:
    from kasgen.profile import seconds_for_rings

    data = yaml.safe_load(sample.read_text(encoding="utf-8"))
    data["document"]["version"] = "9.9"
    phone = data["service_levels"]["phone"]
    low, high = seconds_for_rings(phone["answer_within_rings"])
    phone["answer_within_seconds"] = next(
        s for s in range(high, low - 1, -1) if s != phone["answer_within_seconds"])
    groups = data["client_groups"]
    groups.append(next(g for g in ("wheelchair_users", "limited_mobility", "visually_impaired",
                                   "hearing_impaired", "business_clients") if g not in groups))
    groups.pop(0)
    path = folder / "new.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def edited_copy(built: Path, folder: Path) -> Path:
    """The old build with edits the way Word makes them (see tests/word_edits.py)."""
    from tests.word_edits import EditedDocx, text_of

    doc = EditedDocx(built)
    paragraphs = [p for p in doc.paragraphs() if len(text_of(p)) > 60]
    doc.replace_text(text_of(paragraphs[10]), "Redaktorė: " + text_of(paragraphs[10]))
    doc.tracked_insert(text_of(paragraphs[40]), " Papildyta.")
    doc.comment(text_of(paragraphs[80]), "Ar tai galioja?")
    headings = [text_of(p) for p in doc.paragraphs() if p.find(".//{*}pStyle") is not None
                and p.find(".//{*}pStyle").get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val") == "Heading2"]
    doc.delete_section(headings[12])
    doc.add_paragraph_after_section(headings[20], "Redaktorės pastaba.")
    return doc.save(folder / "edited.docx")


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sample", default="municipality-lt")
    args = parser.parse_args()
    sample = ROOT / "samples" / f"{args.sample}.yaml"
    kasgen = [sys.executable, "-m", "kasgen"]
    with tempfile.TemporaryDirectory(prefix="kasgen-bench-") as tmp:
        folder = Path(tmp)
        env = dict(os.environ, KASGEN_CACHE_DIR=str(folder / "cache"))
        subprocess.run([*kasgen, "build", str(sample), "-o", str(folder / "old.docx")],
                       check=True, capture_output=True, env=env)  # warms the template cache
        answers = new_answers(sample, folder)
        edited = edited_copy(folder / "old.docx", folder)
        build_t, update_t, again_t = [], [], []
        for i in range(args.runs):
            for name in ("fresh.docx", "out.docx", "again.docx"):
                (folder / name).unlink(missing_ok=True)
            build_t.append(timed([*kasgen, "build", str(answers), "-o", str(folder / "fresh.docx")], env))
            update_t.append(timed([*kasgen, "update", str(edited), str(answers), "-o",
                                   str(folder / "out.docx")], env))
            again_t.append(timed([*kasgen, "update", str(folder / "out.docx"), str(answers), "-o",
                                  str(folder / "again.docx")], env))
        same = (folder / "again.docx").read_bytes() == (folder / "out.docx").read_bytes()
        words = len(subprocess.run([*kasgen, "text", str(answers)], capture_output=True, text=True,
                                   env=env).stdout.split())
    b, u, a = (statistics.median(x) for x in (build_t, update_t, again_t))
    print(f"Measured with `python bench/update_bench.py --runs {args.runs} --sample {args.sample}` "
          f"on {time.strftime('%Y-%m-%d')}: {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}; "
          f"medians of {args.runs} runs, taken alternately.\n")
    print(f"| {args.sample} ({words:,} words) | median (s) | min | max | × cold build |")
    print("|---|---|---|---|---|")
    for name, runs, med in (("cold build", build_t, b), ("update of the edited file", update_t, u),
                            ("update again (no change)", again_t, a)):
        print(f"| {name} | {med:.2f} | {min(runs):.2f} | {max(runs):.2f} | {med / b:.2f} |")
    print(f"\nSecond update byte-identical: {'yes' if same else 'NO'}; "
          f"target ≤ 1.5 × cold build: {'met' if u <= 1.5 * b else 'NOT met'} ({u / b:.2f} ×).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
