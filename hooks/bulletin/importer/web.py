"""A news page, read by :mod:`.page`, through the bulletin's text rules (:mod:`.pipeline`).

The page is written out as the text an editor would have copied — headline, a "Ngày đăng:" line
from the page's publication time, the paragraphs, and each captioned picture as the picture marker
of ``data/importer.yml`` followed by its caption — and :func:`.pipeline.import_text` reads it: the
event's date in the lead, the unit, the topics, the bylines as printed, the junk lines. So a page
and its copied text give the same article. Then the page's metadata fills what the text lacks
(the authors of JSON-LD, the source) and says where the title and the date came from.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from .junk import tidy
from .page import Page, Picture
from .pipeline import Imported, import_text
from .rules import Rules

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|zarsrc|zaloapp|ref|source)=", re.I)


@dataclass
class Slot:
    """One of the article's pictures, in reading order."""
    picture: Picture
    caption: str | None
    after_text: str | None        # the paragraph it followed on the page (None: before the text)
    lead: bool = False
    # filled once the picture is fetched and named:
    name: str = ""
    width: int | None = None
    height: int | None = None


@dataclass
class PageImport:
    imported: Imported
    page: Page
    slots: list[Slot] = field(default_factory=list)


def canonical_url(url: str | None) -> str | None:
    """An address as compared for duplicates: lower-case scheme and host, no fragment, no tracking
    parameters, no trailing slash difference."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        return None
    query = "&".join(q for q in parts.query.split("&") if q and not TRACKING.match(q))
    path = parts.path.rstrip("/") or "/"
    host = parts.netloc.lower().removeprefix("www.")
    return urlunsplit(("https", host, path, query, ""))


def date_line(value: str | None) -> str | None:
    """'2022-01-04T13:15:33+00:00' → 'Ngày đăng: 04/01/2022 20:15' (Vietnam time), for the text rules."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00").replace(" ", "T", 1)
    text = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", text)
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        try:
            when = dt.datetime.fromisoformat(text[:10])
        except ValueError:
            return None
        return f"Ngày đăng: {when:%d/%m/%Y}"
    if when.tzinfo is not None:
        return f"Ngày đăng: {when.astimezone(VIETNAM):%d/%m/%Y %H:%M}"
    if len(text) <= 10:
        return f"Ngày đăng: {when:%d/%m/%Y}"
    return f"Ngày đăng: {when:%d/%m/%Y %H:%M}"


def page_text(page: Page, marker: str) -> tuple[str, str | None]:
    """(the page as text for the rules, the date line written into it)."""
    lines = []
    if page.title:
        lines.append(page.title)
    when = date_line(page.published)
    if when:
        lines.append(when)
    lines.extend(page.header_lines)
    by_after: dict[int, list[Picture]] = {}
    for pic in page.pictures:
        by_after.setdefault(pic.after, []).append(pic)

    def pictures_after(i: int) -> None:
        for pic in by_after.get(i, []):
            if pic.caption:
                lines.extend([marker, pic.caption])

    pictures_after(-1)
    for i, paragraph in enumerate(page.paragraphs):
        lines.append(paragraph)
        pictures_after(i)
    return "\n\n".join(lines) + "\n", when


def import_page(page: Page, registry, rules: Rules, byline_labels: list[str], marker: str) -> PageImport:
    text, when = page_text(page, marker)
    imported = import_text(text, registry, rules, byline_labels)
    imported.removed = [r for r in imported.removed if r.reason != "marker"]    # markers we wrote ourselves
    f, notes = imported.fields, imported.notes
    if f.get("title") and page.title and f["title"] == page.title:
        notes["title"] = f"{page.title_from} của trang — the page's {page.title_from}"
    if when and f.get("date") and "Ngày đăng" in notes.get("date", ""):
        notes["date"] = notes["date"].replace(f"'{when}'", f"{page.published_from} = {page.published}")
    if not f.get("authors") and page.authors:
        f["authors"] = page.authors
        notes["authors"] = "tác giả trong siêu dữ liệu của trang (JSON-LD/meta author) — the page's metadata author"
    site = page.site_name or (urlsplit(page.url).netloc.removeprefix("www.") if page.url else None)
    source = f.get("source") or ({"name": site} if site else None)
    if source is not None and page.url and urlsplit(page.url).scheme in ("http", "https"):
        source = {"name": source["name"], "url": page.url}
        notes["source"] = ("địa chỉ của bài (canonical/og:url) — the article's address; "
                           + notes.get("source", ""))
    f["source"] = source
    captions_kept = {c for c in imported.captions}
    slots = []
    for pic in page.pictures:
        after = page.paragraphs[pic.after] if 0 <= pic.after < len(page.paragraphs) else None
        caption = tidy(pic.caption) if pic.caption and tidy(pic.caption) in captions_kept else None
        slots.append(Slot(pic, caption, tidy(after) if after else None))
    return PageImport(imported, page, slots)


def choose_lead(slots: list[Slot], og_image: str | None) -> Slot | None:
    """The lead photo: the page's og:image when it is one of the article's photos, else the first."""
    if not slots:
        return None
    if og_image:
        def key(url: str) -> str:
            parts = urlsplit(url)
            return parts.path.rsplit("/", 1)[-1].lower()
        for slot in slots:
            if key(slot.picture.url) == key(og_image):
                return slot
    return slots[0]
