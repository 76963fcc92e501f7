"""What ``kasgen template check`` says about a Word template: what kasgen will add, what it cannot use.

An ordinary company document works as ``--template``: kasgen adds the styles, lists, cover,
header and footer it lacks (:mod:`kasgen.template_fill`). Only a style with one of kasgen's names
but of another kind (a paragraph style called "Strong") stops a build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kasgen.template_fill import missing_styles, open_template, wrong_styles
from kasgen.wordml_package import numbering_problems


@dataclass
class TemplateReport:
    """``problems`` stop a build; ``additions`` say what kasgen adds to the template by itself."""

    problems: list[str] = field(default_factory=list)
    additions: list[str] = field(default_factory=list)


def check_template(path: Path) -> TemplateReport:
    document = open_template(path)
    report = TemplateReport(problems=[*wrong_styles(document), *numbering_problems(document)])
    missing = missing_styles(document)
    if missing:
        report.additions.append(f"{len(missing)} style(s): {', '.join(missing)}")
    body = "".join(t.text or "" for t in document.element.body.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
    if "{{" not in body:
        report.additions.append("the cover (title, organisation, version and status, dates), after "
                                "what the first page holds")
    if len(document.sections) == 0:  # no w:sectPr at all
        report.additions.append("the page settings (A4, margins)")
    if len(document.sections) == 0 or document.sections[0].header.is_linked_to_previous:
        report.additions.append("a header (short name and title)")
    if len(document.sections) == 0 or document.sections[0].footer.is_linked_to_previous:
        report.additions.append("a footer (version, status, page X of Y)")
    return report
