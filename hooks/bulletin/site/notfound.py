"""The 404 page, in every language at once.

MkDocs renders a single 404.html from the theme (docs/overrides/404.html), without a page, and
static hosts serve that one file for every missing path. It therefore carries a section per
language (each with its own ``lang``); docs/assets/bl-404.js, a same-origin script, puts the
section of the language of the requested path first and sets ``<html lang>`` accordingly.

A server that can pick the error page by path (nginx: deploy/nginx/bantin.conf) serves
``<prefix>404.html`` under each other language's prefix (``en/404.html``): the same page with that
language's section first and its ``lang`` on ``<html>``, written after the build — so it is right
without JavaScript too. The site's chrome keeps the default language's ``lang``.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..content.routes import Route

_SECTION = re.compile(r'<section class="bl-404__lang"[^>]*data-bl-lang="([^"]+)".*?</section>\s*', re.S)
_TITLE = re.compile(r'<span lang="([^"]+)" data-bl-lang="[^"]+">.*?</span>', re.S)


def env(site, env) -> None:
    env.globals["bulletin_not_found"] = lambda: sections(site)


def sections(site) -> list[dict]:
    return [{"lang": code, "name": L.name, "prefix": L.prefix, "site_name": L.site_name, "ui": L.ui,
             "home_url": site.router.url(Route("home"), code) or "./",
             "archive_url": site.router.url(Route("archive"), code)}
            for code, L in site.languages.items()]


def for_language(html: str, lang: str, default: str) -> str:
    """The 404 page *html* with *lang*'s section and title first and ``<html lang>`` set to it."""
    sections = list(_SECTION.finditer(html))
    own = next((m for m in sections if m.group(1) == lang), None)
    if own is None or not sections:
        raise ValueError(f"404.html has no section for {lang!r}")
    body = html[:sections[0].start()] + own.group(0) + "".join(
        m.group(0) for m in sections if m is not own) + html[sections[-1].end():]
    titles = list(_TITLE.finditer(body))
    first = next((m for m in titles if m.group(1) == lang), None)
    if first is not None and titles:
        ordered = [first] + [m for m in titles if m is not first]
        body = body[:titles[0].start()] + " ".join(m.group(0) for m in ordered) + body[titles[-1].end():]
    body = body.replace(f'<html lang="{default}"', f'<html lang="{lang}"', 1)
    # the chrome (header, menu, footer) is in the default language: say so, as bl-404.js does
    for cls in ("md-header", "md-sidebar md-sidebar--primary", "md-footer"):
        body = body.replace(f'class="{cls}', f'lang="{default}" class="{cls}', 1)
    return body


def post_build(site, config) -> None:
    page = Path(config.site_dir) / "404.html"
    if not page.is_file():
        return
    html = page.read_text(encoding="utf-8")
    for code, L in site.languages.items():
        if code != site.default_lang and L.prefix:
            dest = Path(config.site_dir) / L.prefix / "404.html"
            dest.parent.mkdir(parents=True, exist_ok=True)
            site.incremental.write(dest, for_language(html, code, site.default_lang).encode("utf-8"))
