"""What surrounds the body: header and footer, core properties, settings and the manifest part.

Header, footer and properties follow the units' rule at paragraph level: a paragraph (or
property) still as kasgen built it takes the new text; one the editor changed is left alone.
"""

from __future__ import annotations

import copy
from typing import Any

from lxml import etree

from kasgen.wordml.manifest import (
    ITEM_TYPE,
    PROPS_TYPE,
    REL_CUSTOM_XML,
    REL_PROPS,
    Manifest,
    find_manifest,
    free_item_number,
    props_xml,
)
from kasgen.wordml.names import NS, W
from kasgen.wordml.package import RT, Package
from kasgen.wordml.reader import text_without_fields
from kasgen.wordml_package import sort_settings

_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_PROPERTY_TAGS = {"title": f"{{{_DC}}}title", "subject": f"{{{_DC}}}subject",
                  "author": f"{{{_DC}}}creator", "keywords": f"{{{_CP}}}keywords",
                  "category": f"{{{_CP}}}category", "version": f"{{{_CP}}}version"}


def update_furniture(ours: Package, theirs: Package, base: Manifest, new: Manifest) -> int:
    """Header and footer paragraphs still as built take the new text; returns how many did."""
    changed = 0
    for kind in ("header", "footer"):
        old_texts, new_texts = base.furniture.get(kind, []), new.furniture.get(kind, [])
        if old_texts == new_texts or len(old_texts) != len(new_texts):
            continue
        mapping = {o: n for o, n in zip(old_texts, new_texts) if o != n}
        fresh = {text_without_fields(p): p for part in theirs.targets(theirs.main, RT + kind)
                 for p in theirs.xml(part).iter(W("p"))}
        for part in ours.targets(ours.main, RT + kind):
            for p in list(ours.xml(part).iter(W("p"))):
                source = fresh.get(mapping.get(text_without_fields(p), "\0"))
                if source is None or _has_relationships(source) or _has_relationships(p):
                    continue
                p.addprevious(_restyled(source, theirs, ours))
                p.getparent().remove(p)
                ours.touch(part)
                changed += 1
    return changed


def _has_relationships(el: Any) -> bool:
    prefix = f"{{{NS['r']}}}"
    return any(name.startswith(prefix) for node in el.iter() for name in node.attrib)


def _restyled(p: Any, source: Package, target: Package) -> Any:
    new = copy.deepcopy(p)
    names = source.style_names()
    for ref in new.iter(W("pStyle"), W("rStyle")):
        found = target.style_id(names.get(ref.get(W("val"), ""), ""))
        if found:
            ref.set(W("val"), found)
    return new


def update_properties(ours: Package, base: Manifest, new: Manifest) -> None:
    """Core properties (title, subject, version ...) the editor left as built take new values."""
    found = ours.targets("", _CORE)
    if not found or found[0] not in ours.parts:
        return
    root = ours.xml(found[0])
    for name, tag in _PROPERTY_TAGS.items():
        old, value = base.properties.get(name), new.properties.get(name)
        if old is None or value is None or old == value:
            continue
        el = root.find(tag)
        if ((el.text or "") if el is not None else "") != old:
            continue
        if el is None:
            el = etree.SubElement(root, tag)
        el.text = value
        ours.touch(found[0])


def refresh_fields_on_open(ours: Package) -> None:
    """Ask Word to refresh the contents and cross-references when it opens the file."""
    found = ours.targets(ours.main, RT + "settings")
    if not found or found[0] not in ours.parts:
        return
    settings = ours.xml(found[0])
    current = settings.find(W("updateFields"))
    if current is not None and current.get(W("val")) in ("true", "1", "on"):
        return
    settings = ours.touch(found[0])
    if current is not None:
        settings.remove(current)
    el = etree.SubElement(settings, W("updateFields"))
    el.set(W("val"), "true")
    sort_settings(settings)


def put_manifest(package: Package, manifest: Manifest) -> None:
    """Write the manifest into its part, or add the part (with its properties and relationship)."""
    name, _ = find_manifest(package.parts)
    if name is not None:
        package.parts[name] = manifest.to_xml()
        return
    n = free_item_number(package.parts)
    item, props = f"customXml/item{n}.xml", f"customXml/itemProps{n}.xml"
    package.add_part(item, manifest.to_xml())
    package.ensure_default_type("xml", ITEM_TYPE)
    package.add_part(props, props_xml(), PROPS_TYPE)
    package.relate(item, REL_PROPS, props)
    package.relate(package.main, REL_CUSTOM_XML, item)
