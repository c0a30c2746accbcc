"""Page weight and build time of this working tree against an earlier revision, in one run.

    .venv/bin/python bench/weight.py [--before REV] [--sizes 1000,3000] [--repeat 1] [--precompress]

For each size N (articles per language, bench/generate.py) both sites are built from the same
articles as whole `mkdocs build` processes, interleaved and alternating which goes first (before,
after, after, before …: the second build of a pair tends to be slower on a busy machine), each
with its own hooks, templates, data and mkdocs.yml (REV in a temporary git worktree). Printed per
size: the build's wall time and CPU time (the build and its worker processes; on a shared machine
the CPU time is the steadier figure), medians of --repeat, and their ratios, the article pages' size (median and
largest, HTML), the whole output per article and the machine's load; then where the bytes of the
working tree's output go, per kind.

What counts: every file the build writes into the site folder, i.e. everything a deploy uploads —
pages of both languages, listings, digests, feeds, OPML, the search index (its .gz shards included),
sitemap.xml and sitemap.xml.gz, assets — divided by N (an article and its translation count once).
Only the precompressed twins (X.gz / X.br beside a file X) are counted apart: a plain build does not
write them (GitHub Pages compresses by itself); the nginx deployment does (scripts/publish.sh,
BULLETIN_PRECOMPRESS) and --precompress weighs them.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
import generate  # noqa: E402
import projects  # noqa: E402

NOW = "2026-11-26T12:00:00+07:00"
ARTICLE = re.compile(r"^(?:en/)?\d{4}/\d{2}/[^/]+/index\.html$")


def layout(src: Path, articles: Path, dest: Path) -> Path:
    """A project of the source tree *src* (hooks, data, docs, mkdocs.yml) on *articles*."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("data", "docs"):
        shutil.copytree(src / name, dest / name)
    shutil.copytree(articles, dest / "articles")
    cfg = (src / "mkdocs.yml").read_text(encoding="utf-8")
    cfg = re.sub(r"(?m)^hooks:\n(\s+- ).*$", lambda m: f"hooks:\n{m.group(1)}{src / 'hooks' / 'site_hooks.py'}", cfg)
    cfg = re.sub(r"(?ms)^watch:\n(?:\s+- .*\n)+", "watch:\n  - articles\n", cfg)
    (dest / "mkdocs.yml").write_text(cfg, encoding="utf-8")
    return dest


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def build(project: Path, site: Path, extra_env: dict | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the build and the worker processes it waited for)."""
    if site.exists():
        shutil.rmtree(site)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", BULLETIN_NOW=NOW, PYTHONDONTWRITEBYTECODE="1", **(extra_env or {}))
    env.pop("BULLETIN_PRECOMPRESS", None) if not extra_env else None
    start, cpu = time.perf_counter(), _children_cpu()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=project, env=env,
                          capture_output=True, text=True)
    took, cpu = time.perf_counter() - start, _children_cpu() - cpu
    if proc.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{proc.stderr[-3000:]}")
    return took, cpu


def kind_of(rel: str, routes: dict) -> str:
    """Which part of the output *rel* (a path in the site folder) belongs to."""
    if ARTICLE.match(rel):
        return "article pages"
    parts = rel.split("/")
    if parts[0] == "en":
        parts = parts[1:]
    head = parts[0]
    if head == "search":
        return "search index"
    if head == "assets":
        return "assets"
    if head.startswith("sitemap.xml"):
        return "sitemap"
    if head in routes.get("feeds", ()):
        return "feeds and OPML"
    if head in routes.get("digest", ()):
        return "monthly digests"
    if head in routes.get("units", ()):
        return "unit listings"
    if head in routes.get("topics", ()):
        return "topic listings"
    if head in routes.get("archive", ()):
        return "archive (months, years)"
    if head in routes.get("page", ()) or head == "index.html":
        return "home pages"
    return "other pages"


def routes_of(src: Path) -> dict:
    """URL words of every language (data/i18n/*.yml routes): {"units": {"don-vi", "units"}, …}."""
    import yaml
    out: dict = {}
    for path in sorted((src / "data" / "i18n").glob("*.yml")):
        for key, word in (yaml.safe_load(path.read_text(encoding="utf-8")).get("routes") or {}).items():
            out.setdefault(key, set()).add(str(word))
    return out


def weigh(site: Path, n: int, routes: dict | None = None) -> dict:
    total = compressed = 0
    pages = []
    kinds: dict = {}
    for root, _dirs, files in os.walk(site):
        for name in files:
            p = Path(root, name)
            size = p.stat().st_size
            rel = p.relative_to(site).as_posix()
            if name.endswith((".html.gz", ".html.br", ".xml.gz", ".xml.br", ".css.gz", ".css.br", ".js.gz", ".js.br",
                              ".json.gz", ".json.br", ".opml.gz", ".opml.br", ".svg.gz", ".svg.br", ".txt.gz",
                              ".txt.br", ".map.gz", ".map.br")) and rel != "sitemap.xml.gz":
                compressed += size
                continue
            total += size
            if routes is not None:
                k = kind_of(rel, routes)
                kinds[k] = kinds.get(k, 0) + size
            if ARTICLE.match(rel):
                pages.append(size)
    return {"per_article_kb": total / n / 1000, "total_mb": total / 1e6, "compressed_mb": compressed / 1e6,
            "article_median_kb": statistics.median(pages) / 1000, "article_max_kb": max(pages) / 1000,
            "article_pages": len(pages), "kinds": kinds}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--before", default="e723c37", help="the revision to compare with (default: main before the lean "
                   "listings, digests and feeds)")
    p.add_argument("--sizes", default="1000", help="articles per language, comma-separated (1000)")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--precompress", action="store_true", help="also build with gzip/brotli copies")
    p.add_argument("--workdir", type=Path, default=None)
    args = p.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bulletin-weight-", dir=args.workdir))
    before_src = work / "before-src"
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(before_src), args.before],
                   check=True, capture_output=True)
    rows = []
    try:
        for n in [int(x) for x in args.sizes.split(",")]:
            articles = work / f"articles-{n}"
            generate.generate(articles, n, seed=1)
            before = layout(before_src, articles, work / "before")
            after = layout(REPO, articles, work / "after")
            times = {"before": [], "after": []}
            cpus = {"before": [], "after": []}
            sides = (("before", before), ("after", after))
            for round_ in range(args.repeat):
                # alternate which side goes first: on a busy machine the second build of a pair runs slower
                for side, proj in (sides if round_ % 2 == 0 else sides[::-1]):
                    wall, cpu = build(proj, work / f"site-{side}")
                    times[side].append(wall)
                    cpus[side].append(cpu)
                    print(f"  N={n} {side}: {wall:.1f} s wall, {cpu:.1f} s CPU (load {os.getloadavg()[0]:.2f})",
                          file=sys.stderr)
            w = {side: weigh(work / f"site-{side}", n, routes_of(before_src if side == "before" else REPO))
                 for side in times}
            row = {"n": n, "load": os.getloadavg()[0],
                   **{f"{side}_s": statistics.median(t) for side, t in times.items()},
                   **{f"{side}_cpu": statistics.median(t) for side, t in cpus.items()},
                   **{f"{side}_{k}": v for side in w for k, v in w[side].items()}}
            if args.precompress:
                row["precompress_s"], row["precompress_cpu"] = build(after, work / "site-pre",
                                                                     {"BULLETIN_PRECOMPRESS": "gzip,br"})
                row["precompress_mb"] = weigh(work / "site-pre", n)["compressed_mb"]
            rows.append(row)
            print_table(rows, args.before)
            print_kinds(n, w["before"]["kinds"], w["after"]["kinds"])
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(before_src)], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    return 0


def print_kinds(n: int, before: dict, after: dict) -> None:
    print(f"\n| N={n:,}: KB per article | before | after |\n|---|---|---|")
    for k in sorted(set(before) | set(after), key=lambda k: -after.get(k, 0)):
        print(f"| {k} | {before.get(k, 0) / n / 1000:.1f} | {after.get(k, 0) / n / 1000:.1f} |")
    print(f"| **whole output** | **{sum(before.values()) / n / 1000:.1f}** | **{sum(after.values()) / n / 1000:.1f}** |")
    sys.stdout.flush()


def print_table(rows: list, before: str) -> None:
    print(f"\n| articles/language | build before ({before}): wall / CPU | build after | after/before (CPU) "
          f"| article page before (median / max) | after | whole output per article before | after | load |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['n']:,} | {r['before_s']:.1f} s / {r['before_cpu']:.1f} s | {r['after_s']:.1f} s / {r['after_cpu']:.1f} s "
              f"| {r['after_s'] / r['before_s']:.2f} ({r['after_cpu'] / r['before_cpu']:.2f}) "
              f"| {r['before_article_median_kb']:.1f} / {r['before_article_max_kb']:.1f} KB "
              f"| {r['after_article_median_kb']:.1f} / {r['after_article_max_kb']:.1f} KB "
              f"| {r['before_per_article_kb']:.1f} KB ({r['before_total_mb']:.0f} MB) "
              f"| {r['after_per_article_kb']:.1f} KB ({r['after_total_mb']:.0f} MB) | {r['load']:.2f} |")
        if "precompress_s" in r:
            print(f"|  | with gzip + brotli copies: {r['precompress_s']:.1f} s / {r['precompress_cpu']:.1f} s CPU, "
                  f"{r['precompress_mb']:.0f} MB of copies |||||||")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
