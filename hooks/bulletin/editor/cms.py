"""``bulletin cms``: the web editor on this computer — decap-server (Decap's local proxy, from npm)
beside the preview (``mkdocs serve``), so an editor can try /quan-tri/ on a laptop.

Two modes of decap-server:

- ``fs`` (default): the form writes the files of articles/ and docs/images/ directly; no git, no
  workflow ("Publish" saves the files). The editor (or a colleague) commits them.
- ``git`` (``--workflow``): the editorial workflow as on the forge — each article is a branch
  ``cms/articles/<name>`` with a commit per save, its status kept in git, "Publish" merges it into
  the current branch. decap-server commits with ``git add .``: this mode refuses to start in a
  working tree with uncommitted changes, which would go into the commit.

:func:`proxy` starts decap-server alone (the browser tests use it on a temporary clone).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from .project import CliError, Project

SERVER = Path("decap-server") / "dist" / "index.js"
PACKAGE_ROOT = Path(__file__).resolve().parents[3]   # the checkout holding hooks/ and node_modules/


def find_server(root: Path) -> Path:
    for base in (root, PACKAGE_ROOT):
        candidate = Path(base) / "node_modules" / SERVER
        if candidate.is_file():
            return candidate
    raise CliError("decap-server không có — is missing: chạy `bash scripts/setup.sh` (npm ci) — run it "
                   "(npm ci installs the version pinned in package-lock.json)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CliError(f"decap-server đã dừng — stopped (exit {process.returncode})")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise CliError(f"decap-server không mở cổng {port} — did not open port {port} within {timeout:.0f} s")


def dirty_files(repo: Path) -> list[str]:
    done = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True)
    if done.returncode != 0:
        raise CliError(f"{repo}: không phải kho git — not a git repository ({done.stderr.strip()})")
    return [line[3:] for line in done.stdout.splitlines() if line.strip()]


@contextlib.contextmanager
def proxy(repo: Path, *, workflow: bool, port: int = 0, node: str | None = None):
    """Run decap-server for *repo* on 127.0.0.1; yield its API address ``http://127.0.0.1:<port>/api/v1``."""
    node = node or shutil.which("node")
    if not node:
        raise CliError("cần Node.js (lệnh `node`) — Node.js is needed: `bash scripts/setup.sh` installs it")
    port = port or free_port()
    env = dict(os.environ, PORT=str(port), BIND_HOST="127.0.0.1", MODE="git" if workflow else "fs",
               GIT_REPO_DIRECTORY=str(Path(repo).resolve()), LOG_LEVEL=os.environ.get("LOG_LEVEL", "warn"))
    process = subprocess.Popen([node, str(find_server(Path(repo)))], env=env, cwd=repo)
    try:
        _wait_for(port, process)
        yield f"http://127.0.0.1:{port}/api/v1"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run(project: Project, args) -> int:
    workflow = bool(args.workflow)
    if workflow:
        dirty = dirty_files(project.root)
        if dirty:
            raise CliError("--workflow: decap-server ghi commit bằng `git add .`; hãy commit hoặc cất các thay đổi "
                           "trước — commits with `git add .`; commit or stash first: " + ", ".join(dirty[:5])
                           + (" …" if len(dirty) > 5 else ""))
    host, _, port = args.dev_addr.rpartition(":")
    with proxy(project.root, workflow=workflow, port=args.proxy_port) as api:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", BULLETIN_CMS_PROXY=api,
                   BULLETIN_CMS_WORKFLOW="1" if workflow else "0")
        cmd = [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(project.config_file),
               "--dev-addr", args.dev_addr, "--dirty"]
        path = str(project.settings.extra.get("cms", {}).get("path", "quan-tri")).strip("/") \
            if isinstance(project.settings.extra.get("cms"), dict) else "quan-tri"
        sys.stderr.write(
            f"Trang soạn tin — web editor: http://{host or '127.0.0.1'}:{port}/{path}/ "
            f"(English: /{path}/en/); decap-server: {api} "
            f"({'quy trình biên tập, commit git — editorial workflow, git commits' if workflow else 'ghi tệp trực tiếp — writes files directly'}). "
            "Ctrl+C để dừng — to stop.\n")
        try:
            return subprocess.call(cmd, cwd=project.root, env=env)
        except KeyboardInterrupt:
            return 0
