"""Dates in a raw article: the page's date lines and the event's date in the lead.

- A *page date line* is short and holds a full date: "Ngày đăng: 04/01/2022", "27/12/2023",
  "Chuyển đổi số 27/12/2023" (a section name and the date), "Cập nhật: 08:15 27/12/2023",
  "2025-10-10" (ISO), "Thứ hai, 11 Tháng 12 2023 16:03", "Thứ bảy, 13/12/2025 - 18:38".
- The *lead date* opens one of the first paragraphs: "Sáng 26/12, …", "Chiều 4-1, …", "Ngày 2.2, …",
  "Ngày 15/3/2024, …", possibly after an outlet's prefix ("QK2 – Chiều 4-1", "QPTĐ-Sáng 22/9",
  "(GLO)- Sáng 10-10").

The article's date is the lead's date (the day of the event, as the bulletin's editors do). Its
year, when the lead leaves it out, comes from the text, in this order: the page's date, a year in
the lead sentence ("… năm 2023"), a year in the headline, then the years the text mentions (a full
date "14-2-2023" or "năm 2024", never a period "2021-2025" or a target "đến năm 2030"): the latest
that does not put the event after the import day. When no year is written anywhere, the year is
*assumed*: the most recent such day not after the import day, and the result says so. Without a
lead date, the page's date is used (its publication date, else its only, "Cập nhật" date).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .mentions import fold_same_length as fold
from .rules import Rules, squash

FULL_DATE = re.compile(r"(?<![\d/.-])(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})(?![\d/-])")
ISO_DATE = re.compile(r"(?<![\d/-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d/-])")
WORD_DATE = re.compile(r"(?<!\d)(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?:\s+năm)?,?\s+(?P<y>\d{4})(?!\d)", re.I)
CLOCK = re.compile(r"(?<!\d)(?P<h>[01]?\d|2[0-3])\s*[:hg]\s*(?P<min>[0-5]\d)(?::[0-5]\d)?(?!\d)", re.I)
YEAR_WORD = re.compile(r"(?<![\w-])(?P<before>(?:đến|tới|đến hết|trước)\s+)?năm\s+(?P<y>(?:19|20)\d{2})(?![\d-])", re.I)
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
    sentence: str = ""       # the lead's first sentence (a year in it dates the event)


@dataclass(frozen=True)
class DateResult:
    value: str | None        # "2023-12-26" or "2023-12-26 08:30" (front matter form), None: unknown
    note: str                # how it was found, or why not (for the report)
    assumed: bool = False    # no year in the text: the most recent such day before the import


def _date(d: int, m: int, y: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _strip_words(text: str, words) -> str:
    for word in sorted(words, key=len, reverse=True):
        text = re.sub(r"(?<!\w)" + re.escape(word) + r"(?!\w)", " ", text, flags=re.I)
    return text


def find_full_date(line: str):
    """(date, start, end) of the first full date on the line, in any of the page forms."""
    found = []
    for pattern in (FULL_DATE, ISO_DATE, WORD_DATE):
        for m in pattern.finditer(line):
            day = _date(int(m["d"]), int(m["m"]), int(m["y"]))
            if day is not None:
                found.append((m.start(), m.end(), day))
                break
    if not found:
        return None
    start, end, day = min(found)
    return day, start, end


def page_date(line: str, index: int, rules: Rules) -> PageDate | None:
    """A short line that is essentially a date (with a label, a weekday or a section name)."""
    hit = find_full_date(line)
    if hit is None:
        return None
    day, start, end = hit
    rest = line[:start] + " " + line[end:]
    clock = CLOCK.search(rest)
    time = dt.time(int(clock["h"]), int(clock["min"])) if clock else None
    if clock:
        rest = rest[: clock.start()] + " " + rest[clock.end():]
    rest = re.sub(r"\(?\s*GMT\s*[+-]\s*\d{1,2}(?::?\d{2})?\s*\)?", " ", rest, flags=re.I)
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
    """'Sáng 26/12', 'Chiều 4-1', 'Ngày 2.2', 'Ngày 15/3/2024', 'Sáng nay (26/12)' at the start of a text."""
    words = "|".join(re.escape(w) for w in sorted(rules.day_words, key=len, reverse=True))
    return re.compile(
        r"^(?P<word>" + words + r")\s+(?:ngày\s+)?\(?\s*"
        r"(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})(?:\s*(?P=sep)\s*(?P<y>\d{4}))?(?![\d/.-]?\d)\)?",
        re.I)


def strip_prefix(text: str, rules: Rules) -> str:
    """The paragraph without an outlet's prefix or dateline ("QPTĐ-", "(GLO)- ", "QK2 – ")."""
    for pattern in (rules.outlet_prefix, rules.dateline_prefix):
        m = pattern.match(text) if pattern is not None else None
        if m:
            text = text[m.end():]
    return text


def lead_date(paragraphs: list[str], rules: Rules, inside: bool = True) -> LeadDate | None:
    """The event's date opening one of the first paragraphs: "Sáng 26/12, …"; else a day word and
    a date inside the first sentence of one of them ("… chúc mừng Binh chủng sáng 10/9 nhân …") when
    *inside* (the page has no date line of its own)."""
    pattern = lead_pattern(rules)
    found = _lead_opening(paragraphs, pattern, rules)
    if found is not None or not inside:
        return found
    # parts of the day only: "ngày 10/7/2025" inside a sentence is as often another date of the story
    words = "|".join(re.escape(w) for w in sorted(rules.day_words, key=len, reverse=True) if squash(w) != "ngày")
    inside = re.compile(r"(?<!\w)(?P<word>" + words + r")\s+(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})"
                        r"(?:\s*(?P=sep)\s*(?P<y>\d{4}))?(?![\d/.-]?\d)", re.I)
    for text in paragraphs[:LEAD_SCAN]:
        body = strip_prefix(text, rules)
        sentence = re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])", body, maxsplit=1)[0]
        m = inside.search(sentence)
        if m and 1 <= int(m["d"]) <= 31 and 1 <= int(m["m"]) <= 12:
            return LeadDate(int(m["d"]), int(m["m"]), int(m["y"]) if m["y"] else None, m.group(0).strip(), sentence)
    return None


def _lead_opening(paragraphs: list[str], pattern: re.Pattern, rules: Rules) -> LeadDate | None:
    for text in paragraphs[:LEAD_SCAN]:
        body = strip_prefix(text, rules)
        m = pattern.match(body)
        if m:
            day, month = int(m["d"]), int(m["m"])
            if 1 <= day <= 31 and 1 <= month <= 12:
                sentence = re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])", body, maxsplit=1)[0]
                return LeadDate(day, month, int(m["y"]) if m["y"] else None, m.group(0).strip(), sentence)
    return None


def _fmt(day: dt.date, time: dt.time | None = None) -> str:
    return day.isoformat() + (f" {time:%H:%M}" if time else "")


def years_in(text: str) -> list[tuple[int, str]]:
    """(year, words) the text mentions as a moment: full dates and "năm 2024", not periods or targets."""
    out = []
    for pattern in (FULL_DATE, WORD_DATE):
        for m in pattern.finditer(text):
            if _date(int(m["d"]), int(m["m"]), int(m["y"])):
                out.append((int(m["y"]), m.group(0)))
    for m in YEAR_WORD.finditer(text):
        if m["before"]:
            continue                                  # "đến năm 2030": a target, not when it happened
        after = text[m.end():m.end() + 3]
        if re.match(r"\s*[-–]\s*\d", after):
            continue                                  # "năm 2021-2025": a period
        out.append((int(m["y"]), m.group(0).strip()))
    return out


def _latest_before(day: int, month: int, candidates, today: dt.date | None):
    """The latest (year, words) whose day is a real date not after *today*."""
    best = None
    for year, words in candidates:
        date = _date(day, month, year)
        if date is None or (today is not None and date > today):
            continue
        if best is None or year > best[0]:
            best = (year, words)
    return best


def infer_date(lead: LeadDate | None, pages: list[PageDate], headline: str = "", text: str = "",
               today: dt.date | None = None) -> DateResult:
    published = next((p for p in pages if p.kind == "published"), None)
    plain = next((p for p in pages if p.kind == "plain"), None)
    updated = next((p for p in pages if p.kind == "updated"), None)
    page = published or plain or updated
    if lead is not None:
        if lead.year is not None:
            day = _date(lead.day, lead.month, lead.year)
            if day:
                return DateResult(_fmt(day), f"theo câu mở bài — from the lead: '{lead.text}'")
        if page is not None:
            year = page.date.year
            if (lead.month, lead.day) > (page.date.month, page.date.day):
                year -= 1          # "Sáng 30/12" reported on 02/01: the event was in the previous year
            day = _date(lead.day, lead.month, year)
            if day is None:
                return DateResult(None, f"'{lead.text}' không phải ngày có thật năm {year} — not a real date in {year}")
            return DateResult(_fmt(day), f"theo câu mở bài '{lead.text}', năm theo ngày của trang '{page.text}' — "
                                         f"from the lead, the year from the page date")
        in_sentence = _latest_before(lead.day, lead.month, years_in(lead.sentence), today)
        if in_sentence:
            day = _date(lead.day, lead.month, in_sentence[0])
            return DateResult(_fmt(day), f"theo câu mở bài '{lead.text}', năm trong câu đó ('{in_sentence[1]}') — "
                                         f"from the lead, the year in its sentence")
        in_text = _latest_before(lead.day, lead.month, years_in(headline), today) or \
            _latest_before(lead.day, lead.month, years_in(text), today)
        if in_text:
            day = _date(lead.day, lead.month, in_text[0])
            return DateResult(_fmt(day), f"theo câu mở bài '{lead.text}', năm theo bài ('{in_text[1]}') — "
                                         f"from the lead, the year written in the text")
        if today is None:
            return DateResult(None, f"câu mở bài ghi '{lead.text}' nhưng bài không ghi năm — "
                                    f"the lead says '{lead.text}' but the text gives no year")
        year = today.year
        while _date(lead.day, lead.month, year) is None or _date(lead.day, lead.month, year) > today:
            year -= 1
            if year < today.year - 4:
                return DateResult(None, f"'{lead.text}' không phải ngày có thật — not a real date")
        day = _date(lead.day, lead.month, year)
        return DateResult(_fmt(day), f"NĂM GIẢ ĐỊNH — ASSUMED YEAR: câu mở bài ghi '{lead.text}', bài không ghi năm; "
                                     f"lấy ngày gần nhất không sau ngày nhập {today:%d/%m/%Y} — the text gives no "
                                     f"year: the most recent such day not after the import day; check it",
                          assumed=True)
    if published or plain:
        chosen = published or plain
        return DateResult(_fmt(chosen.date, chosen.time), f"theo ngày của trang — from the page date: '{chosen.text}'")
    if updated is not None:
        return DateResult(_fmt(updated.date, updated.time),
                          f"theo ngày cập nhật, ngày duy nhất của trang — from the page's only date, its update "
                          f"time: '{updated.text}'")
    return DateResult(None, "bài không ghi ngày — no date in the text")
