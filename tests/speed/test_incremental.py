"""`mkdocs serve --dirty`: each rebuild redoes only what an edit changed, and the site folder then
holds exactly the bytes a clean build of the same sources gives.

The rebuilds run MkDocs' own build in-process, as ``mkdocs serve --dirty`` runs it after each
save (same site folder, ``dirty=True``); after every edit of the series the folder is compared,
file by file and byte by byte, with a clean build into a new folder.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
import sites
import yaml
from bulletin.site import events

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import generate  # noqa: E402

SERVE_URL = "http://127.0.0.1:8000/"


class Session:
    """One `mkdocs serve` session: a site folder kept between rebuilds."""

    def __init__(self, project: Path, site_dir: Path, *, dirty: bool):
        self.project, self.site_dir, self.dirty = project, site_dir, dirty
        self.log = ""

    def build(self) -> dict:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        with sites.captured_log() as stream:
            try:
                with sites._env({"BULLETIN_NOW": sites.TEST_NOW, "NO_MKDOCS_2_WARNING": "1"}):
                    cfg = load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.site_dir))
                    cfg.site_url = SERVE_URL
                    cfg.plugins.on_startup(command="serve", dirty=self.dirty)
                    try:
                        build(cfg, serve_url=SERVE_URL, dirty=self.dirty)
                    finally:
                        cfg.plugins.on_shutdown()
            finally:
                self.log = stream.getvalue()
        return dict(events._state["site"].incremental.stats)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _assert_same_as_clean_build(session: Session, tmp_path: Path, label: str) -> None:
    clean_dir = tmp_path / f"clean-{label}"
    Session(session.project, clean_dir, dirty=False).build()
    served, clean = _tree(session.site_dir), _tree(clean_dir)
    assert sorted(set(served) - set(clean)) == [], f"{label}: files left over from earlier rebuilds"
    assert sorted(set(clean) - set(served)) == [], f"{label}: files missing after the rebuild"
    differ = sorted(rel for rel in clean if clean[rel] != served[rel])
    assert differ == [], f"{label}: files differ from a clean build: {differ[:10]}"


def _set_field(path: Path, name: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    line = f"{name}: {yaml.safe_dump(value, allow_unicode=True, default_style=None).splitlines()[0]}"
    new, n = re.subn(rf"(?m)^{name}:.*$", lambda _m: line, text, count=1)
    if n == 0:
        new = text.replace("---\n", f"---\n{line}\n", 1)
    path.write_text(new, encoding="utf-8")


def _prepend_paragraph(path: Path, paragraph: str) -> None:
    head, sep, body = path.read_text(encoding="utf-8").partition("\n---\n\n")
    path.write_text(head + sep + paragraph + "\n\n" + body, encoding="utf-8")


@pytest.fixture(autouse=True)
def _restore_events_state():
    old = dict(events._state)
    yield
    events._state.update(old)


@pytest.fixture
def project(tmp_path):
    project = sites.make_project(tmp_path / "p")
    generate.generate(project / "articles", 14, seed=5)
    return project


def _generated(project: Path, lang: str = "vi") -> list[Path]:
    return sorted(p for p in (project / "articles").rglob(f"*.{lang}.md") if re.search(r"-\d{5}\.", p.name))


def test_rebuilds_after_each_kind_of_edit_equal_a_clean_build(project, tmp_path):
    session = Session(project, tmp_path / "served", dirty=True)
    first = session.build()
    assert first["pages"] > 100 and first["rebuilt"] == first["pages"]
    articles = _generated(project)
    target = articles[len(articles) // 2]

    # Nothing changed: no page is rendered, no file written.
    again = session.build()
    assert again["rebuilt"] == 0 and again["written"] == 0 and again["deleted"] == 0, again

    # The text of one article (its first paragraph, hence its derived summary too).
    _prepend_paragraph(target, "Đoạn mở đầu mới được thêm khi xem trước, có chữ đặc biệt Đắk Lắk.")
    stats = session.build()
    assert 1 <= stats["rebuilt"] <= stats["pages"] // 5, stats
    assert "Incremental preview: rebuilt" in session.log
    assert "dirty' build" not in session.log   # MkDocs' warning does not apply: nothing is stale
    _assert_same_as_clean_build(session, tmp_path, "body")

    edits = [
        ("summary", lambda: _set_field(target, "summary", "Tóm tắt mới của bài, viết khi xem trước.")),
        ("title", lambda: _set_field(articles[2], "title", "Tiêu đề đã sửa của một bài đang xem trước")),
        ("date", lambda: _set_field(articles[3], "date", "2022-02-14T09:30:00+07:00")),
        ("unit", lambda: _set_field(articles[4], "unit", "qk4")),
        ("new article", lambda: (project / "articles" / "2025" / "2025-06-01-bai-moi-khi-xem-truoc.vi.md").write_text(
            sites.article_text({"title": "Bài mới khi xem trước", "date": "2025-06-01", "unit": "qk7",
                                "topics": ["cds"]}), encoding="utf-8")),
        # the first article of a unit without news: its page and feeds appear, links to it move there
        ("first article of a unit", lambda: (project / "articles" / "2025" / "2025-06-02-hoc-vien-hau-can.vi.md").write_text(
            sites.article_text({"title": "Học viện Hậu cần số hóa giáo trình", "date": "2025-06-02",
                                "unit": "hv-hau-can", "topics": ["cds"]}), encoding="utf-8")),
        ("deleted article", lambda: (articles[5].unlink(), articles[5].with_name(
            articles[5].name.replace(".vi.md", ".en.md")).unlink(missing_ok=True))),
        ("draft", lambda: _set_field(articles[6], "draft", True)),
        ("translation", lambda: _prepend_paragraph(_generated(project, "en")[0], "A new opening paragraph.")),
        ("registry", lambda: (project / "data" / "units" / "quan-khu.yml").write_text(
            (project / "data" / "units" / "quan-khu.yml").read_text(encoding="utf-8").replace(
                "Military Region 4", "Military Region Four", 1), encoding="utf-8")),
        ("hand-written page", lambda: (project / "docs" / "gioi-thieu.md").write_text(
            (project / "docs" / "gioi-thieu.md").read_text(encoding="utf-8") + "\nMột đoạn mới.\n",
            encoding="utf-8")),
        ("template", lambda: (project / "docs" / "overrides" / "article.html").write_text(
            (project / "docs" / "overrides" / "article.html").read_text(encoding="utf-8")
            + "\n{#- edited during preview #}\n<!-- sửa mẫu -->\n", encoding="utf-8")),
    ]
    # Edits that move items (dates, units, new or removed items, drafts) change the site's
    # structure: only pages whose template data changed are rebuilt. Data files and templates
    # concern every page.
    everything = {"registry", "template"}
    for label, edit in edits:
        edit()
        stats = session.build()
        assert stats["rebuilt"] >= 1, (label, stats)
        if label in everything:
            assert stats["rebuilt"] == stats["pages"], (label, stats)
        else:
            assert stats["rebuilt"] <= stats["pages"] // 4, (label, stats)
        if label in ("date", "unit", "new article", "first article of a unit", "deleted article", "draft"):
            assert stats["structure_changed"], (label, stats)
        if label == "first article of a unit":
            assert (session.site_dir / "don-vi" / "hv-hau-can" / "index.html").is_file()
            assert (session.site_dir / "feeds" / "don-vi" / "hv-hau-can.rss.xml").is_file()
        _assert_same_as_clean_build(session, tmp_path, label)

    # A save with an error stops the rebuild (the old pages stay); the next good save catches up
    # with everything edited in between.
    from mkdocs.exceptions import Abort

    broken = articles[7]
    good = broken.read_text(encoding="utf-8")
    _prepend_paragraph(articles[8], "Một đoạn được sửa trong lúc bài khác đang có lỗi.")
    _set_field(broken, "unit", "qk-4")
    with pytest.raises(Abort):
        session.build()
    assert "unknown unit 'qk-4'" in session.log
    broken.write_text(good, encoding="utf-8")
    session.build()
    _assert_same_as_clean_build(session, tmp_path, "after an error")


def test_a_deleted_article_leaves_no_page_behind(project, tmp_path):
    session = Session(project, tmp_path / "served", dirty=True)
    session.build()
    victim = _generated(project)[0]
    pages_before = set(_tree(session.site_dir))
    victim.unlink()
    victim.with_name(victim.name.replace(".vi.md", ".en.md")).unlink(missing_ok=True)
    stats = session.build()
    assert stats["deleted"] >= 2, stats   # at least its page in each language
    gone = pages_before - set(_tree(session.site_dir))
    assert any(rel.endswith("/index.html") for rel in gone), gone


def test_without_dirty_the_folder_is_cleaned_and_every_page_built(project, tmp_path):
    session = Session(project, tmp_path / "served", dirty=False)
    session.build()
    stray = session.site_dir / "2024" / "stray.html"
    stray.write_text("left from an earlier rebuild", encoding="utf-8")
    stats = session.build()
    assert not stray.exists()                            # MkDocs cleaned the folder
    assert stats["pages"] == 0 and stats["written"] > 0   # the tracker stayed out of the way
    assert "Incremental preview" not in session.log


# -- `bulletin preview`: pages made on request, saves taken in one by one (bulletin.speed.lazy) -------

class PreviewSession:
    """`bulletin preview` without its HTTP server: the model, the helper process for feeds and the
    search index, and the snapshot of the sources; :meth:`update` is what a save triggers."""

    def __init__(self, project: Path, *, cache: bool = False):
        from bulletin.speed.server import Preview

        self.out = io.StringIO()
        self.log = ""
        self.preview = Preview(project / "mkdocs.yml", SERVE_URL, out=self.out, cache=cache)

    def start(self) -> None:
        with sites.captured_log() as stream:
            try:
                self.preview.start()
            finally:
                self.log = stream.getvalue()

    def update(self) -> str:
        with sites.captured_log() as stream:
            try:
                return self.preview.update()
            finally:
                self.log = stream.getvalue()

    def get(self, rel: str) -> bytes | None:
        return self.preview.get(rel)

    def close(self) -> None:
        self.preview.close()


def _clean_build(project: Path, out: Path) -> dict[str, bytes]:
    saved = dict(events._state)   # the preview's hooks state: a build in this process replaces it
    try:
        Session(project, out, dirty=False).build()
    finally:
        events._state.clear()
        events._state.update(saved)
    return _tree(out)


def _assert_preview_same_as_clean_build(session: PreviewSession, project: Path, tmp_path: Path, label: str,
                                        gone: tuple = ()) -> None:
    clean = _clean_build(project, tmp_path / f"clean-{label}")
    missing = sorted(rel for rel in clean if session.get(rel) is None)
    assert missing == [], f"{label}: the preview does not serve {len(missing)} files of a clean build: {missing[:10]}"
    differ = sorted(rel for rel in clean if session.get(rel) != clean[rel])
    assert differ == [], f"{label}: the preview's files differ from a clean build: {differ[:10]}"
    for rel in gone:
        assert rel not in clean, rel
        assert session.get(rel) is None, f"{label}: the preview still serves {rel}"


@pytest.fixture
def preview(project, monkeypatch):
    monkeypatch.setenv("BULLETIN_NOW", sites.TEST_NOW)   # the helper process reads it too
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    session = PreviewSession(project)
    yield session
    session.close()


def test_preview_equals_a_clean_build_after_each_kind_of_edit(project, preview, tmp_path):
    preview.start()
    assert "each page is made when opened" in preview.out.getvalue()
    site = preview.preview.site
    assert site.stats["rendered"] < 40   # nothing rendered but what a build reads before any page
    _assert_preview_same_as_clean_build(preview, project, tmp_path, "start")
    pages = site.stats["rendered"]
    articles = _generated(project)
    target = articles[len(articles) // 2]
    assert preview.update() == "unchanged"

    # A body edit is taken in alone: only the pages that showed the item are made again.
    _prepend_paragraph(target, "Đoạn mở đầu mới được thêm khi xem trước, có chữ đặc biệt Đắk Lắk.")
    assert preview.update() == "patched"
    before = site.stats["rendered"]
    _assert_preview_same_as_clean_build(preview, project, tmp_path, "body")
    assert 2 <= site.stats["rendered"] - before <= pages // 5, (site.stats, pages)

    slugged = articles[9]
    edits = [
        ("summary", lambda: _set_field(target, "summary", "Tóm tắt mới của bài, viết khi xem trước."), "patched"),
        ("explicit slug", lambda: _set_field(slugged, "slug", "bai-co-dia-chi-rieng"), "moved"),   # a new address
        ("title, same address", lambda: _set_field(slugged, "title", "Tiêu đề mới, địa chỉ giữ nguyên"), "patched"),
        ("title", lambda: _set_field(articles[2], "title", "Tiêu đề đã sửa của một bài đang xem trước"), "moved"),
        ("date", lambda: _set_field(articles[3], "date", "2022-02-14T09:30:00+07:00"), "moved"),
        ("unit", lambda: _set_field(articles[4], "unit", "qk4"), "moved"),
        ("topics", lambda: articles[10].write_text(re.sub(r"(?m)^topics:.*$", "topics: [cds, cchc]",
                                                          articles[10].read_text(encoding="utf-8"), count=1),
                                                   encoding="utf-8"), "moved"),
        ("new article", lambda: (project / "articles" / "2025" / "2025-06-01-bai-moi-khi-xem-truoc.vi.md").write_text(
            sites.article_text({"title": "Bài mới khi xem trước", "date": "2025-06-01", "unit": "qk7",
                                "topics": ["cds"]}), encoding="utf-8"), "rebuilt"),
        ("first article of a unit", lambda: (project / "articles" / "2025" / "2025-06-02-hoc-vien-hau-can.vi.md").write_text(
            sites.article_text({"title": "Học viện Hậu cần số hóa giáo trình", "date": "2025-06-02",
                                "unit": "hv-hau-can", "topics": ["cds"]}), encoding="utf-8"), "rebuilt"),
        ("draft", lambda: _set_field(articles[6], "draft", True), "moved"),
        ("translation", lambda: _prepend_paragraph(_generated(project, "en")[0], "A new opening paragraph."), "patched"),
        ("inline script", lambda: (_set_field(articles[11], "trusted_html", True),
                                   _prepend_paragraph(articles[11], "<script>console.log('bài có mã')</script>")),
         "rebuilt"),
        ("registry", lambda: (project / "data" / "units" / "quan-khu.yml").write_text(
            (project / "data" / "units" / "quan-khu.yml").read_text(encoding="utf-8").replace(
                "Military Region 4", "Military Region Four", 1), encoding="utf-8"), "rebuilt"),
        ("hand-written page", lambda: (project / "docs" / "gioi-thieu.md").write_text(
            (project / "docs" / "gioi-thieu.md").read_text(encoding="utf-8") + "\nMột đoạn mới.\n",
            encoding="utf-8"), "rebuilt"),
        ("template", lambda: (project / "docs" / "overrides" / "article.html").write_text(
            (project / "docs" / "overrides" / "article.html").read_text(encoding="utf-8")
            + "\n{#- edited during preview #}\n<!-- sửa mẫu -->\n", encoding="utf-8"), "rebuilt"),
    ]
    assert preview.get("don-vi/hv-hau-can/index.html") is None   # a unit without news has no page
    for label, edit, how in edits:
        edit()
        assert preview.update() == how, (label, preview.log)
        if label == "first article of a unit":
            assert "Học viện Hậu cần số hóa giáo trình" in preview.get("don-vi/hv-hau-can/index.html").decode("utf-8")
        _assert_preview_same_as_clean_build(preview, project, tmp_path, label)

    # A deleted article's pages are gone.
    victim = articles[5]
    page = _page_of(preview, victim)
    victim.unlink()
    victim.with_name(victim.name.replace(".vi.md", ".en.md")).unlink(missing_ok=True)
    assert preview.update() == "rebuilt"
    _assert_preview_same_as_clean_build(preview, project, tmp_path, "deleted article",
                                        gone=(page, "en/" + page))

    # A save with an error changes nothing (the terminal says why); the next good save catches up
    # with everything edited in between, the body edit made during the error included.
    broken = articles[7]
    good = broken.read_text(encoding="utf-8")
    _prepend_paragraph(articles[8], "Một đoạn được sửa trong lúc bài khác đang có lỗi.")
    _set_field(broken, "unit", "qk-4")
    assert preview.update() == "failed"
    assert "unknown unit 'qk-4'" in preview.log and "Traceback" not in preview.log
    _prepend_paragraph(broken, "Đoạn sửa trong lúc bài còn lỗi.")
    assert preview.update() == "failed"
    broken.write_text(good, encoding="utf-8")
    assert preview.update() in ("patched", "moved", "rebuilt")
    _assert_preview_same_as_clean_build(preview, project, tmp_path, "after an error")


def _page_of(session: PreviewSession, article: Path) -> str:
    key = article.name[: -len(".vi.md")]
    cat = session.preview.site.model.site.catalog
    entry = next(e for e in list(cat.entries) + list(cat.withheld) if e.key == key)
    return entry.path + "index.html"


# -- the preview's cache on disk (bulletin.speed.previewcache) -------------------------------------

POISON = "TIÊU ĐỀ CŨ CÒN TRONG BỘ ĐỆM"


def _poison(project: Path, key: str) -> None:
    """Give one item of the saved cache another title, as a cache made by other code could hold:
    the cache is used if and only if this title shows."""
    import dataclasses
    import pickle

    from bulletin.speed import previewcache

    path = project / ".cache" / "preview" / "articles.pickle"
    held = pickle.loads(path.read_bytes())
    items = held["value"]["\0items"]
    ident, (articles, problems, warnings) = items[key]
    items[key] = (ident, ([dataclasses.replace(a, title=POISON) for a in articles], problems, warnings))
    previewcache.save(path, held["stamp"], held["value"])


def _article_page_after_start(project: Path, article: Path) -> tuple[str, str]:
    session = PreviewSession(project, cache=True)
    try:
        session.start()
        page = _page_of(session, article)
        return page, session.get(page).decode("utf-8")
    finally:
        session.close()


def test_preview_cache_is_used_and_dropped_when_anything_it_depends_on_changes(project, preview, tmp_path,
                                                                             monkeypatch):
    from bulletin.speed import previewcache

    article = _generated(project)[4]
    key = article.name[: -len(".vi.md")]
    title = re.search(r'(?m)^title: "?(.*?)"?$', article.read_text(encoding="utf-8")).group(1)
    first = PreviewSession(project, cache=True)
    first.start()
    first.close()
    assert (project / ".cache" / "preview" / "articles.pickle").is_file()

    # The same versions and settings: the cache is used (so the checks below can fail).
    _poison(project, key)
    _page, html = _article_page_after_start(project, article)
    assert POISON in html

    real_version = previewcache._version

    def version(name: str, other: str):
        return lambda mp: mp.setattr(previewcache, "_version", lambda n: "0.0-other" if n == name else real_version(n))

    changes = [
        ("MkDocs version", version("mkdocs", "0.0-other")),
        ("Material version", version("mkdocs-material", "0.0-other")),
        ("project version", version("bulletin", "0.0-other")),
        ("project code", lambda mp: mp.setattr(previewcache, "_sources_digest", lambda root: "other code")),
        ("publication time", lambda mp: mp.setenv("BULLETIN_NOW", "2026-11-27T12:00:00+07:00")),
        ("settings", lambda mp: (project / "mkdocs.yml").write_text(
            (project / "mkdocs.yml").read_text(encoding="utf-8") + "\n# a changed setting\n", encoding="utf-8")),
    ]
    for label, change in changes:
        _poison(project, key)
        mp = pytest.MonkeyPatch()
        try:
            change(mp)
            page, html = _article_page_after_start(project, article)
        finally:
            mp.undo()
        assert POISON not in html, label
        assert title in html, label
    clean = _clean_build(project, tmp_path / "clean-cache")
    assert html.encode("utf-8") == clean[page]


def test_preview_cache_stamp_names_what_changed(tmp_path, monkeypatch):
    from bulletin.speed import previewcache

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    stamp = previewcache.stamp(config, "http://127.0.0.1:8000/")
    path = tmp_path / "c.pickle"
    previewcache.save(path, stamp, {"a": 1})
    assert previewcache.load(path, stamp) == {"a": 1}
    assert previewcache.load(path, previewcache.stamp(config, "http://127.0.0.1:8001/")) is None   # address
    assert not path.exists()   # a stale cache is removed, not kept beside
    previewcache.save(path, stamp, {"a": 1})
    config.write_text("site_name: y\n", encoding="utf-8")
    assert previewcache.load(path, previewcache.stamp(config, "http://127.0.0.1:8000/")) is None
    path.write_bytes(b"not a pickle")
    assert previewcache.load(path, stamp) is None and not path.exists()
