"""The site's search index: one per language, cut in small files so a query loads only its part.

Why not Pagefind or lunr: measured in Chromium at 1,000 and 10,000 articles (bench/search_bench.py,
docs/ky-thuat/tim-kiem.md), Pagefind keeps every word's positions, so the one index file of a word
that most articles use ("cải", "chính", "số" …) grows with the site, and a first query downloaded
far more than 300 KB; lunr loads one file holding everything. This index keeps, for each word, only
which articles have it and how much it weighs there.

Layout of ``search/<lang>/`` (written by :func:`write_index`)::

    index.json          manifest: number of articles, the shard keys, and (added by search.py) the
                        groups of equivalent phrases and the filter choices
    t/<key>.gz          a shard: the words whose folded form starts with <key> (their first three
                        letters), {folded: {exact form: [id gap, weight, id gap, weight, …]}}
    d/<id>.gz           one article: URL, title, date, unit, and its text (for snippets)
    f/<name>/<value>.gz the articles of one filter value (unit with its sub-units, topic, year),
                        as id gaps

Words are compared folded (``bulletin.text.fold``: marks removed, đ → d, lower case); each folded
word keeps the exact forms it was written in, so a query typed with marks can rank exact matches
first. Article ids follow the catalog (newest first). Weights are BM25's term part (title words
count 4 times, unit and topic names twice) times 100, so the browser adds IDF and sums.
``.gz`` files are gzip-compressed JSON, inflated by the browser (DecompressionStream).
"""

from __future__ import annotations

import gzip
import json
import math
import re
import shutil
import time
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from .text import fold, nfc

FORMAT = 1
KEY_LENGTH = 3
TITLE_WEIGHT, META_WEIGHT, BODY_WEIGHT = 4, 2, 1
K1, B = 1.2, 0.75

# Parts of an article page that are not its text: links to other articles (never indexed with this
# one), and the unit line, date line and topic list above the text (unit and topic names are indexed
# from the registry instead). The headline is indexed as the title.
EXCLUDED_CLASSES = ("bl-prevnext", "bl-related", "bl-kicker", "bl-meta", "bl-topics")
_ARTICLE = re.compile(r'<article\b[^>]*\bclass="bl-article"[^>]*>.*?</article>', re.S)
_WORD = re.compile(r"[^\W_]+")


class SearchIndexError(RuntimeError):
    pass


@dataclass
class Doc:
    url: str            # site-relative, directory style: '2023/01/slug/'
    title: str
    date: str           # as shown to readers
    unit: str           # unit name in the page's language
    meta: str           # unit and topic names: searchable, not shown
    text: str           # the article's text, headline excluded
    filters: dict = field(default_factory=dict)   # name -> [value ids]


@dataclass
class IndexStats:
    docs: int = 0
    terms: int = 0
    files: int = 0
    bytes: int = 0
    largest_shard: int = 0
    seconds: float = 0.0


# -- text of a built page ------------------------------------------------------------------------

class _Text(HTMLParser):
    _VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._stack: list[bool] = []
        self._ignored = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        skip = tag in ("script", "style", "h1") or any(c in EXCLUDED_CLASSES for c in classes)
        self._stack.append(skip)
        self._ignored += skip

    def handle_endtag(self, tag):
        if tag in self._VOID or not self._stack:
            return
        self._ignored -= self._stack.pop()

    def handle_data(self, data):
        if not self._ignored:
            self.parts.append(data)


def article_text(html: str, source: str = "") -> str:
    """The text of the article element of a built page, one space between words."""
    m = _ARTICLE.search(html)
    if m is None:
        raise SearchIndexError(f"{source}: expected an <article class=\"bl-article\"> element; "
                               "is docs/overrides/article.html up to date?")
    parser = _Text()
    parser.feed(m.group(0))
    parser.close()
    return " ".join(" ".join(parser.parts).split())


# -- words ---------------------------------------------------------------------------------------

def words(text: str) -> list[str]:
    return _WORD.findall(nfc(text))


@lru_cache(maxsize=200_000)
def forms(word: str) -> tuple[str, str]:
    """(folded, exact) forms of a word: 'Đảng' → ('dang', 'đảng')."""
    return fold(word), word.lower()


def shard_key(folded: str) -> str:
    return folded[:KEY_LENGTH]


def file_key(key: str) -> str:
    """A file name for a shard key: itself when plain ASCII, else 'x' and its UTF-8 in hex."""
    return key if re.fullmatch(r"[a-z0-9]+", key) else "x" + key.encode("utf-8").hex()


# -- writing -------------------------------------------------------------------------------------

def write_index(docs: list[Doc], out_dir: Path, manifest_extra: dict | None = None, *, write=None,
                counts_of=None) -> IndexStats:
    """Write the index of *docs* (ids are their positions) into *out_dir*.

    Without *write* the folder is replaced. With *write* (``bulletin.incremental.Tracker.write``:
    ``write(path, data=None, *, make=None, source=None)``) every file goes through it, so an
    incremental preview rewrites only the files whose content changed; *counts_of(doc, make)* may
    reuse a document's word counts.
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    if write is None:
        if out_dir.exists():
            shutil.rmtree(out_dir)
        write = _plain_write
    stats = IndexStats(docs=len(docs))

    weights: list[dict] = []     # per doc: {(folded, exact): weighted count}
    lengths: list[int] = []
    for doc in docs:
        counts, n = counts_of(doc, _counts) if counts_of is not None else _counts(doc)
        weights.append(counts)
        lengths.append(max(n, 1))
    avg = sum(lengths) / len(lengths) if lengths else 1.0

    postings: dict[str, dict[str, list[tuple[int, int]]]] = {}
    for doc_id, counts in enumerate(weights):
        norm = K1 * (1 - B + B * lengths[doc_id] / avg)
        for (folded, exact), tf in counts.items():
            w = max(1, round(100 * tf * (K1 + 1) / (tf + norm)))
            postings.setdefault(folded, {}).setdefault(exact, []).append((doc_id, w))
    stats.terms = len(postings)

    shards: dict[str, dict] = {}
    for folded in sorted(postings):
        shards.setdefault(shard_key(folded), {})[folded] = {
            exact: _gaps(items, with_weights=True) for exact, items in sorted(postings[folded].items())}
    for key, content in shards.items():
        _write_gz(write, out_dir / "t" / f"{file_key(key)}.gz", content)

    by_filter: dict[str, dict[str, list[int]]] = {}
    for doc_id, doc in enumerate(docs):
        _write_gz(write, out_dir / "d" / f"{doc_id}.gz",
                  {"u": doc.url, "t": doc.title, "d": doc.date, "n": doc.unit, "x": doc.text})
        for name, values in doc.filters.items():
            for value in values:
                by_filter.setdefault(name, {}).setdefault(value, []).append(doc_id)
    for name, values in by_filter.items():
        for value, ids in values.items():
            _write_gz(write, out_dir / "f" / name / f"{value}.gz", _gaps([(i, 0) for i in ids], with_weights=False))

    manifest = {"v": FORMAT, "docs": len(docs), "keys": " ".join(sorted(shards)), **(manifest_extra or {})}
    write(out_dir / "index.json", json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    for path in out_dir.rglob("*"):
        if path.is_file():
            stats.files += 1
            size = path.stat().st_size
            stats.bytes += size
            if path.parent.name == "t":
                stats.largest_shard = max(stats.largest_shard, size)
    stats.seconds = time.perf_counter() - started
    return stats


def _counts(doc: Doc) -> tuple[dict, int]:
    """A document's weighted word counts {(folded, exact): count} and its length."""
    counts: dict[tuple[str, str], int] = {}
    n = 0
    for text, weight in ((doc.title, TITLE_WEIGHT), (doc.meta, META_WEIGHT), (doc.text, BODY_WEIGHT)):
        for w in words(text):
            f = forms(w)
            counts[f] = counts.get(f, 0) + weight
            n += weight != META_WEIGHT
    return counts, n


def _gaps(items: list[tuple[int, int]], *, with_weights: bool) -> list[int]:
    out: list[int] = []
    last = -1
    for doc_id, w in items:
        out.append(doc_id - last)
        last = doc_id
        if with_weights:
            out.append(w)
    return out


def _plain_write(path: Path, data: bytes | None = None, *, make=None, source=None) -> bool:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if data is not None else make())
    return True


def _write_gz(write, path: Path, content) -> None:
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    write(path, make=lambda: gzip.compress(text, compresslevel=9, mtime=0), source=text)


def idf(n_docs: int, df: int) -> float:
    """BM25's IDF, as the browser computes it (documented here for the tests)."""
    return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
