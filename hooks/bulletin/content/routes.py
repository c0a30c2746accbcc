"""URLs of every generated page, per language.

A page is named by a language-neutral *route* — ("unit", "qk4", 2) — and each language turns
it into a path with its own segments from data/i18n: /don-vi/qk4/trang/2/ and
/en/units/qk4/page/2/. Articles keep the same dated path in every language
(/2023/12/slug/ and /en/2023/12/slug/), so the counterpart of any page is one lookup away.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    kind: str            # article | home | units | unit | topics | topic | archive | year | month | digest
    args: tuple = ()
    page: int | None = None   # numbered page of a paginated listing (None: the listing's first page)


class Router:
    def __init__(self, languages: dict):
        self.languages = languages

    def src_uri(self, route: Route, lang: str) -> str:
        """Path of the generated Markdown file, relative to docs_dir."""
        seg = self.languages[lang].routes
        prefix = self.languages[lang].prefix
        kind, args = route.kind, route.args
        if kind == "article":
            return f"{prefix}{args[0]}index.md"
        if kind == "home":
            base = ""
        elif kind in ("units", "topics", "archive", "subscribe"):
            base = f"{seg[kind]}/"
        elif kind == "unit":
            base = f"{seg['units']}/{args[0]}/"
        elif kind == "topic":
            base = f"{seg['topics']}/{args[0]}/"
        elif kind == "year":
            base = f"{seg['archive']}/{args[0]:04d}/"
        elif kind == "month":
            base = f"{seg['archive']}/{args[0]:04d}/{args[1]:02d}/"
        elif kind == "digest":
            base = f"{seg['digest']}/{args[0]:04d}/{args[1]:02d}/"
        else:
            raise ValueError(f"unknown route kind {kind!r}")
        if route.page:
            base += f"{seg['page']}/{route.page}/"
        return f"{prefix}{base}index.md"

    def url(self, route: Route, lang: str) -> str:
        """Site-relative URL with directory style: 'en/units/qk4/'."""
        return self.src_uri(route, lang)[: -len("index.md")]
