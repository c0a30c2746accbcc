"""The article's text: paragraphs, subheadings and picture captions, written as Markdown.

A *caption* is the line right after a picture (``leftcenterrightdel``, or a photo table's "|"), or
a short line with a caption's usual words ("Toàn cảnh …", "Thượng tá A phát biểu", "… tham dự hội
nghị.", "… Ảnh: H.P", a photo's date at the end), or a short single line without final
punctuation that reads like one. A short line without final punctuation and without those words
is a *subheading* ("Một số kết quả nổi bật"), written ``### …``; a long line cut off mid-sentence
stays a paragraph.

The text import has the captions but not the pictures: each caption gets a visible placeholder
paragraph before it (:data:`PHOTO_MISSING`), which ``bulletin check`` reports until the editor adds
the picture or deletes the caption. A caption is written as its own paragraph followed by
``{: .caption }``, as the bulletin's articles do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..content.text import fold
from .fields import caption_cue, ends_sentence, sentences
from .rules import Rules

CAPTION_AFTER_IMAGE_MAX = 320
PHOTO_MISSING_CLASS = "bl-photo-missing"
PHOTO_MISSING = f"*(Ảnh chưa có — picture missing)*\n{{: .{PHOTO_MISSING_CLASS} }}"
CREDIT = re.compile(r"(?:[.!?]\s*|\(\s*|\s[-–]\s|\s)Ảnh(?:\s+minh\s+h(?:oạ|ọa|oa))?(?:\s*:\s*[^()]{1,80}?)?\)?\.?$")


@dataclass
class Block:
    text: str
    caption: bool = False
    number: int = 0          # line of the raw text
    heading: bool = False


def has_credit(text: str) -> bool:
    """'… Ảnh: P.GIANG', '… (Ảnh: Mạnh Quân).': a photo credit closes the line."""
    return bool(CREDIT.search(text))


def is_caption(text: str, after_image: bool, rules: Rules, lead: re.Pattern | None = None) -> bool:
    if lead is not None and lead.match(text):
        return False
    if rules.dateline_prefix.match(text) or (rules.outlet_prefix is not None and rules.outlet_prefix.match(text)):
        return False
    if after_image:
        return len(text) <= CAPTION_AFTER_IMAGE_MAX and sentences(text) <= 2
    if len(text.split()) < 3:
        return False
    if len(text) <= CAPTION_AFTER_IMAGE_MAX and (has_credit(text) or labelled(text, rules)) and sentences(text) <= 2:
        return True
    if len(text) > rules.caption_max_chars:
        return False
    if not ends_sentence(text):
        # a long line cut off mid-sentence is a paragraph, not a caption; so is a rank opening reported
        # speech ("Thiếu tá A, Chính trị viên phó Đồn B cho biết: “Người…", cut off by the copy)
        if any(fold(c) in fold(text) for c in rules.caption_not_contains):
            return False
        return caption_cue(text, rules) or any(fold(text).startswith(fold(s) + " ")
                                               for s in rules.caption_starts_unpunctuated)
    if sentences(text) != 1 or text.rstrip()[-1:] == ":" or ";" in text:
        return False
    if rules.caption_ends_with_date is not None and rules.caption_ends_with_date.fullmatch(text):
        return True
    return caption_cue(text, rules)


def labelled(text: str, rules: Rules) -> bool:
    """'Ảnh: Phó Thủ tướng … kiểm tra tại …': a caption that opens with its label."""
    return any(re.match(re.escape(label) + r"\s*:\s*\S+(?:\s+\S+){3,}", text, re.I) for label in rules.caption_labels)


def is_heading(text: str, rules: Rules) -> bool:
    """A subheading: short, no final punctuation, not a caption (checked before)."""
    words = text.split()
    return (2 <= len(words) <= rules.subheading_max_words and not ends_sentence(text)
            and (text[:1].isupper() or text[:1].isdigit() or text[:1] in "\"“'"))


def strip_label(text: str, rules: Rules) -> str:
    """'Ảnh: Phó Thủ tướng …' → 'Phó Thủ tướng …'."""
    for label in rules.caption_labels:
        m = re.match(re.escape(label) + r"\s*:\s*", text, re.I)
        if m and len(text) > m.end():
            return text[m.end():]
    return text


def escape(text: str) -> str:
    """Plain text → Markdown that shows the same text: no raw HTML, no accidental quote or heading."""
    text = text.replace("<", "&lt;")
    if text.startswith((">", "#")):
        text = "\\" + text
    if re.match(r"\d+\.\s", text):
        text = re.sub(r"^(\d+)\.", r"\1\\.", text)      # "1. Cải cách …" is a numbered heading, not a list
    return text


def to_markdown(blocks: list[Block], placeholders: bool = True) -> str:
    parts = []
    for block in blocks:
        text = escape(block.text)
        if block.caption:
            if placeholders:
                parts.append(PHOTO_MISSING)
            parts.append(f"{text}\n{{: .caption }}")
        elif block.heading:
            parts.append(f"### {text}")
        else:
            parts.append(text)
    return "\n\n".join(parts) + "\n"


def without_placeholders(markdown: str) -> str:
    """The text without the importer's picture placeholders (what the editors' articles hold)."""
    return re.sub(r"(?:^|\n\n)" + re.escape(PHOTO_MISSING) + r"(?=\n\n|\n?$)", "", markdown).lstrip("\n")
