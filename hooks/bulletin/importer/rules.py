"""The importer's rules, read from ``data/importer.yml`` (junk lines, date words, byline labels …).

Everything a newsroom may need to extend lives in that file; this module only loads and checks
it, so that a broken pattern is reported with the file and the key instead of a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..content import yaml12
from ..content.text import nfc


class RulesError(ValueError):
    pass


def squash(text: str) -> str:
    """Comparable form of a short label: NFC, lower case, single spaces."""
    return " ".join(nfc(str(text)).casefold().split())


@dataclass(frozen=True)
class Rules:
    junk_lines: frozenset
    junk_patterns: tuple
    image_markers: frozenset
    end_markers: tuple
    day_words: tuple
    published_labels: tuple
    updated_labels: tuple
    weekdays: tuple
    max_label_words: int
    dateline_prefix: re.Pattern
    byline_variants: dict
    signature_max_words: int
    source_labels: tuple
    theo_words: tuple
    caption_max_chars: int
    caption_starts: tuple
    caption_contains: tuple
    caption_not_contains: tuple
    topic_min_mentions: int
    undated_folder: str
    image_marker_patterns: tuple = ()
    glued_date: re.Pattern | None = None
    sections: tuple = ()
    header_patterns: tuple = ()
    outlets: tuple = ()                 # (names, prefixes, province) per outlet
    outlet_prefix: re.Pattern | None = None
    caption_labels: tuple = ()
    caption_starts_unpunctuated: tuple = ()
    caption_ends_with_date: re.Pattern | None = None
    subheading_max_words: int = 14
    unit_heads: tuple = ()
    place_words: tuple = ()
    unit_abbreviations: dict = field(default_factory=dict)
    ignored_tails: tuple = ()
    provincial_heads: tuple = ()
    unit_stop_words: tuple = ()
    unit_names_alone: tuple = ()
    lead_openers: tuple = ()
    byline_titles: tuple = ()
    lead_paragraphs: int = 3
    min_vietnamese_share: float = 0.15
    topic_toward_words: tuple = ()
    scene_max_chars: int = 0
    scene_not_words: tuple = ()
    caps_headline_min_words: int = 0
    authority_words: tuple = ()
    topic_implied: dict = field(default_factory=dict)
    topic_implied_min: int = 2
    authority_links: tuple = ()
    authority_not_after: tuple = ()

    def is_junk(self, line: str) -> bool:
        key = squash(line)
        return key in self.junk_lines or any(p.fullmatch(line) for p in self.junk_patterns)

    def is_image_marker(self, line: str) -> bool:
        return squash(line) in self.image_markers or any(p.fullmatch(line) for p in self.image_marker_patterns)

    def is_section(self, line: str) -> bool:
        return squash(line) in {squash(s) for s in self.sections}

    def is_header(self, line: str) -> bool:
        return any(p.fullmatch(line) for p in self.header_patterns)

    def outlet_named(self, line: str):
        """The outlet whose name the whole line is ("Báo Gia Lai điện tử", "VietNamNet"), else None."""
        key = squash(line)
        for outlet in self.outlets:
            if any(key in (squash(n), squash(n) + " điện tử") for n in outlet[0]):
                return outlet
        return None

    def is_end_marker(self, line: str) -> bool:
        return any(p.fullmatch(line) for p in self.end_markers)


def read_rules_file(path: Path, what: str, error: type[ValueError] = RulesError) -> dict:
    """The mapping of sections of a rules file, read by the bulletin's YAML reader
    (:func:`bulletin.content.yaml12.read_data`: YAML 1.2 values, size and depth limits). A file that
    is missing, unreadable, invalid or over a limit raises *error* as ``file:line: what is wrong
    (what the file holds)``."""
    problems: list = []
    ok, raw = yaml12.read_data(path, str(path), problems)
    if not ok:
        raise error(f"{problems[0]} ({what})")
    if not isinstance(raw, dict):
        raise error(f"{path}: expected a mapping of sections ({what})")
    return raw


def load_rules(path: str | Path) -> Rules:
    path = Path(path)
    raw = read_rules_file(path, "the importer's rules: junk lines, date words, byline labels …")

    def get(section: str, key: str, kind=list, default=None):
        value = (raw.get(section) or {}).get(key, default) if isinstance(raw.get(section) or {}, dict) else None
        if value is None and default is not None:
            return default
        if not isinstance(value, kind) or isinstance(value, bool):
            raise RulesError(f"{path}: {section}.{key}: expected a {kind.__name__} but received {value!r}")
        return value

    def patterns(section: str, key: str) -> tuple:
        out = []
        for i, text in enumerate(get(section, key)):
            try:
                out.append(re.compile(nfc(str(text)), re.IGNORECASE))
            except re.error as exc:
                raise RulesError(f"{path}: {section}.{key}[{i + 1}]: invalid pattern {text!r} ({exc})") from None
        return tuple(out)

    def regex(section: str, key: str, default=None):
        text = (raw.get(section) or {}).get(key, default) if isinstance(raw.get(section) or {}, dict) else default
        if text is None:
            return None
        try:
            return re.compile(nfc(str(text)), re.IGNORECASE)
        except re.error as exc:
            raise RulesError(f"{path}: {section}.{key}: invalid pattern {text!r} ({exc})") from None

    outlets = []
    for i, entry in enumerate(raw.get("outlets") or []):
        if not isinstance(entry, dict) or not isinstance(entry.get("names"), list):
            raise RulesError(f"{path}: outlets[{i + 1}]: expected {{names: [...], prefixes: [...], province: ...}}")
        outlets.append((tuple(nfc(str(n)) for n in entry["names"]),
                        tuple(nfc(str(p)) for p in entry.get("prefixes") or []),
                        nfc(str(entry["province"])) if entry.get("province") else None))
    prefixes = sorted({p for o in outlets for p in o[1]}, key=len, reverse=True)
    outlet_prefix = None
    if prefixes:
        alt = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in prefixes)
        outlet_prefix = re.compile(r"^(?:\(\s*(?:" + alt + r")\s*\)\s*[-–—]?|(?:" + alt + r")\s*[-–—])\s*")

    prefix = raw.get("dateline_prefix")
    try:
        dateline = re.compile(nfc(str(prefix)))
    except re.error as exc:
        raise RulesError(f"{path}: dateline_prefix: invalid pattern ({exc})") from None

    return Rules(
        junk_lines=frozenset(squash(x) for x in get("junk", "lines")),
        junk_patterns=patterns("junk", "patterns"),
        image_markers=frozenset(squash(x) for x in get("junk", "image_markers")),
        end_markers=patterns("junk", "end_markers"),
        day_words=tuple(nfc(str(x)) for x in get("dates", "day_words")),
        published_labels=tuple(nfc(str(x)) for x in get("dates", "published_labels")),
        updated_labels=tuple(nfc(str(x)) for x in get("dates", "updated_labels")),
        weekdays=tuple(nfc(str(x)) for x in get("dates", "weekdays")),
        max_label_words=get("dates", "max_label_words", int, 5),
        dateline_prefix=dateline,
        byline_variants={squash(k): nfc(str(v)) for k, v in get("bylines", "variants", dict, {}).items()},
        signature_max_words=get("bylines", "signature_max_words", int, 6),
        source_labels=tuple(nfc(str(x)) for x in get("source", "labels")),
        theo_words=tuple(nfc(str(x)) for x in get("source", "theo_words")),
        caption_max_chars=get("captions", "max_chars", int, 200),
        caption_starts=tuple(nfc(str(x)) for x in get("captions", "starts")),
        caption_contains=tuple(nfc(str(x)) for x in get("captions", "contains")),
        caption_not_contains=tuple(nfc(str(x)) for x in get("captions", "not_contains", list, [])),
        topic_min_mentions=get("topics", "min_mentions", int, 3),
        undated_folder=str(get("output", "undated_folder", str, "nhap")),
        image_marker_patterns=patterns("junk", "image_marker_patterns") if (raw.get("junk") or {}).get(
            "image_marker_patterns") else (),
        glued_date=regex("dates", "glued"),
        sections=tuple(nfc(str(x)) for x in get("header", "sections", list, [])),
        header_patterns=patterns("header", "patterns") if (raw.get("header") or {}).get("patterns") else (),
        outlets=tuple(outlets),
        outlet_prefix=outlet_prefix,
        caption_starts_unpunctuated=tuple(nfc(str(x)) for x in get("captions", "starts_unpunctuated", list, [])),
        caption_labels=tuple(nfc(str(x)) for x in get("captions", "labels", list, [])),
        caption_ends_with_date=regex("captions", "ends_with_date"),
        subheading_max_words=get("captions", "subheading_max_words", int, 14),
        unit_heads=tuple(nfc(str(x)) for x in get("units", "heads", list, [])),
        place_words=tuple(nfc(str(x)) for x in get("units", "place_words", list, [])),
        unit_abbreviations={nfc(str(k)): nfc(str(v)) for k, v in get("units", "abbreviations", dict, {}).items()},
        ignored_tails=tuple(nfc(str(x)) for x in get("units", "ignored_tails", list, [])),
        provincial_heads=tuple(nfc(str(x)) for x in get("units", "provincial", list, [])),
        byline_titles=tuple(nfc(str(x)) for x in get("bylines", "titles", list, [])),
        lead_openers=tuple(nfc(str(x)) for x in get("header", "lead_openers", list, [])),
        unit_names_alone=tuple(nfc(str(x)) for x in get("units", "names_alone", list, [])),
        unit_stop_words=tuple(nfc(str(x)) for x in get("units", "stop_words", list, [])),
        lead_paragraphs=get("units", "lead_paragraphs", int, 3),
        min_vietnamese_share=float((raw.get("language") or {}).get("min_vietnamese_share", 0.15)),
        topic_toward_words=tuple(nfc(str(x)) for x in get("topics", "toward_words", list, [])),
        scene_max_chars=get("captions", "scene_max_chars", int, 0),
        scene_not_words=tuple(nfc(str(x)) for x in get("captions", "scene_not_words", list, [])),
        caps_headline_min_words=get("header", "caps_headline_min_words", int, 0),
        topic_implied={str(k): tuple(nfc(str(w)) for w in (v or [])) for k, v in
                       get("topics", "implied", dict, {}).items()},
        topic_implied_min=get("topics", "implied_min", int, 2),
        authority_words=tuple(nfc(str(x)) for x in get("units", "authority_words", list, [])),
        authority_links=tuple(nfc(str(x)) for x in get("units", "authority_links", list, [])),
        authority_not_after=tuple(nfc(str(x)) for x in get("units", "authority_not_after", list, [])),
    )
