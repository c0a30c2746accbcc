"""Content: article files and registries → validated articles and the published set.

Knows nothing of MkDocs (``tests/test_layout.py`` checks it): the editor tools and the build
share it.

    text            NFC, ASCII slugs (đ → d), diacritic folding, Vietnamese collation
    model           frozen dataclasses: Article, Unit, Topic, Byline, Source, Problem
    settings        the ``extra.bulletin`` settings of mkdocs.yml, validated
    registry        units (data/units/) and topics (data/topics.yml)
    lineage         the units' history: dates, successors, the registry's self-checks
    shapes          type checks of data files against a declared shape, with line numbers
    datafiles       registries and UI strings read together, every problem collected (never raised)
    i18n            UI strings, URL words and Babel date patterns (data/i18n/<lang>.yml)
    yaml12          the one YAML loader: YAML 1.2 core, numbers keep their text, bounded aliases/depth
    gate            the text gate: control characters, lone surrogates; Markdown nesting and bracket limits
    frontmatter_io  a file's bytes → front matter with line numbers and the body
    schema          the article schema: one table of fields and their parsers
    summary         an article's summary from its rendered, sanitized first paragraph
    assets          static files of docs/: symlinks refused, SVG allow-list, content by magic bytes
    dry_render      `bulletin check` renders every text with the site's Markdown extensions, as the build will
    loader          articles/ → validated articles and problems (file:line: field: message)
    translations    originals and translations paired; inheritance; stale translations
    catalog         the published set: drafts/scheduled withheld; indexes by unit, topic, month
    routes          the address of every page in every language (the URL scheme)
    integrity       links and pictures of article bodies must resolve to published addresses
    imagefile       a picture's real format (its first bytes) and size in pixels
    unitpages       which units get a page of their own; where a link to a unit without one leads
    cms             the web editor's (Decap CMS) configuration, generated from the schema and registries

Public names: :func:`translations.load_articles`, :func:`catalog.build_catalog`,
:class:`registry.Registry`, :class:`model.Article`, :class:`model.Problem`,
:class:`routes.Router`, :func:`integrity.check_collection`.
"""
