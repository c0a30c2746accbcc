"""Allow-list sanitizing of the HTML of article bodies (nh3, the Rust ``ammonia`` sanitizer).

Markdown lets an article carry raw HTML. A text imported from another site, or pasted by an
editor, may therefore bring ``<script>``, ``onerror=`` handlers, ``javascript:`` links, forms or
frames. By default every article body is cleaned after Markdown has rendered it: only the tags
and attributes below survive, links keep only http(s)/mailto/tel or site-relative addresses, and
ids that could shadow the theme's own elements (``__config``, ``__search`` …) are dropped.

Opt-out, for trusted editors only (documented in docs/ky-thuat/bao-mat.md):

- ``trusted_html: true`` in an article's front matter keeps that file's HTML as written;
- ``extra.bulletin.trusted_html: true`` in mkdocs.yml trusts every article of the site.

The importer writes neither, so imported articles are always cleaned. Even trusted HTML cannot run
inline scripts: the Content-Security-Policy (bulletin.site.csp) blocks them.
"""

from __future__ import annotations

import re

import nh3
from mkdocs.exceptions import PluginError

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
})
# Removed together with their content (the text of a script is not text of the article).
DROP_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript",
                               "textarea", "select", "svg", "math", "frame", "frameset", "applet"})
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed", "type"},
    "time": {"datetime"},
    "details": {"open"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SAFE_ID = re.compile(r"^[A-Za-z0-9][\w:.\-]{0,99}$")


def _filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "id" and not _SAFE_ID.match(value):
        return None   # e.g. id="__config" would replace the theme's configuration (DOM clobbering)
    return value


def clean(html: str) -> str:
    """The HTML of a rendered article body, reduced to the allow-list."""
    return nh3.clean(html, tags=set(TAGS), clean_content_tags=set(DROP_WITH_CONTENT), attributes=ATTRIBUTES,
                     attribute_filter=_filter, url_schemes=set(URL_SCHEMES), strip_comments=True,
                     link_rel="noopener noreferrer")


def site_trusts_all(settings) -> bool:
    value = settings.extra.get("trusted_html", False)
    if not isinstance(value, bool):
        raise ValueError(f"extra.bulletin.trusted_html: expected true or false but received {value!r}")
    return value


def is_trusted(settings, article) -> bool:
    """Whether *article*'s raw HTML is kept as written (see the module's documentation)."""
    return site_trusts_all(settings) or bool(article.extra.get("trusted_html"))


def page_html(site, page, html: str) -> str:
    """MkDocs on_page_content: clean the body of an article page unless it is trusted."""
    spec = site.spec_for(page)
    if spec is None or spec.route.kind != "article" or spec.entry is None:
        return html
    article = spec.entry.version(spec.lang)
    try:
        trusted = article is not None and is_trusted(site.settings, article)
    except ValueError as exc:
        raise PluginError(f"mkdocs.yml: {exc}") from None
    if article is None or trusted:
        return html
    # An incremental preview reuses the cleaned HTML of a page whose HTML is unchanged.
    return site.incremental.remember("sanitized", page.file.src_uri, html, lambda: clean(html))
