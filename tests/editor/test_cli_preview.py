"""Preview: drafts and scheduled items are shown with a banner in preview, and never published."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
import sites

DRAFT = """\
id: 7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f
title: "Bản nháp về cải cách hành chính"
date: 2026-11-01
unit: qk4
topics: [cchc]
draft: true
"""
SCHEDULED = """\
id: 7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e50
title: "Tin hẹn giờ về chuyển đổi số"
date: 2026-12-01 08:00
unit: qk4
topics: [cds]
"""
BODY = "Nội dung đủ dài của tin để làm đoạn tóm tắt khi xem trước trang bản tin trên máy.\n"
DRAFT_PAGE = "2026/11/ban-nhap-ve-cai-cach-hanh-chinh/index.html"
SCHEDULED_PAGE = "2026/12/tin-hen-gio-ve-chuyen-doi-so/index.html"


@pytest.fixture
def project(tmp_path):
    # generated pages only (docs=False): the hand-written guide mentions the banners' words
    return sites.make_project(tmp_path / "p", {"2026/2026-11-01-nhap.vi.md": sites.article_text(DRAFT, BODY),
                                               "2026/2026-12-01-hen-gio.vi.md": sites.article_text(SCHEDULED, BODY)},
                              seeds=False, docs=False, config={"watch": ["articles"]})


def test_preview_build_shows_drafts_and_scheduled_items_with_a_banner(project):
    preview = sites.build(project, preview=True)       # BULLETIN_PREVIEW=1, as `mkdocs serve` does
    assert preview.ok, preview.log + preview.error
    draft = preview.read(DRAFT_PAGE)
    assert "BẢN NHÁP" in draft and 'class="bl-banner"' in draft
    scheduled = preview.read(SCHEDULED_PAGE)
    assert "HẸN GIỜ" in scheduled and "01/12/2026" in scheduled
    assert "DRAFT" in preview.read("en/" + DRAFT_PAGE)
    assert "SCHEDULED" in preview.read("en/" + SCHEDULED_PAGE)


def test_normal_build_publishes_neither(project):
    normal = sites.build_ok(project)
    assert not normal.exists(DRAFT_PAGE) and not normal.exists(SCHEDULED_PAGE)
    for page in normal.html_files():
        html = page.read_text(encoding="utf-8")
        assert "BẢN NHÁP" not in html and "HẸN GIỜ" not in html and "bl-banner" not in html, page
        assert "Bản nháp về cải cách hành chính" not in html and "Tin hẹn giờ" not in html, page
    # once its time has come, the scheduled item is published, without a banner
    later = sites.build(project, now="2026-12-01T08:00:00+07:00")
    assert later.exists(SCHEDULED_PAGE) and "HẸN GIỜ" not in later.read(SCHEDULED_PAGE)
    assert not later.exists(DRAFT_PAGE)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 60) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def test_bulletin_preview_serves_drafts_with_the_banner(project):
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    env = dict(os.environ, BULLETIN_NOW=sites.TEST_NOW)
    env.pop("BULLETIN_PREVIEW", None)
    proc = subprocess.Popen([sys.executable, "-m", "bulletin.editor.cli", "preview", "--dev-addr", f"127.0.0.1:{port}"],
                            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    page = base + DRAFT_PAGE[:-len("index.html")]
    try:
        html = None
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(page, timeout=5) as r:
                    html = r.read().decode("utf-8")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        assert html is not None, "the preview did not answer: " + (proc.stdout.read().decode() if proc.poll() is not None else "")
        assert "BẢN NHÁP" in html
        assert "livereload" in html   # the browser reloads itself after a save
        # Saving an edit: the page shows it (only what the save changed is made again).
        path = project / "articles" / "2026" / "2026-11-01-nhap.vi.md"
        path.write_text(path.read_text(encoding="utf-8").replace(BODY, "Đoạn văn đã sửa khi xem trước, có dấu đầy đủ.\n"),
                        encoding="utf-8")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            html = _get(page)[1]
            if "Đoạn văn đã sửa khi xem trước" in html:
                break
            time.sleep(0.3)
        assert "Đoạn văn đã sửa khi xem trước" in html and "BẢN NHÁP" in html
        # Whole-site files come from the helper build: the feed holds no draft, the search index is there.
        status, rss = _get(base + "feeds/rss.xml", timeout=180)
        assert status == 200 and "<rss" in rss and "Bản nháp về cải cách hành chính" not in rss
        status, manifest = _get(base + "search/vi/index.json", timeout=60)
        assert status == 200 and '"docs"' in manifest
        # An address that does not exist: the site's own 404 page, with status 404.
        status, missing = _get(base + "khong-co-trang-nay/")
        assert status == 404 and "404" in missing
    finally:
        os.killpg(proc.pid, signal.SIGINT)   # Ctrl+C
        code = proc.wait(timeout=60)
        output = proc.stdout.read().decode("utf-8", "replace")
        proc.stdout.close()
    # The terminal said what it was doing, then the address to open; Ctrl+C stops it cleanly.
    assert "preparing the preview" in output and f"open {base}" in output, output
    assert output.index("pages") < output.index(f"open {base}"), output
    assert "Traceback" not in output, output
    assert code == 0, output
    assert (project / ".cache" / "preview" / "articles.pickle").is_file()   # what the next start reuses
