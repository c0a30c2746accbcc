"""The content model. It knows nothing of files, MkDocs or feeds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file, reported as ``path:line: field: message``.

    Problems sort by file, then line — a problem of the whole file (no line) first — then field and
    message, so a file's problems with and without a line sort together."""

    path: str
    line: int | None
    field: str
    message: str
    severity: str = "error"  # "error" fails the build and `check`; "warning" is reported only

    def _order(self) -> tuple:
        return (self.path, self.line is not None, self.line or 0, self.field, self.message, self.severity)

    def __lt__(self, other: "Problem") -> bool:
        return self._order() < other._order()

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = f"{self.field}: " if self.field else ""
        return f"{where}: {prefix}{self.message}"

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "field": self.field,
            "message": self.message,
            "severity": self.severity,
        }


@dataclass(frozen=True)
class Names:
    """A text in each language of the site."""

    vi: str
    en: str

    def get(self, lang: str) -> str:
        return getattr(self, lang, None) or self.vi


@dataclass(frozen=True)
class Unit:
    id: str
    name: Names
    short: Names
    parent: str | None
    aliases: tuple[str, ...] = ()
    valid_from: dt.date | None = None     # first day it existed (None: before any article)
    valid_to: dt.date | None = None       # last day it existed, inclusive (None: it still exists)
    successors: tuple[str, ...] = ()      # what it became: merged into, renamed to, split into
    change: str | None = None             # merged | renamed | split | dissolved
    menu: bool = False                    # listed in the navigation
    group: str = ""                       # key of its group on the units index page
    path: str = field(default="", compare=False)        # data file and line, for messages
    line: int | None = field(default=None, compare=False)
    lines: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Group:
    """A section of the units index page (the ``group:`` of a units file)."""

    key: str
    name: Names
    order: int = 100


@dataclass(frozen=True)
class Removed:
    """A unit id that was in the registry by mistake and may never be used again."""

    id: str
    reason: Names
    suggest: tuple[str, ...] = ()
    path: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Topic:
    id: str
    name: Names
    short: Names
    aliases: tuple[str, ...] = ()
    description: Names | None = None


@dataclass(frozen=True)
class Byline:
    """'Tin, ảnh: NGỌC THĂNG' → role 'tin-anh', name 'NGỌC THĂNG'."""

    name: str
    role: str | None = None


@dataclass(frozen=True)
class Source:
    name: str
    url: str | None = None


@dataclass(frozen=True)
class Article:
    """One news item in one language, validated."""

    key: str                    # file key shared by translations: articles/2023/<key>.vi.md
    lang: str                   # "vi" or "en"
    path: str                   # source path relative to the project root (for messages)
    id: str                     # stable id (feeds' GUID); shared by translations
    title: str
    date: dt.datetime           # timezone-aware
    date_has_time: bool
    unit: str
    topics: tuple[str, ...]
    body: str                   # Markdown, NFC, LF
    summary: str
    summary_is_derived: bool = False
    authors: tuple[Byline, ...] = ()
    source: Source | None = None
    image: str | None = None
    caption: str | None = None
    slug: str = ""
    updated: dt.datetime | None = None
    draft: bool = False
    translated_from: str | None = None   # fingerprint of the original this translation was made from
    is_translation: bool = False
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def timestamp(self) -> dt.datetime:
        return self.updated or self.date
