"""Benchmark: `kasgen audit` on a long standard: the municipality sample as kasgen writes it (40
pages), its body repeated so that the .docx has about 120 pages (``--repeat 3``).

    python bench/audit_bench.py            # the .docx, without and with --answers
    python bench/audit_bench.py --pdf      # also the same standard as a PDF (needs LibreOffice)

Each case runs the installed command in a fresh process (Python start-up, reading, scoring and
writing both report files included), several times; the table shows the median wall-clock time
and the median CPU time of the process. The machine's load average is printed too: on a shared
machine wall-clock time grows with the load while CPU time does not. Figures: docs/audit.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "municipality-lt.yaml"


def kasgen() -> list[str]:
    found = Path(sys.executable).with_name("kasgen")
    return [str(found)] if found.exists() else [sys.executable, "-m", "kasgen"]


def run(args: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def to_pdf(docx: Path, folder: Path) -> Path | None:
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    profile = folder / "lo-profile"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
                    "--outdir", str(folder), str(docx)], check=True, capture_output=True, timeout=600)
    return docx.with_suffix(".pdf")


def repeated(docx: Path, times: int) -> None:
    """Append the body of the document to itself until it is ``times`` as long (one .docx)."""
    import copy

    import docx as python_docx

    document = python_docx.Document(str(docx))
    body = document.element.body
    blocks = [el for el in body if not el.tag.endswith("}sectPr")]
    last = body[-1] if body[-1].tag.endswith("}sectPr") else None
    for _ in range(times - 1):
        for el in blocks:
            clone = copy.deepcopy(el)
            if last is not None:
                last.addprevious(clone)
            else:
                body.append(clone)
    document.save(str(docx))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf", action="store_true", help="also audit the standard as a PDF")
    parser.add_argument("--repeat", type=int, default=3, help="the body this many times in one .docx")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kasgen-audit-bench-") as tmp:
        folder = Path(tmp)
        standard = folder / "standard.docx"
        subprocess.run([*kasgen(), "build", str(SAMPLE), "-o", str(standard)], check=True,
                       stdout=subprocess.DEVNULL)
        repeated(standard, args.repeat)
        cases = [("docx", [str(standard)]), ("docx --answers", [str(standard), "--answers", str(SAMPLE)])]
        pdf = to_pdf(standard, folder) if args.pdf else None
        if pdf is not None:
            cases.append(("pdf", [str(pdf)]))
            print(f"standard: {pages(pdf)} pages (LibreOffice), {standard.stat().st_size // 1024} KiB .docx")
        print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {args.runs} runs per case")
        print(f"{'case':<16} {'wall median s':>14} {'cpu median s':>13}")
        for name, extra in cases:
            walls, cpus = [], []
            for i in range(args.runs):
                wall, cpu = run([*kasgen(), "audit", *extra, "-o", str(folder / f"report-{i}"), "--force"])
                walls.append(wall)
                cpus.append(cpu)
            print(f"{name:<16} {statistics.median(walls):>14.2f} {statistics.median(cpus):>13.2f}")


if __name__ == "__main__":
    main()
