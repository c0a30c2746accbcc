"""The published set of articles and its indexes: by unit (with sub-units), topic and month.

Every index is built in one pass over the articles (O(N · depth of the unit tree)); neighbours
and related items are found by position in those indexes, never by comparing all pairs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import lineage as unit_lineage
from .model import Article, Problem
from .registry import Registry


@dataclass
class Entry:
    """One news item: its original and its translations, and its state."""

    key: str
    original: Article
    versions: dict = field(default_factory=dict)   # lang -> Article
    state: str = "published"                        # published | draft | scheduled
    tz: dt.tzinfo | None = None                     # the bulletin's calendar (Vietnam time)

    @property
    def date(self) -> dt.datetime:
        return self.original.date

    @property
    def local_date(self) -> dt.datetime:
        """The date on the bulletin's calendar: an item dated 23:30 UTC on 31 January belongs to
        1 February in Vietnam (its URL, month archive and year)."""
        return self.date.astimezone(self.tz) if self.tz is not None else self.date

    @property
    def id(self) -> str:
        return self.original.id

    @property
    def unit(self) -> str:
        return self.original.unit

    @property
    def topics(self) -> tuple:
        return self.original.topics

    @property
    def month(self) -> tuple[int, int]:
        return (self.local_date.year, self.local_date.month)

    @property
    def path(self) -> str:
        """Language-neutral dated path: '2023/12/bo-quoc-phong-tong-ket/'."""
        return f"{self.local_date:%Y}/{self.local_date:%m}/{self.original.slug}/"

    def version(self, lang: str) -> Article | None:
        return self.versions.get(lang)


@dataclass
class Catalog:
    entries: list[Entry]                 # newest first
    by_unit: dict[str, list[Entry]]      # unit id -> entries of the unit and its sub-units
    own_unit: dict[str, int]             # unit id -> number of entries of the unit itself
    by_topic: dict[str, list[Entry]]
    by_month: dict[tuple[int, int], list[Entry]]
    withheld: list[Entry]                # drafts and scheduled items not in this build
    problems: list[Problem]
    _positions: dict = field(default_factory=dict, repr=False)

    def index_of(self, listing: str, entry: Entry) -> int:
        return self._positions[listing][entry.key]

    def neighbours(self, entry: Entry) -> tuple[Entry | None, Entry | None]:
        """(newer, older) neighbour of *entry* in the whole bulletin."""
        i = self.index_of("all", entry)
        newer = self.entries[i - 1] if i > 0 else None
        older = self.entries[i + 1] if i + 1 < len(self.entries) else None
        return newer, older

    def related(self, entry: Entry, count: int) -> list[Entry]:
        """Nearest items in time sharing the unit, then the topics: O(count) per entry."""
        out: list[Entry] = []
        lists = [("unit:" + entry.unit, self.by_unit.get(entry.unit, []))]
        lists += [("topic:" + t, self.by_topic.get(t, [])) for t in entry.topics]
        for name, items in lists:
            i = self._positions[name][entry.key]
            for step in range(1, count + 1):
                for j in (i + step, i - step):  # older first: readers look back
                    if 0 <= j < len(items) and items[j] is not entry and items[j] not in out:
                        out.append(items[j])
                if len(out) >= count:
                    return out[:count]   # a step may add two
        return out


def build_catalog(articles: list[Article], registry: Registry, languages: list[str], now: dt.datetime,
                  preview: bool, lineage: bool = True) -> Catalog:
    """Group articles into entries, withhold drafts and future items, index the rest.

    A unit's list holds its own items and its sub-units'; with *lineage* (``extra.bulletin.
    unit_lineage``, on by default) also those of the units it carried on (its predecessors): the
    Tuyên Quang command lists the Hà Giang command's news of before the merger."""
    problems: list[Problem] = []
    entries_by_key: dict[str, Entry] = {}
    for article in sorted(articles, key=lambda a: (a.key, languages.index(a.lang))):
        entry = entries_by_key.get(article.key)
        if entry is None:
            entry = entries_by_key[article.key] = Entry(key=article.key, original=article, tz=now.tzinfo)  # now: settings.current_time()
        elif article.draft and not preview:
            continue   # a draft translation: the page in its language says "not translated yet"
        entry.versions[article.lang] = article

    shown: list[Entry] = []
    withheld: list[Entry] = []
    for entry in entries_by_key.values():
        if entry.original.draft:
            entry.state = "draft"
        elif entry.original.date > now:
            entry.state = "scheduled"
        (shown if entry.state == "published" or preview else withheld).append(entry)

    # Two items may not share a URL or an id.
    by_path: dict[str, Entry] = {}
    by_id: dict[str, Entry] = {}
    for entry in sorted(entries_by_key.values(), key=lambda e: e.original.path):
        other = by_path.get(entry.path)
        if other is not None:
            problems.append(Problem(entry.original.path, entry.original.extra["lines"].get("title"), "slug",
                                    f"same URL /{entry.path} as {other.original.path}; give one of them a "
                                    "different `slug:` or title"))
        else:
            by_path[entry.path] = entry
        other = by_id.get(entry.id)
        if other is not None:
            problems.append(Problem(entry.original.path, entry.original.extra["lines"].get("id"), "id",
                                    f"same id '{entry.id}' as {other.original.path}; ids must be unique "
                                    "(a copied file keeps its id: remove the line and let `bulletin new` "
                                    "or the build give a new one)"))
        else:
            by_id[entry.id] = entry

    shown.sort(key=lambda e: (e.date, e.key), reverse=True)
    by_unit: dict[str, list[Entry]] = {uid: [] for uid in registry.units}
    own_unit: dict[str, int] = {uid: 0 for uid in registry.units}
    by_topic: dict[str, list[Entry]] = {tid: [] for tid in registry.topics}
    by_month: dict[tuple[int, int], list[Entry]] = {}
    listed_under = {uid: unit_lineage.listing_units(registry, uid, lineage) for uid in registry.units}
    for entry in shown:   # (a unit or topic missing from a registry that failed is reported there)
        own_unit[entry.unit] = own_unit.get(entry.unit, 0) + 1
        for uid in listed_under.get(entry.unit, (entry.unit,)):
            by_unit.setdefault(uid, []).append(entry)
        for tid in entry.topics:
            by_topic.setdefault(tid, []).append(entry)
        by_month.setdefault(entry.month, []).append(entry)

    positions = {"all": {e.key: i for i, e in enumerate(shown)}}
    for uid, items in by_unit.items():
        positions["unit:" + uid] = {e.key: i for i, e in enumerate(items)}
    for tid, items in by_topic.items():
        positions["topic:" + tid] = {e.key: i for i, e in enumerate(items)}
    return Catalog(entries=shown, by_unit=by_unit, own_unit=own_unit, by_topic=by_topic, by_month=by_month,
                   withheld=withheld, problems=problems, _positions=positions)
