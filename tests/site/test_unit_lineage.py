"""Units with a history, on a real build: pages, feeds, search filters, the units index, the menu.

The articles are written here: the Hà Giang command before the merger (2024), the Tuyên Quang
command after it (2025), the Lạng Sơn Border Guard before 1 July 2025 — and nothing for most of
the registry's units.
"""

from __future__ import annotations

import gzip
import json
import re

import pytest
from lxml import html

from support import sites

ARTICLES = {
    "2024/2024-05-10-ha-giang-tap-huan.vi.md": sites.article_text(
        {"title": "Hà Giang tập huấn ký số", "date": "2024-05-10", "unit": "qk2-ha-giang", "topics": ["cds"]}),
    "2025/2025-09-01-tuyen-quang-so-ket.vi.md": sites.article_text(
        {"title": "Tuyên Quang sơ kết chuyển đổi số", "date": "2025-09-01", "unit": "qk2-tuyen-quang",
         "topics": ["cds"]}),
    "2023/2023-05-04-bien-phong-lang-son.vi.md": sites.article_text(
        {"title": "Biên phòng Lạng Sơn số hóa hồ sơ", "date": "2023-05-04", "unit": "bdbp-lang-son",
         "topics": ["cchc"]}),
}
OLD, NEW, GUARD = "Hà Giang tập huấn ký số", "Tuyên Quang sơ kết chuyển đổi số", "Biên phòng Lạng Sơn số hóa hồ sơ"


def build(tmp_path, **bulletin):
    project = sites.make_project(tmp_path / "p", ARTICLES, seeds=False, docs=False,
                                 config={"bulletin": bulletin} if bulletin else None)
    result = sites.build(project)
    assert result.ok, result.log + result.error
    return result


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(tmp_path_factory.mktemp("lineage"))


def titles(page: str) -> list[str]:
    tree = html.fromstring(page)
    return [t.text_content().strip() for t in tree.xpath('//ol[contains(@class,"bl-cards")]//h2|//ol[contains(@class,"bl-cards")]//h3')]


def test_successor_page_lists_its_predecessors_news_and_links_back(site):
    page = site.read("don-vi/qk2-tuyen-quang/index.html")
    assert set(titles(page)) == {OLD, NEW}
    tree = html.fromstring(page)
    formerly = tree.xpath('//p[@class="bl-formerly"]')[0]
    assert formerly.text_content().startswith("Trước đây: Bộ Chỉ huy Quân sự tỉnh Hà Giang (đến 30/06/2025, sáp nhập)")
    assert formerly.xpath(".//a/@href") == ["../qk2-ha-giang/"]
    assert "Gồm cả tin của các đơn vị tiền thân." in page


def test_predecessor_page_says_now_part_of_with_a_link(site):
    page = site.read("don-vi/qk2-ha-giang/index.html")
    assert titles(page) == [OLD]
    tree = html.fromstring(page)
    assert tree.xpath('//p[@class="bl-period"]')[0].text_content() == "Đơn vị tồn tại đến 30/06/2025 (sáp nhập)."
    now = tree.xpath('//p[@class="bl-now-part-of"]')[0]
    assert now.text_content() == "Nay thuộc: Bộ Chỉ huy Quân sự tỉnh Tuyên Quang (từ 01/07/2025)"
    assert now.xpath(".//a/@href") == ["../qk2-tuyen-quang/"]
    en = html.fromstring(site.read("en/units/qk2-ha-giang/index.html"))
    assert en.xpath('//p[@class="bl-now-part-of"]')[0].text_content().startswith(
        "Now part of: Tuyen Quang Provincial Military Command (from 1 Jul 2025)")


def test_border_guard_news_of_2023_reaches_the_board_and_the_provincial_command(site):
    # the board that replaced the provincial Border Guard command is under the Lạng Sơn command
    for path in ("don-vi/qk1-lang-son-bdbp/index.html", "don-vi/qk1-lang-son/index.html", "don-vi/bdbp/index.html"):
        assert GUARD in titles(site.read(path)), path


def test_feeds_cover_units_with_news_only(site):
    rss = site.read("feeds/don-vi/qk2-tuyen-quang.rss.xml")
    assert OLD in rss and NEW in rss
    assert site.exists("feeds/don-vi/qk2-ha-giang.atom.xml")
    # a unit without news has no feed and no OPML line (nor a page: tests/site/test_unit_pages.py)
    assert not site.exists("feeds/don-vi/qk9-ca-mau.rss.xml")
    assert not site.exists("don-vi/qk9-ca-mau/index.html")
    # a unit of the menu keeps its page without news, which announces no feed
    assert 'type="application/rss+xml"' not in site.read("don-vi/qk9/index.html")
    opml = site.read("feeds/vi.opml")
    assert "qk2-tuyen-quang.rss.xml" in opml and "qk9-ca-mau" not in opml and "hq-vung-5" not in opml
    subscribe = site.read("theo-doi/index.html")
    assert "qk2-tuyen-quang.rss.xml" in subscribe and "qk9-ca-mau" not in subscribe


def _filter(site, lang: str, unit: str) -> list[str]:
    """URLs of the articles in the search filter of *unit*."""
    base = site.site / "search" / lang
    gaps = json.loads(gzip.decompress((base / "f" / "unit" / f"{unit}.gz").read_bytes()))
    ids, n = [], -1
    for g in gaps:
        n += g
        ids.append(n)
    return [json.loads(gzip.decompress((base / "d" / f"{i}.gz").read_bytes()))["u"] for i in ids]


def test_search_filter_of_the_successor_includes_the_predecessors_news(site):
    urls = _filter(site, "vi", "qk2-tuyen-quang")
    assert len(urls) == 2 and any("ha-giang-tap-huan-ky-so" in u for u in urls)
    manifest = json.loads((site.site / "search" / "vi" / "index.json").read_text("utf-8"))
    rows = {r["id"]: r["count"] for r in manifest["filters"]["unit"]}
    assert rows["qk2-tuyen-quang"] == 2 and rows["qk2-ha-giang"] == 1 and "qk9-ca-mau" not in rows


def test_lineage_in_listings_can_be_turned_off(tmp_path):
    off = build(tmp_path, unit_lineage=False)
    page = off.read("don-vi/qk2-tuyen-quang/index.html")
    assert titles(page) == [NEW]
    assert "Gồm cả tin của các đơn vị tiền thân." not in page
    assert "Trước đây:" in page             # the history is still shown, only the news are not merged
    assert NEW in off.read("feeds/don-vi/qk2-tuyen-quang.rss.xml") and OLD not in off.read(
        "feeds/don-vi/qk2-tuyen-quang.rss.xml")
    assert len(_filter(off, "vi", "qk2-tuyen-quang")) == 1


def test_units_index_groups_counts_and_filter_keys(site):
    tree = html.fromstring(site.read("don-vi/index.html"))
    groups = [re.sub(r"\s+", " ", h.text_content()).strip() for h in tree.xpath('//section[@class="bl-unit-group"]/h2')]
    assert groups[0].startswith("Bộ Quốc phòng và cơ quan Bộ (")
    assert any(g.startswith("Bộ đội Biên phòng (76 đơn vị · 1 tin)") for g in groups), groups
    assert any(g.startswith("Quân khu và Bộ Tư lệnh Thủ đô (") and g.endswith("· 2 tin)") for g in groups), groups
    ha_giang = tree.xpath('//li[a[@href="../don-vi/qk2-ha-giang/" or @href="qk2-ha-giang/"]]')[0]
    assert "bl-former" in ha_giang.get("class")
    assert "đến 30/06/2025 → Bộ CHQS tỉnh Tuyên Quang" in ha_giang.text_content()
    keys = ha_giang.get("data-k").split()
    assert {"qk2", "ha", "giang", "bo", "chqs"} <= set(keys)
    assert all(k.isascii() for k in keys)
    # the filter form is hidden until its script runs (the page works without JavaScript)
    assert tree.xpath('//form[@class="bl-unit-filter"]/@hidden') == [""]   # present, so hidden
    assert tree.xpath('//script[contains(@src, "bl-units.js")]')


def test_menu_lists_only_the_top_units_and_does_not_grow_with_the_registry(site, tmp_path):
    # where the units section of the menu opens (the units index), it lists the units marked
    # `menu: true` in data/units/ — not the 200 others
    nav = html.fromstring(site.read("don-vi/index.html")).xpath('//nav[contains(@class,"md-nav--primary")]')[0]
    unit_links = {h.rstrip("/").split("/")[-1] for h in nav.xpath(".//a/@href")}
    top = {"bqp", "qk1", "qk2", "qk3", "qk4", "qk5", "qk7", "qk9", "btl-thu-do", "hai-quan", "pk-kq", "bdbp", "csb"}
    assert top <= unit_links
    assert not unit_links & {"qk2-ha-giang", "qk1-lang-son-bdbp", "hq-vung-2", "qd-12", "qk6", "qk8"}
    # fifty more units in the registry: an article page is byte for byte the same
    page = site.read("2025/09/tuyen-quang-so-ket-chuyen-doi-so/index.html")
    project = sites.make_project(tmp_path / "more", ARTICLES, seeds=False, docs=False)
    extra = "group: {vi: Thêm, en: More, order: 9}\nsources:\n  - {url: 'https://example.invalid/more', what: test}\nunits:\n"
    extra += "".join(f"  - id: them-{i}\n    name: {{vi: Đơn vị thêm {i}, en: Extra unit {i}}}\n    parent: bqp\n"
                     for i in range(50))
    (project / "data" / "units" / "them.yml").write_text(extra, "utf-8")
    more = sites.build(project)
    assert more.ok, more.log
    assert more.read("2025/09/tuyen-quang-so-ket-chuyen-doi-so/index.html") == page
