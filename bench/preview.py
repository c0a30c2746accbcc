"""Preview latency: from saving one edited article to the rebuilt page served by `mkdocs serve`.

Starts ``mkdocs serve`` (with ``--dirty``, the incremental preview of ``scripts/serve.sh``, or
without: MkDocs cleans the folder and rebuilds every page) on 127.0.0.1 (a free port) in a
project, waits for the first build, then edits the body of one article several times; after each
save it polls the article's page until the new text appears and records the time from the save.
The time includes MkDocs' file watcher (it polls every 0.5 s) and its 0.1 s wait for more changes.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HOOKS = Path(__file__).resolve().parents[1] / "hooks"
sys.path.insert(0, str(HOOKS))
from bulletin.content.text import slugify  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from projects import split  # noqa: E402


@dataclass
class Preview:
    startup: float                       # seconds from start to the first page served
    edits: list = field(default_factory=list)   # seconds from each save to the changed page


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


def measure(project: Path, *, edits: int = 3, env: dict | None = None, python: str = sys.executable,
            timeout: float = 600, dirty: bool = True) -> Preview:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    article, page = pick_article(project)
    original = article.read_text(encoding="utf-8")
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    log = open(project / ".bench-serve.log", "wb")
    start = time.perf_counter()
    command = [python, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"] + (["--dirty"] if dirty else [])
    proc = subprocess.Popen(command, cwd=project,
                            env=full_env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        while _fetch(base + page, timeout=timeout) is None:
            if proc.poll() is not None:
                raise RuntimeError("mkdocs serve stopped:\n" + (project / ".bench-serve.log").read_text()[-3000:])
            if time.perf_counter() - start > timeout:
                raise RuntimeError(f"mkdocs serve did not serve {page} within {timeout:.0f} s")
            time.sleep(0.2)
        result = Preview(startup=time.perf_counter() - start)
        for i in range(edits):
            time.sleep(1.0)
            marker = f"Ghi chú biên tập số {i + 1} của phép đo."
            head, sep, body = original.partition("\n---\n\n")
            article.write_text(head + sep + marker + "\n\n" + body, encoding="utf-8")
            saved = time.perf_counter()
            while True:
                html = _fetch(base + page, timeout=timeout)
                if html and marker in html:
                    break
                if time.perf_counter() - saved > timeout:
                    raise RuntimeError(f"the edit did not appear on {page} within {timeout:.0f} s")
                time.sleep(0.02)
            result.edits.append(time.perf_counter() - saved)
        return result
    finally:
        article.write_text(original, encoding="utf-8")
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
