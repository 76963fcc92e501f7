"""Provenance: kasgen records what it wrote, so a rebuild never destroys an editor's changes.

The .docx carries a custom document property ``kasgen.contentHash``: a SHA-256 over every part of
the package except the property part itself. A file whose parts no longer match that hash was
changed after kasgen wrote it (opened and saved in Word, edited by hand).
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

from kasgen.wordml_package import read_parts, write_zip

PROPERTY = "kasgen.contentHash"
CUSTOM_PART = "docProps/custom.xml"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_HASH_RE = re.compile(rb"<vt:lpwstr>([0-9a-f]{64})</vt:lpwstr>")


def content_hash(parts: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(parts):
        if name in (CUSTOM_PART, "[Content_Types].xml", "_rels/.rels"):
            continue
        digest.update(name.encode() + b"\0" + hashlib.sha256(parts[name]).digest())
    return digest.hexdigest()


def _custom_xml(value: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        f'name="{PROPERTY}"><vt:lpwstr>{value}</vt:lpwstr></property></Properties>'
    ).encode()


def stamp(data: bytes) -> bytes:
    """Return the package with the content-hash property added, zipped deterministically."""
    parts = read_parts(data)
    parts[CUSTOM_PART] = _custom_xml(content_hash(parts))
    types = parts["[Content_Types].xml"].decode()
    if "/docProps/custom.xml" not in types:
        types = types.replace(
            "</Types>",
            f'<Override PartName="/docProps/custom.xml" ContentType="{_CUSTOM_TYPE}"/></Types>',
        )
        parts["[Content_Types].xml"] = types.encode()
    rels = parts["_rels/.rels"].decode()
    if _CUSTOM_REL not in rels:
        rels = rels.replace(
            "</Relationships>",
            f'<Relationship Id="rIdKasgen1" Type="{_CUSTOM_REL}" Target="docProps/custom.xml"/></Relationships>',
        )
        parts["_rels/.rels"] = rels.encode()
    return write_zip(parts)


def state(path: Path) -> str:
    """What is at ``path``: ``absent``, ``unchanged`` (as kasgen wrote it), ``edited`` or ``foreign``."""
    if not path.exists():
        return "absent"
    try:
        with zipfile.ZipFile(path) as z:
            parts = {name: z.read(name) for name in z.namelist()}
    except (zipfile.BadZipFile, OSError):
        return "foreign"
    custom = parts.get(CUSTOM_PART)
    match = _HASH_RE.search(custom or b"")
    if not custom or PROPERTY.encode() not in custom or not match:
        return "foreign"
    return "unchanged" if match.group(1).decode() == content_hash(parts) else "edited"
