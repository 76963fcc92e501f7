"""kasgen audit: evaluate an organisation's existing standard against the review rubric.

The one library call is :func:`audit_standard`: it reads the files (Word, PDF, text; several
files are one standard set), judges every rubric item present / partial / absent with quoted
evidence, finds the typical defects, proposes kasgen's own sections for each gap (rendered for
the organisation when its answers are given) and writes the report as a Word document and a
workbook, atomically, never over an existing report unless ``force`` is set.

Package layout (data flows down):

    reader (docx_reader, docx_numbering, pdf_reader, passages)  files -> located sentences
    rubric                                                      the rubric as data
    analysis, retrieval                                         stems, TF-IDF, key terms
    structure, scoring, checks, measures                        item verdicts
    defects                                                     §6 findings
    library                                                     kasgen's sections for a gap
    assessment                                                  the result and its summary
    presentation, report_docx, report_xlsx                      views of the result
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from kasgen.audit.assessment import Assessment, assess
from kasgen.audit.reader import check_input
from kasgen.errors import OutputError

__all__ = ["Assessment", "AuditOutcome", "assess", "audit_standard", "report_paths"]


@dataclass
class AuditOutcome:
    assessment: Assessment
    docx: Path
    xlsx: Path


def report_paths(output: Path | None, first_input: Path) -> tuple[Path, Path]:
    """The two report files: ``-o REPORT`` (with or without a suffix) or, by default,
    ``<input>.audit.docx`` and ``.xlsx`` beside the first input."""
    if output is None:
        base = first_input.with_name(first_input.stem + ".audit")
    elif output.is_dir():
        base = output / (first_input.stem + ".audit")
    elif output.suffix.lower() in (".docx", ".xlsx"):
        base = output.with_suffix("")
    else:
        base = output
    return base.with_name(base.name + ".docx"), base.with_name(base.name + ".xlsx")


def audit_standard(
    paths: list[Path],
    answers: Path | None = None,
    lang: str | None = None,
    output: Path | None = None,
    force: bool = False,
    today: dt.date | None = None,
) -> AuditOutcome:
    """Audit the files of one standard and write the report (.docx and .xlsx).

    Everything is checked before the work starts: the inputs, and the two report files (an
    existing report is replaced only with ``force``, and then kept as ``NAME.edited-N``).
    """
    from kasgen.outputs import ProtectedOutput

    paths = [Path(p) for p in paths]
    for p in paths:
        check_input(p)
    docx_path, xlsx_path = report_paths(Path(output) if output else None, paths[0])
    inputs = {p.resolve() for p in paths}
    for target in (docx_path, xlsx_path):
        if target.resolve() in inputs:
            raise OutputError(f"{target}: is one of the files being audited; name another report")
        if os.path.lexists(target) and not force:
            raise OutputError(f"{target}: already exists; not overwritten. Use --force to replace it "
                              "(the current file is then kept as a backup beside it)")
    outputs = [ProtectedOutput(docx_path, force=True), ProtectedOutput(xlsx_path, force=True)]
    profile = None
    if answers is not None:
        from kasgen.answers import load_profile

        profile = load_profile(Path(answers))
    assessment = assess(paths, profile, lang, today)
    from kasgen.audit.report_docx import render_report
    from kasgen.audit.report_xlsx import render_workbook

    contents = [render_report(assessment), render_workbook(assessment)]
    existed = os.path.lexists(docx_path)
    outputs[0].commit(contents[0])
    try:
        outputs[1].commit(contents[1])
    except BaseException:
        if not existed:  # the report is the two files or nothing
            try:
                os.unlink(docx_path)
            except OSError:
                pass
        raise
    return AuditOutcome(assessment, docx_path, xlsx_path)
