"""The 404 page, in every language at once.

MkDocs renders a single 404.html from the theme (docs/overrides/404.html), without a page, and
static hosts serve that one file for every missing path. It therefore carries a section per
language (each with its own ``lang``); docs/assets/bl-404.js, a same-origin script, puts the
section of the language of the requested path first and sets ``<html lang>`` accordingly.
"""

from __future__ import annotations

from ..content.routes import Route


def env(site, env) -> None:
    env.globals["bulletin_not_found"] = lambda: sections(site)


def sections(site) -> list[dict]:
    return [{"lang": code, "name": L.name, "prefix": L.prefix, "site_name": L.site_name, "ui": L.ui,
             "home_url": site.router.url(Route("home"), code) or "./",
             "archive_url": site.router.url(Route("archive"), code)}
            for code, L in site.languages.items()]
