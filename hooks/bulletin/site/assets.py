"""The site's own CSS and JavaScript under fingerprinted names, and Material's script without its
sitemap requests.

**Fingerprints.** ``assets/bulletin.css`` is written as ``assets/bulletin.<hash>.css`` (the first
eight hex digits of the SHA-256 of its bytes), likewise every file listed in :data:`FINGERPRINTED`;
templates ask for the address with the ``bl_asset`` filter and Material's ``extra_css`` list is
rewritten. A name that changes with the content can be cached for a year
(deploy/nginx/bantin.conf), and a page from one build never gets another build's stylesheet or
script: while a new build is being swapped in, a page already served still finds its own files
(scripts/publish.sh keeps the previous build's fingerprinted files in the new one). In an incremental
preview a changed stylesheet changes every page's inputs (bulletin.speed.incremental's site key has
each static file's address), so every page is rebuilt with the new name.

**Material's script.** Material 9's ``bundle.<hash>.min.js`` takes every ``link[rel=alternate]`` of a
page — hreflang and feed links — and downloads ``sitemap.xml`` relative to each (``<page>/sitemap.xml``,
``feeds/sitemap.xml``…) to map the current page onto the other language when its language selector
is used. Here the selector already links to the counterpart page, so these requests only ever got a
404 (three per page view) or, with absolute hreflang links, went to the production host. The build
writes a copy of the bundle in which that one selector matches nothing
(:data:`ALTERNATE_SELECTOR` → :data:`NO_ALTERNATES`), under its own fingerprint, and base.html's
script tag points to it; the original is not written. If Material's bundle no longer has the selector
exactly once (an upgrade), the build stops with an error naming this module.

**Icons.** The header's icons (logo, menu, language, search, close) were inline SVG in every page
(1.8 KB each time). The build writes them once into ``assets/icons.<hash>.css`` — each icon of the
installed Material theme as a CSS mask of its own SVG file — and the templates print
``<span class="bl-i bl-i--NAME">``. In forced-colours (high-contrast) mode they take the text colour.

Templates: ``{{ 'assets/bulletin.css' | bl_asset | url }}``; ``bl_bundle`` is ``(Material's name,
the name written)`` for base.html's script tag (docs/overrides/main.html).
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path
from urllib.parse import quote

from mkdocs.structure.files import File, Files

FINGERPRINTED = ("assets/bulletin.css", "assets/search/search.css", "assets/search/search.js",
                 "assets/bl-404.js")
BUNDLE_RE = re.compile(r"^assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js$")
ALTERNATE_SELECTOR = b'"link[rel=alternate]"'
NO_ALTERNATES = b'"link[rel=alternate][data-md-sitemap]"'
SOURCE_MAP_RE = re.compile(rb"\n//# sourceMappingURL=[^\n]*\s*$")


class AssetError(Exception):
    pass


def fingerprint(uri: str, data: bytes) -> str:
    stem, ext = posixpath.splitext(uri)
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:8]}{ext}"


def patch_bundle(data: bytes, name: str) -> bytes:
    count = data.count(ALTERNATE_SELECTOR)
    if count != 1:
        raise AssetError(f"{name}: Material's script has {count} times {ALTERNATE_SELECTOR.decode()} "
                         "(expected once): bulletin.site.assets must be updated for this Material version")
    data = data.replace(ALTERNATE_SELECTOR, NO_ALTERNATES)
    # The source map describes the original file: drop the reference rather than mislead.
    return SOURCE_MAP_RE.sub(b"\n", data)


def rename(file: File, dest_uri: str) -> None:
    """Make *file* be written at *dest_uri* (MkDocs caches the derived addresses)."""
    file.dest_uri = dest_uri
    for attr in ("url", "abs_dest_path"):
        file.__dict__.pop(attr, None)


# name -> (theme.icon key, default icon of Material's icon set)
ICONS = {"logo": ("logo", "material/library"), "menu": ("menu", "material/menu"),
         "lang": ("alternate", "material/translate"), "search": ("search", "material/magnify"),
         "close": ("close", "material/close"), "top": ("top", "material/arrow-up")}
ICONS_URI = "assets/icons.css"
ICON_SIZES = """.bl-i{display:block;width:1.2rem;height:1.2rem;background-color:currentcolor;\
-webkit-mask:var(--bl-i) center/contain no-repeat;mask:var(--bl-i) center/contain no-repeat}
.md-nav__title .md-logo .bl-i{width:2.4rem;height:2.4rem}
.md-top .bl-i{display:inline-block;vertical-align:-.25em;margin-right:.25em}
@media (forced-colors:active){.bl-i{background-color:CanvasText}}
"""


def icon_css(config) -> bytes:
    """CSS with one mask per icon of :data:`ICONS`, read from the installed theme's .icons/."""
    theme_icons = dict(config.theme.get("icon") or {})
    lines = [ICON_SIZES]
    for name, (key, default) in ICONS.items():
        icon = theme_icons.get(key) or default
        svg = None
        for d in config.theme.dirs:
            path = Path(d) / ".icons" / f"{icon}.svg"
            if path.is_file():
                svg = path.read_text(encoding="utf-8").strip()
                break
        if svg is None:
            raise AssetError(f"theme icon {icon!r} (theme.icon.{key}) not found")
        lines.append(f'.bl-i--{name}{{--bl-i:url("data:image/svg+xml,{quote(svg, safe=" =:/;,.-")}")}}\n')
    return "".join(lines).encode("utf-8")


def apply(config, files: Files, *, fingerprints: bool = True) -> dict[str, str]:
    """Replace Material's bundle and (with *fingerprints*) put the site's assets under fingerprinted
    names; returns {uri asked for: uri written}."""
    names: dict[str, str] = {}
    for f in list(files):
        uri = f.src_uri
        if uri in FINGERPRINTED and fingerprints:
            with open(f.abs_src_path, "rb") as fh:
                new = fingerprint(uri, fh.read())
            rename(f, new)
            names[uri] = new
        elif BUNDLE_RE.match(uri) and f.abs_src_path:
            with open(f.abs_src_path, "rb") as fh:
                data = patch_bundle(fh.read(), uri)
            new = re.sub(r"\.[0-9a-f]{8}\.min\.js$", f".{hashlib.sha256(data).hexdigest()[:8]}.min.js", uri)
            files.remove(f)
            files.append(File.generated(config, new, content=data))
            names[uri] = new
    css = icon_css(config)
    icons = fingerprint(ICONS_URI, css) if fingerprints else ICONS_URI
    files.append(File.generated(config, icons, content=css))
    names[ICONS_URI] = icons
    config.extra_css = [names.get(c, c) for c in config.extra_css] + [icons]
    return names


def env(names: dict[str, str], env) -> None:
    """``bl_asset`` filter and ``bl_bundle`` global for the templates."""
    env.filters["bl_asset"] = lambda uri: names.get(uri, uri)
    bundle = next(((posixpath.basename(old), posixpath.basename(new)) for old, new in names.items()
                   if BUNDLE_RE.match(old)), None)
    env.globals["bl_bundle"] = bundle
