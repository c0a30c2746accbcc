"""The bulletin's settings, read from ``extra.bulletin`` in mkdocs.yml and validated."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


class SettingsError(ValueError):
    """One or more settings are wrong. ``messages`` lists each; ``settings`` (when given) holds the
    others, with defaults in place of the wrong ones, so that a caller can go on validating the
    articles and report every problem in one run."""

    def __init__(self, message: str, settings: "Settings | None" = None, messages: list[str] | None = None):
        super().__init__(message)
        self.settings = settings
        self.messages = messages or [message]


@dataclass
class Settings:
    """Every option has a default; unknown keys are errors (they are usually typos)."""

    root: Path = Path(".")
    articles_dir: str = "articles"
    data_dir: str = "data"
    languages: list = field(default_factory=lambda: ["vi", "en"])
    per_page: int = 20
    home_count: int = 20
    older_per_page: int = 200       # items of a numbered (older) listing page, shown as compact rows
    related_count: int = 5
    feed_items: int = 50
    subject_feed_items: int = 10    # items of a unit's or a topic's feed (at most feed_items)
    timezone: str = "Asia/Ho_Chi_Minh"
    preview: bool = False          # show drafts and scheduled items with a banner (mkdocs serve)
    now: dt.datetime | None = None  # publication cut-off; default: the real current time
    jobs: object = "auto"           # processes rendering pages in `mkdocs build`: "auto" or a number
    unit_lineage: bool = True       # a unit's page, feeds and search filter include its predecessors' news
    extra: dict = field(default_factory=dict)  # options of later modules (feeds, search …)

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def articles_path(self) -> Path:
        return (self.root / self.articles_dir).resolve()

    @property
    def data_path(self) -> Path:
        return (self.root / self.data_dir).resolve()

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def current_time(self) -> dt.datetime:
        """The publication cut-off, on the bulletin's calendar (its time zone)."""
        return (self.now or dt.datetime.now(self.tz)).astimezone(self.tz)


_TYPES = {"articles_dir": str, "data_dir": str, "languages": list, "per_page": int,
          "home_count": int, "older_per_page": int, "related_count": int, "feed_items": int, "subject_feed_items": int, "timezone": str, "preview": bool, "unit_lineage": bool}


def parse_now(text: str, tz) -> dt.datetime:
    value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=tz)


def parse_jobs(value, where: str):
    """``auto`` (one process per usable core) or a number of processes, at least 1."""
    if value == "auto":
        return value
    try:
        number = int(value) if not isinstance(value, bool) and str(value).strip().isdigit() else 0
    except ValueError:
        number = 0
    if number < 1:
        raise SettingsError(f"{where}: expected 'auto' or a number of processes (1 renders in one process) "
                            f"but received {value!r}")
    return number


def from_mapping(raw: dict | None, root: Path, environ=os.environ) -> Settings:
    """Build settings from the ``extra.bulletin`` mapping (and BULLETIN_* environment overrides)."""
    raw = dict(raw or {})
    known = {f.name for f in fields(Settings)} - {"root", "extra", "now", "jobs"}
    settings = Settings(root=root)
    errors: list[str] = []   # every wrong setting is reported; each keeps its default meanwhile
    for key, value in raw.items():
        if key == "jobs":   # read below: a number or 'auto'
            continue
        if key not in known:
            # options owned by later modules (feeds, search) are kept for them
            settings.extra[key] = value
            continue
        expected = _TYPES[key]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            errors.append(f"extra.bulletin.{key}: expected {expected.__name__} but received {value!r}")
            continue
        if expected is int and value < 1:
            errors.append(f"extra.bulletin.{key}: expected a positive number but received {value!r}")
            continue
        setattr(settings, key, value)
    try:
        settings.jobs = parse_jobs(environ.get("BULLETIN_JOBS") or raw.get("jobs", "auto"),
                                   "BULLETIN_JOBS" if environ.get("BULLETIN_JOBS") else "extra.bulletin.jobs")
    except SettingsError as exc:
        errors.append(str(exc))
    if not settings.languages or not all(isinstance(x, str) for x in settings.languages):
        errors.append("extra.bulletin.languages: expected a list of language codes like [vi, en]")
        settings.languages = ["vi", "en"]
    try:
        ZoneInfo(settings.timezone)
    except Exception:
        errors.append(f"extra.bulletin.timezone: unknown time zone {settings.timezone!r}")
        settings.timezone = "Asia/Ho_Chi_Minh"
    if environ.get("BULLETIN_NOW"):
        try:
            settings.now = parse_now(environ["BULLETIN_NOW"], settings.tz)
        except ValueError:
            errors.append(f"BULLETIN_NOW: expected an ISO date-time like 2024-01-01T08:00+07:00 but received "
                          f"{environ['BULLETIN_NOW']!r}")
    if environ.get("BULLETIN_PREVIEW") in ("1", "true", "yes"):
        settings.preview = True
    if errors:
        raise SettingsError("\n".join(errors), settings, errors)
    return settings
