"""First pass of the importer: raw text → the lines that may belong to the article.

Drops layout words, visitor counters, comment and captcha forms, "Mời bạn đọc…" and e-mail
notices (the rules of ``data/importer.yml``), and everything after the page footer begins.
Remembers where a picture was (``leftcenterrightdel``), because the line after it is a caption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..content.text import clean_text
from .rules import Rules, squash

SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
SPACE_BEFORE_MARK = re.compile(r"\s+([.,;:!?])(?=\s|$)")
LONG_PARAGRAPH = 100   # a line this long is article text: the footer can only begin after one


@dataclass
class Line:
    text: str
    number: int              # line number in the raw text (1-based), for the report
    after_image: bool = False


@dataclass
class Removed:
    number: int
    text: str
    reason: str              # "junk" | "footer" | "marker"


def tidy(line: str) -> str:
    """One line: single spaces, no space before punctuation, no surrounding spaces."""
    line = SPACES.sub(" ", line).strip()
    return SPACE_BEFORE_MARK.sub(r"\1", line)


LABEL_CLOCK = re.compile(r"(?<!\d)(?:[01]?\d|2[0-3])\s*[:hg]\s*[0-5]\d(?::[0-5]\d)?(?!\d)", re.I)


def _date_label(text: str, rules: Rules) -> bool:
    """'Cập nhật, 05:55,': only a date label and a time (the head of one date line, not another line)."""
    rest = LABEL_CLOCK.sub(" ", text)
    key = " ".join(re.sub(r"[,:|–—()\-]", " ", rest).split()).casefold()
    return not key or key in {squash(x) for x in (*rules.updated_labels, *rules.published_labels)}


def split_glued(raw_lines: list[str], rules: Rules) -> list[tuple[int, str]]:
    """(line number, text): a page date glued to the line before it becomes its own line (not the
    label and time of the same date line: "Cập nhật, 05:55, Thứ Bảy, 12/03/2022")."""
    out = []
    for number, raw in enumerate(raw_lines, 1):
        m = rules.glued_date.search(raw) if rules.glued_date is not None else None
        if m and m.start() > 0 and raw[: m.start()].strip() and not _date_label(raw[: m.start()], rules):
            out.append((number, raw[: m.start()]))
            out.append((number, raw[m.start():]))
        else:
            out.append((number, raw))
    return out


def table_cell(line: str) -> str | None:
    """'Quang cảnh hội nghị. |' → 'Quang cảnh hội nghị.': the text of a photo table's cell, else None."""
    if "|" not in line or line.count("|") > 2:
        return None
    core = line.strip().strip("|").strip()
    if core and (line.strip().startswith("|") or line.strip().endswith("|")) and "|" not in core:
        return core
    return None


def clean_lines(text: str, rules: Rules) -> tuple[list[Line], list[Removed]]:
    kept: list[Line] = []
    removed: list[Removed] = []
    picture = False
    started = False
    raw_lines = clean_text(text).split("\n")
    numbered = split_glued(raw_lines, rules)
    for position, (number, raw) in enumerate(numbered):
        line = tidy(raw)
        if not line:
            continue
        cell = table_cell(line)
        if cell is not None:
            line = cell
            picture = True
        if started and rules.is_end_marker(line):
            removed.append(Removed(number, line, "footer"))
            removed.extend(Removed(n, tidy(r), "footer") for n, r in numbered[position + 1:] if tidy(r))
            break
        if rules.is_image_marker(line):
            removed.append(Removed(number, line, "marker"))
            picture = True
            continue
        if rules.is_junk(line):
            removed.append(Removed(number, line, "junk"))
            continue
        kept.append(Line(line, number, after_image=picture))
        picture = False
        if len(line) >= LONG_PARAGRAPH:
            started = True
    return kept, removed
