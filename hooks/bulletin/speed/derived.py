"""Feeds, the search index, OPML files, robots.txt and sitemap.xml.gz for the preview.

These files are made of the whole site (every published article's page for the search index, the
newest items of every unit and topic for the feeds). The preview does not make them in its own
process: a helper process runs MkDocs' own build in incremental mode (``build(dirty=True)``, the
hooks' :class:`bulletin.speed.incremental.Tracker`, exactly what ``mkdocs serve --dirty`` runs)
into ``.cache/preview/site``, and only when such a file is asked for after the sources changed.
The request waits for that build: the file served is never older than the sources. The Tracker
redoes feeds and the search index only for what changed, and its memory is saved to disk
(``.cache/preview/helper.pickle``, stamped by :mod:`bulletin.speed.previewcache`), so a restart
does not start from nothing.

Run as ``python -m bulletin.speed.derived CONFIG SITE_DIR SERVE_URL STATE``: one line ``build`` on
standard input starts a build; the answer is one line, ``ok`` or ``error``.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.bulletin")

# Tracker memory not worth saving: large and quickly remade (the sanitized HTML of every page).
NOT_SAVED = ("sanitized",)


class Helper:
    """The preview's side: starts the helper process on first use, asks it to build, serves its files."""

    def __init__(self, config_file: Path, serve_url: str, cache_dir: Path, log_file: Path):
        self.config_file, self.serve_url = Path(config_file), serve_url
        self.site_dir = Path(cache_dir) / "site"
        self.state = Path(cache_dir) / "helper.pickle"
        self.log_file = Path(log_file)
        self.proc: subprocess.Popen | None = None
        self.lock = threading.Lock()
        self.built: object = None     # the generation of the sources of the last build
        self.ok = False

    def lookup(self, rel: str, generation) -> Path | None:
        with self.lock:
            if self.built != generation:
                self.ok = self._build()
                self.built = generation
            if not self.ok:
                return None
        path = self.site_dir / rel
        return path if path.is_file() else None

    def _build(self) -> bool:
        if self.proc is None or self.proc.poll() is not None:
            self.log_file.parent.mkdir(parents=True, exist_ok=True)
            self.proc = subprocess.Popen(
                [sys.executable, "-m", __name__, str(self.config_file), str(self.site_dir), self.serve_url,
                 str(self.state)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=open(self.log_file, "ab"),
                cwd=self.config_file.parent, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        start = time.monotonic()
        log.info("Feeds and search index: building (the page waits for it)…")
        try:
            self.proc.stdin.write(b"build\n")
            self.proc.stdin.flush()
            answer = self.proc.stdout.readline().strip()
        except (BrokenPipeError, OSError):
            answer = b""
        if answer == b"ok":
            log.info(f"Feeds and search index: ready in {time.monotonic() - start:.1f} s")
            return True
        log.error(f"Feeds and search index: the helper build failed (see {self.log_file})")
        return False

    def close(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:
            proc.stdin.close()
        except OSError:
            pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()


def main(argv: list[str]) -> int:
    config_file, site_dir, serve_url, state = argv
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from . import incremental, previewcache

    stamp = previewcache.stamp(Path(config_file), serve_url)
    memory = previewcache.load(Path(state), stamp)
    if memory is None:
        shutil.rmtree(site_dir, ignore_errors=True)
        memory = {"pages": {}, "outputs": {}}
    incremental._MEMORY[os.path.abspath(site_dir)] = memory
    started = False
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        if line.strip() != b"build":
            continue
        try:
            cfg = load_config(config_file=config_file, site_dir=site_dir)
            cfg.site_url = serve_url
            if not started:
                cfg.plugins.on_startup(command="serve", dirty=True)
                started = True
            build(cfg, serve_url=serve_url, dirty=True)
        except BaseException as exc:   # reported to the preview; the details are in the log
            if isinstance(exc, KeyboardInterrupt):
                return 1
            log.error(f"build failed: {type(exc).__name__}: {exc}")
            out.write(b"error\n")
            out.flush()
            continue
        out.write(b"ok\n")
        out.flush()
        held = incremental._MEMORY[os.path.abspath(site_dir)]
        previewcache.save(Path(state), stamp, {k: v for k, v in held.items() if k not in NOT_SAVED})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
