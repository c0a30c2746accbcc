"""A dry render for `bulletin check`: every article's text is turned into HTML with the site's own
Markdown extensions (``markdown_extensions`` of mkdocs.yml), as the build will, and anything that
fails — whatever the reason — is a problem naming the article and the line its text starts on.

The text gate (bulletin.content.gate) keeps the known causes out (deep nesting, long runs of marks,
brackets); this is the net under it, so that whatever fails the build fails `check` first. It costs
one Markdown render per article checked (a few milliseconds).
"""

from __future__ import annotations

import markdown

from .model import Problem


def _extensions(configured) -> tuple[list, dict]:
    names, configs = [], {}
    for item in configured or []:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            for name, config in item.items():
                names.append(name)
                if isinstance(config, dict):
                    configs[name] = config
    return names, configs


def renderer(configured) -> markdown.Markdown:
    """A Markdown converter with the extensions of mkdocs.yml (those that cannot be loaded are left out)."""
    names, configs = _extensions(configured)
    usable = []
    for name in names:
        try:
            markdown.Markdown(extensions=[name], extension_configs={name: configs[name]} if name in configs else {})
        except Exception:   # noqa: BLE001 - an extension this checker cannot load is the build's to report
            continue
        usable.append(name)
    return markdown.Markdown(extensions=usable, extension_configs={k: v for k, v in configs.items() if k in usable})


def problems(articles, configured, wanted: set[str] | None = None) -> list[Problem]:
    """A problem for each article (of *wanted* paths, or all) whose text cannot be rendered."""
    md = renderer(configured)
    found = []
    for article in articles:
        if wanted is not None and article.path not in wanted:
            continue
        try:
            md.reset().convert(article.body)
        except (Exception, RecursionError) as exc:   # noqa: BLE001 - any failure is reported, never raised
            what = f"{type(exc).__name__}: {exc}"[:160]
            found.append(Problem(article.path, article.extra.get("text_line"), "body",
                                 f"the text cannot be turned into a page ({what}); simplify its structure "
                                 "(nesting, repeated marks) around the place it fails"))
    return found
