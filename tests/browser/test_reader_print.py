"""Print: an article prints without the site's navigation and with the addresses of its external
links; the monthly digest ("bản tin") gathers the month's articles — title, date, unit, summary and
a link to each — in one printable issue per language."""

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


def test_month_archive_links_to_its_digest_with_every_article_summarised(reader, page):
    build, base_url = reader
    page.goto(base_url + MONTH["vi"])
    listed = page.locator(".bl-rows > li > a")
    listed_titles = [t.strip() for t in listed.all_text_contents()]
    listed_urls = sorted(listed.evaluate_all("els => els.map(e => e.href)"))
    with page.expect_navigation():
        page.locator(".bl-digest-link a").click()
    assert S.site_path(base_url, page.url) == DIGEST["vi"]
    titles = [t.strip() for t in page.locator(".bl-digest__item h2").all_text_contents()]
    # Every item of the month, oldest first (the order of an issue), as the archive lists them.
    assert sorted(titles) == sorted(listed_titles)
    assert len(titles) == 3
    dates = page.locator(".bl-digest__item .bl-meta time").evaluate_all("els => els.map(e => e.dateTime)")
    assert dates == sorted(dates) and [d[:10] for d in dates] == ["2023-12-20", "2023-12-26", "2023-12-28"]
    # Each item: its summary (from the source files), and its title links to the article.
    text = page.locator(".bl-digest").inner_text()
    for summary in ("Quân khu 4 thử nghiệm hội nghị trực tuyến đến Ban Chỉ huy Quân sự cấp huyện.",
                    "Kế hoạch số hóa hồ sơ năm 2024 của Bộ Quốc phòng."):
        assert summary in text
    seed = (S.REPO / (S.SEED_ARTICLE_FILE + ".vi.md")).read_text(encoding="utf-8")
    seed_summary = re.search(r'^summary: "?(.*?)"?$', seed, re.M).group(1)
    assert seed_summary[:80] in text
    # the full text stays on the article pages: the digest has no body paragraphs
    assert "Đoạn mở đầu: Quân khu 4 thử nghiệm" not in text and page.locator(".bl-digest .bl-body").count() == 0
    links = page.locator(".bl-digest__item h2 a")
    assert sorted(links.evaluate_all("els => els.map(e => e.href)")) == listed_urls
    with page.expect_navigation():
        links.nth(0).click()
    assert page.locator("article.bl-article h1").inner_text().strip() == titles[0]


def test_english_digest_carries_untranslated_items_in_the_original_language(reader, page):
    _, base_url = reader
    page.goto(base_url + DIGEST["en"])
    ui = S.ui_strings("en")
    assert page.evaluate("document.documentElement.lang") == "en"
    item = page.locator(".bl-digest__item", has=page.locator("h2", has_text=S.VI_ONLY_TITLE))
    assert item.locator("h2").get_attribute("lang") == "vi"
    assert item.locator("p[lang=vi]").inner_text() == "Kế hoạch số hóa hồ sơ năm 2024 của Bộ Quốc phòng."
    assert ui["digest_original_follows"] in item.inner_text()
    translated = page.locator(".bl-digest__item", has=page.locator("h2", has_text="Military Region 4 trials"))
    assert translated.locator("h2").get_attribute("lang") is None
    assert "Military Region 4 trials online conferences reaching district military commands." in translated.inner_text()
    assert ui["digest_original_follows"] not in translated.inner_text()


@pytest.mark.parametrize("lang", LANGS)
def test_the_digest_prints_without_navigation_and_keeps_each_item_whole(reader, page, lang):
    _, base_url = reader
    page.goto(base_url + DIGEST[lang])
    page.emulate_media(media="print")
    for sel in CHROME:
        assert not any(_displayed(page, sel)), f"{sel} is printed"
    assert _displayed(page, ".bl-digest__item h2") == [True] * 3
    breaks = page.locator(".bl-digest__item").evaluate_all("els => els.map(e => getComputedStyle(e).breakInside)")
    assert breaks == ["avoid"] * 3
    # A month's summaries fit on one printed page or a few: no page per article any more.
    assert 1 <= _pdf_pages(page.pdf(format="A4")) <= 2
