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
import os
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlsplit

from . import assets, unitpages
from .model import Article, Problem
from .routes import Route

UNSAFE_SCHEMES = {"javascript", "vbscript", "data", "file"}
EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel", "ftp", "ftps", "sms", "geo"}

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_INLINE = re.compile(r"\]\(\s*<?([^()\s<>]*)>?")
_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto|javascript|vbscript|data|file):[^\s<>]*)>", re.I)
URL_ATTRIBUTES = {"href", "src", "srcset", "data", "poster", "action", "formaction", "cite", "background",
                  "xlink:href", "longdesc", "manifest", "ping", "codebase", "usemap", "lowsrc", "dynsrc"}


def _blank_code(body: str) -> str:
    """*body* with fenced and indented code and code spans blanked (line breaks kept): no link there."""
    out = []
    fence = None
    for line in body.split("\n"):
        m = _FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            out.append("")
            continue
        if m:
            fence = m.group(1)
            out.append("")
            continue
        if line.startswith(("    ", "\t")) and line.strip() and not line.lstrip().startswith(("<", "[", "!", "-", "*")):
            out.append("")   # an indented code block (or a continuation line: no link syntax there either way)
            continue
        out.append(line)
    return _CODE_SPAN.sub(lambda s: re.sub(r"[^\n]", " ", s.group()), "\n".join(out))


class _HtmlLinks(HTMLParser):
    """Every URL attribute of every tag, whatever its form: quotes or none, entities, line breaks inside."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, bool]] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        tag = tag.lower()
        for name, value in attrs:
            name = name.lower()
            if value is None or name not in URL_ATTRIBUTES:
                continue
            urls = [part.split()[0] for part in value.split(",") if part.strip()] if name == "srcset" else [value]
            for url in urls:
                self.found.append((line, url, tag not in ("a", "area", "form", "blockquote", "q") and name != "href"))

    handle_startendtag = handle_starttag


def links(body: str, first_line: int = 1) -> Iterable[tuple[int, str, bool]]:
    """(line in the file, url, is_picture) for every link of a Markdown body, outside code: Markdown
    links, pictures and reference definitions, autolinks, and any URL attribute of raw HTML."""
    text = _blank_code(body)
    for number, line in enumerate(text.split("\n"), first_line):
        m = _REFDEF.match(line)
        if m:
            yield number, m.group(1), False
            continue
        for m in _INLINE.finditer(line):
            yield number, m.group(1), _is_picture(line, m.start())
        for m in _AUTOLINK.finditer(line):
            yield number, m.group(1), False
    if "<" in text:
        parser = _HtmlLinks()
        parser.feed(text)
        parser.close()
        for line, url, picture in parser.found:
            yield line + first_line - 1, url, picture


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

    def __init__(self, pages: Iterable[str], files: Iterable[str], withheld: dict[str, str] | None = None,
                 site_url: str | None = None, unit_entries: dict[str, str] | None = None):
        self.pages = set(pages)
        # the page address a unit without news would have → its entry on the units index (content.unitpages)
        self.unit_entries = dict(unit_entries or {})
        self.files = set(files)
        self.withheld = dict(withheld or {})   # page address → source file of a draft/scheduled item
        site = urlsplit(site_url or "")
        self.host = site.netloc.lower()         # absolute URLs on this host and path are the site's own
        self.base = site.path if site.path.endswith("/") else site.path + "/"

    def own_path(self, parts) -> str | None:
        """The site path ('/2024/03/x/') of an absolute URL of the site itself, else None."""
        if not self.host or parts.netloc.lower() != self.host or parts.scheme.lower() not in ("http", "https", ""):
            return None
        path = parts.path or "/"
        if not (path + "/").startswith(self.base):
            return None
        return "/" + path[len(self.base):] if len(path) >= len(self.base) else "/"

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


def docs_pages(docs_path: Path) -> dict[str, str]:
    """{page address: docs-relative file} of the hand-written pages under *docs_path* (links not followed)."""
    pages: dict[str, str] = {}
    if not docs_path.is_dir():
        return pages
    for base, dirs, names in os.walk(docs_path):
        rel_base = Path(base).relative_to(docs_path).as_posix()
        rel_base = "" if rel_base == "." else rel_base + "/"
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (rel_base + d).startswith("overrides"))
        for name in sorted(names):
            if name.startswith(".") or not name.endswith(".md") or os.path.islink(os.path.join(base, name)):
                continue
            stem = (rel_base + name)[:-3]
            if stem == "index" or stem.endswith("/index") or stem == "README" or stem.endswith("/README"):
                address = stem.rsplit("index", 1)[0].rsplit("README", 1)[0]
            else:
                address = stem + "/"
            pages.setdefault(address, rel_base + name)
    return pages


def scan_docs(docs_path: Path) -> tuple[set[str], set[str]]:
    """(page addresses, file paths) of the hand-written part of the site under *docs_path*."""
    pages = docs_pages(docs_path)
    files = set(pages.values())
    files.update(assets.scan(docs_path)[1])
    return set(pages), files


def resolve(url: str, page: str, targets: Targets) -> str | None:
    """The address or file of the site that *url* (in the page at *page*) points to, or None."""
    url = url.strip()
    if not url or url.startswith("#"):
        return None
    parts = urlsplit(url)
    if parts.netloc:
        own = targets.own_path(parts)
        if own is None:
            return None
        parts = urlsplit(own)
    elif parts.scheme:
        return None
    path = unquote(parts.path)
    if not path:
        return None
    target = site_path(path, page)
    return None if target is None else targets.find(target)


def site_path(path: str, page: str) -> str | None:
    """The site-relative address that *path* (absolute, or relative to the page at *page*) names, or
    None when it climbs above the site's root."""
    if path.startswith("/"):
        return path.lstrip("/")
    joined = posixpath.normpath(posixpath.join(page, path))
    if joined == ".." or joined.startswith("../"):
        return None
    return "" if joined == "." else joined + ("/" if path.endswith("/") else "")


def check_docs(docs_path: Path, label: str, generated: dict[str, str]) -> list[Problem]:
    """Problems of the hand-written part of the site: its static files (bulletin.content.assets) and
    pages at an address the build generates (*generated*: address → what is there)."""
    problems, _files = assets.scan(docs_path, label)
    for address, rel in docs_pages(docs_path).items():
        what = generated.get(address)
        if what:
            problems.append(Problem(f"{label}/{rel}", None, "file", f"a hand-written page at /{address}, the address "
                                    f"of {what}: move or rename the page"))
    return problems


def referenced_files(entries: Iterable, languages: dict, targets: Targets, docs_path: Path) -> set[str]:
    """Files under docs/ that a page of the site references: the pictures and links of every version of
    *entries* (the published items) and of the hand-written pages. Only these (and docs/assets/) are
    published, so the picture of a draft never is."""
    used: set[str] = set()

    def note(url: str, page: str) -> None:
        target = resolve(url, page, targets)
        if target is not None and target in targets.files:
            used.add(target)

    for entry in entries:
        for lang, article in entry.versions.items():
            page = languages[lang].prefix + entry.path
            if article.image:
                used.add(article.image)
            for _line, url, _picture in links(article.body):
                note(url, page)
    for _address, rel in docs_pages(docs_path).items():
        try:
            body = (docs_path / rel).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        folder = rel.rsplit("/", 1)[0] + "/" if "/" in rel else ""
        for _line, url, _picture in links(body):
            note(url, folder)   # MkDocs resolves a hand-written page's links from its file's folder
    return used


def targets_for(catalog, router, languages: dict, registry, docs_path: Path, preview: bool,
                extra_pages: Iterable[str] = (), site_url: str | None = None) -> Targets:
    """The addresses of a site built from *catalog*: articles, the core listings, hand-written pages
    and files under docs/, and *extra_pages* (e.g. every planned page of a build)."""
    pages, files = scan_docs(docs_path)
    pages.update(extra_pages)
    withheld = {}
    with_pages = unitpages.with_pages(registry, catalog)
    unit_entries: dict[str, str] = {}
    for lang in languages:
        prefix = languages[lang].prefix
        pages.update(prefix + e.path for e in catalog.entries)
        for e in catalog.withheld:
            withheld[prefix + e.path] = e.original.path
        for kind in ("home", "units", "topics", "archive"):
            pages.add(router.url(Route(kind), lang))
        pages.update(router.url(Route("unit", (uid,)), lang) for uid in with_pages)
        unit_entries.update((router.url(Route("unit", (uid,)), lang), unitpages.url(router, with_pages, uid, lang))
                            for uid in registry.units if uid not in with_pages)
        pages.update(router.url(Route("topic", (tid,)), lang) for tid in registry.topics)
        for (year, month) in catalog.by_month:
            pages.add(router.url(Route("year", (year,)), lang))
            pages.add(router.url(Route("month", (year, month)), lang))
    if preview:
        withheld = {}
    return Targets(pages, files, withheld, site_url, unit_entries)


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
    own = targets.own_path(parts) if parts.netloc else None
    if own is not None:   # https://<site>/2024/03/x/ is a link inside the site: checked as /2024/03/x/
        parts = urlsplit(own)
        scheme = ""
    elif scheme or parts.netloc:
        if picture:
            return (f"picture loaded from another site ({url[:80]}): the bulletin makes no request to other "
                    "sites; download it into docs/images/ and link that file")
        if scheme in EXTERNAL_SCHEMES:
            return None
        return f"link with an unknown kind of address '{scheme}:' ({url[:60]}): use http(s) or mailto"
    path = unquote(parts.path)
    if not path:
        return None
    target = site_path(path, page)
    if target is None:
        return f"broken {what} '{url}': it points above the site's root"
    found = targets.find(target)
    if found is not None:
        if picture and found not in targets.files:
            return f"picture '{url}' is a page, not a picture file"
        return None
    withheld = targets.withheld.get(target) or targets.withheld.get(target + "/")
    if withheld:
        return (f"link to '{url}', an item not published in this build ({withheld} is a draft or scheduled): "
                "remove the link until it is published — it would be broken and reveal the address")
    unit_entry = targets.unit_entries.get(target) or targets.unit_entries.get(target + "/")
    if unit_entry and not picture:
        return (f"broken link '{url}': this unit has no page of its own, because no article of this build is "
                f"about it; link to its entry on the units index instead: '/{unit_entry}'")
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


def check_collection(settings, registry, languages: dict, articles: list, docs_path: Path,
                     site_url: str | None = None, docs_label: str = "docs") -> list[Problem]:
    """The same checks for `bulletin check`, without MkDocs: published items must not link to
    drafts or scheduled items; those are checked as if they were published (as in a preview).
    The hand-written part of the site is checked too (:func:`check_docs`)."""
    from .catalog import build_catalog
    from .routes import Router

    published = build_catalog(articles, registry, list(languages), settings.current_time(), preview=False)
    router = Router(languages)
    strict = targets_for(published, router, languages, registry, docs_path, preview=False, site_url=site_url)
    problems = check_articles(published.entries, languages, strict)
    if published.withheld:
        loose = Targets(strict.pages | set(strict.withheld), strict.files, site_url=site_url,
                        unit_entries=strict.unit_entries)
        problems += check_articles(published.withheld, languages, loose)
    generated = {}
    for lang, language in languages.items():
        for kind in ("home", "units", "topics", "archive"):
            generated[router.url(Route(kind), lang)] = f"a generated page ({kind})"
        for entry in published.entries + published.withheld:
            generated[language.prefix + entry.path] = f"the article {entry.original.path}"
    return problems + check_docs(docs_path, docs_label, generated)
