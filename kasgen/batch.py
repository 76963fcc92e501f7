"""Batch builds: many answers files at once, in parallel, one failure isolated.

Workers ignore Ctrl-C; the parent catches it, stops every worker at once (a worker stopped in
the middle of a write removes its temporary file on the way out) and reports the interruption,
so a batch ends promptly, without worker tracebacks and without hanging.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kasgen.errors import KasgenError, OutputError, describe_internal_error


@dataclass
class BatchItem:
    answers: Path
    output: Path
    ok: bool = False
    message: str = ""
    words: int = 0
    unconfirmed: int = 0  # printed values that are kasgen's suggestions (BuildResult.unconfirmed)


def collect(inputs: Iterable[Path]) -> list[Path]:
    """Expand folders into their answers files (*.yaml, *.yml), keeping the order given.

    Only the names are listed here; each file is checked (regular file, size) when it is built.
    """
    files: list[Path] = []
    for item in inputs:
        if item.is_dir():
            try:
                found = sorted(p for p in item.iterdir() if p.suffix in (".yaml", ".yml"))
            except OSError as exc:
                raise OutputError(f"{item}: the folder cannot be read ({exc.strerror})") from None
            files += found
        else:
            files.append(item)
    return files


def plan(files: list[Path], out_dir: Path | None) -> list[BatchItem]:
    """Where each answers file's standard goes: ``out_dir/NAME.docx``, or beside it without one.

    The folder is made when the first standard is written into it (as for a single build), so a
    batch in which everything fails leaves no empty folder.
    """
    if out_dir is not None:
        if out_dir.exists() and not out_dir.is_dir():
            raise OutputError(f"{out_dir}: with several answers files, -o must be a folder")
        if not out_dir.exists() and out_dir.suffix.lower() == ".docx":
            raise OutputError(f"{out_dir}: with several answers files, -o names a folder for the "
                              f"standards, not one .docx file (for example -o {out_dir.parent / 'standards'})")
    seen: dict[Path, Path] = {}
    items = []
    for f in files:
        target = (out_dir / f"{f.stem}.docx") if out_dir is not None else f.with_suffix(".docx")
        if target in seen:
            raise OutputError(f"{f} and {seen[target]} would both write {target}")
        seen[target] = f
        items.append(BatchItem(f, target))
    return items


Outcome = tuple[bool, str, int, int]  # ok, message (or the output path), words, unconfirmed values


def _build_one(answers: str, output: str, options: dict[str, Any]) -> Outcome:
    from kasgen.build import build_standard

    try:
        result = build_standard(Path(answers), Path(output), **options)
    except KasgenError as exc:
        return False, str(exc), 0, 0
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        return False, f"{where}{exc.strerror or exc}", 0, 0
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
        return False, describe_internal_error(exc), 0, 0
    return True, str(result.path), result.words, len(result.unconfirmed)


def _build_numbered(job: tuple[int, str, str, dict[str, Any]]) -> tuple[int, Outcome]:
    index, answers, output, options = job
    outcome = _build_one(answers, output, options)
    from kasgen.template_cache import save_caches

    save_caches()  # a pool worker ends with os._exit, which skips the save at exit
    return index, outcome


def _preload() -> None:
    """Import what every build needs before the workers start: forked workers inherit it rather
    than each paying the imports (about 0.3 s) again."""
    import kasgen.build
    import kasgen.docx_writer
    import kasgen.pipeline
    import kasgen.views.body  # noqa: F401


def _worker_started() -> None:
    """In each worker: Ctrl-C is the parent's to handle; SIGTERM unwinds (removing temporaries)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_worker)


def _exit_worker(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def run(
    items: list[BatchItem],
    options: dict[str, Any],
    workers: int | None = None,
    progress: Callable[[int, int, BatchItem], None] | None = None,
) -> list[BatchItem]:
    """Build every item; returns them with ``ok`` and ``message`` filled, in the input order.

    Raises:
        KeyboardInterrupt: after stopping every worker.
    """
    import multiprocessing

    workers = min(workers or os.cpu_count() or 1, len(items) or 1)
    done = 0
    if workers == 1:
        for item in items:
            item.ok, item.message, item.words, item.unconfirmed = _build_one(
                str(item.answers), str(item.output), options)
            done += 1
            if progress:
                progress(done, len(items), item)
        return items
    jobs = [(i, str(item.answers), str(item.output), options) for i, item in enumerate(items)]
    _preload()
    pool = multiprocessing.get_context().Pool(workers, initializer=_worker_started)
    try:
        for index, outcome in pool.imap_unordered(_build_numbered, jobs):
            item = items[index]
            item.ok, item.message, item.words, item.unconfirmed = outcome
            done += 1
            if progress:
                progress(done, len(items), item)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
    return items
