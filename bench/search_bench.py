"""Search benchmarks, measured in Debian's Chromium on real builds of the site.

    python bench/search_bench.py compare [--json FILE]
        The engine comparison on the seed site (the five articles, both languages): Material's
        built-in lunr search, Pagefind as shipped (its CLI on the built article pages, queried
        through its own JS API, ten results' data loaded), and the site's own index and search
        box (hooks/bulletin/search/index.py, docs/assets/search/search.js). For every query of a
        table: results, articles found of the articles that contain the query or an equivalent
        (folded, đ → d, abbreviations), bytes the browser downloaded for search up to the first
        results (cold) and for one more query (warm), and build/index times.

    python bench/search_bench.py scale N [N ...] [--json FILE]
        Builds the site with N synthetic articles per language (bench/generate.py), then reports
        for the site's own index and for Pagefind (its CLI on the same pages) the files, bytes,
        the time to index, and the bytes a fresh browser downloads for its first query, for a few
        queries (with and without marks, an abbreviation, English, a filter). Also the size of
        Material's search_index.json for the same site (the file lunr loads whole).

Numbers are bytes on the wire from the static test server, which does not compress: the index
files of both engines are gzip-compressed at build time; JavaScript, WASM and JSON manifests are
not (a real web server would compress them further). Timing numbers depend on the machine; nothing here asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))
sys.path.insert(0, str(REPO / "hooks"))

import helpers  # noqa: E402  (tests/browser/helpers.py: static server, Chromium path and flags)
from bulletin.content.registry import Registry  # noqa: E402
from bulletin.search.terms import groups_for, load_search_data, norm  # noqa: E402

NOW = "2026-11-26T12:00:00+07:00"

# (language of the page the reader is on, query)
QUERIES = [
    ("vi", "cải cách hành chính"), ("vi", "cai cach hanh chinh"), ("vi", "CCHC"),
    ("vi", "chuyển đổi số"), ("vi", "chuyen doi so"), ("vi", "CĐS"), ("vi", "cds"),
    ("vi", "Đảng ủy"), ("vi", "dang uy"), ("vi", "Quân khu 4"), ("vi", "quan khu 4"), ("vi", "QK4"),
    ("vi", "Bộ CHQS"), ("vi", "bo chi huy quan su"), ("vi", "Nghệ An"), ("vi", "nghe an"),
    ("vi", "Bo Quoc phong"), ("vi", "văn thư lưu trữ"),
    ("en", "digital transformation"), ("en", "Military Region 4"), ("en", "MR4"), ("en", "archives"),
]

SCALE_QUERIES = [("vi", "chuyen doi so", {}), ("vi", "Đảng ủy", {}), ("vi", "QK4", {}),
                 ("en", "digital signatures", {}), ("vi", "kiem tra", {"year": "2023"})]

ARTICLE_URL = re.compile(r"/(?:en/)?\d{4}/\d{2}/[^/]+/$")


# -- building ------------------------------------------------------------------------------------

def make_project(dest: Path, *, engine: str, articles: Path | None = None) -> Path:
    """A project in *dest* from this repository's data and docs; engine 'own' (the site's own
    search) or 'lunr' (Material's search plugin; the site's search switched off)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("data", "docs"):
        shutil.copytree(REPO / name, dest / name, dirs_exist_ok=True)
    shutil.copytree(articles or REPO / "articles", dest / "articles", dirs_exist_ok=True)
    cfg = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg["hooks"] = [str(REPO / "hooks" / "site_hooks.py")]
    cfg.pop("watch", None)
    if engine == "lunr":
        cfg["plugins"] = ["search"]
        cfg.setdefault("extra", {}).setdefault("bulletin", {})["search"] = {"enabled": False}
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), "utf-8")
    return dest


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def build(project: Path) -> dict:
    say(f"building {project}")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", BULLETIN_NOW=NOW)
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{proc.stdout}\n{proc.stderr}")
    log = proc.stdout + proc.stderr
    spent = [float(x) for x in re.findall(r"Search index \(\w+\): .* in ([\d.]+) s", log)]
    return {"build_seconds": round(seconds, 2), "index_seconds": round(sum(spent), 2) if spent else None}


def pagefind_cli(site: Path, subdir: str) -> float:
    """Pagefind as shipped: its CLI on the built site, into site/<subdir>/. Article pages are
    marked first (``data-pagefind-body`` on the article, neighbours and related links ignored),
    so it indexes what the site's own index does."""
    for path in site.rglob("index.html"):
        rel = path.relative_to(site).as_posix()
        if re.match(r"^(?:en/)?\d{4}/\d{2}/[^/]+/index\.html$", rel):
            html = path.read_text(encoding="utf-8")
            html = html.replace('<article class="bl-article">', '<article class="bl-article" data-pagefind-body>', 1)
            html = html.replace('<nav class="bl-prevnext"', '<nav data-pagefind-ignore class="bl-prevnext"')
            html = html.replace('<section class="bl-related"', '<section data-pagefind-ignore class="bl-related"')
            path.write_text(html, encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", subdir],
                   check=True, capture_output=True)
    return round(time.perf_counter() - started, 2)


def bundle_size(folder: Path) -> dict:
    """Index files (not the engine's code): Pagefind's .pf_* files, or the site's search/ folder."""
    out = {"files": 0, "bytes": 0, "largest": 0}
    for p in folder.rglob("*"):
        if p.is_file() and (p.suffix in (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter")
                            or "pagefind" not in folder.name):
            size = p.stat().st_size
            out["files"] += 1
            out["bytes"] += size
            out["largest"] = max(out["largest"], size)
    return out


# -- the browser ---------------------------------------------------------------------------------

class Browser:
    def __init__(self):
        from playwright.sync_api import sync_playwright
        self._p = sync_playwright().start()
        self.browser = self._p.chromium.launch(executable_path=helpers.CHROMIUM_PATH, args=helpers.CHROMIUM_ARGS)

    def page(self):
        context = self.browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(60_000)
        page = context.new_page()
        requests = []
        page.on("requestfinished", lambda request: requests.append(request))
        return context, page, requests

    def close(self):
        self.browser.close()
        self._p.stop()


def transferred(requests, patterns) -> int:
    total = 0
    for r in requests:
        if any(p in r.url for p in patterns):
            sizes = r.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total


def home(lang: str) -> str:
    return "" if lang == "vi" else "en/"


def ours(browser, base, lang, query, filters=None, second=None) -> dict:
    """The site's search box: type, wait for the results, read them."""
    context, page, requests = browser.page()
    try:
        page.goto(base + home(lang), wait_until="load")
        started = time.perf_counter()
        box = page.locator(".bl-search__input")
        box.click()
        for name, value in (filters or {}).items():
            page.wait_for_function("(n) => document.querySelector(`select[data-filter=${n}]`).options.length > 1", arg=name)
            page.select_option(f"select[data-filter={name}]", value)
        box.fill(query)
        _wait_ours(page, query)
        ms = round((time.perf_counter() - started) * 1000)
        urls = page.eval_on_selector_all(".bl-search__item a", "els => els.map(a => new URL(a.href).pathname)")
        count = int(re.sub(r"\D", "", page.text_content(".bl-search__status") or "") or 0)
        cold = transferred(requests, ("/search/", "/assets/search/"))
        warm = None
        if second:
            before = len(requests)
            box.fill(second)
            _wait_ours(page, second)
            warm = transferred(requests[before:], ("/search/", "/assets/search/"))
        return {"count": count, "urls": urls, "bytes_first": cold, "bytes_next": warm, "ms_first": ms}
    finally:
        context.close()


def _wait_ours(page, query):
    page.wait_for_function(
        "(q) => { const r = document.querySelector('[data-bl-search]');"
        " return r.dataset.state === 'done' && r.dataset.query === q; }", arg=query)


def lunr(browser, base, lang, query, second=None) -> dict:
    """Material's search (lunr in a web worker): type into its box, wait for its result count."""
    context, page, requests = browser.page()
    patterns = ("/search/search_index.json", "/workers/search", "/javascripts/lunr/")
    try:
        page.goto(base + home(lang), wait_until="load")
        started = time.perf_counter()
        page.click(".md-search__input")
        page.keyboard.type(query)   # Material reacts to key events, not to a programmatic fill
        meta = _wait_lunr(page)
        ms = round((time.perf_counter() - started) * 1000)
        count = int(m.group()) if (m := re.search(r"\d+", meta)) else (1 if "1 " in meta else 0)
        # Material shows ten results, then more on scrolling: take the count from its meta line.
        urls = page.eval_on_selector_all(".md-search-result__item > a",
                                         "els => els.map(a => new URL(a.href).pathname)")
        cold = transferred(requests, patterns)
        warm = None
        if second:
            before = len(requests)
            page.fill(".md-search__input", "")
            page.keyboard.type(second)
            _wait_lunr(page)
            warm = transferred(requests[before:], patterns)
        return {"count": count, "urls": urls, "bytes_first": cold, "bytes_next": warm, "ms_first": ms}
    finally:
        context.close()


def _wait_lunr(page) -> str:
    # The meta line reads "Initializing search" / "Type to start searching" until results come.
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && /\\d|Không|No /.test(m.textContent); }")
    page.wait_for_timeout(300)
    return page.text_content(".md-search-result__meta") or ""


def pagefind_plain(browser, base, lang, query, subdir) -> dict:
    """Pagefind as shipped: its JS API on the index its CLI made, no folding or expansion."""
    context, page, requests = browser.page()
    try:
        page.goto(base + home(lang), wait_until="load")
        started = time.perf_counter()
        found = page.evaluate("""async ([bundle, q]) => {
            const pf = await import(new URL(bundle + 'pagefind.js', location.href).href);
            const r = await pf.search(q);
            const shown = await Promise.all(r.results.slice(0, 10).map(x => x.data()));
            return {count: r.results.length,
                    urls: shown.map(d => new URL(d.url, location.href).pathname),
                    all: r.results.length <= 10}; }""", [f"/{subdir}/", query])
        ms = round((time.perf_counter() - started) * 1000)
        return {"count": found["count"], "urls": found["urls"], "bytes_first": transferred(requests, (f"/{subdir}/",)),
                "bytes_next": None, "ms_first": ms}
    finally:
        context.close()


# -- what should be found ------------------------------------------------------------------------

def expected_articles(site: Path, lang: str, query: str, groups) -> set[str]:
    """Article pages of *lang* whose indexed text contains the query, or a phrase equivalent to
    it, compared folded (đ → d) word by word: what a reader would want found."""
    phrases = {norm(query)}
    for g in groups:
        keys = {norm(p) for p in g}
        if norm(query) in keys:
            phrases |= keys
    prefix = "en/" if lang == "en" else ""
    out = set()
    for html_path in site.glob(f"{prefix}[0-9][0-9][0-9][0-9]/*/*/index.html"):
        html = html_path.read_text(encoding="utf-8")
        if "<article class=\"bl-article\"" not in html:
            continue
        body = re.search(r"<article\b.*?</article>", html, re.S).group(0)
        body = re.sub(r"<(nav|section)\b[^>]*bl-(prevnext|related).*?</\1>", " ", body, flags=re.S)
        text = " " + norm(re.sub(r"<[^>]+>", " ", body)) + " "
        if any(f" {p} " in text for p in phrases):
            out.add("/" + str(html_path.parent.relative_to(site)) + "/")
    return out


# -- commands ------------------------------------------------------------------------------------

def compare(args) -> dict:
    work = Path(tempfile.mkdtemp(prefix="search-compare-"))
    try:
        p_site = make_project(work / "own", engine="own")
        l_site = make_project(work / "lunr", engine="lunr")
        bare = make_project(work / "bare", engine="lunr")
        cfg = yaml.safe_load((bare / "mkdocs.yml").read_text(encoding="utf-8"))
        cfg["plugins"] = []
        (bare / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), "utf-8")
        times = {"own": build(p_site), "lunr": build(l_site), "none": build(bare)}
        times["pagefind_cli_seconds"] = pagefind_cli(p_site / "site", "pagefind-plain")
        registry = Registry.load(REPO / "data")
        data = load_search_data(REPO / "data" / "search.yml", ["vi", "en"])
        groups = {lang: groups_for(registry, lang, data) for lang in ("vi", "en")}
        rows = []
        browser = Browser()
        try:
            with helpers.serve_directory(p_site / "site") as p_base, helpers.serve_directory(l_site / "site") as l_base:
                for i, (lang, q) in enumerate(QUERIES):
                    nxt = QUERIES[(i + 1) % len(QUERIES)][1]
                    target = expected_articles(p_site / "site", lang, q, groups[lang])
                    row = {"lang": lang, "query": q, "expected": sorted(target)}
                    for name, result in (("lunr", lunr(browser, l_base, lang, q, second=nxt)),
                                         ("pagefind", pagefind_plain(browser, p_base, lang, q, "pagefind-plain")),
                                         ("ours", ours(browser, p_base, lang, q, second=nxt))):
                        articles = {u for u in result["urls"] if ARTICLE_URL.search(u)}
                        result["found"] = len(articles & target)
                        result["other_lang"] = sum(1 for u in result["urls"]
                                                   if (lang == "vi") == u.startswith("/en/"))
                        row[name] = result
                    rows.append(row)
                    print(_row_line(row), flush=True)
        finally:
            browser.close()
        result = {"times": times, "rows": rows,
                  "lunr_index_bytes": (l_site / "site" / "search" / "search_index.json").stat().st_size,
                  "own_index": bundle_size(p_site / "site" / "search"),
                  "pagefind_index": bundle_size(p_site / "site" / "pagefind-plain")}
        print_compare(result)
        return result
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def _row_line(row) -> str:
    cells = [f"{row['lang']} {row['query']!r:24}", f"expect {len(row['expected'])}"]
    for name in ("lunr", "pagefind", "ours"):
        r = row[name]
        cells.append(f"{name}: {r['count']} res, {r['found']} found, {r['bytes_first'] / 1024:.0f} KiB")
    return " | ".join(cells)


def print_compare(result) -> None:
    t = result["times"]
    own, pf = result["own_index"], result["pagefind_index"]
    print("\n## Engine comparison (seed site, Chromium)\n")
    print(f"Build: no search {t['none']['build_seconds']} s; Material lunr {t['lunr']['build_seconds']} s "
          f"(search_index.json {result['lunr_index_bytes'] / 1024:.0f} KiB); the site's own index "
          f"{t['own']['build_seconds']} s (of which indexing {t['own']['index_seconds']} s; {own['files']} files, "
          f"{own['bytes'] / 1024:.0f} KiB); Pagefind CLI on the same pages {t['pagefind_cli_seconds']} s "
          f"({pf['files']} files, {pf['bytes'] / 1024:.0f} KiB).\n")
    print("| page | query | articles to find | lunr: results / found | Pagefind as shipped | own index + box |")
    print("|---|---|---|---|---|---|")
    for row in result["rows"]:
        cells = [f"{row[n]['count']} / {row[n]['found']}" for n in ("lunr", "pagefind", "ours")]
        print(f"| {row['lang']} | {row['query']} | {len(row['expected'])} | " + " | ".join(cells) + " |")
    print("\n| engine | first query, KiB (median, max) | next query, KiB (median) | first results, ms (median) |")
    print("|---|---|---|---|")
    for n in ("lunr", "pagefind", "ours"):
        first = sorted(r[n]["bytes_first"] for r in result["rows"])
        nxt = sorted(r[n]["bytes_next"] for r in result["rows"] if r[n]["bytes_next"] is not None)
        ms = sorted(r[n]["ms_first"] for r in result["rows"] if r[n]["ms_first"] is not None)
        med = lambda xs: xs[len(xs) // 2] if xs else None  # noqa: E731
        print(f"| {n} | {med(first) / 1024:.0f}, {first[-1] / 1024:.0f} | "
              f"{'' if not nxt else f'{med(nxt) / 1024:.1f}'} | {'' if not ms else med(ms)} |")


def scale(args) -> dict:
    out = {}
    for n in args.n:
        work = Path(tempfile.mkdtemp(prefix=f"search-scale-{n}-"))
        try:
            subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), str(work / "gen"), str(n)],
                           check=True, capture_output=True)
            project = make_project(work / "own", engine="own", articles=work / "gen")
            times = build(project)
            site = project / "site"
            say(f"built in {times['build_seconds']} s (own index {times['index_seconds']} s); Pagefind CLI")
            pf_seconds = pagefind_cli(site, "pagefind-plain")
            row = {"articles_per_language": n, **times, "pagefind_seconds": pf_seconds,
                   "own_index": bundle_size(site / "search"), "pagefind_index": bundle_size(site / "pagefind-plain"),
                   "pages": sum(1 for _ in site.rglob("index.html")), "queries": []}
            say("measuring in Chromium")
            browser = Browser()
            try:
                with helpers.serve_directory(site) as base:
                    for lang, q, filters in SCALE_QUERIES:
                        r = ours(browser, base, lang, q, filters=filters, second="tập huấn" if lang == "vi" else "training")
                        p = pagefind_plain(browser, base, lang, q, "pagefind-plain") if not filters else None
                        row["queries"].append({"lang": lang, "query": q, "filters": filters, "count": r["count"],
                                               "bytes_first": r["bytes_first"], "bytes_next": r["bytes_next"],
                                               "ms_first": r["ms_first"],
                                               "pagefind": None if p is None else
                                               {"count": p["count"], "bytes_first": p["bytes_first"], "ms_first": p["ms_first"]}})
            finally:
                browser.close()
            if not args.no_lunr:
                lunr_project = make_project(work / "lunr", engine="lunr", articles=work / "gen")
                lt = build(lunr_project)
                row["lunr"] = {"build_seconds": lt["build_seconds"],
                               "index_bytes": (lunr_project / "site" / "search" / "search_index.json").stat().st_size}
            out[n] = row
            print_scale(row)
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    return out


def print_scale(row) -> None:
    own, pf = row["own_index"], row["pagefind_index"]
    print(f"\n## {row['articles_per_language']} articles per language ({row['pages']} pages built)\n")
    print(f"Build {row['build_seconds']} s, of which the site's own index {row['index_seconds']} s: "
          f"{own['files']} files, {own['bytes'] / 1024:.0f} KiB, largest file {own['largest'] / 1024:.0f} KiB. "
          f"Pagefind CLI on the same pages {row['pagefind_seconds']} s: {pf['files']} files, "
          f"{pf['bytes'] / 1024:.0f} KiB, largest file {pf['largest'] / 1024:.0f} KiB.")
    if "lunr" in row:
        print(f"Material lunr for the same site: search_index.json {row['lunr']['index_bytes'] / 1024:.0f} KiB "
              f"(loaded whole on every page), build {row['lunr']['build_seconds']} s.")
    print("\n| page | query | filter | results | first query, KiB | next query, KiB | first results, ms "
          "| Pagefind: results, first query KiB, ms |")
    print("|---|---|---|---|---|---|---|---|")
    for q in row["queries"]:
        f = ", ".join(f"{k}={v}" for k, v in q["filters"].items())
        p = q["pagefind"]
        pcell = "" if p is None else f"{p['count']}, {p['bytes_first'] / 1024:.0f}, {p['ms_first']}"
        print(f"| {q['lang']} | {q['query']} | {f} | {q['count']} | {q['bytes_first'] / 1024:.0f} | "
              f"{(q['bytes_next'] or 0) / 1024:.1f} | {q['ms_first']} | {pcell} |")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("compare", help="lunr vs Pagefind on the seed site")
    c.add_argument("--json", type=Path)
    c.add_argument("--keep", action="store_true", help="keep the built sites (printed folder)")
    s = sub.add_parser("scale", help="index size and first-query bytes at N articles per language")
    s.add_argument("n", type=int, nargs="+")
    s.add_argument("--json", type=Path)
    s.add_argument("--keep", action="store_true")
    s.add_argument("--no-lunr", action="store_true", help="skip the second build with Material's search")
    args = parser.parse_args(argv)
    result = compare(args) if args.command == "compare" else scale(args)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
