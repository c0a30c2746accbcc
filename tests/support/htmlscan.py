"""Small helpers to read built HTML: links, alternates, <html lang>, text."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.links: list[dict] = []      # <link …>
        self.anchors: list[dict] = []    # <a …>
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "link":
            self.links.append(a)
        elif tag == "a":
            self.anchors.append(a)
        elif tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse(html: str) -> _Collector:
    c = _Collector()
    c.feed(html)
    return c


def page_url(site: Path, file: Path) -> str:
    """'site/en/x/index.html' → '/en/x/'."""
    rel = file.relative_to(site).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def resolve(site: Path, from_url: str, href: str) -> Path | None:
    """File that a same-site href points to (None for external or special links)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("#", "mailto:", "javascript:")):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(from_url) if not from_url.endswith("/")
                                             else from_url, unquote(parts.path)))
    if href.endswith("/") or parts.path.endswith("/"):
        path += "/"
    target = site / path.lstrip("/")
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", " ".join(parse(html).text))
