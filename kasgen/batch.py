"""Batch builds: many answers files into one output folder, in parallel, one failure isolated."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kasgen.errors import KasgenError, OutputError


@dataclass
class BatchItem:
    answers: Path
    output: Path
    ok: bool = False
    message: str = ""
    words: int = 0


def collect(inputs: Iterable[Path]) -> list[Path]:
    """Expand folders into their answers files (*.yaml, *.yml), keeping the order given."""
    files: list[Path] = []
    for item in inputs:
        if item.is_dir():
            files += sorted(p for p in item.iterdir() if p.suffix in (".yaml", ".yml"))
        else:
            files.append(item)
    return files


def plan(files: list[Path], out_dir: Path) -> list[BatchItem]:
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: with several answers files, -o must be a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    seen: dict[str, Path] = {}
    items = []
    for f in files:
        name = f.stem + ".docx"
        if name in seen:
            raise OutputError(f"{f} and {seen[name]} would both write {out_dir / name}")
        seen[name] = f
        items.append(BatchItem(f, out_dir / name))
    return items


def _build_one(answers: str, output: str, options: dict[str, Any]) -> tuple[bool, str, int]:
    from kasgen.build import build_standard

    try:
        result = build_standard(Path(answers), Path(output), **options)
    except KasgenError as exc:
        return False, str(exc), 0
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        return False, f"internal error: {type(exc).__name__}: {exc}", 0
    return True, str(result.path), result.words


def run(
    items: list[BatchItem],
    options: dict[str, Any],
    workers: int | None = None,
    progress: Callable[[int, int, BatchItem], None] | None = None,
) -> list[BatchItem]:
    """Build every item; returns them with ``ok`` and ``message`` filled, in the input order."""
    workers = workers or os.cpu_count() or 1
    done = 0
    if workers == 1 or len(items) == 1:
        for item in items:
            item.ok, item.message, item.words = _build_one(str(item.answers), str(item.output), options)
            done += 1
            if progress:
                progress(done, len(items), item)
        return items
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {
            pool.submit(_build_one, str(i.answers), str(i.output), options): i for i in items
        }
        for future in as_completed(futures):
            item = futures[future]
            item.ok, item.message, item.words = future.result()
            done += 1
            if progress:
                progress(done, len(items), item)
    return items
