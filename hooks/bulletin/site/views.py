"""What the templates see: one :class:`PageView` per page, built from plain data.

Templates receive it as ``bulletin``. Everything a template prints from an article or a
registry is plain text and must be escaped there (``| e``); URLs are site-relative and go
through MkDocs' ``| url`` filter so they work under any base path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..content import lineage, unitpages
from ..content.catalog import Entry
from ..content.routes import Route
from ..content.text import fold
from . import pictures


@dataclass
class Card:
    """An article as shown in a listing, in one language."""

    key: str
    title: str
    title_lang: str          # language of the title text (differs when no translation exists)
    url: str
    date_text: str
    date_iso: str
    date_short: str          # 27/12/2023: compact rows of older pages and month pages
    day_iso: str             # 2023-12-27
    unit_id: str
    unit_name: str
    unit_url: str
    topics: list
    summary: str
    missing_translation: bool
    state: str


@dataclass
class PageView:
    lang: str
    language: object
    ui: object
    kind: str
    title: str
    url: str
    alternates: list = field(default_factory=list)     # [{lang, name, url, hreflang, current}]
    x_default: str = ""
    banner: str = ""
    data: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["data"][name]
        except KeyError:
            raise AttributeError(name) from None


class ViewFactory:
    def __init__(self, site):
        self.site = site
        self._cards: dict = {}

    # -- urls ----------------------------------------------------------------------------
    def url(self, route: Route, lang: str) -> str:
        return self.site.router.url(route, lang)

    # -- cards ---------------------------------------------------------------------------
    def card(self, entry: Entry, lang: str) -> Card:
        self.site.incremental.touch(entry.key)   # the page shows this item (bulletin.speed.incremental)
        key = (entry.key, lang)
        card = self._cards.get(key)
        if card is None:
            card = self._cards[key] = self._make_card(entry, lang)
        return card

    def _make_card(self, entry: Entry, lang: str) -> Card:
        site = self.site
        L = site.languages[lang]
        article = entry.version(lang)
        shown = article or entry.original
        unit = site.registry.units[entry.unit]
        return Card(
            key=entry.key,
            title=shown.title,
            title_lang=shown.lang,
            url=self.url(Route("article", (entry.path,)), lang),
            date_text=L.date(entry.local_date, "long"),   # the bulletin's calendar, as its URL and archive
            date_iso=entry.date.isoformat(),
            date_short=L.date(entry.local_date, "short"),
            day_iso=entry.local_date.date().isoformat(),
            unit_id=unit.id,
            unit_name=unit.name.get(lang),
            unit_url=site.unit_url(unit.id, lang),
            topics=[{"name": site.registry.topics[t].name.get(lang),
                     "url": self.url(Route("topic", (t,)), lang)} for t in entry.topics],
            summary=shown.summary,
            missing_translation=article is None,
            state=entry.state,
        )

    # -- page views ------------------------------------------------------------------------
    def for_generated(self, spec, page) -> PageView:
        site = self.site
        view = self._base(spec.lang, spec.route.kind, spec.title, page.url,
                          {code: self.url(spec.route, code) for code in site.languages})
        kind = spec.route.kind
        if kind == "article":
            self._article(view, spec)
        elif spec.pager is not None:
            self._listing(view, spec)
        elif kind == "units":
            view.data["groups"] = self._unit_groups(spec.lang)
            view.data["lineage_note"] = site.languages[spec.lang].ui[
                "units_lineage_note" if site.settings.unit_lineage else "units_lineage_note_off"]
        elif kind == "topics":
            view.data["topics"] = [
                {"name": t.name.get(spec.lang), "short": t.short.get(spec.lang),
                 "description": t.description.get(spec.lang) if t.description else "",
                 "url": self.url(Route("topic", (t.id,)), spec.lang),
                 "count": len(site.catalog.by_topic[t.id])}
                for t in site.registry.topics.values()]
        elif kind in ("archive", "year"):
            view.data["years"] = self._archive(spec.lang, spec.subject[0] if spec.subject else None)
        return view

    def for_handwritten(self, page, files) -> PageView:
        site = self.site
        lang = site.lang_of(page.file.src_uri)
        own_prefix = site.languages[lang].prefix
        neutral = page.file.src_uri[len(own_prefix):]
        urls = {}
        for code, L in site.languages.items():
            f = files.get_file_from_path(L.prefix + neutral)
            urls[code] = f.url if f is not None else self.url(Route("home"), code)
        urls[lang] = page.url
        return self._base(lang, "page", page.title or "", page.url, urls)

    def _base(self, lang: str, kind: str, title: str, url: str, urls: dict) -> PageView:
        site = self.site
        L = site.languages[lang]
        alternates = [{"lang": code, "name": other.name, "url": urls[code], "hreflang": code,
                       "current": code == lang} for code, other in site.languages.items()]
        return PageView(lang=lang, language=L, ui=L.ui, kind=kind, title=title, url=url,
                        alternates=alternates, x_default=urls[site.default_lang],
                        data={"home_url": self.url(Route("home"), lang),
                              "units_url": self.url(Route("units"), lang),
                              "topics_url": self.url(Route("topics"), lang),
                              "archive_url": self.url(Route("archive"), lang)})

    def _article(self, view: PageView, spec) -> None:
        site = self.site
        entry: Entry = spec.entry
        lang = spec.lang
        L = site.languages[lang]
        article = entry.version(lang)
        original = entry.original
        shown = article or original
        unit = site.registry.units[entry.unit]
        catalog = site.catalog
        newer, older = catalog.neighbours(entry) if entry.state == "published" else (None, None)
        view.data.update(
            entry=entry,
            article=article,
            original=original,
            card=self.card(entry, lang),
            missing_translation=article is None,
            original_url=self.url(Route("article", (entry.path,)), original.lang),
            original_language=site.languages[original.lang].name,
            stale=bool(article is not None and article.extra.get("stale")),
            headline=shown.title,
            summary=shown.summary,
            date_text=L.date(entry.local_date, "long_time" if original.date_has_time else "long"),
            date_iso=entry.date.isoformat(),
            updated_text=L.date(original.updated.astimezone(entry.tz or original.updated.tzinfo), "long")
            if original.updated else "",
            updated_iso=original.updated.isoformat() if original.updated else "",
            unit_name=unit.name.get(lang),
            unit_url=site.unit_url(unit.id, lang),
            unit_chain=[{"name": site.registry.units[u].short.get(lang),
                         "url": site.unit_url(u, lang)}
                        for u in reversed(site.registry.ancestors(unit.id))],
            topics=self.card(entry, lang).topics,
            bylines=[{"label": L.byline_label(b.role), "name": b.name} for b in original.authors],
            source=original.source,
            image=original.image,
            image_size=pictures.size_of(site.config.docs_dir, original.image) if original.image else None,
            image_copies=pictures.smaller_copies(site.config.docs_dir, original.image) if original.image else [],
            image_sizes=pictures.SIZES,
            caption=shown.caption or original.caption,
            newer=self.card(newer, lang) if newer else None,
            older=self.card(older, lang) if older else None,
            related=[self.card(e, lang) for e in catalog.related(entry, site.settings.related_count)]
            if entry.state == "published" else [],
        )
        if entry.state == "draft":
            view.banner = L.ui.draft_banner
        elif entry.state == "scheduled":
            view.banner = L.ui.fmt("scheduled_banner", date=L.date(entry.local_date, "long_time"))

    def _listing(self, view: PageView, spec) -> None:
        site = self.site
        lang = spec.lang
        L = site.languages[lang]
        pager = spec.pager
        route = spec.route

        def page_url(n):
            if n is None:
                return None
            return self.url(Route(route.kind, route.args, None if n == "index" else n), lang)

        subject = spec.subject
        description = ""
        subunits = []
        subunits_link = None
        parent = None
        if route.kind == "unit":
            description = L.ui.includes_subunits if site.registry.children(subject.id) else ""
            children = site.registry.children(subject.id)
            if pager.page is None:
                subunits = [{"name": u.name.get(lang), "url": site.unit_url(u.id, lang),
                             "count": len(site.catalog.by_unit[u.id])} for u in children]
            elif children:      # older pages: a link to the first page's list, not the list again
                subunits_link = {"url": page_url("index"), "count": len(children)}
            if subject.parent:
                p = site.registry.units[subject.parent]
                parent = {"name": p.name.get(lang), "url": site.unit_url(p.id, lang)}
            view.data["lineage"] = self._lineage(subject, lang)
        elif route.kind == "topic":
            description = subject.description.get(lang) if subject.description else ""
        view.data.update(
            items=[self.card(e, lang) for e in pager.items],
            heading=spec.title if pager.page is None else f"{self._subject_name(spec)} — {L.ui.fmt('page_n', n=pager.page)}",
            description=description,
            subunits=subunits,
            subunits_link=subunits_link,
            parent=parent,
            page_number=pager.page,
            total_pages=pager.total_pages,
            newer_url=page_url(pager.newer),
            older_url=page_url(pager.older),
            listing_kind=route.kind,
            subject_id=getattr(subject, "id", None),
            # older pages and month pages: compact rows (title, date, unit); first pages: cards
            compact=pager.page is not None or route.kind == "month",
        )

    def _subject_name(self, spec) -> str:
        if spec.subject is not None and hasattr(spec.subject, "name"):
            return spec.subject.name.get(spec.lang)
        return self.site.languages[spec.lang].ui.all_news

    def _lineage(self, unit, lang: str) -> dict | None:
        """'Formerly' / 'now part of' of a unit page, with links both ways, and its dates."""
        site = self.site
        reg = site.registry
        L = site.languages[lang]
        ui = L.ui

        def link(uid: str, note: str) -> dict:
            u = reg.units[uid]
            return {"name": u.name.get(lang), "url": site.unit_url(uid, lang), "note": note}

        formerly = [link(p, ui.fmt("unit_until", date=L.date(reg.units[p].valid_to, "short"))
                         + (f", {ui['unit_change_' + reg.units[p].change]}" if reg.units[p].change else ""))
                    for p in lineage.predecessors(reg, unit.id)]
        now = [link(s, ui.fmt("unit_since", date=L.date(unit.valid_to + lineage.DAY, "short")))
               for s in unit.successors if s in reg.units] if unit.valid_to else []
        period = ""
        if unit.valid_to:
            period = ui.fmt("unit_existed_until", date=L.date(unit.valid_to, "short"),
                            change=ui["unit_change_" + unit.change] if unit.change else "")
        elif unit.valid_from:
            period = ui.fmt("unit_exists_from", date=L.date(unit.valid_from, "short"))
        if not (formerly or now or period):
            return None
        return {"formerly": formerly, "now": now, "period": period,
                "now_label": ui.unit_renamed_to if unit.change == "renamed" else ui.unit_now_part_of,
                "includes_predecessors": ui.includes_predecessors if formerly and site.settings.unit_lineage else ""}

    def _unit_groups(self, lang: str) -> list[dict]:
        """The units index: one section per group of data/units/ (its ``group:``), each a tree of
        the group's units with counts; a unit whose parent is in another group starts a tree."""
        site = self.site
        reg = site.registry
        L = site.languages[lang]
        members: dict[str, list] = {}
        for u in reg.units.values():
            members.setdefault(u.group, []).append(u)
        order = sorted(members, key=lambda g: (reg.groups[g].order if g in reg.groups else 1000, g))
        out = []
        for key in order:
            units = members[key]
            ids = {u.id for u in units}

            def node(u) -> dict:
                former = ""
                if u.valid_to:
                    nxt = [reg.units[s].short.get(lang) for s in u.successors if s in reg.units]
                    former = L.ui.fmt("unit_until", date=L.date(u.valid_to, "short")) + (f" → {', '.join(nxt)}" if nxt else "")
                # a unit without a page is named without a link, and its entry is the anchor that
                # links to it lead to (content.unitpages)
                has_page = u.id in site.unit_pages
                return {"name": u.name.get(lang), "url": site.unit_url(u.id, lang) if has_page else None,
                        "anchor": None if has_page else unitpages.anchor(u.id),
                        "count": len(site.catalog.by_unit[u.id]), "former": former, "match": _keys(u),
                        "children": [node(c) for c in reg.children(u.id) if c.id in ids]}

            roots = [u for u in units if u.parent not in ids]
            roots.sort(key=lambda u: (u.parent is not None, u.valid_to is not None))
            name = reg.groups[key].name.get(lang) if key in reg.groups else L.ui.units
            out.append({"name": name, "roots": [node(u) for u in roots], "units": len(units),
                        "count": sum(1 for e in site.catalog.entries if e.unit in ids)})
        return out

    def _archive(self, lang: str, only_year: int | None) -> list:
        site = self.site
        L = site.languages[lang]
        years: dict = {}
        for (y, m), items in site.catalog.by_month.items():
            if only_year is not None and y != only_year:
                continue
            years.setdefault(y, []).append({
                "name": L.date(_day(y, m), "month"), "url": self.url(Route("month", (y, m)), lang),
                "count": len(items), "month": m})
        return [{"year": y, "name": L.date(_day(y, 1), "year"), "url": self.url(Route("year", (y,)), lang),
                 "months": sorted(ms, key=lambda x: -x["month"]), "count": sum(x["count"] for x in ms)}
                for y, ms in sorted(years.items(), reverse=True)]


def _day(y, m):
    import datetime as dt
    return dt.date(y, m, 1)


def _keys(unit) -> str:
    """What the units filter matches: the id, names and other spellings, folded (no marks, đ → d)."""
    words: list[str] = []
    for text in (unit.id, unit.name.vi, unit.name.en, unit.short.vi, unit.short.en, *unit.aliases):
        for w in re.split(r"[^0-9a-z]+", fold(text)):
            if w and w not in words:
                words.append(w)
    return " ".join(words)
