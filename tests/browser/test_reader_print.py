"""Print: an article prints without the site's navigation and with the addresses of its external
links; the monthly digest ("bản tin") gathers the month's articles, in full, in one printable
issue per language, one article per printed page."""

from __future__ import annotations

import re

import pytest
import reader_support as S  # noqa: E402  (tests/browser is on sys.path: see conftest.py)

LANGS = ("vi", "en")
CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".bl-prevnext",
          ".bl-related", ".md-top"]
DIGEST = {"vi": "ban-tin/2023/12/", "en": "en/digest/2023/12/"}
MONTH = {"vi": "luu-tru/2023/12/", "en": "en/archive/2023/12/"}


@pytest.fixture(scope="module")
def reader(tmp_path_factory, browser_helpers):
    build = S.reader_site(tmp_path_factory)
    with browser_helpers.serve_directory(build.site) as base_url:
        yield build, base_url


def _displayed(page, selector: str) -> list[bool]:
    return page.eval_on_selector_all(selector, "els => els.map(e => getComputedStyle(e).display !== 'none' "
                                               "&& e.getClientRects().length > 0)")


def _after(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => getComputedStyle(e, '::after').content)")


def _pdf_pages(data: bytes) -> int:
    assert data[:5] == b"%PDF-"
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


@pytest.mark.parametrize("lang", LANGS)
def test_an_article_prints_without_navigation_and_with_link_addresses(reader, page, lang):
    _, base_url = reader
    page.goto(base_url + ("" if lang == "vi" else "en/") + S.PICTURE_ARTICLE)
    on_screen = {sel: _displayed(page, sel) for sel in CHROME}
    assert any(v for shown in on_screen.values() for v in shown), "the navigation should show on screen"
    external = f'.bl-body a[href="{S.EXTERNAL_URL}"]'
    assert _after(page, external) in ([], ["none"], ["normal"])

    page.emulate_media(media="print")
    for sel in CHROME:
        assert not any(_displayed(page, sel)), f"{sel} is printed"
    assert _displayed(page, "article.bl-article h1") == [True]
    assert _displayed(page, ".bl-figure img") == [True]
    assert _after(page, external) == [f'" ({S.EXTERNAL_URL})"']
    internal = _after(page, ".bl-kicker a, ul.bl-topics a")
    assert internal and all(value in ("none", "normal") for value in internal), internal
    assert _pdf_pages(page.pdf(format="A4")) >= 1


def test_month_archive_links_to_its_digest_with_every_article_in_full(reader, page):
    build, base_url = reader
    page.goto(base_url + MONTH["vi"])
    listed = page.locator(".bl-card__title a").all_text_contents()
    with page.expect_navigation():
        page.locator(".bl-digest-link a").click()
    assert S.site_path(base_url, page.url) == DIGEST["vi"]
    titles = [t.strip() for t in page.locator(".bl-digest__item h2").all_text_contents()]
    # Every item of the month, oldest first (the order of an issue), as the archive lists them.
    assert sorted(titles) == sorted(t.strip() for t in listed)
    assert len(titles) == 3
    dates = page.locator(".bl-digest__item .bl-meta time").evaluate_all("els => els.map(e => e.dateTime)")
    assert dates == sorted(dates) and [d[:10] for d in dates] == ["2023-12-20", "2023-12-26", "2023-12-28"]
    # Full bodies: every paragraph of the source files, and of the seed article.
    text = page.locator(".bl-digest").inner_text()
    for paragraph in ("Đoạn mở đầu: Quân khu 4 thử nghiệm", "Đoạn kết: các đơn vị báo cáo kết quả",
                      "Tin chỉ có bằng tiếng Việt: kế hoạch số hóa hồ sơ"):
        assert paragraph in text
    seed_body = (S.REPO / (S.SEED_ARTICLE_FILE + ".vi.md")).read_text(encoding="utf-8").split("---", 2)[2]
    last_paragraph = [p for p in seed_body.strip().split("\n\n") if not p.startswith("{:")][-1].strip()
    assert last_paragraph[:120] in text
    # The table of contents jumps to each article.
    toc = page.locator(".bl-digest__toc a")
    assert toc.count() == 3
    toc.nth(2).click()
    target = page.url.split("#", 1)[1]
    assert page.locator(f"#{target} h2").inner_text().strip() == titles[2]


def test_english_digest_carries_untranslated_items_in_the_original_language(reader, page):
    _, base_url = reader
    page.goto(base_url + DIGEST["en"])
    ui = S.ui_strings("en")
    assert page.evaluate("document.documentElement.lang") == "en"
    item = page.locator(".bl-digest__item", has=page.locator("h2", has_text=S.VI_ONLY_TITLE))
    assert item.locator("h2").get_attribute("lang") == "vi"
    assert item.locator(".bl-body").get_attribute("lang") == "vi"
    assert ui["digest_original_follows"] in item.inner_text()
    translated = page.locator(".bl-digest__item", has=page.locator("h2", has_text="Military Region 4 trials"))
    assert translated.locator("h2").get_attribute("lang") is None
    assert "Opening paragraph" in translated.inner_text()


@pytest.mark.parametrize("lang", LANGS)
def test_the_digest_prints_one_article_per_page_without_navigation(reader, page, lang):
    _, base_url = reader
    page.goto(base_url + DIGEST[lang])
    page.emulate_media(media="print")
    for sel in CHROME:
        assert not any(_displayed(page, sel)), f"{sel} is printed"
    breaks = page.locator(".bl-digest__item").evaluate_all("els => els.map(e => getComputedStyle(e).breakBefore)")
    assert breaks == ["page"] * 3
    assert _displayed(page, ".bl-digest__online") == [False] * 3
    assert _after(page, f'.bl-digest a[href="{S.EXTERNAL_URL}"]') == [f'" ({S.EXTERNAL_URL})"']
    # The front page (title, contents), then one page or more per article.
    assert _pdf_pages(page.pdf(format="A4")) >= 1 + 3
