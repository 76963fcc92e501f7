"""The picture of the set of files in the README: the first page of each file, side by side.

    python bench/readme_images.py [--sample samples/municipality-lt.yaml]

Writes the set with ``kasgen pack`` into a temporary folder, renders each Word file to PDF with
LibreOffice (the quick card's page for the standard, the first card, the first form) and the
workbook's first scenario sheet, and joins the pages into docs/images/set.png.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw, ImageFont  # noqa: E402

from kasgen.pack import build_pack  # noqa: E402
from kasgen.pdf import find_soffice  # noqa: E402

#: The page of each file that shows what it is: the first page holding this text (lt or en).
MARKERS = {"standard": ("Atmintinė", "At a glance"), "annex": ("Siektina reikšmė", "Target"),
           "cards": ("Tiesioginis aptarnavimas", "Face-to-face service"),
           "survey": ("Metinė", "annual"), "checklists": ("Kas laikoma įvykdytu", "Counts as met")}
LABELS = {"standard": "Standard (every employee)", "annex": "Management annex (managers)",
          "cards": "Cards (printed)", "survey": "Survey forms (clients)", "checklists": "Checklists (shoppers)"}


def page_png(path: Path, markers: tuple[str, str], out: Path, work: Path) -> Path:
    soffice = find_soffice() or "soffice"
    subprocess.run([soffice, f"-env:UserInstallation=file://{work}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(work), str(path)], check=True, capture_output=True, timeout=300)
    pdf = work / (path.stem + ".pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout.split("\f")
    # a page whose line is the marker itself (a heading), else the first that mentions it
    page = next((i + 1 for i, t in enumerate(text) if any(line.strip() in markers for line in t.splitlines())),
                next((i + 1 for i, t in enumerate(text) if any(m in t for m in markers)), 1))
    subprocess.run(["pdftoppm", "-png", "-r", "45", "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(out.with_suffix(""))], check=True, capture_output=True, timeout=120)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=Path, default=ROOT / "samples" / "municipality-lt.yaml")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images" / "set.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kasgen-images-") as tmp:
        work = Path(tmp)
        result = build_pack(args.sample, work / "set", comments=False)
        images = []
        for kind, path in result.files:
            png = page_png(path, MARKERS[kind], work / f"{kind}.png", work)
            images.append((LABELS[kind], Image.open(png).convert("RGB")))
        height = max(im.height for _, im in images) + 40
        width = sum(im.width for _, im in images) + 20 * (len(images) + 1)
        canvas = Image.new("RGB", (width, height), "white")
        draw = ImageDraw.Draw(canvas)
        font = ImageFont.load_default()
        x = 20
        for label, im in images:
            canvas.paste(im, (x, 30))
            draw.rectangle([x - 1, 29, x + im.width, 30 + im.height], outline=(180, 180, 180))
            draw.text((x, 8), label, fill=(31, 58, 95), font=font)
            x += im.width + 20
        args.out.parent.mkdir(parents=True, exist_ok=True)
        canvas.save(args.out, optimize=True)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
