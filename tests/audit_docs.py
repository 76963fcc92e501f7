"""Documents built inline for the audit tests: Word files with content controls and tracked
changes, small PDFs (with text, encrypted, or without a text layer), a generic standard."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

W = nsdecls("w")


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def para(inner: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p {W}>{ppr}{inner}</w:p>"


def sdt(content: str) -> str:
    """A content control around ``content`` (block, row, cell or run level alike)."""
    return f'<w:sdt {W}><w:sdtPr><w:alias w:val="kasgen"/></w:sdtPr><w:sdtContent>{content}</w:sdtContent></w:sdt>'


def cell(text: str) -> str:
    return f"<w:tc><w:p>{run(text)}</w:p></w:tc>"


def write_docx(path: Path, body_xml: list[str]) -> Path:
    """A .docx whose body holds the given elements (XML strings), in order."""
    document = docx.Document()
    body = document.element.body
    sect = body[-1]
    for xml in body_xml:
        sect.addprevious(parse_xml(xml))
    document.save(str(path))
    return path


def table(rows_xml: list[str]) -> str:
    return f"<w:tbl {W}><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>{''.join(rows_xml)}</w:tbl>"


# -- PDF -----------------------------------------------------------------------------------------

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def write_pdf(path: Path, pages: list[list[str]], user_password: str | None = None) -> Path:
    """A PDF with one line of Helvetica text per string on each page (no text: a blank page,
    as a scan without a text layer reads). With ``user_password`` it is RC4-encrypted (R2) and
    cannot be read without the password."""
    file_id = hashlib.md5(str(path).encode()).digest()
    key = b""
    objects: list[bytes] = []
    encrypt_ref = ""
    if user_password is not None:
        owner = _rc4(hashlib.md5((b"owner" + _PAD)[:32]).digest()[:5], (user_password.encode() + _PAD)[:32])
        perms = (-4).to_bytes(4, "little", signed=True)
        key = hashlib.md5((user_password.encode() + _PAD)[:32] + owner + perms + file_id).digest()[:5]
        user = _rc4(key, _PAD)

    def enc(num: int, data: bytes) -> bytes:
        if not key:
            return data
        k = hashlib.md5(key + num.to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()[:10]
        return _rc4(k, data)

    n_pages = len(pages)
    page_ids = [3 + 2 * i for i in range(n_pages)]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    font_id = 3 + 2 * n_pages
    for i, lines in enumerate(pages):
        content_id = page_ids[i] + 1
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font_id} 0 R >> >> "
            f"/Contents {content_id} 0 R >>".encode()
        )
        ops = "BT /F1 11 Tf 50 800 Td 14 TL " + " ".join(
            f"({line.replace('(', '[').replace(')', ']')}) Tj T*" for line in lines) + " ET" if lines else ""
        stream = enc(content_id, ops.encode("latin-1"))
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    if user_password is not None:
        encrypt_id = len(objects) + 1
        objects.append(
            b"<< /Filter /Standard /V 1 /R 2 /O <" + owner.hex().encode() + b"> /U <" + user.hex().encode()
            + b"> /P -4 >>"
        )
        encrypt_ref = f" /Encrypt {encrypt_id} 0 R"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % num + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    trailer = (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{encrypt_ref} /ID [<{file_id.hex()}> "
               f"<{file_id.hex()}>] >>\nstartxref\n{xref}\n%%EOF\n")
    out.write(trailer.encode())
    path.write_bytes(out.getvalue())
    return path


# -- a generic standard ---------------------------------------------------------------------------

GENERIC_STANDARD_LT = """# Klientų aptarnavimo standartas

## 1. Bendrosios nuostatos

Šis standartas nustato pagrindinius klientų aptarnavimo principus mūsų įmonėje. Standartas skirtas
visiems darbuotojams. Jo tikslas – gerinti aptarnavimo kokybę ir įmonės įvaizdį.

Klientų aptarnavimas yra svarbi mūsų veiklos dalis. Kiekvienas klientas mums yra svarbus, todėl
siekiame, kad jis liktų patenkintas. Geras aptarnavimas padeda išlaikyti klientus ir pritraukti naujų.

## 2. Aptarnavimo principai

Esame mandagūs, paslaugūs ir profesionalūs. Su klientais bendraujame pagarbiai ir maloniai.
Klientų klausimus stengiamės spręsti operatyviai ir kokybiškai. Darbuotojai elgiasi etiškai ir
laikosi bendrųjų elgesio normų. Vertiname klientų laiką ir stengiamės jį taupyti.

Mūsų vertybės yra atsakomybė, pagarba ir bendradarbiavimas. Darbuotojai nuolat tobulėja ir dalijasi
žiniomis su kolegomis. Kiekvienas darbuotojas rūpinasi įmonės gera reputacija.

## 3. Bendravimas su klientais

Darbuotojas aptarnauja klientą mandagiai ir atidžiai. Į klientų užklausas atsakoma kuo greičiau.
Bendraujant telefonu svarbu kalbėti aiškiai ir mandagiai. Elektroniniai laiškai rašomi taisyklinga
kalba. Darbuotojai stengiasi suprasti kliento poreikius ir pasiūlyti tinkamą sprendimą.

Jei darbuotojas negali padėti, jis nukreipia klientą pas kitą darbuotoją. Svarbu, kad klientas
išeitų gavęs reikalingą informaciją. Informacija klientams teikiama laiku ir tinkamai.

## 4. Sudėtingos situacijos

Kilus nesutarimams, darbuotojas išlieka ramus ir stengiasi situaciją išspręsti taikiai. Jei klientas
nepatenkintas, darbuotojas išklauso jo nuomonę. Sudėtingais atvejais kreipiamasi į vadovą.
Klientų nusiskundimai nagrinėjami atsakingai.

## 5. Baigiamosios nuostatos

Už standarto laikymąsi atsako skyrių vadovai. Vadovas kontroliuoja, kaip darbuotojai laikosi
standarto. Standartas gali būti keičiamas vadovybės sprendimu. Darbuotojai su standartu
supažindinami pasirašytinai.
"""
