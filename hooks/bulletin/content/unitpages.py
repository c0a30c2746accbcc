"""Which units get a page of their own, and where a link to any unit leads.

A unit gets its own page (``/don-vi/<id>/``, ``/en/units/<id>/``, with its listing and feeds) when
its listing holds at least one item in this build — its own news, its sub-units' or, with
``extra.bulletin.unit_lineage``, its predecessors' — and the units of the menu (``menu: true``)
always do, so the menu is the same whatever the news. Every other unit is an entry of the units
index (its name, a count of 0, its dates and successors) with an anchor, ``/don-vi/#unit-<id>``:
links to it — from a parent's list of sub-units, from a successor's "formerly" line, from an
article body — lead there, never to a missing page. The first article of such a unit makes its
page (and its feeds) appear in the next build.

Why: the registry lists every unit the bulletin may report on (211 today), most of which have no
news in a given year; a page per unit wrote hundreds of pages that all said "no news yet" in two
languages, each costing a full page build, and they told readers nothing the units index does not
already tell them (the editor's guide, "Đơn vị chưa có tin", gives the figures).
"""

from __future__ import annotations

from .routes import Route

ANCHOR = "unit-"


def with_pages(registry, catalog) -> frozenset[str]:
    """Ids of the units that get a page in a build of *catalog*."""
    if not registry.units:   # a registry that failed to load (its problems are reported)
        return frozenset()
    listed = {uid for uid, items in catalog.by_unit.items() if items and uid in registry.units}
    return frozenset(listed | {u.id for u in registry.menu_units()})


def anchor(unit_id: str) -> str:
    """The id of the unit's entry on the units index (an HTML id: the unit ids are ASCII words)."""
    return ANCHOR + unit_id


def url(router, pages: frozenset[str] | set[str], unit_id: str, lang: str) -> str:
    """Site-relative address of *unit_id* in *lang*: its page, else its entry on the units index."""
    if unit_id in pages:
        return router.url(Route("unit", (unit_id,)), lang)
    return router.url(Route("units"), lang) + "#" + anchor(unit_id)
