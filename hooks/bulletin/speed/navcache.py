"""Render Material's primary navigation once per language and link depth (extension).

Material renders the whole navigation (home, units, topics, archive, pages) on every page: a
fifth of the build time. On a page that is not in the navigation (every article, most listing
pages) nothing in it is marked active, so it only depends on the language's nav, the site name
and home link given to that page, and the page's position relative to the nav's links (links
are relative). docs/overrides/partials/nav.html calls ``bl_primary_nav()``: it renders Material's
own partials/nav.html, and reuses the result for the next page with the same key. Pages listed
in the navigation are always rendered. The cache lives in the Jinja environment of one build.
"""

from __future__ import annotations

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, pass_context

THEME_PREFIX = "material-theme"
NAV_TEMPLATE = f"{THEME_PREFIX}/partials/nav.html"


def _parts(url: str) -> tuple:
    return tuple(p for p in url.split("/") if p and p != ".")


def _theme_dir(config) -> str | None:
    for d in config.theme.dirs:
        if d.rstrip("/").endswith("material/templates"):
            return d
    return None


def env(site, env) -> None:
    theme_dir = _theme_dir(site.config)
    if theme_dir is None:   # not Material: nothing to reuse
        return
    env.loader = ChoiceLoader([env.loader, PrefixLoader({THEME_PREFIX: FileSystemLoader(theme_dir)})])
    cache: dict = {}
    per_nav: dict = {}

    def nav_facts(nav, config) -> tuple:
        """(src_uris of the nav's pages, every prefix of every link the nav prints)."""
        facts = per_nav.get(id(nav))
        if facts is None:
            targets = [p.url for p in nav.pages]
            targets += [str(config.extra.get("homepage") or ""), str(config.theme.get("logo") or "")]
            prefixes = {()}
            for t in targets:
                parts = _parts(t)
                prefixes.update(parts[:i] for i in range(1, len(parts) + 1))
            facts = per_nav[id(nav)] = ({p.file.src_uri for p in nav.pages}, prefixes, nav)
        return facts

    @pass_context
    def bl_primary_nav(context) -> str:
        template = context.environment.get_template(NAV_TEMPLATE)
        page, nav, config = context.get("page"), context.get("nav"), context.get("config")
        if page is None or nav is None or config is None:
            return template.render(context.get_all())
        in_nav, prefixes, _keep = nav_facts(nav, config)
        if page.file.src_uri in in_nav or page.active and page.parent is not None:
            return template.render(context.get_all())
        # Relative links from this page to every target depend only on its depth and on the
        # longest leading part of its URL that a target shares.
        parts = _parts(page.url)
        k = max(i for i in range(len(parts) + 1) if parts[:i] in prefixes)
        key = (id(nav), len(parts), parts[:k], config.site_name, str(config.extra.get("homepage")))
        html = cache.get(key)
        if html is None:
            html = cache[key] = template.render(context.get_all())
        return html

    env.globals["bl_primary_nav"] = bl_primary_nav
