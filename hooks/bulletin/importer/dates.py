"""Dates in a raw article: the page's date lines and the event's date in the lead.

- A *page date line* is short and holds a full date: "Ngày đăng: 04/01/2022", "27/12/2023",
  "Chuyển đổi số 27/12/2023" (a section name and the date), "Cập nhật: 08:15 27/12/2023".
- The *lead date* opens the first paragraphs: "Sáng 26/12, …", "Chiều 4-1, …", "Ngày 15/3/2024, …",
  possibly after an outlet's dateline ("QK2 – Chiều 4-1, …").

The article's date is the lead's date (the day of the event, as the bulletin's editors do); its
year, when the lead leaves it out, comes from a full date elsewhere in the text — the page date.
Without a lead date, the page's publication date is used. Nothing else: no guessing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .mentions import fold_same_length as fold
from .rules import Rules

FULL_DATE = re.compile(r"(?<!\d)(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})(?!\d)")
CLOCK = re.compile(r"(?<!\d)(?P<h>[01]?\d|2[0-3])\s*[:hg]\s*(?P<min>[0-5]\d)(?::[0-5]\d)?(?!\d)", re.I)
LEAD_SCAN = 3        # paragraphs searched for the lead date


@dataclass(frozen=True)
class PageDate:
    index: int               # position of the line among the article's lines
    kind: str                # "published" | "updated" | "plain"
    date: dt.date
    time: dt.time | None
    label: str               # the words left on the line besides the date (a section name, …)
    text: str


@dataclass(frozen=True)
class LeadDate:
    day: int
    month: int
    year: int | None
    text: str                # as written: "Sáng 26/12"


@dataclass(frozen=True)
class DateResult:
    value: str | None        # "2023-12-26" or "2023-12-26 08:30" (front matter form), None: unknown
    note: str                # how it was found, or why not (for the report)


def _date(d: int, m: int, y: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _strip_words(text: str, words) -> str:
    for word in sorted(words, key=len, reverse=True):
        text = re.sub(r"(?<!\w)" + re.escape(word) + r"(?!\w)", " ", text, flags=re.I)
    return text


def page_date(line: str, index: int, rules: Rules) -> PageDate | None:
    """A short line that is essentially a date (with a label, a weekday or a section name)."""
    m = FULL_DATE.search(line)
    if not m:
        return None
    day = _date(int(m["d"]), int(m["m"]), int(m["y"]))
    if day is None:
        return None
    rest = (line[: m.start()] + " " + line[m.end():])
    clock = CLOCK.search(rest)
    time = dt.time(int(clock["h"]), int(clock["min"])) if clock else None
    if clock:
        rest = rest[: clock.start()] + " " + rest[clock.end():]
    folded = fold(rest)
    kind = "plain"
    labelled = sorted([(fold(x), "updated") for x in rules.updated_labels]
                      + [(fold(x), "published") for x in rules.published_labels], key=lambda t: -len(t[0]))
    for label, label_kind in labelled:
        hit = re.match(r"\s*" + re.escape(label) + r"(?!\w)\s*:?", folded)
        if hit:
            kind = label_kind
            rest = rest[hit.end():]    # same positions: the folding keeps the length
            break
    rest = _strip_words(rest, rules.weekdays)
    label = " ".join(re.sub(r"[,:|–—()\-]", " ", rest).split())
    if len(label.split()) > rules.max_label_words:
        return None            # a sentence that mentions a date, not a date line
    return PageDate(index, kind, day, time, label, line)


def lead_pattern(rules: Rules) -> re.Pattern:
    """'Sáng 26/12', 'Chiều 4-1', 'Ngày 15/3/2024', 'Sáng nay (26/12)' at the start of a text."""
    words = "|".join(re.escape(w) for w in sorted(rules.day_words, key=len, reverse=True))
    return re.compile(
        r"^(?P<word>" + words + r")\s+(?:ngày\s+)?\(?\s*"
        r"(?P<d>\d{1,2})\s*(?P<sep>[/-])\s*(?P<m>\d{1,2})(?:\s*(?P=sep)\s*(?P<y>\d{4}))?(?![\d/-])\)?",
        re.I)


def lead_date(paragraphs: list[str], rules: Rules) -> LeadDate | None:
    """The event's date opening one of the first paragraphs: "Sáng 26/12, …"."""
    pattern = lead_pattern(rules)
    for text in paragraphs[:LEAD_SCAN]:
        prefix = rules.dateline_prefix.match(text)
        body = text[prefix.end():] if prefix else text
        m = pattern.match(body)
        if m:
            day, month = int(m["d"]), int(m["m"])
            if 1 <= day <= 31 and 1 <= month <= 12:
                return LeadDate(day, month, int(m["y"]) if m["y"] else None, m.group(0).strip())
    return None


def any_full_date(texts: list[str]) -> dt.date | None:
    for text in texts:
        for m in FULL_DATE.finditer(text):
            day = _date(int(m["d"]), int(m["m"]), int(m["y"]))
            if day is not None:
                return day
    return None


def _fmt(day: dt.date, time: dt.time | None = None) -> str:
    return day.isoformat() + (f" {time:%H:%M}" if time else "")


def infer_date(lead: LeadDate | None, pages: list[PageDate], context: list[str]) -> DateResult:
    published = next((p for p in pages if p.kind == "published"), None)
    plain = next((p for p in pages if p.kind == "plain"), None)
    page = published or plain or next((p for p in pages if p.kind == "updated"), None)
    page_text = f"'{page.text}'" if page else ""
    if lead is not None:
        if lead.year is not None:
            day = _date(lead.day, lead.month, lead.year)
            if day:
                return DateResult(_fmt(day), f"theo câu mở bài — from the lead: '{lead.text}'")
        reference = page.date if page else any_full_date(context)
        if reference is None:
            return DateResult(None, f"câu mở bài ghi '{lead.text}' nhưng không có ngày đủ năm nào để biết năm — "
                                   f"the lead says '{lead.text}' but no full date in the text gives the year")
        year = reference.year
        if (lead.month, lead.day) > (reference.month, reference.day):
            year -= 1          # "Sáng 30/12" reported on 02/01: the event was in the previous year
        day = _date(lead.day, lead.month, year)
        if day is None:
            return DateResult(None, f"'{lead.text}' không phải ngày có thật năm {year} — not a real date in {year}")
        where = f"ngày của trang — the page date {page_text}" if page else \
            f"ngày {reference:%d/%m/%Y} trong bài — the date {reference:%d/%m/%Y} in the text"
        return DateResult(_fmt(day), f"theo câu mở bài '{lead.text}', năm theo {where}")
    if published or plain:
        chosen = published or plain
        return DateResult(_fmt(chosen.date, chosen.time), f"theo ngày của trang — from the page date: '{chosen.text}'")
    if page is not None:
        return DateResult(None, f"chỉ có ngày cập nhật {page_text}, không rõ ngày đăng — "
                                 "only an update date was found; the publication date is unknown")
    return DateResult(None, "bài không ghi ngày — no date in the text")
