"""Writes a :class:`~kasgen.document.Document` into a Word file through the shell template.

The only module that knows WordML. docxtpl fills the shell's cover, header and footer; the body is
appended as paragraphs that carry a named style and nothing else, so the output has no direct
formatting by construction. Numbers come from Word's list numbering linked to the styles; the
numbers the document model computed are used only where Word cannot compute them (the pre-filled
table of contents).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import weakref
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from docx.oxml import parse_xml
from docx.oxml.comments import CT_Comments
from docx.oxml.ns import NamespacePrefixedTag, nsdecls, qn
from docx.oxml.parser import oxml_parser
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from kasgen.document import Document, Figure, Heading, Para, Run, Table
from kasgen.errors import TemplateError
from kasgen.shell_builder import REQUIRED_STYLES, sort_ppr
from kasgen.wordml.identity import BuildRecord, UnitStart, mark_units, unit_key
from kasgen.wordml_package import (
    LIST_NSIDS,
    app_properties,
    drop,
    drop_parts,
    ensure_lists,
    package_parts,
    sort_settings,
    write_zip,
)


def _next_comment_id(comments: Any) -> int:
    """python-docx's rule (the largest comment id plus one), without a scan per comment.

    python-docx reads every id into a list for each new comment, which makes a document with
    thousands of editor comments quadratic. When the last comment is the one this function
    numbered last time (comments are appended), its id plus one is the answer; otherwise the
    full scan decides.
    """
    try:
        last = comments[-1]  # lxml finds the last child directly; len() would count them all
    except IndexError:
        last = None
    known = _LAST_COMMENT_ID.get(comments)
    if known is not None and last is not None and last.tag == _COMMENT_TAG \
            and last.get(_ID_ATTR) == str(known):
        next_id = known + 1
    else:
        next_id = int(_scan_comment_ids(comments))
    _LAST_COMMENT_ID[comments] = next_id
    return next_id


_COMMENT_TAG = qn("w:comment")
_ID_ATTR = qn("w:id")
_LAST_COMMENT_ID: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()
_scan_comment_ids = CT_Comments._next_available_comment_id
CT_Comments._next_available_comment_id = _next_comment_id  # type: ignore[method-assign,assignment]


LANG_TAGS = {"lt": "lt-LT", "en": "en-GB"}
_ROLE_STYLE = {
    "clause": ("Clause", "Appendix Clause"),
    "subclause": ("Subclause", "Appendix Subclause"),
    "body": ("Body Text", "Body Text"),
    "bullet": ("List Bullet", "List Bullet"),
    "phrase": ("Phrase", "Phrase"),
    "subheading": ("Heading 3", "Heading 3"),
}


#: Paragraph spacing (before, after; twips) of a standard set closer: the same styles, less space.
_COMPACT_SPACING = {
    "Normal": (None, 80), "Body Text": (None, 80), "Clause": (None, 80), "Appendix Clause": (None, 80),
    "Subclause": (None, 40), "Appendix Subclause": (None, 40), "List Bullet": (None, 40),
    "Phrase": (None, 60), "Heading 1": (280, 140), "Heading 2": (180, 80), "Appendix Heading": (280, 140),
    "Appendix Heading 2": (180, 80), "Heading 3": (140, 60),
}


class _ShellEnvironment(SandboxedEnvironment):
    """The environment the shell's tags (cover, header, footer, properties) are filled in; their
    compiled code is kept in kasgen's authenticated cache (:mod:`kasgen.template_cache`) like the
    clause texts', so a build does not compile the same shell again."""

    _fingerprint: str | None = None

    def compile(self, source: Any, name: str | None = None, filename: str | None = None,
                raw: bool = False, defer_init: bool = False) -> Any:
        if raw or name or filename or defer_init or not isinstance(source, str):
            return super().compile(source, name, filename, raw, defer_init)  # type: ignore[call-overload]
        from kasgen.template_cache import cached_code, code_cache, environment_fingerprint

        if self._fingerprint is None:  # the settings are fixed once the environment is made
            self._fingerprint = environment_fingerprint(self)
        return cached_code(code_cache(self._fingerprint), source, super().compile)


@lru_cache(maxsize=1)
def _shell_environment() -> _ShellEnvironment:
    return _ShellEnvironment(undefined=StrictUndefined, autoescape=True)


class _Shell(DocxTemplate):
    """docxtpl's template whose tag clean-up (``patch_xml``: some 30 regular expressions over
    each part, a function of the part's text alone) is kept in kasgen's authenticated cache,
    so an unchanged shell is cleaned up once per machine."""

    def patch_xml(self, src_xml: str) -> str:
        from kasgen.template_cache import cached_code, code_cache

        cache = code_cache(_patch_fingerprint(), "shell", max_entries=50)
        return str(cached_code(cache, src_xml, super().patch_xml))


@lru_cache(maxsize=1)
def _patch_fingerprint() -> str:
    """What the clean-up depends on besides the text: docxtpl's own code (and Python's)."""
    import docxtpl.template

    from kasgen.template_cache import code_fingerprint

    return code_fingerprint(docxtpl.template)


class _Writer:
    def __init__(self, template: Path | IO[bytes], document: Document, comments: bool,
                 stamp: dt.datetime | None, record: BuildRecord | None = None):
        self.model = document
        self.record = record
        self.meta = document.meta
        self.comments = comments
        self.stamp = stamp
        self.tpl = _Shell(str(template) if isinstance(template, Path) else template)
        self._render_shell()
        self.doc = self.tpl.docx
        self.style_ids = self._style_ids()
        ensure_lists(self.doc)
        self.body = self.doc.element.body
        self.sect_pr = self.body.find(qn("w:sectPr"))
        if self.sect_pr is None:  # a template without page settings: A4 portrait
            self.sect_pr = parse_xml(
                f'<w:sectPr {nsdecls("w")}><w:pgSz w:w="11906" w:h="16838"/>'
                '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" '
                'w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>'
            )
            self.body.append(self.sect_pr)
        self.bookmark_id = 0
        self.comment_count = 0
        self._last_para: Any = None
        # units the update can find again (kasgen.wordml.identity): the template's cover first
        first = self.body[0] if len(self.body) else None
        self.units = [] if first is None or first is self.sect_pr else [UnitStart(first, "cover", "cover")]

    # -- the shell -----------------------------------------------------------------------------
    def _render_shell(self) -> None:
        m = self.meta
        labels = m.labels
        env = _shell_environment()
        context = {
            "organisation": m.organisation,
            "short_name": m.short_name,
            "title": m.title,
            "version": m.version,
            "status": labels.get("draft", "DRAFT") if m.status == "draft" else "",
            "effective_date": m.effective_date,
            "approved_by": m.approved_by,
            "owning_unit": m.owning_unit,
            "version_label": labels["version"],
            "effective_label": labels["effective"],
            "approved_label": labels["approved"],
            "owner_label": labels["owner"],
            "page_label": labels["page"],
            "of_label": labels["of"],
            "approval": labels.get("approval", "") if m.public and m.kind == "standard" else "",
            "approval_date": labels.get("approval_date", ""),
            "approval_order": labels.get("approval_order", ""),
        }
        try:
            self.tpl.render(context, jinja_env=env, autoescape=True)
        except Exception as exc:  # docxtpl raises plain jinja errors for the shell's own tags
            raise TemplateError(f"the Word template's tags could not be filled: {exc}") from None

    def _style_ids(self) -> dict[str, str]:
        ids = {s.name: s.style_id for s in self.doc.styles}
        missing = [name for name in REQUIRED_STYLES if name not in ids]
        if missing:
            raise TemplateError(
                "the Word template lacks style(s) kasgen needs: " + ", ".join(missing)
            )
        return ids

    # -- paragraphs ----------------------------------------------------------------------------
    def _styled(self, style: str) -> Any:
        """A new paragraph element that carries only its style."""
        p = _new("w:p")
        ppr = _new("w:pPr")
        ps = _new("w:pStyle")
        ps.set(_W_VAL, self.style_ids[style])
        ppr.append(ps)
        p.append(ppr)
        return p

    def _p(self, style: str, runs: list[Run] | None = None, text: str | None = None) -> Any:
        """Append a paragraph to the body (before the final section properties)."""
        p = self._styled(style)
        if text is not None:
            runs = [Run(text)]
        for run in runs or []:
            p.append(self._r(run))
        self._append(p)
        return p

    def _append(self, element: Any) -> None:
        """Add a block at the end of the body, before the final section properties.

        ``addprevious`` on the section properties takes constant time; inserting at an index
        walks the body (quadratic over a long document).
        """
        self.sect_pr.addprevious(element)

    def _r(self, run: Run) -> Any:
        r = _new("w:r")
        if run.strong:
            rpr = _new("w:rPr")
            rs = _new("w:rStyle")
            rs.set(_W_VAL, self.style_ids["Strong"])
            rpr.append(rs)
            r.append(rpr)
        t = _new("w:t")
        t.text = run.text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        r.append(t)
        return r

    def _bookmark(self, p: Any, name: str) -> None:
        self.bookmark_id += 1
        start = parse_xml(
            f'<w:bookmarkStart {nsdecls("w")} w:id="{self.bookmark_id}" w:name="{name}"/>'
        )
        end = parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{self.bookmark_id}"/>')
        p.insert(1, start)
        p.append(end)

    def _comment(self, p: Any, text: str, runs_slice: slice | None = None) -> None:
        if not self.comments:
            return
        paragraph = Paragraph(p, self.doc._body)
        runs = paragraph.runs[runs_slice] if runs_slice else paragraph.runs
        if not runs:
            return
        comment = self.doc.add_comment(runs, text=text, author="kasgen", initials="KG")
        comment._comment_elm.date = self.stamp   # None: no date (the answers give none)
        self.comment_count += 1

    # -- blocks --------------------------------------------------------------------------------
    def write(self) -> None:
        if self.meta.contents:
            self._toc()
        blocks = self.model.blocks
        for i, block in enumerate(blocks):
            if isinstance(block, Heading):
                self._heading(block)
            elif isinstance(block, Para):
                self._para(block)
            elif isinstance(block, Figure):
                self._figure(block)
            elif isinstance(block, Table):
                nxt = blocks[i + 1] if i + 1 < len(blocks) else None
                self._table(block, landscape=block.wide and isinstance(nxt, Para))
        self._finish_sections()

    def _heading(self, h: Heading) -> None:
        if h.kind == "appendix":
            style = "Appendix Heading"
        elif h.kind == "front":
            style = "Unnumbered Heading"
        elif h.kind == "card":
            style = "Card Heading"
        elif h.kind == "chapter":
            style = "Heading 1"
        elif h.kind == "section":
            style = "Appendix Heading 2" if h.in_appendix else "Heading 2"
        else:
            style = "Heading 3"
        p = self._p(style, text=h.text)
        if h.bookmark:
            self._bookmark(p, h.bookmark)
        if h.level <= 2:
            self.units.append(UnitStart(p, unit_key(h), h.kind, h.text, h.number,
                                        bool(getattr(h, "mandatory", False))))
        self._last_para = p

    def _para(self, para: Para) -> None:
        style = _ROLE_STYLE[para.role][1 if para.in_appendix else 0]
        p = self._p(style, para.runs)
        self._last_para = p
        for text in para.comments:
            self._comment(p, text)
        if self._pending_landscape_end:
            self._end_section(p, landscape=True)
            self._pending_landscape_end = False

    _pending_landscape_end = False
    _sections_used = 0
    _figures = 0

    def _figure(self, figure: Figure) -> None:
        from docx.shared import Cm

        from kasgen import figures

        png = figures.png_for(figures.Figure(figure.kind, figure.steps, figure.caption, figure.alt))
        if png is None:
            return
        width = Cm(8.5) if self.meta.compact else Cm(11) if figure.kind == "cycle" else Cm(15.5)
        inline = self.doc.part.new_pic_inline(io.BytesIO(png), width, None)
        self._figures += 1
        doc_pr = inline.docPr
        doc_pr.set("id", str(1000 + self._figures))
        doc_pr.set("name", f"Figure {self._figures}")
        doc_pr.set("descr", figure.alt)
        doc_pr.set("title", figure.title)
        p = self._p("Figure")
        run = _new("w:r")
        drawing = _new("w:drawing")
        drawing.append(inline)
        run.append(drawing)
        p.append(run)
        self._last_para = self._p("Caption", text=figure.caption)

    def _table(self, table: Table, landscape: bool) -> None:
        if landscape and self._last_para is not None:
            self._end_section(self._last_para, landscape=False)
            self._pending_landscape_end = True
        width = 14700 if landscape else 9400
        widths = column_widths(table, width)
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        tbl = parse_xml(
            f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{self.style_ids["Table Grid"]}"/>'
            f'<w:tblW w:w="{width}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
            f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid></w:tbl>'
        )
        tbl.append(self._row([[Run(h)] for h in table.header], "Table Header", widths, header=True))
        for row in table.rows:
            tbl.append(self._row(row, "Table Text", widths))
        self._append(tbl)

    def _row(self, cells: list[list[Run]], style: str, widths: list[int], header: bool = False) -> Any:
        tr = _new("w:tr")
        if header:
            trpr = parse_xml(f'<w:trPr {nsdecls("w")}><w:cantSplit/><w:tblHeader/></w:trPr>')
            tr.append(trpr)
        for cell, col_w in zip(cells, widths):
            tc = _new("w:tc")
            tc_pr, tc_w = _new("w:tcPr"), _new("w:tcW")
            tc_w.set(_W_W, str(col_w))
            tc_w.set(_W_TYPE, "dxa")
            tc_pr.append(tc_w)
            tc.append(tc_pr)
            p = self._styled(style)
            for run in cell:
                p.append(self._r(run))
            tc.append(p)
            tr.append(tc)
        return tr

    # -- sections ------------------------------------------------------------------------------
    def _end_section(self, p: Any, landscape: bool) -> None:
        """End a section at paragraph ``p``; ``landscape`` says what the ending section is."""
        sect = copy.deepcopy(self.sect_pr)
        if self._sections_used:
            drop(sect, "w:titlePg")
        pg = sect.find(qn("w:pgSz"))
        w, h = int(pg.get(qn("w:w"))), int(pg.get(qn("w:h")))
        if landscape:
            pg.set(qn("w:w"), str(max(w, h)))
            pg.set(qn("w:h"), str(min(w, h)))
            pg.set(qn("w:orient"), "landscape")
        else:
            pg.set(qn("w:w"), str(min(w, h)))
            pg.set(qn("w:h"), str(max(w, h)))
            pg.attrib.pop(qn("w:orient"), None)
        drop(sect, "w:type")
        sect.insert(0, parse_xml(f'<w:type {nsdecls("w")} w:val="nextPage"/>'))
        # header/footer references are inherited from the previous section when absent
        for tag in ("w:headerReference", "w:footerReference"):
            for el in sect.findall(qn(tag)):
                sect.remove(el)
        if not self._sections_used:
            for el in self.sect_pr.findall(qn("w:headerReference")) + self.sect_pr.findall(qn("w:footerReference")):
                sect.insert(0, copy.deepcopy(el))
        ppr = p.find(qn("w:pPr"))
        ppr.append(sect)
        self._sections_used += 1

    def _finish_sections(self) -> None:
        if self._sections_used:
            drop(self.sect_pr, "w:titlePg")
            for tag in ("w:headerReference", "w:footerReference"):
                for el in self.sect_pr.findall(qn(tag)):
                    self.sect_pr.remove(el)

    # -- table of contents -----------------------------------------------------------------------
    def _toc(self) -> None:
        heading = self._p("TOC Heading", text=self.meta.labels["contents"])
        self.units.append(UnitStart(heading, "contents", "contents", self.meta.labels["contents"]))
        levels = self.meta.contents_levels
        entries = [h for h in self.model.headings() if h.level <= levels and h.bookmark]
        if not entries:
            return
        for i, h in enumerate(entries):
            p = self._p("toc 1" if h.level == 1 else "toc 2")
            if i == 0:
                p.append(_fld("begin"))
                p.append(_instr(f' TOC \\o "1-{levels}" \\h \\z \\u '))
                p.append(_fld("separate"))
            link = parse_xml(
                f'<w:hyperlink {nsdecls("w")} w:anchor="{h.bookmark}" w:history="1"/>'
            )
            label = f"{h.number}\t{h.text}" if h.kind == "appendix" else f"{h.number} {h.text}"
            for j, piece in enumerate(label.split("\t")):
                if j:
                    link.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> </w:t></w:r>'))
                link.append(self._r(Run(piece)))
            link.append(parse_xml(f'<w:r {nsdecls("w")}><w:tab/></w:r>'))
            link.append(_fld("begin"))
            link.append(_instr(f" PAGEREF {h.bookmark} \\h "))
            link.append(_fld("separate"))
            link.append(_fld("end"))
            p.append(link)
            if i == len(entries) - 1:
                p.append(_fld("end"))

    # -- document-wide settings ------------------------------------------------------------------
    def finish(self) -> dict[str, bytes]:
        lang = LANG_TAGS[self.meta.lang]
        styles_el = self.doc.styles.element
        if self.meta.compact or self.meta.close_set:
            # A shorter standard, said by the document's own styles (no direct formatting): all but
            # a large organisation's are set closer, and their appendices and situation index follow
            # on (close_set); a small one's is also in 10.5 pt (compact).
            breaks = {self.style_ids[n] for n in ("Appendix Heading", "TOC Heading", "Unnumbered Heading")}
            tighter = {self.style_ids[n]: twips for n, twips in _COMPACT_SPACING.items() if n in self.style_ids}
            for style in styles_el.findall(qn("w:style")):
                sid = style.get(qn("w:styleId"))
                ppr = style.find(qn("w:pPr"))
                if ppr is None:
                    continue
                if sid in breaks:
                    drop(ppr, "w:pageBreakBefore")
                    ppr.append(parse_xml(f'<w:pageBreakBefore {nsdecls("w")} w:val="0"/>'))
                if sid == self.style_ids["Normal"] and self.meta.compact:
                    rpr = style.find(qn("w:rPr"))
                    size = rpr.find(qn("w:sz")) if rpr is not None else None
                    if size is not None:
                        size.set(qn("w:val"), "21")  # 10.5 pt: a short standard on fewer pages
                if sid in tighter and ppr.find(qn("w:spacing")) is not None:
                    before, after = tighter[sid]
                    spacing = ppr.find(qn("w:spacing"))
                    if before is not None:
                        spacing.set(qn("w:before"), str(before))
                    spacing.set(qn("w:after"), str(after))
                    if sid == self.style_ids["Normal"] and spacing.get(qn("w:line")):
                        spacing.set(qn("w:line"), "240")  # single line spacing
                sort_ppr(ppr)
        rpr = _default_run_properties(styles_el)
        drop(rpr, "w:lang")
        rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="{lang}" w:eastAsia="{lang}" w:bidi="ar-SA"/>'))
        for lang_el in styles_el.iter(qn("w:lang")):
            lang_el.set(qn("w:val"), lang)

        numbering = self.doc.part.numbering_part.element
        label = self.meta.appendix_label
        for absn in numbering.findall(qn("w:abstractNum")):
            nsid = absn.find(qn("w:nsid"))
            if nsid is not None and nsid.get(qn("w:val")) == LIST_NSIDS["appendix"]:
                lvl0 = absn.find(qn("w:lvl"))
                lvl0.find(qn("w:lvlText")).set(qn("w:val"), label)

        settings = self.doc.settings.element
        drop(settings, "w:proofState")
        drop(settings, "w:updateFields")
        settings.append(parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>'))
        sort_settings(settings)

        cp = self.doc.core_properties
        # core properties are limited to 255 characters each
        cp.title = self.meta.title[:255]
        cp.subject = f"{self.meta.subject}: {self.meta.organisation}"[:255]
        cp.author = self.meta.organisation[:255]
        cp.last_modified_by = "kasgen"
        cp.keywords = self.meta.keywords
        cp.language = lang
        cp.version = self.meta.version
        cp.category = self.meta.subject
        cp.comments = ""
        cp.revision = 1
        if self.stamp is not None:
            cp.created = self.stamp.replace(tzinfo=None)
            cp.modified = self.stamp.replace(tzinfo=None)
        else:  # the answers do not say when this version was prepared: claim no date
            for name in ("created", "modified"):
                drop(cp._element, f"dcterms:{name}")

        drop_parts(self.doc)
        if self.record is not None:
            mark_units(self.doc, self.units, self.record, self.bookmark_id + 1)
        parts = package_parts(self.doc)
        if "docProps/app.xml" in parts:
            parts["docProps/app.xml"] = app_properties(self.meta.organisation)
        return parts


def _default_run_properties(styles: Any) -> Any:
    """``w:docDefaults/w:rPrDefault/w:rPr`` of a styles part, made when a template lacks it."""
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = _new("w:docDefaults")
        styles.insert(0, defaults)  # the schema wants it first
    run_default = defaults.find(qn("w:rPrDefault"))
    if run_default is None:
        run_default = _new("w:rPrDefault")
        defaults.insert(0, run_default)
    rpr = run_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = _new("w:rPr")
        run_default.append(rpr)
    return rpr


def column_widths(table: Table, total: int) -> list[int]:
    """Column widths (twips) in proportion to how much text each column holds.

    Every column first gets what its longest word needs at the table font (about 105 twips a
    character plus cell margins), so no word breaks mid-way; the rest is shared in proportion to
    the column's average text length, so short columns (numbers, clause references) stay narrow.
    """
    cols = table.column_count
    texts = [[h] for h in table.header]
    for row in table.rows:
        for i, cell in enumerate(row[:cols]):
            texts[i].append("".join(r.text for r in cell))
    floors, weights = [], []
    for col in texts:
        longest_word = max((len(w) for t in col for w in t.split()), default=1)
        floors.append(min(longest_word * 105 + 240, total // 3))
        weights.append(max(sum(len(t) for t in col) / len(col), 3.0) ** 0.9)
    if sum(floors) > total:
        scale = total / sum(floors)
        return [int(f * scale) for f in floors]
    spare = total - sum(floors)
    widths = [int(f + spare * w / sum(weights)) for f, w in zip(floors, weights)]
    widths[-1] += total - sum(widths)
    return widths


@lru_cache(maxsize=None)
def _tag(nsptag: str) -> tuple[str, dict[str, str]]:
    parsed = NamespacePrefixedTag(nsptag)
    return parsed.clark_name, parsed.nsmap


def _new(nsptag: str) -> Any:
    """A new empty element (what python-docx's ``OxmlElement`` makes, with the tag parsed once
    per process rather than once per element: a standard has some 20,000 elements)."""
    clark, nsmap = _tag(nsptag)
    return oxml_parser.makeelement(clark, nsmap=nsmap)


_W_W, _W_TYPE, _W_VAL = qn("w:w"), qn("w:type"), qn("w:val")


def _fld(kind: str) -> Any:
    return parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="{kind}"/></w:r>')


def _instr(text: str) -> Any:
    return parse_xml(f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve">{text}</w:instrText></w:r>')


def render_docx(
    document: Document, template: Path | IO[bytes], comments: bool = True,
    stamp: dt.datetime | None = None, record: BuildRecord | None = None,
) -> bytes:
    """Return the .docx bytes for a document model.

    ``template`` is the shell: a path, or a completed custom template in memory. ``stamp`` is the
    file's creation date and the comments' date; without one the file states no date (never the
    time of the build, so that the same answers give the same bytes). With a ``record``, every unit
    is anchored and the manifest added (what ``kasgen update`` reads back). The package is zipped
    deterministically (:func:`kasgen.wordml_package.write_zip`), without the content hash that a
    build adds (:func:`kasgen.provenance.stamp_parts`).
    """
    return write_zip(render_docx_parts(document, template, comments, stamp, record))


def render_docx_parts(
    document: Document, template: Path | IO[bytes], comments: bool = True,
    stamp: dt.datetime | None = None, record: BuildRecord | None = None,
) -> dict[str, bytes]:
    """The package's parts (name → bytes) of :func:`render_docx`, not yet zipped: a build zips
    them once, with its content hash (:func:`kasgen.provenance.stamp_parts`)."""
    writer = _Writer(template, document, comments, stamp, record)
    writer.write()
    return writer.finish()
