"""The speed-ups change nothing in the output.

- navcache: Material's primary navigation rendered once per language and link depth gives the
  same pages as Material's partial rendered on every page;
- rendercache: in `mkdocs serve`, pages whose Markdown did not change reuse the previous
  rebuild's HTML, and the rebuilt site equals a fresh build of the edited articles.
"""

from __future__ import annotations

import filecmp
import sys
from pathlib import Path

import pytest
import sites
from bulletin.site import events
from bulletin.speed import rendercache

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import generate  # noqa: E402


def _differences(a: Path, b: Path) -> list[str]:
    out = []

    def walk(cmp: filecmp.dircmp, rel: str = ""):
        out.extend(f"{rel}{name} (only one side)" for name in cmp.left_only + cmp.right_only)
        out.extend(f"{rel}{name}" for name in cmp.diff_files)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{rel}{name}/")
    walk(filecmp.dircmp(a, b))
    return out


def _project(root: Path, n: int = 6) -> Path:
    project = sites.make_project(root, config={"bulletin": {"search": {"enabled": False}}})
    generate.generate(project / "articles", n, seed=3)
    return project


def _same_files(a: Path, b: Path) -> None:
    # filecmp's shallow mode trusts equal sizes and times: compare bytes.
    for path in a.rglob("*"):
        if path.is_file():
            other = b / path.relative_to(a)
            assert other.is_file(), f"{other} missing"
            assert path.read_bytes() == other.read_bytes(), f"{path.relative_to(a)} differs"


def test_cached_navigation_gives_the_same_pages_as_materials_partial(tmp_path):
    project = _project(tmp_path / "p")
    cached = sites.build_ok(project)
    (tmp_path / "cached").mkdir()
    cached.site.rename(tmp_path / "cached" / "site")
    (project / "docs" / "overrides" / "partials" / "nav.html").unlink()   # Material's own partial again
    plain = sites.build_ok(project)
    html = sorted(p.relative_to(plain.site) for p in plain.site.rglob("*.html"))
    assert len(html) > 60
    article_pages = [p for p in html if p.parts[0].isdigit()]
    assert article_pages, "the generated articles were built"
    assert not _differences(tmp_path / "cached" / "site", plain.site)
    _same_files(tmp_path / "cached" / "site", plain.site)
    # The navigation is really there (units section, links relative to the page).
    page = (plain.site / article_pages[0]).read_text(encoding="utf-8")
    assert 'class="md-nav md-nav--primary"' in page and 'href="../../../don-vi/' in page


@pytest.fixture
def serve_mode():
    old = events._state["command"]
    events._state["command"] = "serve"
    yield
    events._state["command"] = old


def test_serve_rebuild_reuses_unchanged_pages_and_equals_a_fresh_build(tmp_path, serve_mode):
    project = _project(tmp_path / "p")
    first = sites.build_ok(project, preview=True)
    edited = sorted((project / "articles").rglob("*.vi.md"))[-1]
    text = edited.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n\n")
    edited.write_text(head + sep + "Đoạn mở đầu mới, thêm khi xem trước.\n\n" + body, encoding="utf-8")
    before = dict(rendercache.stats)
    second = sites.build_ok(project, preview=True)
    reused = rendercache.stats["reused"] - before["reused"]
    rendered = rendercache.stats["rendered"] - before["rendered"]
    assert rendered >= 1 and reused > 50 * rendered   # only the edited article was rendered again
    (tmp_path / "served").mkdir()
    second.site.rename(tmp_path / "served" / "site")
    events._state["command"] = "build"                 # a fresh build of the same articles
    fresh = sites.build_ok(project, preview=True)
    assert "Đoạn mở đầu mới" in "".join(p.read_text(encoding="utf-8") for p in fresh.site.rglob("*.html")
                                         if p.parts[-4:-3] and p.parts[-4].isdigit())
    assert not _differences(tmp_path / "served" / "site", fresh.site)
    _same_files(tmp_path / "served" / "site", fresh.site)


def test_pages_without_markdown_skip_the_converter_and_equal_mkdocs_render(tmp_path, monkeypatch):
    project = _project(tmp_path / "p")
    calls = []
    original = rendercache.skip_empty
    monkeypatch.setattr(rendercache, "skip_empty", lambda page: (calls.append(page.file.src_uri), original(page)))
    fast = sites.build_ok(project)
    assert len(calls) > 40 and any(c.startswith("don-vi/") for c in calls)   # the listing pages
    (tmp_path / "fast").mkdir()
    fast.site.rename(tmp_path / "fast" / "site")
    monkeypatch.setattr(rendercache, "skip_empty", lambda page: None)     # MkDocs' own render again
    plain = sites.build_ok(project)
    assert not _differences(tmp_path / "fast" / "site", plain.site)
    _same_files(tmp_path / "fast" / "site", plain.site)
