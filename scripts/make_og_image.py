"""Write docs/assets/og-default.png: the picture link previews show for pages without one.

1200 × 630 (the size Open Graph recommends), three colours of the site, the words
"BẢN TIN" / "CCHC & CĐS" drawn with a small hand-made pixel font. Pure Python (zlib), so
the image can be remade anywhere:  .venv/bin/python scripts/make_og_image.py
"""

from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

WIDTH, HEIGHT = 1200, 630
PALETTE = [(0x7F, 0x1D, 0x1D), (0xFF, 0xFF, 0xFF), (0xD9, 0x8B, 0x2B)]   # red, white, gold
RED, WHITE, GOLD = range(3)

# 7-row glyphs ('#' = ink); marks above a letter are separate 3-row glyphs.
GLYPHS = {
    "B": ["####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."],
    "A": [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
    "N": ["#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#", "#...#"],
    "T": ["#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."],
    "I": [".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."],
    "C": [".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."],
    "H": ["#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
    "&": [".##..", "#..#.", "#.#..", ".#...", "#.#.#", "#..#.", ".##.#"],
    "Đ": ["..####.", "..#...#", "..#...#", ".###..#", "..#...#", "..#...#", "..####."],
    "S": [".####", "#....", "#....", ".###.", "....#", "....#", "####."],
    " ": ["...", "...", "...", "...", "...", "...", "..."],
}
HOOK_ABOVE = [".##..", "...#.", "..#.."]     # dấu hỏi, as on Ả
MARKS = {"Ả": ("A", HOOK_ABOVE)}


def draw_text(canvas, text: str, top: int, scale: int, colour: int) -> None:
    cells = [(MARKS.get(ch, (ch, None))) for ch in text]
    width = sum(len(GLYPHS[base][0]) + 1 for base, _ in cells) - 1
    x = (WIDTH - width * scale) // 2
    for base, mark in cells:
        rows = GLYPHS[base]
        if mark:
            _blit(canvas, mark, x, top - 4 * scale, scale, colour)
        _blit(canvas, rows, x, top, scale, colour)
        x += (len(rows[0]) + 1) * scale


def _blit(canvas, rows, x0, y0, scale, colour) -> None:
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell == "#":
                for y in range(y0 + r * scale, y0 + (r + 1) * scale):
                    line = canvas[y]
                    line[x0 + c * scale: x0 + (c + 1) * scale] = bytes([colour]) * scale


def render() -> list[bytearray]:
    canvas = [bytearray([RED]) * WIDTH for _ in range(HEIGHT)]
    draw_text(canvas, "BẢN TIN", 150, 14, WHITE)
    for y in range(285, 293):
        canvas[y][300:900] = bytes([GOLD]) * 600
    draw_text(canvas, "CCHC & CĐS", 340, 16, WHITE)
    for y in range(HEIGHT - 36, HEIGHT):
        canvas[y][:] = bytes([GOLD]) * WIDTH
    return canvas


def png_bytes(canvas) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes(line) for line in canvas)       # filter 0 on every row
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 3, 0, 0, 0)  # 8-bit, palette
    palette = b"".join(bytes(rgb) for rgb in PALETTE)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"PLTE", palette)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1] / "docs/assets/og-default.png"
    out.write_bytes(png_bytes(render()))
    print(f"wrote {out} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
