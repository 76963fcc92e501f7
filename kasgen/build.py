"""``kasgen build`` as a library call: answers file in, Word standard out, written atomically."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kasgen.answers import load_profile
from kasgen.assemble import assemble
from kasgen.errors import OutputError
from kasgen.profile import Profile
from kasgen.resources import data_dir


@dataclass
class BuildResult:
    path: Path
    sections: int
    words: int
    comments: int
    backup: Path | None = None
    pdf: Path | None = None


def default_template() -> Path:
    return data_dir("templates") / "shell.docx"


def render_standard(
    profile: Profile,
    lang: str | None = None,
    clause_dirs: list[Path] | None = None,
    template: Path | None = None,
    comments: bool = True,
) -> tuple[bytes, BuildResult]:
    """Assemble and write the standard for a profile; returns the .docx bytes and a summary."""
    from kasgen.docx_writer import render_docx
    from kasgen.provenance import stamp as stamp_provenance
    from kasgen.update.record import build_record

    result = assemble(profile, lang, clause_dirs)
    doc = result.document
    stamp = dt.datetime.combine(profile.document.effective_date, dt.time(0, 0), dt.timezone.utc)
    template = template or default_template()
    record = build_record(profile, doc.meta.lang, clause_dirs, template, comments)
    data = stamp_provenance(
        render_docx(doc, template, comments=comments, stamp=stamp, record=record)
    )
    words = sum(len(line.split()) for line in doc.text_lines())
    sections = sum(1 for h in doc.headings() if h.level == 2)
    return data, BuildResult(Path(), sections, words, 0)


def build_standard(
    answers: str | Path,
    output: str | Path | None = None,
    lang: str | None = None,
    clause_dirs: list[Path] | None = None,
    template: Path | None = None,
    comments: bool = True,
    force: bool = False,
    pdf: bool = False,
) -> BuildResult:
    """Validate an answers file and write its standard to ``output`` (default: beside it).

    An existing output that was edited since kasgen wrote it (or that kasgen did not write) is
    not overwritten unless ``force`` is set; then it is first kept as a backup beside the new one.
    """
    from kasgen.provenance import state

    answers = Path(answers)
    profile = load_profile(answers)
    target = Path(output) if output else answers.with_suffix(".docx")
    if target.suffix.lower() != ".docx":
        raise OutputError(f"{target}: the output must be a .docx file")
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; name a .docx file")
    existing = state(target)
    if existing in ("edited", "foreign") and not force:
        why = "was edited after kasgen wrote it" if existing == "edited" else "was not written by kasgen"
        raise OutputError(
            f"{target}: {why}; not overwritten. Use --force to replace it "
            "(the current file is then kept as a backup beside it)"
        )
    data, result = render_standard(profile, lang, clause_dirs, template, comments)
    if existing in ("edited", "foreign"):
        result.backup = backup_path(target)
        try:
            os.replace(target, result.backup)
        except OSError as exc:
            raise OutputError(f"{target}: could not keep a backup ({exc.strerror}); nothing changed") from None
    write_atomically(target, data)
    result.path = target
    if pdf:
        # The PDF is the finished document: no editor comments (LibreOffice without a display
        # also cannot lay out comment margins when it refreshes the contents).
        final = data if not comments else render_standard(profile, lang, clause_dirs, template, False)[0]
        result.pdf = write_pdf(final, target.with_suffix(".pdf"))
    return result


def write_pdf(docx_data: bytes, pdf_path: Path) -> Path:
    from kasgen.pdf import convert_to_pdf

    with tempfile.TemporaryDirectory(prefix="kasgen-") as tmp:
        source = Path(tmp) / "standard.docx"
        source.write_bytes(docx_data)
        return convert_to_pdf(source, pdf_path)


def backup_path(target: Path) -> Path:
    """The first free name ``<stem>.edited-N.docx`` beside the target."""
    n = 1
    while True:
        candidate = target.with_name(f"{target.stem}.edited-{n}{target.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


def write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written file."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{target}: the folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write in {folder}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise OutputError(f"{target}: could not be written ({exc.strerror}); the old file is unchanged") from None
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def build_checklist_workbook(
    answers: str | Path,
    output: str | Path | None = None,
    lang: str | None = None,
    clause_dirs: list[Path] | None = None,
) -> tuple[Path, int]:
    """Write the mystery-shopper workbook for an answers file; returns its path and sheet count."""
    from kasgen.context import language_data
    from kasgen.workbook import build_workbook

    answers = Path(answers)
    profile = load_profile(answers)
    target = Path(output) if output else answers.with_suffix(".xlsx")
    if target.suffix.lower() != ".xlsx":
        raise OutputError(f"{target}: the output must be a .xlsx file")
    lang = lang or profile.document.language.value
    result = assemble(profile, lang, clause_dirs)
    labels = language_data(lang)["labels"]["columns"]
    data = build_workbook(result.scenarios, [b.name for b in profile.branches], labels)
    write_atomically(target, data)
    return target, len(result.scenarios)
