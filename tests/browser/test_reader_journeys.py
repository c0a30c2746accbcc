"""A reader's journeys through the seed site in Chromium: home → article → unit → topic → archive
→ month → digest and back; the language switch on every kind of page; feeds; the 404 page.

Every journey records the requests the pages make and fails on any host but the local server.
(No page asks for ``sitemap.xml`` any more: tests/browser/test_no_failed_requests.py.)
"""

from __future__ import annotations

import pytest
import reader_support as S  # noqa: E402  (tests/browser is on sys.path: see conftest.py)
from lxml import etree

LANGS = ("vi", "en")


@pytest.fixture(scope="module")
def seed(seed_site, browser_helpers):
    with browser_helpers.serve_directory(seed_site.site) as base_url:
        yield seed_site, base_url


@pytest.fixture
def reader(page, page_recorder, seed):
    """(page, base_url, recorder, site) with JavaScript errors collected in page.errors."""
    build, base_url = seed
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # Something the page needs but its own Content-Security-Policy blocks is a broken page too.
    page.on("console", lambda msg: errors.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text else None)
    rec = page_recorder(page, base_url)
    page.errors = errors
    yield page, base_url, rec, build
    assert rec.third_party() == [], f"requests to other hosts: {rec.third_party()}"
    assert errors == [], f"JavaScript errors: {errors}"


def _path(page, base_url) -> str:
    return S.site_path(base_url, page.url.split("#")[0])


def _click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


@pytest.mark.parametrize("lang", LANGS)
def test_home_article_unit_topic_archive_digest_and_back(reader, lang):
    page, base_url, rec, _ = reader
    home, article = S.PAGES["home"][LANGS.index(lang)], S.PAGES["article"][LANGS.index(lang)]
    unit, topic = S.PAGES["unit"][LANGS.index(lang)], S.PAGES["topic"][LANGS.index(lang)]
    archive, month = S.PAGES["archive"][LANGS.index(lang)], S.PAGES["month"][LANGS.index(lang)]
    digest = S.PAGES["digest"][LANGS.index(lang)]
    ui = S.ui_strings(lang)
    visited = []

    page.goto(base_url + home)
    visited.append(_path(page, base_url))
    # Home → the article, from its card.
    card = page.locator(f'.bl-card__title a[href$="{S.SEED_ARTICLE}"]')
    title = card.inner_text().strip()
    _click_and_wait(page, card)
    assert _path(page, base_url) == article
    assert page.locator("article.bl-article h1").inner_text().strip() == title
    visited.append(article)

    # Article → its unit (the kicker names the unit chain).
    unit_link = page.locator(".bl-kicker a").last
    unit_name = unit_link.text_content().strip()
    _click_and_wait(page, unit_link)
    assert _path(page, base_url) == {"vi": "don-vi/bqp/", "en": "en/units/bqp/"}[lang]   # the article's unit
    assert page.locator("h1").first.inner_text().strip() == unit_name
    assert page.locator(f'.bl-card__title a[href$="{S.SEED_ARTICLE}"]').count() == 1
    visited.append(_path(page, base_url))

    # A unit of the registry reached from the units page, then a topic from its article.
    page.goto(base_url + unit)
    visited.append(unit)
    first = page.locator(".bl-card__title a").first
    _click_and_wait(page, first)
    assert page.locator("article.bl-article").count() == 1
    visited.append(_path(page, base_url))
    page.goto(base_url + article)
    visited.append(article)
    chip = page.locator(f'ul.bl-topics a[href$="{topic.removeprefix("en/")}"]')
    chip_name = chip.inner_text().strip()
    _click_and_wait(page, chip)
    assert _path(page, base_url) == topic
    assert page.locator("h1").first.inner_text().strip() == chip_name
    assert page.locator(f'.bl-card__title a[href$="{S.SEED_ARTICLE}"]').count() == 1
    visited.append(topic)

    # Topic → archive (from the menu) → the month → its digest.
    _click_and_wait(page, page.locator(".md-sidebar--primary").get_by_role("link", name=ui["archive_title"], exact=True))
    assert _path(page, base_url) == archive
    visited.append(archive)
    _click_and_wait(page, page.locator('.bl-months a[href$="2023/12/"]'))
    assert _path(page, base_url) == month
    assert page.locator(f'.bl-rows > li > a[href$="{S.SEED_ARTICLE}"]').count() == 1
    visited.append(month)
    _click_and_wait(page, page.locator(".bl-digest-link a"))
    assert _path(page, base_url) == digest
    assert page.locator(".bl-digest__item h2", has_text=title).count() == 1
    visited.append(digest)

    # And back, page by page, to the home page.
    for expected in reversed(visited[:-1]):
        page.go_back()
        assert _path(page, base_url) == expected
    assert page.locator(".bl-cards .bl-card").count() >= 5


def _switch(page, lang: str) -> None:
    page.hover(".md-header__option .md-select")
    link = page.locator(f'.md-select__link[hreflang="{lang}"]')
    with page.expect_navigation():
        link.click()


def test_language_switch_lands_on_the_counterpart_of_every_kind_of_page(reader):
    page, base_url, _, build = reader
    pages = S.seed_pages(build.site)
    checked = []
    for kind, (vi, en) in pages.items():
        page.goto(base_url + vi)
        assert page.evaluate("document.documentElement.lang") == "vi", kind
        _switch(page, "en")
        assert (kind, _path(page, base_url)) == (kind, en)
        assert page.evaluate("document.documentElement.lang") == "en", kind
        _switch(page, "vi")
        assert (kind, _path(page, base_url)) == (kind, vi)
        checked.append(kind)
    assert set(S.PAGES) <= set(checked)


def test_feeds_advertised_by_the_pages_are_served_and_point_to_pages(reader):
    """Follows every <link rel=alternate type=application/rss+xml|atom+xml> of the main pages."""
    page, base_url, _, build = reader
    feed_files = [p for p in build.site.rglob("*.xml") if p.name != "sitemap.xml"]
    seen = {}
    for kind in ("home", "unit", "topic"):
        for lang in LANGS:
            page.goto(base_url + S.PAGES[kind][LANGS.index(lang)])
            hrefs = page.eval_on_selector_all(
                'link[rel="alternate"][type="application/rss+xml"], link[rel="alternate"][type="application/atom+xml"]',
                "els => els.map(e => e.href)")
            for href in hrefs:
                seen.setdefault(S.local_url(base_url, href), (kind, lang))
    if feed_files:
        assert seen, f"the site has feeds ({[p.name for p in feed_files[:3]]}…) but no page advertises one"
    for url, (kind, lang) in seen.items():
        response = page.request.get(url)
        assert response.status == 200, (kind, lang, url)
        root = etree.fromstring(response.body())
        items = root.findall("./channel/item") or root.findall("{http://www.w3.org/2005/Atom}entry")
        assert items, f"{url}: no items"
        links = [i.findtext("link") for i in root.findall("./channel/item")] + [
            e.get("href") for e in root.findall("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}link")
            if e.get("rel", "alternate") == "alternate"]
        for link in links[:5]:
            assert page.request.get(S.local_url(base_url, link)).status == 200, (url, link)


@pytest.mark.parametrize("lang", LANGS)
def test_404_page_speaks_the_language_of_the_path(reader, lang):
    page, base_url, _, _ = reader
    ui = S.ui_strings(lang)
    prefix = "" if lang == "vi" else "en/"
    response = page.goto(base_url + prefix + "khong-co-trang-nay/o-day/")
    assert response.status == 404
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator(".bl-404 h1 [lang]").first.inner_text().strip() == ui["not_found_title"]
    first = page.locator(".bl-404 section").first
    assert first.get_attribute("lang") == lang
    assert ui["not_found_body"] in first.inner_text()
    # The site's look loads from any depth (absolute asset URLs).
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    _click_and_wait(page, first.locator("a", has_text=ui["back_home"]))
    assert _path(page, base_url) == S.PAGES["home"][LANGS.index(lang)]
    assert page.evaluate("document.documentElement.lang") == lang
