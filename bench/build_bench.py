"""Benchmark of `kasgen build`, measured side by side with its floor and its alternative.

Machines here are shared and noisy, so every figure is reported as a ratio of runs taken in the
same loop, alternating the contenders:

* kasgen:  a cold `kasgen build SAMPLE` (a new Python process: imports, validation, assembly,
           Word writing, atomic save);
* floor:   a cold Python process that writes the same paragraphs and tables with a bare
           python-docx loop (`Document().add_paragraph(text, style)`), no validation, no templates;
* pandoc:  `pandoc` converting the same content from Markdown to .docx (what a user might pick
           instead), when pandoc is installed, twice: bare (`pandoc IN.md -o OUT.docx`: pandoc's
           own styles, no contents, figures as captions only) and as the same document
           ("pandoc, same document": kasgen's shell as `--reference-doc`, so the same styles part;
           `--toc`; the three figures as images; the document language);
* batch:   60 answers files built in parallel on all cores against the same 60 built one after
           another in one process (`-j 1`);
* memory:  the peak resident memory of a cold build of each sample.

Run: `python bench/build_bench.py [--runs N]`; it prints a Markdown report (paste into
docs/performance.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
SHELL = ROOT / "templates" / "shell.docx"
sys.path.insert(0, str(ROOT))

FLOOR = r'''
import json, sys
import docx
blocks = json.load(open(sys.argv[1], encoding="utf-8"))
d = docx.Document()
for b in blocks:
    if b[0] == "table":
        header, rows = b[1], b[2]
        t = d.add_table(rows=1 + len(rows), cols=len(header))
        for i, h in enumerate(header):
            t.cell(0, i).text = h
        for r, row in enumerate(rows, start=1):
            for i, c in enumerate(row):
                t.cell(r, i).text = c
    else:
        d.add_paragraph(b[1], style=b[0])
d.save(sys.argv[2])
'''


def export(sample: Path, folder: Path) -> tuple[Path, Path, Path]:
    """The sample's content as JSON blocks (for the floor) and Markdown (for pandoc): bare, and
    with the figures as images and the document language (for "pandoc, same document")."""
    from kasgen import figures
    from kasgen.answers import load_profile
    from kasgen.document import Figure, Heading, Para, Table
    from kasgen.pipeline import run

    doc = run(load_profile(sample)).standard
    blocks, md, full = [], [], [f"---\nlang: {doc.meta.lang}\ntitle: \"{doc.meta.title}\"\n---\n"]
    style = {"clause": "List Number", "subclause": "List Number 2", "bullet": "List Bullet",
             "phrase": "Quote", "body": "Normal", "note": "Normal", "subheading": "Heading 3"}
    for b in doc.blocks:
        if isinstance(b, Heading):
            blocks.append([f"Heading {b.level}", b.numbered_text])
            md.append(f"{'#' * b.level} {b.numbered_text}\n")
        elif isinstance(b, Para):
            blocks.append([style[b.role], b.text])
            prefix = {"bullet": "- ", "phrase": "> ", "clause": "1. ", "subclause": "    a. "}.get(b.role, "")
            md.append(f"{prefix}{b.text}\n")
        elif isinstance(b, Table):
            cells = [["".join(r.text for r in cell) for cell in row] for row in b.rows]
            blocks.append(["table", b.header, cells])
            md.append("| " + " | ".join(b.header) + " |")
            md.append("|" + "---|" * len(b.header))
            md.extend("| " + " | ".join(c.replace("|", "/") for c in row) + " |" for row in cells)
            md.append("")
        elif isinstance(b, Figure):
            md.append(f"*{b.caption}*\n")
            png = folder / f"{sample.stem}-figure-{len(full)}.png"
            png.write_bytes(figures.png_for(figures.Figure(b.kind, b.steps, b.caption, b.alt)) or b"")
            full.append(f"![{b.caption}]({png.name})\n")
            continue
        full.append(md[-1] if not isinstance(b, Table) else "\n".join(md[-len(b.rows) - 3:]))
    js = folder / f"{sample.stem}.json"
    js.write_text(json.dumps(blocks, ensure_ascii=False), encoding="utf-8")
    mdp = folder / f"{sample.stem}.md"
    mdp.write_text("\n".join(md), encoding="utf-8")
    fullp = folder / f"{sample.stem}-full.md"
    fullp.write_text("\n".join(full), encoding="utf-8")
    return js, mdp, fullp


#: Python as an installed kasgen runs: from bytecode. `pip install` compiles it; a checkout run
#: with PYTHONDONTWRITEBYTECODE set (as on the development machine) would recompile all of
#: kasgen's modules in every process, about 0.1 s that no user pays.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd, env=ENV)
    return time.perf_counter() - start


def peak_rss_mb(cmd: list[str]) -> float:
    """Peak resident memory of one child process, in MB (Linux reports KiB)."""
    code = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=True, env=ENV)
    return int(out.stdout.strip()) / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=60)
    args = parser.parse_args()
    kasgen = [sys.executable, "-m", "kasgen"]
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "kasgen")], check=True,
                   stdout=subprocess.DEVNULL, env=ENV)
    pandoc = shutil.which("pandoc")
    tmp = Path(tempfile.mkdtemp(prefix="kasgen-bench-"))
    # kasgen's caches as on a user's machine after the first build: a folder of its own (a
    # developer's cache also holds every template text edited over the months), warmed once
    cache = tmp / "cache"
    cache.mkdir(mode=0o700)
    ENV["KASGEN_CACHE_DIR"] = str(cache)
    for sample in SAMPLES:
        timed([*kasgen, "build", str(sample), "-o", str(tmp / "warm.docx"), "--force"])
    floor_script = tmp / "floor.py"
    floor_script.write_text(FLOOR, encoding="utf-8")

    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; load average at start "
        f"{os.getloadavg()[0]:.2f}. Medians of {args.runs} alternating runs.",
        "",
        "| sample | kasgen build (s) | floor: bare python-docx (s) | pandoc, bare (s) | pandoc, same document (s) "
        "| kasgen / floor | kasgen / bare pandoc | kasgen / same-document pandoc | peak memory (MB) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for sample in SAMPLES:
        js, md, full = export(sample, tmp)
        out = tmp / f"{sample.stem}.docx"
        same = [pandoc, full.name, "--toc", f"--reference-doc={SHELL}", "-o", str(tmp / "pandoc-same.docx")]
        k, f, p, q = [], [], [], []
        for _ in range(args.runs):
            k.append(timed([*kasgen, "build", str(sample), "-o", str(out), "--force"]))
            f.append(timed([sys.executable, str(floor_script), str(js), str(tmp / "floor.docx")]))
            if pandoc:
                p.append(timed([pandoc, str(md), "-o", str(tmp / "pandoc.docx")]))
                q.append(timed(same, cwd=tmp))
        km, fm = statistics.median(k), statistics.median(f)
        pm = statistics.median(p) if p else float("nan")
        qm = statistics.median(q) if q else float("nan")
        mem = peak_rss_mb([*kasgen, "build", str(sample), "-o", str(out), "--force"])
        lines.append(
            f"| {sample.stem} | {km:.2f} | {fm:.2f} | {pm:.2f} | {qm:.2f} | {km / fm:.2f} | "
            f"{km / pm:.2f} | {km / qm:.2f} | {mem:.0f} |"
        )

    batch_in = tmp / "batch"
    batch_in.mkdir()
    for i in range(args.batch):
        src = SAMPLES[i % len(SAMPLES)]
        (batch_in / f"org{i:03d}.yaml").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    par, ser = [], []
    for r in range(max(1, args.runs // 2)):
        for label, extra, sink in (("parallel", [], par), ("serial", ["-j", "1"], ser)):
            out_dir = tmp / f"out-{label}-{r}"
            sink.append(timed([*kasgen, "build", str(batch_in), "-o", str(out_dir), *extra]))
    pm, sm = statistics.median(par), statistics.median(ser)
    lines += [
        "",
        f"Batch of {args.batch} answers files: parallel {pm:.1f} s, serial in one process {sm:.1f} s "
        f"— parallel is {sm / pm:.2f}× faster on {os.cpu_count()} cores.",
    ]
    print("\n".join(lines))
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
