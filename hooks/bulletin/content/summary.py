"""The summary of an article that gives none: the text of its first real paragraph, *as rendered and
sanitized* — so an HTML comment, an inline ``<script>`` or ``<style>``, or any markup of the body
never reaches listings, ``<meta name=description>``, Open Graph tags or feeds.

Only the first blocks of the body are rendered (up to the first paragraph of at least
:data:`MIN_LENGTH` characters, at most :data:`MAX_BLOCKS` blocks), with plain Python-Markdown;
the HTML is reduced to text by nh3, which drops comments and the content of script-like elements.
"""

from __future__ import annotations

import html
import re

import markdown
import nh3

from . import text as text_module

MIN_LENGTH = 20      # a caption or a dateline alone is not a summary
MAX_BLOCKS = 12
# Elements whose content is not text of the article (as in the body sanitizer).
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "textarea",
                     "select", "svg", "math", "frame", "frameset", "applet", "title"}
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S | re.I)
_MD = markdown.Markdown()
_SKIP = ("{:", "#", "|", "```", "~~~")


def _blocks(body: str):
    for block in re.split(r"\n\s*\n", body.strip()):
        lines = [ln for ln in block.splitlines() if not ln.lstrip().startswith(_SKIP)]
        if lines:
            yield "\n".join(lines)


def text_of(fragment: str) -> str:
    """Plain text of an HTML fragment: tags removed, comments and script-like content dropped."""
    cleaned = nh3.clean(fragment, tags=set(), clean_content_tags=DROP_WITH_CONTENT, strip_comments=True)
    return " ".join(html.unescape(cleaned).split())


def first_paragraph(body: str, limit: int = 300) -> str:
    """Text of the first paragraph of at least MIN_LENGTH characters, cut at a word boundary.

    A body without '<' holds no markup that could hide text (no comment, script or tag): the
    quicker reading of the Markdown text (bulletin.content.text) gives the same words."""
    if "<" not in body:
        return text_module.first_paragraph(body, limit)
    taken: list[str] = []
    for i, block in enumerate(_blocks(body)):
        if i >= MAX_BLOCKS:
            break
        taken.append(block)
        rendered = _MD.reset().convert("\n\n".join(taken))
        for inner in _PARAGRAPH.findall(rendered):
            inner = re.sub(r"<img\b[^>]*>", "", inner, flags=re.I)
            text = text_of(inner)
            if len(text) >= MIN_LENGTH:
                return truncate(text, limit)
    return ""


truncate = text_module.truncate
