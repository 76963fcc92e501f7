"""Provenance: kasgen records what it wrote, so a rebuild never destroys anyone's changes.

Every output carries a SHA-256 of its own content:

* a .docx or .xlsx (a zip of parts): the custom document property ``kasgen.contentHash``, over
  every part, the content types and relationships included, and the custom properties too
  (only this one property is left out), so an edit anywhere, even one that only adds a
  "ReviewedBy" property, reads as an edit;
* a PDF: a comment line after the end of the file, ``%kasgen.contentHash 2-<hash>``, over every
  byte before it (PDF readers ignore comments; a viewer that saves annotations appends after it).

:func:`state` tells ``absent``, ``unchanged`` (as kasgen wrote it), ``edited`` or ``foreign``
(not written by kasgen, or unreadable: treated as someone else's file).
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from kasgen import limits
from kasgen.inputs import InputProblem, read_limited
from kasgen.package import read_package
from kasgen.wordml_package import write_zip

PROPERTY = "kasgen.contentHash"
CUSTOM_PART = "docProps/custom.xml"
_VERSION = "2-"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_OWN = re.compile(rb'<(?:\w+:)?property\b[^>]*\bname="kasgen\.contentHash"[^>]*>.*?</(?:\w+:)?property>',
                  re.S)
_VALUE = re.compile(rb"<(?:\w+:)?lpwstr\b[^>]*>(2-)?([0-9a-f]{64})</(?:\w+:)?lpwstr>")
_PDF_MARK = b"%kasgen.contentHash "
_EMPTY_CUSTOM = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>'
).encode()


def content_hash(parts: dict[str, bytes]) -> str:
    """The hash over every part, leaving out only kasgen's own property (see the module docstring)."""
    digest = hashlib.sha256()
    for name in sorted(parts):
        data = parts[name]
        if name == CUSTOM_PART:
            data = _OWN.sub(b"", data)
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def _legacy_hash(parts: dict[str, bytes]) -> str:
    """The hash of kasgen 0.1's first files (before the content types and properties counted)."""
    digest = hashlib.sha256()
    for name in sorted(parts):
        if name in (CUSTOM_PART, "[Content_Types].xml", "_rels/.rels"):
            continue
        digest.update(name.encode() + b"\0" + hashlib.sha256(parts[name]).digest())
    return digest.hexdigest()


def stamp(data: bytes) -> bytes:
    """Return the package (.docx or .xlsx) with the content-hash property, zipped deterministically.

    Custom properties the package already has (a template's own) are kept.
    """
    from kasgen.wordml_package import read_parts

    return stamp_parts(read_parts(data))


def stamp_parts(parts: dict[str, bytes]) -> bytes:
    """:func:`stamp` for a package's parts (name → bytes) not yet zipped; ``parts`` is changed."""
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
            f'<Relationship Id="rIdKasgen1" Type="{_CUSTOM_REL}" Target="docProps/custom.xml"/>'
            "</Relationships>",
        )
        parts["_rels/.rels"] = rels.encode()
    custom = _OWN.sub(b"", parts.get(CUSTOM_PART, _EMPTY_CUSTOM))
    parts[CUSTOM_PART] = custom
    value = _VERSION + content_hash(parts)
    pids = [int(p) for p in re.findall(rb'\bpid="(\d+)"', custom)]
    own = (f'<property fmtid="{_FMTID}" pid="{max(pids, default=1) + 1}" name="{PROPERTY}">'
           f"<vt:lpwstr>{value}</vt:lpwstr></property>").encode()
    closing = custom.rfind(b"</Properties>")
    if closing < 0:  # an unusual custom part (a prefixed namespace): start a plain one
        custom, closing = _EMPTY_CUSTOM, _EMPTY_CUSTOM.rfind(b"</Properties>")
    parts[CUSTOM_PART] = custom[:closing] + own + custom[closing:]
    return write_zip(parts)


def stamp_pdf(data: bytes) -> bytes:
    """The PDF with the content-hash comment after its end."""
    if not data.endswith(b"\n"):
        data += b"\n"
    return data + _PDF_MARK + (_VERSION + hashlib.sha256(data).hexdigest()).encode() + b"\n"


def state(path: Path) -> str:
    """What is at ``path``: ``absent``, ``unchanged`` (as kasgen wrote it), ``edited`` or ``foreign``.

    Never blocks: a folder or special file is ``foreign`` without being opened for reading.
    """
    try:
        os.stat(path)
    except FileNotFoundError:
        return "absent"
    except OSError:
        return "foreign"
    if Path(path).suffix.lower() == ".pdf":
        return _pdf_state(path)
    try:
        parts = read_package(path, "Word or Excel file")
    except InputProblem:
        return "foreign"
    custom = parts.get(CUSTOM_PART, b"")
    own = _OWN.search(custom)
    match = _VALUE.search(own.group()) if own else None
    if not match:
        return "foreign"
    expected = content_hash(parts) if match.group(1) else _legacy_hash(parts)
    return "unchanged" if match.group(2).decode() == expected else "edited"


def _pdf_state(path: Path) -> str:
    try:
        data = read_limited(path, limits.PACKAGE_BYTES, "PDF")
    except InputProblem:
        return "foreign"
    at = data.rfind(_PDF_MARK)
    if at < 0:
        return "foreign"
    line = data[at + len(_PDF_MARK):]
    expected = (_VERSION + hashlib.sha256(data[:at]).hexdigest()).encode() + b"\n"
    return "unchanged" if line == expected else "edited"
