"""An article imported from a news page with its photos, read on a phone (375 px) and a desktop
in Chromium: the photos are shown, fit the screen, carry their caption as alt text, only the
first loads eagerly, and the phone downloads the small copies (srcset)."""

from __future__ import annotations

import pytest

from bulletin.editor import cli
from support import sites
from support.newsserver import NewsServer

SLUG = "quan-khu-4-day-manh-cai-cach-hanh-chinh-va-chuyen-doi-so"
SHOT = sites.REPO / "docs" / "assets" / "screenshots" / "import-article-vi-phone.png"
VIEWPORTS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 800}}

PICTURES = """() => Array.from(document.querySelectorAll('article img')).map(img => {
  const box = img.getBoundingClientRect();
  const fig = img.closest('figure');
  const cap = fig ? fig.querySelector('figcaption') : null;
  return {src: img.getAttribute('src'), alt: img.alt, loading: img.getAttribute('loading'),
          left: box.left, right: box.right, width: box.width, height: box.height,
          natural: img.naturalWidth, complete: img.complete, current: img.currentSrc,
          caption: cap ? cap.innerText.trim() : null};
})"""


@pytest.fixture(scope="module")
def imported_site(tmp_path_factory, browser_helpers):
    project = sites.make_project(tmp_path_factory.mktemp("imported") / "p")
    with NewsServer() as news:
        pages = news.outlets()
        assert cli.main(["--config", str(project / "mkdocs.yml"), "import", pages["qdnd"]]) == 0
    path = project / "articles" / "2023" / f"2023-12-18-{SLUG}.vi.md"
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    build = sites.build_ok(project)
    with browser_helpers.serve_directory(build.site) as base_url:
        yield base_url


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_imported_photos_fit_the_screen_with_their_captions(imported_site, chromium_browser, page_recorder, viewport):
    context = chromium_browser.new_context(viewport=VIEWPORTS[viewport], device_scale_factor=1,
                                           is_mobile=viewport == "phone", has_touch=viewport == "phone")
    try:
        page = context.new_page()
        rec = page_recorder(page, imported_site)
        page.goto(imported_site + f"2023/12/{SLUG}/", wait_until="load")
        width = VIEWPORTS[viewport]["width"]
        for _ in range(12):                                  # scroll through: lazy pictures arrive
            page.mouse.wheel(0, 600)
            page.wait_for_timeout(100)
        page.wait_for_function("() => Array.from(document.querySelectorAll('article img')).every(i => i.complete)")
        pictures = page.evaluate(PICTURES)
        assert [p["src"].rsplit("/", 1)[-1] for p in pictures] == [f"{SLUG}.jpg", f"{SLUG}-2.jpg", f"{SLUG}-3.jpg"]
        for p in pictures:
            # a phone downloads the 640 px copy (srcset), a desktop the full photo; each was decoded
            # (naturalWidth is in CSS pixels: the chosen file's width over the density srcset gives it)
            assert p["natural"] > 0, p
            assert p["current"].endswith("-640w.jpg") == (viewport == "phone"), p
            assert p["width"] > 0 and p["left"] >= 0 and p["right"] <= width + 0.5, p
            assert p["alt"] and p["alt"] == p["caption"], p  # alt text is the caption shown under it
        if viewport == "phone":
            assert all(p["width"] <= width for p in pictures)
            assert pictures[1]["width"] >= width * 0.8        # a figure uses the column, not a thumbnail
        assert pictures[0]["loading"] is None and [p["loading"] for p in pictures[1:]] == ["lazy", "lazy"]
        # the reserved height matches the picture's shape (no jump when it arrives)
        assert abs(pictures[1]["height"] / pictures[1]["width"] - 560 / 870) < 0.02
        assert page.evaluate("() => document.scrollingElement.scrollWidth") <= width
        assert rec.third_party() == []
        if viewport == "phone":     # the editor's guide shows the result (docs/huong-dan/nhap-bai.md)
            page.evaluate("() => window.scrollTo(0, 0)")
            page.wait_for_timeout(300)
            page.evaluate("() => window.scrollTo(0, document.querySelectorAll('article figure')[1]"
                          ".getBoundingClientRect().top - 260)")      # downwards: no "back to top" button
            page.wait_for_timeout(300)
            page.evaluate("document.fonts.ready")
            data = page.screenshot(clip={"x": 0, "y": 0, "width": 375, "height": 740}, animations="disabled",
                                   caret="hide")
            assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) <= 150_000, len(data)
            if not SHOT.exists() or SHOT.read_bytes() != data:
                SHOT.write_bytes(data)
            for guide in ("docs/huong-dan/nhap-bai.md", "docs/en/huong-dan/nhap-bai.md"):
                assert SHOT.name in (sites.REPO / guide).read_text(encoding="utf-8"), guide
    finally:
        context.close()
