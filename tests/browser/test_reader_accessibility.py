"""Accessibility of the seed site in Chromium: axe-core finds no serious or critical problem on
any kind of page in either language (404 included); pictures have text alternatives; every
page declares its language; the keyboard alone reaches the content and follows links."""

from __future__ import annotations

import pytest
import reader_support as S  # noqa: E402  (tests/browser is on sys.path: see conftest.py)

LANGS = ("vi", "en")


@pytest.fixture
def audit_page(chromium_browser):
    """A page for axe-core: the site's Content-Security-Policy (meta tag) forbids injected inline
    scripts, so this context ignores CSP; the journeys (test_reader_journeys.py) run with it."""
    context = chromium_browser.new_context(bypass_csp=True)
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(scope="module")
def seed(seed_site, browser_helpers):
    with browser_helpers.serve_directory(seed_site.site) as base_url:
        yield seed_site, base_url


@pytest.fixture(scope="module")
def reader(tmp_path_factory, browser_helpers):
    build = S.reader_site(tmp_path_factory)
    with browser_helpers.serve_directory(build.site) as base_url:
        yield build, base_url


def _audit(page, axe_audit, browser_helpers, where: str) -> list[str]:
    violations = axe_audit(page)
    return [f"{where}:\n{browser_helpers.format_violations(violations)}"] if violations else []


@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_serious_problem_on_any_kind_of_page(seed, audit_page, page_recorder, axe_audit, browser_helpers,
                                                         lang):
    build, base_url = seed
    page = audit_page
    rec = page_recorder(page, base_url)
    found = []
    pages = S.seed_pages(build.site)
    for kind, paths in pages.items():
        path = paths[LANGS.index(lang)]
        page.goto(base_url + path)
        found += _audit(page, axe_audit, browser_helpers, f"{kind} /{path}")
    page.goto(base_url + ("" if lang == "vi" else "en/") + "khong-co/")
    found += _audit(page, axe_audit, browser_helpers, "404")
    assert found == [], "\n".join(found)
    assert rec.third_party() == []


def test_axe_and_alt_text_on_pages_with_pictures(reader, audit_page, axe_audit, browser_helpers):
    build, base_url = reader
    page = audit_page
    found = []
    for path in (S.PICTURE_ARTICLE, "en/" + S.PICTURE_ARTICLE, "ban-tin/2023/12/", "en/digest/2023/12/"):
        page.goto(base_url + path)
        found += _audit(page, axe_audit, browser_helpers, path)
        images = page.eval_on_selector_all(".md-content img", """els => els.map(e => ({
            alt: e.getAttribute('alt'), ok: e.complete && e.naturalWidth > 0, src: e.src}))""")
        if path in ("ban-tin/2023/12/", "en/digest/2023/12/"):   # the digests: summaries, no pictures
            assert images == [], path
            continue
        assert images, f"{path}: the article's picture is missing"
        for image in images:
            assert image["ok"], f"{path}: {image['src']} did not load"
            assert image["alt"] in (S.IMAGE_CAPTION, S.IMAGE_CAPTION_EN), (path, image)
    assert found == [], "\n".join(found)


def test_every_image_of_the_seed_site_has_a_text_alternative(seed):
    """Static check of every built page: an <img> without alt (or with an empty one outside a
    decorative role) is reported."""
    from lxml import html as lxml_html

    build, _ = seed
    missing = []
    for file in build.html_files():
        tree = lxml_html.fromstring(file.read_bytes())
        for img in tree.iter("img"):
            alt = img.get("alt")
            if alt is None or (not alt.strip() and img.get("role") not in ("presentation", "none")):
                missing.append(f"{file.relative_to(build.site)}: {lxml_html.tostring(img)[:120]!r}")
    assert missing == []


def test_every_page_declares_its_language(seed):
    """<html lang> is the language of the page's path; text in the other language is marked."""
    from lxml import html as lxml_html

    build, _ = seed
    wrong = []
    for file in build.html_files():
        rel = file.relative_to(build.site).as_posix()
        if rel == "404.html":
            continue
        expected = "en" if rel.startswith("en/") else "vi"
        lang = lxml_html.fromstring(file.read_bytes()).get("lang")
        if lang != expected:
            wrong.append(f"{rel}: lang={lang!r}, expected {expected!r}")
    assert wrong == []
    assert len(build.html_files()) > 100


@pytest.mark.parametrize("lang", LANGS)
def test_keyboard_reaches_the_content_and_follows_links(seed, page, lang):
    _, base_url = seed
    ui = S.ui_strings(lang)
    page.goto(base_url + S.PAGES["home"][LANGS.index(lang)])
    # The first Tab lands on the skip link, which becomes visible.
    page.keyboard.press("Tab")
    skip = page.evaluate("() => ({href: document.activeElement.getAttribute('href'), "
                         "text: document.activeElement.textContent.trim()})")
    assert skip["text"] == ui["skip_to_content"]
    page.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'")
    # Enter skips the header and the menu: the next Tab is on the first link of the content.
    page.keyboard.press("Enter")
    assert page.url.endswith(skip["href"])
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const a = document.activeElement;
        return {inContent: !!a.closest('.md-content'), href: a.getAttribute('href'), text: a.textContent.trim()}; }""")
    first_card = page.locator(".bl-card__title a").first
    assert focused["inContent"], focused
    assert (focused["href"], focused["text"]) == (first_card.get_attribute("href"), first_card.text_content().strip())
    # Enter follows the link; Tab keeps working on the next page.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("article.bl-article h1").inner_text().strip() == focused["text"]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#bl-content"
    page.keyboard.press("Enter")
    for _ in range(3):          # unit chain, topics: all reachable in order
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('.md-content')")
