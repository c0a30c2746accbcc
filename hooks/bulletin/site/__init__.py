"""Site: the MkDocs build — generated pages, navigation, templates' data, safe HTML.

``hooks/site_hooks.py`` forwards each MkDocs event to :mod:`events`, which delegates here.

    events          the MkDocs event handlers (thin)
    sitegen         Site: generated pages, per-language navigation, page context
    views           what templates see (``bulletin``)
    listings        stable pagination
    extensions      optional parts plugged in by name (feeds, search, digest, …)
    sanitize, csp   allow-list HTML of article bodies; Content-Security-Policy
    assets          fingerprinted names of the site's CSS/JS; Material's script without sitemap requests; icons
    pictures        article pictures sized from their files, lazy below the first
    whitespace      pages without the templates' indentation
    uistrings       Material's interface strings, looked up once per language and key
    precompress     X.gz / X.br beside each text file, for nginx (extra.bulletin.precompress)
    reproducible    byte-identical output (content dates, not build dates)
    digest          the monthly printable digest (extension)
    social          link previews: Open Graph / Twitter card tags (extension)
    sitemap         sitemap.xml with hreflang alternates, robots.txt (extension)
    notfound        the 404 page of each language (extension)
    admin           the web editor (Decap CMS) at /quan-tri/, with admin.js (extension)

Public names: :class:`sitegen.Site`, :class:`sitegen.PageSpec`, :data:`extensions.NAMES`.
"""
