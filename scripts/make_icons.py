"""Draw Lineout's favicon and app icons with Pillow (re-run after changing the mark).

Steps: draw the mark (a phone with a tick on a blue tile) at 4x and scale it down for
smooth edges; write the PNG sizes browsers and phones ask for under static/icons/, and
favicon.ico (16, 32, 48 px) under static/root/, which WhiteNoise serves at /favicon.ico.
static/icons/icon.svg is the same mark by hand, for browsers that take SVG icons.

    .venv/bin/python scripts/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "static" / "icons"
SITE_ROOT_FILES = ROOT / "static" / "root"
BRAND = (31, 95, 191, 255)  # --brand in lineout.css
WHITE = (255, 255, 255, 255)
SCALE = 4  # drawn this many times larger, then reduced with a good filter


def draw_mark(size: int, *, full_bleed: bool, glyph_share: float = 1.0) -> Image.Image:
    """The mark on a 512-unit grid: a rounded tile (or a full square for icons the
    platform masks itself), a phone outline and a tick inside it. ``glyph_share`` shrinks
    the phone and tick around the centre, for maskable icons' safe zone."""
    canvas = size * SCALE
    unit = canvas / 512
    image = Image.new("RGBA", (canvas, canvas), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if full_bleed:
        draw.rectangle((0, 0, canvas, canvas), fill=BRAND)
    else:
        draw.rounded_rectangle((0, 0, canvas - 1, canvas - 1), radius=112 * unit, fill=BRAND)

    def at(x: float, y: float) -> tuple[float, float]:
        # Scale the glyph around the centre (256, 256) of the grid.
        return ((256 + (x - 256) * glyph_share) * unit, (256 + (y - 256) * glyph_share) * unit)

    stroke = 30 * unit * glyph_share
    draw.rounded_rectangle((*at(166, 86), *at(346, 426)), radius=36 * unit * glyph_share,
                           outline=WHITE, width=round(stroke))
    draw.line([at(214, 264), at(246, 296), at(298, 226)], fill=WHITE, width=round(stroke),
              joint="curve")
    for x, y in (at(214, 264), at(298, 226)):  # round the tick's ends
        r = stroke / 2
        draw.ellipse((x - r, y - r, x + r, y + r), fill=WHITE)
    speaker_left, speaker_top = at(232, 128)
    speaker_right, speaker_bottom = at(280, 144)
    draw.rounded_rectangle((speaker_left, speaker_top, speaker_right, speaker_bottom),
                           radius=8 * unit * glyph_share, fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    SITE_ROOT_FILES.mkdir(parents=True, exist_ok=True)
    draw_mark(192, full_bleed=False).save(ICONS / "icon-192.png", optimize=True)
    draw_mark(512, full_bleed=False).save(ICONS / "icon-512.png", optimize=True)
    # Platforms that cut their own shape get a full square with the glyph in the safe zone.
    draw_mark(512, full_bleed=True, glyph_share=0.72).save(ICONS / "icon-maskable-512.png",
                                                           optimize=True)
    # iOS rounds the corners itself and shows transparency as black: a full square.
    draw_mark(180, full_bleed=True, glyph_share=0.8).convert("RGB").save(
        ICONS / "apple-touch-icon.png", optimize=True)
    # Each size of the .ico drawn at that size, not scaled down from the largest.
    small = [draw_mark(size, full_bleed=False) for size in (16, 32)]
    draw_mark(48, full_bleed=False).save(SITE_ROOT_FILES / "favicon.ico",
                                         sizes=[(16, 16), (32, 32), (48, 48)],
                                         append_images=small)


if __name__ == "__main__":
    main()
