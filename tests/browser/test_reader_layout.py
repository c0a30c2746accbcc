"""The seed site on an office PC (1280 px) and a phone (375 px): no sideways scrolling, body text
of a readable size, a menu that opens and navigates. Also writes the screenshots shown on the
docs page docs/ky-thuat/giao-dien.md (docs/assets/screenshots/)."""

from __future__ import annotations

import pytest
import reader_support as S  # noqa: E402  (tests/browser is on sys.path: see conftest.py)

LANGS = ("vi", "en")
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 740}}
MIN_FONT_PX = 14
SCREENSHOTS = S.REPO / "docs" / "assets" / "screenshots"
MAX_SCREENSHOT_BYTES = 150_000

# Body text: paragraphs and list items of the content and the menu, captions, definitions.
TEXT_FONT_SIZES = """() => {
  const out = [];
  const sel = '.md-content p, .md-content li, .md-content dd, .md-content dt, .md-content figcaption, '
            + '.md-content td, .md-content th, .md-nav__link';
  for (const el of document.querySelectorAll(sel)) {
    const text = (el.innerText || '').trim();
    const box = el.getBoundingClientRect();
    if (!text || box.width === 0 || box.height === 0) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    out.push([size, el.tagName + '.' + el.className + ': ' + text.slice(0, 50)]);
  }
  return out;
}"""


@pytest.fixture(scope="module")
def seed(seed_site, browser_helpers):
    with browser_helpers.serve_directory(seed_site.site) as base_url:
        yield seed_site, base_url


@pytest.fixture
def sized_page(chromium_browser):
    contexts = []

    def make(viewport: str):
        context = chromium_browser.new_context(viewport=VIEWPORTS[viewport], device_scale_factor=1,
                                               is_mobile=viewport == "phone", has_touch=viewport == "phone")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_no_sideways_scrolling_and_readable_text_on_every_kind_of_page(seed, sized_page, page_recorder, viewport):
    build, base_url = seed
    page = sized_page(viewport)
    rec = page_recorder(page, base_url)
    problems = []
    pages = S.seed_pages(build.site)
    checked = 0
    for kind, paths in pages.items():
        for lang, path in zip(LANGS, paths):
            page.goto(base_url + path)
            width = page.evaluate("document.scrollingElement.scrollWidth")
            inner = page.evaluate("window.innerWidth")
            if width > inner:
                wide = page.evaluate("""(inner) => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > inner + 1)
                    .slice(0, 3).map(e => e.tagName + '.' + e.className)""", inner)
                problems.append(f"{viewport} {kind}/{lang} {path}: scrollWidth {width} > {inner} ({wide})")
            sizes = page.evaluate(TEXT_FONT_SIZES)
            assert sizes, f"no text found on {path}"
            small = [f"{size}px {what}" for size, what in sizes if size < MIN_FONT_PX]
            if small:
                problems.append(f"{viewport} {kind}/{lang} {path}: text under {MIN_FONT_PX}px: {small[:3]}")
            checked += 1
    assert problems == []
    assert checked == 2 * len(pages)
    assert rec.third_party() == []


@pytest.mark.parametrize("lang", LANGS)
def test_phone_menu_opens_and_its_links_navigate(seed, sized_page, lang):
    _, base_url = seed
    ui = S.ui_strings(lang)
    page = sized_page("phone")
    page.goto(base_url + S.PAGES["article"][LANGS.index(lang)])
    drawer = page.locator(".md-sidebar--primary")
    link = drawer.get_by_role("link", name=ui["archive_title"], exact=True)
    assert not link.is_visible() or not _in_viewport(page, link), "the menu is open before it is asked for"
    page.locator('label.md-header__button[for="__drawer"]').click()
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    link.wait_for(state="visible")
    page.wait_for_function("""(el) => { const b = el.getBoundingClientRect();
        return b.left >= 0 && b.right <= window.innerWidth; }""", arg=link.element_handle())
    with page.expect_navigation():
        link.click()
    assert S.site_path(base_url, page.url) == S.PAGES["archive"][LANGS.index(lang)]


@pytest.mark.parametrize("lang", LANGS)
def test_desktop_menu_is_shown_and_its_links_navigate(seed, sized_page, lang):
    _, base_url = seed
    ui = S.ui_strings(lang)
    page = sized_page("desktop")
    page.goto(base_url + S.PAGES["home"][LANGS.index(lang)])
    assert page.locator('label.md-header__button[for="__drawer"]').is_hidden()
    # the menu's "Topics" section is one link to the topics index (it opens on the topics' pages)
    link = page.locator(".md-sidebar--primary").get_by_role("link", name=ui["topics"], exact=True)
    assert link.is_visible() and _in_viewport(page, link)
    with page.expect_navigation():
        link.click()
    assert S.site_path(base_url, page.url) == S.PAGES["topics"][LANGS.index(lang)]


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    return bool(box) and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]


SHOTS = [("home", "vi"), ("article", "vi"), ("digest", "en")]
# The first screenful of each page (PNGs stay small enough to keep in git).
SHOT_CLIP = {"desktop": {"x": 0, "y": 0, "width": 1280, "height": 720},
             "phone": {"x": 0, "y": 0, "width": 375, "height": 740}}


def test_screenshots_of_the_main_pages(seed, sized_page):
    """Regenerates docs/assets/screenshots/<kind>-<lang>-<viewport>.png (kept in git for review)."""
    _, base_url = seed
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    written = []
    for viewport in VIEWPORTS:
        page = sized_page(viewport)
        for kind, lang in SHOTS:
            page.goto(base_url + S.PAGES[kind][LANGS.index(lang)])
            page.evaluate("document.fonts.ready")
            data = page.screenshot(clip=SHOT_CLIP[viewport], animations="disabled", caret="hide")
            target = SCREENSHOTS / f"{kind}-{lang}-{viewport}.png"
            if not target.exists() or target.read_bytes() != data:
                target.write_bytes(data)
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            assert len(data) <= MAX_SCREENSHOT_BYTES, f"{target.name}: {len(data)} bytes"
            written.append(target.name)
    doc = (S.REPO / "docs" / "ky-thuat" / "giao-dien.md").read_text(encoding="utf-8")
    doc_en = (S.REPO / "docs" / "en" / "ky-thuat" / "giao-dien.md").read_text(encoding="utf-8")
    for name in written:
        assert name in doc and name in doc_en, f"{name} is not shown on the docs page"
