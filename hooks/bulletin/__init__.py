"""Bản tin CCHC & CĐS: the article pipeline, site generation and editor tools.

The MkDocs entry points live in ``hooks/site_hooks.py``; this package holds the logic,
one job per module:

- :mod:`bulletin.text`         Unicode NFC, ASCII slugs, diacritic folding, sort keys
- :mod:`bulletin.settings`     the ``extra.bulletin`` settings of ``mkdocs.yml``
- :mod:`bulletin.registry`     units and topics (``data/units.yml``, ``data/topics.yml``)
- :mod:`bulletin.i18n`         UI strings, routes and localized dates per language
- :mod:`bulletin.model`        the content model (frozen dataclasses) and problems
- :mod:`bulletin.frontmatter_io`  reading a file into front matter with line numbers
- :mod:`bulletin.schema`       the article schema: one table of fields, coercion, validation
- :mod:`bulletin.loader`       loading ``articles/`` into articles and problems
- :mod:`bulletin.translations` pairing originals and translations, stale detection
- :mod:`bulletin.catalog`      the published set and its indexes (unit, topic, month)
- :mod:`bulletin.routes`       URLs of every generated page
- :mod:`bulletin.listings`     views: home, unit, topic, archive, with pagination
- :mod:`bulletin.sitegen`      generated MkDocs files, navigation and page context
"""

__version__ = "0.1.0"
