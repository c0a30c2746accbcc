"""Preview latency: start-up, and from saving an edited article to the new page being served.

    .venv/bin/python bench/preview.py [--sizes 1000,10000] [--modes bulletin,warm,dirty,clean]
                                      [--edits 5] [--moves 5] [--workdir bench/out/preview]

Each mode runs a preview on 127.0.0.1 (a free port) in a project of generated articles
(bench/generate.py, every language), as a whole process:

- ``bulletin``: `bulletin preview` (pages made on request, bulletin.speed), started without its
  cache (``.cache/preview`` removed first: the first start on a machine);
- ``warm``: `bulletin preview` started again with the cache the previous run left;
- ``dirty``: `mkdocs serve --dirty` (the incremental rebuild of bulletin.speed.incremental, as
  `bulletin preview --mkdocs` runs it);
- ``clean``: plain `mkdocs serve` (every page rebuilt after each save).

Start-up is the time from starting the command to the newest article's page being served.
Then ``--edits`` times: add a paragraph to that article's text and poll its page until the new
text shows; then ``--moves`` times: also move it to another unit (its listings, counts, feeds
change; its address does not) and poll the same way. The times include the file watcher (MkDocs'
polls every 0.5 s; `bulletin preview`'s is told by the system) and the wait for more changes
(0.1 s). The median and the worst of each series are printed with the machine's load.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
HOOKS = BENCH.parent / "hooks"
sys.path.insert(0, str(HOOKS))
from bulletin.content.text import slugify  # noqa: E402

sys.path.insert(0, str(BENCH))
from projects import split  # noqa: E402

NOW = "2026-11-26T12:00:00+07:00"   # fixed "now", after every generated date
ENV = {"NO_MKDOCS_2_WARNING": "1", "BULLETIN_NOW": NOW, "PYTHONDONTWRITEBYTECODE": "1"}
MODES = {
    "bulletin": "`bulletin preview`, first start (no cache)",
    "warm": "`bulletin preview`, started again (cache)",
    "dirty": "`mkdocs serve --dirty` (`bulletin preview --mkdocs`)",
    "clean": "`mkdocs serve` (every page rebuilt)",
}
OTHER_UNIT = ("qk4", "qk7")   # a moved article goes to the first that is not its unit


@dataclass
class Preview:
    startup: float                                # seconds from start to the article's page served
    edits: list = field(default_factory=list)     # seconds from each save to the changed page
    moves: list = field(default_factory=list)     # the same for saves that move the article
    load: list = field(default_factory=list)      # 1-minute load average during the run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str, timeout: float = 60) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def pick_article(project: Path) -> tuple[Path, str]:
    """The newest Vietnamese original and its page path (YYYY/MM/slug/)."""
    newest = max((project / "articles").rglob("*.vi.md"), key=lambda p: p.name)
    meta, _body = split(newest.read_text(encoding="utf-8"))
    date = str(meta["date"])
    slug = meta.get("slug") or slugify(meta["title"])
    return newest, f"{date[:4]}/{date[5:7]}/{slug}/"


def command(mode: str, python: str, port: int) -> list[str]:
    addr = f"127.0.0.1:{port}"
    if mode in ("bulletin", "warm"):
        return [python, "-m", "bulletin.editor.cli", "preview", "--dev-addr", addr]
    return [python, "-m", "mkdocs", "serve", "--dev-addr", addr] + (["--dirty"] if mode == "dirty" else [])


def _load() -> float:
    return os.getloadavg()[0]


def measure(project: Path, *, edits: int = 3, moves: int = 0, env: dict | None = None,
            python: str = sys.executable, timeout: float = 900, dirty: bool = True,
            mode: str | None = None) -> Preview:
    mode = mode or ("dirty" if dirty else "clean")
    if mode == "bulletin":
        shutil.rmtree(project / ".cache" / "preview", ignore_errors=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    article, page = pick_article(project)
    original = article.read_text(encoding="utf-8")
    meta, _body = split(original)
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    log = open(project / f".bench-{mode}.log", "wb")
    loads = [_load()]
    start = time.perf_counter()
    proc = subprocess.Popen(command(mode, python, port), cwd=project, env=full_env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)

    def wait_for(marker: str | None, since: float) -> float:
        while True:
            html = _fetch(base + page, timeout=timeout)
            if html is not None and (marker is None or marker in html):
                return time.perf_counter() - since
            if proc.poll() is not None:
                raise RuntimeError(f"{mode} stopped:\n" + (project / f".bench-{mode}.log").read_text()[-3000:])
            if time.perf_counter() - since > timeout:
                raise RuntimeError(f"{mode}: {page} did not show the change within {timeout:.0f} s")
            time.sleep(0.02 if marker else 0.1)

    try:
        result = Preview(startup=wait_for(None, start))
        head, sep, body = original.partition("\n---\n\n")
        unit = str(meta["unit"])
        other = next(u for u in OTHER_UNIT if u != unit)
        for i in range(edits + moves):
            time.sleep(1.0)
            marker = f"Ghi chú biên tập số {i + 1} của phép đo."
            moved = i >= edits
            text = head
            if moved:   # alternate between another unit and its own: the item moves every time
                text = re.sub(r"(?m)^unit: .*$", f"unit: {other if (i - edits) % 2 == 0 else unit}", head, count=1)
            article.write_text(text + sep + marker + "\n\n" + body, encoding="utf-8")
            took = wait_for(marker, time.perf_counter())
            (result.moves if moved else result.edits).append(took)
            loads.append(_load())
        result.load = loads
        return result
    finally:
        article.write_text(original, encoding="utf-8")
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def median(xs: list) -> float | None:
    return sorted(xs)[(len(xs) - 1) // 2] if xs else None


def fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.1f} s"


def table(results: dict) -> str:
    lines = ["| articles per language | preview | start-up | edit → page (median, worst) "
             "| moving edit → page (median, worst) | load (1 min) |",
             "|---:|---|---:|---:|---:|---:|"]
    for n, modes in results.items():
        for mode, p in modes.items():
            lines.append(f"| {int(n):,} | {MODES[mode]} | {fmt(p['startup'])} | "
                         f"{fmt(median(p['edits']))}, {fmt(max(p['edits'], default=None))} | "
                         f"{fmt(median(p['moves']))}, {fmt(max(p['moves'], default=None))} | "
                         f"{min(p['load']):.1f}–{max(p['load']):.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import generate
    import projects

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000", help="articles per language, comma-separated")
    ap.add_argument("--modes", default="bulletin,warm,dirty", help="of: " + ", ".join(MODES))
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--moves", type=int, default=5)
    ap.add_argument("--clean-edits", type=int, default=1,
                    help="edits (and moves) for plain `mkdocs serve`, which rebuilds everything each time")
    ap.add_argument("--dirty-edits", type=int, default=None,
                    help="edits (and moves) for `mkdocs serve --dirty` (default: --edits and --moves)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, default=BENCH / "out" / "preview")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    modes = [m for m in args.modes.split(",") if m]
    unknown = [m for m in modes if m not in MODES]
    if unknown:
        ap.error(f"unknown mode(s): {', '.join(unknown)}")
    results: dict = {}
    for n in [int(s) for s in args.sizes.split(",") if s]:
        articles = args.workdir / f"articles-{n}-{args.seed}"
        if not (articles / ".done").exists():
            shutil.rmtree(articles, ignore_errors=True)
            generate.generate(articles, n, args.seed)
            (articles / ".done").write_text("")
        root = projects.bulletin(articles, args.workdir / f"project-{n}")
        results[n] = {}
        for mode in modes:
            k = args.clean_edits if mode == "clean" else args.dirty_edits if mode == "dirty" else None
            print(f"N={n}: {MODES[mode]} … (load {_load():.2f})", file=sys.stderr, flush=True)
            p = measure(root, edits=k if k is not None else args.edits, moves=k if k is not None else args.moves,
                        env=ENV, mode=mode)
            results[n][mode] = asdict(p)
            print(f"   start-up {fmt(p.startup)}; edits {', '.join(fmt(e) for e in p.edits)}; "
                  f"moves {', '.join(fmt(e) for e in p.moves)}", file=sys.stderr, flush=True)
    print(f"Machine: {os.cpu_count()} cores; {' '.join(os.uname()[2:3])}; uptime: "
          + subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
