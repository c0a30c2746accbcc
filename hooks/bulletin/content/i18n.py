"""UI strings, URL segments and localized dates for each language (data/i18n/<lang>.yml)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel.dates import format_date, format_datetime

from .frontmatter_io import safe_load
from .model import Problem
from .text import nfc

REQUIRED_KEYS = ("code", "name", "locale", "site_name", "routes", "dates", "bylines", "ui")


class Strings(dict):
    """UI strings of one language; a missing key shows as the key itself, never as a crash."""

    def __missing__(self, key: str) -> str:
        return key

    def __getattr__(self, key: str) -> str:
        return self[key]

    def fmt(self, key: str, **values) -> str:
        return self[key].format(**values)

    def count(self, n: int) -> str:
        """'1 item' / '5 items' ('articles_count_one' is used for one where a language has it)."""
        key = "articles_count_one" if n == 1 and "articles_count_one" in self else "articles_count"
        return self[key].format(n=n)


@dataclass
class Language:
    code: str
    name: str
    locale: str
    site_name: str
    site_description: str
    routes: dict
    date_patterns: dict
    bylines: dict
    ui: Strings

    @property
    def prefix(self) -> str:
        """URL prefix of this language's pages: '' for the default language, 'en/' for English."""
        p = self.routes.get("prefix") or ""
        return f"{p}/" if p else ""

    @property
    def babel_locale(self) -> str:
        return self.locale

    def date(self, value: dt.datetime | dt.date, style: str = "long") -> str:
        """Format a date, e.g. 'Thứ Tư, 27/12/2023' / 'Wednesday, 27 December 2023'."""
        pattern = self.date_patterns[style]
        if isinstance(value, dt.datetime):
            return format_datetime(value, pattern, locale=self.locale, tzinfo=value.tzinfo)
        return format_date(value, pattern, locale=self.locale)

    def byline_label(self, role: str | None) -> str:
        return self.bylines.get(role, "") if role else ""


def load_languages(data_dir: str | Path, codes: list[str]) -> dict[str, Language]:
    """Load data/i18n/<code>.yml for each language code; raise ValueError naming what is wrong."""
    out: dict[str, Language] = {}
    problems: list[Problem] = []
    for code in codes:
        path = Path(data_dir) / "i18n" / f"{code}.yml"
        try:
            raw = safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            problems.append(Problem(str(path), None, "", f"cannot read UI strings: {exc}"))
            continue
        missing = [k for k in REQUIRED_KEYS if not isinstance(raw, dict) or k not in raw]
        if missing:
            problems.append(Problem(str(path), None, ",".join(missing), "missing required keys"))
            continue
        out[code] = Language(
            code=raw["code"],
            name=raw["name"],
            locale=raw["locale"],
            site_name=nfc(raw["site_name"]),
            site_description=nfc(raw.get("site_description", "")),
            routes=raw["routes"],
            date_patterns=raw["dates"],
            bylines={k: nfc(v) for k, v in raw["bylines"].items()},
            ui=Strings({k: nfc(str(v)) for k, v in raw["ui"].items()}),
        )
    if problems:
        raise ValueError("\n".join(str(p) for p in problems))
    return out
