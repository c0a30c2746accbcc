"""What a picture file really is: its type from its first bytes (not its name), and its size in pixels.

Only the photo formats a browser shows without help: JPEG, PNG, GIF, WebP, AVIF. SVG is refused
(it is a document that may hold scripts), and so is anything else (an HTML error page served as
'photo.jpg', a PDF …).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

EXTENSIONS = {"jpeg": ".jpg", "png": ".png", "gif": ".gif", "webp": ".webp", "avif": ".avif"}
MIME = {"jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif", "webp": "image/webp", "avif": "image/avif"}


@dataclass(frozen=True)
class ImageInfo:
    kind: str                  # jpeg | png | gif | webp | avif
    width: int | None
    height: int | None

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.kind]

    @property
    def mime(self) -> str:
        return MIME[self.kind]


def sniff(data: bytes) -> str | None:
    """The picture format of *data* from its magic bytes, or None."""
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp" and data[8:12] in (b"avif", b"avis"):
        return "avif"
    return None


def describe(data: bytes) -> str:
    """A few words on what *data* is when it is not a picture (for the error message)."""
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<body" in head:
        return "một trang HTML — an HTML page"
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return "một hình vẽ SVG — an SVG drawing (may hold scripts)"
    if data[:5] == b"%PDF-":
        return "một tệp PDF — a PDF file"
    if not data:
        return "một tệp rỗng — an empty file"
    return f"không phải ảnh (bắt đầu bằng {data[:8].hex(' ')}) — not a picture (starts with {data[:8].hex(' ')})"


def inspect(data: bytes) -> ImageInfo | None:
    kind = sniff(data)
    if kind is None:
        return None
    width = height = None
    try:
        if kind == "png" and data[12:16] == b"IHDR":
            width, height = struct.unpack(">II", data[16:24])
        elif kind == "gif":
            width, height = struct.unpack("<HH", data[6:10])
        elif kind == "jpeg":
            width, height = _jpeg_size(data)
        elif kind == "webp":
            width, height = _webp_size(data)
    except (struct.error, IndexError, ValueError):
        width = height = None
    return ImageInfo(kind, width or None, height or None)


def _jpeg_size(data: bytes) -> tuple[int | None, int | None]:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        i += 2 + length
    return None, None


def _webp_size(data: bytes) -> tuple[int | None, int | None]:
    chunk = data[12:16]
    if chunk == b"VP8X":
        w = int.from_bytes(data[24:27], "little") + 1
        h = int.from_bytes(data[27:30], "little") + 1
        return w, h
    if chunk == b"VP8 ":
        w, h = struct.unpack("<HH", data[26:30])
        return w & 0x3FFF, h & 0x3FFF
    if chunk == b"VP8L":
        b = data[21:25]
        w = 1 + (((b[1] & 0x3F) << 8) | b[0])
        h = 1 + (((b[3] & 0xF) << 10) | (b[2] << 2) | ((b[1] & 0xC0) >> 6))
        return w, h
    return None, None
