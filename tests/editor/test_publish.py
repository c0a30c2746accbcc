"""Safe publishing (scripts/publish.sh → bulletin.publish): the published folder is replaced only
by a complete, successful build, and is never left half-written."""

from __future__ import annotations

import os
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
