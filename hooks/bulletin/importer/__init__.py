"""Importer: raw article text copied from a news page → the fields and text of a clean article.

The steps, each in its own module (the rules are data: data/importer.yml):

    pipeline        the whole import: :func:`pipeline.import_text` → :class:`pipeline.Imported`
    junk            drop layout junk, counters, comment forms, the page footer
    dates           the page's date lines and the lead's "Sáng 26/12"
    fields          headline, bylines, source
    mentions        units and topics named in the text (registry names and aliases)
    body            paragraphs and picture captions as Markdown
    rules           data/importer.yml, loaded and checked

Public names: :func:`pipeline.import_text`, :func:`rules.load_rules`.
"""
