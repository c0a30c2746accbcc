"""Units without news, on real builds: no page of their own but an entry with an anchor on the units
index; every link to such a unit (a parent's sub-units, a successor's "formerly" line, a
predecessor's "now part of" line) leads to that entry and resolves; the first article of such a
unit gives it its page and its feeds; the menu's units keep their pages.

The articles are written here: the Hà Giang command before its merger into Tuyên Quang (2024), the
Lào Cai command after Yên Bái merged into it (2025) — nothing for Tuyên Quang itself, for Yên Bái,
for Nghệ An or for the rest of the registry.
"""

from __future__ import annotations

import re

from lxml import html
from test_integrity import broken_links

from support import sites

HA_GIANG = ("2024/2024-05-10-ha-giang-tap-huan.vi.md", sites.article_text(
    {"title": "Hà Giang tập huấn ký số", "date": "2024-05-10", "unit": "qk2-ha-giang", "topics": ["cds"]}))
LAO_CAI = ("2025/2025-09-03-lao-cai-so-hoa.vi.md", sites.article_text(
    {"title": "Lào Cai số hóa hồ sơ quân nhân", "date": "2025-09-03", "unit": "qk2-lao-cai", "topics": ["cchc"]}))
NGHE_AN = ("2025/2025-10-06-nghe-an-mot-cua.vi.md", sites.article_text(
    {"title": "Nghệ An vận hành bộ phận một cửa", "date": "2025-10-06", "unit": "qk4-nghe-an", "topics": ["cchc"]}))


def build(root, articles, **bulletin):
    project = sites.make_project(root, dict(articles), seeds=False, docs=False,
                                 config={"bulletin": bulletin} if bulletin else None)
    result = sites.build(project)
    assert result.ok, result.log + result.error
    return result


def tree(result, rel: str):
    return html.fromstring(result.read(rel))


def entry(index, unit_id: str):
    """The <li> of *unit_id* on a units index page: by its anchor, else by its link."""
    found = index.xpath(f'//li[@id="unit-{unit_id}"]') or index.xpath(f'//li[a[@href="{unit_id}/"]]')
    assert len(found) == 1, unit_id
    return found[0]


def href_of(page, text: str) -> str:
    links = [a.get("href") for a in page.xpath("//article//a|//main//a") if a.text_content().strip() == text]
    assert links, text
    return links[0]


def unit_page_ids(result, lang_root: str) -> set[str]:
    base = result.site / lang_root
    return {p.parent.name for p in base.glob("*/index.html")}


def test_a_unit_without_news_has_no_page_but_an_entry_on_the_units_index(tmp_path):
    site = build(tmp_path / "p", [HA_GIANG, LAO_CAI])
    for rel in ("don-vi/qk4-nghe-an/index.html", "en/units/qk4-nghe-an/index.html",
                "don-vi/qk2-yen-bai/index.html", "feeds/don-vi/qk4-nghe-an.rss.xml"):
        assert not site.exists(rel), rel
    assert "qk4-nghe-an" not in site.read("sitemap.xml") and "qk4-nghe-an" not in site.read("feeds/vi.opml")
    # its entry on the index: the name without a link, a count of 0, and the anchor links lead to
    for lang_root, count in (("don-vi", "(0 tin)"), ("en/units", "(0 items)")):
        li = entry(tree(site, f"{lang_root}/index.html"), "qk4-nghe-an")
        assert li.xpath("./a") == [] and li.xpath('./span[@class="bl-unit-name"]')
        assert count in li.text_content()
    yen_bai = entry(tree(site, "don-vi/index.html"), "qk2-yen-bai")
    assert "đến 30/06/2025 → Bộ CHQS tỉnh Lào Cai" in yen_bai.text_content()   # its history is there
    # a unit with news is a link to its page, without an anchor
    lao_cai = entry(tree(site, "don-vi/index.html"), "qk2-lao-cai")
    assert lao_cai.get("id") is None and lao_cai.xpath("./a/@href") == ["qk2-lao-cai/"]
    # units with pages: those with news (with their parents and successors) and the menu's units
    with_news = {"qk2", "qk2-ha-giang", "qk2-tuyen-quang", "qk2-lao-cai", "bqp"}
    menu = {"bqp", "qk1", "qk2", "qk3", "qk4", "qk5", "qk7", "qk9", "btl-thu-do", "hai-quan", "pk-kq", "bdbp", "csb"}
    assert unit_page_ids(site, "don-vi") == with_news | menu
    assert unit_page_ids(site, "en/units") == with_news | menu
    # a menu unit without news keeps its page, which says so and lists its sub-units
    qk4 = site.read("don-vi/qk4/index.html")
    assert "Chưa có tin." in qk4 or "bl-empty" in qk4
    assert broken_links(site.site) == []


def test_links_to_units_without_a_page_lead_to_their_index_entry_both_ways(tmp_path):
    site = build(tmp_path / "p", [HA_GIANG, LAO_CAI])
    index_ids = {el.get("id") for el in tree(site, "don-vi/index.html").iter() if el.get("id")}
    # a parent's list of sub-units
    qk4 = tree(site, "don-vi/qk4/index.html")
    assert href_of(qk4, "Bộ Chỉ huy Quân sự tỉnh Nghệ An") == "../#unit-qk4-nghe-an"
    assert "unit-qk4-nghe-an" in index_ids
    # a successor's "formerly" line: Yên Bái (no news) from Lào Cai's page (news after the merger)
    formerly = tree(site, "don-vi/qk2-lao-cai/index.html").xpath('//p[@class="bl-formerly"]')[0]
    assert formerly.xpath(".//a/@href") == ["../#unit-qk2-yen-bai"] and "unit-qk2-yen-bai" in index_ids
    # with the successors' listings including their predecessors' news (the default), Tuyên Quang
    # has Hà Giang's news: both have pages and link to each other's
    assert tree(site, "don-vi/qk2-tuyen-quang/index.html").xpath('//p[@class="bl-formerly"]//a/@href') == [
        "../qk2-ha-giang/"]
    assert tree(site, "don-vi/qk2-ha-giang/index.html").xpath('//p[@class="bl-now-part-of"]//a/@href') == [
        "../qk2-tuyen-quang/"]
    en = tree(site, "en/units/qk2-lao-cai/index.html").xpath('//p[@class="bl-formerly"]//a/@href')
    assert en == ["../#unit-qk2-yen-bai"]
    assert "unit-qk2-yen-bai" in {el.get("id") for el in tree(site, "en/units/index.html").iter() if el.get("id")}
    assert broken_links(site.site) == []


def test_without_lineage_a_successor_without_news_is_its_index_entry(tmp_path):
    site = build(tmp_path / "p", [HA_GIANG], unit_lineage=False)
    assert not site.exists("don-vi/qk2-tuyen-quang/index.html")
    now = tree(site, "don-vi/qk2-ha-giang/index.html").xpath('//p[@class="bl-now-part-of"]')[0]
    assert now.text_content().startswith("Nay thuộc: Bộ Chỉ huy Quân sự tỉnh Tuyên Quang")
    assert now.xpath(".//a/@href") == ["../#unit-qk2-tuyen-quang"]
    assert entry(tree(site, "don-vi/index.html"), "qk2-tuyen-quang").xpath("./a") == []
    assert broken_links(site.site) == []


def test_the_first_article_of_a_unit_makes_its_page_and_feeds_appear(tmp_path):
    project = sites.make_project(tmp_path / "p", dict([HA_GIANG]), seeds=False, docs=False)
    first = sites.build(project)
    assert first.ok, first.log
    assert not first.exists("don-vi/qk4-nghe-an/index.html")
    assert href_of(tree(first, "don-vi/qk4/index.html"), "Bộ Chỉ huy Quân sự tỉnh Nghệ An") == "../#unit-qk4-nghe-an"

    path, text = NGHE_AN
    (project / "articles" / path).parent.mkdir(parents=True, exist_ok=True)
    (project / "articles" / path).write_text(text, encoding="utf-8")
    second = sites.build(project)
    assert second.ok, second.log
    page = tree(second, "don-vi/qk4-nghe-an/index.html")
    assert [t.text_content().strip() for t in page.xpath('//ol[contains(@class,"bl-cards")]//h2|'
                                                          '//ol[contains(@class,"bl-cards")]//h3')] == [
        "Nghệ An vận hành bộ phận một cửa"]
    assert second.exists("en/units/qk4-nghe-an/index.html")
    assert "Nghệ An vận hành bộ phận một cửa" in second.read("feeds/don-vi/qk4-nghe-an.rss.xml")
    assert second.exists("feeds/don-vi/qk4-nghe-an.atom.xml") and second.exists("en/feeds/units/qk4-nghe-an.rss.xml")
    assert "qk4-nghe-an.rss.xml" in second.read("feeds/vi.opml")
    assert "/don-vi/qk4-nghe-an/" in second.read("sitemap.xml")
    # every link now leads to the page, and the index entry is a link without an anchor
    assert href_of(tree(second, "don-vi/qk4/index.html"), "Bộ Chỉ huy Quân sự tỉnh Nghệ An") == "../qk4-nghe-an/"
    li = entry(tree(second, "don-vi/index.html"), "qk4-nghe-an")
    assert li.get("id") is None and li.xpath("./a/@href") == ["qk4-nghe-an/"]
    assert 'id="unit-qk4-nghe-an"' not in second.read("don-vi/index.html")
    article = tree(second, "2025/10/nghe-an-van-hanh-bo-phan-mot-cua/index.html")
    assert any(h.endswith("don-vi/qk4-nghe-an/") for h in article.xpath("//a/@href"))
    assert broken_links(second.site) == []


def test_an_article_linking_to_a_unit_without_page_is_told_where_to_link(tmp_path):
    body = ("Đoạn mở đầu đủ dài để làm tóm tắt cho tin có liên kết tới một đơn vị.\n\n"
            "Xem [Bộ CHQS tỉnh Nghệ An](/don-vi/qk4-nghe-an/).\n")
    linking = ("2024/2024-06-01-lien-ket-don-vi.vi.md", sites.article_text(
        {"title": "Tin liên kết tới đơn vị", "date": "2024-06-01", "unit": "qk4", "topics": ["cds"]}, body))
    project = sites.make_project(tmp_path / "p", dict([linking]), seeds=False, docs=False)
    failed = sites.build(project)
    assert not failed.ok
    message = re.search(r"lien-ket-don-vi\.vi\.md:\d+: body: broken link '/don-vi/qk4-nghe-an/'[^\n]*", failed.log)
    assert message, failed.log
    assert "has no page of its own" in message.group(0) and "'/don-vi/#unit-qk4-nghe-an'" in message.group(0)
