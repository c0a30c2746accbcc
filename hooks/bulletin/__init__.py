"""Bản tin CCHC & CĐS: the article pipeline, site generation and editor tools.

The folders follow the data's path (docs/ky-thuat/kien-truc.md draws it):

    content/    article files and registries → validated articles, the published set,
                their addresses (knows nothing of MkDocs)
    site/       the MkDocs build: generated pages, navigation, templates' data, safe HTML
    feeds/      RSS/Atom feeds per language, unit and topic; OPML
    search/     the Vietnamese-aware static search index and box
    speed/      parallel build, incremental preview, caches (never change a byte)
    editor/     the ``bulletin`` command: new, check, import, translated, preview
    importer/   raw text copied from a news page → a clean article
    publish     atomic publishing of a complete build (scripts/publish.sh)

The MkDocs entry point is ``hooks/site_hooks.py``; it forwards each event to
:mod:`bulletin.site.events`. Each subpackage's ``__init__`` lists its modules and public names.
"""

__version__ = "0.1.0"
