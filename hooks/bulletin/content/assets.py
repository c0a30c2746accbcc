"""The static files of the hand-written part of the site (``docs/``): what may be published.

- **Symbolic links are refused**, not followed: a link under ``docs/`` could publish any file of the
  machine (``/etc/passwd`` named ``photo.jpg``). Copy the file into ``docs/`` instead.
- **Pictures and documents are checked by content** (their first bytes), not by name: a ``.jpg``
  must be a JPEG. A file whose content does not match its extension is an error.
- **SVG is checked against an allow-list** of elements and attributes (shapes, text, gradients,
  clip paths, masks, editor metadata); one with anything else — ``<script>``, event handlers
  (``onload=``), ``<foreignObject>``, links or references to other documents, entities — is refused
  (never rewritten), because an SVG opened directly runs its scripts in the site's origin, where the
  pages' Content-Security-Policy ``<meta>`` does not apply.
- **Active documents** (``.html``, ``.xhtml``, ``.svgz``, ``.xml`` …) are refused outside the theme:
  they too would run without the policy. Write a Markdown page instead.

Which files are published at all is decided by :func:`published_files`: the site's own assets
(``docs/assets/``) always, any other file only when a published page, feed or hand-written page
references it — so the picture of a draft is never published.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .model import Problem

ALWAYS = ("assets/",)        # the site's own files (theme assets, default sharing picture)
SKIP = ("overrides/",)       # theme templates (mkdocs.yml: exclude_docs)

MAGIC: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "jpg": ("a JPEG picture", (b"\xff\xd8\xff",)),
    "jpeg": ("a JPEG picture", (b"\xff\xd8\xff",)),
    "png": ("a PNG picture", (b"\x89PNG\r\n\x1a\n",)),
    "gif": ("a GIF picture", (b"GIF87a", b"GIF89a")),
    "webp": ("a WebP picture", (b"RIFF",)),
    "avif": ("an AVIF picture", ()),
    "ico": ("an icon", (b"\x00\x00\x01\x00",)),
    "pdf": ("a PDF document", (b"%PDF-",)),
    "woff": ("a WOFF font", (b"wOFF",)),
    "woff2": ("a WOFF2 font", (b"wOF2",)),
    "mp4": ("an MP4 video", ()),
}
ACTIVE = {"html", "htm", "xhtml", "xht", "shtml", "svgz", "xml", "xsl", "xslt", "swf", "mht", "mhtml"}

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
INERT_NS = {  # editors' metadata: not rendered, never run
    "http://www.inkscape.org/namespaces/inkscape", "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://purl.org/dc/elements/1.1/",
    "http://creativecommons.org/ns#", "http://web.resource.org/cc/", "http://purl.org/dc/terms/",
    "http://ns.adobe.com/AdobeIllustrator/10.0/", "http://ns.adobe.com/Graphs/1.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/", "http://ns.adobe.com/Extensibility/1.0/",
}
SVG_ELEMENTS = {
    "svg", "g", "defs", "desc", "title", "metadata", "symbol", "use", "path", "rect", "circle", "ellipse",
    "line", "polyline", "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient", "stop",
    "clipPath", "mask", "pattern", "marker", "filter", "feBlend", "feColorMatrix", "feComponentTransfer",
    "feComposite", "feFlood", "feGaussianBlur", "feMerge", "feMergeNode", "feOffset", "feFuncA", "feFuncR",
    "feFuncG", "feFuncB", "feMorphology", "feDropShadow", "switch",
}
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.I)
_BAD_VALUE = re.compile(r"javascript:|vbscript:|data:|@import|expression\(", re.I)


def kind_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_content(rel: str, data: bytes) -> str | None:
    """What is wrong with the content of the static file *rel* (a docs/-relative path), or None."""
    ext = kind_of(rel)
    if ext in ACTIVE:
        return (f"a .{ext} file would be served from the site's address without its security policy: "
                "write a Markdown page instead (docs/<name>.md), or remove the file")
    if ext == "svg":
        return check_svg(data)
    if ext in MAGIC:
        what, starts = MAGIC[ext]
        ok = any(data.startswith(s) for s in starts) if starts else data[4:8] == b"ftyp"
        if ext == "webp":
            ok = ok and data[8:12] == b"WEBP"
        if ext == "avif":
            ok = ok and data[8:12] in (b"avif", b"avis", b"mif1")
        if not ok:
            return (f"the file is named .{ext} but its content is not {what}: "
                    f"save it again as {what} or give it its real extension")
    return None


def check_svg(data: bytes) -> str | None:
    """None when the SVG holds only allowed elements and attributes, else what it holds."""
    from lxml import etree

    if b"<!ENTITY" in data or b"<!DOCTYPE" in data.upper():
        return "SVG with a DOCTYPE or entities is refused (entities can expand without bound): export it again"
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return f"not a well-formed SVG picture ({exc.msg}, line {exc.lineno})"
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        qname = etree.QName(element)
        if qname.namespace in INERT_NS:
            continue
        if qname.namespace != SVG_NS or qname.localname not in SVG_ELEMENTS:
            return _refused(f"the element <{qname.localname}>", element)
        for name, value in element.attrib.items():
            aq = etree.QName(name)
            local = aq.localname.lower()
            if aq.namespace in INERT_NS:
                continue
            if local.startswith("on"):
                return _refused(f"the event handler {aq.localname}=", element)
            if local == "href" and not value.strip().startswith("#"):
                return _refused(f"a link to another document (href=\"{value[:60]}\")", element)
            if _BAD_VALUE.search(value) or _EXTERNAL_URL.search(value):
                return _refused(f"the value {aq.localname}=\"{value[:60]}\"", element)
    return None


def _refused(what: str, element) -> str:
    return (f"SVG picture holds {what} (line {element.sourceline}), which is not allowed in a picture "
            "(allowed: shapes, text, gradients, clip paths, masks, filters): remove it, or export the picture "
            "as PNG")


def scan(docs_path: Path, label: str = "docs") -> tuple[list[Problem], list[str]]:
    """(problems, docs/-relative paths of the static files) of the folder *docs_path*."""
    problems: list[Problem] = []
    files: list[str] = []
    if not docs_path.is_dir():
        return problems, files
    for base, dirs, names in os.walk(docs_path):
        rel_base = Path(base).relative_to(docs_path).as_posix()
        rel_base = "" if rel_base == "." else rel_base + "/"
        if rel_base.startswith(SKIP):
            dirs[:] = []
            continue
        for name in sorted(dirs + names):
            path = Path(base) / name
            rel = rel_base + name
            if name.startswith("."):
                continue
            if path.is_symlink():
                problems.append(Problem(f"{label}/{rel}", None, "file",
                                        f"is a symbolic link (to {os.readlink(path)}): links are never followed "
                                        "into the site; copy the file itself into docs/"))
                if name in names and not name.endswith(".md"):
                    files.append(rel)   # it is where the editor meant a file to be: reported here, not as missing
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (Path(base) / d).is_symlink())
        for name in sorted(names):
            path = Path(base) / name
            rel = rel_base + name
            if name.startswith(".") or path.is_symlink() or name.endswith(".md"):
                continue
            files.append(rel)
            with open(path, "rb") as fh:
                data = fh.read(4 * 1024 * 1024) if kind_of(name) == "svg" else fh.read(16)
            wrong = check_content(rel, data)
            if wrong:
                problems.append(Problem(f"{label}/{rel}", None, "file", wrong))
    return problems, files


# Smaller copies of a picture (``<name>-640w.jpg``, made by `bulletin import`): the site offers them
# in ``srcset`` wherever the picture itself is shown (bulletin.site.pictures).
COPY = re.compile(r"^(?P<stem>.+)-(?P<w>\d{2,4})w(?P<ext>\.[a-z0-9]+)$", re.I)


def published_files(static: list[str], referenced: set[str]) -> set[str]:
    """The static files to publish: the site's own assets, the files something published references,
    and the smaller copies of those pictures."""
    chosen = {f for f in static if f.startswith(ALWAYS) or f in referenced}
    for f in static:
        m = COPY.match(f)
        if m and m["stem"] + m["ext"] in chosen:
            chosen.add(f)
    return chosen
