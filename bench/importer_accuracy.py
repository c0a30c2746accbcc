"""How well `bulletin import` reads news pages: per-field accuracy over the importer's corpus.

    python bench/importer_accuracy.py                       # the fixtures of tests/importer/pages/
    python bench/importer_accuracy.py --cases DIR/cases.yml # another set in the same format
    python bench/importer_accuracy.py --details             # also each miss, case by case

A case lists the fields an editor reads on the page (``expect``) and the page text that must not
survive (``junk``); see the head of tests/importer/pages/cases.yml. Loading, importing and scoring
a case is tests/support/importer_cases.py, the same code the tests use: a field counts as right when
the importer's value equals the editor's; an expected unit the registry lacks is right as an empty
``unit:`` whose note quotes the words naming it, and any other unit is also counted as a *wrong
unit* (the goal is none, ever); a date must match with its "assumed year" mark.

Pages a case marks ``refused: language`` must be refused (another language). The script prints the
machine load beside the figures, like the other benchmarks, and the time per page.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests" / "support"), str(REPO / "hooks")]

from bulletin.importer.pipeline import ImportRefused  # noqa: E402
from importer_cases import FIELDS, load_cases, run_case, score, setting  # noqa: E402

CASES = REPO / "tests" / "importer" / "pages" / "cases.yml"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=Path, default=CASES, help="cases.yml (default: the importer's corpus)")
    parser.add_argument("--data", type=Path, default=REPO / "data", help="the project's data folder")
    parser.add_argument("--details", action="store_true", help="print each miss")
    args = parser.parse_args(argv)

    where = setting(args.data)
    registry = where.registry
    cases = load_cases(args.cases)
    right = {name: 0 for name in FIELDS}
    pages = wrong_units = refused_ok = refused_total = missing_units = 0
    misses = []
    started = time.perf_counter()
    for case in cases:
        if case.get("refused"):
            refused_total += 1
            try:
                run_case(case, where)
                misses.append((case["file"], "refused", "imported", "refused"))
            except ImportRefused:
                refused_ok += 1
            continue
        pages += 1
        want_unit = (case.get("expect") or {}).get("unit")
        if want_unit and want_unit not in registry.units:
            missing_units += 1
        try:
            result = run_case(case, where)
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
