"""The audit report as a Word document, written through kasgen's own document model and writer.

The report is a :class:`kasgen.document.Document` (headings, paragraphs, tables) rendered by
:func:`kasgen.docx_writer.render_docx` into the shell template, so it has the same named styles,
numbered headings, contents and header/footer as a standard kasgen writes, and no direct
formatting. kasgen's proposed sections are copied in as the document model blocks assemble made.
"""

from __future__ import annotations

import datetime as dt
import zlib

from kasgen import __version__
from kasgen.audit.assessment import Assessment, labels
from kasgen.audit.presentation import (
    advice_text,
    evidence_lines,
    finding_text,
    finding_title,
    note_text,
    quote,
    score_lines,
    status_text,
    suggestion_titles,
)
from kasgen.document import Block, Document, Heading, Meta, Para, Run, Table


def _bookmark(key: str) -> str:
    return f"_Toc{zlib.crc32(('audit.' + key).encode()):010d}"


def _heading(level: int, text: str, key: str = "") -> Heading:
    kind = {1: "chapter", 2: "section", 3: "subsection"}[level]
    return Heading(level, text, kind, bookmark=_bookmark(key) if key and level <= 2 else "")  # type: ignore[arg-type]


def _body(text: str) -> Para:
    return Para("body", [Run(text)])


def _bullet(text: str) -> Para:
    return Para("bullet", [Run(text)])


def report_document(assessment: Assessment) -> Document:
    """The report as kasgen's document model."""
    lang = assessment.report_lang
    L = labels(lang)
    files = ", ".join(f.path.name for f in assessment.files)
    meta = Meta(
        lang=lang, title=L["title"], organisation=assessment.organisation or files,
        short_name=assessment.organisation or files, version=assessment.date.isoformat(),
        effective_date=quote(files, 200), approved_by=L["rubric_name"], owning_unit=f"kasgen {__version__}",
        subject=L["subject"], keywords=L["keywords"], appendix_label=L["appendix_label"],
        labels={"version": L["cover"]["date"], "effective": L["cover"]["files"],
                "approved": L["cover"]["rubric"], "owner": L["cover"]["by"], "page": L["page"],
                "of": L["of"], "contents": L["contents"], "confirm": ""},
    )
    blocks: list[Block] = []
    blocks += _summary(assessment)
    blocks += _defects(assessment)
    for ps in assessment.parts:
        blocks.append(_heading(1, ps.part.title.get(lang), f"part.{ps.part.id}"))
        header = L["items_table"]
        rows = []
        for r in ps.results:
            evidence = " · ".join(f"{q} ({where})" for q, where in evidence_lines(r, assessment, 2))
            note = note_text(r, assessment)
            if not evidence and r.item.check == "retrieval":
                evidence = L["no_evidence"] if r.applicable else ""
            if note:
                evidence = f"{evidence} [{note}]" if evidence else f"[{note}]"
            todo = "; ".join(suggestion_titles(r, assessment)) if r.status in ("absent", "partial") else ""
            rows.append([[Run(r.item.id)], [Run(r.item.title.get(lang))], [Run(L["flags"][r.item.flag])],
                         [Run(status_text(r, assessment), strong=r.status == "absent")], [Run(evidence)],
                         [Run(todo)]])
        blocks.append(Table(header, rows, wide=True))
        blocks.append(_body(f"{L['total']}: {ps.points}/{ps.max_points}"))
    blocks += _what_to_add(assessment)
    blocks += _about(assessment)
    return Document(meta=meta, blocks=blocks)


def _summary(assessment: Assessment) -> list[Block]:
    lang = assessment.report_lang
    L = labels(lang)
    out: list[Block] = [_heading(1, L["summary"], "summary")]
    out += [_body(line) for line in score_lines(assessment)]
    rows = [[[Run(ps.part.title.get(lang))], [Run(str(ps.count("present")))], [Run(str(ps.count("partial")))],
             [Run(str(ps.count("absent")))], [Run(f"{ps.points}/{ps.max_points}")]] for ps in assessment.parts]
    rows.append([[Run(L["total"], strong=True)], [Run(str(assessment.count("present")))],
                 [Run(str(assessment.count("partial")))], [Run(str(assessment.count("absent")))],
                 [Run(f"{assessment.points}/{assessment.max_points}", strong=True)]])
    out.append(Table(L["parts_table"], rows))
    out.append(_body(L["scale"]))
    return out


def _defects(assessment: Assessment) -> list[Block]:
    L = labels(assessment.report_lang)
    out: list[Block] = [_heading(1, L["defects"], "defects")]
    if not assessment.findings:
        return out + [_body(L["no_defects"])]
    for i, f in enumerate(assessment.findings):
        out.append(_heading(2, finding_title(f, assessment), f"defect.{i}"))
        out.append(_body(finding_text(f, assessment)))
        page = "psl." if assessment.report_lang == "lt" else "p."
        for s in f.sentences:
            where = s.location.label(with_file=len(assessment.files) > 1, page_word=page)
            out.append(_bullet(f"{quote(s.text)} ({where})"))
        if f.count > len(f.sentences):
            out.append(_body(L["more"].format(count=f.count - len(f.sentences))))
    return out


def _what_to_add(assessment: Assessment) -> list[Block]:
    lang = assessment.report_lang
    L = labels(lang)
    out: list[Block] = [_heading(1, L["what_to_add"], "what_to_add")]
    if not assessment.gaps:
        return out + [_body(L["nothing_to_add"])]
    out.append(_body(L["what_to_add_intro"]))
    for r in assessment.gaps:
        out.append(_heading(2, f"{r.item.id} {r.item.title.get(lang)}", f"gap.{r.item.id}"))
        out.append(_body(f"{L['flags'][r.item.flag]}, {status_text(r, assessment)}. {advice_text(r, assessment)}"))
        sections = assessment.suggestions.get(r.item.id, [])
        if not sections:
            continue
        if not assessment.rendered:
            out.append(_body(L["not_rendered"]))
            out += [_bullet(s.title) for s in sections]
            continue
        for s in sections:
            out.append(_heading(3, s.title))
            if not s.blocks:
                out.append(_body(L["not_selected"]))
                continue
            out.append(_body(L["rendered_intro"].format(organisation=assessment.organisation, number=s.number)))
            out += s.blocks
    return out


def _about(assessment: Assessment) -> list[Block]:
    L = labels(assessment.report_lang)
    out: list[Block] = [_heading(1, L["about"], "about"), _body(L["about_text"].format(version=__version__))]
    for f in assessment.files:
        out.append(_bullet(L["read_line"].format(
            file=f.path.name, passages=len(f.passages),
            pages=L["pages_part"].format(pages=f.pages) if f.pages else "",
            changes=L["changes_part"].format(changes=f.tracked_changes) if f.tracked_changes else "")))
    return out


def render_report(assessment: Assessment) -> bytes:
    """The report's .docx bytes (the shell template's styles, no editor comments)."""
    from kasgen.build import default_template
    from kasgen.docx_writer import render_docx

    stamp = dt.datetime.combine(assessment.date, dt.time(0, 0), dt.timezone.utc)
    return render_docx(report_document(assessment), default_template(), comments=False, stamp=stamp)
