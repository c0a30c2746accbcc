"""`bulletin cms`: the web editor on this computer — decap-server beside `mkdocs serve`, the admin
page configured for it; the git workflow refused on a working tree with uncommitted changes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
import yaml

import sites

CLI = [sys.executable, "-m", "bulletin.editor.cli"]


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_workflow_mode_refuses_uncommitted_changes(tmp_path):
    project = sites.make_project(tmp_path / "p", seeds=False, docs=False)
    git(project, "init", "-q", "-b", "main")
    (project / "articles" / "nhap.txt").write_text("chưa commit", encoding="utf-8")
    done = subprocess.run([*CLI, "cms", "--workflow"], cwd=project, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "git add ." in done.stderr and "articles/" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_workflow_mode_needs_a_git_repository(tmp_path):
    project = sites.make_project(tmp_path / "p", seeds=False, docs=False)
    done = subprocess.run([*CLI, "cms", "--workflow"], cwd=project, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "not a git repository" in done.stderr and "Traceback" not in done.stderr


def test_bulletin_cms_serves_the_editor_with_decap_server(tmp_path):
    project = sites.make_project(tmp_path / "p", seeds=False, docs=False)
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", BULLETIN_NOW=sites.TEST_NOW)
    process = subprocess.Popen([*CLI, "cms", "--dev-addr", f"127.0.0.1:{port}"], cwd=project, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        config = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/quan-tri/config.yml", timeout=5) as r:
                    config = yaml.safe_load(r.read().decode("utf-8"))
                    break
            except OSError:
                time.sleep(1)
        assert config is not None, "the admin page was not served"
        api = config["local_backend"]["url"]
        assert api.startswith("http://127.0.0.1:") and api.endswith("/api/v1")
        assert config["publish_mode"] == "simple"          # decap-server's fs mode has no workflow
        request = urllib.request.Request(api, data=json.dumps({"action": "info"}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as r:
            info = json.loads(r.read())
        assert info["type"] == "local_fs" and info["publish_modes"] == ["simple"]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)            # Ctrl+C: mkdocs and decap-server stop too
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    with pytest.raises(OSError):                           # decap-server is gone with it
        socket.create_connection(("127.0.0.1", int(api.rsplit(":", 1)[1].split("/")[0])), timeout=2).close()
