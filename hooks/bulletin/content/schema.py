"""The article schema: one table of fields used by the build, `bulletin check` and `bulletin new`.

Each field names its type, whether it is required, whether a translation inherits it from
the original, and the function that turns the YAML value into a Python value (raising
:class:`FieldError` with an "expected … but received …" message).
"""

from __future__ import annotations

import datetime as dt
import re
import reprlib
import uuid
from dataclasses import dataclass
from typing import Any, Callable
from urllib.parse import urlsplit

from .model import Byline, Source
from .registry import Registry, suggest
from .text import fold, nfc
from .yaml12 import Number, as_text

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{5,99}$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EARLIEST_YEAR = 1945   # no news item of this bulletin can be older; an earlier year is a typo
LATEST_YEAR = 2100     # a later year is a typo too (and overflows time stamps: gzip's end in 2106)
MAX_SLUG = 80          # URL words, as slugify cuts titles (file names stay far below the system's 255)
HEX_RE = re.compile(r"^[0-9a-f]{8,64}$")
DATE_RE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)


class FieldError(ValueError):
    pass


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 2, 4, 4, 80, 40


def _show(value) -> str:
    """A short repr for messages: YAML aliases can make a value astronomically large."""
    return _REPR.repr(value)


@dataclass(frozen=True)
class Context:
    registry: Registry
    tz: Any
    bylines: dict          # byline labels of every language ('Tin, ảnh', 'Text and photos') → role key
    is_translation: bool = False
    unchecked: frozenset = frozenset()   # "units"/"topics" whose registry failed (reported): ids not checked


def _text(value, ctx, *, multiline=False) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = as_text(value) if isinstance(value, Number) else str(value)   # '1.10' stays '1.10'
    if not isinstance(value, str):
        raise FieldError(f"expected text but received {type(value).__name__} {_show(value)}")
    value = nfc(value).strip()
    if not value:
        raise FieldError("expected text but the field is empty")
    if not multiline and "\n" in value:
        raise FieldError("expected one line of text")
    return value


def parse_date(value, ctx) -> tuple[dt.datetime, bool]:
    """'2023-12-26' → 00:00 Vietnam time (has_time False); '2023-12-26 14:30' → Vietnam time;
    an explicit offset ('+07:00', 'Z') is kept."""
    if isinstance(value, dt.datetime):  # only when called from Python
        return (value if value.tzinfo else value.replace(tzinfo=ctx.tz)), True
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tzinfo=ctx.tz), False
    if not isinstance(value, str):
        raise FieldError(f"expected a date like 2023-12-26 or 2023-12-26 14:30 but received {_show(value)}")
    m = DATE_RE.match(value.strip())
    if not m:
        raise FieldError(f"expected a date like 2023-12-26 or 2023-12-26 14:30 (optionally +07:00) "
                         f"but received {_show(value)}; write the day as YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(m["date"])
    except ValueError as exc:
        raise FieldError(f"{_show(value)} is not a real date ({exc}); check the day and the month "
                         "(YYYY-MM-DD)") from None
    if day.year < EARLIEST_YEAR:
        raise FieldError(f"{_show(value)} is before {EARLIEST_YEAR}: probably a typo in the year (YYYY-MM-DD)")
    if day.year > LATEST_YEAR:   # checked before any conversion: 9999-12-31 at -12:00 overflows
        raise FieldError(f"{_show(value)} is after {LATEST_YEAR}: probably a typo in the year (YYYY-MM-DD)")
    if not m["time"]:
        return dt.datetime.combine(day, dt.time(), tzinfo=ctx.tz), False
    try:
        clock = dt.time.fromisoformat(m["time"])
    except ValueError as exc:
        raise FieldError(f"{_show(value)} has an impossible time ({exc})") from None
    if m["tz"]:
        tz_text = m["tz"].replace("Z", "+00:00")
        if ":" not in tz_text:
            tz_text = tz_text[:3] + ":" + tz_text[3:]
        try:
            stamp = dt.datetime.fromisoformat(f"{day.isoformat()}T{clock.isoformat()}{tz_text}")
        except ValueError:
            raise FieldError(f"{_show(value)} has an impossible offset (expected one between -23:59 and "
                         "+23:59, e.g. +07:00 for Vietnam)") from None
        return stamp, True
    return dt.datetime.combine(day, clock, tzinfo=ctx.tz), True


def _unit(value, ctx) -> str:
    value = _text(value, ctx)
    if value in ctx.registry.units or "units" in ctx.unchecked:
        return value
    hint = ctx.registry.suggest_unit(value)
    removed = ctx.registry.removed.get(value)
    if removed is not None:
        msg = f"unknown unit '{value}': {removed.reason.en}"
    else:
        msg = f"unknown unit '{value}' (expected an id from data/units/, see `bulletin units`)"
    raise FieldError(msg + (f"; did you mean {' or '.join(repr(h) for h in hint)}?" if hint else ""))


def _topics(value, ctx) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",")]
    if not isinstance(value, list) or not value:
        raise FieldError(f"expected a list of topic ids like [cchc, cds] but received {_show(value)}")
    out = []
    for item in value:
        if not isinstance(item, str):
            raise FieldError(f"expected topic ids (text) like [cchc, cds] but received {_show(item)} in the list")
        if item not in ctx.registry.topics and "topics" not in ctx.unchecked:
            hint = ctx.registry.suggest_topic(item)
            raise FieldError(f"unknown topic '{item}' (expected ids from data/topics.yml)"
                             + (f"; did you mean '{hint[0]}'?" if hint else ""))
        if item in out:
            raise FieldError(f"topic '{item}' is listed twice")
        out.append(item)
    return tuple(out)


def parse_byline(text: str, bylines: dict) -> Byline:
    """'Tin, ảnh: NGỌC THĂNG' → Byline('NGỌC THĂNG', 'tin-anh')."""
    text = nfc(text).strip()
    if ":" in text:
        label, name = (part.strip() for part in text.split(":", 1))
        role = next((r for lbl, r in bylines.items() if fold(lbl) == fold(label)), None)
        if role is None:
            hint = suggest(label, {lbl: lbl for lbl in bylines})
            raise FieldError(f"unknown byline role '{label}' (expected a label from data/i18n, e.g. "
                             f"'Tin', 'Ảnh', 'Tin, ảnh', 'Bài, ảnh')"
                             + (f"; did you mean '{hint[0]}'?" if hint else ""))
        if not name:
            raise FieldError(f"byline '{text}' has no name after the colon")
        return Byline(name=name, role=role)
    return Byline(name=text, role=None)


def _authors(value, ctx) -> tuple[Byline, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise FieldError(f"expected a list of bylines like [\"Tin, ảnh: NGỌC THĂNG\"] but received {_show(value)}")
    out = []
    for item in value:
        if isinstance(item, dict):
            name = _text(item.get("name"), ctx)
            role = item.get("role")
            if role is not None and (not isinstance(role, str) or role not in set(ctx.bylines.values())):
                raise FieldError(f"unknown byline role {_show(role)} (expected one of: "
                                 + ", ".join(sorted(set(ctx.bylines.values()))) + ")")
            out.append(Byline(name=name, role=role))
        else:
            out.append(parse_byline(_text(item, ctx), ctx.bylines))
    return tuple(out)


def _url(value: str, *, what: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FieldError(f"expected an http(s) URL for {what} but received {_show(value)}")
    return value


def _source(value, ctx) -> Source:
    if isinstance(value, str):
        return Source(name=_text(value, ctx))
    if isinstance(value, dict):
        unknown = set(value) - {"name", "url"}
        if unknown:
            raise FieldError(f"unknown key(s) {sorted(unknown)} (expected name and url)")
        name = _text(value.get("name"), ctx)
        url = value.get("url")
        return Source(name=name, url=_url(_text(url, ctx), what="source.url") if url is not None else None)
    raise FieldError(f"expected a name or {{name: …, url: …}} but received {_show(value)}")


def _image(value, ctx) -> str:
    value = _text(value, ctx)
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        raise FieldError(f"expected a path to an image stored with the site (e.g. images/2023/anh.jpg) but "
                         f"received a URL {_show(value)}: the bulletin makes no request to other sites; "
                         "download the picture into docs/images/")
    if value.startswith("/") or ".." in value.split("/"):
        raise FieldError(f"expected a path relative to docs/ (e.g. images/2023/anh.jpg) but received {_show(value)}")
    if not re.search(r"\.(jpe?g|png|webp|gif|svg|avif)$", value, re.I):
        raise FieldError(f"expected an image file (.jpg, .png, .webp, .gif, .svg, .avif) but received {_show(value)}")
    return value


def _pictures(value, ctx) -> tuple:
    """[{file: images/2023/12/x.jpg, url: https://…}]: where each downloaded picture came from."""
    if not isinstance(value, list) or not value:
        raise FieldError(f"expected a list like [{{file: images/2023/12/anh.jpg, url: https://…}}] (the original "
                         f"address of each picture) but received {_show(value)}")
    out = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"file", "url"}:
            raise FieldError(f"expected {{file: …, url: …}} for each picture but received {_show(item)}")
        out.append((_image(item["file"], ctx), _url(_text(item["url"], ctx), what="pictures.url")))
    return tuple(out)


def _slug(value, ctx) -> str:
    value = _text(value, ctx)
    if len(value) > MAX_SLUG:
        raise FieldError(f"expected at most {MAX_SLUG} characters (a few words) but received {len(value)}; shorten it")
    if not SLUG_RE.match(value):
        from .text import slugify
        raise FieldError(f"expected lowercase ASCII words joined by hyphens but received {_show(value)}; "
                         f"did you mean '{slugify(value)}'?")
    return value


def _bool(value, ctx) -> bool:
    if isinstance(value, bool):
        return value
    raise FieldError(f"expected true or false but received {_show(value)}")


def _id(value, ctx) -> str:
    value = _text(value, ctx)
    if not ID_RE.match(value):
        raise FieldError(f"expected a stable id of 6–100 letters, digits, '-', '.', ':' or '_' (e.g. a UUID "
                         f"made by `bulletin new`) but received {_show(value)}")
    return canonical_id(value)


_UUID_SPELLING = re.compile(r"^(?:urn:uuid:)?\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$", re.I)


def canonical_id(value: str) -> str:
    """One spelling per UUID (lower case, hyphenated, no 'urn:uuid:'), so that two spellings of one
    UUID are one id (and one feed GUID); any other id is kept as written."""
    if _UUID_SPELLING.match(value):
        return str(uuid.UUID(value.lower().removeprefix("urn:uuid:").strip("{}")))
    return value


def _hex(value, ctx) -> str:
    value = _text(value, ctx)
    if not HEX_RE.match(value):
        raise FieldError(f"expected the fingerprint written by `bulletin translated` (hex digits) but received {_show(value)}")
    return value


@dataclass(frozen=True)
class Field:
    name: str
    parse: Callable
    required: bool = False
    inherited: bool = False       # a translation takes it from the original (may repeat it, equal)
    original_only: bool = False   # only the original may set it
    translation_only: bool = False
    help: str = ""


FIELDS: dict[str, Field] = {f.name: f for f in (
    Field("id", _id, inherited=True, help="stable id for feeds (a UUID); shared by translations"),
    Field("title", _text, required=True, help="headline"),
    Field("date", parse_date, required=True, inherited=True,
          help="publication date, Vietnam time: 2023-12-26 or 2023-12-26 14:30"),
    Field("unit", _unit, required=True, inherited=True, help="unit id from data/units/"),
    Field("topics", _topics, required=True, inherited=True, help="topic ids from data/topics.yml"),
    Field("summary", lambda v, c: _text(v, c, multiline=True), help="one or two sentences; default: the first paragraph"),
    Field("authors", _authors, inherited=True, help='bylines as printed: ["Tin, ảnh: NGỌC THĂNG"]'),
    Field("source", _source, inherited=True, help="{name: dangcongsan.vn, url: https://dangcongsan.vn}"),
    Field("image", _image, inherited=True, help="picture stored under docs/, e.g. images/2023/anh.jpg"),
    Field("caption", _text, help="caption of the picture"),
    Field("pictures", _pictures, inherited=True,
          help="original address of each downloaded picture: [{file: images/2023/12/anh.jpg, url: https://…}]"),
    Field("slug", _slug, original_only=True, help="URL words; default: from the title"),
    Field("updated", lambda v, c: parse_date(v, c)[0], help="date of the last real correction"),
    Field("draft", _bool, help="true keeps the article out of the published site"),
    Field("trusted_html", _bool, help="true keeps raw HTML of the body as written (trusted editors only); "
                                      "by default it is sanitized"),
    Field("translated_from", _hex, translation_only=True,
          help="fingerprint of the original the translation was made from (`bulletin translated`)"),
)}

REQUIRED = tuple(f.name for f in FIELDS.values() if f.required)
