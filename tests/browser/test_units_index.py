"""The units index in Chromium, on a phone (375 px) and a PC: the filter box finds units typed with
or without Vietnamese marks, keeps the units above a match, hides empty groups, says when nothing
matches; the page never scrolls sideways; without JavaScript the whole tree is there."""

from __future__ import annotations

import pytest

VIEWPORTS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 800}}

# a unit with a page is a link ("qk4/"); one without is named with an anchor (id="unit-qk4-nghe-an")
VISIBLE_HITS = """() => Array.from(document.querySelectorAll('li[data-k][data-hit="1"]'))
  .filter(li => li.offsetParent !== null)
  .map(li => li.querySelector(':scope > a') ? li.querySelector(':scope > a').getAttribute('href') : li.id)"""
VISIBLE_GROUPS = """() => Array.from(document.querySelectorAll('.bl-unit-group'))
  .filter(g => !g.hidden).map(g => g.querySelector('h2').textContent.trim())"""


@pytest.fixture(scope="module")
def served(seed_site, browser_helpers):
    with browser_helpers.serve_directory(seed_site.site) as base_url:
        yield base_url


@pytest.fixture
def open_units(chromium_browser):
    contexts = []

    def make(viewport: str, javascript: bool = True, path: str = "don-vi/"):
        context = chromium_browser.new_context(viewport=VIEWPORTS[viewport], is_mobile=viewport == "phone",
                                               has_touch=viewport == "phone", java_script_enabled=javascript)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _hrefs(page) -> list[str]:
    return [h.rstrip("/").split("/")[-1].removeprefix("unit-") for h in page.evaluate(VISIBLE_HITS)]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_filter_with_and_without_marks(served, open_units, page_recorder, viewport):
    page = open_units(viewport)
    rec = page_recorder(page, served)
    page.goto(served.rstrip("/") + "/don-vi/")
    box = page.get_by_label("Lọc đơn vị")
    assert box.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")
    everything = page.locator("li[data-k]").count()
    assert everything > 200

    box.fill("bien phong lang son")
    without = _hrefs(page)
    assert set(without) == {"bdbp-lang-son", "qk1-lang-son-bdbp"}
    box.fill("Biên phòng Lạng Sơn")
    assert set(_hrefs(page)) == set(without)
    # the unit above a match stays visible (the old provincial command sits under the Border Guard
    # Command); other units and groups are hidden
    assert page.locator('li[data-k]:visible > a[href="bdbp/"]').count() == 1
    assert page.locator('li[data-k]:visible > a[href="qk9/"]').count() == 0
    groups = page.evaluate(VISIBLE_GROUPS)
    assert len(groups) == 1 and groups[0].startswith("Bộ đội Biên phòng")
    assert page.locator("output.bl-unit-filter-count").text_content() == "2"
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")

    # an old name finds the unit it was (ended units carry their dates and successor)
    box.fill("ha giang")
    assert "qk2-ha-giang" in _hrefs(page)
    ended = page.locator('li#unit-qk2-ha-giang:visible > .bl-until').first   # no news: no page, an entry
    assert ended.text_content().startswith("đến 30/06/2025 → Bộ CHQS tỉnh Tuyên Quang")

    box.fill("qk6")
    assert _hrefs(page) == [] and page.evaluate(VISIBLE_GROUPS) == []
    assert page.locator("output.bl-unit-filter-count").text_content() == "không có đơn vị nào khớp"
    box.fill("")
    assert page.locator("li[data-k]:visible").count() == everything
    assert not rec.third_party()


def test_english_page_and_a_query_in_the_address(served, open_units):
    page = open_units("phone")
    page.goto(served.rstrip("/") + "/en/units/?q=coast+guard+region+3")
    assert set(_hrefs(page)) == {"csb-vung-3"}
    assert page.get_by_label("Filter units").input_value() == "coast guard region 3"


def test_without_javascript_the_whole_tree_is_shown(served, open_units):
    page = open_units("phone", javascript=False)
    page.goto(served.rstrip("/") + "/don-vi/")
    assert not page.locator("form.bl-unit-filter").is_visible()
    assert page.locator("li[data-k]:visible").count() > 200


def test_a_link_to_a_unit_without_news_lands_on_its_entry(served, open_units, page_recorder):
    # Nghệ An has no news in the seed articles: the Military Region 4 page's list of sub-units leads
    # to its entry on the units index, which the browser scrolls to and marks
    page = open_units("phone")
    rec = page_recorder(page, served)
    page.goto(served.rstrip("/") + "/don-vi/qk4/")
    page.locator("details.bl-subunits > summary").click()
    page.get_by_role("link", name="Bộ Chỉ huy Quân sự tỉnh Nghệ An", exact=True).click()
    page.wait_for_url("**/don-vi/#unit-qk4-nghe-an")
    entry = page.locator("li#unit-qk4-nghe-an")
    assert entry.is_visible() and "(0 tin)" in entry.text_content()
    box = entry.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]
    assert page.evaluate("getComputedStyle(document.querySelector('#unit-qk4-nghe-an > .bl-unit-name'))"
                         ".outlineStyle") == "solid"
    assert not rec.third_party()


def test_the_older_pages_link_to_the_sub_units_opens_the_list(served, open_units, page_recorder):
    # an older page of a unit links to <first page>#bl-subunits; the anchor sits inside the closed
    # <details>, so the browser opens the list it scrolls to
    page = open_units("phone")
    page.goto(served.rstrip("/") + "/don-vi/qk4/")
    assert page.evaluate("document.querySelector('details.bl-subunits').open") is False
    page.goto(served.rstrip("/") + "/don-vi/qk4/#bl-subunits")
    page.wait_for_function("document.querySelector('details.bl-subunits').open")
    assert page.get_by_role("link", name="Bộ Chỉ huy Quân sự tỉnh Nghệ An", exact=True).is_visible()
