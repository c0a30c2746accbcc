"""`bulletin preview`: the preview server, its file watcher and its terminal output.

MkDocs' ``serve`` rebuilds the whole site after every save and answers no request until the first
full build is done. Here (see :mod:`bulletin.speed.lazy`) the site's model is made once, each
page is rendered when a browser asks for it, and a save changes only what it concerns. The server
is MkDocs' own live-reload server (the browser reloads itself after each save), asked for files
through :meth:`PreviewServer._serve_request`; the watcher is watchdog's native one (inotify) over
the project's sources, and a snapshot says exactly which files changed.
"""

from __future__ import annotations

import gc
import logging
import os
import posixpath
import signal
import sys
import time
import urllib.parse
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import Abort, BuildError, ConfigurationError, PluginError
from mkdocs.livereload import LiveReloadServer, _serve_url

from . import derived, lazy, previewcache, watch

log = logging.getLogger("mkdocs.plugins.bulletin")

CACHE = Path(".cache") / "preview"
CHANGES = {"created", "deleted", "modified", "moved", "closed"}
ERRORS = (PluginError, Abort, BuildError, ConfigurationError, OSError, UnicodeDecodeError)


class PreviewServer(LiveReloadServer):
    def __init__(self, preview: "Preview", host: str, port: int, mount_path: str = "/"):
        super().__init__(builder=preview.update, host=host, port=port, root=str(preview.site.scratch),
                         mount_path=mount_path)
        self.preview = preview
        try:   # inotify: told at once, costs nothing while idle (MkDocs polls every file twice a second)
            from watchdog.observers import Observer
            self.observer = Observer()
        except Exception:
            pass
        self.error_handler = lambda code: preview.error_page() if code == 404 else None

    def watch(self, path: str, func=None, *, recursive: bool = True) -> None:
        """As MkDocs' watch, but only writes, creations, deletions and moves count (the native
        watcher also reports files being opened and read, which the preview itself does)."""
        path = os.path.abspath(path)
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1
        import watchdog.events

        def callback(event) -> None:
            if event.is_directory or event.event_type not in CHANGES:
                return
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = callback
        self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)

    def _serve_request(self, environ, start_response):
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if path.startswith("/livereload/") or not (path + "/").startswith(self.mount_path):
            return super()._serve_request(environ, start_response)
        rel = path[len(self.mount_path):]
        if path.endswith("/"):
            rel += "index.html"
        rel = posixpath.normpath("/" + rel).lstrip("/")
        # Wait for the update after a save, so that no page older than the sources is served.
        with self._epoch_cond:
            self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
            epoch = self._visible_epoch
        content = self.preview.get(rel)
        if content is None:
            if not path.endswith("/") and self.preview.get(rel + "/index.html") is not None:
                start_response("302 Found", [("Location", urllib.parse.quote(path) + "/")])
                return []
            return None
        if self._watched_paths and rel.endswith(".html"):
            content = self._inject_js_into_html(content, epoch)
        start_response("200 OK", [("Content-Type", self._guess_type(rel)), ("Content-Length", str(len(content)))])
        return [content]


class Preview:
    """The model, the helper for whole-site files, the snapshot of the sources."""

    def __init__(self, config_file: Path, serve_url: str, *, out=sys.stderr, cache: bool = True):
        self.config_file = Path(config_file).resolve()
        self.root = self.config_file.parent
        self.serve_url = serve_url
        self.out = out
        self.cache_dir = self.root / CACHE
        self.use_cache = cache
        self.stamp = previewcache.stamp(self.config_file)   # the articles' memo does not print the address
        self.started = time.monotonic()
        memo = previewcache.load(self.cache_dir / "articles.pickle", self.stamp) if cache else None
        self.cached = memo is not None
        if self.cached:
            # The cache's objects live as long as the preview: the collector need not go through
            # them again and again while the model is made (gc.freeze).
            gc.freeze()
        self.site = lazy.LazySite(self.config_file, serve_url, self.cache_dir / "scratch", memo)
        self.helper = derived.Helper(self.config_file, serve_url, self.cache_dir, self.cache_dir / "helper.log")
        self.generation = 0
        self.sources: dict = {}

    def say(self, text: str) -> None:
        self.out.write(f"[{time.monotonic() - self.started:5.1f} s] {text}\n")
        self.out.flush()

    def roots(self) -> list:
        m = self.site.model
        cfg, s = m.config, m.site.settings
        roots = [self.config_file, cfg.docs_dir, s.articles_path, s.data_path]
        roots += [p if os.path.isabs(p) else self.root / p for p in cfg.watch]
        return roots

    def start(self) -> None:
        self.say("Đang chuẩn bị bản xem trước — preparing the preview"
                 + (" (dùng bộ nhớ đệm — using the cache)" if self.cached else ""))
        self.site.build(progress=self._progress)
        self.sources = watch.snapshot(self.roots())
        self.say("sẵn sàng: mỗi trang được dựng khi mở — ready: each page is made when opened")

    def _progress(self, text: str) -> None:
        self.say(text)

    def get(self, rel: str) -> bytes | None:
        got = self.site.lookup(rel)
        if got is None:
            path = self.helper.lookup(rel, self.generation)
            return path.read_bytes() if path is not None else None
        kind, value = got
        return Path(value).read_bytes() if kind == "file" else value

    def error_page(self) -> bytes | None:
        got = self.site.lookup(lazy.ERROR_PAGE)
        return got[1] if got is not None and got[0] == "bytes" else None

    def update(self) -> str:
        """After a save (MkDocs' server calls this when the watcher saw changes): take in what
        changed. Returns "patched", "moved", "rebuilt", "unchanged" or "failed" (the errors are logged; the
        last good version stays, and the next update takes in everything changed since)."""
        now = watch.snapshot(self.roots())
        changes = watch.diff(self.sources, now)
        if not changes:
            return "unchanged"
        start = time.monotonic()
        s = self.site.model.site.settings
        try:
            how = changes.only_modified_under(s.articles_path) and self.site.patch([Path(p) for p in changes.modified])
            if not how:
                self.site.build()
                how = "rebuilt"
        except ERRORS as exc:
            log.error(f"Preview not updated: {exc}")
            return "failed"   # the snapshot stays: the next save takes in everything changed since
        self.sources = now
        self.generation += 1
        what = {"patched": "cập nhật — updated", "moved": "xếp lại danh sách — listings redone"}.get(
            how, "dựng lại mô hình — model rebuilt")
        self.say(f"{changes.describe(self.root)}: {what} in {time.monotonic() - start:.2f} s")
        return how

    def close(self) -> None:
        self.helper.close()
        if self.use_cache:
            previewcache.save(self.cache_dir / "articles.pickle", self.stamp, self.site.memo)


def _show_log() -> None:
    """MkDocs' messages and the hooks' (errors with file and line) on the terminal, as `mkdocs serve` prints them."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logging.getLogger("watchdog").setLevel(logging.WARNING)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def run(config_file: Path, dev_addr: str, *, out=sys.stderr, cache: bool = True) -> int:
    """`bulletin preview`: prepare the model (progress on *out*), serve until Ctrl+C."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _show_log()
    host, _, port = dev_addr.rpartition(":")
    host = host or "127.0.0.1"
    from mkdocs.config import load_config

    try:
        cfg = load_config(config_file=str(config_file))
    except ERRORS as exc:
        log.error(str(exc))
        return 1
    mount = urlsplit(cfg.site_url or "/").path
    serve_url = _serve_url(host, int(port), mount)
    preview = Preview(Path(config_file), serve_url, out=out, cache=cache)
    signal.signal(signal.SIGTERM, _interrupt)   # stop as on Ctrl+C: the helper stops, the cache is saved
    try:
        try:
            preview.start()
        except ERRORS as exc:
            log.error(str(exc))
            out.write("Bản xem trước chưa chạy được: sửa các lỗi trên rồi chạy lại — "
                      "the preview cannot start: fix the errors above and run it again\n")
            return 1
        server = PreviewServer(preview, host, int(port), mount)
        for root in preview.roots():
            if os.path.exists(root):
                server.watch(str(root))
        preview.say(f"Mở — open {serve_url}  (Ctrl+C để dừng — to stop)")
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        preview.close()
        cfg.plugins.on_shutdown()
    return 0
