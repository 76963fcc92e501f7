"""``kasgen build`` as a library call: answers file in, Word standard out, written atomically."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, NamedTuple

from kasgen.answers import load_profile
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
    #: answers paths of printed values the organisation has not confirmed (presets, default roles)
    unconfirmed: list[str] = field(default_factory=list)


class ChecklistResult(NamedTuple):
    path: Path
    sheets: int
    backup: Path | None = None


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
    from kasgen.docx_writer import render_docx_parts
    from kasgen.pipeline import run
    from kasgen.provenance import stamp_parts
    from kasgen.update.record import build_record

    doc = run(profile, lang, clause_dirs).standard
    template = template or default_template()
    record = build_record(profile, doc.meta.lang, clause_dirs, template, comments)
    data = stamp_parts(
        render_docx_parts(doc, shell_of(template), comments=comments, stamp=creation_stamp(profile), record=record)
    )
    words = sum(len(line.split()) for line in doc.text_lines())
    sections = sum(1 for h in doc.headings() if h.level == 2)
    return data, BuildResult(Path(), sections, words, 0, unconfirmed=doc.unconfirmed())


def shell_of(template: Path | None) -> Path | IO[bytes]:
    """The Word package to write into: kasgen's shell, or an organisation's own document completed
    with what kasgen needs (:mod:`kasgen.template_fill`)."""
    if template is None or template == default_template():
        return default_template()
    from kasgen.template_fill import complete_template

    return io.BytesIO(complete_template(template))


def creation_stamp(profile: Profile) -> dt.datetime | None:
    """The Word file's creation date: the day the answers say this version was prepared.

    Taken from the answers (``document.prepared_on``, which the interview records), never from
    the clock, so identical answers give identical files; and never the effective date, which is
    usually in the future. Without it the file states no creation date.
    """
    prepared = profile.document.prepared_on
    return dt.datetime.combine(prepared, dt.time(0, 0), dt.timezone.utc) if prepared else None


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
    The PDF (``pdf``) is protected the same way. Every check runs before the work starts, and
    nothing is written unless everything was made: the .docx and the PDF are replaced together
    at the end (see :mod:`kasgen.outputs`).
    """
    from kasgen.outputs import ProtectedOutput

    answers = Path(answers)
    target = Path(output) if output else answers.with_suffix(".docx")
    if target.suffix.lower() != ".docx":
        raise OutputError(f"{target}: the output must be a .docx file")
    profile = load_profile(answers)
    if template is not None:
        check_template_file(template)
    if pdf:
        from kasgen.pdf import INSTALL_HINT, find_soffice

        if find_soffice() is None:
            raise OutputError(f"{target.with_suffix('.pdf')}: cannot be written. {INSTALL_HINT}")
    docx_out = ProtectedOutput(target, force)
    pdf_out = ProtectedOutput(target.with_suffix(".pdf"), force) if pdf else None
    data, result = render_standard(profile, lang, clause_dirs, template, comments)
    pdf_data = None
    if pdf_out is not None:
        from kasgen.pdf import pdf_bytes
        from kasgen.provenance import stamp_pdf

        # The PDF is the finished document: no editor comments (LibreOffice without a display
        # also cannot lay out comment margins when it refreshes the contents).
        final = data if not comments else render_standard(profile, lang, clause_dirs, template, False)[0]
        pdf_data = stamp_pdf(pdf_bytes(final, str(target)))
    result.backup = docx_out.commit(data)
    result.path = target
    if pdf_out is not None and pdf_data is not None:
        pdf_out.commit(pdf_data)
        result.pdf = pdf_out.target
    return result


def check_template_file(template: Path) -> None:
    """Refuse a ``--template`` that is not a readable Word package within the limits."""
    from kasgen.errors import TemplateError
    from kasgen.inputs import InputProblem
    from kasgen.package import read_package

    try:
        read_package(template, "Word document")
    except InputProblem as exc:
        raise TemplateError(f"{template}: {exc}") from None


def write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written file."""
    from kasgen.outputs import write_atomically as write

    write(target, data)


def build_checklist_workbook(
    answers: str | Path,
    output: str | Path | None = None,
    lang: str | None = None,
    clause_dirs: list[Path] | None = None,
    force: bool = False,
) -> ChecklistResult:
    """Write the mystery-shopper workbook for an answers file.

    A workbook that was filled in since kasgen wrote it (results entered) is not overwritten
    unless ``force``; then it is kept as a backup, as for the standard.
    """
    from kasgen.context import language_data
    from kasgen.outputs import ProtectedOutput
    from kasgen.workbook import build_workbook

    answers = Path(answers)
    target = Path(output) if output else answers.with_suffix(".xlsx")
    if target.suffix.lower() != ".xlsx":
        raise OutputError(f"{target}: the output must be a .xlsx file")
    profile = load_profile(answers)
    out = ProtectedOutput(target, force)
    from kasgen.checklists import build_scenarios, sites
    from kasgen.pipeline import render

    lang = lang or profile.document.language.value
    rendered = render(profile, lang, clause_dirs)
    scenarios = build_scenarios(rendered)
    labels = language_data(lang)["labels"]["columns"]
    data = build_workbook(scenarios, sites(rendered), labels, creation_stamp(profile))
    backup = out.commit(data)
    return ChecklistResult(target, len(scenarios), backup)
