"""The article's photos: fetched (or read from a saved page's folder), checked, named and stored.

A photo wider than ``pictures.phone_width`` also gets a smaller copy, ``<name>-<width>w.<ext>``,
which the site offers to phones (``srcset``, :mod:`bulletin.site.pictures`): same format, the
photo's orientation applied, no camera metadata. GIF and AVIF are kept as they are.

Nothing is written until every photo has been fetched and checked; then each file is created
(never overwriting one) under ``docs/images/<year>/<month>/`` and the list of created files is
returned, so that the caller can remove them if anything after fails.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..content.imagefile import ImageInfo, describe, inspect


class PictureError(Exception):
    pass


@dataclass
class Photo:
    source: str                 # the original address (kept in the front matter)
    caption: str | None
    data: bytes
    info: ImageInfo
    name: str = ""              # path under docs/: images/2023/12/slug-2.jpg
    small: bytes | None = None  # the phone-sized copy, if the photo is wide
    small_width: int = 0

    @property
    def small_name(self) -> str:
        stem, ext = self.name.rsplit(".", 1)
        return f"{stem}-{self.small_width}w.{ext}"


def check_bytes(data: bytes, where: str, max_bytes: int) -> ImageInfo:
    if len(data) > max_bytes:
        raise PictureError(f"{where}: ảnh quá lớn ({len(data) / 1e6:.1f} MB; giới hạn {max_bytes / 1e6:.1f} MB) — "
                           f"picture too large ({len(data) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB)")
    info = inspect(data)
    if info is None:
        raise PictureError(f"{where}: không phải ảnh JPEG, PNG, GIF, WebP hay AVIF mà là {describe(data)} — "
                           "not a JPEG, PNG, GIF, WebP or AVIF picture")
    return info


def local_file(url: str, page_dir: Path) -> Path | None:
    """The file a saved page's picture address points to (``Trang_files/anh.jpg``), if it is there."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "file"):
        return None
    path = Path(unquote(parts.path))
    candidate = path if path.is_absolute() else page_dir / path
    try:
        candidate = candidate.resolve()
        candidate.relative_to(page_dir.resolve())       # only beside the saved page, never elsewhere
    except (OSError, ValueError):
        return None
    return candidate if candidate.is_file() else None


SMALL_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}


def make_small(photo: Photo, width: int, quality: int) -> None:
    """A copy *width* pixels wide of a wider JPEG, PNG or WebP photo (Pillow), into ``photo.small``."""
    if photo.info.kind not in SMALL_FORMATS or not photo.info.width or photo.info.width <= width:
        return
    import io

    from PIL import Image, ImageOps
    try:
        with Image.open(io.BytesIO(photo.data)) as im:
            im = ImageOps.exif_transpose(im)
            height = max(1, round(im.height * width / im.width))
            small = im.resize((width, height), Image.LANCZOS)
            if photo.info.kind == "jpeg" and small.mode not in ("RGB", "L"):
                small = small.convert("RGB")
            out = io.BytesIO()
            options = {"optimize": True}
            if photo.info.kind in ("jpeg", "webp"):
                options["quality"] = quality
            small.save(out, SMALL_FORMATS[photo.info.kind], **options)
    except (OSError, ValueError, Image.DecompressionBombError):
        return                        # a photo Pillow cannot read is kept, without a small copy
    photo.small, photo.small_width = out.getvalue(), width


def names_for(photos: list[Photo], images_dir: Path, year: str, month: str, slug: str) -> None:
    """ASCII names from the slug: <slug>.jpg for the first, <slug>-2.jpg … (skipping names taken)."""
    folder = images_dir / year / month
    taken = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
    n = 1
    for photo in photos:
        while True:
            stem = slug if n == 1 else f"{slug}-{n}"
            name = stem + photo.info.extension
            n += 1
            if not any(t.rsplit(".", 1)[0] == stem for t in taken):
                break
        taken.add(name)
        photo.name = f"images/{year}/{month}/{name}"


def store(photos: list[Photo], docs_dir: Path) -> list[Path]:
    """Create each photo's file under docs_dir (never overwriting); returns the files created."""
    root = (docs_dir / "images").resolve()
    created: list[Path] = []
    try:
        for photo in photos:
            files = [(photo.name, photo.data)] + ([(photo.small_name, photo.small)] if photo.small else [])
            for name, data in files:
                target = (docs_dir / name).resolve()
                target.relative_to(root)            # never outside docs/images
                target.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                created.append(target)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
    except BaseException:
        remove(created)
        raise
    return created


def remove(paths: list[Path]) -> None:
    for path in reversed(paths):
        try:
            path.unlink()
        except OSError:
            pass
