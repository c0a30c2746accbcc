"""How well `bulletin import` reads news pages: per-field accuracy over the importer's corpus.

    python bench/importer_accuracy.py                       # the fixtures of tests/importer/pages/
    python bench/importer_accuracy.py --cases DIR/cases.yml # another set in the same format
    python bench/importer_accuracy.py --details             # also each miss, case by case

A case lists the fields an editor reads on the page (``expect``) and the page text that must not
survive (``junk``); see the head of tests/importer/pages/cases.yml. A field counts as right when the
importer's value equals the editor's. Two special rules keep the score honest:

- **unit**: when the expected unit is not (yet) in the registry, the right answer is an empty
  ``unit:`` with a note that quotes the words naming the unit; any other id is a *wrong unit*, which
  is also counted on its own (the goal is none, ever).
- **date**: the value must match, and so must the "assumed year" mark when the case says the page
  gives no year.

Pages a case marks ``refused: language`` must be refused (another language). The script prints the
machine load beside the figures, like the other benchmarks, and the time per page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
import unicodedata
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "hooks"))

from bulletin.content.i18n import load_languages  # noqa: E402
from bulletin.content.registry import Registry  # noqa: E402
from bulletin.importer.pipeline import ImportRefused, import_text  # noqa: E402
from bulletin.importer.rules import load_rules  # noqa: E402

FIELDS = ("title", "date", "unit", "topics", "authors", "source", "captions", "junk")
CASES = REPO / "tests" / "importer" / "pages" / "cases.yml"


def nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: nfc(v) for k, v in value.items()}
    return value


def load_cases(path: Path) -> list[dict]:
    cases = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    for case in cases:
        case["path"] = path.parent / case["file"]
    return cases


def run_case(case: dict, registry, rules, labels):
    text = case["path"].read_text(encoding="utf-8")
    today = case.get("imported")
    if isinstance(today, str):
        today = dt.date.fromisoformat(today)
    return import_text(text, registry, rules, labels, today=today)


def score(case: dict, result, registry) -> dict:
    """field → (right?, what the importer gave, what the editor reads)."""
    expect = nfc(case.get("expect") or {})
    f = result.fields
    out = {}
    out["title"] = (f.get("title") == expect.get("title"), f.get("title"), expect.get("title"))
    want_date = expect.get("date")
    date_ok = f.get("date") == want_date
    if want_date and bool(expect.get("date_assumed")) != bool(getattr(result, "date_assumed", False)):
        date_ok = False
    out["date"] = (date_ok, (f.get("date"), getattr(result, "date_assumed", False)),
                   (want_date, bool(expect.get("date_assumed"))))
    want_unit = expect.get("unit")
    got_unit = f.get("unit")
    if want_unit and want_unit not in registry.units:
        words = expect.get("unit_words") or ""
        note = result.notes.get("unit", "")
        unit_ok = got_unit is None and nfc(words).casefold() in nfc(note).casefold()
        want_shown = f"(not in registry: {want_unit}; note quotes '{words}')"
    else:
        unit_ok = got_unit == want_unit
        want_shown = want_unit
    out["unit"] = (unit_ok, got_unit, want_shown)
    out["wrong_unit"] = got_unit is not None and got_unit != want_unit
    out["topics"] = (set(f.get("topics") or []) == set(expect.get("topics") or []), f.get("topics"),
                     expect.get("topics"))
    out["authors"] = ((f.get("authors") or []) == (expect.get("authors") or []), f.get("authors"),
                      expect.get("authors"))
    out["source"] = (f.get("source") == expect.get("source"), f.get("source"), expect.get("source"))
    out["captions"] = (list(result.captions) == list(expect.get("captions") or []), result.captions,
                       expect.get("captions") or [])
    body = result.body
    left = [j for j in nfc(case.get("junk") or []) if j in body]
    out["junk"] = (not left, left, [])
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=Path, default=CASES, help="cases.yml (default: the importer's corpus)")
    parser.add_argument("--data", type=Path, default=REPO / "data", help="the project's data folder")
    parser.add_argument("--details", action="store_true", help="print each miss")
    args = parser.parse_args(argv)

    registry = Registry.load(args.data)
    rules = load_rules(args.data / "importer.yml")
    labels = [lbl for lang in load_languages(args.data, ["vi", "en"]).values() for lbl in lang.bylines.values()]
    cases = load_cases(args.cases)
    right = {name: 0 for name in FIELDS}
    pages = wrong_units = refused_ok = refused_total = missing_units = 0
    misses = []
    started = time.perf_counter()
    for case in cases:
        if case.get("refused"):
            refused_total += 1
            try:
                run_case(case, registry, rules, labels)
                misses.append((case["file"], "refused", "imported", "refused"))
            except ImportRefused:
                refused_ok += 1
            continue
        pages += 1
        want_unit = (case.get("expect") or {}).get("unit")
        if want_unit and want_unit not in registry.units:
            missing_units += 1
        try:
            result = run_case(case, registry, rules, labels)
        except ImportRefused as exc:
            misses.append((case["file"], "all", f"refused: {exc}", "imported"))
            continue
        for name, value in score(case, result, registry).items():
            if name == "wrong_unit":
                wrong_units += bool(value)
                continue
            ok, got, want = value
            right[name] += ok
            if not ok:
                misses.append((case["file"], name, got, want))
    elapsed = time.perf_counter() - started

    print(f"Importer accuracy over {pages} pages ({args.cases.relative_to(REPO) if args.cases.is_relative_to(REPO) else args.cases})")
    print(f"  {'field':<10} {'right':>9} {'share':>7}")
    for name in FIELDS:
        share = right[name] / pages if pages else 0.0
        print(f"  {name:<10} {right[name]:>4}/{pages:<4} {share:>6.1%}")
    print(f"  wrong unit (filed under another unit): {wrong_units}")
    if missing_units:
        print(f"  expected units not yet in the registry: {missing_units} (right = empty unit + a note quoting them)")
    if refused_total:
        print(f"  pages in another language refused: {refused_ok}/{refused_total}")
    load = os.getloadavg()
    print(f"  {elapsed / max(pages + refused_total, 1) * 1000:.1f} ms per page; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    if args.details:
        for name, field, got, want in misses:
            print(f"- {name}: {field}\n    got:  {got!r}\n    want: {want!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
