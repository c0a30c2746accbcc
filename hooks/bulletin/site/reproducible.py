"""Reproducible output: two builds of the same sources give byte-identical sites.

MkDocs dates every page with the build day (``page.update_date``) and stamps the gzip header of
``sitemap.xml.gz`` with the newest of them. :func:`content_date` replaces it with the day of the
newest published item (or its correction), so the stamp changes only with the content.
Everything else the hooks write is a function of the sources (tests/site/test_integrity.py builds
twice, in two folders, at two times, and compares every byte).
"""

from __future__ import annotations

EPOCH_DAY = "1970-01-01"   # a site without any published item


def content_date(site) -> str:
    """The day of the newest published item or correction, 'YYYY-MM-DD'."""
    cat = site.catalog
    if cat is None or not cat.entries:
        return EPOCH_DAY
    held = getattr(site, "_content_date", None)   # asked for by every page: compute once per catalog
    if held is None or held[0] is not cat:
        held = site._content_date = (cat, max(e.original.timestamp for e in cat.entries).date().isoformat())
    return held[1]
