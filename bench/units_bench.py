"""The unit registry's cost: a full build before and after a change of the registry or its code.

    .venv/bin/python bench/units_bench.py [--before REV] [--size 1000] [--repeat 3] [--jobs 1]

"before" is the tree of git revision REV (default: the commit before the registry of data/units/
came in); "after" is this working tree. With --registry-only, "before" is this working tree too, with
data/units/ cut down to the units of REV's data/units.yml and what they need (their parents and
successors, the menu's units): the cost of the registry's size alone, with the same code. The
default comparison includes every other change made since REV, not only the registry's. Each side generates N articles per language with its own
bench/generate.py and registry (same seed), and builds them with its own hooks, as a whole process
(`mkdocs build`, both languages, listings, feeds, search). The runs alternate (before, after,
before, …) so both sides see the same machine load; the load average is printed beside the figures.
It prints the median wall time of each side and their ratio, the median CPU time of the build
processes (user + system: less sensitive than wall time to what else the machine runs), the fastest
run of each side and the median of the ratios of each pair of runs (on a shared machine other work
only slows a build: these are the steadiest figures), the output size (files, bytes; unit
pages and unit feeds apart), and the HTML size of the units index and of the median article page.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
BEFORE = "a7d81c4"     # main just before data/units/ (37 units in data/units.yml, two of them not real)
NOW = "2026-11-26T12:00:00+07:00"
COPY = ("hooks", "data", "docs", "bench", "mkdocs.yml", "articles")


def tree(rev: str | None, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    if rev is None:
        for name in COPY:
            src = REPO / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    else:
        archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, *COPY], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    if (REPO / "node_modules").is_dir():   # the web editor's files (npm ci), copied into the build
        (dest / "node_modules").symlink_to(REPO / "node_modules")
    return dest


def cut_registry(project: Path, rev: str) -> int:
    """Keep in *project*'s data/units/ only the units of *rev*'s data/units.yml that still exist, the
    menu's units, and their parents and successors; return how many units are left."""
    import yaml

    old = yaml.safe_load(subprocess.run(["git", "-C", str(REPO), "show", f"{rev}:data/units.yml"], check=True,
                                        capture_output=True, text=True).stdout)
    old_ids = {u["id"] for u in (old.get("units") if isinstance(old, dict) else old) or []}
    files = {f: yaml.safe_load(f.read_text("utf-8")) for f in sorted((project / "data" / "units").glob("*.yml"))}
    units = {u["id"]: u for data in files.values() for u in data.get("units") or []}
    keep = {i for i in old_ids if i in units} | {i for i, u in units.items() if u.get("menu")}
    while True:
        more = {x for i in keep for x in [units[i].get("parent"), *(units[i].get("successors") or [])] if x}
        if more <= keep:
            break
        keep |= more
    for f, data in files.items():
        data["units"] = [u for u in data.get("units") or [] if u["id"] in keep]
        if data["units"]:
            f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        else:
            f.unlink()
    return len(keep)


def generate(project: Path, size: int, seed: int) -> None:
    articles = project / "articles"
    shutil.rmtree(articles, ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=str(project / "hooks"))
    subprocess.run([sys.executable, str(project / "bench" / "generate.py"), str(articles), str(size), "--seed", str(seed)],
                   check=True, env=env, capture_output=True)


def build(project: Path, jobs: str) -> tuple[float, float]:
    """(wall time, CPU time of the build's processes) of one `mkdocs build`."""
    out = project / "site"
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", BULLETIN_NOW=NOW, BULLETIN_JOBS=jobs, PYTHONDONTWRITEBYTECODE="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"build failed in {project}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def sizes(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    unit_pages = [p for p in files if "don-vi" in p.relative_to(site).parts[:1] or p.relative_to(site).parts[:2] == ("en", "units")]
    unit_feeds = [p for p in files if "/feeds/don-vi/" in p.as_posix() or "/feeds/units/" in p.as_posix()]
    articles = sorted((p for p in files if p.name == "index.html" and p.relative_to(site).parts[0][:2] == "20"),
                      key=lambda p: p.stat().st_size)
    return {"files": len(files), "bytes": sum(p.stat().st_size for p in files),
            "unit_pages": len(unit_pages), "unit_page_bytes": sum(p.stat().st_size for p in unit_pages),
            "unit_feeds": len(unit_feeds), "unit_feed_bytes": sum(p.stat().st_size for p in unit_feeds),
            "units_index": (site / "don-vi" / "index.html").stat().st_size,
            "article_median": articles[len(articles) // 2].stat().st_size if articles else 0}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--before", default=BEFORE, help="git revision of the baseline (default %(default)s)")
    ap.add_argument("--size", type=int, default=1000, help="articles per language")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", default="1", help="BULLETIN_JOBS of the builds (default 1: less noise on a shared machine)")
    ap.add_argument("--registry-only", action="store_true",
                    help="before = this tree with the registry cut down to the old one's units (same code)")
    ap.add_argument("--workdir", type=Path, default=BENCH / "out" / "units")
    args = ap.parse_args()
    sides = {"before": tree(None if args.registry_only else args.before, args.workdir / "before"),
             "after": tree(None, args.workdir / "after")}
    if args.registry_only:
        print(f"before: this tree with {cut_registry(sides['before'], args.before)} units (the units of "
              f"{args.before}'s data/units.yml, their parents and successors, the menu's units)\n")
    for project in sides.values():
        generate(project, args.size, args.seed)
    times: dict = {name: [] for name in sides}
    cpu: dict = {name: [] for name in sides}
    loads = [os.getloadavg()[0]]
    for _ in range(args.repeat):
        for name, project in sides.items():
            wall, used = build(project, args.jobs)
            times[name].append(wall)
            cpu[name].append(used)
            loads.append(os.getloadavg()[0])
    med = {name: statistics.median(t) for name, t in times.items()}
    med_cpu = {name: statistics.median(t) for name, t in cpu.items()}
    size = {name: sizes(project / "site") for name, project in sides.items()}
    print(f"## Unit registry: build at {args.size} articles per language (BULLETIN_JOBS={args.jobs}, "
          f"{args.repeat} runs each, alternating; load average {min(loads):.1f}–{max(loads):.1f})\n")
    print("| | before | after | after / before |\n|---|---:|---:|---:|")
    print(f"| wall time, median (s) | {med['before']:.1f} | {med['after']:.1f} | {med['after'] / med['before']:.3f} |")
    print(f"| runs (s) | {', '.join(f'{t:.1f}' for t in times['before'])} | {', '.join(f'{t:.1f}' for t in times['after'])} | |")
    print(f"| CPU time, median (s) | {med_cpu['before']:.1f} | {med_cpu['after']:.1f} | {med_cpu['after'] / med_cpu['before']:.3f} |")
    print(f"| CPU runs (s) | {', '.join(f'{t:.1f}' for t in cpu['before'])} | {', '.join(f'{t:.1f}' for t in cpu['after'])} | |")
    # Another process on a shared machine only ever slows a build down: the fastest run of each side
    # is the least disturbed, and each pair (before, then after at once) saw about the same load.
    for label, runs in (("wall", times), ("CPU", cpu)):
        low = {name: min(t) for name, t in runs.items()}
        pairs = statistics.median(a / b for a, b in zip(runs["after"], runs["before"]))
        print(f"| {label} time, fastest run (s) | {low['before']:.1f} | {low['after']:.1f} | {low['after'] / low['before']:.3f} |")
        print(f"| {label} time, median of the pairs' ratios | | | {pairs:.3f} |")
    for key, label in (("files", "output files"), ("bytes", "output bytes"), ("unit_pages", "unit pages (files)"),
                       ("unit_page_bytes", "unit pages (bytes)"), ("unit_feeds", "unit feeds (files)"),
                       ("unit_feed_bytes", "unit feeds (bytes)"), ("units_index", "units index page (bytes)"),
                       ("article_median", "article page, median (bytes)")):
        b, a = size["before"][key], size["after"][key]
        print(f"| {label} | {b:,} | {a:,} | {a / b:.3f} |" if b else f"| {label} | {b:,} | {a:,} | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
