"""Debian's real nginx serving a folder with the repository's configuration, for tests.

    with nginx.serve(site_dir) as server:        # server.base_url == "http://127.0.0.1:PORT/"
        ...

``deploy/nginx/bantin.conf`` is copied into a temporary prefix with only its ``listen`` lines and its
``root`` replaced (each must occur exactly once, so the test fails if the file changes shape), then
nginx runs in the foreground (``daemon off``) with its pid, logs and temporary folders in that
prefix, on 127.0.0.1 and a free port. Brotli comes from Debian's libnginx-mod-http-brotli-static.
A missing nginx fails the test (``bash scripts/setup.sh --server`` installs it); it is never skipped.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CONF = REPO / "deploy" / "nginx" / "bantin.conf"
NGINX = Path("/usr/sbin/nginx")
MODULES = Path("/usr/lib/nginx/modules")
SETUP_HINT = "run `bash scripts/setup.sh --server` (Debian packages nginx, libnginx-mod-http-brotli-static, wrk)"


@dataclass
class Server:
    base_url: str
    prefix: Path
    root: Path
    process: subprocess.Popen

    def log(self, name: str = "error.log") -> str:
        p = self.prefix / "logs" / name
        return p.read_text(errors="replace") if p.exists() else ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_conf(root: Path, port: int) -> str:
    """The repository's server configuration listening on 127.0.0.1:port with *root*."""
    text = CONF.read_text(encoding="utf-8")
    text, n_listen = re.subn(r"^(\s*)listen 80;\n", rf"\g<1>listen 127.0.0.1:{port};\n", text, flags=re.M)
    text, n_listen6 = re.subn(r"^\s*listen \[::\]:80;\n", "", text, flags=re.M)
    text, n_root = re.subn(r"^(\s*)root /srv/bantin/current;\n", rf"\g<1>root {root};\n", text, flags=re.M)
    assert (n_listen, n_listen6, n_root) == (1, 1, 1), f"{CONF}: expected one `listen 80;`, one `listen [::]:80;` and one `root /srv/bantin/current;`"
    return text


def main_conf(prefix: Path, site: Path) -> str:
    user = "user root root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}worker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/logs/error.log warn;\n"
        f"load_module {MODULES}/ngx_http_brotli_static_module.so;\n"
        "events { worker_connections 512; }\n"
        "http {\n"
        f"    access_log {prefix}/logs/access.log;\n"
        f"    client_body_temp_path {prefix}/tmp/body;\n    proxy_temp_path {prefix}/tmp/proxy;\n"
        f"    fastcgi_temp_path {prefix}/tmp/fastcgi;\n    uwsgi_temp_path {prefix}/tmp/uwsgi;\n"
        f"    scgi_temp_path {prefix}/tmp/scgi;\n"
        "    sendfile on;\n"
        f"    include {site};\n"
        "}\n")


def require_nginx() -> None:
    if not os.access(NGINX, os.X_OK):
        pytest.fail(f"{NGINX} not found: {SETUP_HINT}", pytrace=False)
    if not (MODULES / "ngx_http_brotli_static_module.so").is_file():
        pytest.fail(f"nginx's brotli module is missing: {SETUP_HINT}", pytrace=False)


def _wait_ready(base_url: str, proc: subprocess.Popen, prefix: Path, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nginx exited with {proc.returncode}:\n" + (prefix / "logs" / "error.log").read_text(errors="replace")
                               if (prefix / "logs" / "error.log").exists() else f"nginx exited with {proc.returncode}")
        try:
            urllib.request.urlopen(base_url, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return          # it answers
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("nginx did not answer within %.0f s" % timeout)


@contextlib.contextmanager
def serve(root: Path, *, attempts: int = 3):
    """Run nginx on *root* (a built site, or a symlink to one) until the block ends."""
    require_nginx()
    with tempfile.TemporaryDirectory(prefix="bulletin-nginx-") as tmp:
        prefix = Path(tmp)
        for sub in ("logs", "tmp"):
            (prefix / sub).mkdir()
        last_error = None
        for _ in range(attempts):          # a free port can be taken between the check and nginx's bind
            port = free_port()
            site = prefix / "bantin.conf"
            site.write_text(site_conf(Path(root).absolute(), port), encoding="utf-8")
            (prefix / "nginx.conf").write_text(main_conf(prefix, site), encoding="utf-8")
            check = subprocess.run([str(NGINX), "-t", "-q", "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                                   capture_output=True, text=True)
            if check.returncode != 0:
                raise RuntimeError("nginx -t rejected the configuration:\n" + check.stderr)
            proc = subprocess.Popen([str(NGINX), "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
                                     "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            base_url = f"http://127.0.0.1:{port}/"
            try:
                _wait_ready(base_url, proc, prefix)
            except RuntimeError as exc:
                last_error = exc
                _stop(proc)
                continue
            try:
                yield Server(base_url, prefix, Path(root), proc)
            finally:
                _stop(proc)
            return
        raise RuntimeError(f"nginx could not start: {last_error}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()         # SIGTERM: fast shutdown of the master and its worker
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if proc.stderr:
        proc.stderr.close()
