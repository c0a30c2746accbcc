"""The search box in Chromium: typed queries, Vietnamese with and without marks, abbreviations,
one index per language, ranking of exact matches, filters, results, the look on a phone.

The site: the five seed articles (both languages) and a few articles written here, each made to
be found by only one route: A has 'đang' but not 'Đảng'; B writes only abbreviations (Bộ CHQS,
CĐS, QK4 / MR4) and belongs to no unit or topic of those names; C writes 'cải cách hành chính'
in full, never 'CCHC'; D is scheduled for later and must not be found.
"""

from __future__ import annotations

import re
import urllib.request

import pytest
import sites
import yaml

S21 = "/2021/10/quan-khu-1-kiem-tra-ket-qua-cong-tac-cai-cach-hanh-chinh-va-van-thu-luu-tru-tai/"
S22 = "/2022/01/bo-quoc-phong-tong-ket-cong-tac-cai-cach-hanh-chinh-va-xay-dung-chinh-phu-dien/"
S23A = "/2023/01/quan-khu-4-kiem-tra-cong-tac-cai-cach-hanh-chinh-va-chuyen-doi-so-nam-2023/"
S23B = "/2023/12/bo-quoc-phong-tong-ket-cong-tac-cai-cach-hanh-chinh-chuyen-doi-so-nam-2023/"
S25 = "/2025/07/bo-quoc-phong-so-ket-cong-tac-cai-cach-hanh-chinh-chuyen-doi-so-giai-doan-2021/"
A = "/2024/03/bo-chqs-tinh-son-la-dang-ra-soat-thu-tuc-hanh-chinh-noi-bo/"
B = "/2024/04/ha-tinh-so-hoa-12-nghin-trang-ho-so-luu-tru/"
C = "/2024/05/quan-khu-9-phat-dong-thi-dua-nam-2024/"
D = "/2026/12/radar-canh-gioi-the-he-moi/"
DANG = [S22, S23A, S23B, S25]     # the seeds whose text has 'Đảng'

ARTICLES = {
    "2024/2024-03-05-son-la.vi.md": sites.article_text(
        {"title": "Bộ CHQS tỉnh Sơn La đang rà soát thủ tục hành chính nội bộ", "date": "2024-03-05",
         "unit": "qk2-son-la", "topics": ["tthc"]},
        "Các cơ quan của Bộ CHQS tỉnh Sơn La đang rà soát, công khai thủ tục hành chính nội bộ; "
        "việc tra cứu hồ sơ trở nên dễ dàng hơn cho cán bộ, chiến sĩ.\n"),
    "2024/2024-04-10-ha-tinh.vi.md": sites.article_text(
        {"id": "5c0f7a52-3a43-4d59-8f3e-7d0c6b1e2a10", "title": "Hà Tĩnh số hóa 12 nghìn trang hồ sơ lưu trữ",
         "date": "2024-04-10", "unit": "bqp", "topics": ["vtlt"]},
        "Bộ CHQS tỉnh Hà Tĩnh hoàn thành số hóa 12 nghìn trang hồ sơ lưu trữ theo kế hoạch CĐS "
        "năm 2024 của QK4, bảo đảm tra cứu nhanh trên mạng nội bộ.\n"),
    "2024/2024-04-10-ha-tinh.en.md": sites.article_text(
        {"id": "5c0f7a52-3a43-4d59-8f3e-7d0c6b1e2a10", "title": "Ha Tinh digitises 12,000 pages of archived records"},
        "The Ha Tinh Provincial Military Command has digitised 12,000 pages of archived records under "
        "the 2024 plan of MR4, so that they can be looked up quickly on the internal network.\n"),
    "2024/2024-05-20-qk9.vi.md": sites.article_text(
        {"title": "Quân khu 9 phát động thi đua năm 2024", "date": "2024-05-20", "unit": "qk9",
         "topics": ["thi-dua"]},
        "Quân khu 9 phát động phong trào thi đua đẩy mạnh cải cách hành chính trong các cơ quan, "
        "đơn vị, gắn với nhiệm vụ huấn luyện năm 2024.\n"),
    "2026/2026-12-20-radar.vi.md": sites.article_text(
        {"title": "Radar cảnh giới thế hệ mới", "date": "2026-12-20", "unit": "bqp", "topics": ["cds"]},
        "Tin hẹn giờ nói về radar cảnh giới, chưa đến ngày đăng.\n"),
}


@pytest.fixture(scope="module")
def search_site(tmp_path_factory, browser_helpers):
    project = sites.make_project(tmp_path_factory.mktemp("search-browser"), ARTICLES)
    build = sites.build_ok(project)
    assert build.exists(A.strip("/") + "/index.html") and build.exists("en" + B + "index.html")
    assert not build.exists(D.strip("/") + "/index.html")
    with browser_helpers.serve_directory(build.site) as base_url:
        yield base_url.rstrip("/")


def search(page, query: str, *, slowly: bool = True) -> list[str]:
    """Type *query* into the search box as a reader would; return the result paths in order."""
    box = page.locator(".bl-search__input")
    box.click()
    box.fill("")
    if slowly:
        box.press_sequentially(query)
    else:
        box.fill(query)
    return results_for(page, query)


def results_for(page, query: str) -> list[str]:
    page.wait_for_function(
        "(q) => { const r = document.querySelector('[data-bl-search]');"
        " return r.dataset.state === 'done' && r.dataset.query === q; }", arg=query)
    while page.locator(".bl-search__more:visible").count():
        n = page.locator(".bl-search__item").count()
        page.click(".bl-search__more")
        page.wait_for_function("(n) => document.querySelectorAll('.bl-search__item').length > n", arg=n)
    return page.eval_on_selector_all(".bl-search__item a.bl-search__title",
                                     "els => els.map(a => new URL(a.href).pathname)")


def en(path: str) -> str:
    return "/en" + path


# (page, query, articles that must be found, [(earlier, later), …] order that must hold)
TABLE = [
    ("vi", "Đảng", DANG + [A], [(d, A) for d in DANG]),
    ("vi", "đảng", DANG + [A], [(d, A) for d in DANG]),
    ("vi", "ĐẢNG", DANG + [A], [(d, A) for d in DANG]),
    ("vi", "dang", DANG + [A], []),
    ("vi", "đang", [A] + DANG, [(A, d) for d in DANG]),
    ("vi", "Đảng ủy", [S22, S23A, S23B, S25], [(x, S25) for x in (S22, S23A, S23B)]),   # S25 writes 'Uỷ'
    ("vi", "dang uy", [S22, S23A, S23B, S25], []),
    ("vi", "cải cách hành chính", [S21, S22, S23A, S23B, S25, C], []),
    ("vi", "cai cach hanh chinh", [S21, S22, S23A, S23B, S25, C], []),
    ("vi", "CCHC", [C, S21, S22, S25], []),
    ("vi", "cchc", [C, S21, S22, S25], []),
    ("vi", "chuyển đổi số", [S23A, S23B, S25, B], []),
    ("vi", "chuyen doi so", [S23A, S23B, S25, B], []),
    ("vi", "CĐS", [B, S25, S23A, S23B], [(B, S23A), (S25, S23A)]),     # written 'CĐS' before expanded
    ("vi", "cds", [B, S25, S23A, S23B], []),
    ("vi", "Quân khu 4", [S23A, B], []),
    ("vi", "quan khu 4", [S23A, B], []),
    ("vi", "QK4", [B, S23A], []),
    ("vi", "Bộ CHQS", [A, B, S21, S23A], []),
    ("vi", "bo chqs", [A, B, S21, S23A], []),
    ("vi", "Bộ Chỉ huy Quân sự", [S21, A, B, S23A], []),
    ("vi", "bo chi huy quan su", [S21, A, B, S23A], []),
    ("vi", "Nghệ An", [S23A], []),
    ("vi", "NGHE AN", [S23A], []),
    ("en", "digital transformation", [en(S23A), en(S23B), en(S25)], []),
    ("en", "Military Region 4", [en(S23A), en(B)], []),
    ("en", "MR4", [en(B), en(S23A)], []),
    ("en", "Nghe An", [en(S23A)], []),
]


@pytest.mark.parametrize("lang, query, expected, order", TABLE, ids=[f"{t[0]}:{t[1]}" for t in TABLE])
def test_query_table(search_site, page, lang, query, expected, order):
    page.goto(search_site + ("/" if lang == "vi" else "/en/"))
    found = search(page, query)
    missing = [u for u in expected if u not in found]
    assert not missing, f"{query!r}: missing {missing}; got {found}"
    for earlier, later in order:
        assert found.index(earlier) < found.index(later), f"{query!r}: {earlier} should rank before {later}: {found}"
    # one index per language: a reader on an English page gets English pages, and the reverse
    assert all(u.startswith("/en/") == (lang == "en") for u in found), found
    assert len(set(found)) == len(found)


def test_status_line_counts_the_results(search_site, page):
    page.goto(search_site + "/")
    found = search(page, "Nghệ An")
    status = page.text_content(".bl-search__status")
    n = len(found)
    assert status == ("1 tin phù hợp" if n == 1 else f"{n} tin phù hợp")


def test_scheduled_items_and_nonsense_are_not_found(search_site, page):
    page.goto(search_site + "/")
    assert search(page, "radar") == []
    assert page.text_content(".bl-search__status") == "Không tìm thấy tin phù hợp."
    page.goto(search_site + "/en/")
    assert search(page, "zxqvbw") == []
    assert page.text_content(".bl-search__status") == "No matching news."


def test_a_result_shows_title_date_unit_and_a_marked_snippet(search_site, page):
    page.goto(search_site + "/")
    found = search(page, "dang ra soat")
    assert found[0] == A
    item = page.locator(".bl-search__item").first
    assert item.locator("a.bl-search__title").inner_text() == "Bộ CHQS tỉnh Sơn La đang rà soát thủ tục hành chính nội bộ"
    assert item.locator(".bl-search__meta").inner_text() == "Thứ Ba, 05/03/2024 · Bộ Chỉ huy Quân sự tỉnh Sơn La"
    marked = item.locator(".bl-search__snippet mark").all_inner_texts()
    assert "đang" in marked and "rà" in marked and "soát" in marked
    # the snippet is the article's text, with its marks
    assert "công khai thủ tục hành chính" in item.locator(".bl-search__snippet").inner_text()
    # following a result opens the article
    item.locator("a.bl-search__title").click()
    page.wait_for_url("**" + A)
    assert page.locator("h1").first.inner_text().startswith("Bộ CHQS tỉnh Sơn La")


def test_exact_marks_are_marked_in_the_snippet(search_site, page):
    page.goto(search_site + "/")
    found = search(page, "Đảng")
    first = page.locator(".bl-search__item").first
    assert found[0] in DANG
    assert {m.lower() for m in first.locator(".bl-search__snippet mark").all_inner_texts()} == {"đảng"}
    a_item = page.locator(".bl-search__item").nth(found.index(A))
    assert "đang" in a_item.locator(".bl-search__snippet mark").all_inner_texts()


def test_expanded_abbreviations_are_named(search_site, page):
    page.goto(search_site + "/")
    search(page, "QK4")
    assert "Quân khu 4" in page.text_content(".bl-search__also")
    search(page, "chuyen doi so")
    assert "CĐS" in page.text_content(".bl-search__also")
    search(page, "Nghệ An")
    assert page.locator(".bl-search__also").is_hidden()


def test_filters_by_unit_topic_and_year(search_site, page):
    page.goto(search_site + "/")
    page.locator(".bl-search__input").click()
    unit = page.locator("select[data-filter=unit]")
    page.wait_for_function("() => document.querySelector('select[data-filter=unit]')?.options.length > 1")
    labels = page.eval_on_selector_all("select[data-filter=unit] option", "os => os.map(o => o.textContent)")
    # the unit tree, with article counts; sub-units indented under their unit
    assert labels[0] == "Mọi đơn vị"
    assert labels[1] == "Bộ Quốc phòng (8)"     # every Vietnamese article: 5 seeds, A, B, C
    assert "\u00a0\u00a0Quân khu 4 (1)" in labels
    assert "\u00a0\u00a0\u00a0\u00a0Bộ Chỉ huy Quân sự tỉnh Sơn La (1)" in labels

    unit.select_option("qk4")
    assert search(page, "cai cach") == [S23A]
    unit.select_option("")
    page.locator("select[data-filter=year]").select_option("2021")
    assert results_for_change(page, "cai cach") == [S21]
    page.locator("select[data-filter=year]").select_option("")
    # a filter with no query lists the unit's or topic's articles, newest first
    page.locator(".bl-search__input").fill("")
    page.locator("select[data-filter=topic]").select_option("vtlt")
    assert results_for(page, "") == [B, S21]


def results_for_change(page, query):
    # a filter change searches again: wait for that search, not the one before
    page.wait_for_function("() => document.querySelector('[data-bl-search]').dataset.state === 'done'")
    return results_for(page, query)


def test_english_page_has_english_box_and_filters(search_site, page):
    page.goto(search_site + "/en/")
    box = page.locator(".bl-search__input")
    assert box.get_attribute("placeholder") == "Search news"
    box.click()
    page.wait_for_function("() => document.querySelector('select[data-filter=topic]')?.options.length > 1")
    topics = page.locator("select[data-filter=topic] option").all_inner_texts()
    assert topics[0] == "All topics" and any(t.startswith("Digital transformation (") for t in topics)
    found = search(page, "archived records")
    assert found[0] == en(B)
    n = len(found)
    assert page.text_content(".bl-search__status") == ("1 matching item" if n == 1 else f"{n} matching items")


def _ui(lang: str) -> dict:
    return yaml.safe_load((sites.REPO / "data" / "i18n" / f"{lang}.yml").read_text(encoding="utf-8"))["ui"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_page_carries_the_box_and_the_script_builds_the_results_area_on_first_use(search_site, page, lang):
    """Every page carries only the box (a real button, a labelled field, a close button); the
    status line, the filters and the results are built by the script when the reader first uses
    the box, in the page's language, and work with the keyboard."""
    ui = _ui(lang)
    prefix = "/" if lang == "vi" else "/en/"
    served = urllib.request.urlopen(search_site + prefix).read().decode("utf-8")
    header = re.search(r'<div class="bl-search".*?</form>\s*</div>\s*</div>', served, re.S).group(0)
    assert re.search(r'<button type="button" class="[^"]*bl-search__open" aria-label="%s"' % re.escape(ui["search_open"]), header)
    assert f'<input class="bl-search__input" id="bl-search-input" type="search" name="q" aria-label="{ui["search"]}"' in header
    for absent in ("bl-search__output", "data-filter", "bl-search__status", ui["search_filters"], ui["search_more"]):
        assert absent not in served, absent

    page.goto(search_site + prefix)
    assert page.locator(".bl-search__output").count() == 0
    box = page.locator(".bl-search__input")
    page.keyboard.press("/")        # the keyboard shortcut opens the box
    assert page.evaluate("() => document.activeElement.id") == "bl-search-input"
    page.wait_for_function("() => document.querySelector('select[data-filter=year]')?.options.length > 1")
    status = page.locator(".bl-search__status")
    assert (status.get_attribute("role"), status.get_attribute("aria-live")) == ("status", "polite")
    assert box.get_attribute("aria-controls") == page.locator(".bl-search__output").get_attribute("id")
    assert page.locator(".bl-search__filters legend").inner_text() == ui["search_filters"]
    assert page.locator(".bl-search__filters label > span").all_inner_texts() == [ui["unit"], ui["topic"], ui["search_year"]]
    firsts = page.eval_on_selector_all(".bl-search__filters select", "els => els.map(s => s.options[0].textContent)")
    assert firsts == [ui["search_all_units"], ui["search_all_topics"], ui["search_all_years"]]
    assert page.locator(".bl-search__more").text_content() == ui["search_more"]
    # typed and Tab: the close button, then the filters, each a labelled control
    box.press_sequentially("cai cach" if lang == "vi" else "records")
    page.wait_for_function("() => document.querySelector('[data-bl-search]').dataset.state === 'done'")
    assert page.locator(".bl-search__item").count() > 0
    n = page.locator(".bl-search__item").count()
    assert status.inner_text() == (ui["search_one"] if n == 1 else ui["search_other"].replace("{n}", str(n)))
    for _ in range(2):      # the close button is shown on phones only
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.tagName") == "SELECT":
            break
    assert page.evaluate("() => document.activeElement.dataset.filter") == "unit"
    page.keyboard.press("Escape")
    assert page.locator(".bl-search__output").is_hidden()


def test_search_works_under_the_sites_content_security_policy(search_site, page):
    errors = []
    page.on("console", lambda m: m.type == "error" and "Content Security Policy" in m.text and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(search_site + "/")
    assert 'http-equiv="Content-Security-Policy"' in page.content()
    assert S23A in search(page, "quan khu 4")
    assert errors == []


def test_search_is_offline_and_accessible(search_site, chromium_browser, page_recorder, axe_audit, browser_helpers):
    # axe-core is injected as an inline script, which the site's policy forbids: bypass it here
    context = chromium_browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        rec = page_recorder(page, search_site)
        page.goto(search_site + "/")
        search(page, "cải cách")
        assert rec.third_party() == []
        assert any("/search/vi/" in u for u in rec.urls)
        violations = axe_audit(page)
        assert violations == [], browser_helpers.format_violations(violations)
    finally:
        context.close()


def test_on_a_phone_the_magnifier_opens_and_escape_closes(search_site, chromium_browser):
    context = chromium_browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(search_site + "/")
        opener = page.locator(".bl-search__open")
        box = page.locator(".bl-search__input")
        assert opener.is_visible() and box.is_hidden()
        opener.click()
        assert opener.get_attribute("aria-expanded") == "true"
        assert box.is_visible()
        box.press_sequentially("quan khu 4")
        assert S23A in results_for(page, "quan khu 4")
        panel = page.locator(".bl-search__panel").bounding_box()
        assert panel["width"] == 390 and panel["y"] == 0          # covers the screen
        page.keyboard.press("Escape")
        assert box.is_hidden() and opener.get_attribute("aria-expanded") == "false"
    finally:
        context.close()


def test_on_a_wide_screen_the_box_sits_in_the_header(search_site, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(search_site + "/en/")
    box = page.locator(".bl-search__input")
    assert box.is_visible() and page.locator(".bl-search__open").is_hidden()
    header = page.locator(".md-header").bounding_box()
    rect = box.bounding_box()
    assert header["y"] <= rect["y"] and rect["y"] + rect["height"] <= header["y"] + header["height"]
    # '/' jumps to the box; Escape leaves it
    page.locator("body").press("/")
    assert page.evaluate("() => document.activeElement.classList.contains('bl-search__input')")
    assert page.locator(".bl-search__output").is_visible()
    page.keyboard.press("Escape")
    assert page.locator(".bl-search__output").is_hidden()


def test_fast_typing_shows_only_the_last_query(search_site, page):
    page.goto(search_site + "/")
    box = page.locator(".bl-search__input")
    box.click()
    for q in ("qk", "QK4", "Nghệ An"):
        box.fill(q)
    found = results_for(page, "Nghệ An")
    assert found and found[0] == S23A
    titles = page.locator(".bl-search__item a.bl-search__title").all_inner_texts()
    assert len(titles) == len(found)
    assert re.search(r"\d+ tin phù hợp|1 tin phù hợp", page.text_content(".bl-search__status"))
