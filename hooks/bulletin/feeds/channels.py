"""Feeds units subscribe to: RSS 2.0 and Atom 1.0 per language, for the whole bulletin, each unit
that has news (with its sub-units and predecessors) and each topic; the Subscribe page and, per
language, one OPML file per format.

URL scheme (segments come from ``routes`` in data/i18n/<lang>.yml)::

    /feeds/rss.xml                 /feeds/atom.xml                  whole bulletin (Vietnamese)
    /feeds/don-vi/<unit>.rss.xml   /feeds/don-vi/<unit>.atom.xml    a unit and its sub-units
    /feeds/chu-de/<topic>.rss.xml  /feeds/chu-de/<topic>.atom.xml   a topic
    /feeds/vi.opml                 /feeds/vi.atom.opml              every Vietnamese feed, once
    /theo-doi/                     the Subscribe page
    /en/feeds/rss.xml, /en/feeds/units/<unit>.atom.xml, /en/feeds/topics/<topic>.rss.xml …,
    /en/feeds/en.opml, /en/feeds/en.atom.opml, /en/subscribe/            the same in English

An OPML file lists each feed exactly once, in one format: a feed reader subscribes to everything it
lists, so a file holding both formats made every item arrive twice. ``<lang>.opml`` (the address
published from the start) lists the RSS 2.0 feeds, which every reader reads; ``<lang>.atom.opml``
the same feeds as Atom, for readers that prefer it.

A feed of language L holds the published items that have a version in L (English feeds: only the
items translated into English), newest first: at most ``feed_items`` (50) in the whole bulletin's
feed, at most ``subject_feed_items`` (10, as WordPress's default) in a unit's or a topic's feed —
full text in every feed; a reader polling a feed keeps what it has seen, and the ~880 feeds of the
registry would otherwise weigh more than the articles' own pages. An item's GUID is made
from the article's stable id, never from its URL. feedgen is used in :func:`render` only.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import logging
import time
import uuid
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError

from ..content.routes import Route
from ..site import sanitize
from ..speed.incremental import digest
from . import opml

log = logging.getLogger("mkdocs.plugins.bulletin")


@dataclass(frozen=True)
class Format:
    name: str      # file name part: rss.xml / atom.xml
    label: str
    mime: str


FORMATS = (Format("rss", "RSS 2.0", "application/rss+xml"), Format("atom", "Atom 1.0", "application/atom+xml"))
IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp",
               ".gif": "image/gif", ".svg": "image/svg+xml", ".avif": "image/avif"}
# Fixed forever: GUIDs of ids that are not UUIDs, and of the versions in other languages, derive from it.
GUID_NAMESPACE = uuid.UUID("bb3a656a-ef3d-42c2-a41b-29f19e45101b")


@dataclass(frozen=True)
class Scope:
    kind: str          # all | unit | topic
    id: str = ""


@dataclass(frozen=True)
class Channel:
    title: str
    description: str
    lang: str
    link: str           # absolute URL of the matching HTML page
    self_url: str       # absolute URL of the feed file (also the Atom feed id)
    author: str
    updated: dt.datetime


@dataclass(frozen=True)
class Item:
    guid: str
    title: str
    link: str
    lang: str
    published: dt.datetime
    updated: dt.datetime
    authors: tuple
    categories: tuple   # ((label, scheme URL), …)
    summary: str
    html: str
    enclosure: tuple | None   # (url, length, MIME type)


def render(channel: Channel, items: list[Item], fmt: Format, pieces: dict | None = None) -> bytes:
    """The feed document. feedgen's defaults that depend on the clock are all overridden.

    With *pieces* (a dict kept for one build), each item's XML is made once per format and reused
    by every feed that carries it — an item is in the whole bulletin's feed, its unit's and every
    unit's above it, and its topics' — and spliced into the channel feedgen writes without items:
    the same bytes as feedgen's own document (``tests/feeds/test_feeds.py`` compares them)."""
    if pieces is None or not items:
        return _document(channel, items, fmt)
    head = _document(channel, [], fmt)
    close = _CLOSE[fmt.name]
    at = head.rindex(close)
    return head[:at] + b"".join(_piece(channel, item, fmt, pieces) for item in items) + head[at:]


# where items go in a document feedgen pretty-prints (the closing tag of their parent), and how an
# item's own lines start and end there
_CLOSE = {"rss": b"  </channel>", "atom": b"</feed>"}
_ITEM = {"rss": (b"\n    <item>", b"</item>\n"), "atom": (b"\n  <entry>", b"</entry>\n")}


def _piece(channel: Channel, item: Item, fmt: Format, pieces: dict) -> bytes:
    """The lines of *item* in a document of format *fmt* (made once; the GUID names the item)."""
    key = (item.guid, fmt.name)
    got = pieces.get(key)
    if got is None:
        doc = _document(channel, [item], fmt)
        start, end = _ITEM[fmt.name]
        got = pieces[key] = doc[doc.index(start) + 1:doc.rindex(end) + len(end)]
    return got


def _document(channel: Channel, items: list[Item], fmt: Format) -> bytes:
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)   # <dc:creator>: RSS <author> wants an e-mail
    fg.id(channel.self_url)
    fg.title(channel.title)
    fg.subtitle(html.escape(channel.description, quote=False) if fmt.name == "rss" else channel.description)
    fg.language(channel.lang)
    fg.author({"name": channel.author})
    fg.generator("bulletin")
    fg.link(href=channel.self_url, rel="self", type=fmt.mime)
    fg.link(href=channel.link, rel="alternate", type="text/html")   # RSS <link> is the last link added
    fg.updated(channel.updated)
    for item in items:
        fe = fg.add_entry(order="append")    # the default, 'prepend', would reverse the order
        fe.id(item.guid)                     # RSS: <guid isPermaLink="false">
        fe.title(item.title)
        fe.link(href=item.link, rel="alternate")
        fe.published(item.published)
        fe.updated(item.updated)
        for name in item.authors:
            fe.author({"name": name})
        if item.authors:
            fe.dc.dc_creator(list(item.authors))
        if item.categories:
            fe.category([{"term": label, "label": label, "scheme": scheme} for label, scheme in item.categories])
        # RSS readers render <description> as HTML: plain text (summary, channel description) is
        # escaped once more there (Atom's <summary> and <subtitle> are typed text).
        fe.summary(html.escape(item.summary, quote=False) if fmt.name == "rss" else item.summary)
        fe.content(item.html, type="html")
        fe.register_extension("bulletin", _ItemLinks, atom=True, rss=True)
        fe.bulletin.alternate = (item.link, item.lang)
        fe.bulletin.enclosure = item.enclosure
    if fmt.name == "rss":
        return fg.rss_str(pretty=True)
    return fg.atom_str(pretty=True)


class _ItemLinks:
    """feedgen 1.0.0 writes an Atom entry's links without their rel/type attributes (an enclosure
    would become a second alternate link): this entry extension writes them itself."""

    def __init__(self):
        self.alternate: tuple | None = None    # (href, hreflang)
        self.enclosure: tuple | None = None    # (url, length, MIME type)

    def extend_ns(self) -> dict:
        return {}

    def extend_rss(self, item):
        from lxml import etree

        if self.enclosure:
            url, length, mime = self.enclosure
            etree.SubElement(item, "enclosure", url=url, length=str(length), type=mime)
        return item

    def extend_atom(self, entry):
        from lxml import etree

        for link in entry.findall("link"):
            if self.alternate and link.get("href") == self.alternate[0]:
                link.set("rel", "alternate")
                link.set("type", "text/html")
                link.set("hreflang", self.alternate[1])
        if self.enclosure:
            url, length, mime = self.enclosure
            etree.SubElement(entry, "link", rel="enclosure", href=url, type=mime, length=str(length))
        return entry


# -- the URL scheme ----------------------------------------------------------------------------
def feed_dir(site, lang: str) -> str:
    L = site.languages[lang]
    return f"{L.prefix}{L.routes.get('feeds', 'feeds')}/"


def feed_path(site, lang: str, scope: Scope, fmt: Format) -> str:
    """Site-relative path of a feed file: 'feeds/rss.xml', 'en/feeds/units/qk4.atom.xml'."""
    base = feed_dir(site, lang)
    if scope.kind == "all":
        return f"{base}{fmt.name}.xml"
    segment = site.languages[lang].routes["units" if scope.kind == "unit" else "topics"]
    return f"{base}{segment}/{scope.id}.{fmt.name}.xml"


def opml_path(site, lang: str, fmt: Format = FORMATS[0]) -> str:
    """``<lang>.opml`` for the first format (RSS 2.0), ``<lang>.<format>.opml`` for the others."""
    suffix = "" if fmt == FORMATS[0] else f".{fmt.name}"
    return f"{feed_dir(site, lang)}{lang}{suffix}.opml"


def has_news(site, unit_id: str) -> bool:
    """A unit gets feeds when its page lists a published item (its own, its sub-units' or, with
    ``unit_lineage``, its predecessors'), in any language. A unit without news keeps its page (the
    units index and the history links lead there) but gets no feed and no OPML line: an empty feed
    would be a subscription that never delivers, and the registry has hundreds of units."""
    return any(e.state == "published" for e in site.catalog.by_unit.get(unit_id, ()))


def scopes(site) -> list[tuple[Scope, int]]:
    """Every feed subject with its depth: the bulletin, the units with news (tree order, depth
    first), the topics."""
    out = [(Scope("all"), 0)]

    def walk(unit, depth):
        if not has_news(site, unit.id):
            return          # nor any unit below it: their news would be listed here too
        out.append((Scope("unit", unit.id), depth))
        for child in site.registry.children(unit.id):
            walk(child, depth + 1)
    walk(site.registry.root, 0)
    out += [(Scope("topic", tid), 0) for tid in site.registry.topics]
    return out


def page_route(scope: Scope) -> Route:
    return {"all": Route("home"), "unit": Route("unit", (scope.id,)), "topic": Route("topic", (scope.id,))}[scope.kind]


def scope_name(site, lang: str, scope: Scope) -> str:
    if scope.kind == "unit":
        return site.registry.units[scope.id].name.get(lang)
    if scope.kind == "topic":
        return site.registry.topics[scope.id].name.get(lang)
    return site.languages[lang].ui.feed_whole


def channel_title(site, lang: str, scope: Scope) -> str:
    L = site.languages[lang]
    return L.ui.fmt(f"feed_title_{scope.kind}", site=L.site_name, name=scope_name(site, lang, scope))


def channel_description(site, lang: str, scope: Scope) -> str:
    L = site.languages[lang]
    name = scope_name(site, lang, scope)
    if scope.kind == "unit":
        text = L.ui.fmt("feed_description_unit", name=name)
        if site.registry.children(scope.id):
            text += " " + L.ui.includes_subunits
    elif scope.kind == "topic":
        text = L.ui.fmt("feed_description_topic", name=name)
    else:
        text = L.site_description
    return f"{text} {L.ui.feed_language_note}".strip()


def site_url(site) -> str:
    url = site.config.site_url
    if not url:
        raise PluginError("mkdocs.yml: site_url is not set, but the feeds (RSS/Atom) need absolute links. "
                          "Add the public address of the site, e.g. `site_url: https://bantin.example.vn/`")
    return url if url.endswith("/") else url + "/"


def guid(article_id: str, lang: str, default_lang: str) -> str:
    """'urn:uuid:<id>' for a UUID id; another id gets a UUID derived from it. The version in another
    language than the default gets its own GUID, derived from the id and the language code."""
    try:
        value = uuid.UUID(article_id)
    except ValueError:
        value = uuid.uuid5(GUID_NAMESPACE, article_id)
    if lang != default_lang:
        value = uuid.uuid5(value, lang)
    return f"urn:uuid:{value}"


def absolute_links(fragment: str, base: str) -> str:
    """Make every link and image of an HTML fragment absolute against *base*."""
    from lxml import html as lxml_html

    if not fragment.strip():
        return fragment
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    root.make_links_absolute(base, resolve_base_href=False)
    return lxml_html.tostring(root, encoding="unicode", method="html")[len("<div>"):-len("</div>")]


# -- from the catalog to feeds -----------------------------------------------------------------
class FeedBuilder:
    def __init__(self, site):
        self.site = site
        self.base = site_url(site)
        self.tz = site.settings.tz
        self._items: dict = {}
        self._pieces: dict = {}        # each item's XML per format, shared by the feeds (render)
        self._newest_by_lang: dict = {}

    def absolute(self, rel: str) -> str:
        return urljoin(self.base, rel)

    def entries(self, lang: str, scope: Scope, limit: int | None = None) -> list:
        """The items of *scope* in *lang*, newest first: published ones with a version in *lang*."""
        cat = self.site.catalog
        pool = {"all": lambda: cat.entries, "unit": lambda: cat.by_unit[scope.id],
                "topic": lambda: cat.by_topic[scope.id]}[scope.kind]()
        return list(islice((e for e in pool if e.state == "published" and e.version(lang) is not None), limit))

    def limit(self, scope: Scope) -> int:
        """How many items the feed of *scope* holds at most."""
        s = self.site.settings
        return s.feed_items if scope.kind == "all" else min(s.feed_items, s.subject_feed_items)

    def feed(self, lang: str, scope: Scope, fmt: Format) -> bytes:
        """Articles + language + scope → the feed document."""
        site = self.site
        items = [self.item(e, lang) for e in self.entries(lang, scope, self.limit(scope))]
        newest = max((i.updated for i in items), default=None) or self._newest(lang)
        channel = Channel(
            title=channel_title(site, lang, scope), description=channel_description(site, lang, scope),
            lang=lang, link=self.absolute(site.router.url(page_route(scope), lang)),
            self_url=self.absolute(feed_path(site, lang, scope, fmt)),
            author=site.languages[lang].site_name, updated=newest)
        return render(channel, items, fmt, self._pieces)

    def _newest(self, lang: str) -> dt.datetime:
        """Date of an empty feed: the newest item in the language, else a fixed date (never 'now')."""
        if lang not in self._newest_by_lang:
            stamps = [e.version(lang).timestamp for e in self.entries(lang, Scope("all"))]
            self._newest_by_lang[lang] = max(
                stamps, default=dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)).astimezone(self.tz)
        return self._newest_by_lang[lang]

    def item(self, entry, lang: str) -> Item:
        return self._item_and_digest(entry, lang)[0]

    def _item_and_digest(self, entry, lang: str) -> tuple:
        key = (entry.key, lang)
        if key not in self._items:
            tracker = self.site.incremental
            if tracker.active:   # an incremental preview: reuse the item while its article is unchanged
                self._items[key] = tracker.remember(
                    "feed-item", key, (tracker.site_key, tracker.signatures.get(entry.key)),
                    lambda: _with_digest(self._make_item(entry, lang)))
            else:
                self._items[key] = (self._make_item(entry, lang), "")
        return self._items[key]

    def _make_item(self, entry, lang: str) -> Item:
        site = self.site
        article = entry.version(lang)
        registry = site.registry
        page = site.router.url(Route("article", (entry.path,)), lang)
        units_scheme = self.absolute(site.router.url(Route("units"), lang))
        topics_scheme = self.absolute(site.router.url(Route("topics"), lang))
        categories = ((registry.units[entry.unit].name.get(lang), units_scheme),) + tuple(
            (registry.topics[t].name.get(lang), topics_scheme) for t in entry.topics)
        return Item(
            guid=guid(entry.id, lang, site.default_lang), title=article.title, link=self.absolute(page),
            lang=lang, published=article.date.astimezone(self.tz),
            updated=article.timestamp.astimezone(self.tz),
            authors=tuple(b.name for b in article.authors), categories=categories,
            summary=article.summary, html=self._html(entry, article, page), enclosure=self._enclosure(article))

    def _html(self, entry, article, page: str) -> str:
        site = self.site
        L = site.languages[article.lang]
        file = site.files.get_file_from_path(site.router.src_uri(Route("article", (entry.path,)), article.lang))
        if file is None or file.page is None or file.page.content is None:
            raise PluginError(f"{article.path}: the page of this article was not rendered; cannot write its feeds")
        parts = []
        if article.image:
            caption = article.caption or entry.original.caption
            parts.append(f'<figure><img src="{html.escape(self.absolute(article.image))}" '
                         f'alt="{html.escape(caption or article.title)}">'
                         + (f"<figcaption>{html.escape(caption)}</figcaption>" if caption else "") + "</figure>")
        # Feed readers have no Content-Security-Policy: even a trusted article's HTML is sanitized here.
        parts.append(absolute_links(sanitize.clean(file.page.content), self.absolute(page)))
        if article.authors:
            parts.append("<p>" + "; ".join(
                (html.escape(L.byline_label(b.role)) + ": " if L.byline_label(b.role) else "")
                + f"<strong>{html.escape(b.name)}</strong>" for b in article.authors) + "</p>")
        if article.source:
            name = html.escape(article.source.name)
            link = f'<a href="{html.escape(article.source.url)}">{name}</a>' if article.source.url else name
            parts.append(f"<p>{html.escape(L.ui.source)}: {link}</p>")
        return "\n".join(parts)

    def _enclosure(self, article) -> tuple | None:
        if not article.image:
            return None
        path = Path(self.site.config.docs_dir) / article.image
        if not path.is_file():
            log.warning(f"{article.path}: image: docs/{article.image} does not exist; the feeds carry no "
                        "picture for this item (put the file there or correct the path)")
            return None
        mime = IMAGE_TYPES.get(path.suffix.lower(), "application/octet-stream")
        return (self.absolute(article.image), path.stat().st_size, mime)

    # -- files -----------------------------------------------------------------------------
    def write_all(self, site_dir: Path) -> list[str]:
        """Write every feed and OPML file; return their site-relative paths."""
        written = []
        tracker = self.site.incremental
        for lang in self.site.languages:
            for scope, _depth in scopes(self.site):
                for fmt in FORMATS:
                    rel = feed_path(self.site, lang, scope, fmt)
                    tracker.write(site_dir / rel, make=functools.partial(self.feed, lang, scope, fmt),
                                  source=self._inputs(lang, scope, fmt) if tracker.active else None)
                    written.append(rel)
            for fmt in FORMATS:
                rel = opml_path(self.site, lang, fmt)
                tracker.write(site_dir / rel, self.opml(lang, fmt))
                written.append(rel)
        return written

    def _inputs(self, lang: str, scope: Scope, fmt: Format) -> str:
        """What a feed is made of, for an incremental preview: the site (its configuration, data,
        structure) and the signature of each of its items."""
        tracker = self.site.incremental
        entries = self.entries(lang, scope, self.limit(scope))
        return repr((tracker.site_key, lang, scope, fmt.name, self._newest(lang).isoformat(),
                     [self._item_and_digest(e, lang)[1] for e in entries]))

    def opml(self, lang: str, fmt: Format) -> bytes:
        """Every feed of *lang* once, in format *fmt*: the whole bulletin, then a folder of units and
        one of topics."""
        site = self.site
        ui = site.languages[lang].ui
        groups = {"all": [], "unit": [], "topic": []}
        for scope, _depth in scopes(site):
            groups[scope.kind].append(opml.Outline(
                text=channel_title(site, lang, scope),
                xml_url=self.absolute(feed_path(site, lang, scope, fmt)),
                html_url=self.absolute(site.router.url(page_route(scope), lang)),
                language=lang, version="RSS2" if fmt.name == "rss" else ""))
        outlines = [*groups["all"], opml.Outline(ui.units, children=tuple(groups["unit"])),
                    opml.Outline(ui.topics, children=tuple(groups["topic"]))]
        title = ui.fmt("opml_title", site=site.languages[lang].site_name)
        return opml.render(f"{title} ({fmt.label})", outlines)


def _with_digest(item: Item) -> tuple:
    return item, digest(repr(item))


# -- the extension interface (see bulletin.site.extensions) -----------------------------------------
def plan(site) -> list:
    from ..site.sitegen import PageSpec

    site_url(site)   # fail early, before any page is built, when site_url is missing
    return [PageSpec(Route("subscribe"), lang, L.ui.subscribe, "subscribe.html")
            for lang, L in site.languages.items()]


def autodiscovery(site, lang: str, scope: Scope) -> list[dict]:
    title = channel_title(site, lang, scope)
    return [{"title": f"{title} ({fmt.label})", "type": fmt.mime, "url": feed_path(site, lang, scope, fmt)}
            for fmt in FORMATS]


def context(site, view, spec) -> None:
    kind, lang = spec.route.kind, spec.lang
    if kind in ("home", "subscribe"):
        view.data["feeds"] = autodiscovery(site, lang, Scope("all"))
    elif kind == "topic" or (kind == "unit" and has_news(site, spec.subject.id)):
        view.data["feeds"] = autodiscovery(site, lang, Scope(kind, spec.subject.id))
    if kind == "subscribe":
        view.data["subscribe"] = subscribe_data(site, lang)


def subscribe_data(site, lang: str) -> dict:
    base = site_url(site)
    ui = site.languages[lang].ui
    groups = {"all": [], "unit": [], "topic": []}
    for scope, depth in scopes(site):
        groups[scope.kind].append({
            "name": scope_name(site, lang, scope), "depth": depth,
            "page_url": site.router.url(page_route(scope), lang),
            "feeds": [{"label": fmt.label, "type": fmt.mime, "url": feed_path(site, lang, scope, fmt),
                       "absolute": urljoin(base, feed_path(site, lang, scope, fmt))} for fmt in FORMATS]})
    return {
        "formats": [fmt.label for fmt in FORMATS],
        "opml": [{"label": fmt.label, "url": opml_path(site, lang, fmt),
                  "absolute": urljoin(base, opml_path(site, lang, fmt))} for fmt in FORMATS],
        "groups": [{"id": "all", "title": ui.feed_whole, "rows": groups["all"]},
                   {"id": "units", "title": ui.units, "rows": groups["unit"]},
                   {"id": "topics", "title": ui.topics, "rows": groups["topic"]}],
    }


def post_build(site, config) -> None:
    start = time.perf_counter()
    written = FeedBuilder(site).write_all(Path(config.site_dir))
    log.debug(f"bulletin feeds: wrote {len(written)} files in {time.perf_counter() - start:.3f} s")
