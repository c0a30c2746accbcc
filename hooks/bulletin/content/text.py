"""Text helpers for Vietnamese: NFC normalization, ASCII slugs, folding, sort keys."""

from __future__ import annotations

import functools
import re
import unicodedata

from slugify import slugify as _slugify

# Characters that are invisible but change what a string is (zero-width, BOM, soft hyphen …).
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    """Return *text* in Unicode NFC (Vietnamese precomposed) form."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """NFC, LF line endings, no BOM/zero-width characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return nfc(INVISIBLE.sub("", text))


def fold(text: str) -> str:
    """Fold Vietnamese to unaccented lowercase: 'Đảng ủy' -> 'dang uy'.

    Tone and vowel marks are removed by decomposition; đ/Đ, which has no decomposition,
    is mapped to d explicitly.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_TABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()


@functools.lru_cache(maxsize=65536)   # a pure function of its arguments, asked for on every build
def slugify(text: str, max_length: int = 80) -> str:
    """ASCII URL slug: tones stripped, đ→d, lowercase, hyphen-separated."""
    return _slugify(fold(text), max_length=max_length, word_boundary=True, save_order=True)


# Vietnamese alphabetical order: ă, â, đ, ê, ô, ơ, ư are letters of their own; tone marks
# only break ties (ngang, huyền, hỏi, ngã, sắc, nặng).
_ALPHABET = {ch: i for i, ch in enumerate("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


def sort_key(text: str) -> tuple:
    """Collation key in Vietnamese dictionary order: 'Dương' < 'Đông', 'An' < 'Ân' < 'Bắc'."""
    primary: list[int] = []
    tones: list[int] = []
    for ch in nfc(text).lower():
        parts = unicodedata.normalize("NFD", ch)
        letter = unicodedata.normalize("NFC", "".join(c for c in parts if not unicodedata.combining(c)
                                                      or c in _LETTER_MARKS))
        primary.append(_ALPHABET.get(letter, 100 + ord(letter[0]) if letter else 0))
        tones.append(next((_TONES[c] for c in parts if c in _TONES), 0))
    return (tuple(primary), tuple(tones), text)


def first_paragraph(markdown: str, limit: int = 300) -> str:
    """Plain text of the first real paragraph of a Markdown body, cut at a word boundary."""
    for block in re.split(r"\n\s*\n", markdown.strip()):
        lines = [ln for ln in block.splitlines() if not ln.lstrip().startswith(("{:", "#", "!", "<", "|", "```"))]
        text = " ".join(ln.strip() for ln in lines).strip()
        if not text:
            continue
        text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
        text = re.sub(r"[*_`]+", "", text).strip()
        if len(text) < 20:  # a caption or a dateline alone is not a summary
            continue
        return truncate(text, limit)
    return ""


def truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + "…"
