"""Reusable helpers for the browser tests (Playwright sync API + Debian's chromium).

Nothing here downloads anything: the browser is Debian's ``/usr/bin/chromium`` and axe-core
comes from ``node_modules`` (both installed by ``bash scripts/setup.sh --browser``).

The fixtures in ``conftest.py`` wrap these helpers; tests normally use the fixtures.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import mimetypes
import threading
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"

CHROMIUM_PATH = "/usr/bin/chromium"
# --no-sandbox: we run as root. The networking flags stop Chromium's own background
# traffic (updates, sync, safe browsing...), which this machine's closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
SETUP_HINT = "run `bash scripts/setup.sh --browser` (installs Debian chromium and node_modules/axe-core)"

# --------------------------------------------------------------------------------------
# Static file server
# --------------------------------------------------------------------------------------

# Explicit types so the result does not depend on the machine's /etc/mime.types.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".webmanifest": "application/manifest+json; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".xsl": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".pdf": "application/pdf",
    ".gz": "application/gzip",
    ".wasm": "application/wasm",
    ".yml": "text/yaml; charset=utf-8",     # the web editor's config.yml
    # Pagefind's index files (gzip-compressed; pagefind.js inflates them itself).
    # Its WebAssembly comes as wasm.<lang>.pagefind, also inflated by pagefind.js.
    ".pagefind": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
}


class StaticSiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site like a static host would.

    - missing paths get the site's ``404.html`` with status 404 (plain 404 if it has none);
    - a folder without ``index.html`` is a 404, never a directory listing;
    - ``/folder`` redirects to ``/folder/`` (as with MkDocs' directory URLs);
    - responses are never cached, so a rebuilt site is always seen fresh.
    """

    server_version = "BulletinTestServer"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep tests quiet
        pass

    def guess_type(self, path: str | Path) -> str:
        suffix = Path(str(path)).suffix.lower()
        if suffix in CONTENT_TYPES:
            return CONTENT_TYPES[suffix]
        guessed, _ = mimetypes.guess_type(str(path))
        return guessed or "application/octet-stream"

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def list_directory(self, path: str | Path):  # type: ignore[override]
        self.send_error(404, "Not Found")
        return None

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page_404 = Path(self.directory) / "404.html"
        if code != 404 or not page_404.is_file():
            super().send_error(code, message, explain)
            return
        body = page_404.read_bytes()
        self.send_response(404, message or "Not Found")
        self.send_header("Content-Type", CONTENT_TYPES[".html"])
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _QuietThreadingHTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser dropping a connection mid-response is normal; anything else is reported.
        import sys

        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_directory(path: str | Path, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve the folder ``path`` on ``host`` on a free port in a background thread.

    Yields the base URL, e.g. ``"http://127.0.0.1:41234/"`` (always ending in ``/``).
    """
    root = Path(path).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"not a directory: {root}")
    handler = functools.partial(StaticSiteHandler, directory=str(root))
    server = _QuietThreadingHTTPServer((host, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=f"static-server:{root.name}", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------------------
# Third-party request recording
# --------------------------------------------------------------------------------------

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
NETWORK_SCHEMES = frozenset({"http", "https", "ws", "wss", "ftp"})


def is_third_party(url: str, allowed_hosts: frozenset[str] | set[str] = LOCAL_HOSTS) -> bool:
    """True when ``url`` would leave this machine (data:, blob:, about: never do)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in NETWORK_SCHEMES:
        return False
    return (parts.hostname or "").lower() not in allowed_hosts


class RequestRecorder:
    """Records every request a page makes (including failed ones and WebSockets).

    Attach *before* navigating::

        rec = RequestRecorder(page, base_url)
        page.goto(base_url)
        assert rec.third_party() == []
    """

    def __init__(self, page: Any, base_url: str | None = None) -> None:
        self.page = page
        self.urls: list[str] = []
        hosts = set(LOCAL_HOSTS)
        if base_url:
            hosts.add((urlsplit(base_url).hostname or "").lower())
        self.allowed_hosts = frozenset(hosts)
        page.on("request", self._on_request)
        page.on("websocket", self._on_websocket)

    def _on_request(self, request: Any) -> None:
        self.urls.append(request.url)

    def _on_websocket(self, websocket: Any) -> None:
        self.urls.append(websocket.url)

    def third_party(self) -> list[str]:
        """URLs (in request order, with duplicates) whose host is not this machine."""
        return [u for u in self.urls if is_third_party(u, self.allowed_hosts)]

    def detach(self) -> None:
        self.page.remove_listener("request", self._on_request)
        self.page.remove_listener("websocket", self._on_websocket)


def record_requests(page: Any, base_url: str | None = None) -> RequestRecorder:
    """Start recording ``page``'s requests; see :class:`RequestRecorder`."""
    return RequestRecorder(page, base_url)


# --------------------------------------------------------------------------------------
# Accessibility (axe-core)
# --------------------------------------------------------------------------------------

BLOCKING_IMPACTS = frozenset({"serious", "critical"})


def axe_audit(
    page: Any,
    options: dict[str, Any] | None = None,
    impacts: frozenset[str] | set[str] = BLOCKING_IMPACTS,
) -> list[dict[str, Any]]:
    """Inject axe-core into ``page``, run it on the whole document, return the violations
    whose impact is in ``impacts`` (serious and critical by default).

    ``options`` is passed to ``axe.run`` (e.g. ``{"runOnly": ["wcag2a", "wcag2aa"]}``).
    """
    if not AXE_PATH.is_file():
        raise FileNotFoundError(f"{AXE_PATH} is missing: {SETUP_HINT}")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_PATH))
    results = page.evaluate("async (options) => await window.axe.run(document, options)", options or {})
    return [v for v in results["violations"] if v.get("impact") in impacts]


def format_violations(violations: list[dict[str, Any]]) -> str:
    """Readable summary for assertion messages."""
    lines = []
    for v in violations:
        lines.append(f"[{v.get('impact')}] {v['id']}: {v.get('help')} ({v.get('helpUrl')})")
        for node in v.get("nodes", [])[:5]:
            lines.append(f"    at {', '.join(map(str, node.get('target', [])))}: {node.get('html', '')[:160]}")
    return "\n".join(lines) or "no violations"
