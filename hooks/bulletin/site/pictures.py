"""Pictures on article pages: sized, and loaded lazily below the first.

- Every picture of an article gets its ``width`` and ``height`` (read from the file's header
  under ``docs/``), so the browser reserves its place before it arrives: the text does not jump.
  With the theme's ``max-width: 100%; height: auto`` it then fits any screen, phone or desktop.
- The first picture of the page (the lead photo above the text, else the first one in the text)
  loads at once; every other one has ``loading="lazy"`` and ``decoding="async"``: a phone on a
  slow connection fetches only the pictures the reader scrolls to.
- A picture with smaller copies beside it (``<name>-<width>w.<ext>``, made by ``bulletin import``)
  gets ``srcset`` and ``sizes``: a phone downloads the small copy, a desktop the full picture.
"""

from __future__ import annotations

import functools
import os
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


SIZES = "(max-width: 800px) 100vw, 800px"     # the content column: the whole screen on a phone


@functools.lru_cache(maxsize=1024)
def _copies(folder: str, mtime_ns: int) -> dict[str, list[tuple[int, str]]]:
    """{picture file name: [(width, copy file name)]} of a folder, from the names alone."""
    out: dict[str, list[tuple[int, str]]] = {}
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return out
    for name in names:
        m = COPY.match(name)
        if m:
            out.setdefault(m["stem"] + m["ext"], []).append((int(m["w"]), name))
    return out


COPY = re.compile(r"^(?P<stem>.+)-(?P<w>\d{2,4})w(?P<ext>\.[a-z0-9]+)$", re.I)


def smaller_copies(docs_dir: str | Path, rel: str) -> list[tuple[int, str]]:
    """[(width, path under docs/)] of the smaller copies of the picture at *rel*, narrowest first."""
    folder, _, name = rel.rpartition("/")
    path = Path(docs_dir) / folder
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return []
    return [(w, f"{folder}/{n}" if folder else n) for w, n in sorted(_copies(str(path), mtime).get(name, []))]


def srcset(docs_dir: str | Path, rel: str, href) -> str | None:
    """``srcset`` of the picture at *rel*: its copies and itself, each address made by *href*."""
    copies = smaller_copies(docs_dir, rel)
    size = size_of(docs_dir, rel) if copies else None
    if not copies or not size:
        return None
    return ", ".join(f"{href(path)} {w}w" for w, path in copies) + f", {href(rel)} {size[0]}w"


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
        target = _target(attrs.get("src", ""), page_dir)
        if "width" not in attrs and "height" not in attrs:
            size = size_of(docs_dir, target) if target else None
            if size:
                add.append(f'width="{size[0]}" height="{size[1]}"')
        if target and "srcset" not in attrs:
            src = attrs["src"]
            base = src.rsplit("/", 1)[0] + "/" if "/" in src else ""
            found = srcset(docs_dir, target, lambda path: base + path.rsplit("/", 1)[-1])
            if found:
                add.append(f'srcset="{found}" sizes="{SIZES}"')
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
