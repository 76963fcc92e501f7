"""A .docx as a set of parts that can be changed and zipped again.

Parts nobody changes keep their exact bytes; parts that are changed are parsed once and written
back on :meth:`Package.to_bytes`. Part names follow the relationships (``_rels/.rels`` names the
main document part), so files saved by Word, LibreOffice or other tools are read the same way.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import Any

from lxml import etree

from kasgen.wordml.names import NS, parse, serialize
from kasgen.wordml_package import write_zip

RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_REL = f"{{{NS['rel']}}}Relationship"
_CT = f"{{{NS['ct']}}}"


class PackageError(ValueError):
    """The bytes are not a Word document (not a zip, or no main document part)."""


class Package:
    """A package from its parts (read with :func:`kasgen.package.read_package`, which enforces
    the input limits) or from bytes kasgen made itself."""

    def __init__(self, source: dict[str, bytes] | bytes):
        if isinstance(source, bytes):
            try:
                with zipfile.ZipFile(io.BytesIO(source)) as z:
                    source = {name: z.read(name) for name in z.namelist()}
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise PackageError(f"not a Word document (.docx): {exc}") from None
        self.parts = dict(source)
        self._trees: dict[str, Any] = {}
        self._changed: set[str] = set()
        self._styles: dict[str, str] | None = None
        try:
            main = self.targets("", RT + "officeDocument") or self.targets(
                "", "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")
            self.main = main[0]
            self.xml(self.main)
        except (IndexError, PackageError, etree.XMLSyntaxError):
            raise PackageError("not a Word document: it has no readable main document part") from None

    # -- parts ---------------------------------------------------------------------------------
    def xml(self, name: str) -> Any:
        """The parsed part (parsed once); call :meth:`touch` when it was changed."""
        tree = self._trees.get(name)
        if tree is None:
            if name not in self.parts:
                raise PackageError(f"the part {name} is missing")
            tree = self._trees[name] = parse(self.parts[name])
        return tree

    def touch(self, name: str) -> Any:
        """Mark a part as changed (it is written back) and return its tree."""
        self._changed.add(name)
        self._styles = None
        return self.xml(name)

    def set_xml(self, name: str, root: Any) -> None:
        self._trees[name] = root
        self._changed.add(name)

    def add_part(self, name: str, data: bytes, content_type: str | None = None) -> None:
        self.parts[name] = data
        self._trees.pop(name, None)
        if content_type:
            types = self.touch("[Content_Types].xml")
            for el in types.findall(_CT + "Override"):
                if el.get("PartName") == "/" + name:
                    types.remove(el)
            etree.SubElement(types, _CT + "Override", PartName="/" + name, ContentType=content_type)

    def ensure_default_type(self, extension: str, content_type: str) -> None:
        types = self.xml("[Content_Types].xml")
        known = {el.get("Extension", "").lower() for el in types.findall(_CT + "Default")}
        if extension.lower() not in known:
            self.touch("[Content_Types].xml")
            types.insert(0, etree.Element(_CT + "Default", Extension=extension, ContentType=content_type))

    def free_name(self, pattern: str) -> str:
        """The first free part name for a pattern such as ``word/media/kasgen{}.png``."""
        n = 1
        while pattern.format(n) in self.parts:
            n += 1
        return pattern.format(n)

    # -- relationships -------------------------------------------------------------------------
    @staticmethod
    def rels_name(part: str) -> str:
        folder, name = posixpath.split(part)
        return posixpath.join(folder, "_rels", name + ".rels")

    def rels(self, part: str) -> Any:
        name = self.rels_name(part)
        if name not in self.parts and name not in self._trees:
            self._trees[name] = etree.Element(_REL + "s", nsmap={None: NS["rel"]})
            self.parts[name] = b""
            self._changed.add(name)
        return self.xml(name)

    def relationships(self, part: str) -> list[tuple[str, str, str, bool]]:
        """(id, type, target part name or URL, external) of a part's relationships."""
        if self.rels_name(part) not in self.parts:
            return []
        out = []
        folder = posixpath.dirname(part)
        for rel in self.rels(part).findall(_REL):
            external = rel.get("TargetMode") == "External"
            target = rel.get("Target", "")
            if not external:
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(folder, target))
            out.append((rel.get("Id", ""), rel.get("Type", ""), target, external))
        return out

    def targets(self, part: str, reltype: str) -> list[str]:
        return [t for _, kind, t, ext in self.relationships(part) if kind == reltype and not ext]

    def target_of(self, part: str, rel_id: str) -> tuple[str, str, bool] | None:
        for rid, kind, target, external in self.relationships(part):
            if rid == rel_id:
                return kind, target, external
        return None

    def relate(self, part: str, reltype: str, target: str, external: bool = False) -> str:
        """Add a relationship (or find the same one) and return its id."""
        for rid, kind, found, ext in self.relationships(part):
            if kind == reltype and found == target and ext == external:
                return rid
        rels = self.rels(part)
        self._changed.add(self.rels_name(part))
        used = {rel.get("Id") for rel in rels.findall(_REL)}
        n = 1
        while f"rIdKg{n}" in used:
            n += 1
        rid = f"rIdKg{n}"
        ref = target if external else posixpath.relpath(target, posixpath.dirname(part) or ".")
        rel = etree.SubElement(rels, _REL, Id=rid, Type=reltype, Target=ref)
        if external:
            rel.set("TargetMode", "External")
        return rid

    # -- saving --------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        parts = dict(self.parts)
        for name in self._changed:
            parts[name] = serialize(self._trees[name])
        return write_zip(parts)

    # -- styles --------------------------------------------------------------------------------
    def style_names(self) -> dict[str, str]:
        """Style id -> name (lower case: Word writes "heading 1", LibreOffice "Heading 1")."""
        if self._styles is not None:
            return self._styles
        found = self.targets(self.main, RT + "styles")
        if not found or found[0] not in self.parts:
            return {}
        w = f"{{{NS['w']}}}"
        out = {}
        for style in self.xml(found[0]).iter(w + "style"):
            name = style.find(w + "name")
            out[style.get(w + "styleId", "")] = (name.get(w + "val", "") if name is not None else "").lower()
        self._styles = out
        return out

    def style_id(self, name: str) -> str | None:
        """The id of the style called ``name`` in this package, if it has one."""
        wanted = name.lower()
        return next((sid for sid, n in self.style_names().items() if n == wanted), None)
