"""The site's own CSS and JavaScript under fingerprinted names, and Material's script without its
sitemap requests.

**Fingerprints.** ``assets/bulletin.css`` is written as ``assets/bulletin.<hash>.css`` (the first
eight hex digits of the SHA-256 of its bytes), likewise every file listed in :data:`FINGERPRINTED`;
templates ask for the address with the ``bl_asset`` filter and Material's ``extra_css`` list is
rewritten. A name that changes with the content can be cached for a year
(deploy/nginx/bantin.conf), and a page from one build never gets another build's stylesheet or
script: while a new build is being swapped in, a page already served still finds its own files
(scripts/publish.sh keeps the previous build's fingerprinted files in the new one). ``mkdocs serve``
keeps the plain names.

**Material's script.** Material 9's ``bundle.<hash>.min.js`` takes every ``link[rel=alternate]`` of a
page — hreflang and feed links — and downloads ``sitemap.xml`` relative to each (``<page>/sitemap.xml``,
``feeds/sitemap.xml``…) to map the current page onto the other language when its language selector
is used. Here the selector already links to the counterpart page, so these requests only ever got a
404 (three per page view) or, with absolute hreflang links, went to the production host. The build
writes a copy of the bundle in which that one selector matches nothing
(:data:`ALTERNATE_SELECTOR` → :data:`NO_ALTERNATES`), under its own fingerprint, and base.html's
script tag points to it; the original is not written. If Material's bundle no longer has the selector
exactly once (an upgrade), the build stops with an error naming this module.

Templates: ``{{ 'assets/bulletin.css' | bl_asset | url }}``; ``bl_bundle`` is ``(Material's name,
the name written)`` for base.html's script tag (docs/overrides/main.html).
"""

from __future__ import annotations

import hashlib
import posixpath
import re

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


def apply(config, files: Files, *, fingerprints: bool = True) -> dict[str, str]:
    """Replace Material's bundle and (with *fingerprints*) put the site's assets under fingerprinted
    names; returns {uri asked for: uri written}. ``mkdocs serve`` keeps the plain names: its
    incremental rebuild does not re-render pages when a stylesheet changes."""
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
    config.extra_css = [names.get(c, c) for c in config.extra_css]
    return names


def env(names: dict[str, str], env) -> None:
    """``bl_asset`` filter and ``bl_bundle`` global for the templates."""
    env.filters["bl_asset"] = lambda uri: names.get(uri, uri)
    bundle = next(((posixpath.basename(old), posixpath.basename(new)) for old, new in names.items()
                   if BUNDLE_RE.match(old)), None)
    env.globals["bl_bundle"] = bundle
