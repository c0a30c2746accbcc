"""Lines that are fields, not text: the headline, bylines ("Tin, ảnh: …"), the source ("Nguồn: …").

Each function looks at one line and answers with the field's value or None; none of them
guesses: a line that is not clearly a byline stays in the text.
"""

from __future__ import annotations

import re

from ..content.text import fold
from .rules import Rules, squash

TERMINAL = ".!?…:;"
CLOSERS = "\"'”’»)]"
DOMAIN = re.compile(r"^(?P<scheme>https?://)?(?P<host>(?:[a-z0-9-]+\.)+[a-z]{2,})(?P<path>/\S*)?$", re.I)
SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*\s+(?=[A-ZĐÀ-Ỹ\"“])")


def ends_sentence(line: str) -> bool:
    """True when the line ends with sentence punctuation (closing quotes and brackets aside)."""
    core = line.rstrip(CLOSERS + " ")
    return bool(core) and core[-1] in TERMINAL


def sentences(line: str) -> int:
    return len(SENTENCE_END.findall(line)) + 1


def looks_like_title(line: str, rules: Rules) -> bool:
    words = line.split()
    return (3 <= len(words) and 15 <= len(line) <= 250 and not line.rstrip(CLOSERS).endswith((".", ":", ";", ","))
            and not rules.dateline_prefix.match(line) and sentences(line) == 1)


def _byline_label(label: str, rules: Rules, labels: list[str]) -> str | None:
    label = rules.byline_variants.get(squash(label), label)
    return next((known for known in labels if fold(known) == fold(" ".join(label.split()))), None)


def parse_bylines(line: str, rules: Rules, labels: list[str]) -> list[str] | None:
    """'Tin, ảnh: NGỌC THĂNG' → ['Tin, ảnh: NGỌC THĂNG']; 'Tin: A; Ảnh: B' → two bylines."""
    out = []
    for part in re.split(r"\s*;\s*", line.strip().rstrip(".")):
        m = re.fullmatch(r"(?P<label>[^:]{1,25}?)\s*:\s*(?P<names>.+)", part)
        if not m:
            return None
        label = _byline_label(m["label"], rules, labels)
        names = m["names"].strip()
        if label is None or len(names) > 80 or len(names.split()) > 12 or not names[:1].isupper() \
                or ends_sentence(names) or caption_cue(names, rules):
            return None
        out.append(f"{label}: {names}")
    return out or None


def _source_value(name: str) -> dict:
    m = DOMAIN.match(name)
    if m:
        host = m["host"]
        url = name if m["scheme"] else f"https://{host}{m['path'] or ''}"
        return {"name": host if m["scheme"] else name, "url": url}
    return {"name": name}


def parse_source(line: str, rules: Rules) -> dict | None:
    """'Nguồn: dangcongsan.vn' → {name: dangcongsan.vn, url: https://dangcongsan.vn}."""
    text = line.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    text = text.rstrip(".").strip() if not DOMAIN.match(text.rstrip(".")) else text.rstrip(".")
    for label in rules.source_labels:
        m = re.fullmatch(re.escape(label) + r"\s*:\s*(?P<name>.{2,100})", text, re.I)
        if m:
            return _source_value(m["name"].strip())
    m = re.fullmatch(r"Theo\s+(?P<name>.{2,80})", text, re.I)
    if m:
        name = m["name"].strip()
        starts = any(fold(name).startswith(fold(w) + " ") or fold(name) == fold(w) for w in rules.theo_words)
        if DOMAIN.match(name) or (starts and not ends_sentence(name) and "," not in name):
            return _source_value(name)
    return None


def caption_cue(line: str, rules: Rules) -> bool:
    """'Toàn cảnh hội nghị.', 'Đại tá A phát biểu tại hội nghị.' — not 'Phát biểu chỉ đạo, Đại tá A yêu cầu …'."""
    folded = fold(line)
    if any(fold(c) in folded for c in rules.caption_not_contains):
        return False
    return any(folded.startswith(fold(s)) for s in rules.caption_starts) or \
        any(folded.find(fold(c)) > 0 for c in rules.caption_contains)


def is_signature(line: str, rules: Rules) -> bool:
    """An unlabelled signature closing the text: 'Bộ CHQS tỉnh', 'MINH ANH'."""
    words = line.split()
    capitalised = sum(1 for w in words if w[:1].isupper())
    return (1 <= len(words) <= rules.signature_max_words and len(line) <= 60 and not ends_sentence(line)
            and line[:1].isupper() and capitalised * 2 >= len(words) and not caption_cue(line, rules)
            and not rules.dateline_prefix.match(line))


NAME_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][\wÀ-ỹđĐ.'’-]*$")


def _after_titles(text: str, rules: Rules) -> str | None:
    """*text* without the ranks and degrees opening it ("Trung tá, ThS. Vũ Trường Duy" → "Vũ Trường
    Duy"), or None when no title opens it."""
    titles = sorted({fold(t) for t in rules.byline_titles}, key=len, reverse=True)
    rest, cut = text, False
    while True:
        folded = fold(rest)
        title = next((t for t in titles if folded.startswith(t) and folded[len(t):len(t) + 1] in (" ", ",", ".")), None)
        if title is None:
            return rest if cut else None
        rest, cut = rest[len(title):].lstrip(" ,."), True


def opens_with_title(line: str, rules: Rules) -> bool:
    """'Trung tá, ThS. Vũ Trường Duy': a name line opened by a rank or a degree."""
    return _after_titles(line.strip(), rules) is not None and is_name_line(line, rules) is not None


def is_name_line(line: str, rules: Rules) -> str | None:
    """An author's name alone on a line near the headline ("Thương Huyền", "Thu Giang |",
    "ThS LÊ VĂN CƯỜNG", "Trung tá, ThS. Vũ Trường Duy"): the name, else None."""
    text = line.strip().rstrip("|").strip()
    rest = _after_titles(text, rules)
    words = (rest if rest is not None else text).split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in text) or ends_sentence(text):
        return None
    if not all(NAME_WORD.match(w) for w in words):
        return None
    return text


def is_affiliation(line: str) -> bool:
    """'Học viện Chính trị, Bộ Quốc phòng': a short line under an author's name (no final period)."""
    return 2 <= len(line.split()) <= 12 and not ends_sentence(line) and line[:1].isupper()
