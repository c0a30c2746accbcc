"""Pictures on article pages: sized, and loaded lazily below the first.

- Every picture of an article gets its ``width`` and ``height`` (read from the file's header
  under ``docs/``), so the browser reserves its place before it arrives: the text does not jump.
  With the theme's ``max-width: 100%; height: auto`` it then fits any screen, phone or desktop.
- The first picture of the page (the lead photo above the text, else the first one in the text)
  loads at once; every other one has ``loading="lazy"`` and ``decoding="async"``: a phone on a
  slow connection fetches only the pictures the reader scrolls to.
"""

from __future__ import annotations

import functools
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..content.imagefile import inspect

IMG = re.compile(r"<img\b[^>]*>", re.I)
ATTR = re.compile(r'\s([a-zA-Z-]+)="([^"]*)"')
HEADER_BYTES = 256 * 1024     # a JPEG's size is in its first segments; EXIF may push it a little


@functools.lru_cache(maxsize=4096)
def _size(path: str, mtime_ns: int, length: int) -> tuple[int, int] | None:
    try:
        with open(path, "rb") as fh:
            info = inspect(fh.read(HEADER_BYTES))
    except OSError:
        return None
    if info is None or not info.width or not info.height:
        return None
    return info.width, info.height


def size_of(docs_dir: str | Path, rel: str) -> tuple[int, int] | None:
    """(width, height) of the picture at *rel* under *docs_dir*, or None."""
    path = Path(docs_dir) / rel
    try:
        st = path.stat()
    except OSError:
        return None
    return _size(str(path), st.st_mtime_ns, st.st_size)


def _target(src: str, page_dir: str) -> str | None:
    """The path under docs/ that *src*, written in the page at address *page_dir*, points to."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    joined = path.lstrip("/") if path.startswith("/") else posixpath.normpath(posixpath.join(page_dir, path))
    return None if joined.startswith("..") else joined


def finish(html: str, page_dir: str, docs_dir: str | Path, has_lead: bool) -> str:
    """The body of an article page (address *page_dir*, e.g. '2023/12/slug/') with its pictures
    sized and, but for the page's first, loaded lazily."""
    first = not has_lead

    def fix(m: re.Match) -> str:
        nonlocal first
        tag = m.group(0)
        attrs = dict(ATTR.findall(tag))
        add = []
        if "width" not in attrs and "height" not in attrs:
            target = _target(attrs.get("src", ""), page_dir)
            size = size_of(docs_dir, target) if target else None
            if size:
                add.append(f'width="{size[0]}" height="{size[1]}"')
        if first:
            first = False
        else:
            if "loading" not in attrs:
                add.append('loading="lazy"')
            if "decoding" not in attrs:
                add.append('decoding="async"')
        if not add:
            return tag
        end = -2 if tag.endswith("/>") else -1
        return tag[:end].rstrip() + " " + " ".join(add) + tag[end:]

    return IMG.sub(fix, html)


def page_html(site, page, html: str) -> str:
    """MkDocs on_page_content: the pictures of an article page's body."""
    spec = site.spec_for(page)
    if spec is None or spec.route.kind != "article" or spec.entry is None:
        return html
    original = spec.entry.original
    return finish(html, page.url, site.config.docs_dir, bool(original.image))
