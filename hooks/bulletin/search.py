"""Site search (extension): what article pages tell the index, and the index itself.

- ``env``: templates learn whether search is on (``bl_search``): the header then carries the
  search box (docs/overrides/partials/bl-search.html, docs/assets/search/).
- ``context``: an article page in its own language, published, is marked for the index
  (``bulletin.search``): date, unit and topics as Pagefind metadata and filters. Pages of missing
  translations, drafts and scheduled items (built only in preview) are not.
- ``post_build``: the marked pages are read back from the built site and indexed by Pagefind, one
  index per language (by ``<html lang>``), into ``site/pagefind/``; beside it, per language,
  ``terms.<lang>.json``: the groups of equivalent phrases (search_terms) and the filter choices.

Settings (``extra.bulletin.search`` in mkdocs.yml)::

    search:
      enabled: true     # false: no search box and no index
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

from .routes import Route
from .search_index import Record, SearchIndexError, write_index
from .search_terms import SearchDataError, groups_for, load_search_data

log = logging.getLogger("mkdocs.plugins.bulletin.search")

BUNDLE_DIR = "pagefind"
TERMS_FILE = "terms.{lang}.json"
TERMS_VERSION = 1


@dataclass(frozen=True)
class SearchOptions:
    enabled: bool = True


def options(site) -> SearchOptions:
    raw = site.settings.extra.get("search", {})
    if isinstance(raw, bool):
        return SearchOptions(enabled=raw)
    if raw is None:
        return SearchOptions()
    if not isinstance(raw, dict):
        raise PluginError(f"mkdocs.yml: extra.bulletin.search: expected a mapping like {{enabled: true}} "
                          f"but received {raw!r}")
    unknown = sorted(set(raw) - {"enabled"})
    if unknown:
        raise PluginError(f"mkdocs.yml: extra.bulletin.search.{unknown[0]}: unknown option; "
                          "the only option is 'enabled' (true or false)")
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise PluginError(f"mkdocs.yml: extra.bulletin.search.enabled: expected true or false but received {enabled!r}")
    return SearchOptions(enabled=enabled)


def is_indexed(site, entry, lang: str) -> bool:
    """An article page goes into the index only published, and only in a language it is written in."""
    return entry.state == "published" and entry.version(lang) is not None


# -- extension hooks -----------------------------------------------------------------------------

def env(site, jinja_env) -> None:
    jinja_env.globals["bl_search"] = {"enabled": options(site).enabled, "bundle": BUNDLE_DIR + "/",
                                      "terms": BUNDLE_DIR + "/" + TERMS_FILE}


def context(site, view, spec) -> None:
    if spec.route.kind != "article" or not options(site).enabled:
        return
    entry, lang = spec.entry, spec.lang
    if not is_indexed(site, entry, lang):
        view.data["search"] = {"indexed": False}
        return
    reg = site.registry
    L = site.languages[lang]
    chain = [entry.unit, *reg.ancestors(entry.unit)]
    view.data["search"] = {
        "indexed": True,
        "date": L.date(entry.date, "long"),
        "date_iso": entry.date.date().isoformat(),
        "year": str(entry.date.year),
        "unit": reg.units[entry.unit].name.get(lang),
        "units": [reg.units[u].name.get(lang) for u in chain],
        "topics": [reg.topics[t].name.get(lang) for t in entry.topics],
    }


def post_build(site, config) -> None:
    if not options(site).enabled:
        return
    site_dir = Path(config.site_dir)
    records = []
    for entry in site.catalog.entries:
        for lang in site.languages:
            if not is_indexed(site, entry, lang):
                continue
            url = site.router.url(Route("article", (entry.path,)), lang)
            path = site_dir / url / "index.html"
            try:
                html = path.read_text(encoding="utf-8")
            except OSError as exc:
                raise PluginError(f"search index: cannot read the built page {path}: {exc}") from None
            records.append(Record(url="/" + url, html=html, source=str(path)))
    bundle = site_dir / BUNDLE_DIR
    try:
        stats = write_index(records, bundle)
    except SearchIndexError as exc:
        raise PluginError(f"search index: {exc}") from None
    try:
        data = load_search_data(site.settings.data_path / "search.yml", list(site.languages))
    except SearchDataError as exc:
        raise PluginError("invalid search data:\n" + str(exc)) from None
    bundle.mkdir(parents=True, exist_ok=True)
    for lang in site.languages:
        terms = {"v": TERMS_VERSION, "lang": lang, "groups": groups_for(site.registry, lang, data),
                 "filters": filter_choices(site, lang)}
        (bundle / TERMS_FILE.format(lang=lang)).write_text(
            json.dumps(terms, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    per_lang = ", ".join(f"{n} {lang}" for lang, n in stats.pages.items()) or "no pages"
    log.info(f"Search index: {per_lang} in {stats.seconds:.2f} s; "
             f"{stats.files} files, {stats.bytes / 1024:.0f} KiB in {BUNDLE_DIR}/")


def filter_choices(site, lang: str) -> dict:
    """The values of each filter that some indexed page of *lang* has, with page counts.

    Units come in tree order with their depth (a page counts for its unit and every unit above
    it, as on the unit pages); topics in registry order; years newest first.
    """
    reg = site.registry
    units: dict[str, int] = {}
    topics: dict[str, int] = {}
    years: dict[str, int] = {}
    for entry in site.catalog.entries:
        if not is_indexed(site, entry, lang):
            continue
        for u in (entry.unit, *reg.ancestors(entry.unit)):
            units[u] = units.get(u, 0) + 1
        for t in entry.topics:
            topics[t] = topics.get(t, 0) + 1
        y = str(entry.date.year)
        years[y] = years.get(y, 0) + 1
    unit_rows: list[dict] = []

    def walk(uid: str, depth: int) -> None:
        if uid in units:
            unit_rows.append({"value": reg.units[uid].name.get(lang), "depth": depth, "count": units[uid]})
        for child in reg.children(uid):
            walk(child.id, depth + 1)

    walk(reg.root.id, 0)
    return {
        "unit": unit_rows,
        "topic": [{"value": t.name.get(lang), "count": topics[t.id]} for t in reg.topics.values() if t.id in topics],
        "year": [{"value": y, "count": years[y]} for y in sorted(years, reverse=True)],
    }
