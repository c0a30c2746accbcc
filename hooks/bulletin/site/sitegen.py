"""Turn the catalog into MkDocs pages: generated files, per-language navigation, page context.

:class:`Site` is created once per build by the hooks (``on_config``) and answers each MkDocs
event with plain data; the presentation lives in the templates of ``docs/overrides``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from ..content import assets, datafiles, integrity, settings as settings_mod, unitpages
from ..content.catalog import build_catalog, Catalog, Entry
from ..content.i18n import Language
from ..content.model import Problem
from ..content.routes import Route, Router
from ..content.translations import load_articles
from ..speed import incremental, parallel
from . import extensions
from .listings import Pager, paginate

log = logging.getLogger("mkdocs.plugins.bulletin")


@dataclass
class PageSpec:
    """What one generated page shows."""

    route: Route
    lang: str
    title: str
    template: str
    entry: Entry | None = None
    pager: Pager | None = None
    subject: object = None            # Unit, Topic, (year,) or (year, month)
    data: dict = field(default_factory=dict)


class Site:
    def __init__(self, config, *, command: str | None = None):
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        self.settings_problems: list[Problem] = []
        try:
            self.settings = settings_mod.from_mapping((config.extra or {}).get("bulletin"), root)
        except settings_mod.SettingsError as exc:
            if exc.settings is None:
                raise PluginError(f"mkdocs.yml: {exc}") from None
            # reported in load() with every other problem; the others settings still apply
            self.settings = exc.settings
            self.settings_problems = [Problem("mkdocs.yml", None, "", m) for m in exc.messages]
        if command == "serve":
            self.settings.preview = True
        # Registries and UI strings: every problem is kept and reported with the articles' in load().
        data = datafiles.load(self.settings)
        self.registry = data.registry
        self.languages: dict[str, Language] = data.languages
        self.data_problems: list[Problem] = data.problems
        self.default_lang = self.settings.default_language
        self.router = Router(self.languages)
        self.config = config
        self.pages: dict[str, PageSpec] = {}
        self.unit_pages: frozenset[str] = frozenset()   # units with a page of their own (content.unitpages)
        self.navs: dict[str, Navigation] = {}
        self.catalog: Catalog | None = None
        self.load_result = None
        self._link_targets = None   # the addresses links are checked against (check_links)
        self.published_static: set[str] = set()   # files of docs/ to publish (check_links)
        self.search_texts: dict[str, str] = {}   # src_uri -> text of a built article page (bulletin.search.extension)
        # Worker processes of a parallel `mkdocs build` (bulletin.speed.parallel): reading Markdown, rendering pages.
        self.readers = parallel.Workers()
        self.workers = parallel.Workers()
        self.incremental = incremental.Tracker(config.site_dir, active=False)   # see events.on_config
        self.precompress: tuple[str, ...] = ()  # formats of the compressed copies (bulletin.site.precompress)
        self.asset_names: dict[str, str] = {}    # asset uri -> the fingerprinted uri written (bulletin.site.assets)

    # -- loading ---------------------------------------------------------------------------
    def load(self) -> Catalog:
        s = self.settings
        if not s.articles_path.is_dir():
            raise PluginError(f"articles folder not found: {s.articles_path} (extra.bulletin.articles_dir)")
        result = load_articles(s.root, s.articles_path, self.registry, self.languages, s.tz,
                               memo=self.incremental.store("articles"))
        catalog = build_catalog(result.articles, self.registry, s.languages, s.current_time(), s.preview,
                                s.unit_lineage)
        self.catalog = catalog
        problems = self.settings_problems + self.data_problems + result.problems + catalog.problems
        docs, label = Path(self.config.docs_dir), _rel(Path(self.config.docs_dir), s.root)
        # Addresses are computed even when a UI-string file has errors (a missing URL word takes the
        # first language's), so links and hand-written pages are checked in the same run.
        self.plan_pages()   # every address of the site, for the link check
        problems += self.check_links()
        generated = {uri[: -len("index.md")]: (f"the article {spec.entry.original.path}" if spec.route.kind == "article"
                                               else f"a generated page ({spec.route.kind})")
                     for uri, spec in self.pages.items()}
        problems += integrity.check_docs(docs, label, generated)
        problems = sorted(problems)
        for w in result.warnings:
            log.info(str(w))
        held = [f"{e.original.path} ({e.state})" for e in catalog.withheld]
        if not s.preview:   # a draft translation: its page says "not translated yet"
            held += [f"{a.path} (draft translation)" for a in result.articles if a.is_translation and a.draft]
        if held:
            log.info("Not published in this build: " + ", ".join(held))
        if problems:
            for p in problems:
                log.error(str(p))
            raise PluginError(f"{len(problems)} problem(s) in {len({p.path for p in problems})} file(s); "
                              "nothing was published. Fix them (see the messages above, or run `bulletin check`).")
        self.load_result = result
        self.catalog = catalog
        return catalog

    def check_links(self, entries=None) -> list[Problem]:
        """Links and pictures of the articles (or of *entries*, against the addresses of the last
        full check) that would not resolve in this build (bulletin.content.integrity). A full check
        also decides which files of docs/ are published: docs/assets/ and what a published page uses."""
        cat = self.catalog
        docs = Path(self.config.docs_dir)
        if entries is None or self._link_targets is None:
            self._link_targets = integrity.targets_for(cat, self.router, self.languages, self.registry,
                                                       docs, self.settings.preview,
                                                       extra_pages=[uri[: -len("index.md")] for uri in self.pages],
                                                       site_url=self.config.site_url)
        if entries is None:
            entries = cat.entries + (cat.withheld if self.settings.preview else [])
            self.published_static = assets.published_files(
                sorted(self._link_targets.files),
                integrity.referenced_files(entries, self.languages, self._link_targets, docs))
        return integrity.check_articles(entries, self.languages, self._link_targets)

    # -- files -----------------------------------------------------------------------------
    def add_files(self, files: Files) -> Files:
        if not self.pages:
            self.plan_pages()
        docs = Path(self.config.docs_dir).resolve()
        for f in list(files):   # a file of docs/ that no published page references is not published
            if (not f.is_documentation_page() and f.abs_src_path and not f.generated_by
                    and docs in Path(f.abs_src_path).resolve().parents
                    and f.src_uri not in self.published_static):
                files.remove(f)
        for src_uri, spec in self.pages.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                raise PluginError(f"docs/{src_uri} collides with a generated page ({spec.route.kind}); "
                                  "rename or remove the hand-written file")
            content = self.markdown_for(spec)
            files.append(File.generated(self.config, src_uri, content=content,
                                        inclusion=InclusionLevel.NOT_IN_NAV))
        return files

    def markdown_for(self, spec: PageSpec) -> str:
        if spec.route.kind == "article":
            article = spec.entry.version(spec.lang)
            # A leading newline keeps a body that starts with '---' from being read as front matter.
            return "\n" + article.body if article is not None else ""
        return ""

    def plan_pages(self) -> None:
        cat = self.catalog
        s = self.settings
        self.pages = {}
        # a unit without news has no page: its entry on the units index stands for it (content.unitpages)
        self.unit_pages = unitpages.with_pages(self.registry, cat)
        for lang, L in self.languages.items():
            ui = L.ui
            for entry in cat.entries:
                article = entry.version(lang)
                title = article.title if article else entry.original.title
                self._add(PageSpec(Route("article", (entry.path,)), lang, title, "article.html", entry=entry))
            for pager in paginate(cat.entries, s.home_count, s.older_per_page):
                self._add(PageSpec(Route("home", (), pager.page), lang, ui.home if pager.page is None
                                   else ui.fmt("page_n", n=pager.page), "listing.html", pager=pager))
            self._add(PageSpec(Route("units"), lang, ui.units_title, "units.html"))
            for uid, unit in self.registry.units.items():
                if uid not in self.unit_pages:
                    continue
                for pager in paginate(cat.by_unit[uid], s.per_page, s.older_per_page):
                    self._add(PageSpec(Route("unit", (uid,), pager.page), lang, unit.name.get(lang),
                                       "listing.html", pager=pager, subject=unit))
            self._add(PageSpec(Route("topics"), lang, ui.topics_title, "topics.html"))
            for tid, topic in self.registry.topics.items():
                for pager in paginate(cat.by_topic[tid], s.per_page, s.older_per_page):
                    self._add(PageSpec(Route("topic", (tid,), pager.page), lang, topic.name.get(lang),
                                       "listing.html", pager=pager, subject=topic))
            self._add(PageSpec(Route("archive"), lang, ui.archive_title, "archive.html"))
            years = sorted({y for (y, _m) in cat.by_month}, reverse=True)
            for year in years:
                self._add(PageSpec(Route("year", (year,)), lang, L.date(_first_day(year, 1), "year"),
                                   "archive.html", subject=(year,)))
            for (year, month), items in cat.by_month.items():
                self._add(PageSpec(Route("month", (year, month)), lang, L.date(_first_day(year, month), "month"),
                                   "listing.html", pager=Pager(None, items, None, None, 0),
                                   subject=(year, month)))
        for specs in extensions.call("plan", self):
            for spec in specs:
                self._add(spec)

    def unit_url(self, unit_id: str, lang: str) -> str:
        """Where a link to a unit leads: its page, else its entry on the units index."""
        return unitpages.url(self.router, self.unit_pages, unit_id, lang)

    def _add(self, spec: PageSpec) -> None:
        self.pages[self.router.src_uri(spec.route, spec.lang)] = spec

    # -- navigation ------------------------------------------------------------------------
    def build_navs(self, nav: Navigation, files: Files) -> Navigation:
        """One navigation per language: home, units, topics, archive, then hand-written pages."""
        for lang, L in self.languages.items():
            ui = L.ui

            def page(route: Route, title: str | None = None) -> Page:
                f = files.get_file_from_path(self.router.src_uri(route, lang))
                spec = self.pages[f.src_uri]
                return f.page or Page(title or spec.title, f, self.config)

            units_children = [page(Route("units"), ui.units_title)]
            # only the top of the registry (units marked `menu: true`): every page carries the
            # menu, so its size must not grow with the registry; the units index has the rest
            for unit in self.registry.menu_units():
                units_children.append(page(Route("unit", (unit.id,))))
            topics_children = [page(Route("topics"), ui.topics_title)]
            topics_children += [page(Route("topic", (tid,))) for tid in self.registry.topics]
            items = [
                page(Route("home")),
                Section(ui.units, units_children),
                Section(ui.topics, topics_children),
                page(Route("archive")),
                *([page(Route("subscribe"))] if self.router.src_uri(Route("subscribe"), lang) in self.pages else []),
                *self._handwritten(nav.items, lang),
            ]
            _set_parents(items, None)
            lang_nav = Navigation(items, [p for p in _pages(items)])
            lang_nav.homepage = page(Route("home"))
            self.navs[lang] = lang_nav
        return self.navs[self.default_lang]

    def _handwritten(self, items, lang: str) -> list:
        out = []
        for item in items:
            if isinstance(item, Page):
                if item.file.inclusion.is_in_nav() and self.lang_of(item.file.src_uri) == lang:
                    out.append(item)
            elif isinstance(item, Section):
                children = self._handwritten(item.children, lang)
                if not children:
                    continue
                is_lang_root = all(self.lang_of(p.file.src_uri) == lang for p in _pages(item.children)) and \
                    any(p.file.src_uri.count("/") == 1 and p.file.src_uri.startswith(self.languages[lang].prefix)
                        for p in _pages(item.children)) and self.languages[lang].prefix
                if is_lang_root:
                    out.extend(children)   # the en/ folder itself is not a section
                else:
                    index = next((c for c in children if isinstance(c, Page) and c.is_index), None)
                    title = (index.title or _source_title(index)) if index is not None else None
                    out.append(Section(title or item.title, children))
            elif isinstance(item, Link):
                out.append(item)
        return out

    def home_alternates(self) -> list[dict]:
        """Material's ``extra.alternate`` for templates without a page (404.html): absolute links."""
        return [{"name": L.name, "link": self.absolute(self.router.url(Route("home"), code)), "lang": code}
                for code, L in self.languages.items()]

    def absolute(self, url: str) -> str:
        """*url* (relative to the site's root, as MkDocs gives page URLs) as a full address under
        ``site_url``; unchanged without a site_url."""
        base = self.config.site_url
        if not base or "://" in url:
            return url
        return base.rstrip("/") + "/" + url.lstrip("/")

    @property
    def root_path(self) -> str:
        """The site's path on its server: "/" or, for e.g. https://host/bantin/, "/bantin/"."""
        from urllib.parse import urlsplit
        path = urlsplit(self.config.site_url or "").path or "/"
        return path if path.endswith("/") else path + "/"

    # -- per page --------------------------------------------------------------------------
    def lang_of(self, src_uri: str) -> str:
        for code, L in self.languages.items():
            if L.prefix and src_uri.startswith(L.prefix):
                return code
        return self.default_lang

    def summary_for(self, spec: PageSpec) -> str:
        """Summary of an article page in its language (the original's when not translated)."""
        article = spec.entry.version(spec.lang) or spec.entry.original
        return article.summary

    def spec_for(self, page: Page) -> PageSpec | None:
        return self.pages.get(page.file.src_uri)

    @cached_property
    def view(self):
        from .views import ViewFactory
        return ViewFactory(self)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _first_day(year: int, month: int):
    import datetime as dt
    return dt.date(year, month, 1)


def _pages(items):
    for item in items:
        if isinstance(item, Page):
            yield item
        elif isinstance(item, Section):
            yield from _pages(item.children)


def _source_title(page: Page) -> str | None:
    """A page's own title before MkDocs reads it (navigation comes first): ``title:`` of its front
    matter, else its first heading — so a section is named "Hướng dẫn biên tập", not the folder's
    ASCII name ("Huong dan")."""
    try:
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
    except (OSError, TypeError, UnicodeDecodeError):
        return None
    markdown, meta = get_data(source)
    title = meta.get("title") if isinstance(meta.get("title"), str) else None
    if not title:
        heading = next((line for line in markdown.splitlines() if line.strip()), "")
        title = heading[2:].strip() if heading.startswith("# ") else None
    return title or None


def _set_parents(items, parent) -> None:
    for item in items:
        item.parent = parent
        if isinstance(item, Section):
            _set_parents(item.children, item)
