"""scripts/compare-builds.sh cannot rot: it builds two revisions of a real clone on the same
generated articles, says "identical" when nothing changed, and names the files when something did.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(cwd), *args], check=True, capture_output=True,
                          text=True).stdout


def test_compare_builds_tells_identical_from_changed(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--shared", str(REPO), str(clone)], check=True)
    _git(clone, "checkout", "-q", _git(REPO, "rev-parse", "HEAD").strip())
    # the clone uses this checkout's environment and the web editor's files (no install, no network)
    (clone / ".venv").symlink_to(REPO / ".venv")
    if (REPO / "node_modules").is_dir():
        (clone / "node_modules").symlink_to(REPO / "node_modules")
    page = clone / "docs" / "gioi-thieu.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nMột câu mới để so sánh.\n", encoding="utf-8")
    _git(clone, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-am", "a changed page")

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    script = clone / "scripts" / "compare-builds.sh"
    same = subprocess.run(["bash", str(script), "HEAD~1", "HEAD~1", "5"], capture_output=True,
                          text=True, env=env)
    assert same.returncode == 0, same.stdout + same.stderr
    assert same.stdout.strip().splitlines()[-1] == "identical"

    changed = subprocess.run(["bash", str(script), "HEAD~1", "HEAD", "5"], capture_output=True,
                             text=True, env=env)
    assert changed.returncode == 1, changed.stdout + changed.stderr
    assert "gioi-thieu/index.html" in changed.stdout
    assert "identical" not in changed.stdout.splitlines()[-1]
