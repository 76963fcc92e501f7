"""Checks a Word template (``--template``) for what kasgen needs before a build uses it."""

from __future__ import annotations

import zipfile
from pathlib import Path

from kasgen.errors import TemplateError
from kasgen.shell_builder import REQUIRED_STYLES

_CHARACTER = {"Strong", "annotation reference"}
_TABLE = {"Table Grid"}


def check_template(path: Path) -> list[str]:
    """Return one line per problem; an empty list means kasgen can build with this template."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    if not path.exists():
        raise TemplateError(f"{path}: file not found")
    if not zipfile.is_zipfile(path):
        raise TemplateError(f"{path}: not a Word .docx file")
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise TemplateError(f"{path}: cannot be opened as a Word document ({exc})") from None
    styles = {s.name: s for s in document.styles}
    problems = []
    for name in REQUIRED_STYLES:
        style = styles.get(name)
        if style is None:
            problems.append(f"missing style: {name}")
            continue
        expected = (
            WD_STYLE_TYPE.CHARACTER if name in _CHARACTER
            else WD_STYLE_TYPE.TABLE if name in _TABLE
            else WD_STYLE_TYPE.PARAGRAPH
        )
        if style.type != expected:
            problems.append(f"style {name} is a {style.type.name.lower()} style, not {expected.name.lower()}")
    return problems
