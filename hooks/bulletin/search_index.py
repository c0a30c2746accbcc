"""Write the Pagefind index of a built site from chosen article pages.

Pagefind folds tone and vowel marks, but not đ/Đ (U+0111/U+0110 have no decomposition): a
reader typing "dang uy" would not find "Đảng ủy". So each page goes to Pagefind with one more,
invisible, searchable metadata field ``fold``: the page's words that contain đ, folded ('đảng' →
'dang'). It is given to Pagefind only: the page on disk is not changed. Pagefind's own index then
matches folded queries, and the exact words stay in the text that results show.

Pagefind runs through its Python API (its binary ships in the ``pagefind-bin-extended`` wheel;
nothing is downloaded).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import html as html_mod
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .text import fold

# Parts of an article page left out of the indexed text: links to other articles (never indexed
# with this one), and the unit line, date line and topic list above the text, which reach the index
# as metadata instead (partials/bl-search-data.html), so that snippets are made of the article.
EXCLUDED_CLASSES = ("bl-prevnext", "bl-related", "bl-kicker", "bl-meta", "bl-topics")
FOLD_META = "fold"

# Files Pagefind writes for its own ready-made interfaces; the site has its own (search.js).
UNUSED_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")

_ARTICLE = re.compile(r"<article\b[^>]*\bdata-pagefind-body\b[^>]*>.*?</article>", re.S)
_HTML_LANG = re.compile(r"<html\b[^>]*\blang=\"([^\"]+)\"")
_WORD = re.compile(r"[^\W_]+")


class SearchIndexError(RuntimeError):
    pass


@dataclass
class Record:
    url: str          # site-relative URL with a leading slash: '/2023/01/slug/'
    html: str         # the built page
    source: str = ""  # where the page came from, for messages


@dataclass
class IndexStats:
    pages: dict = field(default_factory=dict)   # lang -> pages indexed
    seconds: float = 0.0
    files: int = 0
    bytes: int = 0                              # index, fragments, metadata (no JS/WASM)


class _Text(HTMLParser):
    """The text Pagefind indexes in an article (minus excluded and data-pagefind-ignore parts),
    and the text of its metadata elements (``data-pagefind-meta``), which is searchable too."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta_parts: list[str] = []
        self._stack: list[tuple[bool, bool]] = []   # per open element: (starts ignored, is metadata)
        self._ignored = 0
        self._meta = 0

    _VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def handle_starttag(self, tag, attrs):
        if tag in self._VOID:
            return
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        skip = "data-pagefind-ignore" in a or any(c in EXCLUDED_CLASSES for c in classes) or tag in ("script", "style")
        meta = "data-pagefind-meta" in a
        self._stack.append((skip, meta))
        self._ignored += skip
        self._meta += meta

    def handle_endtag(self, tag):
        if tag in self._VOID or not self._stack:
            return
        skip, meta = self._stack.pop()
        self._ignored -= skip
        self._meta -= meta

    def handle_data(self, data):
        if self._meta:
            self.meta_parts.append(data)
        elif not self._ignored:
            self.parts.append(data)


def indexed_text(article_html: str) -> tuple[str, str]:
    """(the indexed text, the text of the metadata elements) of an article element."""
    parser = _Text()
    parser.feed(article_html)
    parser.close()
    return " ".join(parser.parts), " ".join(parser.meta_parts)


def folded_d_words(text: str) -> list[str]:
    """The distinct words of *text* that contain đ/Đ, folded, in order of appearance."""
    out: dict[str, None] = {}
    for word in _WORD.findall(text):
        if "đ" in word or "Đ" in word:
            out.setdefault(fold(word), None)
    return list(out)


def page_for_index(html: str, source: str = "") -> str:
    """The part of a built page Pagefind needs, with the folded words added as metadata.

    Raises :class:`SearchIndexError` when the page has no ``data-pagefind-body`` article or no
    ``<html lang>`` (the templates give both to every page meant for the index).
    """
    lang = _HTML_LANG.search(html)
    article = _ARTICLE.search(html)
    if lang is None or article is None:
        raise SearchIndexError(
            f"{source}: expected an <html lang> and an <article data-pagefind-body> element; "
            "is docs/overrides/article.html up to date?")
    body = article.group(0)
    words = folded_d_words(" ".join(indexed_text(body)))
    if words:
        meta = html_mod.escape(f"{FOLD_META}:{' '.join(words)}", quote=True)
        head_end = body.index(">") + 1
        body = f'{body[:head_end]}<span data-pagefind-meta="{meta}"></span>{body[head_end:]}'
    return (f'<!doctype html><html lang="{lang.group(1)}"><head><meta charset="utf-8"><title></title></head>'
            f"<body>{body}</body></html>")


def write_index(records: list[Record], out_dir: Path) -> IndexStats:
    """Index *records* with Pagefind and write the bundle into *out_dir* (replaced).

    The prepared pages are written to a scratch folder, one file per URL, and Pagefind indexes
    that folder in one request: its Python API otherwise waits ~0.1 s per page sent.
    """
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    started = time.perf_counter()
    stats = IndexStats()
    if not records:
        stats.seconds = time.perf_counter() - started
        return stats
    with tempfile.TemporaryDirectory(prefix="bulletin-search-") as scratch:
        root = Path(scratch)
        for r in records:
            page = page_for_index(r.html, r.source)
            lang = _HTML_LANG.search(page).group(1)
            stats.pages[lang] = stats.pages.get(lang, 0) + 1
            target = root / r.url.strip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page, encoding="utf-8")
        coro = _index(root, out_dir, len(records))
        # MkDocs is synchronous, but the caller may live inside an event loop (a test driving a
        # browser): run Pagefind's asyncio client on a thread of its own.
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(asyncio.run, coro).result()
    stats.seconds = time.perf_counter() - started
    for name in UNUSED_FILES:
        (out_dir / name).unlink(missing_ok=True)
    for path in out_dir.rglob("*"):
        if path.is_file() and path.suffix in (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter"):
            stats.files += 1
            stats.bytes += path.stat().st_size
    return stats


async def _index(root: Path, out_dir: Path, expected: int) -> None:
    try:
        from pagefind.index import IndexConfig, PagefindIndex
    except ImportError as exc:  # pragma: no cover - installation problem
        raise SearchIndexError(f"the pagefind package is missing ({exc}); run `bash scripts/setup.sh`") from None
    config = IndexConfig(output_path=str(out_dir), exclude_selectors=[f".{c}" for c in EXCLUDED_CLASSES])
    try:
        async with PagefindIndex(config) as index:
            result = await index.add_directory(str(root))
            if result.get("page_count") != expected:
                raise SearchIndexError(f"Pagefind indexed {result.get('page_count')} pages of {expected}")
    except SearchIndexError:
        raise
    except Exception as exc:
        raise SearchIndexError(f"Pagefind failed: {type(exc).__name__}: {exc}") from exc
