"""Builds the default Word shell, ``templates/shell.docx``, reproducibly.

The shell holds what the body needs and python-docx cannot create on its own: page setup (A4),
every named style, the list definitions (numbering linked to styles), the cover page with docxtpl
tags, and the header and footer with page X of Y. Run ``python -m kasgen.shell_builder`` after
changing this file; a test checks that the committed shell has every style kasgen uses.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

#: Paragraph and character styles the writer uses, by style name. A custom template must have them.
REQUIRED_STYLES = [
    "Normal", "Title", "Subtitle", "Cover Meta", "TOC Heading", "toc 1", "toc 2",
    "Heading 1", "Heading 2", "Heading 3", "Unnumbered Heading", "Card Heading", "Approval", "Appendix Heading", "Appendix Heading 2",
    "Clause", "Subclause", "Appendix Clause", "Appendix Subclause", "Body Text", "List Bullet",
    "Phrase", "Table Text", "Table Header", "Header", "Footer", "Strong", "Caption", "Figure",
    "annotation text", "annotation reference", "Table Grid",
]

NUM_HEADINGS, NUM_APPENDIX, NUM_BULLET = 1, 2, 3

ACCENT = RGBColor(0x1F, 0x3A, 0x5F)


def _lvl(ilvl: int, fmt: str, text: str, style: str, left: int, hanging: int, suff: str = "tab") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:pStyle w:val="{style}"/><w:suff w:val="{suff}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr></w:lvl>'
    )


def numbering_xml() -> str:
    """One multilevel list for the body, one for the appendices, one for bullets."""
    headings = (
        _lvl(0, "decimal", "%1.", "Heading1", 567, 567)
        + _lvl(1, "decimal", "%1.%2.", "Heading2", 709, 709)
        + _lvl(2, "decimal", "%1.%2.%3.", "Clause", 851, 851)
        + _lvl(3, "lowerLetter", "%4)", "Subclause", 1276, 425)
    )
    appendix = (
        _lvl(0, "decimal", "%1 priedas", "AppendixHeading", 0, 0, "space")
        + _lvl(1, "decimal", "%1.%2.", "AppendixHeading2", 709, 709)
        + _lvl(2, "decimal", "%1.%2.%3.", "AppendixClause", 851, 851)
        + _lvl(3, "lowerLetter", "%4)", "AppendixSubclause", 1276, 425)
    )
    bullet = (
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:pStyle w:val="ListBullet"/>'
        '<w:lvlText w:val="\u2022"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>'
    )
    return (
        f"<w:numbering {nsdecls('w')}>"
        f'<w:abstractNum w:abstractNumId="10"><w:nsid w:val="4B41530A"/><w:multiLevelType w:val="multilevel"/>{headings}</w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="20"><w:nsid w:val="4B415314"/><w:multiLevelType w:val="multilevel"/>{appendix}</w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="30"><w:nsid w:val="4B41531E"/><w:multiLevelType w:val="singleLevel"/>{bullet}</w:abstractNum>'
        f'<w:num w:numId="{NUM_HEADINGS}"><w:abstractNumId w:val="10"/></w:num>'
        f'<w:num w:numId="{NUM_APPENDIX}"><w:abstractNumId w:val="20"/></w:num>'
        f'<w:num w:numId="{NUM_BULLET}"><w:abstractNumId w:val="30"/></w:num>'
        "</w:numbering>"
    )


def link_style_to_list(style, num_id: int | str, ilvl: int) -> None:
    """Give a paragraph style Word list numbering (numPr), replacing any it had."""
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:numPr")):
        ppr.remove(old)
    numpr = parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    )
    # numPr must come early in pPr (after keepNext/keepLines/pageBreakBefore/framePr/widowControl).
    ppr.insert(0, numpr)
    sort_ppr(ppr)


_PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
]


_PPR_RANK = {qn(f"w:{n}"): i for i, n in enumerate(_PPR_ORDER)}


def sort_ppr(ppr) -> None:
    """Put a paragraph's properties in the order the schema requires (Word rejects others)."""
    children = sorted(ppr, key=lambda el: _PPR_RANK.get(el.tag, 99))
    for child in children:
        ppr.remove(child)
    for child in children:
        ppr.append(child)


def _ppr_flag(style, tag: str, val: str | None = None) -> None:
    ppr = style.element.get_or_add_pPr()
    el = ppr.find(qn(f"w:{tag}"))
    if el is None:
        el = parse_xml(f"<w:{tag} {nsdecls('w')}/>")
        ppr.append(el)
    if val is not None:
        el.set(qn("w:val"), val)
    sort_ppr(ppr)


def _paragraph_style(styles, name: str, base: str | None = None):
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if base:
        style.base_style = styles[base]
    style.quick_style = True
    return style


def build_shell(path: Path) -> None:
    document = docx.Document()
    styles = document.styles

    # Page: A4 portrait, margins suitable for binding.
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)
    section.different_first_page_header_footer = True

    # Lists: replace the default numbering with kasgen's three lists.
    numbering = document.part.numbering_part
    numbering._element = parse_xml(numbering_xml())
    for style in styles:
        if style.type == WD_STYLE_TYPE.PARAGRAPH and style.element.pPr is not None:
            for old in style.element.pPr.findall(qn("w:numPr")):
                style.element.pPr.remove(old)

    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1

    def heading(name: str, size: int, before: int, after: int, base: str | None = None):
        style = _paragraph_style(styles, name, base)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = ACCENT
        style.font.name = "Calibri"
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True
        return style

    # Chapters follow each other without a page break, so a small organisation's standard stays
    # short; appendices and the front matter (quick card) start on a page of their own.
    h1 = heading("Heading 1", 16, 18, 10)
    link_style_to_list(h1, NUM_HEADINGS, 0)
    h2 = heading("Heading 2", 13, 14, 6)
    link_style_to_list(h2, NUM_HEADINGS, 1)
    heading("Heading 3", 11, 10, 4)

    app1 = heading("Appendix Heading", 16, 0, 12, base="Heading 1")
    app1.paragraph_format.page_break_before = True
    _ppr_flag(app1, "outlineLvl", "0")
    link_style_to_list(app1, NUM_APPENDIX, 0)
    app2 = heading("Appendix Heading 2", 13, 14, 6, base="Heading 2")
    _ppr_flag(app2, "outlineLvl", "1")
    link_style_to_list(app2, NUM_APPENDIX, 1)

    clause = _paragraph_style(styles, "Clause", "Normal")
    link_style_to_list(clause, NUM_HEADINGS, 2)
    sub = _paragraph_style(styles, "Subclause", "Normal")
    link_style_to_list(sub, NUM_HEADINGS, 3)
    sub.paragraph_format.space_after = Pt(3)
    app_clause = _paragraph_style(styles, "Appendix Clause", "Clause")
    link_style_to_list(app_clause, NUM_APPENDIX, 2)
    app_sub = _paragraph_style(styles, "Appendix Subclause", "Subclause")
    link_style_to_list(app_sub, NUM_APPENDIX, 3)

    bullet = _paragraph_style(styles, "List Bullet", "Normal")
    link_style_to_list(bullet, NUM_BULLET, 0)
    bullet.paragraph_format.space_after = Pt(3)

    body = _paragraph_style(styles, "Body Text", "Normal")
    body.paragraph_format.space_after = Pt(6)

    phrase = _paragraph_style(styles, "Phrase", "Normal")
    phrase.font.italic = True
    phrase.font.color.rgb = RGBColor(0x2E, 0x55, 0x3C)
    phrase.paragraph_format.left_indent = Cm(1.5)
    phrase.paragraph_format.space_after = Pt(4)
    ppr = phrase.element.get_or_add_pPr()
    ppr.append(parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:left w:val="single" w:sz="18" w:space="8" w:color="2E553C"/></w:pBdr>'
    ))
    sort_ppr(ppr)

    for name, bold in (("Table Text", False), ("Table Header", True)):
        style = _paragraph_style(styles, name, "Normal")
        style.font.size = Pt(9.5)
        style.font.bold = bold
        style.paragraph_format.space_after = Pt(2)
        style.paragraph_format.line_spacing = 1.0

    title = _paragraph_style(styles, "Title")
    title.font.size = Pt(28)
    title.font.color.rgb = ACCENT
    title.paragraph_format.space_before = Pt(120)
    title.paragraph_format.space_after = Pt(24)
    subtitle = _paragraph_style(styles, "Subtitle")
    subtitle.font.size = Pt(16)
    subtitle.font.color.rgb = ACCENT
    subtitle.paragraph_format.space_after = Pt(48)
    meta = _paragraph_style(styles, "Cover Meta", "Normal")
    meta.paragraph_format.space_after = Pt(2)
    approval = _paragraph_style(styles, "Approval", "Cover Meta")
    approval.paragraph_format.left_indent = Cm(10)

    front = heading("Unnumbered Heading", 16, 0, 10, base="Heading 1")
    front.paragraph_format.page_break_before = True
    _ppr_flag(front, "outlineLvl", "0")
    link_style_to_list(front, 0, 0)
    # A card (the quick card, the service cards) is a printed page of its own in every standard.
    card = heading("Card Heading", 16, 0, 10, base="Unnumbered Heading")
    card.paragraph_format.page_break_before = True

    toc_heading = _paragraph_style(styles, "TOC Heading", "Heading 1")
    toc_heading.paragraph_format.page_break_before = True
    link_style_to_list(toc_heading, 0, 0)
    for level, indent in ((1, 0), (2, 0.6)):
        style = _paragraph_style(styles, f"toc {level}", "Normal")
        style.paragraph_format.left_indent = Cm(indent)
        style.paragraph_format.space_after = Pt(3 if level == 1 else 1)
        if level == 1:
            style.font.bold = True
        ppr = style.element.get_or_add_pPr()
        ppr.append(parse_xml(
            f'<w:tabs {nsdecls("w")}><w:tab w:val="right" w:leader="dot" w:pos="9627"/></w:tabs>'
        ))
        sort_ppr(ppr)

    caption = _paragraph_style(styles, "Caption", "Normal")
    caption.font.size = Pt(9)
    caption.font.italic = True
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_after = Pt(12)
    figure = _paragraph_style(styles, "Figure", "Normal")
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    figure.paragraph_format.keep_with_next = True
    figure.paragraph_format.space_before = Pt(6)

    ann_text = _paragraph_style(styles, "annotation text", "Normal")
    ann_text.font.size = Pt(10)
    try:
        ann_ref = styles["annotation reference"]
    except KeyError:
        ann_ref = styles.add_style("annotation reference", WD_STYLE_TYPE.CHARACTER)
    ann_ref.font.size = Pt(8)
    # Word's own ids for these built-in styles; python-docx's comments refer to them by id.
    ann_ref.style_id = "CommentReference"
    ann_text.style_id = "CommentText"

    # Cover page: docxtpl fills the tags; every paragraph carries a named style only.
    body_el = document.element.body
    for p in list(body_el.findall(qn("w:p"))):
        body_el.remove(p)
    add_cover(document)
    add_header(document, section)
    add_footer(document, section)

    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))


#: The cover's version line and the footer: "Versija: 0.9 – PROJEKTAS" for a draft, "Versija: 1.0"
#: once final (``status`` is empty then).
VERSION = "{{ version }}{% if status %} \u2013 {{ status }}{% endif %}"


def add_cover(document) -> None:
    """Append kasgen's cover paragraphs (a public body's approval block, organisation, title,
    version and status, dates, owners)."""
    # A public body's standard is approved by an order: the editor fills in its date and number.
    document.add_paragraph("{%p if approval %}", style="Approval")
    for line in ("approval", "approval_date", "approval_order"):
        document.add_paragraph(f"{{{{ {line} }}}}", style="Approval")
    document.add_paragraph("{%p endif %}", style="Approval")
    document.add_paragraph("{{ organisation }}", style="Subtitle")
    document.add_paragraph("{{ title }}", style="Title")
    document.add_paragraph(f"{{{{ version_label }}}}: {VERSION}", style="Cover Meta")
    for label, value in (
        ("effective_label", "effective_date"),
        ("approved_label", "approved_by"),
        ("owner_label", "owning_unit"),
    ):
        document.add_paragraph(f"{{{{ {label} }}}}: {{{{ {value} }}}}", style="Cover Meta")


def add_header(document, section) -> None:
    """The header of every page but the cover: the organisation's short name and the title."""
    header = section.header
    header.is_linked_to_previous = False
    header.paragraphs[0].text = "{{ short_name }} \u2013 {{ title }}"
    header.paragraphs[0].style = document.styles["Header"]


def add_footer(document, section) -> None:
    """The footer of every page but the cover: version, status, page X of Y."""
    footer = section.footer
    footer.is_linked_to_previous = False
    fp = footer.paragraphs[0]
    fp.style = document.styles["Footer"]
    fp.add_run(f"{{{{ version_label }}}} {VERSION} \u00b7 {{{{ page_label }}}} ")
    _field(fp, "PAGE", "1")
    fp.add_run(" {{ of_label }} ")
    _field(fp, "NUMPAGES", "1")


def _field(paragraph, instr: str, cached: str) -> None:
    """Append a complex field (PAGE, NUMPAGES) to a paragraph."""
    p = paragraph._p
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'))
    p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
    ))
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t>{cached}</w:t></w:r>'))
    p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))


def main() -> int:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "templates" / "shell.docx"
    build_shell(target)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
