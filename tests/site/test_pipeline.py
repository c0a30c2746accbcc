"""The article pipeline on real MkDocs builds: seeds, listings, units, slugs, drafts, errors."""

from __future__ import annotations

import re

import lxml.html
import pytest
import sites
from htmlscan import text_of

SEED_2023 = "2023/12/bo-quoc-phong-tong-ket-cong-tac-cai-cach-hanh-chinh-chuyen-doi-so-nam-2023/index.html"
SEED_TITLES = {
    "Bộ Quốc phòng tổng kết công tác cải cách hành chính, chuyển đổi số năm 2023",
    "Bộ Quốc phòng tổng kết công tác cải cách hành chính và xây dựng Chính phủ điện tử năm 2021",
    "Quân khu 1 kiểm tra kết quả công tác cải cách hành chính và văn thư, lưu trữ tại Bộ Chỉ huy Quân sự tỉnh",
    "Bộ Quốc phòng sơ kết công tác cải cách hành chính, chuyển đổi số giai đoạn 2021-2025",
}


def article(title, unit="qk4", topics=("cchc",), date="2024-03-05", **extra):
    front = {"title": title, "date": date, "unit": unit, "topics": list(topics), **extra}
    return sites.article_text(front, f"{title} — nội dung chi tiết của bản tin, đủ dài cho phần tóm tắt.\n")


# -- the five seeds -------------------------------------------------------------------------

def test_seed_articles_render_with_their_real_titles(seed_site):
    home = seed_site.read("index.html")
    for title in SEED_TITLES:
        assert title in home, title
    page = seed_site.read(SEED_2023)
    assert "<h1>Bộ Quốc phòng tổng kết công tác cải cách hành chính, chuyển đổi số năm 2023</h1>" in page
    assert "Năm 2024, chủ đề chuyển đổi số được Bộ Quốc phòng xác định" in page


def test_dates_are_in_vietnamese_form_and_vietnam_time(seed_site):
    page = seed_site.read(SEED_2023)
    assert re.search(r'<time datetime="2023-12-26T00:00:00\+07:00">Thứ Ba, 26/12/2023</time>', page)


def test_seed_bylines_source_and_captions(seed_site):
    page = seed_site.read(SEED_2023)
    assert 'Nguồn:' in page and 'href="https://dangcongsan.vn"' in page
    qk4 = next(p for p in seed_site.site.glob("2023/01/*/index.html"))
    html = qk4.read_text("utf-8")
    assert "Tin, ảnh: <strong>NGỌC THĂNG</strong>" in html
    assert '<p class="caption">' in html
    assert "leftcenterrightdel" not in html


def test_no_page_junk_from_the_raw_seeds_survives(seed_site):
    junk = ["leftcenterrightdel", "SỐ LƯỢT TRUY CẬP", "Gửi bình luận", "reset captcha", "Mời bạn đọc",
            "Thư điện tử của bạn", "Trả lời"]
    for f in seed_site.html_files():
        rel = f.relative_to(seed_site.site).as_posix()
        if rel.removeprefix("en/").startswith(("huong-dan/", "ky-thuat/")):
            continue   # the editor's guide and the maintainers' notes quote the importer's report
        text = f.read_text("utf-8")
        for j in junk:
            assert j not in text, (f, j)


# -- listings -------------------------------------------------------------------------------

def test_home_lists_latest_news_with_date_unit_and_summary(seed_site):
    home = seed_site.read("index.html")
    cards = re.findall(r'<li class="bl-card">(.*?)</li>', home, re.S)
    assert len(cards) == 5
    titles = [text_of(re.search(r'<h2 class="bl-card__title">(.*?)</h2>', c, re.S).group(1)).strip() for c in cards]
    assert titles[0].startswith("Bộ Quốc phòng sơ kết")          # 2025 first
    assert titles[-1].startswith("Quân khu 1 kiểm tra")           # 2021 last
    assert all('<time datetime=' in c and 'bl-card__summary' in c for c in cards)


def test_unit_pages_roll_up_sub_units(project):
    proj = project({
        "2024/vinh.vi.md": article("Ban CHQS thành phố Vinh số hóa hồ sơ", unit="qk4-nghe-an-vinh"),
        "2024/qk2.vi.md": article("Quân khu 2 triển khai Đề án 06", unit="qk2", date="2024-03-06"),
    }, seeds=False)
    b = sites.build_ok(proj)
    for unit in ("qk4-nghe-an-vinh", "qk4-nghe-an", "qk4", "bqp"):
        assert "Ban CHQS thành phố Vinh số hóa hồ sơ" in b.read(f"don-vi/{unit}/index.html"), unit
    assert "Ban CHQS thành phố Vinh" not in b.read("don-vi/qk2/index.html")
    assert "Quân khu 2 triển khai Đề án 06" in b.read("don-vi/bqp/index.html")
    assert "Quân khu 2 triển khai Đề án 06" not in b.read("don-vi/qk4/index.html")


def test_topic_pages_and_month_archive_list_the_right_items(project):
    proj = project({
        "2024/a.vi.md": article("Tin về văn thư lưu trữ", topics=["vtlt"], date="2024-02-10"),
        "2024/b.vi.md": article("Tin về chuyển đổi số", topics=["cds", "cchc"], date="2024-03-01 09:30"),
    }, seeds=False)
    b = sites.build_ok(proj)
    assert "Tin về văn thư lưu trữ" in b.read("chu-de/vtlt/index.html")
    assert "Tin về chuyển đổi số" not in b.read("chu-de/vtlt/index.html")
    assert "Tin về chuyển đổi số" in b.read("chu-de/cds/index.html")
    assert "Tin về chuyển đổi số" in b.read("chu-de/cchc/index.html")
    assert "Tin về văn thư lưu trữ" in b.read("luu-tru/2024/02/index.html")
    assert "Tin về chuyển đổi số" not in b.read("luu-tru/2024/02/index.html")
    archive = b.read("luu-tru/index.html")
    assert "Tháng 2/2024" in archive and "Tháng 3/2024" in archive
    assert "Thứ Sáu, 01/03/2024, 09:30" in b.read("2024/03/tin-ve-chuyen-doi-so/index.html")


def test_pagination_urls_are_stable_when_news_is_added(project, tmp_path):
    arts = {f"2024/t{i}.vi.md": article(f"Tin số {i:02d} về cải cách", date=f"2024-01-{i:02d}") for i in range(1, 8)}
    proj = project(arts, seeds=False, config={"bulletin": {"per_page": 3, "home_count": 3, "older_per_page": 3}})
    b = sites.build_ok(proj)
    page1 = b.read("trang/1/index.html")
    assert all(f"Tin số {i:02d}" in page1 for i in (1, 2, 3))
    assert "Tin số 07" in b.read("index.html") and "Tin số 01" not in b.read("index.html")
    assert 'href="../1/"' in b.read("trang/2/index.html")          # older
    # add news: page 1 keeps its items
    (proj / "articles/2024/t8.vi.md").write_text(article("Tin số 08 về cải cách", date="2024-01-08"), "utf-8")
    b2 = sites.build(proj)
    assert b2.ok
    assert re.findall(r"Tin số \d\d", b2.read("trang/1/index.html")) == re.findall(r"Tin số \d\d", page1)


def test_first_pages_show_cards_older_pages_and_months_compact_rows(project):
    """A listing's first page shows cards (title, date, unit, summary); its numbered (older) pages
    hold ``older_per_page`` items as one-line rows (title, date, unit — the unit left out on that
    unit's own page), and so does a month's page; every item stays listed and linked."""
    arts = {f"2024/t{i}.vi.md": article(f"Tin số {i:02d} về cải cách", date=f"2024-01-{i:02d}",
                                        summary=f"Tóm tắt riêng của tin số {i:02d}.")
            for i in range(1, 8)}
    proj = project(arts, seeds=False, config={"bulletin": {"per_page": 2, "home_count": 2, "older_per_page": 4}})
    b = sites.build_ok(proj)

    def rows(rel):
        tree = lxml.html.fromstring(b.read(rel))
        return [(li.xpath("string(a)"), li.xpath("string(.//time/@datetime)"),
                 li.xpath("string(span[last()])"), li.xpath("string(a/@href)"))
                for li in tree.xpath('//ol[@class="bl-rows"]/li')]

    home = lxml.html.fromstring(b.read("index.html"))
    cards = home.xpath('//ol[@class="bl-cards"]/li[@class="bl-card"]')
    assert [c.xpath("string(.//h2)").strip() for c in cards] == ["Tin số 07 về cải cách", "Tin số 06 về cải cách"]
    assert [c.xpath("string(.//p[@class='bl-card__summary'])") for c in cards] == [
        "Tóm tắt riêng của tin số 07.", "Tóm tắt riêng của tin số 06."]
    assert not home.xpath('//ol[@class="bl-rows"]')
    # older pages: chunks of 4 from the oldest, compact, without summaries
    page1, page2 = rows("trang/1/index.html"), rows("trang/2/index.html")
    assert [r[0] for r in page1] == [f"Tin số {i:02d} về cải cách" for i in (4, 3, 2, 1)]
    assert [r[0] for r in page2] == [f"Tin số {i:02d} về cải cách" for i in (7, 6, 5)]
    assert page1[0][1] == "2024-01-04" and page1[0][2] == "04/01/2024 · Quân khu 4"
    assert page1[0][3] == "../../2024/01/tin-so-04-ve-cai-cach/"
    assert "Tóm tắt riêng" not in b.read("trang/1/index.html")
    # the unit's own older page does not repeat the unit's name; the month page lists all seven
    unit_rows = rows("don-vi/qk4/trang/1/index.html")
    assert unit_rows and all(r[2] == r[2].split(" · ")[0] for r in unit_rows)
    month = rows("luu-tru/2024/01/index.html")
    assert len(month) == 7 and month[0][2].endswith("· Quân khu 4")
    assert "Tóm tắt riêng" not in b.read("luu-tru/2024/01/index.html")


# -- article pages --------------------------------------------------------------------------

def test_article_links_to_unit_topics_neighbours_and_related(project):
    proj = project({
        "2024/a.vi.md": article("Tin thứ nhất Quân khu 4", date="2024-01-01"),
        "2024/b.vi.md": article("Tin thứ hai Quân khu 4", date="2024-01-02"),
        "2024/c.vi.md": article("Tin thứ ba Quân khu 4", date="2024-01-03"),
    }, seeds=False)
    b = sites.build(proj)
    page = b.read("2024/01/tin-thu-hai-quan-khu-4/index.html")
    assert 'href="../../../don-vi/qk4/"' in page
    assert 'href="../../../chu-de/cchc/"' in page
    assert 'rel="prev" href="../tin-thu-nhat-quan-khu-4/"' in page
    assert 'rel="next" href="../tin-thu-ba-quan-khu-4/"' in page
    related = re.search(r'<section class="bl-related".*?</section>', page, re.S).group(0)
    assert "Tin thứ nhất" in related and "Tin thứ ba" in related and "Tin thứ hai" not in related


def _nav(html: str) -> str:
    return re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', html, re.S).group(0)


def test_navigation_shows_units_and_topics_but_never_articles(seed_site):
    """The menu links the sections (units, topics, archive…); a section opens on its own pages: the
    units index lists the top-level units, the topics index the topics. No article is ever in it,
    and on an article page it holds the section links only, whatever the size of the registry."""
    home = _nav(seed_site.read("index.html"))
    for label, href in (("Đơn vị", 'href="don-vi/"'), ("Chủ đề", 'href="chu-de/"'), ("Lưu trữ", 'href="luu-tru/"')):
        assert label in home and href in home
    units = _nav(seed_site.read("don-vi/index.html"))
    assert "Quân khu 4" in units and "Bộ Quốc phòng" in units
    assert "Bộ Chỉ huy Quân sự tỉnh Nghệ An" not in units        # a sub-unit: on its unit's page
    topics = _nav(seed_site.read("chu-de/index.html"))
    assert "Cải cách hành chính" in topics and "Chuyển đổi số" in topics
    article = _nav(seed_site.read(SEED_2023))
    assert "Quân khu 4" not in article and "Cải cách hành chính" not in article
    assert len(article.encode()) < 2500, len(article.encode())
    for nav in (home, units, topics, article):
        for title in SEED_TITLES:
            assert title not in nav


def test_urls_are_ascii_dated_slugs(seed_site):
    for f in seed_site.html_files():
        rel = f.relative_to(seed_site.site).as_posix()
        assert rel.isascii(), rel
    assert seed_site.exists(SEED_2023)


def test_explicit_slug_and_vietnamese_title_slug(project):
    proj = project({
        "2024/a.vi.md": article("Đảng ủy Quân sự tỉnh “đột phá” về CĐS", date="2024-05-02"),
        "2024/b.vi.md": article("Một tiêu đề rất dài", date="2024-05-03", slug="tieu-de-ngan"),
    }, seeds=False)
    b = sites.build(proj)
    assert b.exists("2024/05/dang-uy-quan-su-tinh-dot-pha-ve-cds/index.html")
    assert b.exists("2024/05/tieu-de-ngan/index.html")


# -- drafts and scheduled items -------------------------------------------------------------

def test_drafts_and_future_items_never_appear_in_a_build(project):
    proj = project({
        "2024/draft.vi.md": article("Bản nháp tuyệt mật chưa duyệt", draft=True, id="draft-0001-secret"),
        "2030/future.vi.md": article("Tin hẹn giờ tương lai xa", date="2030-01-01", id="future-0001-secret"),
        "2024/ok.vi.md": article("Tin đã duyệt xuất bản"),
    }, seeds=False)
    b = sites.build_ok(proj)
    assert "draft (draft)" in b.log or "(draft)" in b.log          # reported, not silently dropped
    needles = ["Bản nháp tuyệt mật", "Tin hẹn giờ tương lai", "ban-nhap-tuyet-mat", "tin-hen-gio-tuong-lai",
               "draft-0001-secret", "future-0001-secret"]
    for f in b.site.rglob("*"):
        if f.is_file() and f.suffix in (".html", ".xml", ".json", ".txt", ".opml"):
            text = f.read_text("utf-8", errors="replace")
            for n in needles:
                assert n not in text, (f, n)
    assert "Tin đã duyệt xuất bản" in b.read("index.html")


def test_preview_shows_drafts_and_scheduled_items_with_a_banner(project):
    proj = project({
        "2024/draft.vi.md": article("Bản nháp đang biên tập", draft=True),
        "2030/future.vi.md": article("Tin hẹn giờ năm 2030", date="2030-01-01 08:00"),
    }, seeds=False)
    b = sites.build_ok(proj, preview=True)
    assert "BẢN NHÁP" in b.read("2024/03/ban-nhap-dang-bien-tap/index.html")
    page = b.read("2030/01/tin-hen-gio-nam-2030/index.html")
    assert "HẸN GIỜ" in page and "Thứ Ba, 01/01/2030, 08:00" in page


def test_a_date_without_offset_is_vietnam_time_and_an_offset_is_kept(project):
    proj = project({
        # 23:30 UTC on 1 March is already 2 March in Vietnam
        "2024/a.vi.md": article("Tin có múi giờ UTC", date="2024-03-01T23:30:00Z"),
        "2024/b.vi.md": article("Tin giờ Việt Nam", date="2024-03-01 23:30"),
    }, seeds=False)
    b = sites.build_ok(proj)
    assert 'datetime="2024-03-01T23:30:00+00:00"' in b.read("2024/03/tin-co-mui-gio-utc/index.html")
    assert 'datetime="2024-03-01T23:30:00+07:00"' in b.read("2024/03/tin-gio-viet-nam/index.html")


# -- errors ---------------------------------------------------------------------------------

BROKEN = {
    "2024/unit.vi.md": (article("Sai đơn vị", unit="qk-4"),
                        "articles/2024/unit.vi.md:4: unit: unknown unit 'qk-4' (expected an id from data/units/, see `bulletin units`); did you mean 'qk4'?"),
    "2024/topic.vi.md": (article("Sai chủ đề", topics=["cchcc"]),
                         "articles/2024/topic.vi.md:5: topics: unknown topic 'cchcc'"),
    "2024/date.vi.md": (article("Sai ngày", date="2024-02-30"),
                        "articles/2024/date.vi.md:3: date: '2024-02-30' is not a real date"),
    "2024/yaml.vi.md": ("---\ntitle: Hội nghị: tổng kết\ndate: 2024-01-01\n---\nNội dung.\n",
                        "articles/2024/yaml.vi.md:2: invalid YAML in front matter"),
    "2024/missing.vi.md": ("---\ntitle: Thiếu trường\ndate: 2024-01-01\nunit: qk4\n---\nNội dung.\n",
                           "articles/2024/missing.vi.md:1: topics: required field is missing"),
    "2024/typo.vi.md": (article("Gõ nhầm trường", drafts=True),
                        "articles/2024/typo.vi.md:7: drafts: unknown field"),
    "2024/Ten File.md": (article("Tên tệp sai"), "articles/2024/Ten File.md: file: file name does not match"),
}


def test_every_broken_article_is_reported_in_one_run_and_the_build_fails(project):
    proj = project({rel: text for rel, (text, _) in BROKEN.items()}, seeds=False)
    b = sites.build(proj)
    assert not b.ok
    assert "nothing was published" in b.log
    for rel, (_, expected) in BROKEN.items():
        assert expected in b.log, (expected, b.log)
    assert "Traceback" not in b.log
    assert "did you mean 'drafts'" not in b.log and "did you mean 'draft'?" in b.log


def test_mkdocs_build_command_exits_non_zero_and_names_the_file(project):
    proj = project({"2024/unit.vi.md": BROKEN["2024/unit.vi.md"][0]}, seeds=False)
    b = sites.build_cli(proj)
    assert b.exit_code == 1
    assert "articles/2024/unit.vi.md:4: unit: unknown unit 'qk-4'" in b.log
    assert "Traceback" not in b.log


def test_urls_and_archive_months_follow_the_vietnam_calendar(project):
    # 23:30 UTC on 31 January is 06:30 on 1 February in Vietnam
    proj = project({"2024/a.vi.md": article("Tin gửi lúc nửa đêm UTC", date="2024-01-31T23:30:00Z")}, seeds=False)
    b = sites.build_ok(proj)
    assert b.exists("2024/02/tin-gui-luc-nua-dem-utc/index.html")
    assert "Tin gửi lúc nửa đêm UTC" in b.read("luu-tru/2024/02/index.html")
    assert not b.exists("luu-tru/2024/01/index.html")


def test_two_articles_sharing_a_url_fail_naming_both_files(project):
    proj = project({
        "2024/one.vi.md": article("Cùng một tiêu đề", date="2024-03-01"),
        "2024/two.vi.md": article("Cùng một tiêu đề", date="2024-03-09"),
    }, seeds=False)
    b = sites.build(proj)
    assert not b.ok
    assert re.search(r"articles/2024/(one|two)\.vi\.md:\d+: slug: same URL /2024/03/cung-mot-tieu-de/ as "
                     r"articles/2024/(one|two)\.vi\.md", b.log)


@pytest.mark.parametrize("raw, warning", [
    (b"\xef\xbb\xbf" + sites.article_text({"title": "Tin có BOM", "date": "2024-01-01", "unit": "qk4",
                                          "topics": ["cchc"]}).encode(), "byte order mark"),
    (sites.article_text({"title": "Tin có CRLF", "date": "2024-01-01", "unit": "qk4", "topics": ["cchc"]})
     .replace("\n", "\r\n").encode(), "CRLF"),
    (__import__("unicodedata").normalize("NFD", sites.article_text(
        {"title": "Tin tổ hợp NFD", "date": "2024-01-01", "unit": "qk4", "topics": ["cchc"]})).encode(), "NFC"),
])
def test_bom_crlf_and_nfd_are_handled_and_reported(project, raw, warning):
    proj = project({"2024/x.vi.md": raw}, seeds=False)
    b = sites.build_ok(proj)
    assert warning in b.log
    home = b.read("index.html")
    title = re.search(r'<h2 class="bl-card__title">\s*<a[^>]*>([^<]*)</a>', home).group(1)
    assert title == __import__("unicodedata").normalize("NFC", title) and title.startswith("Tin")


def test_site_makes_no_third_party_requests(seed_site):
    for f in seed_site.html_files():
        text = f.read_text("utf-8")
        notes = f.relative_to(seed_site.site).as_posix().removeprefix("en/").startswith("ky-thuat/")
        for host in ("fonts.googleapis", "fonts.gstatic", "cdn.jsdelivr", "unpkg.com", "cdnjs"):
            # the maintainers' notes name these hosts in their text (what other tools request)
            assert notes or host not in text, (f, host)
        for src in re.findall(r'<(?:script|img|link)[^>]+(?:src|href)="(https?://[^"]+)"', text):
            assert src.startswith("https://bantin.example.vn/"), (f, src)
