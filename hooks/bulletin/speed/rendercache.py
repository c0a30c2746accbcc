"""Reuse a page's Markdown rendering across `mkdocs serve` rebuilds when nothing it depends on changed.

MkDocs 1.6 rebuilds every page after each saved file. Rendering Markdown is a third of a page's
cost; for all but the edited article the result is the one of the previous rebuild. The hooks
call :func:`install` on each page in `mkdocs serve` only: the page's ``render`` then looks up
(the page's source and URL, its Markdown text, the set of files and their URLs when the text may
link to them, the Markdown extensions and their options) and, when all are unchanged, restores what MkDocs' own render set
(content, toc, title, anchors, links to anchors). Module state survives rebuilds; one entry per
page is kept. A reused page does not repeat MkDocs' warnings about its links (they were printed
when it was rendered).
"""

from __future__ import annotations

import functools
import hashlib
import logging

from mkdocs.structure.pages import log
from mkdocs.structure.toc import get_toc

_ENTRIES: dict = {}      # src_uri -> (key, result)
_SIGNATURES: dict = {}   # id(object) -> (object, signature): per build
stats = {"reused": 0, "rendered": 0}


def install(page) -> None:
    page.render = functools.partial(_render, page)   # shadows Page.render for this page object only


def skip_empty(page) -> None:
    """A page whose Markdown is empty (every listing page: its template shows the listing) gets
    what MkDocs' render gives for no text, without building a Markdown converter (a third of a
    millisecond per page, paid by hundreds of listing pages)."""
    page.render = functools.partial(_render_if_not_empty, page)


def _render_if_not_empty(page, config, files) -> None:
    if page.markdown is None or page.markdown.strip():
        type(page).render(page, config, files)
        return
    page.content = ""                        # Markdown.convert of blank text
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    if log.getEffectiveLevel() > logging.DEBUG:   # as MkDocs does
        page.links_to_anchors = {}


def release_source(page) -> None:
    """`mkdocs build` reads a page's Markdown once: after rendering it, drop the text and the
    generated file's copy of it (two copies of every article, 160 MB at 10,000 per language).
    Not in `mkdocs serve`, whose next rebuild compares them."""
    page.markdown = ""
    if page.file.generated_by is not None:
        page.file.content_string = ""


def _signature(obj, make) -> str:
    held = _SIGNATURES.get(id(obj))
    if held is None or held[0] is not obj:
        if len(_SIGNATURES) > 16:
            _SIGNATURES.clear()
        held = _SIGNATURES[id(obj)] = (obj, make(obj))
    return held[1]


def _files_signature(files) -> str:
    text = "\n".join(f"{f.src_uri}\t{f.url}" for f in files)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _config_signature(config) -> str:
    text = repr((config["markdown_extensions"], config["mdx_configs"], config["use_directory_urls"],
                 config["validation"]))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _can_link(markdown: str) -> bool:
    """Whether the text may hold a link or a picture (Markdown or HTML). MkDocs resolves only those
    against the files of the site; a text without '[' and '<' renders the same whatever they are,
    so a page moved or added elsewhere (a new date, a new month page) does not make it stale."""
    return "[" in markdown or "<" in markdown


def _render(page, config, files) -> None:
    key = (page.url, hashlib.blake2b(page.markdown.encode("utf-8"), digest_size=16).digest(),
           _signature(files, _files_signature) if _can_link(page.markdown) else "",
           _signature(config, _config_signature))
    held = _ENTRIES.get(page.file.src_uri)
    if held is not None and held[0] == key:
        content, toc, title, anchors, links = held[1]
        page.content, page.toc, page._title_from_render = content, toc, title
        page.present_anchor_ids = set(anchors) if anchors is not None else None
        if links is not None:
            page.links_to_anchors = {files.get_file_from_path(src): dict(v) for src, v in links.items()}
        stats["reused"] += 1
        return
    type(page).render(page, config, files)
    stats["rendered"] += 1
    links = getattr(page, "links_to_anchors", None)
    _ENTRIES[page.file.src_uri] = (key, (
        page.content, page.toc, page._title_from_render,
        set(page.present_anchor_ids) if page.present_anchor_ids is not None else None,
        {f.src_uri: dict(v) for f, v in links.items()} if links is not None else None))
