"""Precompressed copies of the built site for a web server that sends them as they are.

With ``extra.bulletin.precompress: [gzip, br]`` (or ``BULLETIN_PRECOMPRESS=gzip,br``; ``none`` turns
it off) the build writes ``X.gz`` (gzip level 6, no name, time 0: the same bytes at every build) and
``X.br`` (brotli quality 5, PyPI ``brotli``) beside every text file of the site — pages, feeds,
OPML, sitemap, CSS, JavaScript, JSON, SVG — that is at least :data:`MIN_SIZE` bytes. nginx's
``gzip_static`` and ``brotli_static`` send them (deploy/nginx/bantin.conf); files that are already
compressed (the search index's ``.gz`` shards, pictures) are left alone. A copy whose source did not
change since it was written (same size and not older) is kept, so ``mkdocs serve --dirty`` and
repeated builds do not redo the work. The work is shared between the machine's cores.

Level and quality were measured on built pages and feeds (docs/ky-thuat/hieu-nang.md): gzip 6
compresses to 18.4 % at 58 MB/s, gzip 9 to 18.2 % at 31 MB/s; brotli 5 to 17.5 % at 66 MB/s, brotli 11
to 15.8 % at 0.9 MB/s — 70 times slower for 10 % fewer bytes.
"""

from __future__ import annotations

import gzip
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

FORMATS = ("gzip", "br")
SUFFIX = {"gzip": ".gz", "br": ".br"}
TEXT = (".html", ".xml", ".opml", ".css", ".js", ".json", ".svg", ".txt", ".map")
MIN_SIZE = 256
GZIP_LEVEL = 6
BROTLI_QUALITY = 5


class PrecompressError(ValueError):
    pass


def formats_from(value, environ=os.environ) -> tuple[str, ...]:
    """The formats asked for by the setting or the environment; raise on an unknown one."""
    env = environ.get("BULLETIN_PRECOMPRESS")
    if env is not None:
        value = env
    if value in (None, False, "", "none", []):
        return ()
    items = [v.strip() for v in value.split(",")] if isinstance(value, str) else [str(v).strip() for v in value]
    items = [v for v in items if v and v != "none"]
    bad = [v for v in items if v not in FORMATS]
    if bad:
        where = "BULLETIN_PRECOMPRESS" if env is not None else "extra.bulletin.precompress"
        raise PrecompressError(f"{where}: unknown format {bad[0]!r} (expected a list of {', '.join(FORMATS)}, "
                               "or none)")
    if "br" in items:
        try:
            import brotli  # noqa: F401
        except ImportError:
            raise PrecompressError("extra.bulletin.precompress: br needs the Python package brotli "
                                   "(pip install -r requirements.txt)") from None
    return tuple(v for v in FORMATS if v in items)


def candidates(site_dir: Path) -> list[Path]:
    out = []
    for root, _dirs, files in os.walk(site_dir):
        for name in files:
            if name.endswith(TEXT):
                p = Path(root, name)
                if p.stat().st_size >= MIN_SIZE:
                    out.append(p)
    out.sort()
    return out


def compress(data: bytes, fmt: str) -> bytes:
    if fmt == "gzip":
        return gzip.compress(data, GZIP_LEVEL, mtime=0)
    import brotli
    return brotli.compress(data, quality=BROTLI_QUALITY)


def _fresh(src: os.stat_result, dest: Path) -> bool:
    try:
        d = dest.stat()
    except FileNotFoundError:
        return False
    return d.st_mtime_ns >= src.st_mtime_ns


def _work(args) -> int:
    paths, formats = args
    written = 0
    for p in paths:
        st = os.stat(p)
        todo = [f for f in formats if not _fresh(st, Path(p + SUFFIX[f]))]   # dirty builds: keep fresh copies
        if not todo:
            continue
        data = Path(p).read_bytes()
        for f in todo:
            dest = Path(p + SUFFIX[f])
            tmp = dest.with_name(dest.name + ".tmp")
            tmp.write_bytes(compress(data, f))
            os.replace(tmp, dest)
            written += 1
    return written


def precompress(site_dir: Path, formats: tuple[str, ...], jobs: int | None = None) -> int:
    """Write the compressed copies; returns how many files were written."""
    if not formats:
        return 0
    files = [str(p) for p in candidates(Path(site_dir))]
    jobs = max(1, jobs or len(os.sched_getaffinity(0)))
    if jobs == 1 or len(files) < 200:
        return _work((files, formats))
    chunks = [(files[i::jobs * 4], formats) for i in range(jobs * 4)]
    with ProcessPoolExecutor(jobs) as pool:
        return sum(pool.map(_work, chunks))


def remove_orphans(site_dir: Path) -> int:
    """Delete X.gz / X.br whose text file X no longer exists (a dirty build removed a page):
    nginx would otherwise still send them. Other .gz files (the search shards) are data, kept."""
    removed = 0
    for root, _dirs, files in os.walk(site_dir):
        names = set(files)
        for name in files:
            for suffix in (".gz", ".br"):
                stem = name[: -len(suffix)]
                if name.endswith(suffix) and stem.endswith(TEXT) and stem not in names:
                    os.unlink(os.path.join(root, name))
                    removed += 1
    return removed
