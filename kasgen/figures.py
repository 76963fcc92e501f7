"""Generated figures: the service sequence, the escalation ladder and the monitoring cycle.

Each figure is drawn as a PNG from the document's own words (so it is in the document's language)
and carries alt text. Drawing needs a font with Lithuanian letters; kasgen looks for Carlito,
Calibri, DejaVu Sans, Liberation Sans or Arial on the machine and leaves figures out when none is
found (the text of the standard says the same thing, so nothing is lost).
"""

from __future__ import annotations

import io
import math
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_FONT_FILES = [
    "/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "C:/Windows/Fonts/calibri.ttf",
    "C:/Windows/Fonts/arial.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "/Library/Fonts/Arial.ttf",
]
_PROBE = "ąčęėįšųūžĄČĘĖĮŠŲŪŽ"

#: Bump when the drawing changes, so cached figures are drawn again.
_VERSION = 1

ACCENT = (31, 58, 95)
LIGHT = (226, 234, 244)
LADDER = [(220, 237, 222), (255, 242, 204), (252, 228, 214), (244, 204, 204)]


@dataclass
class Figure:
    kind: str  # sequence, ladder, cycle
    steps: list[str]
    caption: str
    alt: str
    png: bytes = b""
    width_cm: float = 15.0


def _candidates() -> list[str]:
    """Font files to try: the usual places first, fontconfig only when none of them exists."""
    found = [p for p in _FONT_FILES if Path(p).exists()]
    if found or not shutil.which("fc-match"):
        return found
    import subprocess  # here: a build whose figures are cached never starts a process

    for family in ("Carlito", "DejaVu Sans", "Liberation Sans", "Arial"):
        try:
            out = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True,
                                 text=True, timeout=5).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            continue
        if out and Path(out).exists():
            found.append(out)
    return found


@lru_cache(maxsize=1)
def font_path() -> str | None:
    """A TrueType font that has every Lithuanian letter, or None."""
    try:
        from PIL import ImageFont
    except ImportError:
        return None
    for path in _candidates():
        try:
            font = ImageFont.truetype(path, 20)
        except OSError:
            continue
        if all(font.getmask(ch).getbbox() for ch in _PROBE):
            return path
    return None


def available() -> bool:
    return font_path() is not None


def png_for(figure: Figure) -> bytes | None:
    """The figure as PNG, from the on-disk cache when an identical one was drawn before.

    None when no font with Lithuanian letters is available (the figure is then left out).
    """
    import hashlib
    import os

    candidates = _candidates()
    if not candidates:
        return None
    key = hashlib.sha256(
        repr((_VERSION, figure.kind, figure.steps, candidates[0])).encode("utf-8")
    ).hexdigest()
    from kasgen.resources import cache_dir

    folder = cache_dir("figures")
    cached = folder / f"{key}.png"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    if not available():
        return None
    png = render_png(figure)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(png)
        os.replace(tmp, cached)
    except OSError:
        pass
    return png


def _font(size: int):
    from PIL import ImageFont

    path = font_path()
    if path is None:
        raise RuntimeError("no font with Lithuanian letters")  # callers check available() first
    return ImageFont.truetype(path, size)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _box(draw, xy, text, font, fill, outline=ACCENT) -> None:
    x0, y0, x1, y1 = xy
    draw.rounded_rectangle(xy, radius=14, fill=fill, outline=outline, width=3)
    lines = _wrap(draw, text, font, x1 - x0 - 24)
    line_h = font.size + 6
    y = (y0 + y1) / 2 - len(lines) * line_h / 2
    for line in lines:
        w = draw.textlength(line, font=font)
        draw.text(((x0 + x1) / 2 - w / 2, y), line, font=font, fill=(20, 20, 20))
        y += line_h


def _arrow(draw, start, end, width: int = 4) -> None:
    draw.line([start, end], fill=ACCENT, width=width)
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    size = 14
    left = (end[0] - size * math.cos(angle - 0.45), end[1] - size * math.sin(angle - 0.45))
    right = (end[0] - size * math.cos(angle + 0.45), end[1] - size * math.sin(angle + 0.45))
    draw.polygon([end, left, right], fill=ACCENT)


def render_png(figure: Figure) -> bytes:
    from PIL import Image, ImageDraw

    font = _font(26)
    if figure.kind == "sequence":
        cols = 4
        rows = math.ceil(len(figure.steps) / cols)
        bw, bh, gap = 360, 150, 70
        width, height = cols * bw + (cols + 1) * gap, rows * bh + (rows + 1) * gap
        image = Image.new("RGB", (width, height), "white")
        draw = ImageDraw.Draw(image)
        centres = []
        for i, step in enumerate(figure.steps):
            r, c = divmod(i, cols)
            if r % 2:
                c = cols - 1 - c  # snake, so the arrow never jumps across the figure
            x0, y0 = gap + c * (bw + gap), gap + r * (bh + gap)
            _box(draw, (x0, y0, x0 + bw, y0 + bh), f"{i + 1}. {step}", font, LIGHT)
            centres.append((x0, y0, x0 + bw, y0 + bh))
        for a, b in zip(centres, centres[1:]):
            if abs(a[1] - b[1]) < 1:
                if b[0] > a[0]:
                    _arrow(draw, (a[2] + 6, (a[1] + a[3]) / 2), (b[0] - 6, (b[1] + b[3]) / 2))
                else:
                    _arrow(draw, (a[0] - 6, (a[1] + a[3]) / 2), (b[2] + 6, (b[1] + b[3]) / 2))
            else:
                _arrow(draw, ((a[0] + a[2]) / 2, a[3] + 6), ((b[0] + b[2]) / 2, b[1] - 6))
    elif figure.kind == "ladder":
        bw, bh, gap, step_x = 900, 120, 28, 90
        n = len(figure.steps)
        width = bw + (n - 1) * step_x + 2 * gap
        height = n * bh + (n + 1) * gap
        image = Image.new("RGB", (width, height), "white")
        draw = ImageDraw.Draw(image)
        for i, step in enumerate(figure.steps):
            # level 1 at the bottom, each level higher and further right
            y0 = height - gap - (i + 1) * bh - i * gap
            x0 = gap + i * step_x
            _box(draw, (x0, y0, x0 + bw, y0 + bh), f"{i + 1}. {step}", font, LADDER[min(i, 3)])
            if i:
                _arrow(draw, (x0 - step_x / 2, y0 + bh + gap - 4), (x0 - step_x / 2, y0 + bh / 2))
    else:  # cycle
        n = len(figure.steps)
        radius, bw, bh = 360, 330, 120
        size = 2 * radius + bw + 80
        image = Image.new("RGB", (size, size), "white")
        draw = ImageDraw.Draw(image)
        cx = cy = size / 2
        points = []
        for i in range(n):
            angle = -math.pi / 2 + 2 * math.pi * i / n
            points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
        for i, (x, y) in enumerate(points):
            nx, ny = points[(i + 1) % n]
            mx, my = (x + nx) / 2, (y + ny) / 2
            dx, dy = nx - x, ny - y
            length = math.hypot(dx, dy)
            ux, uy = dx / length, dy / length
            _arrow(draw, (mx - ux * 40, my - uy * 40), (mx + ux * 40, my + uy * 40))
        for i, (x, y) in enumerate(points):
            _box(draw, (x - bw / 2, y - bh / 2, x + bw / 2, y + bh / 2), figure.steps[i], font, LIGHT)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
