"""Checks that the browser-test infrastructure itself works: Debian chromium via Playwright,
the static server, third-party request recording and the axe-core audit."""

from __future__ import annotations

import urllib.error
import urllib.request

TITLE = "Bản tin thử nghiệm — Cải cách hành chính"

PAGE = f"""<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{TITLE}</title>
  <link rel="stylesheet" href="style.css">
</head>
<body>
  <header><p>Bản tin CCHC &amp; CĐS</p></header>
  <main>
    <h1>Chuyển đổi số trong tuần</h1>
    <p>Trang kiểm thử hạ tầng: tiếng Việt có dấu, ảnh có văn bản thay thế.</p>
    <img src="logo.svg" alt="Biểu tượng bản tin" width="32" height="32">
    <p><a href="404-does-not-exist/">Liên kết hỏng</a></p>
  </main>
  <footer><p>© 2026</p></footer>
</body>
</html>
"""

NOT_FOUND = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Không tìm thấy trang</title></head><body><main><h1>404</h1></main></body></html>
"""

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><rect width="32" height="32" fill="#004b87"/></svg>'


def _write_site(root):
    (root / "index.html").write_text(PAGE, encoding="utf-8")
    (root / "404.html").write_text(NOT_FOUND, encoding="utf-8")
    (root / "style.css").write_text("body { font-family: sans-serif; color: #111; background: #fff; }\n")
    (root / "logo.svg").write_text(SVG)
    (root / "feed.xml").write_text('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"/>')
    (root / "pagefind").mkdir()
    (root / "pagefind" / "pagefind-entry.json").write_text("{}")
    (root / "pagefind" / "pagefind.vi_0.pf_meta").write_bytes(b"\x1f\x8b")
    (root / "pagefind" / "en_1.pf_fragment").write_bytes(b"\x1f\x8b")
    (root / "pagefind" / "index_0.pf_index").write_bytes(b"\x1f\x8b")
    (root / "pagefind" / "pagefind.wasm").write_bytes(b"\0asm")
    (root / "empty-folder").mkdir()


def test_page_renders_offline_and_passes_axe(tmp_path, static_server, page, page_recorder, axe_audit, browser_helpers):
    _write_site(tmp_path)
    base_url = static_server(tmp_path)
    recorder = page_recorder(page, base_url)

    response = page.goto(base_url, wait_until="load")
    assert response is not None and response.status == 200
    assert page.title() == TITLE
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text() == "Chuyển đổi số trong tuần"
    # the stylesheet and the image came from our server
    assert any(u.endswith("/style.css") for u in recorder.urls)
    assert page.evaluate("() => document.querySelector('img').naturalWidth") == 32

    assert recorder.third_party() == []

    violations = axe_audit(page)
    assert violations == [], browser_helpers.format_violations(violations)

    # a broken link lands on the site's 404 page, with status 404
    response = page.goto(base_url + "404-does-not-exist/")
    assert response is not None and response.status == 404
    assert page.title() == "Không tìm thấy trang"
    assert recorder.third_party() == []


def test_recorder_flags_third_party_requests(tmp_path, static_server, page, page_recorder):
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>x</title>'
        '<link rel="stylesheet" href="https://cdn.example.invalid/font.css"></head>'
        '<body><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt=""></body></html>',
        encoding="utf-8",
    )
    base_url = static_server(tmp_path)
    recorder = page_recorder(page, base_url)
    page.goto(base_url, wait_until="load")
    assert recorder.third_party() == ["https://cdn.example.invalid/font.css"]


def test_static_server_status_and_content_types(tmp_path, static_server):
    _write_site(tmp_path)
    base_url = static_server(tmp_path)

    def fetch(path):
        try:
            with urllib.request.urlopen(base_url + path, timeout=10) as r:
                return r.status, r.headers["Content-Type"], r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers["Content-Type"], e.read()

    expected = {
        "": "text/html; charset=utf-8",
        "style.css": "text/css; charset=utf-8",
        "logo.svg": "image/svg+xml",
        "feed.xml": "application/xml; charset=utf-8",
        "pagefind/pagefind-entry.json": "application/json; charset=utf-8",
        "pagefind/pagefind.wasm": "application/wasm",
        "pagefind/pagefind.vi_0.pf_meta": "application/octet-stream",
        "pagefind/en_1.pf_fragment": "application/octet-stream",
        "pagefind/index_0.pf_index": "application/octet-stream",
    }
    for path, content_type in expected.items():
        status, ctype, _ = fetch(path)
        assert (path, status, ctype) == (path, 200, content_type)

    for missing in ("nope.html", "nope/", "empty-folder/"):
        status, ctype, body = fetch(missing)
        assert (missing, status, ctype) == (missing, 404, "text/html; charset=utf-8")
        assert "Không tìm thấy trang" in body.decode("utf-8")
