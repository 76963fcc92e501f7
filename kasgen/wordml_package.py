"""Package-level WordML: kasgen's list definitions in any template, settings, parts, the zip.

Kept apart from :mod:`kasgen.docx_writer` (which writes the body) because these touch the package
as a whole: they would be the same for any body.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

_FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


_LIST_LINKS = {
    # style name -> (list key, level); list keys name the abstractNums of shell_builder
    "Heading 1": ("headings", 0), "Heading 2": ("headings", 1), "Clause": ("headings", 2),
    "Subclause": ("headings", 3), "Appendix Heading": ("appendix", 0),
    "Appendix Heading 2": ("appendix", 1), "Appendix Clause": ("appendix", 2),
    "Appendix Subclause": ("appendix", 3), "List Bullet": ("bullet", 0),
}
LIST_NSIDS = {"headings": "4B41530A", "appendix": "4B415314", "bullet": "4B41531E"}


def ensure_lists(doc: Any) -> None:
    """Make sure kasgen's three lists exist and the styles are linked to them.

    kasgen's own shell already has them; a custom template (``--template``) usually has other lists
    or none, so the lists are added with free ids and the styles re-linked. Nothing else in the
    template changes.
    """
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.packuri import PackURI
    from docx.parts.numbering import NumberingPart

    from kasgen.shell_builder import link_style_to_list, numbering_xml

    try:
        numbering = doc.part.numbering_part.element
    except (NotImplementedError, KeyError):
        part = NumberingPart(PackURI("/word/numbering.xml"), CT.WML_NUMBERING,
                             parse_xml(f"<w:numbering {nsdecls('w')}/>"), doc.part.package)
        doc.part.relate_to(part, RT.NUMBERING)
        numbering = part.element
    found: dict[str, str] = {}
    for absn in numbering.findall(qn("w:abstractNum")):
        nsid = absn.find(qn("w:nsid"))
        for key, value in LIST_NSIDS.items():
            if nsid is not None and nsid.get(qn("w:val")) == value:
                found[key] = absn.get(qn("w:abstractNumId"))
    num_for: dict[str, str] = {}
    for num in numbering.findall(qn("w:num")):
        ref = _number_id(num.find(qn("w:abstractNumId")), "w:val", "w:num/w:abstractNumId")
        for key, abs_id in found.items():
            if ref == abs_id and key not in num_for:
                num_for[key] = num.get(qn("w:numId"))
    if len(num_for) == 3:
        return
    used_abs = {int(_number_id(a, "w:abstractNumId", "w:abstractNum"))
                for a in numbering.findall(qn("w:abstractNum"))}
    used_num = {int(_number_id(n, "w:numId", "w:num")) for n in numbering.findall(qn("w:num"))}
    ours = parse_xml(numbering_xml())
    next_abs = max(used_abs | {0}) + 1
    next_num = max(used_num | {0}) + 1
    keys = {"10": "headings", "20": "appendix", "30": "bullet"}
    new_abstracts, new_nums = [], []
    for absn in ours.findall(qn("w:abstractNum")):
        key = keys[absn.get(qn("w:abstractNumId"))]
        absn.set(qn("w:abstractNumId"), str(next_abs))
        new_abstracts.append(absn)
        new_nums.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{next_num}"><w:abstractNumId w:val="{next_abs}"/></w:num>'
        ))
        num_for[key] = str(next_num)
        next_abs += 1
        next_num += 1
    # the schema wants every abstractNum before the first num
    first_num = numbering.find(qn("w:num"))
    for absn in new_abstracts:
        if first_num is not None:
            first_num.addprevious(absn)
        else:
            numbering.append(absn)
    for num in new_nums:
        numbering.append(num)
    ids = {s.name: s for s in doc.styles}
    for name, (key, level) in _LIST_LINKS.items():
        style = ids.get(name)
        if style is None:
            continue
        link_style_to_list(style, num_for[key], level)
    # the level paragraphs must name the styles' ids in this template
    for absn in numbering.findall(qn("w:abstractNum")):
        for lvl in absn.findall(qn("w:lvl")):
            ps = lvl.find(qn("w:pStyle"))
            if ps is None:
                continue
            for name in _LIST_LINKS:
                if ps.get(qn("w:val")) == name.replace(" ", "") and name in ids:
                    ps.set(qn("w:val"), ids[name].style_id)


def numbering_problems(doc: Any) -> list[str]:
    """Why a template's list numbering cannot be completed (what :func:`ensure_lists` refuses):
    ids that are not whole numbers. Empty for a template without numbering."""
    from kasgen.errors import TemplateError

    try:
        numbering = doc.part.numbering_part.element
    except (NotImplementedError, KeyError):
        return []
    checks = [(a, "w:abstractNumId", "w:abstractNum") for a in numbering.findall(qn("w:abstractNum"))]
    for num in numbering.findall(qn("w:num")):
        checks += [(num, "w:numId", "w:num"), (num.find(qn("w:abstractNumId")), "w:val", "w:num/w:abstractNumId")]
    problems = []
    for element, attribute, where in checks:
        try:
            _number_id(element, attribute, where)
        except TemplateError as exc:
            problems.append(str(exc))
    return list(dict.fromkeys(problems))


def _number_id(element: Any, attribute: str, where: str) -> str:
    """A list numbering id of the template, which Word requires to be a whole number."""
    from kasgen.errors import TemplateError

    value = element.get(qn(attribute)) if element is not None else None
    if value is None or not value.strip().isdigit() or not value.isascii():
        raise TemplateError(f"word/numbering.xml: {where} has the id {value!r}, not a whole number; "
                            "open the template in Word and save it again")
    return value.strip()


def drop(parent: Any, tag: str) -> None:
    for el in parent.findall(qn(tag)):
        parent.remove(el)




_AFTER_UPDATE_FIELDS = {
    qn(f"w:{n}")
    for n in (
        "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids",
        "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
        "smartTagType", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
    )
} | {"{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr"}


def sort_settings(settings: Any) -> None:
    """Move updateFields to where the schema wants it: before hdrShapeDefaults, compat, rsids, ..."""
    upd = settings.find(qn("w:updateFields"))
    if upd is None:
        return
    settings.remove(upd)
    for i, child in enumerate(settings):
        if child.tag in _AFTER_UPDATE_FIELDS:
            settings.insert(i, upd)
            return
    settings.append(upd)


def drop_parts(doc: Any) -> None:
    """Remove python-docx leftovers: the thumbnail and custom XML the default template carries."""
    package = doc.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel.rId)
    for rel in list(doc.part.rels.values()):
        if rel.reltype in (RT.CUSTOM_XML, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"):
            doc.part.rels.pop(rel.rId)


def app_properties(company: str) -> bytes:
    """The extended properties part (``docProps/app.xml``): kasgen as the application and the
    organisation as the company. python-docx's template said "Microsoft Macintosh Word", one page
    and no words, which file browsers show until Word saves the file again; the counts are left
    out, for Word to give."""
    company_xml = company.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Application>kasgen</Application><DocSecurity>0</DocSecurity><Company>{company_xml}</Company>"
        "</Properties>"
    ).encode()


def package_parts(doc: Any) -> dict[str, bytes]:
    """A python-docx document's parts as they would be saved (name → bytes), without zipping
    them: what ``Document.save`` writes, through python-docx's own package writer."""
    from docx.opc.pkgwriter import PackageWriter

    package = doc.part.package
    for part in package.parts:
        part.before_marshal()
    sink = _PartSink()
    parts = list(package.parts)
    PackageWriter._write_content_types_stream(sink, parts)
    PackageWriter._write_pkg_rels(sink, package.rels)
    PackageWriter._write_parts(sink, parts)  # type: ignore[arg-type]
    return sink.parts


class _PartSink:
    """Stands in for python-docx's zip writer: keeps each member's bytes by name."""

    def __init__(self) -> None:
        self.parts: dict[str, bytes] = {}

    def write(self, uri: Any, blob: bytes) -> None:
        self.parts[uri.membername] = blob


def read_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return {name: src.read(name) for name in src.namelist()}


def write_zip(parts: dict[str, bytes]) -> bytes:
    """Zip the parts with fixed timestamps and order, so identical documents are identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(parts, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, parts[name])
    return out.getvalue()
