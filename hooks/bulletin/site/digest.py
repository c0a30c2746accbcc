"""The monthly "bản tin": every article of a month, in full, on one printable page per language.

Routes: /ban-tin/YYYY/MM/ and /en/digest/YYYY/MM/ (segment from data/i18n ``routes.digest``).
The month's archive page links to its digest.

The article bodies are the HTML MkDocs already rendered for the article pages: every page is
converted before any template is rendered, so ``page.content`` is ready when the digest's
context is made. Article pages and digest pages sit at the same depth
(YYYY/MM/slug/ and ban-tin/YYYY/MM/), so relative links inside the bodies stay valid.
"""

from __future__ import annotations

import datetime as dt

from ..content.routes import Route


def plan(site) -> list:
    from .sitegen import PageSpec

    specs = []
    for lang, L in site.languages.items():
        for (year, month) in site.catalog.by_month:
            title = L.ui.fmt("digest_title", month=L.date(dt.date(year, month, 1), "digest_month"))
            specs.append(PageSpec(Route("digest", (year, month)), lang, title, "digest.html",
                                  subject=(year, month)))
    return specs


def context(site, view, spec) -> None:
    kind = spec.route.kind
    if kind == "month":
        view.data["digest_url"] = site.router.url(Route("digest", spec.route.args), spec.lang)
    elif kind == "digest":
        view.data.update(_digest(site, spec))


def _digest(site, spec) -> dict:
    lang = spec.lang
    L = site.languages[lang]
    year, month = spec.subject
    entries = sorted(site.catalog.by_month.get((year, month), []), key=lambda e: (e.date, e.key))
    items = []
    for entry in entries:
        card = site.view.card(entry, lang)
        article = entry.version(lang)
        shown = article or entry.original
        items.append({
            "anchor": f"bl-{entry.key}",
            "card": card,
            "title": shown.title,
            "lang": shown.lang,
            "translated": article is not None,
            "body": _rendered_body(site, entry, shown.lang),
            "image": entry.original.image,
            "caption": shown.caption or entry.original.caption,
            "bylines": [{"label": L.byline_label(b.role), "name": b.name} for b in entry.original.authors],
            "source": entry.original.source,
        })
    return {
        "items": items,
        "month_name": L.date(dt.date(year, month, 1), "month"),
        "month_url": site.router.url(Route("month", (year, month)), lang),
        "intro": L.ui.fmt("digest_intro_one" if len(items) == 1 and "digest_intro_one" in L.ui else "digest_intro",
                          n=len(items)),
    }


def _rendered_body(site, entry, lang: str) -> str:
    """HTML of the article page's body in *lang*, as MkDocs rendered it."""
    src_uri = site.router.src_uri(Route("article", (entry.path,)), lang)
    file = site.files.get_file_from_path(src_uri)
    page = file.page if file is not None else None
    return (page.content or "") if page is not None else ""
