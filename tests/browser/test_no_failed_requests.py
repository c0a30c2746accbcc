"""No page view gets a 4xx or 5xx answer for anything it asks for, on every page type in both
languages (Chromium, the seed site on a local server): documents, styles, scripts, pictures,
and whatever the scripts fetch once the page has loaded. The 404 page itself answers 404, as it
must, and everything it loads answers 200.

Material's language selector used to fetch ``<page>/sitemap.xml`` and ``feeds/sitemap.xml`` for
every ``link[rel=alternate]`` (bulletin.site.assets): that is what this guards against.
"""

from __future__ import annotations

import pytest

import reader_support as S  # noqa: E402  (tests/browser is on sys.path: see conftest.py)

LANGS = ("vi", "en")
KINDS = tuple(S.PAGES) + ("subscribe",)


@pytest.fixture(scope="module")
def served(seed_site, browser_helpers):
    with browser_helpers.serve_directory(seed_site.site) as base_url:
        yield seed_site, base_url


def _view(page, url: str) -> tuple[list, list]:
    """Open *url*, let its scripts run; return (answers >= 400 as (status, url), failed requests)."""
    bad, failed = [], []
    page.on("response", lambda r: r.status >= 400 and bad.append((r.status, r.url)))
    page.on("requestfailed", lambda r: failed.append((r.url, r.failure)))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return bad, failed


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_page_view_gets_no_error_answer(page, page_recorder, served, kind, lang):
    build, base_url = served
    pages = S.seed_pages(build.site)
    path = pages[kind][LANGS.index(lang)]
    rec = page_recorder(page, base_url)
    bad, failed = _view(page, base_url + path)
    assert bad == [] and failed == [], f"{kind} ({lang}): {bad + failed}"
    assert rec.third_party() == []
    assert not any(u.endswith("sitemap.xml") for u in rec.urls), rec.urls
    # the page's own CSS and scripts were asked for (so the check above saw them)
    assert any(u.endswith(".css") for u in rec.urls) and any(u.endswith(".js") for u in rec.urls)


@pytest.mark.parametrize("path", ["khong-co-trang-nay/", "en/no-such-page/"])
def test_the_404_page_loads_everything_it_needs(page, served, path):
    _build, base_url = served
    bad, failed = _view(page, base_url + path)
    assert [u for s, u in bad] == [base_url + path] and bad[0][0] == 404    # only the page itself
    assert failed == []


@pytest.mark.parametrize("lang", LANGS)
def test_switching_language_and_searching_get_no_error_answer(page, served, lang):
    """The language selector and the search box: what a reader does with the header."""
    _build, base_url = served
    path = S.PAGES["article"][LANGS.index(lang)]
    bad, failed = _view(page, base_url + path)
    query = "chuyển đổi số" if lang == "vi" else "digital"
    box = page.locator(".bl-search__input")
    box.click()
    box.fill(query)
    page.wait_for_function(
        "(q) => { const r = document.querySelector('[data-bl-search]');"
        " return r.dataset.state === 'done' && r.dataset.query === q; }", arg=query)
    assert page.locator(".bl-search__item").count() > 0
    other = "en" if lang == "vi" else "vi"
    link = page.locator(f'a.md-select__link[hreflang="{other}"]')
    with page.expect_navigation():
        link.evaluate("a => a.click()")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == other
    assert bad == [] and failed == [], bad + failed
