"""The MkDocs event handlers, each a few lines delegating to :class:`bulletin.site.sitegen.Site`.

Hook modules are loaded once and survive `mkdocs serve` rebuilds: all per-build state lives
in the ``Site`` object made anew in ``on_config``.
"""

from __future__ import annotations

import logging

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from ..speed import incremental, parallel_build, rendercache
from . import assets, csp, extensions, pictures, precompress, reproducible, sanitize, uistrings, whitespace
from .sitegen import Site

log = logging.getLogger("mkdocs.plugins.bulletin")
_state: dict = {"command": None, "dirty": False, "site": None, "content_scripts": set()}


def on_startup(*, command, dirty):
    _state["command"] = command
    _state["dirty"] = dirty
    if command == "serve" and dirty:
        incremental.quiet_dirty_warning()


def on_shutdown():
    # Hook modules outlive a command (tests build in one process): forget which command ran.
    _state["command"], _state["dirty"] = None, False


def on_config(config):
    site = Site(config, command=_state["command"])
    _state["site"] = site
    _state["content_scripts"] = set()
    site.original_names = (config.site_name, config.site_description)
    # `mkdocs serve --dirty`: rebuild only the pages an edit changed (bulletin.speed.incremental).
    site.incremental = incremental.Tracker(config.site_dir, active=_state["command"] == "serve" and _state["dirty"])
    # The language switcher and hreflang links (Material's `extra.alternate`) default to the
    # home pages; each page replaces them with its own counterparts in on_page_context.
    config.extra["alternate"] = site.home_alternates()
    # Material's localStorage scope as a fixed path, not one relative to each page: its inline
    # script is then the same on every page, and so is the Content-Security-Policy (the server
    # sends it as a header too: deploy/nginx/bantin.conf).
    config.extra.setdefault("scope", site.root_path)
    # gzip/brotli copies for a web server that sends them (extra.bulletin.precompress)
    try:
        site.precompress = precompress.formats_from(site.settings.extra.get("precompress"))
    except precompress.PrecompressError as exc:
        raise PluginError(f"mkdocs.yml: {exc}") from None
    return config


def on_pre_build(*, config):
    # Every article, registry and static file is validated here, before MkDocs empties the output
    # folder: a build with an error stops with the previous site still in place.
    _state["site"].load()


def on_files(files, *, config):
    site: Site = _state["site"]
    site.files = site.add_files(files)
    # Fingerprinted names for the site's own CSS/JS; Material's script without its sitemap requests.
    try:
        site.asset_names = assets.apply(config, site.files)
    except assets.AssetError as exc:
        raise PluginError(str(exc)) from None
    site.incremental.watch(site.files)
    return site.files


def on_nav(nav, *, config, files):
    site: Site = _state["site"]
    nav = site.build_navs(nav, files)
    # `mkdocs build`: worker processes read a share of the pages (bulletin.speed.parallel_build).
    parallel_build.start_reading(site, config, files, _state["command"], _state["dirty"], _state["content_scripts"])
    return nav


def on_page_markdown(markdown, *, page, config, files):
    site: Site = _state["site"]
    if site.readers.is_delegated(page):   # read by a worker process (bulletin.speed.parallel)
        return markdown
    spec = site.spec_for(page)
    if spec is not None:
        page.meta["template"] = spec.template
        # Material prints page.title unescaped (header, navigation, footer): give it escaped markup.
        page.title = Markup(escape(spec.title))
        if spec.entry is not None:   # the article's summary as <meta name="description">
            page.meta["description"] = Markup(escape(site.summary_for(spec)))
    page.meta["lang"] = spec.lang if spec is not None else site.lang_of(page.file.src_uri)
    # MkDocs dates pages with the build day (the gzip stamp of sitemap.xml.gz): use the content's.
    page.update_date = reproducible.content_date(site)
    if _state["command"] == "serve":
        rendercache.install(page)   # reuse the Markdown HTML of unchanged pages across rebuilds
    elif not markdown.strip():
        rendercache.skip_empty(page)
    return markdown


def _view_of(site: Site, page):
    """What the templates of *page* receive as ``bulletin``."""
    spec = site.spec_for(page)
    view = site.view.for_generated(spec, page) if spec else site.view.for_handwritten(page, site.files)
    if spec is not None:
        extensions.call("context", site, view, spec)
    return view


@event_priority(-50)
def on_page_context(context, *, page, config, nav):
    site: Site = _state["site"]
    if site.workers.is_delegated(page):   # rendered by a worker process (bulletin.speed.parallel)
        return context
    spec = site.spec_for(page)
    site.incremental.start_page()   # records the items this page shows (ViewFactory.card)
    if spec is not None and spec.entry is not None:
        site.incremental.touch(spec.entry.key)
    view = _view_of(site, page)
    context["bulletin"] = view
    context["nav"] = site.navs[view.lang]
    # Material prints the site name and description from the config: give it this page's language.
    config.site_name = view.language.site_name
    config.site_description = view.language.site_description
    # hreflang links must be absolute (search engines ignore relative ones); the language selector
    # (partials/alternate.html) keeps the relative addresses of view.alternates.
    config.extra["alternate"] = [{"name": a["name"], "link": site.absolute(a["url"]), "lang": a["lang"]}
                                 for a in view.alternates]
    config.extra["homepage"] = view.home_url
    site.incremental.end_page(page, view)
    return context


def on_page_content(html, *, page, config, files):
    if _state["site"].readers.is_delegated(page):
        return html
    # Raw HTML of article bodies is reduced to an allow-list unless trusted (bulletin.site.sanitize).
    html = sanitize.page_html(_state["site"], page, html)
    # Pictures sized from their files, lazy below the first (bulletin.site.pictures).
    html = pictures.page_html(_state["site"], page, html)
    # Inline scripts of any page body never get a CSP hash, wherever a template repeats them.
    _state["content_scripts"].update(csp.inline_scripts(html))
    if _state["command"] != "serve":
        rendercache.release_source(page)
    return html


@event_priority(-100)   # after every other hook changed the page: hash its final inline scripts
def on_post_page(output, *, page, config):
    site: Site = _state["site"]
    if site.workers.is_delegated(page):
        return output
    output = csp.fill(whitespace.compact(output), page.content, _state["content_scripts"])
    extensions.call("page_built", site, page, output)
    return output


@event_priority(-100)
def on_post_template(output_content, *, template_name, config):
    if template_name.endswith(".html"):
        output_content = whitespace.compact(output_content)
    return csp.fill(output_content, None, _state["content_scripts"])


def on_env(env, *, config, files):
    # No blank lines and indentation from template tags in the pages written (a quarter of an
    # article page's bytes); set before any template is compiled. Words and markup are unchanged.
    env.trim_blocks = env.lstrip_blocks = True
    parallel_build.finish_reading(_state["site"], files, _state["content_scripts"])
    csp.env(_state["site"], env)
    assets.env(_state["site"].asset_names, env)
    env.filters["bl_absolute"] = _state["site"].absolute    # hreflang and feed links: full addresses
    uistrings.env(env)   # Material's interface strings, looked up once per language and key
    # Extensions may give templates helpers (env.globals), e.g. for sitemap.xml and 404.html,
    # which MkDocs renders without a page.
    extensions.call("env", _state["site"], env)
    # Every page has been read: decide which pages an incremental preview must rebuild.
    site: Site = _state["site"]
    site.incremental.plan(site, config, files, _state["content_scripts"],
                          lambda page: incremental.view_digest(_view_of(site, page)))
    incremental.keep_compiled_templates(site.incremental, env)
    parallel_build.start_rendering(site, config, files, env, _state["command"], _state["dirty"])
    return env


def on_post_build(*, config):
    site: Site = _state["site"]
    done_by_workers = parallel_build.finish_rendering(site)
    extensions.call("post_build", site, config, skip=done_by_workers)
    site.incremental.finish(site.files)
    if site.precompress:
        written = precompress.precompress(config.site_dir, site.precompress)
        removed = precompress.remove_orphans(config.site_dir)
        log.info("precompressed %d files (%s)%s", written, ", ".join(site.precompress),
                 f"; {removed} stale copies removed" if removed else "")
    config.site_name, config.site_description = site.original_names
    config.extra["alternate"] = site.home_alternates()
    config.extra.pop("homepage", None)


def on_build_error(*, error):
    if _state["site"] is not None:
        parallel_build.abandon(_state["site"])


def on_serve(server, *, config, builder):
    return server
