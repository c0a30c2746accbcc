"""Publishing: the pre-commit hook stops a commit with a broken article; the CI workflow checks,
builds strictly and deploys to GitHub Pages — its commands are run here on a copy of the repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import sites
import yaml

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"

GOOD = """\
id: 3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d
title: "Quân khu 2 tập huấn phần mềm quản lý văn bản"
date: 2024-08-12
unit: qk2
topics: [cds]
"""
BODY = "Quân khu 2 tổ chức tập huấn sử dụng phần mềm quản lý văn bản và điều hành cho cán bộ các cơ quan.\n"


def git(project: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=project, env=env, capture_output=True, text=True, timeout=300)


def test_pre_commit_hook_stops_a_broken_article(tmp_path):
    project = sites.make_project(tmp_path / "p", seeds=False)
    shutil.copy(REPO / ".pre-commit-config.yaml", project / ".pre-commit-config.yaml")
    (project / ".venv").symlink_to(REPO / ".venv")     # the hook uses the project's .venv, as set up
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), GIT_AUTHOR_NAME="Biên tập viên",
               GIT_AUTHOR_EMAIL="btv@example.vn", GIT_COMMITTER_NAME="Biên tập viên",
               GIT_COMMITTER_EMAIL="btv@example.vn", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    env.pop("BULLETIN_NOW", None)
    assert git(project, "init", "-q", "-b", "main", env=env).returncode == 0
    (project / ".gitignore").write_text(".venv\nsite/\n", encoding="utf-8")
    installed = subprocess.run([str(VENV_BIN / "pre-commit"), "install"], cwd=project, env=env,
                               capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    git(project, "add", "-A", env=env)
    first = git(project, "commit", "-q", "-m", "khung dự án", env=env)
    assert first.returncode == 0, first.stdout + first.stderr

    article = project / "articles" / "2024" / "2024-08-12-qk2-tap-huan.vi.md"
    article.parent.mkdir(parents=True, exist_ok=True)
    article.write_text(sites.article_text(GOOD.replace("unit: qk2", "unit: qk-2"), BODY), encoding="utf-8")
    git(project, "add", "-A", env=env)
    refused = git(project, "commit", "-q", "-m", "tin mới", env=env)
    assert refused.returncode != 0
    output = refused.stdout + refused.stderr
    assert "articles/2024/2024-08-12-qk2-tap-huan.vi.md:5: unit: unknown unit 'qk-2'" in output
    assert "did you mean 'qk2'?" in output
    assert git(project, "log", "--oneline", env=env).stdout.count("\n") == 1

    article.write_text(sites.article_text(GOOD, BODY), encoding="utf-8")
    git(project, "add", "-A", env=env)
    accepted = git(project, "commit", "-q", "-m", "tin mới", env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert git(project, "log", "--oneline", env=env).stdout.count("\n") == 2


def load_workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))      # YAML 1.1 reads the key `on` as true
    return data


def test_workflow_builds_strictly_and_deploys_to_github_pages():
    wf = load_workflow()
    assert {"push", "schedule", "workflow_dispatch"} <= set(wf["on"])
    assert wf["on"]["push"]["branches"] == ["main"]
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    runs = [s.get("run", "") for s in build["steps"]]
    uses = [s.get("uses", "") for s in build["steps"]]
    assert any("pip install -r requirements.txt" in r for r in runs)
    assert any(r.strip() == "bulletin check" for r in runs)
    assert any(r.strip() == "mkdocs build --strict" for r in runs)
    assert runs.index("bulletin check") < runs.index("mkdocs build --strict")
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    assert any(u.startswith("actions/checkout@") for u in uses) and any(u.startswith("actions/setup-python@") for u in uses)
    assert deploy["needs"] == "build"
    assert deploy["permissions"]["pages"] == "write" and deploy["permissions"]["id-token"] == "write"
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert "pull_request" in deploy["if"]
    mkdocs = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert mkdocs.get("site_dir", "site") == "site"


def committed_copy(dest: Path) -> Path:
    """The last commit of the repository — what CI checks out."""
    dest.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "--format=tar", "HEAD"], cwd=REPO, capture_output=True,
                             timeout=120, check=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True, timeout=120)
    return dest


def test_workflow_commands_succeed_on_the_repository(tmp_path):
    """The check and build commands of the workflow, run as written on the committed repository."""
    project = committed_copy(tmp_path / "repo")
    (project / "node_modules").symlink_to(REPO / "node_modules")   # what the workflow's `npm ci` gives
    wf = load_workflow()
    env = dict(os.environ, PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
               **{k: str(v) for k, v in wf["jobs"]["build"].get("env", {}).items()})
    env.pop("BULLETIN_NOW", None)
    env.pop("BULLETIN_PREVIEW", None)
    # installs are this checkout's own (.venv, and node_modules/ that the web editor is copied from)
    steps = [s["run"] for s in wf["jobs"]["build"]["steps"]
             if "run" in s and "pip install" not in s["run"] and not s["run"].startswith("npm ci")]
    assert steps == ["bulletin check", "mkdocs build --strict"]
    for command in steps:
        done = subprocess.run(command, shell=True, cwd=project, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    assert (project / "site" / "index.html").exists() and (project / "site" / "en" / "index.html").exists()


def test_workflow_installs_the_web_editor_and_checks_web_edited_pull_requests():
    """The build copies Decap CMS from node_modules/ (npm ci, pinned); the editorial workflow's
    pull requests (branches cms/…) get `bulletin check` and the strict build like any other."""
    wf = load_workflow()
    assert "pull_request" in wf["on"]
    runs = [s.get("run", "") or "" for s in wf["jobs"]["build"]["steps"]]
    npm = next(i for i, r in enumerate(runs) if r.strip().startswith("npm ci"))
    assert npm < runs.index("mkdocs build --strict")
