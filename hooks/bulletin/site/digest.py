"""The monthly "bản tin": every article of a month with its summary, oldest first, on one
printable page per language; each title links to the article.

Routes: /ban-tin/YYYY/MM/ and /en/digest/YYYY/MM/ (segment from data/i18n ``routes.digest``).
The month's archive page links to its digest.

The digest gives summaries, not the articles' full text: a full-text digest repeated every text
of the site once more per language (about 7 KB per article, a seventh of the whole output), and
the articles are one click away.
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
    items = [{"card": site.view.card(entry, lang)} for entry in entries]
    return {
        "items": items,
        "month_name": L.date(dt.date(year, month, 1), "month"),
        "month_url": site.router.url(Route("month", (year, month)), lang),
        "intro": L.ui.fmt("digest_intro_one" if len(items) == 1 and "digest_intro_one" in L.ui else "digest_intro",
                          n=len(items)),
    }
