"""The preview's model in one process, step by step: wall and CPU time of each.

    .venv/bin/python bench/preview_model.py PROJECT [--profile OUT.txt]

PROJECT is a bulletin project (bench/preview.py lays one out under bench/out/preview/project-N).
Times, without the HTTP server and its file watcher: a first start without the cache, the first
article page and the home page, a body edit of the newest article (taken in alone), a move of
it to another unit (the listings planned again), saving the cache, and a start with the cache.
CPU time is printed beside wall time: on a shared machine it is the steadier figure.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import re
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))
from bulletin.speed.server import Preview  # noqa: E402

URL = "http://127.0.0.1:8000/"


class Clock:
    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def __str__(self) -> str:
        return f"{time.perf_counter() - self.wall:6.2f} s wall, {time.process_time() - self.cpu:6.2f} s CPU"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--profile", type=Path, help="write a pyinstrument profile of the move here")
    args = ap.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(level=logging.WARNING)
    project = args.project.resolve()
    shutil.rmtree(project / ".cache" / "preview", ignore_errors=True)
    out = io.StringIO()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")

    c = Clock()
    preview = Preview(project / "mkdocs.yml", URL, out=out, cache=False)
    preview.start()
    print(f"first start (no cache):  {c}")
    newest = max((project / "articles").rglob("*.vi.md"), key=lambda p: p.name)
    cat = preview.site.model.site.catalog
    entry = next(e for e in cat.entries if e.key == newest.name[: -len(".vi.md")])
    page = entry.path + "index.html"
    c = Clock()
    preview.get(page)
    print(f"first article page:      {c}")
    c = Clock()
    preview.get("index.html")
    print(f"home page:               {c}")
    original = newest.read_text(encoding="utf-8")
    try:
        head, sep, body = original.partition("\n---\n\n")
        newest.write_text(head + sep + "Một đoạn mới.\n\n" + body, encoding="utf-8")
        c = Clock()
        how = preview.update()
        preview.get(page)
        print(f"body edit ({how}):     {c}")
        other = "qk7" if entry.unit == "qk4" else "qk4"
        newest.write_text(re.sub(r"(?m)^unit: .*$", f"unit: {other}", original, count=1), encoding="utf-8")
        profiler = None
        if args.profile:
            from pyinstrument import Profiler
            profiler = Profiler(interval=0.003)
            profiler.start()
        c = Clock()
        how = preview.update()
        preview.get(page)
        print(f"moved to {other} ({how}):   {c}")
        if profiler is not None:
            profiler.stop()
            args.profile.write_text(profiler.output_text(unicode=False, color=False), encoding="utf-8")
    finally:
        newest.write_text(original, encoding="utf-8")
    preview.update()
    preview.use_cache = True
    c = Clock()
    preview.close()
    print(f"cache saved:             {c}")
    c = Clock()
    again = Preview(project / "mkdocs.yml", URL, out=out, cache=True)
    again.start()
    again.get(page)
    print(f"start with the cache + page: {c}")
    again.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
