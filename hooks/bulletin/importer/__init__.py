"""Importer: raw article text copied from a news page → the fields and text of a clean article.

The steps, each in its own module (the rules are data: data/importer.yml):

    pipeline        the whole import: :func:`pipeline.import_text` → :class:`pipeline.Imported`
    junk            drop layout junk, counters, comment forms, the page footer
    dates           the page's date lines and the lead's "Sáng 26/12"
    fields          headline, bylines, source
    mentions        units and topics named in the text (registry names and aliases)
    body            paragraphs and picture captions as Markdown
    rules           data/importer.yml, loaded and checked
    language        is the text Vietnamese? other languages are refused

A news page (by its address, or saved from a browser) goes through the same rules
(data/import-page.yml holds the page's own rules):

    fetch           downloads: timeout, browser-like User-Agent, redirects, size cap, clear errors
    page            HTML → metadata (og:, article:, JSON-LD) and the article's paragraphs and pictures
    web             the page as text through :func:`pipeline.import_text`; the lead photo
    pictures        photos checked, named from the slug, stored under docs/images/<year>/<month>/
    figures         pictures into the Markdown text as figures

Public names: :func:`pipeline.import_text`, :func:`rules.load_rules`.
"""
