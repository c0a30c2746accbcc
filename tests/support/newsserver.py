"""A local news site for the importer's tests: saved pages shaped like the outlets', served on
127.0.0.1 (a free port) with their pictures, plus the failures a real site gives.

``routes.yml`` beside the pages maps each address to a file; ``{{ORIGIN}}`` in a page becomes the
server's own address, so absolute picture addresses stay on this machine. Every request is
recorded (path and User-Agent) so tests can check what was fetched — and what was not.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

PAGES = Path(__file__).resolve().parents[1] / "importer" / "fixtures" / "pages"
TYPES = {".html": "text/html; charset=utf-8", ".jpg": "image/jpeg", ".png": "image/png"}


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    delay: float = 0.0


class NewsServer:
    def __init__(self):
        self.routes: dict[str, Answer] = {}
        self.requests: list[tuple[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):   # noqa: N802 (http.server's name)
                path = unquote(urlsplit(self.path).path)
                server.requests.append((path, self.headers.get("User-Agent", "")))
                answer = server.routes.get(path) or Answer(404, b"<html><body>Not found</body></html>")
                if answer.delay:
                    time.sleep(answer.delay)
                self.send_response(answer.status)
                if answer.content_type:
                    self.send_header("Content-Type", answer.content_type)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                try:
                    self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "NewsServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return self.origin + path

    def page(self, path: str, file: str) -> str:
        body = (PAGES / file).read_bytes().replace(b"{{ORIGIN}}", self.origin.encode())
        self.routes[path] = Answer(body=body, content_type=TYPES.get(Path(file).suffix, "application/octet-stream"))
        return self.url(path)

    def file(self, path: str, data: bytes, content_type: str) -> str:
        self.routes[path] = Answer(body=data, content_type=content_type)
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 301) -> str:
        self.routes[path] = Answer(status, b"", "text/html", {"Location": to})
        return self.url(path)

    def fetched(self, path: str) -> bool:
        return any(p == path for p, _ in self.requests)

    def outlets(self) -> dict[str, str]:
        """Serve every saved page and picture of routes.yml; returns {page name: its address}."""
        spec = yaml.safe_load((PAGES / "routes.yml").read_text(encoding="utf-8"))
        for path, file in spec["files"].items():
            if file.endswith(".html"):
                self.page(path, file)
            else:
                self.file(path, (PAGES / file).read_bytes(), TYPES[Path(file).suffix])
        return {name: self.url(path) for name, path in spec["pages"].items()}
