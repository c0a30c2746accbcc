"""Safe publishing (scripts/publish.sh → bulletin.publish): the published folder is replaced only
by a complete, successful build, and is never left half-written."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path

import pytest
import sites
from bulletin import publish

REPO = Path(__file__).resolve().parents[2]
BROKEN = sites.article_text({"title": "Bài hỏng", "date": "2024-02-30", "unit": "qk4", "topics": ["cchc"]})
NEW = sites.article_text({"title": "Tin mới được xuất bản", "date": "2024-06-01", "unit": "qk4", "topics": ["cds"]})


def snapshot(folder: Path) -> dict[str, bytes]:
    return {f.relative_to(folder).as_posix(): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def run_script(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full = dict(os.environ, BULLETIN_NOW=sites.TEST_NOW, NO_MKDOCS_2_WARNING="1", **(env or {}))
    return subprocess.run(["bash", str(REPO / "scripts" / "publish.sh"), *args], env=full,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture
def published(tmp_path):
    """A project and its site published once with the script, at www/bantin."""
    project = sites.make_project(tmp_path / "project", seeds=True, docs=False)
    target = tmp_path / "www" / "bantin"
    proc = run_script("--config", str(project / "mkdocs.yml"), str(target))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return project, target


def test_publishing_builds_and_puts_the_site_in_place(published):
    project, target = published
    assert (target / "index.html").is_file() and (target / "404.html").is_file()
    assert leftovers(target.parent) == []
    # publishing again with a new article replaces the folder with the new build
    (project / "articles" / "2024").mkdir(exist_ok=True)
    (project / "articles" / "2024" / "2024-06-01-tin-moi.vi.md").write_text(NEW, encoding="utf-8")
    proc = run_script("--config", str(project / "mkdocs.yml"), str(target))
    assert proc.returncode == 0, proc.stderr
    assert (target / "2024" / "06" / "tin-moi-duoc-xuat-ban" / "index.html").is_file()
    assert leftovers(target.parent) == []


def test_a_failed_build_leaves_the_published_site_untouched(published):
    project, target = published
    before = snapshot(target)
    (project / "articles" / "2024").mkdir(exist_ok=True)
    (project / "articles" / "2024" / "2024-02-30-bai-hong.vi.md").write_text(BROKEN, encoding="utf-8")
    proc = run_script("--config", str(project / "mkdocs.yml"), str(target))
    assert proc.returncode == 1
    assert "nothing was published" in proc.stderr and "Traceback" not in proc.stderr
    assert "2024-02-30-bai-hong.vi.md:3: date:" in proc.stderr       # the build said why
    assert snapshot(target) == before
    assert leftovers(target.parent) == []


def test_a_build_that_dies_half_way_is_never_published(published):
    project, target = published
    before = snapshot(target)

    def half_build(config_file, site_dir):
        (site_dir / "index.html").write_text("<!doctype html><title>half</title>", encoding="utf-8")
        (site_dir / "2024").mkdir()
        raise OSError("No space left on device")

    with pytest.raises(OSError):
        publish.publish(project / "mkdocs.yml", target, build=half_build)
    assert snapshot(target) == before
    assert leftovers(target.parent) == []


def test_an_incomplete_build_is_refused(published):
    project, target = published
    before = snapshot(target)

    def no_404(config_file, site_dir):
        (site_dir / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
        (site_dir / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")

    with pytest.raises(publish.PublishError, match="missing 404.html"):
        publish.publish(project / "mkdocs.yml", target, build=no_404)
    assert snapshot(target) == before
    assert leftovers(target.parent) == []


def test_the_swap_exchanges_whole_folders(tmp_path):
    target, new = tmp_path / "site", tmp_path / ".site.new"
    target.mkdir()
    (target / "old.html").write_text("old")
    new.mkdir()
    (new / "new.html").write_text("new")
    publish.swap_in(new, target)
    assert sorted(p.name for p in target.iterdir()) == ["new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


# -- targets that must never be replaced (issue: "publish.sh ." replaced the project) -------------

@pytest.mark.parametrize("where", [".", "docs", "articles", "data/i18n", "..", "/"])
def test_a_target_that_is_inside_or_contains_the_project_is_refused(tmp_path, where):
    project = sites.make_project(tmp_path / "project", seeds=False, docs=False)
    (project / "articles" / "2024").mkdir(parents=True, exist_ok=True)
    (project / "articles" / "2024" / "2024-06-01-tin-moi.vi.md").write_text(NEW, encoding="utf-8")
    before = snapshot(project)
    full = dict(os.environ, BULLETIN_NOW=sites.TEST_NOW, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(["bash", str(REPO / "scripts" / "publish.sh"), "--config", str(project / "mkdocs.yml"),
                           where], cwd=project, env=full, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    resolved = os.path.realpath(project / where)
    relation = ("it is the project folder itself" if where == "." else
                "it contains the project" if where in ("..", "/") else "it lies inside the project")
    assert proc.stderr.startswith(f"publish: refusing to publish into {resolved}: {relation}"), proc.stderr
    assert "publish into an empty folder outside the project" in proc.stderr and "Traceback" not in proc.stderr
    assert snapshot(project) == before                     # nothing built, nothing replaced
    assert leftovers(project) == [] and leftovers(project.parent) == []


@pytest.mark.parametrize("marker", [".git", "mkdocs.yml"])
def test_a_target_holding_a_checkout_is_refused(tmp_path, marker):
    project = sites.make_project(tmp_path / "project", seeds=False, docs=False)
    other = tmp_path / "other-checkout"
    other.mkdir()
    (other / marker).mkdir() if marker == ".git" else (other / marker).write_text("site_name: x\n")
    (other / "README.md").write_text("sources of another project")
    with pytest.raises(publish.TargetError, match=f"it holds {re.escape(marker)}, so it is a project or a checkout"):
        publish.publish(project / "mkdocs.yml", other, build=lambda c, s: pytest.fail("must not build"))
    assert sorted(p.name for p in other.iterdir()) == sorted([marker, "README.md"])
    assert leftovers(tmp_path) == []


def test_published_files_are_readable_by_the_web_server(published):
    """0755 folders and 0644 files, whatever the umask (the staging folder is made 0700)."""
    project, target = published
    old = os.umask(0o077)
    try:
        proc = run_script("--config", str(project / "mkdocs.yml"), str(target))
    finally:
        os.umask(old)
    assert proc.returncode == 0, proc.stderr
    modes = {p.relative_to(target).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in [target, *target.rglob("*")]}
    assert modes["."] == 0o755 and modes["index.html"] == 0o644
    assert {m for p, m in modes.items() if (target / p).is_dir()} == {0o755}
    assert {m for p, m in modes.items() if (target / p).is_file()} == {0o644}


def test_a_symlinked_target_gets_releases_and_an_atomic_link(tmp_path):
    """The releases + `current` pattern: each build is a new folder beside the one the link points to;
    the link is replaced in one rename; the release just replaced is kept for a roll-back."""
    project = sites.make_project(tmp_path / "project", seeds=True, docs=False)
    www = tmp_path / "www"
    first = www / "hand-made"
    first.mkdir(parents=True)
    (first / "index.html").write_text("the site before this tool", encoding="utf-8")
    current = www / "current"
    current.symlink_to(first)
    releases = []
    for _ in range(3):
        proc = run_script("--config", str(project / "mkdocs.yml"), str(current))
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
        assert current.is_symlink() and (current / "index.html").is_file()
        releases.append(Path(os.readlink(current)))
        assert releases[-1].parent == www and releases[-1].name.startswith("release-")
        assert stat.S_IMODE(releases[-1].stat().st_mode) == 0o755
    assert len(set(releases)) == 3
    # the folder this tool did not make is never removed; of its own releases, the last two remain
    assert sorted(p.name for p in www.iterdir()) == sorted(["current", "hand-made", releases[1].name, releases[2].name])
    assert (first / "index.html").read_text(encoding="utf-8") == "the site before this tool"
    # a failed build leaves the link and every release untouched
    (project / "articles" / "2024").mkdir(exist_ok=True)
    (project / "articles" / "2024" / "2024-02-30-bai-hong.vi.md").write_text(BROKEN, encoding="utf-8")
    before = sorted(p.name for p in www.iterdir())
    proc = run_script("--config", str(project / "mkdocs.yml"), str(current))
    assert proc.returncode == 1 and Path(os.readlink(current)) == releases[2]
    assert sorted(p.name for p in www.iterdir()) == before
