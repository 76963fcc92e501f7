"""Reading a Word or Excel package (a zip of XML parts) within declared limits.

A .docx handed to kasgen (``--template``, ``template check``, an existing output whose
provenance is checked) may be a zip bomb, encrypted, use a compression method Python lacks or
have a damaged part. Each case becomes one sentence naming the problem, before any part is
parsed; the limits come from :mod:`kasgen.limits`. Sizes are taken from the zip directory and
never exceeded while reading: :mod:`zipfile` stops at the declared size and checks the CRC.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from kasgen import limits
from kasgen.inputs import InputProblem, read_limited
from kasgen.limits import number_text, size_text

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # password-protected Office files, old .doc/.xls


class PackageProblem(InputProblem):
    """Why a package cannot be read (a sentence without the file name)."""


def read_package(source: Path | bytes, kind: str = "Word document") -> dict[str, bytes]:
    """Every part of the package, by name; raises :class:`PackageProblem` (or InputProblem)."""
    data = source if isinstance(source, bytes) else read_limited(
        source, limits.PACKAGE_BYTES, f"{kind} file"
    )
    if len(data) > limits.PACKAGE_BYTES:
        raise PackageProblem(f"is {size_text(len(data))}; at most {size_text(limits.PACKAGE_BYTES)}")
    if data.startswith(_OLE_MAGIC):
        raise PackageProblem(
            f"is password-protected or in an old binary format, not a {kind} kasgen can read; "
            "save an unprotected copy in the current format (.docx/.xlsx)"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise PackageProblem(f"is not a {kind} (not a zip package)") from None
    with archive:
        infos = archive.infolist()
        _check_directory(infos)
        parts: dict[str, bytes] = {}
        for info in infos:
            if info.is_dir():
                continue
            parts[info.filename] = _read_part(archive, info)
    return parts


def _check_directory(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > limits.PACKAGE_PARTS:
        raise PackageProblem(
            f"has {number_text(len(infos))} parts; at most {number_text(limits.PACKAGE_PARTS)}"
        )
    total = sum(info.file_size for info in infos)
    if total > limits.PACKAGE_UNPACKED_BYTES:
        raise PackageProblem(
            f"unpacks to {size_text(total)}; at most {size_text(limits.PACKAGE_UNPACKED_BYTES)} "
            "(a zip bomb?)"
        )
    for info in infos:
        shown = limits.printable(info.filename)
        if info.flag_bits & 0x1:
            raise PackageProblem(f"is encrypted (part {shown}); save an unprotected copy")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackageProblem(
                f"part {shown} uses compression method {info.compress_type}, which kasgen cannot "
                "read; save the file again in Word or Excel"
            )
        if (info.file_size > limits.PACKAGE_RATIO_FROM
                and info.file_size > limits.PACKAGE_RATIO * max(info.compress_size, 1)):
            raise PackageProblem(
                f"part {shown} grows {info.file_size // max(info.compress_size, 1):,} times when "
                f"unpacked; at most {limits.PACKAGE_RATIO} times (a zip bomb?)"
            )


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    shown = limits.printable(info.filename)
    try:
        with archive.open(info) as member:
            data = member.read(info.file_size + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as exc:
        raise PackageProblem(f"part {shown} is damaged ({_short(exc)})") from None
    except (RuntimeError, NotImplementedError) as exc:  # encryption, unknown methods
        raise PackageProblem(f"part {shown} cannot be read ({_short(exc)})") from None
    if len(data) > info.file_size:
        raise PackageProblem(f"part {shown} is larger than the package says")
    return data


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:120]
