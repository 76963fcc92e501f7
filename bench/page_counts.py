"""How long is the standard? Page counts of the samples and of organisations of every size.

Each standard (the default output: with editor comments left out, as printed) is rendered to PDF by
LibreOffice, A4 with the shell's styles, and its pages counted with poppler's ``pdfinfo``. Targets
(issue 11): micro ≤ 12 pages, small ≤ 20, medium ≤ 30, large ≤ 40. Writes docs/page-counts.md.

    python bench/page_counts.py [--out docs/page-counts.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kasgen.answers import load_profile, validate_answers  # noqa: E402
from kasgen.build import render_standard  # noqa: E402
from kasgen.lint.matrix import size_profiles  # noqa: E402
from kasgen.pdf import pdf_bytes  # noqa: E402

TARGETS = {"micro": 12, "small": 20, "medium": 30, "large": 40}


def pages(profile, lang: str) -> tuple[int, int]:
    """(pages, words) of the standard as printed."""
    data, result = render_standard(profile, lang, comments=False)
    pdf = pdf_bytes(data)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(pdf)
        fh.flush()
        info = subprocess.run(["pdfinfo", fh.name], capture_output=True, text=True, check=True).stdout
    count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return count, result.words


def measure() -> list[tuple[str, str, str, int, int, int]]:
    rows = []
    for sample in sorted((ROOT / "samples").glob("*.yaml")):
        profile = load_profile(sample)
        for lang in ("lt", "en"):
            count, words = pages(profile, lang)
            rows.append((sample.stem, profile.size, lang, count, words, TARGETS[profile.size]))
    for size, name, answers in size_profiles():
        profile = validate_answers(answers, name)
        for lang in ("lt", "en"):
            count, words = pages(profile, lang)
            rows.append((name, size, lang, count, words, TARGETS[size]))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "page-counts.md")
    args = parser.parse_args()
    rows = measure()
    lines = [
        "# How long is the standard",
        "",
        f"Measured with `python bench/page_counts.py` on {dt.date.today().isoformat()} "
        f"({platform.system()} {platform.machine()}, Python {platform.python_version()}): each standard "
        "rendered to PDF by LibreOffice (A4, the shell's styles, editor comments left out) and its pages "
        "counted with poppler. The management annex, the cards and the other working files are separate "
        "documents and not counted here.",
        "",
        "| organisation | size | language | pages | target | words |",
        "|---|---|---|---|---|---|",
    ]
    for name, size, lang, count, words, target in rows:
        mark = "" if count <= target else " **over**"
        lines.append(f"| {name} | {size} | {lang} | {count}{mark} | ≤ {target} | {words:,} |")
    over = [r for r in rows if r[3] > r[5]]
    lines += ["", f"{len(rows) - len(over)} of {len(rows)} within their target."]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0 if not over else 1


if __name__ == "__main__":
    raise SystemExit(main())
