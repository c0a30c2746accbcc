"""Checks of article bodies against the site: links to other pages and pictures must resolve.

Every link and picture of an article (Markdown ``[text](url)``, ``![alt](src)``, reference
definitions, raw ``<a href>`` / ``<img src>``) is resolved against the page the article becomes
(``2023/12/slug/`` or ``en/2023/12/slug/``) and looked up in the set of pages and files the site
will contain. A miss is a :class:`~bulletin.content.model.Problem` naming the file and the line:

- a link to no page or file (a typo, a renamed article);
- a link to a draft or scheduled item — it would be broken, and it would reveal the address;
- a picture not stored under ``docs/`` (``image:`` or in the body), or one loaded from another
  site (the bulletin makes no third-party request);
- a ``javascript:``, ``data:`` or ``vbscript:`` URL.

Links to other sites (``https://…``, ``mailto:``) are not followed. Code blocks are skipped.
"""

from __future__ import annotations

import difflib
import functools
import posixpath
import re
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlsplit

from .model import Article, Problem
from .routes import Route

UNSAFE_SCHEMES = {"javascript", "vbscript", "data", "file"}
EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel", "ftp", "ftps", "sms", "geo"}

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_INLINE = re.compile(r"\]\(\s*<?([^()\s<>]*)>?")
_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_HTML_ATTR = re.compile(r"<(a|img|source|video|audio|iframe|embed|object)\b[^>]*?\b(href|src|data)\s*=\s*"
                        r"(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I)


def links(body: str, first_line: int = 1) -> Iterable[tuple[int, str, bool]]:
    """(line in the file, url, is_picture) for every link of a Markdown body, outside code."""
    fence = None
    for number, line in enumerate(body.split("\n"), first_line):
        m = _FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        if line.startswith(("    ", "\t")) and line.strip() and not line.lstrip().startswith(("<", "[", "!", "-", "*")):
            continue   # an indented code block (or a continuation line: no link syntax there either way)
        text = _CODE_SPAN.sub(lambda s: " " * len(s.group()), line)
        m = _REFDEF.match(text)
        if m:
            yield number, m.group(1), False
            continue
        for m in _INLINE.finditer(text):
            yield number, m.group(1), _is_picture(text, m.start())
        for m in _HTML_ATTR.finditer(text):
            url = next(g for g in (m.group(3), m.group(4), m.group(5)) if g is not None)
            yield number, url, m.group(1).lower() != "a"


def _is_picture(text: str, close: int) -> bool:
    """Whether the ']' at *close* ends the text of a picture ('![…]') rather than of a link."""
    depth = 0
    for i in range(close - 1, -1, -1):
        ch = text[i]
        if ch == "]":
            depth += 1
        elif ch == "[":
            if depth == 0:
                return i > 0 and text[i - 1] == "!"
            depth -= 1
    return False


class Targets:
    """Every address the built site has: pages ('2023/12/slug/') and files ('images/a.jpg')."""

    def __init__(self, pages: Iterable[str], files: Iterable[str], withheld: dict[str, str] | None = None):
        self.pages = set(pages)
        self.files = set(files)
        self.withheld = dict(withheld or {})   # page address → source file of a draft/scheduled item

    def find(self, target: str) -> str | None:
        """The address *target* resolves to, or None."""
        if target in self.files or target in self.pages:
            return target
        for candidate in (target + "/", target.removesuffix("index.html"), target.removesuffix("index.md"),
                          target.removesuffix(".md") + "/"):
            if candidate in self.pages:
                return candidate
        return None

    def closest(self, target: str, pictures: bool) -> str | None:
        pool = self.files if pictures else self.pages | self.files
        found = difflib.get_close_matches(target, list(pool), n=1, cutoff=0.75)
        return found[0] if found else None


def scan_docs(docs_path: Path) -> tuple[set[str], set[str]]:
    """(page addresses, file paths) of the hand-written part of the site under *docs_path*."""
    pages, files = set(), set()
    if not docs_path.is_dir():
        return pages, files
    for path in docs_path.rglob("*"):
        rel = path.relative_to(docs_path).as_posix()
        if not path.is_file() or rel.startswith("overrides/") or any(p.startswith(".") for p in rel.split("/")):
            continue
        if rel.endswith(".md"):
            stem = rel[:-3]
            if stem == "index" or stem.endswith("/index") or stem == "README" or stem.endswith("/README"):
                pages.add(stem.rsplit("index", 1)[0].rsplit("README", 1)[0])
            else:
                pages.add(stem + "/")
            files.add(rel)
        else:
            files.add(rel)
    return pages, files


def targets_for(catalog, router, languages: dict, registry, docs_path: Path, preview: bool,
                extra_pages: Iterable[str] = ()) -> Targets:
    """The addresses of a site built from *catalog*: articles, the core listings, hand-written pages
    and files under docs/, and *extra_pages* (e.g. every planned page of a build)."""
    pages, files = scan_docs(docs_path)
    pages.update(extra_pages)
    withheld = {}
    for lang in languages:
        prefix = languages[lang].prefix
        pages.update(prefix + e.path for e in catalog.entries)
        for e in catalog.withheld:
            withheld[prefix + e.path] = e.original.path
        for kind in ("home", "units", "topics", "archive"):
            pages.add(router.url(Route(kind), lang))
        pages.update(router.url(Route("unit", (uid,)), lang) for uid in registry.units)
        pages.update(router.url(Route("topic", (tid,)), lang) for tid in registry.topics)
        for (year, month) in catalog.by_month:
            pages.add(router.url(Route("year", (year,)), lang))
            pages.add(router.url(Route("month", (year, month)), lang))
    if preview:
        withheld = {}
    return Targets(pages, files, withheld)


def check_articles(entries: Iterable, languages: dict, targets: Targets) -> list[Problem]:
    """Problems of the links and pictures of every version of every entry."""
    problems: list[Problem] = []
    for entry in entries:
        for lang, article in entry.versions.items():
            page = languages[lang].prefix + entry.path
            problems.extend(check_article(article, page, targets))
    return problems


def check_article(article: Article, page: str, targets: Targets) -> list[Problem]:
    problems = []
    if article.image and not article.is_translation:   # a translation shares its original's picture
        if targets.find(article.image) is None:
            problems.append(Problem(article.path, article.extra.get("lines", {}).get("image"), "image",
                                    f"picture not found: docs/{article.image} does not exist; put the file there "
                                    "or correct the path (relative to docs/, e.g. images/2023/anh.jpg)"
                                    + _hint(targets, article.image, True, "")))
    first = article.extra.get("text_line") or article.extra.get("body_line") or 1
    for line, url, picture in _links_of(article.body, first):
        message = check_url(url, page, picture, targets)
        if message:
            problems.append(Problem(article.path, line, "body", message))
    return problems


@functools.lru_cache(maxsize=65536)
def _links_of(body: str, first_line: int) -> tuple:
    """:func:`links`, kept for each text: a rebuild checks unchanged articles against new addresses
    without reading their text again."""
    return tuple(links(body, first_line))


def check_url(url: str, page: str, picture: bool, targets: Targets) -> str | None:
    """What is wrong with *url* in the page at address *page*, or None."""
    url = url.strip()
    if not url or url.startswith("#"):
        return None
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    what = "picture" if picture else "link"
    if scheme in UNSAFE_SCHEMES or re.match(r"^\s*(java|vb)script\s*:", url, re.I):
        return f"{what} with a '{scheme}:' address is not allowed ({url[:60]}): use an http(s) address or a page of the site"
    if scheme or parts.netloc:
        if picture:
            return (f"picture loaded from another site ({url[:80]}): the bulletin makes no request to other "
                    "sites; download it into docs/images/ and link that file")
        if scheme in EXTERNAL_SCHEMES:
            return None
        return f"link with an unknown kind of address '{scheme}:' ({url[:60]}): use http(s) or mailto"
    path = unquote(parts.path)
    if not path:
        return None
    if path.startswith("/"):
        target = path.lstrip("/")
    else:
        joined = posixpath.normpath(posixpath.join(page, path))
        if joined == ".." or joined.startswith("../"):
            return f"broken {what} '{url}': it points above the site's root"
        target = "" if joined == "." else joined + ("/" if path.endswith("/") else "")
    found = targets.find(target)
    if found is not None:
        if picture and found not in targets.files:
            return f"picture '{url}' is a page, not a picture file"
        return None
    withheld = targets.withheld.get(target) or targets.withheld.get(target + "/")
    if withheld:
        return (f"link to '{url}', an item not published in this build ({withheld} is a draft or scheduled): "
                "remove the link until it is published — it would be broken and reveal the address")
    if target.endswith(".md"):
        return (f"broken link '{url}': links to articles use their address (e.g. /2023/12/slug/), not "
                "their file; see the article's page for its address" + _hint(targets, target, False, "/"))
    if picture:
        return (f"picture not found: '{url}' (looked for docs/{target}); store the picture under docs/images/ "
                "or correct the path" + _hint(targets, target, True, "/"))
    return f"broken link '{url}': no page or file at /{target}" + _hint(targets, target, False, "/")


def _hint(targets: Targets, target: str, pictures: bool, lead: str) -> str:
    near = targets.closest(target, pictures)
    return f"; did you mean '{lead}{near}'?" if near else ""


def check_collection(settings, registry, languages: dict, articles: list, docs_path: Path) -> list[Problem]:
    """The same checks for `bulletin check`, without MkDocs: published items must not link to
    drafts or scheduled items; those are checked as if they were published (as in a preview)."""
    from .catalog import build_catalog
    from .routes import Router

    published = build_catalog(articles, registry, list(languages), settings.current_time(), preview=False)
    router = Router(languages)
    strict = targets_for(published, router, languages, registry, docs_path, preview=False)
    problems = check_articles(published.entries, languages, strict)
    if published.withheld:
        loose = Targets(strict.pages | set(strict.withheld), strict.files)
        problems += check_articles(published.withheld, languages, loose)
    return problems
