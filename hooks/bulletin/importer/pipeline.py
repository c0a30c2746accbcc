"""`bulletin import`: a raw article copied from a news page → the fields and text of a clean article.

The steps, each in its own module:

1. :mod:`junk`      drop layout junk, menus, breadcrumbs, counters, comment forms, the page footer;
2. this module      the page's head (site name, sections, outlet, dates) and the headline;
3. :mod:`fields`    bylines, source;
4. :mod:`body`      paragraphs, subheadings and picture captions as Markdown;
5. :mod:`dates`     the page's date lines and the lead's "Sáng 26/12", the year;
6. :mod:`units`     the unit the headline and lead are about;
7. :mod:`mentions`  topics named in the text (registry names and aliases).

It never invents: a field it cannot establish from the text stays empty, with the reason in
``notes``, and the written file fails ``bulletin check`` until an editor fills it in. A unit the
registry lacks is quoted, never replaced by another unit the text mentions.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field

from .body import Block, has_credit as ends_with_credit, is_caption, is_heading, strip_label, to_markdown
from .dates import PageDate, infer_date, lead_date, lead_pattern, page_date, strip_prefix
from .fields import (ends_sentence, is_affiliation, is_name_line, is_signature, looks_like_title, opens_with_title,
                     parse_bylines, parse_source, sentences)
from .junk import LONG_PARAGRAPH, Removed, clean_lines
from .language import guess, vietnamese_share
from ..content.text import fold
from .mentions import Matcher, fold_same_length, topic_names
from .rules import Rules, squash
from .units import UnitFinder, choose_unit

REQUIRED = ("title", "date", "unit", "topics")


class ImportRefused(ValueError):
    """The input is not a Vietnamese news article the importer can read (empty, binary, another language)."""


@dataclass
class Imported:
    fields: dict                                   # title, date, unit, topics, authors, source (None: unknown)
    body: str
    notes: dict = field(default_factory=dict)      # field → how it was found, or why not
    also_mentioned: list = field(default_factory=list)   # [(topic id, count)] not chosen
    removed: list = field(default_factory=list)    # [junk.Removed]
    captions: list = field(default_factory=list)   # caption texts
    date_assumed: bool = False                     # the text gives no year: the year was assumed
    headings: list = field(default_factory=list)   # subheading texts
    unknown_unit: str | None = None                # words naming a unit the registry lacks

    @property
    def missing(self) -> list[str]:
        return [name for name in REQUIRED if not self.fields.get(name)]


def check_input(text: str, rules: Rules) -> None:
    if not text.strip():
        raise ImportRefused("tệp rỗng — the file is empty: chép nội dung bài vào tệp rồi nhập lại — paste the "
                            "article's text into it and import again")
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if "\x00" in text or control > max(3, len(text) // 200):
        raise ImportRefused("không phải văn bản (tệp nhị phân?) — not text (a binary file?): hãy chép chữ của bài vào "
                            "một tệp .txt — copy the article's text into a .txt file")


def import_text(text: str, registry, rules: Rules, byline_labels: list[str], today: dt.date | None = None) -> Imported:
    check_input(text, rules)
    lines, removed = clean_lines(text, rules)
    lines = _split_glued_headline(lines, rules)
    prose = " ".join(ln.text for ln in lines if len(ln.text) >= 40) or " ".join(ln.text for ln in lines)
    if vietnamese_share(prose) < rules.min_vietnamese_share:
        raise ImportRefused(f"không phải bài tiếng Việt (có vẻ là {guess(prose)}) — not a Vietnamese article: "
                            "bản tin nhập bài gốc tiếng Việt; bản dịch là tệp .en.md bên cạnh bài gốc — the bulletin "
                            "imports Vietnamese originals; a translation is an .en.md file beside its original")
    topics = Matcher(topic_names(registry))
    notes: dict = {}

    def drop(i: int, reason: str):
        removed.append(Removed(lines[i].number, lines[i].text, reason))
        used.add(i)

    # -- the page's head: lines before the first real paragraph --
    first_long = next((i for i, ln in enumerate(lines) if _is_paragraph(ln.text)), len(lines))
    pages: list[PageDate] = []
    category: list[str] = []
    used: set[int] = set()
    province = None
    title = None
    title_index = None
    source = None
    authors: list[str] = []
    for i in range(min(first_long + 1, len(lines))):
        text = lines[i].text
        found = page_date(text, i, rules)
        if found is not None and i < first_long:
            pages.append(found)
            used.add(i)
            if found.label:
                category += _whole_topic(found.label, topics)
            continue
        outlet = rules.outlet_named(text)
        if outlet is not None and i < first_long:
            if title is None:
                if outlet[2] and province is None:
                    province = (outlet[2], text)
                drop(i, "header")
            elif source is None and i == title_index + 1:
                source = {"name": text}
                used.add(i)
            else:
                drop(i, "header")
            continue
        if title is not None:
            if i >= first_long:
                break
            name = is_name_line(text, rules)
            if name and parse_bylines(text, rules, byline_labels) is None:
                if i + 1 < first_long and _all_caps_name(name) and is_affiliation(lines[i + 1].text) \
                        and not rules.is_section(lines[i + 1].text):
                    name = f"{name}, {lines[i + 1].text}"
                    used.add(i + 1)
                authors.append(name)
                used.add(i)
                continue
            if rules.is_section(text) or _prefix_alone(text, rules):
                drop(i, "header")
            continue
        if i in used:
            continue
        if i < first_long and opens_with_title(text, rules):
            # authors printed above the text of a copy without its headline (a journal's article):
            # "Trung tá, ThS. Vũ Trường Duy" / "Trung tá, ThS. …" / "Học viện Chính trị, Bộ Quốc phòng"
            run = [i]
            while run[-1] + 1 < first_long and opens_with_title(lines[run[-1] + 1].text, rules):
                run.append(run[-1] + 1)
            after = run[-1] + 1
            where = ""
            if after < first_long and is_affiliation(lines[after].text) and not rules.is_section(lines[after].text) \
                    and not opens_with_title(lines[after].text, rules):
                where = f", {lines[after].text}"
                used.add(after)
            for j in run:
                authors.append(f"{is_name_line(lines[j].text, rules)}{where}")
                used.add(j)
            continue
        if rules.is_section(text) or rules.is_header(text) or _prefix_alone(text, rules):
            drop(i, "header")
            continue
        if _whole_topic(text, topics):
            category += _whole_topic(text, topics)
            used.add(i)
            continue
        if _all_caps(text) and not (rules.caps_headline_min_words
                                    and len(text.split()) >= rules.caps_headline_min_words):
            drop(i, "header")               # the site's name ("BÁO QUÂN ĐỘI NHÂN DÂN"), never the headline
            continue
        candidate = _without_section(text, rules)
        if not lines[i].after_image and looks_like_title(candidate, rules) \
                and parse_bylines(candidate, rules, byline_labels) is None and parse_source(candidate, rules) is None:
            title = candidate
            title_index = i
            used.add(i)
            if candidate != text:
                removed.append(Removed(lines[i].number, text[: len(text) - len(candidate)].strip(), "section"))
            continue
        break                       # the headline is the first line of the article, or there is none
    notes["title"] = "dòng đầu của bài — the first line of the article" if title else \
        ("không có dòng tiêu đề ở đầu bài (dòng đầu là một đoạn văn hoặc chú thích ảnh) — "
         "no headline at the top of the text (the first line is a paragraph or a caption)")

    # -- bylines and source, anywhere (whole lines only); a byline after the text ends the article --
    end_at = len(lines)
    for i, line in enumerate(lines):
        if i in used:
            continue
        found = parse_bylines(line.text, rules, byline_labels)
        if found and _photo_credit(found, rules) and i > first_long and i - 1 not in used \
                and len(lines[i - 1].text) < LONG_PARAGRAPH and not ends_with_credit(lines[i - 1].text):
            # "Ảnh: Ninh Hoan" under a short line: the credit of that line's picture, not the article's
            # byline (which would end the article here)
            lines[i - 1].text = f"{lines[i - 1].text} {line.text}"
            used.add(i)
            continue
        if found:
            authors += found
            used.add(i)
            if i > first_long and end_at == len(lines):
                end_at = i + 1
            continue
        src = parse_source(line.text, rules)
        if src is not None and source is None:
            source = src
            used.add(i)
    for i in range(end_at, len(lines)):
        if i not in used and parse_source(lines[i].text, rules) is None:
            drop(i, "footer")       # after the closing byline: the next story's teaser, related links

    # -- what is left: paragraphs, captions, subheadings (repeated lines and alt text dropped) --
    rest = []
    for i, ln in enumerate(lines):
        if i in used:
            continue
        if rest and squash(rest[-1].text) == squash(ln.text):
            drop(i, "duplicate")    # a picture's alt text and its caption, the same words twice
            rest[-1].after_image = True
            continue
        if rest and _cut_copy(rest[-1].text, ln.text):
            # "<caption> - d" above "<caption> - Ảnh: …": the picture's alt text, cut off, then its caption
            removed.append(Removed(rest[-1].number, rest[-1].text, "alt"))
            rest.pop()
            ln.after_image = True
        if title and re.fullmatch(re.escape(squash(title)) + r"\s*(?:[-–]\s*)?\d+", squash(ln.text)):
            drop(i, "alt")          # "<headline> - 1", "<headline> 4": a picture's alt text
            if i + 1 < len(lines):
                lines[i + 1].after_image = True     # the line after a picture is its caption
            continue
        rest.append(ln)
    if authors:
        notes["authors"] = "dòng tác giả trong bài — the byline line(s) of the text"
    elif len(rest) >= 2 and is_signature(rest[-1].text, rules) and not rest[-1].after_image \
            and len(rest[-2].text) >= LONG_PARAGRAPH:
        authors = [rest[-1].text]
        notes["authors"] = ("dòng ký tên cuối bài, không ghi vai trò như 'Tin, ảnh:' — "
                            "the signature closing the text, without a role such as 'Tin, ảnh:'")
        rest = rest[:-1]
    else:
        notes["authors"] = "bài không có dòng tác giả — no byline in the text"
    if source is not None and "name" in source and set(source) == {"name"} and rules.outlet_named(source["name"]):
        notes["source"] = "tên cơ quan báo chí ngay dưới tiêu đề (trang tổng hợp tin) — the outlet named under the headline"
    else:
        notes["source"] = "dòng nguồn ('Nguồn: …', 'Theo …') — the source line" if source else \
            "bài không ghi nguồn — no source line"

    lead = lead_pattern(rules)
    blocks = []
    for ln in rest:
        caption = is_caption(ln.text, ln.after_image, rules, lead)
        heading = not caption and not ln.after_image and len(ln.text) < LONG_PARAGRAPH and is_heading(ln.text, rules)
        blocks.append(Block(strip_label(ln.text, rules) if caption else ln.text, caption, ln.number, heading))
    finder = UnitFinder(registry, rules)
    _scene_captions(blocks, finder, rules)
    paragraphs = [b.text for b in blocks if not b.caption and not b.heading]

    # -- date --
    found_lead = lead_date(paragraphs, rules, inside=not pages)
    date = infer_date(found_lead, pages, title or "", "\n".join(paragraphs), today)
    notes["date"] = date.note
    day = None
    if date.value:
        day = dt.date.fromisoformat(date.value[:10])

    # -- unit: the headline's, else the lead's --
    lead_texts = [strip_prefix(p, rules) for p in paragraphs[: rules.lead_paragraphs]]
    unit = choose_unit(title, lead_texts, day, finder, province)
    notes["unit"] = unit.note

    # -- topics --
    texts = [title or ""] + [strip_prefix(b.text, rules) for b in blocks]
    lead_sentence = _first_sentence(lead_texts[0] if lead_texts else "")
    headings = [b.text for b in blocks if b.heading]
    chosen, also, notes["topics"] = _infer_topics(category, title, lead_sentence, headings, texts, topics, rules)

    fields = {"title": title, "date": date.value, "unit": unit.id, "topics": chosen or None,
              "authors": authors or None, "source": source}
    return Imported(fields=fields, body=to_markdown(blocks) if blocks else "", notes=notes, also_mentioned=also,
                    removed=removed, captions=[b.text for b in blocks if b.caption], date_assumed=date.assumed,
                    headings=[b.text for b in blocks if b.heading], unknown_unit=unit.unknown)


def _split_glued_headline(lines, rules: Rules):
    """'Quốc phòng - An ninh <headline> Ngày 7/8, <lead…>' (one line: section, headline and lead glued
    by the copy) → the headline line and the lead line. Only a line that starts with a section's
    name, and only where the lead visibly begins: a day word with a date, an outlet's prefix, or
    one of ``header.lead_openers`` after a lowercase word ("… cảnh sát biển Thay vì …")."""
    from .junk import Line
    lead = re.compile(r"\s(?=(?:" + "|".join(re.escape(w) for w in sorted(rules.day_words, key=len, reverse=True))
                      + r")\s+\d{1,2}\s*[/.-]\s*\d{1,2}\b)")
    out = []
    for index, line in enumerate(lines):
        text = line.text
        cut = None
        if index < 8 and len(text) > 150 and _without_section(text, rules) != text:
            m = lead.search(text)
            prefix = None
            if rules.outlet_prefix is not None:
                prefix = re.search(r"\s(?=\(\s*[^()]{2,12}\s*\)\s*[-–—])", text)
            opener = None
            if rules.lead_openers:
                words = "|".join(re.escape(w) for w in sorted(rules.lead_openers, key=len, reverse=True))
                opener = re.search(r"(?<=[a-zà-ỹđ\"”’])\s(?=(?:" + words + r")\s)", text)
            found = [x.start() for x in (m, prefix, opener) if x is not None]
            cut = min(found) if found else None
        if cut and len(text[:cut].split()) >= 6:
            out.append(Line(text[:cut].strip(), line.number, line.after_image))
            out.append(Line(text[cut:].strip(), line.number, False))
        else:
            out.append(line)
    return out


def _scene_captions(blocks: list, finder: UnitFinder, rules: Rules) -> None:
    """Mark as captions the pictures' lines whose marker the copy lost: one short sentence alone
    between two long paragraphs, opening with a unit's name or a rank or office, without digits or
    the words of reporting (``captions.scene_*``): "Bộ đội Biên phòng tuyên truyền pháp luật cho
    người dân." The first paragraph (the lead) is never one."""
    if not rules.scene_max_chars:
        return
    tense = {squash(w) for w in rules.scene_not_words}
    ranks = [fold(s) + " " for s in rules.caption_starts_unpunctuated]

    def long(block) -> bool:
        return not block.caption and not block.heading and len(block.text) >= LONG_PARAGRAPH

    for i in range(1, len(blocks) - 1):
        block = blocks[i]
        text = block.text
        if block.caption or block.heading or not long(blocks[i - 1]) or not long(blocks[i + 1]):
            continue
        if len(text) > rules.scene_max_chars or not text.endswith(".") or sentences(text) != 1 \
                or any(ch.isdigit() or ch in ":;?!\"“”" for ch in text):
            continue
        if tense & set(re.findall(r"\w+", squash(text))):
            continue                # "đã", "sẽ" …: the tense of a report, not of a picture
        folded = fold(text)
        if any(folded.startswith(r) for r in ranks) or any(n.start == 0 for n in finder.find(text)):
            block.caption = True


def _photo_credit(bylines: list[str], rules: Rules) -> bool:
    """Every byline of the line credits a photo only ("Ảnh: Ninh Hoan"; ``captions.labels``)."""
    photo = {squash(label) for label in rules.caption_labels}
    return bool(photo) and all(squash(b.split(":", 1)[0]) in photo for b in bylines)


def _is_paragraph(text: str) -> bool:
    """A line of article text (not a long headline): long, and a finished sentence or very long."""
    return len(text) >= LONG_PARAGRAPH and (ends_sentence(text) or len(text) > 250)


def _all_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


def _all_caps_name(name: str) -> bool:
    return any(_all_caps(w) for w in name.split()) and _all_caps(name.split()[-1])


def _prefix_alone(text: str, rules: Rules) -> bool:
    """'HQ Online -': an outlet's prefix on a line of its own."""
    m = rules.outlet_prefix.match(text + " ") if rules.outlet_prefix is not None else None
    return bool(m) and not text[m.end():].strip() if m else False


def _without_section(text: str, rules: Rules) -> str:
    """'Quốc phòng - An ninh Lính trẻ …' → 'Lính trẻ …': a section's name glued to the headline."""
    folded = squash(text)
    for section in sorted(rules.sections, key=len, reverse=True):
        key = squash(section)
        if folded.startswith(key + " "):
            rest = text[len(section):].lstrip()
            if rest[:1].isupper() and len(rest.split()) >= 3:
                return rest
    return text


def _whole_topic(text: str, matcher: Matcher) -> list[str]:
    """[topic id] when *text* is exactly a topic's name (a section line such as 'Chuyển đổi số')."""
    found = matcher.find(text)
    if len(found) == 1 and found[0].text.strip() == text.strip():
        return [found[0].id]
    return []


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])", text, maxsplit=1)[0] if text else ""


def _subjects(matcher: Matcher, text: str, rules: Rules) -> list:
    """The topics *text* names, less those named as the step towards another topic: in "phát triển
    Chính phủ điện tử hướng tới Chính phủ số" the text speaks of the second (``topics.toward_words``)."""
    found = matcher.find(text)
    if not rules.topic_toward_words or len(found) < 2:
        return found
    folded = fold_same_length(text)
    words = "|".join(re.escape(" ".join(fold_same_length(w).split())).replace(r"\ ", r"\s+")
                     for w in rules.topic_toward_words)
    step = re.compile(r"\s*,?\s*(?:" + words + r")\s+$")
    return [m for m, after in zip(found, found[1:] + [None])
            if after is None or after.id == m.id or not step.match(folded[m.end:after.start])]


def _implied(title, lead_sentence, texts, rules: Rules):
    """(topic, the words quoted, how many times, named in the headline or lead sentence?) for each topic of
    ``topics.implied`` whose own words the text uses ("bệnh án điện tử", "số hóa"), most used first."""
    out = []
    for topic, words in rules.topic_implied.items():
        forms = sorted({" ".join(fold(w).split()) for w in words}, key=len, reverse=True)
        if not forms:
            continue
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms) + r")(?!\w)")
        seen, n = [], 0
        for text in texts:
            folded = fold_same_length(text)
            for m in pattern.finditer(folded):
                n += 1
                said = text[m.start():m.end()]
                if said.casefold() not in [w.casefold() for w in seen]:
                    seen.append(said)
        first = any(pattern.search(fold_same_length(t or "")) for t in (title, lead_sentence))
        if n:
            out.append((topic, ", ".join(f"'{w}'" for w in seen), n, first))
    return sorted(out, key=lambda x: -x[2])


def _infer_topics(category, title, lead_sentence, headings, texts, matcher: Matcher, rules: Rules):
    chosen: list[str] = []
    reasons = []

    def add(ids, why):
        new = []
        for t in ids:
            if t not in chosen and t not in new:
                new.append(t)
        if new:
            chosen.extend(new)
            reasons.append(f"{why}: {', '.join(new)}")

    def find(text):
        return _subjects(matcher, text, rules)

    least = rules.topic_min_mentions
    add(category, "chuyên mục của trang — the page's section")
    add([m.id for m in find(title or "")], "nêu trong tiêu đề — named in the headline")
    from_headline = bool(chosen)
    body_mentions = [m for text in texts[1:] for m in find(text)]
    counts: dict[str, int] = {}
    for m in [*find(title or ""), *body_mentions]:
        counts[m.id] = counts.get(m.id, 0) + 1
    in_lead = [m.id for m in find(lead_sentence)]
    if not from_headline:
        add(in_lead, "nêu trong câu mở bài — named in the lead")
    else:
        add([t for t in in_lead if counts.get(t, 0) >= least],
            f"nêu trong câu mở bài và nhắc đến ít nhất {least} lần — named in the lead and mentioned at least "
            f"{least} times")
    add([m.id for text in headings for m in find(text)], "nêu trong tiêu đề nhỏ — named in a subheading")
    add([m.id for m in body_mentions if m.abbreviation],
        "bài định nghĩa chữ viết tắt — introduced with an abbreviation in the text")
    if not from_headline:
        add([t for t, n in counts.items() if n >= least],
            f"nhắc đến ít nhất {least} lần — mentioned at least {least} times")
    if not chosen and len(counts) == 1:
        add(list(counts), "chủ đề duy nhất bài nhắc đến — the only topic the text mentions")
    if not chosen and not counts:
        for topic, words, n, first in _implied(title, lead_sentence, texts, rules):
            if first or n >= rules.topic_implied_min:
                add([topic], f"bài không nêu tên chủ đề nào, nhưng dùng các từ của chủ đề này — the text names no "
                             f"topic but speaks in its words: {words} ({n}×"
                             f"{', trong tiêu đề hoặc câu mở bài — in the headline or the lead' if first else ''})")
    also = [(t, n) for t, n in sorted(counts.items(), key=lambda kv: -kv[1]) if t not in chosen]
    note = "; ".join(reasons) if reasons else \
        "không chủ đề nào của data/topics.yml rõ là chủ đề của bài — no topic of data/topics.yml is clearly the subject"
    return chosen, also, note


CUT_COPY_MIN = 30   # characters a cut-off copy must share with the line after it


def _cut_copy(line: str, after: str) -> bool:
    """*line* is *after* cut off (all but its last few characters begin *after*, in any case): a
    picture's alt text printed above its own caption."""
    a, b = squash(line).casefold(), squash(after).casefold()
    if len(a) < CUT_COPY_MIN or len(a) >= len(b):
        return False
    shared = len(os.path.commonprefix([a, b]))
    return shared >= CUT_COPY_MIN and shared >= len(a) - 3
