"""Special files for the hostile corpus: the ``make:`` steps of ``tests/hostile/*/cases.yaml``.

Each step is ``ACTION ARG ...`` and makes something a text file cannot be: a named pipe, a link,
an output kasgen wrote (then edited, filled in or given a new property), a damaged or hostile Word
package, a fake LibreOffice. ``prebuild`` writes the outputs once per test run; the actions copy
them into a case's folder, so the corpus does not build the same file a hundred times.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.helpers import ROOT

#: The bundled shell: a valid Word package to damage.
SHELL = ROOT / "templates" / "shell.docx"


def prebuild(folder: Path, minimal: str) -> dict[str, Path]:
    """A standard and a checklist workbook kasgen wrote from ``minimal``: name -> path."""
    answers = folder / "answers.yaml"
    answers.write_text(minimal, encoding="utf-8")
    for argv in (["build", "answers.yaml", "-o", "standard.docx"],
                 ["checklist", "answers.yaml", "-o", "results.xlsx"]):
        subprocess.run([sys.executable, "-m", "kasgen", *argv], cwd=folder, check=True,
                       capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    return {"standard.docx": folder / "standard.docx", "results.xlsx": folder / "results.xlsx"}


def _rewrite(source: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> None:
    """Copy a zip package part by part; ``change(name, data)`` returns new data or None to drop."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = change(item.filename, old.read(item))
            if data is not None:
                new.writestr(item.filename, data)


def _xml_edit(part: str, pattern: str, replacement: str) -> Callable[[str, bytes], bytes | None]:
    def change(name: str, data: bytes) -> bytes | None:
        if name != part:
            return data
        text, count = re.subn(pattern, replacement, data.decode("utf-8"), flags=re.S)
        assert count, f"{pattern!r} not found in {part}"
        return text.encode("utf-8")
    return change


def _at(work: Path, name: str) -> Path:
    """``work / name``, its folder made."""
    path = work / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


# -- plain special files -------------------------------------------------------------------------
def fifo(work: Path, _: dict, name: str) -> None:
    """A named pipe nobody writes to: reading it blocks for ever."""
    os.mkfifo(_at(work, name))


def folder(work: Path, _: dict, name: str) -> None:
    _at(work, name).mkdir(parents=True)


def link(work: Path, _: dict, name: str, target: str) -> None:
    """A symbolic link (``target`` as written: relative, absolute, a device or missing)."""
    os.symlink(target, _at(work, name))


def victim(work: Path, _: dict, name: str) -> None:
    """A file a planted link points to: it must come out of the case unchanged."""
    _at(work, name).write_text("Do not overwrite me.\n", encoding="utf-8")


def sparse(work: Path, _: dict, name: str, megabytes: str) -> None:
    """A file of ``megabytes`` MB that takes no disk space (zeros)."""
    with _at(work, name).open("wb") as f:
        f.truncate(int(megabytes) * 1_000_000)


def comments(work: Path, _: dict, name: str, megabytes: str) -> None:
    """A valid answers file padded with comment lines to ``megabytes`` MB."""
    body = (work / "answers.yaml").read_text(encoding="utf-8")
    line = "# " + "x" * 78 + "\n"
    _at(work, name).write_text(body + line * (int(float(megabytes) * 1_000_000) // len(line) + 1),
                             encoding="utf-8")


def padded(work: Path, _: dict, name: str, megabytes: str) -> None:
    """A YAML file of ``megabytes`` MB of comment lines."""
    line = "# " + "x" * 78 + "\n"
    _at(work, name).write_text(line * (int(float(megabytes) * 1_000_000) // len(line) + 1),
                               encoding="utf-8")


def encoded(work: Path, _: dict, name: str, codec: str) -> None:
    """``answers.yaml`` re-encoded (utf-16, latin-1 ...) as ``name``."""
    text = (work / "answers.yaml").read_text(encoding="utf-8")
    _at(work, name).write_bytes(text.encode(codec, errors="replace"))


_ITEMS = {
    "branches": "  - {{name: Skyrius Nr. {n}, address: 'Gatvė {n}, Vilnius', opening_hours: I–V 8–17, "
                "escalation_contact: vadovas}}\n",
    "custom_client_groups": "  - {{name: Grupė Nr. {n}, dos: [Kalbame lėtai {n}, Parodome kelią {n}], "
                            "donts: [Neskubiname {n}], phrase: Kuo galiu padėti {n}?}}\n",
    "situations": "  - {{title: Atvejis Nr. {n}, what_to_do: [Padedame klientui {n}]}}\n",
}


def listed(work: Path, _: dict, key: str, count: str) -> None:
    """``answers.yaml`` with a top-level list ``key`` of ``count`` distinct items appended."""
    items = "".join(_ITEMS[key].format(n=n) for n in range(1, int(count) + 1))
    with (work / "answers.yaml").open("a", encoding="utf-8") as f:
        f.write(f"{key}:\n{items}")


def binary(work: Path, _: dict, name: str, hexdata: str) -> None:
    _at(work, name).write_bytes(bytes.fromhex(hexdata))


# -- outputs kasgen wrote ------------------------------------------------------------------------
def prebuilt(work: Path, built: dict, name: str, as_name: str | None = None) -> None:
    """An output kasgen wrote, unchanged, as ``as_name`` (default: its own name)."""
    target = work / (as_name or name)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built[name], target)


def edited(work: Path, built: dict, name: str) -> None:
    """The standard with a paragraph an editor added in Word."""
    _rewrite(built["standard.docx"], _at(work, name),
             _xml_edit("word/document.xml", r"(<w:body>)",
                       r"\1<w:p><w:r><w:t>Redaktoriaus pastaba</w:t></w:r></w:p>"))


def reviewed(work: Path, built: dict, name: str) -> None:
    """The standard with only a custom document property added (``ReviewedBy``)."""
    prop = ('<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="99" name="ReviewedBy">'
            '<vt:lpwstr>J. Jonaitė</vt:lpwstr></property>')

    def change(part: str, data: bytes) -> bytes | None:
        if part == "docProps/custom.xml":
            return data.replace(b"</Properties>", prop.encode() + b"</Properties>")
        return data
    with zipfile.ZipFile(built["standard.docx"]) as z:
        assert "docProps/custom.xml" in z.namelist(), "kasgen writes custom properties"
    _rewrite(built["standard.docx"], _at(work, name), change)


def filled(work: Path, built: dict, name: str) -> None:
    """The checklist workbook with a result a mystery shopper entered in Excel."""
    import openpyxl

    book = openpyxl.load_workbook(built["results.xlsx"])
    sheet = book.worksheets[1]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.value is None and cell.column > 2 and type(cell).__name__ == "Cell":
                cell.value = "taip"
                book.save(_at(work, name))
                return
    raise AssertionError("no empty result cell in the checklist workbook")


# -- hostile Word packages -----------------------------------------------------------------------
def zipbomb(work: Path, _: dict, name: str, megabytes: str) -> None:
    """A valid-looking package whose document part unpacks to ``megabytes`` MB of zeros (stored:
    about a thousandth of that)."""
    with zipfile.ZipFile(SHELL) as shell:
        parts = {i.filename: shell.read(i) for i in shell.infolist()}
    with zipfile.ZipFile(_at(work, name), "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for part, data in parts.items():
            if part == "word/document.xml":
                info = zipfile.ZipInfo(part)
                info.compress_type = zipfile.ZIP_DEFLATED
                with z.open(info, "w", force_zip64=True) as out:
                    block = b"\0" * 1_000_000
                    for _ in range(int(megabytes)):
                        out.write(block)
            else:
                z.writestr(part, data)


def many_parts(work: Path, _: dict, name: str, count: str) -> None:
    """The shell with ``count`` extra empty parts."""
    shutil.copyfile(SHELL, _at(work, name))
    with zipfile.ZipFile(_at(work, name), "a") as z:
        for n in range(int(count)):
            z.writestr(f"customXml/extra{n}.xml", b"")


def encrypted(work: Path, _: dict, name: str) -> None:
    """What Word writes for a password-protected document: an OLE compound file, not a zip."""
    header = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 16 + struct.pack("<HH", 0x3E, 3)
    _at(work, name).write_bytes(header + b"\0" * 490 + "EncryptedPackage".encode("utf-16-le") * 32)


def compression(work: Path, built: dict, name: str, source: str = "shell") -> None:
    """A package whose parts use a compression method zip readers do not know (method 99, AES)."""
    data = bytearray(_package(built, source).read_bytes())
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            data[at + offset:at + offset + 2] = struct.pack("<H", 99)
            start = at + 4
    _at(work, name).write_bytes(bytes(data))


def corrupt(work: Path, built: dict, name: str, source: str = "shell") -> None:
    """A package whose document part's deflate stream is damaged (CRC and sizes intact)."""
    data = bytearray(_package(built, source).read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for n in range(start + 8, start + min(info.compress_size, 400)):
        data[n] ^= 0x5A
    _at(work, name).write_bytes(bytes(data))


def _package(built: dict, source: str) -> Path:
    return SHELL if source == "shell" else built[source]


def no_sectpr(work: Path, _: dict, name: str) -> None:
    """A template whose body has no section properties (page size, margins)."""
    _rewrite(SHELL, _at(work, name), _xml_edit("word/document.xml", r"<w:sectPr\b.*?</w:sectPr>", ""))


def no_docdefaults(work: Path, _: dict, name: str) -> None:
    _rewrite(SHELL, _at(work, name), _xml_edit("word/styles.xml", r"<w:docDefaults\b.*?</w:docDefaults>", ""))


def bad_numbering(work: Path, _: dict, name: str) -> None:
    """A template whose list numbering ids are not numbers."""
    _rewrite(SHELL, _at(work, name), _xml_edit("word/numbering.xml", r'w:abstractNumId="\d+"',
                                           'w:abstractNumId="viens"'))


def drop_part(work: Path, _: dict, name: str, part: str) -> None:
    _rewrite(SHELL, _at(work, name), lambda p, d: None if p == part else d)


def bad_xml(work: Path, _: dict, name: str, part: str) -> None:
    """A part that is not well-formed XML."""
    _rewrite(SHELL, _at(work, name), lambda p, d: d[: len(d) // 2] if p == part else d)


def xxe(work: Path, _: dict, name: str) -> None:
    """styles.xml declaring an external entity that reads /etc/passwd."""
    def change(part: str, data: bytes) -> bytes | None:
        if part != "word/styles.xml":
            return data
        text = data.decode("utf-8")
        text = re.sub(r"^<\?xml[^>]*\?>", "", text).lstrip()
        root = re.match(r"<([\w:]+)", text).group(1)  # type: ignore[union-attr]
        return (f'<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                + text.replace("</w:styles>", "<w:style w:styleId='x'><w:name w:val='&x;'/></w:style></w:styles>")
                ).encode("utf-8")
    _rewrite(SHELL, _at(work, name), change)


# -- a fake LibreOffice --------------------------------------------------------------------------
_SOFFICE = {
    "hang": "exec sleep 600\n",
    "fail": "echo 'soffice: cannot open display' >&2\nexit 1\n",
}


def soffice(work: Path, _: dict, behaviour: str) -> None:
    """``bin/soffice`` (the harness puts ``bin`` first on PATH) that hangs or fails."""
    path = work / "bin" / "soffice"
    path.parent.mkdir(exist_ok=True)
    path.write_text("#!/bin/sh\n" + _SOFFICE[behaviour], encoding="utf-8")
    path.chmod(0o755)


ACTIONS: dict[str, Callable[..., None]] = {
    "fifo": fifo, "folder": folder, "link": link, "victim": victim, "sparse": sparse,
    "comments": comments, "padded": padded, "listed": listed, "encoded": encoded, "binary": binary,
    "prebuilt": prebuilt, "edited": edited, "reviewed": reviewed, "filled": filled,
    "zipbomb": zipbomb, "many_parts": many_parts, "encrypted": encrypted,
    "compression": compression, "corrupt": corrupt, "no_sectpr": no_sectpr,
    "no_docdefaults": no_docdefaults, "bad_numbering": bad_numbering, "drop_part": drop_part,
    "bad_xml": bad_xml, "xxe": xxe, "soffice": soffice,
}
