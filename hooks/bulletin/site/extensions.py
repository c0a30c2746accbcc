"""Parts of the build beyond the core pages (feeds, search, …), plugged in by name.

Each module named in ``NAMES`` may define any of:

- ``plan(site) -> list[PageSpec]``          extra generated pages (per language)
- ``context(site, view, spec) -> None``     add data to a page's view (``bulletin`` in templates)
- ``page_built(site, page, output) -> None`` see the final HTML of each page MkDocs writes
- ``post_build(site, config) -> None``      write extra files into ``config.site_dir``
- ``env(site, env) -> None``                add helpers to the Jinja environment (``env.globals``)
"""

from __future__ import annotations

import importlib

NAMES: list[str] = ["bulletin.speed.navcache", "bulletin.site.digest", "bulletin.site.social", "bulletin.site.sitemap", "bulletin.site.notfound", "bulletin.feeds.channels", "bulletin.search.extension", "bulletin.site.admin"]


def modules() -> list:
    return [importlib.import_module(name) for name in NAMES]


def call(hook: str, *args, skip: frozenset | set = frozenset()) -> list:
    """Call *hook* on every extension that defines it (but those named in *skip*); return the
    results in order."""
    out = []
    for module in modules():
        fn = getattr(module, hook, None) if module.__name__ not in skip else None
        if fn is not None:
            out.append(fn(*args))
    return out
