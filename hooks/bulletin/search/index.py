"""The site's search index: one per language, cut in small files so a query loads only its part.

Why not Pagefind or lunr: measured in Chromium at 1,000 and 10,000 articles (bench/search_bench.py,
docs/ky-thuat/tim-kiem.md), Pagefind keeps every word's positions, so the one index file of a word
that most articles use ("cải", "chính", "số" …) grows with the site, and a first query downloaded
far more than 300 KB; lunr loads one file holding everything. This index keeps, for each word, only
which articles have it and how much it weighs there.

Layout of ``search/<lang>/`` (written by :func:`write_index`)::

    index.json          manifest: number of articles, the shard keys, and (added by extension.py) the
                        groups of equivalent phrases, the filter choices and the strings of the
                        box's results area ("ui"), which the script builds on first use
    t/<key>.gz          a shard: the words whose folded form starts with <key> (their first three
                        letters), {folded: {exact form: [id gap, weight, id gap, weight, …]}}
    d/<id>.gz           one article: URL, title, date, unit, and its text (for snippets)
    f/<name>/<value>.gz the articles of one filter value (unit with its sub-units, topic, year),
                        as id gaps

Words are compared folded (``bulletin.content.text.fold``: marks removed, đ → d, lower case); each folded
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
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from ..content.text import fold, nfc

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
    parts = _fast_text(m.group(0))
    if parts is None:   # markup the quick reader does not know: the standard library's parser
        parser = _Text()
        parser.feed(m.group(0))
        parser.close()
        parts = parser.parts
    return " ".join(" ".join(parts).split())


# A tag (name, attributes with quoted values), a comment, or text. Everything the pages' own
# templates and the sanitizer write is one of these; anything else makes _fast_text give up.
_TOKEN = re.compile(r"""<(/?)([a-zA-Z][^\t\n\r\f />\x00]*)((?:[^>"']+|"[^"]*"|'[^']*')*)>|<!--.*?-->|([^<]+)""", re.S)
_CLASS = re.compile(r"""(?:^|[\s/])class\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
_RAW_TEXT = ("script", "style")


def _fast_text(fragment: str) -> list[str] | None:
    """What :class:`_Text` collects from *fragment*, about five times faster (one regular
    expression instead of the parser's many); None when the fragment holds markup it does not
    read (a lone '<', a declaration, an unclosed tag or comment)."""
    parts: list[str] = []
    stack: list[bool] = []
    ignored = 0
    pos = 0
    end = len(fragment)
    while pos < end:
        m = _TOKEN.match(fragment, pos)
        if m is None:
            return None
        pos = m.end()
        text = m.group(4)
        if text is not None:
            if not ignored:
                parts.append(unescape(text) if "&" in text else text)
            continue
        name = m.group(2)
        if name is None:   # a comment
            continue
        tag = name.lower()
        if tag in _Text._VOID:
            continue
        if m.group(1):     # an end tag
            if stack:
                ignored -= stack.pop()
            continue
        attrs = m.group(3)
        classes = ""
        if "class" in attrs.lower():
            c = _CLASS.search(attrs)
            if c is not None:
                classes = unescape(next(g for g in c.groups() if g is not None))
        skip = tag in ("script", "style", "h1") or any(x in EXCLUDED_CLASSES for x in classes.split())
        if attrs.rstrip().endswith("/"):   # <tag/>: opened and closed
            continue
        stack.append(skip)
        ignored += skip
        if tag in _RAW_TEXT:   # its content is text up to its end tag, never markup
            close = fragment.lower().find(f"</{tag}", pos)
            if close < 0:
                return None
            pos = close
    return parts


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

    Without *write* the folder is replaced. With *write* (``bulletin.speed.incremental.Tracker.write``:
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

    # folded -> exact -> [doc id, count, doc id, count, …] (ids ascending), built one document at a
    # time: a document's word counts are dropped as soon as they are added here.
    postings: dict[str, dict[str, array]] = {}
    lengths = array("q")
    for doc_id, doc in enumerate(docs):
        counts, n = counts_of(doc, _counts) if counts_of is not None else _counts(doc)
        lengths.append(max(n, 1))
        for (folded, exact), tf in counts.items():
            by_exact = postings.get(folded)
            if by_exact is None:
                by_exact = postings[folded] = {}
            pairs = by_exact.get(exact)
            if pairs is None:
                pairs = by_exact[exact] = array("q")
            pairs.append(doc_id)
            pairs.append(tf)
    avg = sum(lengths) / len(lengths) if lengths else 1.0
    norms = [K1 * (1 - B + B * length / avg) for length in lengths]
    stats.terms = len(postings)

    # Sorted words sharing a shard key are neighbours: write each shard as soon as it is complete.
    keys: list[str] = []
    shard: dict = {}
    for folded in sorted(postings):
        key = shard_key(folded)
        if keys and key != keys[-1]:
            _write_gz(write, out_dir / "t" / f"{file_key(keys[-1])}.gz", shard)
            shard = {}
        if not keys or key != keys[-1]:
            keys.append(key)
        shard[folded] = {exact: _weighted_gaps(pairs, norms) for exact, pairs in sorted(postings.pop(folded).items())}
    if keys:
        _write_gz(write, out_dir / "t" / f"{file_key(keys[-1])}.gz", shard)

    by_filter: dict[str, dict[str, list[int]]] = {}
    for doc_id, doc in enumerate(docs):
        _write_gz(write, out_dir / "d" / f"{doc_id}.gz",
                  {"u": doc.url, "t": doc.title, "d": doc.date, "n": doc.unit, "x": doc.text})
        for name, values in doc.filters.items():
            for value in values:
                by_filter.setdefault(name, {}).setdefault(value, []).append(doc_id)
    for name, values in by_filter.items():
        for value, ids in values.items():
            _write_gz(write, out_dir / "f" / name / f"{value}.gz", _id_gaps(ids))

    manifest = {"v": FORMAT, "docs": len(docs), "keys": " ".join(sorted(keys)), **(manifest_extra or {})}
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


def _weighted_gaps(pairs: array, norms: list[float]) -> list[int]:
    """[doc id, count, …] → [id gap, BM25 weight, …]: the weight is BM25's term part times 100
    (at least 1), *norms* the length normalisation of each document."""
    out: list[int] = []
    last = -1
    for i in range(0, len(pairs), 2):
        doc_id, tf = pairs[i], pairs[i + 1]
        out.append(doc_id - last)
        out.append(max(1, round(100 * tf * (K1 + 1) / (tf + norms[doc_id]))))
        last = doc_id
    return out


def _id_gaps(ids: list[int]) -> list[int]:
    """Ascending ids → their gaps: [3, 5, 9] → [4, 2, 4] (from -1)."""
    return [doc_id - last for last, doc_id in zip([-1, *ids], ids)]


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
