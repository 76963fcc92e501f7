"""Completes an ordinary Word document into a kasgen template, keeping its look.

A company's own .docx (its fonts, colours, page setup, logo, header and footer) works as
``--template``: kasgen adds what it lacks and changes nothing it has.

* **Styles.** Each style kasgen writes with (:data:`~kasgen.shell_builder.REQUIRED_STYLES`) that
  the document lacks is copied from kasgen's shell without the shell's fonts, so it takes the
  document's own (from its Normal style and theme); the shell's accent colour becomes the
  document's theme accent. Styles the document has are kept as they are.
* **Lists and pages.** kasgen's numbering (chapters 1., sections 1.1., norms 1.1.1., appendices)
  is linked to the styles (:func:`kasgen.wordml_package.ensure_lists`); the contents heading is
  never numbered. The contents, each chapter and each appendix start on a new page.
* **Cover.** When the body has no kasgen placeholder (``{{ title }}`` …), kasgen's cover
  paragraphs are added after what it holds (a logo at the top stays above them).
* **Header and footer.** A document without a header (or footer) gets kasgen's: short name and
  title; version, status and page X of Y; the cover page then has none. One with its own keeps it.

``kasgen template init corporate.docx -o kasgen-template.docx`` writes the completed document to
edit in Word (see ``docs/templates.md``); ``--template corporate.docx`` completes it in memory at
every build.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

from kasgen.errors import TemplateError
from kasgen.shell_builder import (
    ACCENT,
    REQUIRED_STYLES,
    add_cover,
    add_footer,
    add_header,
    link_style_to_list,
)

_CHARACTER = {"Strong", "annotation reference"}
_TABLE = {"Table Grid"}


def open_template(path: Path) -> Any:
    """The template as a python-docx document; TemplateError when it is none."""
    import docx

    from kasgen.inputs import InputProblem, read_limited
    from kasgen.limits import PACKAGE_BYTES
    from kasgen.package import read_package

    try:  # within the package limits, and never blocking on a named pipe or device
        data = read_limited(path, PACKAGE_BYTES, "Word document")
        read_package(data, "Word document")
    except InputProblem as exc:
        raise TemplateError(f"{path}: {exc}") from None
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises several kinds for a broken package
        raise TemplateError(f"{path}: cannot be opened as a Word document ({exc})") from None


def missing_styles(document: Any) -> list[str]:
    """The styles kasgen needs that ``document`` lacks, in kasgen's order."""
    names = {s.name for s in document.styles}
    return [name for name in REQUIRED_STYLES if name not in names]


def wrong_styles(document: Any) -> list[str]:
    """Styles the document has under kasgen's names but of another kind (kasgen cannot fix these)."""
    from docx.enum.style import WD_STYLE_TYPE

    styles = {s.name: s for s in document.styles}
    problems = []
    for name in REQUIRED_STYLES:
        style = styles.get(name)
        expected = (WD_STYLE_TYPE.CHARACTER if name in _CHARACTER
                    else WD_STYLE_TYPE.TABLE if name in _TABLE else WD_STYLE_TYPE.PARAGRAPH)
        if style is not None and style.type != expected:
            problems.append(f"style {name} is a {style.type.name.lower()} style, not "
                            f"{expected.name.lower()}: rename or delete it in Word")
    return problems


def complete_template(path: Path) -> bytes:
    """The template at ``path`` with everything kasgen needs added (see the module docstring)."""
    document = open_template(path)
    wrong = wrong_styles(document)
    if wrong:
        raise TemplateError(f"{path}: " + "; ".join(wrong))
    try:
        complete(document)
    except TemplateError as exc:
        raise TemplateError(f"{path}: {exc}") from None
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def complete(document: Any) -> None:
    """Add to ``document`` (in place) the styles, lists, cover, header and footer it lacks."""
    from kasgen.wordml_package import ensure_lists

    _add_styles(document)
    ensure_lists(document)
    contents = document.styles["TOC Heading"]
    link_style_to_list(contents, 0, 0)   # based on Heading 1, but the contents are not chapter 1
    for name in ("TOC Heading", "Heading 1", "Appendix Heading"):
        document.styles[name].paragraph_format.page_break_before = True
    body_text = "".join(t.text or "" for t in document.element.body.iter(_W + "t"))
    if "{{" not in body_text:
        add_cover(document)
    if len(document.sections) == 0:  # no w:sectPr: Word's defaults, which kasgen makes A4
        from docx.shared import Cm

        document.element.body.get_or_add_sectPr()
        section = document.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2)
    section = document.sections[0]
    added = False
    if section.header.is_linked_to_previous:
        add_header(document, section)
        added = True
    if section.footer.is_linked_to_previous:
        add_footer(document, section)
        added = True
    if added and not section.different_first_page_header_footer:
        section.different_first_page_header_footer = True   # no header on the cover


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _add_styles(document: Any) -> None:
    """Copy the missing styles (and the styles they are based on) from kasgen's shell."""
    import docx

    from kasgen.build import default_template

    shell = docx.Document(str(default_template()))
    shell_by_name = {s.name: s for s in shell.styles}
    shell_name_of = {s.style_id: s.name for s in shell.styles}
    ids = {s.name: s.style_id for s in document.styles}
    used_ids = set(ids.values())
    wanted = list(REQUIRED_STYLES)
    for name in wanted:                        # grows while it runs: bases of added styles
        base = shell_by_name[name].base_style if name in shell_by_name else None
        if base is not None and base.name not in wanted:
            wanted.append(base.name)
    added = []
    root = document.styles.element
    for name in wanted:
        if name in ids or name not in shell_by_name:
            continue
        element = copy.deepcopy(shell_by_name[name].element)
        style_id = element.get(_W + "styleId")
        if style_id in used_ids:
            style_id = f"{style_id}Kasgen"
            element.set(_W + "styleId", style_id)
        ids[name] = style_id
        used_ids.add(style_id)
        root.append(element)
        added.append(element)
    for element in added:
        _adapt(element, ids, shell_name_of)


def _adapt(element: Any, ids: dict[str, str], shell_name_of: dict[str, str]) -> None:
    """Make a copied style the document's own: its ids, its fonts, its theme's accent colour."""
    for tag in ("basedOn", "next", "link"):
        ref = element.find(_W + tag)
        if ref is None:
            continue
        target = ids.get(shell_name_of.get(ref.get(_W + "val"), ""))
        if target is None:
            element.remove(ref)
        else:
            ref.set(_W + "val", target)
    for fonts in element.iter(_W + "rFonts"):
        fonts.getparent().remove(fonts)
    for colour in element.iter(_W + "color"):
        if colour.get(_W + "val") == str(ACCENT):
            colour.set(_W + "themeColor", "accent1")


def init_template(source: Path, output: Path, force: bool = False) -> tuple[Path, list[str]]:
    """Write ``source`` completed as an editable kasgen template; returns it and the styles added.

    The output is protected like every kasgen output: an existing file is replaced only if kasgen
    wrote it and nobody edited it since, or with ``force`` (the old one is then kept as a backup).
    """
    from kasgen.errors import OutputError
    from kasgen.outputs import ProtectedOutput
    from kasgen.provenance import stamp

    if output.suffix.lower() != ".docx":
        raise OutputError(f"{output}: the template must be a .docx file")
    if output.resolve() == source.resolve():
        raise OutputError(f"{output}: is the source itself; name another file, so the original stays")
    added = missing_styles(open_template(source))
    data = complete_template(source)
    ProtectedOutput(output, force).commit(stamp(data))
    return output, added
