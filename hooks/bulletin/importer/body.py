"""The article's text: paragraphs and picture captions, written as Markdown.

A caption is the line right after a picture (``leftcenterrightdel``), or a short single line
without final punctuation ("Thượng tướng Lê Huy Vịnh phát biểu tại hội nghị"), or one short
sentence with a caption's usual words ("Toàn cảnh …", "… tham dự hội nghị."). It is written as
its own paragraph followed by ``{: .caption }``, as the bulletin's articles do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .fields import caption_cue, ends_sentence, sentences
from .rules import Rules

CAPTION_AFTER_IMAGE_MAX = 320


@dataclass
class Block:
    text: str
    caption: bool = False
    number: int = 0          # line of the raw text


def is_caption(text: str, after_image: bool, rules: Rules, lead: re.Pattern | None = None) -> bool:
    if lead is not None and lead.match(text):
        return False
    if rules.dateline_prefix.match(text):
        return False
    if after_image:
        return len(text) <= CAPTION_AFTER_IMAGE_MAX and sentences(text) <= 2
    if len(text) > rules.caption_max_chars or len(text.split()) < 3:
        return False
    if not ends_sentence(text):
        return True
    return sentences(text) == 1 and text.rstrip()[-1:] != ":" and caption_cue(text, rules)


def escape(text: str) -> str:
    """Plain text → Markdown that shows the same text: no raw HTML, no accidental quote or heading."""
    text = text.replace("<", "&lt;")
    if text.startswith((">", "#")):
        text = "\\" + text
    return text


def to_markdown(blocks: list[Block]) -> str:
    parts = []
    for block in blocks:
        text = escape(block.text)
        parts.append(f"{text}\n{{: .caption }}" if block.caption else text)
    return "\n\n".join(parts) + "\n"
