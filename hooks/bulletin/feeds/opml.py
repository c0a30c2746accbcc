"""OPML 2.0 subscription lists: every feed of one language in one file a feed reader imports at once."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree


@dataclass(frozen=True)
class Outline:
    """A feed (``xml_url`` set) or a folder of outlines."""

    text: str
    xml_url: str = ""
    html_url: str = ""
    language: str = ""
    version: str = ""                 # OPML's feed version attribute: 'RSS2' (none for Atom)
    children: tuple = field(default_factory=tuple)


def render(title: str, outlines: list[Outline], *, docs: str = "http://opml.org/spec2.opml") -> bytes:
    """The OPML document as UTF-8 bytes; no dates, so the same input gives the same bytes."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "docs").text = docs
    body = etree.SubElement(root, "body")
    for outline in outlines:
        _add(body, outline)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _add(parent, outline: Outline) -> None:
    el = etree.SubElement(parent, "outline", text=outline.text)
    if outline.xml_url:
        el.set("type", "rss")          # OPML 2.0 uses type="rss" for every kind of feed
        el.set("title", outline.text)
        el.set("xmlUrl", outline.xml_url)
        if outline.html_url:
            el.set("htmlUrl", outline.html_url)
        if outline.language:
            el.set("language", outline.language)
        if outline.version:
            el.set("version", outline.version)
    for child in outline.children:
        _add(el, child)
