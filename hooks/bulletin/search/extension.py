"""Site search (extension): the search box on every page and the index behind it.

- ``env``: templates learn whether search is on (``bl_search``): the header then carries the
  search box (docs/overrides/partials/bl-search.html, docs/assets/search/).
- ``page_built``: the text of each published article page is taken from its HTML as it is written;
- ``post_build``: the article pages of each language are indexed into ``site/search/<lang>/``
  (search_index: words, articles, filters; search_terms: groups of equivalent phrases), each
  language in its own process in a parallel build. Pages of missing translations, drafts and
  scheduled items (built only in preview) are never indexed.

Settings (``extra.bulletin.search`` in mkdocs.yml)::

    search:
      enabled: true     # false: no search box and no index
"""

from __future__ import annotations

import functools
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

from ..content import lineage
from ..content.routes import Route
from .index import article_text, Doc, SearchIndexError, write_index
from .terms import groups_for, load_search_data, SearchDataError

log = logging.getLogger("mkdocs.plugins.bulletin.search")

BUNDLE_DIR = "search"


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
    jinja_env.globals["bl_search"] = {"enabled": options(site).enabled, "bundle": BUNDLE_DIR + "/"}


def page_built(site, page, output: str) -> None:
    """Keep the text of an indexed article page as it is rendered (no re-reading of the built file;
    in a parallel build, the worker that rendered it sends it back)."""
    spec = site.spec_for(page)
    if spec is None or spec.entry is None or not options(site).enabled or not is_indexed(site, spec.entry, spec.lang):
        return
    try:
        site.search_texts[page.file.src_uri] = article_text(output, page.file.abs_dest_path)
    except SearchIndexError as exc:
        raise PluginError(f"search index: {exc}") from None


def post_build(site, config) -> None:
    if not options(site).enabled:
        return
    try:
        data = load_search_data(site.settings.data_path / "search.yml", list(site.languages))
    except SearchDataError as exc:
        raise PluginError("invalid search data:\n" + str(exc)) from None
    site_dir = Path(config.site_dir)
    # One index per language, independent of the others: in a parallel build, each in a process.
    site.workers.run_all([functools.partial(_write_language, site, site_dir, lang, data) for lang in site.languages])


# The strings of the search box's results area, which search.js builds on first use (the page
# carries only the box): key in the manifest's "ui" -> key of data/i18n/<lang>.yml (ui.*).
BOX_STRINGS = {"none": "search_none", "one": "search_one", "other": "search_other", "also": "search_also",
               "more": "search_more", "filters": "search_filters", "unit": "unit", "topic": "topic",
               "year": "search_year", "all_unit": "search_all_units", "all_topic": "search_all_topics",
               "all_year": "search_all_years"}


def box_strings(ui) -> dict:
    return {key: ui[name] for key, name in BOX_STRINGS.items()}


def _write_language(site, site_dir: Path, lang: str, data) -> None:
    tracker = site.incremental
    docs = [_cached_doc(site, site_dir, entry, lang) for entry in site.catalog.entries
            if is_indexed(site, entry, lang)]
    extra = {"lang": lang, "groups": groups_for(site.registry, lang, data), "filters": filter_choices(site, lang),
             "ui": box_strings(site.languages[lang].ui)}
    out_dir = site_dir / BUNDLE_DIR / lang
    if not tracker.active and out_dir.exists():
        shutil.rmtree(out_dir)
    inputs = repr((docs, extra)) if tracker.active else None
    if tracker.unchanged("search-index", lang, inputs) and out_dir.is_dir():
        tracker.produced_tree(out_dir)   # an incremental preview: nothing this index holds changed
        return
    stats = write_index(docs, out_dir, extra, write=tracker.write,
                        counts_of=lambda doc, make: tracker.remember(
                            "search-counts", doc.url, (doc.title, doc.meta, doc.text), lambda: make(doc)))
    tracker.done("search-index", lang, inputs)
    log.info(f"Search index ({lang}): {stats.docs} articles, {stats.terms} words in {stats.seconds:.2f} s; "
             f"{stats.files} files, {stats.bytes / 1024:.0f} KiB, largest word file "
             f"{stats.largest_shard / 1024:.1f} KiB")


def _cached_doc(site, site_dir: Path, entry, lang: str) -> Doc:
    """In an incremental preview, an article's record is the one made last time unless its page
    or its item changed (other items' titles on the page are not part of its text)."""
    tracker = site.incremental
    if not tracker.active:
        return _doc(site, site_dir, entry, lang)
    src_uri = site.router.src_uri(Route("article", (entry.path,)), lang)
    source = (tracker.site_key, tracker.keys.get(src_uri), tracker.signatures.get(entry.key))
    return tracker.remember("search-doc", src_uri, source, lambda: _doc(site, site_dir, entry, lang))


def _doc(site, site_dir: Path, entry, lang: str) -> Doc:
    reg = site.registry
    url = site.router.url(Route("article", (entry.path,)), lang)
    text = site.search_texts.pop(site.router.src_uri(Route("article", (entry.path,)), lang), None)
    path = site_dir / url / "index.html"
    try:
        if text is None:   # a page an incremental preview did not rebuild
            text = article_text(path.read_text(encoding="utf-8"), str(path))
    except OSError as exc:
        raise PluginError(f"search index: cannot read the built page {path}: {exc}") from None
    except SearchIndexError as exc:
        raise PluginError(f"search index: {exc}") from None
    # the unit, the units above it and (extra.bulletin.unit_lineage) the units that carried it on:
    # the filter of the Tuyên Quang command finds the Hà Giang command's news, and so does its name
    chain = list(lineage.listing_units(reg, entry.unit, site.settings.unit_lineage))
    names = [reg.units[u].name.get(lang) for u in chain] + [reg.topics[t].name.get(lang) for t in entry.topics]
    return Doc(url=url, title=entry.version(lang).title, date=site.languages[lang].date(entry.local_date, "long"),
               unit=reg.units[entry.unit].name.get(lang), meta=" · ".join(names), text=text,
               filters={"unit": chain, "topic": list(entry.topics), "year": [str(entry.local_date.year)]})


def filter_choices(site, lang: str) -> dict:
    """The values of each filter that some indexed article of *lang* has, with article counts.

    Units come in tree order with their depth (an article counts for its unit, every unit above it
    and the units that carried it on, as on the unit pages); topics in registry order; years newest
    first.
    """
    reg = site.registry
    units: dict[str, int] = {}
    topics: dict[str, int] = {}
    years: dict[str, int] = {}
    for entry in site.catalog.entries:
        if not is_indexed(site, entry, lang):
            continue
        for u in lineage.listing_units(reg, entry.unit, site.settings.unit_lineage):
            units[u] = units.get(u, 0) + 1
        for t in entry.topics:
            topics[t] = topics.get(t, 0) + 1
        y = str(entry.local_date.year)
        years[y] = years.get(y, 0) + 1
    unit_rows: list[dict] = []

    def walk(uid: str, depth: int) -> None:
        if uid in units:
            unit_rows.append({"id": uid, "name": reg.units[uid].name.get(lang), "depth": depth, "count": units[uid]})
        for child in reg.children(uid):
            walk(child.id, depth + 1)

    walk(reg.root.id, 0)
    return {
        "unit": unit_rows,
        "topic": [{"id": t.id, "name": t.name.get(lang), "count": topics[t.id]}
                  for t in reg.topics.values() if t.id in topics],
        "year": [{"id": y, "name": y, "count": years[y]} for y in sorted(years, reverse=True)],
    }
