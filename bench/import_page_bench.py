"""Which extractor reads the outlets' pages best, field by field: the bulletin's rules against
trafilatura (main text, metadata, images) and htmldate (dates).

    python bench/import_page_bench.py            # the saved pages of tests/importer/fixtures/pages/
    python bench/import_page_bench.py --repeat 5 # time each extraction 5 times (median)

For each page of ``expected.yml`` (what an editor reads on it, written by hand) it scores:

- **title**: equal to the headline (no site name);
- **date**: the page's publication day; where the page shows none, *no* date is right and any
  date is counted as **invented**;
- **byline**: the byline as printed ("Tin, ảnh: NGỌC THĂNG"), the bulletin's convention;
- **text**: share of the article's paragraphs found (recall) and pieces of the page's chrome
  that got into the text (junk);
- **photos**: the article's photos found, with their caption next to them, and pictures taken
  that are not the article's (logos, icons, related stories).

Prints the machine load beside the figures, like the other benchmarks.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "hooks"))
PAGES = REPO / "tests" / "importer" / "fixtures" / "pages"
ORIGIN = "https://example.test"

from bulletin.content.i18n import load_languages  # noqa: E402
from bulletin.content.registry import Registry  # noqa: E402
from bulletin.importer.page import load_page_rules, parse_page  # noqa: E402
from bulletin.importer.rules import load_rules  # noqa: E402
from bulletin.importer.web import import_page  # noqa: E402


def load(name: str, spec: dict) -> str:
    return (PAGES / spec["file"]).read_text(encoding="utf-8").replace("{{ORIGIN}}", ORIGIN)


def score_text(text: str, spec: dict) -> tuple[float, int]:
    flat = " ".join(text.split())
    found = sum(1 for p in spec["paragraphs"] if p in flat)
    junk = sum(1 for j in spec["junk"] if j in flat)
    return found / len(spec["paragraphs"]), junk


def score_photos(pictures: list[tuple[str, str | None]], spec: dict) -> tuple[int, int, int]:
    """(photos found, of which with the right caption, pictures that are not the article's)."""
    names = [u.split("?")[0].rsplit("/", 1)[-1] for u, _ in pictures]
    found = paired = 0
    for name, caption in spec["photos"]:
        if name in names:
            found += 1
            got = pictures[names.index(name)][1] or ""
            paired += caption in got
    wanted = {n for n, _ in spec["photos"]}
    return found, paired, sum(1 for n in names if n not in wanted)


def rules_run(html: str, spec: dict, ctx) -> dict:
    rules, prules, registry, labels, marker = ctx
    page = parse_page(html, ORIGIN + "/bai", prules)
    result = import_page(page, registry, rules, labels, marker)
    f = result.imported.fields
    body = result.imported.body + "\n" + "\n".join(s.caption or "" for s in result.slots)
    pictures = [(s.picture.url, s.caption) for s in result.slots]
    return {"title": f.get("title"), "date": (page.published or "")[:10] or _first_date(page.header_lines),
            "byline": "; ".join(f.get("authors") or []) or None, "text": body, "pictures": pictures}


def _first_date(lines: list[str]) -> str | None:
    for line in lines:
        m = re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", line)
        if m:
            return f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    return None


def trafilatura_run(html: str, spec: dict, ctx) -> dict:
    import trafilatura
    doc = trafilatura.bare_extraction(html, url=ORIGIN + "/bai", with_metadata=True, include_images=True,
                                      include_comments=False)
    md = trafilatura.extract(html, url=ORIGIN + "/bai", include_images=True, include_comments=False,
                             output_format="markdown") or ""
    lines = [ln for ln in md.split("\n") if ln.strip()]
    pictures = []
    for i, line in enumerate(lines):
        for m in re.finditer(r"!\[[^\]]*\]\(([^)\s]+)\)", line):
            after = " ".join(lines[i:i + 3])
            pictures.append((m[1], after))
    return {"title": doc.title if doc else None, "date": doc.date if doc else None,
            "byline": doc.author if doc else None, "text": md, "pictures": pictures}


def htmldate_run(html: str, extensive: bool) -> str | None:
    import htmldate
    return htmldate.find_date(html, extensive_search=extensive, original_date=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    expected = yaml.safe_load((PAGES / "expected.yml").read_text(encoding="utf-8"))
    data = REPO / "data"
    rules, prules = load_rules(data / "importer.yml"), load_page_rules(data / "import-page.yml")
    languages = load_languages(data, ["vi", "en"])
    labels = [lbl for lang in languages.values() for lbl in lang.bylines.values()]
    ctx = (rules, prules, Registry.load(data), labels, sorted(rules.image_markers)[0])
    import trafilatura  # noqa: F401  (loaded once, outside the timings)
    import htmldate  # noqa: F401

    systems = {"rules": lambda h, s: rules_run(h, s, ctx), "trafilatura": lambda h, s: trafilatura_run(h, s, ctx)}
    totals = {name: dict(title=0, date=0, invented=0, byline=0, recall=0.0, junk=0, photos=0, paired=0, extra=0,
                         ms=[]) for name in systems}
    want_photos = sum(len(s["photos"]) for s in expected.values())
    dates = {"htmldate (markup only)": [0, 0], "htmldate (extensive, trafilatura's default)": [0, 0]}
    print(f"{'page':<8} {'system':<12} {'title':<5} {'date':<10} {'byline':<6} {'text':>5} {'junk':>4} "
          f"{'photos':>6} {'capt.':>5} {'extra':>5} {'ms':>7}")
    for name, spec in expected.items():
        html = load(name, spec)
        want_date = str(spec["published"]) if spec["published"] else None
        for system, fn in systems.items():
            times = []
            for _ in range(max(1, args.repeat)):
                t0 = time.perf_counter()
                got = fn(html, spec)
                times.append((time.perf_counter() - t0) * 1000)
            t = totals[system]
            ok_title = got["title"] == spec["title"]
            ok_date = (got["date"] or None) == want_date
            invented = want_date is None and bool(got["date"])
            ok_byline = (got["byline"] or None) == spec["byline"]
            recall, junk = score_text(got["text"], spec)
            found, paired, extra = score_photos(got["pictures"], spec)
            t["title"] += ok_title
            t["date"] += ok_date
            t["invented"] += invented
            t["byline"] += ok_byline
            t["recall"] += recall
            t["junk"] += junk
            t["photos"] += found
            t["paired"] += paired
            t["extra"] += extra
            t["ms"].append(statistics.median(times))
            print(f"{name:<8} {system:<12} {'✓' if ok_title else '✗':<5} "
                  f"{(got['date'] or '—') + ('!' if invented else ''):<10} {'✓' if ok_byline else '✗':<6} "
                  f"{recall:>5.0%} {junk:>4} {found:>3}/{len(spec['photos']):<2} {paired:>5} {extra:>5} "
                  f"{statistics.median(times):>7.1f}")
        for label, extensive in (("htmldate (markup only)", False), ("htmldate (extensive, trafilatura's default)", True)):
            got = htmldate_run(html, extensive)
            dates[label][0] += (got or None) == want_date
            dates[label][1] += want_date is None and bool(got)
    n = len(expected)
    print(f"\nTotals over {n} pages ({want_photos} photos):")
    print(f"{'system':<12} {'title':>6} {'date':>6} {'invented':>9} {'byline':>7} {'text':>6} {'junk':>5} "
          f"{'photos':>7} {'captioned':>10} {'extra':>6} {'ms/page':>8}")
    for system, t in totals.items():
        print(f"{system:<12} {t['title']:>4}/{n} {t['date']:>4}/{n} {t['invented']:>9} {t['byline']:>5}/{n} "
              f"{t['recall'] / n:>6.0%} {t['junk']:>5} {t['photos']:>4}/{want_photos} {t['paired']:>7}/{want_photos} "
              f"{t['extra']:>6} {statistics.median(t['ms']):>8.1f}")
    for label, (right, invented) in dates.items():
        print(f"{label}: {right}/{n} dates right, {invented} invented")
    print(f"\nload average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores shared)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
