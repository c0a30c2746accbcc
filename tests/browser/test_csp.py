"""The Content-Security-Policy in Chromium: every kind of page loads without a single violation
while Material's scripts and the search really run; an inline script inside an article (even a
trusted one) is blocked; search results show smuggled markup as text."""

from __future__ import annotations

import pytest
import sites

VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || ''));
});
"""
TRUSTED = sites.article_text(
    {"title": "Bài có mã nhúng của biên tập viên", "date": "2024-04-01", "unit": "qk4", "topics": ["cds"],
     "trusted_html": True},
    "Bài của biên tập viên tin cậy, có một đoạn mã nhúng viết tay trong bài.\n\n"
    "<script>window.__trustedRan = true;</script>\n")
EVIL = sites.article_text(
    {"title": 'Kiểm tra bảo mật <img src=x onerror="window.__pwned=1"> thoát ký tự', "date": "2024-04-02",
     "unit": "qk4", "topics": ["cds"], "summary": 'Tóm tắt <img src=x onerror="window.__pwned=2"> kiểm tra bảo mật.'},
    "Nội dung kiểm tra bảo mật, thoát ký tự trong kết quả tìm kiếm của trang.\n")
SEED_ARTICLE = "2023/12/bo-quoc-phong-tong-ket-cong-tac-cai-cach-hanh-chinh-chuyen-doi-so-nam-2023/"
PAGES = [
    "", "en/", SEED_ARTICLE, "en/" + SEED_ARTICLE, "don-vi/", "don-vi/qk4/", "en/units/qk4/", "chu-de/",
    "chu-de/cds/", "luu-tru/", "luu-tru/2023/", "luu-tru/2023/12/", "en/archive/2023/12/", "ban-tin/2023/12/",
    "theo-doi/", "en/subscribe/", "gioi-thieu/", "en/gioi-thieu/", "khong-co-trang-nay/",
]


@pytest.fixture(scope="module")
def csp_site(tmp_path_factory, browser_helpers):
    project = sites.make_project(tmp_path_factory.mktemp("csp"), {
        "2024/2024-04-01-bai-co-ma-nhung.vi.md": TRUSTED, "2024/2024-04-02-kiem-tra-bao-mat.vi.md": EVIL})
    build = sites.build_ok(project)
    with browser_helpers.serve_directory(build.site) as base_url:
        yield base_url


@pytest.fixture
def watched(page):
    page.add_init_script(VIOLATIONS)
    console = []
    page.on("console", lambda m: "Content Security Policy" in m.text and console.append(m.text))
    page.on("pageerror", lambda e: console.append(str(e)))
    return page, console


def violations(page) -> list[str]:
    page.wait_for_timeout(300)          # reports are dispatched asynchronously
    return page.evaluate("window.__csp")


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_without_any_violation_and_its_scripts_run(csp_site, watched, path):
    page, console = watched
    response = page.goto(csp_site + path, wait_until="load")
    assert response is not None and response.status in (200, 404)
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    # Material's inline bootstrap and its bundle ran (the policy allows them, by hash and 'self')
    assert page.evaluate("typeof __md_get") == "function"
    assert "no-js" not in (page.locator("html").get_attribute("class") or "")
    assert violations(page) == [] and console == []


def test_search_runs_under_the_policy_and_shows_markup_as_text(csp_site, watched):
    page, console = watched
    page.goto(csp_site, wait_until="load")
    box = page.locator(".bl-search__input")
    box.click()
    box.fill("kiem tra bao mat")
    results = page.locator(".bl-search__results li")
    results.first.wait_for()
    text = page.locator(".bl-search__results").inner_text()
    assert "thoát ký tự" in text and "<img src=x" in text          # the markup is shown, as text
    assert page.locator(".bl-search__results [onerror], .bl-search__results img[src='x']").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert violations(page) == [] and console == []


def test_an_inline_script_inside_an_article_is_blocked_and_reported(csp_site, watched):
    """Control: the listener does see violations, and the policy does block content scripts."""
    page, _ = watched
    page.goto(csp_site + "2024/04/bai-co-ma-nhung-cua-bien-tap-vien/", wait_until="load")
    kept = page.evaluate("[...document.scripts].some((s) => s.textContent.includes('__trustedRan'))")
    assert kept                                                              # kept: the article is trusted …
    assert page.evaluate("window.__trustedRan") is None                      # … but it did not run
    found = violations(page)
    assert any(v.startswith("script-src") for v in found), found
