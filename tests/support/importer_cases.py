"""The importer's measuring kit, shared by tests/importer/ and bench/importer_accuracy.py.

- :func:`setting`: what ``bulletin import`` reads from a data folder (the registry, the rules of
  data/importer.yml, the byline labels of both languages);
- :func:`load_cases`: the cases of a ``cases.yml`` (see the head of tests/importer/pages/cases.yml);
- :func:`run_case`: one import, on the case's import day;
- :func:`score`: each field right or not, as an editor reads the page.

A field is right when the importer's value equals the editor's. Two rules keep the score honest:

- **unit**: when the expected unit is not (yet) in the registry, the right answer is an empty
  ``unit:`` with a note that quotes the words naming the unit; any other id is a *wrong unit*,
  which is also counted on its own (the goal is none, ever);
- **date**: the value and the "assumed year" mark must both match.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import NamedTuple

import yaml

from bulletin.content.i18n import load_languages
from bulletin.content.registry import Registry
from bulletin.importer.pipeline import import_text
from bulletin.importer.rules import load_rules

FIELDS = ("title", "date", "unit", "topics", "authors", "source", "captions", "junk")


class Setting(NamedTuple):
    registry: Registry
    rules: object
    labels: list


def setting(data: Path) -> Setting:
    """The registry, the importer's rules and the byline labels of the data folder *data*."""
    labels = [lbl for lang in load_languages(data, ["vi", "en"]).values() for lbl in lang.bylines.values()]
    return Setting(Registry.load(data), load_rules(data / "importer.yml"), labels)


def nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: nfc(v) for k, v in value.items()}
    return value


def load_cases(path: Path) -> list[dict]:
    """The cases of *path*, each with ``path`` (its text file beside cases.yml) and ``expect`` in NFC."""
    cases = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    for case in cases:
        case["path"] = path.parent / case["file"]
        case["expect"] = nfc(case.get("expect") or {})
        case["junk"] = nfc(case.get("junk") or [])
    return cases


def run_case(case: dict, where: Setting, today: dt.date | None = None):
    """``import_text`` on the case's text, on its import day (``imported``) unless *today* is given."""
    if today is None and case.get("imported"):
        today = dt.date.fromisoformat(str(case["imported"]))
    text = case["path"].read_text(encoding="utf-8")
    return import_text(text, where.registry, where.rules, where.labels, today=today)


def score(case: dict, result, registry) -> dict:
    """field → (right?, what the importer gave, what the editor reads); and ``wrong_unit``: True
    when the article would be filed under a unit other than the editor's."""
    expect = case["expect"]
    f = result.fields
    out = {"title": (f.get("title") == expect.get("title"), f.get("title"), expect.get("title"))}
    got_date = (f.get("date"), bool(result.date_assumed))
    want_date = (expect.get("date"), bool(expect.get("date_assumed")))
    out["date"] = (got_date == want_date, got_date, want_date)
    want_unit, got_unit = expect.get("unit"), f.get("unit")
    if want_unit and want_unit not in registry.units:
        words = expect.get("unit_words") or ""
        note = result.notes.get("unit", "")
        unit_ok = got_unit is None and bool(words) and words.casefold() in nfc(note).casefold()
        want_shown = f"(not in registry: {want_unit}; note quotes '{words}')"
    else:
        unit_ok, want_shown = got_unit == want_unit, want_unit
    out["unit"] = (unit_ok, got_unit, want_shown)
    out["wrong_unit"] = got_unit is not None and got_unit != want_unit
    # each topic once: a list with a topic twice is wrong (`bulletin check` rejects it)
    got_topics = sorted(f.get("topics") or [])
    want_topics = sorted(expect.get("topics") or [])
    out["topics"] = (got_topics == want_topics, f.get("topics"), expect.get("topics"))
    out["authors"] = ((f.get("authors") or []) == (expect.get("authors") or []), f.get("authors"),
                      expect.get("authors"))
    out["source"] = (f.get("source") == expect.get("source"), f.get("source"), expect.get("source"))
    want_captions = expect.get("captions") or []
    out["captions"] = (list(result.captions) == want_captions, list(result.captions), want_captions)
    left = [j for j in case["junk"] if j in result.body]
    out["junk"] = (not left, left, [])
    return out
