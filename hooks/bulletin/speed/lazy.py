"""Pages on request: MkDocs' own build, split so that a page is read and rendered only when asked for.

:class:`LazySite` runs the steps of ``mkdocs.commands.build.build`` that come before the page loop
(``on_config``, the files, ``on_files``, the navigation, ``on_nav``, ``on_env``: the catalog, every
address, the navigations, the Jinja environment), with the same hooks and templates. A page is then
read, converted (``_populate_page``) and rendered (``_build_page``) by MkDocs' own functions when
:meth:`LazySite.get` is asked for its address, and kept until an edit concerns it.

A full build reads every page before rendering any: here the pages that others show are read
first (the navigation's pages: their titles), and the pages whose text may hold an inline script
(each page's Content-Security-Policy excludes them); any other page's ``content`` is read at the
moment something asks for it (a digest shows the month's article bodies).

After a save, :meth:`patch` takes in the edited article files when every item keeps its place
(the usual edit: its text, title, summary, bylines…): only that item's files are read again, and
only the pages that showed it are forgotten. Anything else rebuilds the model (:meth:`build`;
unchanged articles come from the loader's memo, not parsed again).
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

from mkdocs.commands import build as mkbuild
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from ..content.catalog import build_catalog
from ..content.loader import parse_file_name
from ..content.routes import Route
from ..content.translations import load_articles
from ..site import events
from . import incremental

log = logging.getLogger("mkdocs.plugins.bulletin")

ERROR_PAGE = "404.html"


class LazyPage(Page):
    """A page whose ``content`` is read and converted the first time something asks for it."""

    @property
    def content(self):
        value = self.__dict__.get("content")
        if value is None and not self.__dict__.get("_bl_read", False):
            lazy = self.__dict__.get("_bl_site")
            if lazy is not None:
                lazy.read_page(self)
                value = self.__dict__.get("content")
        return value

    @content.setter
    def content(self, value) -> None:
        self.__dict__["content"] = value


class LazyFile(File):
    """A generated page's file, whose Page object is made the first time something asks for it."""

    @property
    def page(self):
        page = self.__dict__.get("page")
        if page is None and "_bl_make" in self.__dict__:
            lazy, config = self.__dict__.pop("_bl_make")
            page = Page(None, self, config)   # sets self.page
            page.__class__ = LazyPage
            page._bl_site = lazy
        return page

    @page.setter
    def page(self, value) -> None:
        self.__dict__["page"] = value


class Memo(dict):
    """The loader's memo (file path -> parse; validated items), which counts the files it is given
    while a model is made, so that a long first start can say how far it is."""

    EVERY = 2000

    def __init__(self, *args):
        super().__init__(*args)
        self.progress = None
        self.added = 0

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        if self.progress is not None and isinstance(key, str) and not key.startswith("\0"):
            self.added += 1
            if self.added % self.EVERY == 0:
                self.progress(self.added)

    def __reduce__(self):   # saved as a plain dict
        return (dict, (dict(self),))


class Recorder(incremental.Tracker):
    """The build's tracker, inactive (every file is written), that records the items each rendered
    page shows and hands the loader a memo kept between models (and restarts)."""

    def __init__(self, site_dir: str, memo: dict | None):
        super().__init__(site_dir, active=False)
        self.memo = memo
        self.shown: dict[str, set] = {}

    def store(self, kind: str):
        return self.memo if kind == "articles" else None

    def start_page(self) -> None:
        self.touched = set()

    def end_page(self, page, view) -> None:
        if self.touched is not None:
            self.shown[page.file.src_uri] = self.touched
        self.touched = None


class LazySite:
    def __init__(self, config_file: str, serve_url: str, scratch: Path, memo: dict | None = None,
                 config_overrides: dict | None = None):
        self.config_file = str(config_file)
        self.serve_url = serve_url
        self.scratch = Path(scratch)          # MkDocs writes a page here; it is read back at once
        self.memo = Memo(memo or {})
        self.overrides = config_overrides or {}
        self.lock = threading.RLock()
        self.outputs: dict[str, bytes] = {}   # site-relative path -> bytes rendered for this model
        self.shown: dict[str, set] = {}       # site-relative path -> keys of the items the page showed
        self.ready = False
        self.stats = {"models": 0, "patches": 0, "rendered": 0}

    # -- the model -------------------------------------------------------------------------------
    def build(self, progress=lambda text: None) -> None:
        """Everything MkDocs' build does before reading the pages. On an error the previous model
        (if any) stays as it was, and the error is raised."""
        with self.lock:
            saved = dict(events._state)
            try:
                self._build(progress)
            except BaseException as exc:
                if not isinstance(exc, KeyboardInterrupt):
                    events.on_build_error(error=exc)
                events._state.clear()     # the hooks' state of the model still served
                events._state.update(saved)
                raise
            self.outputs.clear()
            self.shown.clear()
            self.ready = True
            self.stats["models"] += 1

    def _build(self, progress) -> None:
        cfg = load_config(config_file=self.config_file, site_dir=str(self.scratch), **self.overrides)
        cfg.site_url = self.serve_url
        cfg.plugins.on_startup(command="serve", dirty=False)   # as `mkdocs serve` (without --dirty)
        cfg = cfg.plugins.on_config(cfg)
        site = events._state["site"]
        recorder = site.incremental = Recorder(cfg.site_dir, self.memo)
        progress("đọc bài — reading the articles")
        self.memo.added = 0
        self.memo.progress = lambda n: progress(f"  {n:,} tệp đã đọc — files read")
        try:
            cfg.plugins.on_pre_build(config=cfg)
        finally:
            self.memo.progress = None
        files = mkbuild.get_files(cfg)
        env = cfg.theme.get_env()
        files.add_files_from_theme(env, cfg)
        files = cfg.plugins.on_files(files, config=cfg)
        mkbuild.set_exclusions(files, cfg)
        cat = site.catalog
        progress(f"{len(cat.entries) + len(cat.withheld):,} bài — items; {len(site.pages):,} trang sinh ra — generated pages")
        # MkDocs makes a Page object for every file in get_navigation; a generated page (thousands
        # of them) gets it when something first asks for it (LazyFile). The navigation made from
        # the other files is the same: generated pages are not in it (the hooks add their own).
        nav = get_navigation(Files([f for f in files if f.generated_by is None]) if cfg.nav is None else files, cfg)
        nav = cfg.plugins.on_nav(nav, config=cfg, files=files)
        docs = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for file in docs:
            if file.page is None:
                file.__class__ = LazyFile
                file._bl_make = (self, cfg)
            else:
                file.page.__class__ = LazyPage
                file.page._bl_site = self
        new = _Model(cfg, site, files, nav, env, docs, recorder)
        old, self.model = getattr(self, "model", None), new
        try:
            # What a full build has read before any template: the pages of the navigations (their
            # titles), and every page whose text may hold an inline script (the CSP leaves them out).
            for lang_nav in list(site.navs.values()) + [nav]:
                for page in lang_nav.pages:
                    self.read_page(page)
            for file in docs:
                if _may_hold_script(file):
                    self.read_page(file.page)
            new.env = cfg.plugins.on_env(env, config=cfg, files=files)
        except BaseException:
            self.model = old
            raise
        new.after_env = (cfg.site_name, cfg.site_description, list(cfg.extra.get("alternate") or []),
                         "homepage" in cfg.extra, cfg.extra.get("homepage"))
        progress(f"điều hướng — navigation: {len(docs):,} trang — pages")

    def read_page(self, page) -> None:
        """MkDocs' reading and converting of one page (``_populate_page``), once per model."""
        if page.__dict__.get("_bl_read"):
            return
        m = self.model
        page.__dict__["_bl_read"] = True
        current = m.config._current_page
        try:
            mkbuild._populate_page(page, m.config, m.files)
        except BaseException:
            page.__dict__["_bl_read"] = False
            raise
        finally:
            m.config._current_page = current

    # -- serving ---------------------------------------------------------------------------------
    def lookup(self, rel: str):
        """What the preview serves at *rel* (a site-relative file path): ("bytes", data),
        ("file", absolute path) for a static file, or None when the model does not make it
        (feeds, the search index… : bulletin.speed.derived)."""
        with self.lock:
            got = self.outputs.get(rel)
            if got is not None:
                return ("bytes", got)
            m = self.model
            file = m.by_dest.get(rel)
            if file is not None:
                if file.is_documentation_page():
                    data = self._render(file)
                    return ("bytes", data) if data is not None else None
                if file.abs_src_path is not None and not file.generated_by:
                    return ("file", file.abs_src_path)
                return ("bytes", file.content_bytes)
            if rel in m.templates:
                data = self._render_template(rel)
                return ("bytes", data) if data is not None else None
            return None

    def _render(self, file) -> bytes | None:
        m = self.model
        page = file.page
        self.read_page(page)
        dest = Path(file.abs_dest_path)
        try:
            mkbuild._build_page(page, m.config, m.docs, m.nav, m.env, excluded=file.inclusion.is_excluded())
            data = dest.read_bytes() if dest.exists() else None
        finally:
            if dest.exists():
                dest.unlink()
            m.site.search_texts.clear()
        self.stats["rendered"] += 1
        shown = m.recorder.shown.pop(file.src_uri, set())
        if data is not None:
            self.outputs[file.dest_uri] = data
            self.shown[file.dest_uri] = shown
        return data

    def _render_template(self, rel: str) -> bytes | None:
        m = self.model
        cfg = m.config
        name, desc, alternate, has_home, home = m.after_env
        cfg.site_name, cfg.site_description = name, desc
        cfg.extra["alternate"] = alternate
        if has_home:
            cfg.extra["homepage"] = home
        else:
            cfg.extra.pop("homepage", None)
        out = Path(cfg.site_dir, rel)
        try:
            if rel in cfg.theme.static_templates:
                mkbuild._build_theme_template(rel, m.env, m.files, cfg, m.nav)
            else:
                mkbuild._build_extra_template(rel, m.files, cfg, m.nav)
            data = out.read_bytes() if out.exists() else None
        finally:
            for p in (out, Path(str(out) + ".gz")):
                if p.exists():
                    p.unlink()
        if data is not None:
            self.outputs[rel] = data
        return data

    # -- after a save ----------------------------------------------------------------------------
    def patch(self, paths: list[Path]) -> str | bool:
        """Take in edited article files (existing ones, not added or deleted): "patched" when every
        item they belong to keeps its place (only the pages that showed it are forgotten), "moved"
        when an item changed its place (:meth:`_move`); False when the model must be rebuilt
        instead. Raises the
        build's error (PluginError) when the files have problems: the model is then unchanged."""
        with self.lock:
            m = self.model
            site = m.site
            s = site.settings
            codes = list(site.languages)
            keys = set()
            for path in paths:
                try:
                    inside = Path(path).resolve().relative_to(s.articles_path.resolve()).as_posix()
                except ValueError:
                    return False
                key, _lang, error = parse_file_name(inside, codes)
                if error or key is None:
                    return False
                keys.add(key)
            held = {e.key: e for e in list(site.catalog.entries) + list(site.catalog.withheld)}
            if any(k not in held for k in keys):
                return False
            group = []
            for key in sorted(keys):
                original = held[key].original
                for article in held[key].versions.values():
                    group.append(s.root / article.path)
                if s.root / original.path not in group:
                    group.append(s.root / original.path)
            for path in paths:
                if Path(path).resolve() not in {g.resolve() for g in group}:
                    return False   # a language file the item did not have (a draft translation…)
            result = load_articles(s.root, s.articles_path, site.registry, site.languages, s.tz,
                                   memo=self.memo, paths=group)
            if result.problems:
                for p in sorted(result.problems):
                    log.error(str(p))
                raise PluginError(f"{len(result.problems)} problem(s) in "
                                  f"{len({p.path for p in result.problems})} article file(s); the preview "
                                  "still shows the last good version. Fix them (see the messages above).")
            fresh = build_catalog(result.articles, site.registry, codes, s.current_time(), s.preview)
            new = {e.key: e for e in list(fresh.entries) + list(fresh.withheld)}
            if set(new) != keys or fresh.problems:
                return False
            if any(_place(new[k]) != _place(held[k]) for k in keys):
                if not s.preview or any(_scripted(new[k]) or _scripted(held[k]) for k in keys):
                    return False
                self._move(keys, result)
                return "moved"
            problems = site.check_links(entries=list(new.values()))
            if problems:
                for p in sorted(problems):
                    log.error(str(p))
                raise PluginError(f"{len(problems)} problem(s) in article links; the preview still shows "
                                  "the last good version.")
            for w in result.warnings:
                log.info(str(w))
            for key in keys:
                old, entry = held[key], new[key]
                old.original, old.versions = entry.original, entry.versions
                for lang in site.languages:
                    src = site.router.src_uri(Route("article", (old.path,)), lang)
                    spec = site.pages.get(src)
                    file = m.files.get_file_from_path(src)
                    if spec is None or file is None:
                        continue
                    article = old.version(lang)
                    spec.title = article.title if article else old.original.title
                    file.content_string = site.markdown_for(spec)
                    page = Page(None, file, m.config)
                    page.__class__ = LazyPage
                    page._bl_site = self
                    site.view._cards.pop((key, lang), None)
            for rel in [r for r, shown in self.shown.items() if shown & keys]:
                del self.outputs[rel]
                del self.shown[rel]
            for rel in m.templates:
                self.outputs.pop(rel, None)
            self.stats["patches"] += 1
            return "patched"

    def _move(self, keys: set, result) -> None:
        """Items that changed their place (date, unit, topics, state, address): the catalog, the
        pages and their files are made again from the articles already read (and the new versions
        of *keys*); the navigation, the templates and every other file stay. Everything rendered is
        forgotten. On a problem (two items at one address, a link to a page that no longer exists)
        the model is left as it was and the build's error is raised."""
        m = self.model
        site, cfg, files = m.site, m.config, m.files
        s = site.settings
        old_catalog, old_pages, old_targets = site.catalog, site.pages, site._link_targets
        articles = [a for e in list(old_catalog.entries) + list(old_catalog.withheld) if e.key not in keys
                    for a in e.versions.values()] + list(result.articles)
        try:
            catalog = build_catalog(articles, site.registry, list(site.languages), s.current_time(), s.preview)
            site.catalog = catalog
            site.plan_pages()
            problems = sorted(catalog.problems + site.check_links())
            if problems:
                for p in problems:
                    log.error(str(p))
                raise PluginError(f"{len(problems)} problem(s) in {len({p.path for p in problems})} article "
                                  "file(s); the preview still shows the last good version.")
        except BaseException:
            site.catalog, site.pages, site._link_targets = old_catalog, old_pages, old_targets
            raise
        for w in result.warnings:
            log.info(str(w))
        # The files in the order a build makes them: MkDocs' and the theme's, the generated pages
        # (in the order of site.pages), then what the hooks added after them.
        items = list(files)
        first = next((i for i, f in enumerate(items) if f.src_uri in old_pages), len(items))
        nav_pages = {id(p) for nav in site.navs.values() for p in nav.pages}
        generated = []
        for src, spec in site.pages.items():
            file = files.get_file_from_path(src) if src in old_pages else None
            if file is None:
                file = File.generated(cfg, src, content=site.markdown_for(spec), inclusion=InclusionLevel.NOT_IN_NAV)
            elif spec.entry is not None and spec.entry.key in keys:
                file.content_string = site.markdown_for(spec)
            page = file.__dict__.get("page") if isinstance(file, LazyFile) else file.page
            if page is None or id(page) not in nav_pages:
                file.__dict__["page"] = None
                file.__class__ = LazyFile
                file._bl_make = (self, cfg)
            generated.append(file)
        order = items[:first] + generated + [f for f in items[first:] if f.src_uri not in old_pages]
        for file in items:
            files.remove(file)
        for file in order:
            files.append(file)
        m.docs = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        m.by_dest = {f.dest_uri: f for f in files if f.inclusion.is_in_serve()}
        site.__dict__.pop("view", None)      # cards and views of the old catalog
        # Hand-written pages may link to generated ones: they are read again.
        for file in m.docs:
            page = file.__dict__.get("page") if isinstance(file, LazyFile) else file.page
            if file.generated_by is None and page is not None and page.__dict__.get("_bl_read"):
                page.__dict__["_bl_read"] = False
                page.__dict__["content"] = None
                if id(page) in nav_pages:
                    self.read_page(page)
        self.outputs.clear()
        self.shown.clear()
        self.stats["moves"] = self.stats.get("moves", 0) + 1


class _Model:
    def __init__(self, config, site, files, nav, env, docs, recorder):
        self.config, self.site, self.files, self.nav, self.env, self.docs = config, site, files, nav, env, docs
        self.recorder = recorder
        self.by_dest = {f.dest_uri: f for f in files if f.inclusion.is_in_serve()}
        self.templates = [t for t in list(config.theme.static_templates) + list(config.extra_templates)
                          if not t.endswith(".gz")]
        self.after_env = None


def _place(entry) -> tuple:
    """What an item's place in the site is made of: if any of it changes, listings, pagination,
    neighbours, archives, the sitemap and feeds may change and the model is rebuilt."""
    return (entry.key, entry.state, entry.path, entry.date, entry.unit, tuple(entry.topics),
            tuple(sorted(entry.versions)), entry.id, entry.original.timestamp, _scripted(entry))


_SCRIPT = re.compile(r"<script", re.I)


def _scripted(entry) -> bool:
    return any(_SCRIPT.search(a.body) is not None for a in entry.versions.values())


def _may_hold_script(file) -> bool:
    try:
        text = file.content_string
    except (OSError, UnicodeDecodeError):
        return True
    return _SCRIPT.search(text) is not None
