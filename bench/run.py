"""Benchmark runner: the bulletin's full build against its baselines, at several sizes.

    .venv/bin/python bench/run.py [--sizes 100,1000,3000] [--repeat 3] [--workdir bench/out/run]

For each N (articles per language) it generates the articles (bench/generate.py), lays out one
project per system (bench/projects.py) and runs each build as a whole process, interleaving the
systems so that every figure is measured in the same run as its baselines; it prints a Markdown
table with wall time (median of --repeat runs), peak memory and output size, and the ratios.

Systems: the bulletin (`mkdocs build`, both languages, listings, feeds, search — through
bench/probe.py, which times each extension), as it runs by default (one process per core) and in
one process (BULLETIN_JOBS=1); Material's blog plugin (one blog per language,
categories, archive, mkdocs-rss-plugin from bench/requirements.txt when installable); plain
Material with a nav that lists only the home page; Python-Markdown alone on the same bodies (the
floor); Hugo when the `hugo` command exists (else a note). Then the preview: time from saving
one edited article to the page served by `bulletin preview` (as scripts/serve.sh runs it), by
`mkdocs serve --dirty` and by plain `mkdocs serve` (--preview-size articles per language,
--preview-modes; bench/preview.py has more).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import measure  # noqa: E402
import preview  # noqa: E402
import projects  # noqa: E402

NOW = "2026-11-26T12:00:00+07:00"   # fixed "now", after every generated date
ENV = {"NO_MKDOCS_2_WARNING": "1", "BULLETIN_NOW": NOW, "PYTHONDONTWRITEBYTECODE": "1"}
SYSTEMS = ("bulletin", "serial", "core", "blog", "plain", "floor", "hugo")
# "serial": the bulletin in one process (BULLETIN_JOBS=1); "core": the bulletin with its search index
# turned off (extra.bulletin.search.enabled: false). Both run in as many processes as "bulletin" does
# (extra.bulletin.jobs: auto, one per core) unless said otherwise.
BULLETINS = ("bulletin", "serial", "core")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --- preparation ------------------------------------------------------------------------------------

def articles_for(workdir: Path, n: int, seed: int) -> Path:
    """Generated articles for (n, seed), reused while generate.py is unchanged."""
    dest = workdir / f"articles-{n}-{seed}"
    stamp = f"{n} {seed} {(BENCH / 'generate.py').stat().st_mtime_ns}"
    marker = dest / ".stamp"
    if not (marker.exists() and marker.read_text() == stamp):
        if dest.exists():
            shutil.rmtree(dest)
        generate.generate(dest, n, seed)
        marker.write_text(stamp)
    return dest


def baseline_packages(workdir: Path, install: bool) -> Path | None:
    """mkdocs-rss-plugin and its pinned dependencies, installed apart from the project's venv.

    They go into a folder on PYTHONPATH of the blog runs only: mkdocs-rss-plugin 1.19 declares
    a dependency (properdocs) that the project's own environment should not carry."""
    target = workdir / "baseline-packages"
    req = BENCH / "requirements.txt"
    stamp = target / ".stamp"
    if stamp.exists() and stamp.read_text() == req.read_text():
        return target
    if not install:
        return None
    log("installing the blog baseline's mkdocs-rss-plugin (bench/requirements.txt) into " + str(target))
    if target.exists():
        shutil.rmtree(target)
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                           "-r", str(req)], capture_output=True, text=True)
    if proc.returncode != 0:
        log("note: could not install mkdocs-rss-plugin; the blog baseline runs without feeds:\n"
            + proc.stderr[-1500:])
        return None
    stamp.write_text(req.read_text())
    return target


# --- one measurement per system ---------------------------------------------------------------------

def run_system(system: str, project: Path, articles: Path, *, pkgs: Path | None) -> measure.Run:
    site = project / "site"
    if site.exists():
        shutil.rmtree(site)
    py = sys.executable
    if system in BULLETINS:
        probe_out = project / ".probe.json"
        env = dict(ENV, BULLETIN_JOBS="1") if system == "serial" else ENV
        r = measure.run([py, str(BENCH / "probe.py"), str(probe_out), "build", "-q", "-d", str(site)],
                        cwd=project, env=env, out_dir=site)
        r.extra = json.loads(probe_out.read_text(encoding="utf-8"))
        return r
    if system == "blog":
        env = dict(ENV)
        if pkgs:
            env["PYTHONPATH"] = str(pkgs)
        return measure.run([py, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=project, env=env, out_dir=site)
    if system == "plain":
        return measure.run([py, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=project, env=ENV, out_dir=site)
    if system == "floor":
        return measure.run([py, str(BENCH / "floor.py"), str(articles), str(site)], cwd=project, env=ENV,
                           out_dir=site)
    if system == "hugo":
        return measure.run(["hugo", "--quiet", "--destination", str(site)], cwd=project, env=ENV, out_dir=site)
    raise ValueError(system)


def prepare(system: str, articles: Path, root: Path, *, pkgs: Path | None) -> Path:
    if system in ("bulletin", "serial"):
        return projects.bulletin(articles, root)
    if system == "core":
        return projects.bulletin(articles, root, search=False)
    if system == "blog":
        return projects.blog(articles, root, rss=pkgs is not None)
    if system == "plain":
        return projects.plain(articles, root)
    if system == "hugo":
        return projects.hugo(articles, root)
    root.mkdir(parents=True, exist_ok=True)
    return root


# --- formatting ---------------------------------------------------------------------------------------

def fmt_time(s: float) -> str:
    return f"{s:.2f} s" if s < 10 else f"{s:.1f} s"


def fmt_bytes(b: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if b >= size:
            return f"{b / size:.1f} {unit}" if b < 100 * size else f"{b / size:.0f} {unit}"
    return f"{b} B"


def cell(r: measure.Run | None) -> str:
    if r is None:
        return "—"
    return f"{fmt_time(r.wall)} / {fmt_bytes(measure.memory(r))} / {fmt_bytes(r.out_bytes)}"


def ratio(a: measure.Run | None, b: measure.Run | None) -> str:
    if a is None or b is None or b.wall == 0:
        return "—"
    return f"{a.wall / b.wall:.2f}×"


def ms_per_page(r: measure.Run) -> float:
    return r.wall / max(r.out_pages, 1) * 1000


def per_page_ratio(a: measure.Run | None, b: measure.Run | None) -> str:
    if a is None or b is None or not a.out_pages or not b.out_pages:
        return "—"
    return f"{ms_per_page(a) / ms_per_page(b):.2f}×"


def search_figures(extra: dict) -> dict:
    """Feed and search figures from the probe record of a bulletin build."""
    out = {}
    for name, rec in extra.get("extensions", {}).items():
        short = name.rsplit(".", 1)[-1]
        files = rec.get("files", {})
        # time in all the processes of the build (a parallel build's wall time is less)
        out[short] = {"seconds": sum(v for k, v in rec.items() if k in ("plan", "context", "page_built", "post_build")),
                      "post_build": rec.get("post_build", 0.0), "files": len(files),
                      "bytes": sum(files.values()), "paths": files}
    return out


def first_query_bytes(paths: dict) -> int | None:
    """Bytes a reader's browser fetches to answer the first query, by the shape of the index.

    The site's own sharded index (search/<lang>/): the manifest, the largest word shard and the
    ten largest result records. Pagefind, for a Vietnamese query: pagefind.js, the Vietnamese (else
    generic) wasm, the entry, the language's metadata and terms file, one index chunk and ten result
    fragments (the largest of each, to be conservative). A single JSON index: all of it. The
    site's own search script (docs/assets/search/) is not counted."""
    rels = list(paths)
    pf = [r for r in rels if r.startswith("pagefind/")]
    if pf:
        def largest(pred, k=1):
            sizes = sorted((paths[r] for r in pf if pred(r.rsplit("/", 1)[-1])), reverse=True)
            return sum(sizes[:k])
        wasm = largest(lambda n: n == "wasm.vi.pagefind") or largest(lambda n: n == "wasm.unknown.pagefind")
        return (largest(lambda n: n == "pagefind.js") + wasm + largest(lambda n: n == "pagefind-entry.json")
                + largest(lambda n: n.startswith("pagefind.vi") and n.endswith(".pf_meta"))
                + largest(lambda n: n == "terms.vi.json")
                + largest(lambda n: n.startswith("vi_") and n.endswith(".pf_index"))
                + largest(lambda n: n.startswith("vi_") and n.endswith(".pf_fragment"), 10))
    own = [r for r in rels if r.startswith("search/vi/")]
    if own:
        # The site's own sharded index (bulletin/search_index.py): the language's manifest, one
        # word shard per query word (the largest, for a one-word query) and ten result records.
        def largest(prefix, k=1):
            return sum(sorted((paths[r] for r in own if r.startswith(prefix)), reverse=True)[:k])
        return largest("search/vi/index.json") + largest("search/vi/t/") + largest("search/vi/d/", 10)
    json_files = [r for r in rels if r.endswith(".json")]
    if json_files:
        return sum(paths[r] for r in json_files) + sum(paths[r] for r in rels if r.endswith(".js"))
    return None


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1048576:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    import markdown
    import material
    import mkdocs
    hugo = shutil.which("hugo")
    hv = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split()[1] if hugo else "absent"
    return (f"{cpu or platform.processor()}, {os.cpu_count()} cores, {mem}; {platform.system()} "
            f"{platform.release()}; Python {platform.python_version()}, MkDocs {mkdocs.__version__}, "
            f"Material {material.__version__ if hasattr(material, '__version__') else '?'}, "
            f"Python-Markdown {markdown.__version__}, Hugo {hv}")


# --- main ---------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,1000,3000", help="articles per language, comma-separated")
    ap.add_argument("--repeat", type=int, default=3, help="runs per system and size (the median is shown)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, default=BENCH / "out" / "run")
    ap.add_argument("--systems", default=",".join(SYSTEMS), help="which systems to run")
    ap.add_argument("--baselines-upto", type=int, default=3000,
                    help="run the baselines only up to this size (the bulletin runs at every size)")
    ap.add_argument("--preview-size", type=int, default=1000, help="0 to skip the preview measurement")
    ap.add_argument("--preview-edits", type=int, default=3)
    ap.add_argument("--preview-systems", default="bulletin",
                    help="bulletin (everything) and/or core (without the search index)")
    ap.add_argument("--preview-modes", default="bulletin,dirty,clean",
                    help="bulletin: `bulletin preview` (pages made on request, as scripts/serve.sh runs it); "
                         "dirty: `mkdocs serve --dirty` (incremental); clean: plain `mkdocs serve` (every page "
                         "rebuilt); bench/preview.py measures more (start-up with the cache, moving edits)")
    ap.add_argument("--no-install", action="store_true", help="do not install mkdocs-rss-plugin")
    ap.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    args = ap.parse_args(argv)

    sizes = [int(s) for s in args.sizes.split(",") if s]
    systems = [s for s in args.systems.split(",") if s]
    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    if "hugo" in systems and not shutil.which("hugo"):
        systems.remove("hugo")
        notes.append("Hugo: not installed (`apt-get install hugo`), skipped.")
        log("note: hugo is not installed; the Hugo baseline is skipped")
    pkgs = baseline_packages(workdir, install=not args.no_install) if "blog" in systems else None
    if "blog" in systems and pkgs is None:
        notes.append("Blog baseline ran without mkdocs-rss-plugin (not installed).")

    results: dict = {"machine": machine(), "sizes": {}, "notes": notes}
    for n in sizes:
        articles = articles_for(workdir, n, args.seed)
        here = [s for s in systems if s in BULLETINS or n <= args.baselines_upto]
        roots = {s: prepare(s, articles, workdir / f"{s}-{n}", pkgs=pkgs) for s in here}
        runs: dict = {s: [] for s in here}
        for i in range(args.repeat):
            for s in here:
                log(f"N={n}: {s} run {i + 1}/{args.repeat} …")
                runs[s].append(run_system(s, roots[s], articles, pkgs=pkgs))
                log(f"   {fmt_time(runs[s][-1].wall)}, {fmt_bytes(measure.memory(runs[s][-1]))}")
        results["sizes"][n] = {s: measure.median_run(rs) for s, rs in runs.items()}

    pv = {}
    if args.preview_size:
        articles = articles_for(workdir, args.preview_size, args.seed)
        results["preview"] = {"n": args.preview_size}
        for system in [s for s in args.preview_systems.split(",") if s]:
            root = projects.bulletin(articles, workdir / f"preview-{system}-{args.preview_size}",
                                     search=system != "core")
            for mode in [m for m in args.preview_modes.split(",") if m]:
                name = f"{system}/{mode}"
                log(f"preview ({name}): {preview.MODES[mode]} at N={args.preview_size} …")
                pv[name] = preview.measure(root, edits=args.preview_edits, env=ENV, mode=mode)
                results["preview"][name] = {"startup": pv[name].startup, "edits": pv[name].edits}

    print(report(results, args, pv))
    if args.json:
        args.json.write_text(json.dumps(_jsonable(results), indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


def report(results: dict, args, pv) -> str:
    lines = [f"Machine: {results['machine']}",
             f"Each cell: wall time (median of {args.repeat}) / peak memory / output size. Peak memory: the "
             "largest process, or all the processes of a parallel build together (their Pss) if larger. "
             "Ratios divide wall times measured in the same run.", ""]
    lines.append("| articles per language | bulletin (both languages, everything) | bulletin in one process | "
                 "bulletin without search index | "
                 "Material blog plugin | blog ÷ bulletin | blog ÷ no-search | plain Material, small nav | "
                 "bulletin ÷ plain | no-search ÷ plain | Python-Markdown only | no-search ÷ floor | Hugo |")
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    loads = []
    for n, rs in results["sizes"].items():
        b, c = rs.get("bulletin"), rs.get("core")
        blog, plain, floor = rs.get("blog"), rs.get("plain"), rs.get("floor")
        lines.append(f"| {n:,} | {cell(b)} | {cell(rs.get('serial'))} | {cell(c)} | {cell(blog)} | {ratio(blog, b)} | "
                     f"{ratio(blog, c)} | {cell(plain)} | {ratio(b, plain)} | {ratio(c, plain)} | {cell(floor)} | "
                     f"{ratio(c, floor)} | {cell(rs.get('hugo'))} |")
        loads += [x for r in rs.values() for x in r.load]
    lines.append("")
    lines.append("The bulletin builds more pages than plain Material (listings by unit, topic and month, digests). "
                 "Per HTML page written:")
    lines.append("")
    lines.append("| articles per language | HTML pages: bulletin / plain | ms per page: bulletin / one process / "
                 "no search / plain | bulletin ÷ plain, per page | no-search ÷ plain, per page | "
                 "feeds (time / files / size) | search index (time / files / size / first-query bytes) |")
    lines.append("|---|---|---|---|---|---|---|")
    for n, rs in results["sizes"].items():
        b = rs.get("bulletin")
        if b is None:
            continue
        ext = search_figures(b.extra)
        feeds = next((v for k, v in ext.items() if "feed" in k), None)
        search = next((v for k, v in ext.items() if "search" in k), None)
        plain = rs.get("plain")
        pages = f"{b.out_pages:,} / {plain.out_pages:,}" if plain else f"{b.out_pages:,} / —"
        per_page = " / ".join(f"{ms_per_page(rs.get(s)):.2f}" if rs.get(s) else "—"
                              for s in ("bulletin", "serial", "core", "plain"))
        per_b = per_page_ratio(b, plain)
        per_c = per_page_ratio(rs.get("core"), plain)
        f_cell = (f"{fmt_time(feeds['seconds'])} / {feeds['files']} / {fmt_bytes(feeds['bytes'])}"
                  if feeds else "not present")
        if search:
            fq = first_query_bytes(search["paths"])
            s_cell = (f"{fmt_time(search['seconds'])} / {search['files']} / {fmt_bytes(search['bytes'])} / "
                      + (fmt_bytes(fq) if fq is not None else "?"))
        else:
            s_cell = "not present"
        lines.append(f"| {n:,} | {pages} | {per_page} | {per_b} | {per_c} | {f_cell} | {s_cell} |")
    names = {"bulletin": "everything", "core": "without search index"}
    commands = {"dirty": "`mkdocs serve --dirty`, incremental", "clean": "`mkdocs serve`, every page rebuilt",
                "bulletin": "`bulletin preview`, pages made on request", "warm": "`bulletin preview` started again"}
    for name, p in pv.items():
        system, _sep, mode = name.partition("/")
        edits = ", ".join(fmt_time(e) for e in p.edits)
        med = sorted(p.edits)[(len(p.edits) - 1) // 2] if p.edits else 0
        lines += ["", f"Preview at {results['preview']['n']:,} articles per language ({commands.get(mode, mode)}, "
                  f"{names.get(system, system)}): first page served after {fmt_time(p.startup)}; one edited "
                  f"article → rebuilt page: {edits} (median {fmt_time(med)})."]
    if loads:
        lines += ["", f"Load average (1 min) during the runs: {min(loads):.2f}–{max(loads):.2f} on "
                  f"{os.cpu_count()} cores."]
    for note in results["notes"]:
        lines.append(f"Note: {note}")
    return "\n".join(lines)


def _jsonable(obj):
    if isinstance(obj, measure.Run):
        return {"wall": obj.wall, "peak_rss": obj.peak_rss, "peak_tree": obj.peak_tree,
                "memory": measure.memory(obj), "out_bytes": obj.out_bytes,
                "out_files": obj.out_files, "out_pages": obj.out_pages, "load": obj.load,
                "jobs": obj.extra.get("jobs") if obj.extra else None,
                "extensions": {k: {kk: vv for kk, vv in v.items() if kk != "paths"}
                               for k, v in search_figures(obj.extra).items()} if obj.extra else {}}
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    return obj


if __name__ == "__main__":
    sys.exit(main())
