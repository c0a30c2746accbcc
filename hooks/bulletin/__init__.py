"""Bản tin CCHC & CĐS: the article pipeline, site generation and editor tools.

The MkDocs entry point is ``hooks/site_hooks.py``; it forwards each event to
:mod:`bulletin.events`, which delegates to the modules below, one job each.

Content (knows nothing of MkDocs):
    text            NFC, ASCII slugs (đ → d), diacritic folding, Vietnamese collation
    model           frozen dataclasses: Article, Unit, Topic, Byline, Source, Problem
    settings        the ``extra.bulletin`` settings of mkdocs.yml, validated
    registry        units and topics from data/units.yml and data/topics.yml
    i18n            UI strings, URL words and Babel date patterns (data/i18n/<lang>.yml)
    frontmatter_io  a file's bytes → front matter with line numbers and the body
    schema          the article schema: one table of fields and their parsers
    loader          articles/ → validated articles and problems (file:line: field: message)
    translations    originals and translations paired; inheritance; stale translations
    catalog         the published set: drafts/scheduled withheld; indexes by unit, topic, month
    integrity       links and pictures of article bodies must resolve

Site (MkDocs build):
    events          the MkDocs event handlers (thin)
    sitegen         Site: generated pages, per-language navigation, page context
    routes          the URL of every generated page in every language
    listings        stable pagination
    views           what templates see (``bulletin``)
    extensions      optional parts plugged in by name (below)
    sanitize, csp   allow-list HTML of article bodies; Content-Security-Policy
    reproducible, rendercache, navcache   byte-identical output; preview and navigation caches
    incremental     `mkdocs serve --dirty`: rebuild only the pages and files an edit changed
    parallel, parallel_build   `mkdocs build` in worker processes (reading, rendering, search
                    indexes): the mechanism, and what the bulletin shares out
    feeds, opml     RSS/Atom feeds per language, unit and topic; OPML lists
    search, search_index, search_terms    the Vietnamese-aware static search
    digest, social, sitemap, notfound     monthly digest, link previews, sitemap/robots, 404
    publish         atomic publishing of a complete build

Editor tools (``bulletin`` command):
    cli, cli_project, cli_check, cli_new, cli_import, cli_translated, cli_render
    importer, importer_junk, importer_dates, importer_fields, importer_mentions,
    importer_body, importer_rules   raw article text → clean article (rules in data/importer.yml)
"""

__version__ = "0.1.0"
