"""sitemap.xml with hreflang alternates, and robots.txt pointing to it.

MkDocs renders ``sitemap.xml`` from the theme (our override: docs/overrides/sitemap.xml) before
any page; the template asks :func:`entries` for its rows through the ``bulletin_sitemap``
global. ``lastmod`` comes from the articles' dates (``updated`` when given), never from the
clock, so two builds of the same content give the same file. Hand-written pages have no
article date and get no ``lastmod``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path



def env(site, env) -> None:
    env.globals["bulletin_sitemap"] = lambda pages: entries(site, pages)


def post_build(site, config) -> None:
    lines = ["User-agent: *", "Allow: /"]
    if config.site_url:
        lines.append(f"Sitemap: {absolute(config.site_url, 'sitemap.xml')}")
    site.incremental.write(Path(config.site_dir, "robots.txt"), "\n".join(lines) + "\n")


def absolute(site_url: str | None, url: str) -> str:
    """'en/units/' → 'https://host/base/en/units/' (or '/en/units/' without site_url)."""
    base = site_url or "/"
    return (base if base.endswith("/") else base + "/") + url.lstrip("/")


def entries(site, pages) -> list[dict]:
    rows = []
    for file in pages:
        page = file.page
        if page is None or getattr(page, "is_link", False):
            continue
        spec = site.pages.get(file.src_uri)
        urls = _alternate_urls(site, file, spec)
        last = lastmod(site, spec) if spec is not None else None
        alternates = []
        if len(urls) > 1:
            # one alternate per language; x-default stays in the pages' own head, where search
            # engines read it — here it would repeat the Vietnamese address on every URL
            alternates = [{"hreflang": code, "href": absolute(site.config.site_url, u)} for code, u in urls.items()]
        rows.append({"loc": page.canonical_url or absolute(None, page.url),
                     "lastmod": last.isoformat() if last else "",
                     "alternates": alternates})
    return rows


def _alternate_urls(site, file, spec) -> dict:
    """Site-relative URL of this page in every language that has it."""
    if spec is not None:
        return {code: site.router.url(spec.route, code) for code in site.languages}
    lang = site.lang_of(file.src_uri)
    neutral = file.src_uri[len(site.languages[lang].prefix):]
    urls = {}
    for code, L in site.languages.items():
        other = site.files.get_file_from_path(L.prefix + neutral)
        if other is not None and other.page is not None:
            urls[code] = other.page.url
    return urls


def lastmod(site, spec) -> dt.date | None:
    """Newest article date (or correction date) among the articles the page shows."""
    dates = [_entry_day(e) for e in _entries_of(site, spec)]
    return max(dates) if dates else None


def _entries_of(site, spec) -> list:
    cat = site.catalog
    kind = spec.route.kind
    if kind == "article":
        return [spec.entry]
    if spec.pager is not None:
        return list(spec.pager.items)
    if kind in ("units", "topics", "archive"):
        return cat.entries
    if kind == "year":
        return [e for (y, _m), items in cat.by_month.items() if y == spec.route.args[0] for e in items]
    if kind == "digest":
        return cat.by_month.get(tuple(spec.route.args), [])
    return []


def _entry_day(entry) -> dt.date:
    days = [_day(entry.date)] + [_day(a.updated) for a in entry.versions.values() if a.updated]
    return max(days)


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
