"""`bulletin import`: a raw article copied from a news page → the fields and text of a clean article.

The steps, each in its own module:

1. :mod:`importer_junk`    drop layout junk, counters, comment forms, the page footer;
2. :mod:`importer_dates`   the page's date lines and the lead's "Sáng 26/12";
3. :mod:`importer_fields`  headline, bylines, source;
4. :mod:`importer_mentions` units and topics named in the text (registry names and aliases);
5. :mod:`importer_body`    paragraphs and picture captions as Markdown.

It never invents: a field it cannot establish from the text stays empty, with the reason in
``notes``, and the written file fails ``bulletin check`` until an editor fills it in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .body import Block, is_caption, to_markdown
from .dates import infer_date, lead_date, lead_pattern, page_date, PageDate
from .fields import ends_sentence, is_signature, looks_like_title, parse_bylines, parse_source
from .junk import clean_lines, LONG_PARAGRAPH
from .mentions import Matcher, Mention, topic_names, unit_names
from .rules import Rules

REQUIRED = ("title", "date", "unit", "topics")


class ImportRefused(ValueError):
    """The input is not a Vietnamese news article the importer can read (empty, binary, another language)."""


@dataclass
class Imported:
    fields: dict                                   # title, date, unit, topics, authors, source (None: unknown)
    body: str
    notes: dict = field(default_factory=dict)      # field → how it was found, or why not
    also_mentioned: list = field(default_factory=list)   # [(topic id, count)] not chosen
    removed: list = field(default_factory=list)    # [importer_junk.Removed]
    captions: list = field(default_factory=list)   # caption texts
    date_assumed: bool = False                     # the text gives no year: the year was assumed

    @property
    def missing(self) -> list[str]:
        return [name for name in REQUIRED if not self.fields.get(name)]


def import_text(text: str, registry, rules: Rules, byline_labels: list[str], today=None) -> Imported:
    lines, removed = clean_lines(text, rules)
    topics = Matcher(topic_names(registry))
    units = Matcher(unit_names(registry))
    notes: dict = {}

    # -- the header: lines before the first real paragraph (page dates, section, headline) --
    first_long = next((i for i, ln in enumerate(lines) if _is_paragraph(ln.text)), len(lines))
    pages: list[PageDate] = []
    category: list[str] = []
    used: set[int] = set()
    for i in range(first_long):
        found = page_date(lines[i].text, i, rules)
        if found is not None:
            pages.append(found)
            used.add(i)
            if found.label:
                category += _whole_topic(found.label, topics)
        elif _whole_topic(lines[i].text, topics):
            category += _whole_topic(lines[i].text, topics)
            used.add(i)
    title = None
    for i, line in enumerate(lines[:first_long + 1]):
        if i in used:
            continue
        if not line.after_image and looks_like_title(line.text, rules) \
                and parse_bylines(line.text, rules, byline_labels) is None and parse_source(line.text, rules) is None:
            title = line.text
            used.add(i)
        break                       # the headline is the first line of the article, or there is none
    notes["title"] = "dòng đầu của bài — the first line of the article" if title else \
        ("không có dòng tiêu đề ở đầu bài (dòng đầu là một đoạn văn hoặc chú thích ảnh) — "
         "no headline at the top of the text (the first line is a paragraph or a caption)")

    # -- bylines and source, anywhere (whole lines only) --
    authors: list[str] = []
    source = None
    for i, line in enumerate(lines):
        if i in used:
            continue
        found = parse_bylines(line.text, rules, byline_labels)
        if found:
            authors += found
            used.add(i)
            continue
        src = parse_source(line.text, rules)
        if src is not None and source is None:
            source = src
            used.add(i)
    rest = [ln for i, ln in enumerate(lines) if i not in used]
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
    notes["source"] = "dòng nguồn ('Nguồn: …', 'Theo …') — the source line" if source else "bài không ghi nguồn — no source line"

    # -- paragraphs and captions --
    lead = lead_pattern(rules)
    blocks = [Block(ln.text, is_caption(ln.text, ln.after_image, rules, lead), ln.number) for ln in rest]
    paragraphs = [b.text for b in blocks if not b.caption]

    # -- date --
    found_lead = lead_date(paragraphs, rules)
    date = infer_date(found_lead, pages, [ln.text for ln in lines])
    notes["date"] = date.note

    # -- unit and topics --
    texts = [title or ""] + [_without_dateline(b.text, rules) for b in blocks]
    unit, notes["unit"] = _infer_unit(title, texts, units, registry)
    chosen, also, notes["topics"] = _infer_topics(category, title, texts, topics, rules)

    fields = {"title": title, "date": date.value, "unit": unit, "topics": chosen or None,
              "authors": authors or None, "source": source}
    return Imported(fields=fields, body=to_markdown(blocks) if blocks else "", notes=notes, also_mentioned=also,
                    removed=removed, captions=[b.text for b in blocks if b.caption])


def _is_paragraph(text: str) -> bool:
    """A line of article text (not a long headline): long, and a finished sentence or very long."""
    return len(text) >= LONG_PARAGRAPH and (ends_sentence(text) or len(text) > 250)


def _whole_topic(text: str, matcher: Matcher) -> list[str]:
    """[topic id] when *text* is exactly a topic's name (a section line such as 'Chuyển đổi số')."""
    found = matcher.find(text)
    if len(found) == 1 and found[0].text.strip() == text.strip():
        return [found[0].id]
    return []


def _without_dateline(text: str, rules: Rules) -> str:
    """'QK2 – Chiều 4-1, …' → 'Chiều 4-1, …': the outlet is not the unit of the news."""
    m = rules.dateline_prefix.match(text)
    return text[m.end():] if m else text


def _infer_unit(title: str | None, texts: list[str], matcher: Matcher, registry) -> tuple[str | None, str]:
    if title:
        in_title = matcher.find(title)
        if in_title:
            first = in_title[0]
            return first.id, f"nêu trong tiêu đề — named in the headline: '{first.text}'"
    mentions: list[Mention] = [m for text in texts[1:] for m in matcher.find(text)]
    if not mentions:
        return None, "bài không nêu đơn vị nào có trong data/units.yml — no unit of data/units.yml is named"
    seen: dict[str, str] = {}
    for m in mentions:
        seen.setdefault(m.id, m.text)
    listed = ", ".join(f"'{t}'" for t in seen.values())
    root = registry.root.id
    ids = [u for u in seen if u != root] or [root]
    if len(ids) == 1:
        return ids[0], f"đơn vị duy nhất được nêu — the only unit named: {listed}"
    deepest = max(ids, key=registry.depth)
    line = {deepest, *registry.ancestors(deepest)}
    if all(u in line for u in ids):
        return deepest, (f"đơn vị cụ thể nhất trong các đơn vị được nêu (cùng một tuyến cấp trên) — "
                         f"the most specific of the units named, all on one line of command: {listed}")
    common = [deepest, *registry.ancestors(deepest)]
    for u in ids:
        path = {u, *registry.ancestors(u)}
        common = [c for c in common if c in path]
    unit = common[0] if common else root
    return unit, (f"đơn vị cấp trên chung của các đơn vị được nêu, hãy kiểm tra — "
                  f"the common parent of the units named, check it: {listed}")


def _infer_topics(category, title, texts, matcher: Matcher, rules: Rules):
    chosen: list[str] = []
    reasons = []

    def add(ids, why):
        new = [t for t in ids if t not in chosen]
        if new:
            chosen.extend(new)
            reasons.append(f"{why}: {', '.join(new)}")

    add(category, "chuyên mục của trang — the page's section")
    add([m.id for m in matcher.find(title or "")], "nêu trong tiêu đề — named in the headline")
    body_mentions = [m for text in texts[1:] for m in matcher.find(text)]
    add([m.id for m in body_mentions if m.abbreviation],
        "bài định nghĩa chữ viết tắt — introduced with an abbreviation in the text")
    counts: dict[str, int] = {}
    for m in [*matcher.find(title or ""), *body_mentions]:
        counts[m.id] = counts.get(m.id, 0) + 1
    if not chosen:
        add([t for t, n in counts.items() if n >= rules.topic_min_mentions],
            f"nhắc đến ít nhất {rules.topic_min_mentions} lần — mentioned at least {rules.topic_min_mentions} times")
    also = [(t, n) for t, n in sorted(counts.items(), key=lambda kv: -kv[1]) if t not in chosen]
    note = "; ".join(reasons) if reasons else \
        "không chủ đề nào của data/topics.yml rõ là chủ đề của bài — no topic of data/topics.yml is clearly the subject"
    return chosen, also, note

