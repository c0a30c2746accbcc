"""`bulletin import URL|page.html`: realistic saved news pages served from a local site.

The pages (tests/importer/fixtures/pages/) are written for these tests in our own words, shaped
like the outlets' markup: qdnd.vn (caption tables with the editor's left/center/right/del
toolbar, lazy-loaded photos, a sapo outside the text), a military region's WordPress paper
(og:/article: tags, a Yoast JSON-LD @graph, a lazy-loading plugin, a caption figure, sharing and
related-post blocks, a comment form) and a provincial military command's portal (a table
layout, visitor counters, a captcha form, a picture paragraph followed by its caption line, no
metadata at all). The expected values below are written by hand from the pages.
"""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
import yaml

from bulletin.editor import cli
from support import sites
from support.newsserver import PAGES, Answer, NewsServer

QDND_URL = ("https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/"
            "quan-khu-4-day-manh-cai-cach-hanh-chinh-va-chuyen-doi-so-742576")
QDND_SLUG = "quan-khu-4-day-manh-cai-cach-hanh-chinh-va-chuyen-doi-so"
QDND_PICTURES = ["/file3/data/images/0/2023/12/18/ngocthang/kiem-tra-qk4.jpg",
                 "/file3/data/images/0/2023/12/18/ngocthang/ban chqs vinh.jpg",
                 "/file3/data/images/0/2023/12/18/ngocthang/so-sach-tthc.jpg"]
# what is on the pages but is not the article: none of it may reach the draft
CHROME = ["Tin liên quan", "Đọc nhiều", "Ý kiến bạn đọc", "In bài viết", "Chia sẻ", "Từ khóa", "Đường dây nóng",
          "Quân khu 4 tập huấn chuyển đổi số cho cán bộ cơ sở", "leftcenterrightdel", "Mời bạn đọc",
          "Cơ quan của Quân ủy Trung ương", "Trang chủ", "Bài viết liên quan", "Thư điện tử của bạn",
          "Lượt xem", "SỐ LƯỢT TRUY CẬP", "Liên kết Website", "reset captcha", "Các tin khác", "Hội nghị quân chính",
          "Về đầu trang", "Bản in", "Ghi rõ nguồn", "Thẻ:", "Chuyên mục:", "Gửi bình luận"]


@pytest.fixture(scope="module")
def news():
    with NewsServer() as server:
        server.pages = server.outlets()
        yield server


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = sites.make_project(tmp_path / "p")
    monkeypatch.chdir(root)
    monkeypatch.setenv("BULLETIN_NOW", sites.TEST_NOW)
    return root


def run(capsys, *args) -> tuple[int, str, str]:
    code = cli.main(["import", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def front_and_body(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    m = re.match(r"---\n(.*?)\n---\n\n(.*)", text, re.S)
    return yaml.safe_load(m[1]), m[2]


COPY = re.compile(r"-\d+w\.[a-z]+$")


def all_images(project: Path) -> dict[str, bytes]:
    folder = project / "docs" / "images"
    return {p.relative_to(project / "docs").as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()} if folder.is_dir() else {}


def images(project: Path) -> dict[str, bytes]:
    """The pictures stored under docs/images/, without their phone-sized copies."""
    return {k: v for k, v in all_images(project).items() if not COPY.search(k)}


def copies(project: Path) -> dict[str, bytes]:
    return {k: v for k, v in all_images(project).items() if COPY.search(k)}


def fixture_image(name: str) -> bytes:
    return (PAGES / "img" / name).read_bytes()


def articles(project: Path) -> set[str]:
    return {p.relative_to(project).as_posix() for p in (project / "articles").rglob("*.md")}


# ------------------------------------------------------------------------------ the outlets

def test_qdnd_page_every_field_and_its_three_photos(news, project, capsys):
    before = articles(project)
    code, out, err = run(capsys, news.pages["qdnd"])
    assert code == 0, err
    written = project / out.strip()
    assert written.name == f"2023-12-18-{QDND_SLUG}.vi.md" and written.parent.name == "2023"
    assert articles(project) - before == {out.strip()}
    front, body = front_and_body(written)
    lead = f"images/2023/12/{QDND_SLUG}.jpg"
    assert front["title"] == "Quân khu 4 đẩy mạnh cải cách hành chính và chuyển đổi số"
    assert str(front["date"]) == "2023-12-18 16:42"          # article:published_time, no lead date
    assert front["unit"] == "qk4" and front["topics"] == ["cchc", "cds"]
    assert front["authors"] == ["Tin, ảnh: NGỌC THĂNG"]      # the byline as printed, not JSON-LD's "Ngọc Thăng"
    assert front["source"] == {"name": "Báo Quân đội Nhân dân", "url": QDND_URL}
    assert front["image"] == lead
    assert front["caption"] == ("Đại tá Ngô Nam Cường, Phó tư lệnh Quân khu, chủ trì buổi kiểm tra ở Tổng Công ty "
                                "Hợp tác kinh tế Quân khu 4.")
    assert front["pictures"] == [
        {"file": lead, "url": news.url(QDND_PICTURES[0].replace(" ", "%20")) + "?dpi=150&quality=100&w=870"},
        {"file": f"images/2023/12/{QDND_SLUG}-2.jpg",
         "url": news.url(QDND_PICTURES[1].replace(" ", "%20")) + "?dpi=150&quality=100&w=870"},
        {"file": f"images/2023/12/{QDND_SLUG}-3.jpg",
         "url": news.url(QDND_PICTURES[2].replace(" ", "%20")) + "?dpi=150&quality=100&w=870"}]
    assert front["draft"] is True
    # the photos on disk are the page's photos, byte for byte, under ASCII names from the slug
    assert images(project) == {lead: fixture_image("kiem-tra-qk4.jpg"),
                               f"images/2023/12/{QDND_SLUG}-2.jpg": fixture_image("ban-chqs-vinh.jpg"),
                               f"images/2023/12/{QDND_SLUG}-3.jpg": fixture_image("so-sach-tthc.jpg")}
    # each (870 px wide) has a 640 px copy for phones, made from it, beside it
    from bulletin.content.imagefile import inspect
    assert sorted(copies(project)) == [f"images/2023/12/{QDND_SLUG}-2-640w.jpg", f"images/2023/12/{QDND_SLUG}-3-640w.jpg",
                                       f"images/2023/12/{QDND_SLUG}-640w.jpg"]
    for name, data in copies(project).items():
        info = inspect(data)
        assert info.kind == "jpeg" and info.width == 640, name
    assert inspect(copies(project)[f"images/2023/12/{QDND_SLUG}-2-640w.jpg"]).height == round(560 * 640 / 870)
    # only the article's photos were fetched: no logo, icon, advertisement or related story
    fetched = {p for p, _ in news.requests}
    assert not fetched & {"/static/images/logo-qdnd.png", "/static/icons/zalo.png", "/static/ads/qc-300x250.jpg",
                          "/file3/data/images/0/2023/12/10/khac/related-1.jpg",
                          "/file3/data/images/0/2023/12/01/khac/most-read.jpg", "/static/images/blank.gif"}
    assert all("Mozilla/5.0" in ua and "bulletin-import" in ua for _, ua in news.requests)
    # the text: the sapo, the paragraphs, the two other photos as figures where they were
    paragraphs = [b for b in body.strip().split("\n\n")]
    assert paragraphs[0].startswith("QĐND - Một đoàn công tác của Quân khu 4 vừa kiểm tra")
    assert paragraphs[1].startswith("Theo đánh giá của đoàn kiểm tra, trong năm 2023")
    assert paragraphs[2].startswith("Bộ Chỉ huy Quân sự tỉnh Nghệ An được đoàn ghi nhận")
    assert paragraphs[3] == (
        '<figure markdown="span">\n'
        "![Đoàn kiểm tra việc ứng dụng chuyển đổi số vào nhiệm vụ ở Ban CHQS thành phố Vinh.]"
        f'(../../../images/2023/12/{QDND_SLUG}-2.jpg){{ width="870" height="560" }}\n'
        "<figcaption>Đoàn kiểm tra việc ứng dụng chuyển đổi số vào nhiệm vụ ở Ban CHQS thành phố Vinh.</figcaption>\n"
        "</figure>")
    assert paragraphs[4].startswith('<figure markdown="span">\n![Kiểm tra văn bản, sổ sách cải cách thủ tục')
    assert paragraphs[5].startswith("Những năm gần đây, Thường vụ Đảng ủy, Bộ tư lệnh Quân khu 4")
    assert len(paragraphs) == 6          # the byline went to authors:, the lead photo's caption to caption:
    for junk in CHROME:
        assert junk not in body, junk
    # the report says where each value came from
    assert "og:title" in err and "article:published_time" in err and "#post-content" in err
    assert err.count("✓ Ảnh / picture") == 3


def test_military_region_wordpress_page_lead_date_and_lazy_photo(news, project, capsys):
    code, out, err = run(capsys, news.pages["qk2"])
    assert code == 0, err
    front, body = front_and_body(project / out.strip())
    slug = "bo-quoc-phong-tong-ket-cong-tac-cai-cach-hanh-chinh-va-xay-dung-chinh-phu-dien"
    # og:title carries "| Báo Quân khu 2": the site's name is not part of the headline
    assert front["title"] == "Bộ Quốc phòng tổng kết công tác cải cách hành chính và xây dựng Chính phủ điện tử năm 2021"
    # the event's date from the lead "Chiều 4-1", its year from article:published_time
    assert front["date"].isoformat() == "2022-01-04"
    assert "Chiều 4-1" in err
    assert front["unit"] == "bqp" and front["topics"] == ["cchc", "cpdt", "tthc"]
    assert front["authors"] == ["Tin, ảnh: VĂN DƯƠNG"]
    assert front["source"]["name"] == "Báo Quân khu 2" and front["source"]["url"] == news.pages["qk2"]
    # the photo behind a lazy-loading plugin (data-lazy-src; src is an SVG placeholder)
    assert front["image"] == f"images/2022/01/{slug}.jpg"
    assert front["caption"] == "Toàn cảnh hội nghị ở điểm cầu Quân khu."
    assert images(project) == {f"images/2022/01/{slug}.jpg": fixture_image("hoi-nghi-cchc-1.jpg")}
    assert not news.fetched("/wp-content/uploads/2021/12/anh-bai-khac-300x200.jpg")     # related post
    assert not news.fetched("/wp-content/uploads/2021/06/banner-dvc.png")              # sidebar banner
    assert body.startswith("QK2 – Chiều 4-1, Ban Chỉ đạo cải cách hành chính (CCHC)")
    assert body.count("\n\n") == 2 and "<figure" not in body
    for junk in CHROME:
        assert junk not in body, junk


def test_provincial_portal_without_metadata_never_invents_a_date(news, project, capsys):
    code, out, err = run(capsys, news.pages["tinh"])
    assert code == 0, err
    written = project / out.strip()
    assert written.parent.name == "nhap"          # undated: the rules' folder for drafts without a date
    front, body = front_and_body(written)
    assert front["title"].startswith("Quân khu 1 kiểm tra kết quả công tác cải cách hành chính")
    assert front["date"] is None                   # the page has no date: none is made up (not "Các tin khác" dates)
    assert "✗ Ngày / date" in err
    assert front["unit"] == "qk1" and front["topics"] == ["cchc", "vtlt"]
    assert front["authors"] == ["Bộ CHQS tỉnh"]
    # the picture paragraph and the caption line that follows it
    assert front["caption"] == "Thiếu tướng Hoàng Văn Hữu kết luận buổi kiểm tra"
    assert list(images(project).values()) == [fixture_image("kiem-tra-cchc.jpg")]
    assert body.startswith("(BTV) Thiếu tướng Hoàng Văn Hữu, Phó Tư lệnh Quân khu 1")
    for junk in CHROME:
        assert junk not in body, junk
    code = cli.main(["check", str(written)])
    assert code == 1 and "date: required field is empty" in capsys.readouterr().out


def test_unit_portal_section_and_date_lines_above_the_text(news, project, capsys):
    code, out, err = run(capsys, news.pages["donvi"])
    assert code == 0, err
    front, body = front_and_body(project / out.strip())
    # <title> is "headline - portal name" and there is no og:site_name: the heading decides
    assert front["title"] == "Bộ Quốc phòng tổng kết công tác cải cách hành chính, chuyển đổi số năm 2023"
    # "Sáng 26/12" in the lead, the year from the page's "Chuyển đổi số 27/12/2023" line
    assert front["date"].isoformat() == "2023-12-26"
    assert front["unit"] == "bqp" and front["topics"][:2] == ["cds", "cchc"]     # the section, then the headline
    assert front["source"] == {"name": "dangcongsan.vn", "url": news.pages["donvi"]}   # "Nguồn:" as printed
    assert "authors" not in front
    assert front["caption"] == "Thượng tướng Lê Huy Vịnh phát biểu tại hội nghị"
    assert list(images(project).values()) == [fixture_image("hoi-nghi-tong-ket-2023.jpg")]
    assert not news.fetched("/html/themes/portal/images/star.png") and not news.fetched("/image/company_logo")
    assert body.startswith("Thượng tướng Lê Huy Vịnh đề nghị lãnh đạo")
    assert body.rstrip().endswith("đào tạo chuyên gia chuyển đổi số trong và ngoài nước./.")
    for junk in CHROME + ["Tin cùng chuyên mục", "Đánh giá", "Tập huấn chuyển đổi số năm 2023", "Nguồn:"]:
        assert junk not in body, junk


# ------------------------------------------------------------------------------ saved pages

def saved_page(folder: Path, name: str, src_for, with_files: bool) -> Path:
    """A qdnd.vn page as a browser saves it ("Webpage, Complete"): the pictures in <name>_files/,
    the original address in a comment."""
    html = (PAGES / "qdnd-qk4.html").read_text(encoding="utf-8").replace("{{ORIGIN}}", "https://www.qdnd.vn")
    for path, file in [(QDND_PICTURES[0], "kiem-tra-qk4.jpg"), (QDND_PICTURES[1].replace(" ", "%20"), "ban-chqs-vinh.jpg"),
                       (QDND_PICTURES[2], "so-sach-tthc.jpg")]:
        html = html.replace(f'data-src="https://www.qdnd.vn{path}?dpi=150&amp;quality=100&amp;w=870"',
                            f'data-src="{src_for(file)}"')
    html = f"<!-- saved from url=(0089){QDND_URL} -->\n" + html
    page = folder / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    if with_files:
        files = folder / f"{name}_files"
        files.mkdir()
        for file in ("kiem-tra-qk4.jpg", "ban-chqs-vinh.jpg", "so-sach-tthc.jpg"):
            (files / file).write_bytes(fixture_image(file))
    return page


def test_saved_page_with_its_files_folder_needs_no_network(project, capsys, tmp_path):
    page = saved_page(tmp_path, "Quân khu 4 đẩy mạnh CCHC", lambda f: f"./Quân khu 4 đẩy mạnh CCHC_files/{f}", True)
    code, out, err = run(capsys, str(page))
    assert code == 0, err
    front, body = front_and_body(project / out.strip())
    assert front["source"]["url"] == QDND_URL
    assert front["image"] == f"images/2023/12/{QDND_SLUG}.jpg"
    assert [p["file"] for p in front["pictures"]] == [f"images/2023/12/{QDND_SLUG}.jpg",
                                                      f"images/2023/12/{QDND_SLUG}-2.jpg",
                                                      f"images/2023/12/{QDND_SLUG}-3.jpg"]
    assert images(project)[f"images/2023/12/{QDND_SLUG}-3.jpg"] == fixture_image("so-sach-tthc.jpg")
    assert body.count("<figure") == 2


def test_saved_page_without_its_folder_downloads_absolute_pictures(news, project, capsys, tmp_path):
    page = saved_page(tmp_path, "trang", lambda f: news.url("/saved/" + f), False)
    for file in ("kiem-tra-qk4.jpg", "ban-chqs-vinh.jpg", "so-sach-tthc.jpg"):
        news.file("/saved/" + file, fixture_image(file), "image/jpeg")
    code, out, err = run(capsys, str(page))
    assert code == 0, err
    assert len(images(project)) == 3 and news.fetched("/saved/so-sach-tthc.jpg")


def test_saved_page_whose_folder_is_missing_keeps_the_text_and_says_which_pictures(project, capsys, tmp_path):
    page = saved_page(tmp_path, "trang", lambda f: f"trang_files/{f}", False)
    code, out, err = run(capsys, str(page))
    assert code == 0, err
    front, body = front_and_body(project / out.strip())
    assert "image" not in front and "pictures" not in front and images(project) == {}
    assert err.count("✗ Ảnh / picture") == 3 and "_files" in err
    assert "Đoàn kiểm tra việc ứng dụng chuyển đổi số" in body      # the caption stays, as a caption
    assert "{: .caption }" in body


def test_a_saved_page_cannot_make_the_importer_read_files_elsewhere(project, capsys, tmp_path):
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(fixture_image("related.jpg"))
    folder = tmp_path / "saved"
    folder.mkdir()
    page = saved_page(folder, "trang", lambda f: "../secret.jpg" if f == "kiem-tra-qk4.jpg" else "file:///etc/passwd", False)
    code, out, err = run(capsys, str(page))
    assert code == 0, err
    assert images(project) == {}
    assert err.count("✗ Ảnh / picture") == 3


# ------------------------------------------------------------------------------ the site

def test_the_imported_draft_passes_check_and_builds_into_a_page_showing_its_photos(news, project, capsys):
    code, out, err = run(capsys, news.pages["qdnd"])
    assert code == 0, err
    path = project / out.strip()
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    assert cli.main(["check"]) == 0, capsys.readouterr().out
    build = sites.build_ok(project)
    html = build.read(f"2023/12/{QDND_SLUG}/index.html")
    lead = f"images/2023/12/{QDND_SLUG}.jpg"
    assert build.exists(lead) and build.exists(f"images/2023/12/{QDND_SLUG}-3.jpg")
    assert (build.site / lead).read_bytes() == fixture_image("kiem-tra-qk4.jpg")
    imgs = re.findall(r"<img\b[^>]*>", html.split('<article', 1)[1])
    srcs = [re.search(r'src="([^"]+)"', i)[1] for i in imgs]
    assert [s.rsplit("/", 1)[-1] for s in srcs][:3] == [f"{QDND_SLUG}.jpg", f"{QDND_SLUG}-2.jpg", f"{QDND_SLUG}-3.jpg"]
    assert 'alt="Đoàn kiểm tra việc ứng dụng chuyển đổi số vào nhiệm vụ ở Ban CHQS thành phố Vinh."' in imgs[1]
    assert 'width="870" height="580"' in imgs[0] and "loading=" not in imgs[0]       # the lead loads first
    assert all('loading="lazy"' in i for i in imgs[1:3])                            # the figures below, lazily
    # phones get the 640 px copy: srcset on every photo, the copies published beside them
    for img, stem in zip(imgs[:3], (QDND_SLUG, f"{QDND_SLUG}-2", f"{QDND_SLUG}-3")):
        assert f'{stem}-640w.jpg 640w, ' in img and f'{stem}.jpg 870w"' in img and 'sizes="' in img, img
        assert build.exists(f"images/2023/12/{stem}-640w.jpg")
    assert "<figcaption>Kiểm tra văn bản, sổ sách cải cách thủ tục hành chính ở Bộ CHQS tỉnh Nghệ An.</figcaption>" in html
    # Open Graph and the feed's enclosure show the lead photo; the monthly digest lists the article with
    # its summary and a link (no pictures since the digest became summaries and links)
    assert f'property="og:image" content="https://bantin.example.vn/{lead}"' in html
    rss = build.read("feeds/rss.xml")
    assert f'<enclosure url="https://bantin.example.vn/{lead}" length="{len(fixture_image("kiem-tra-qk4.jpg"))}" ' \
           'type="image/jpeg"' in rss
    item = rss.split("<item>")[1 + next(i for i, it in enumerate(rss.split("<item>")[1:]) if QDND_SLUG in it)]
    assert f"https://bantin.example.vn/images/2023/12/{QDND_SLUG}-2.jpg" in item     # the figures, absolute
    digest = build.read("ban-tin/2023/12/index.html")
    assert f'/2023/12/{QDND_SLUG}/"' in digest and f"{QDND_SLUG}.jpg" not in digest


# ------------------------------------------------------------------------------ errors

def nothing_written(project: Path, before: set[str]) -> None:
    assert articles(project) == before
    assert all_images(project) == {}


@pytest.mark.parametrize("route, answer, message", [
    ("/khong-co-bai-nay-123", None, "HTTP 404"),
    ("/bao-cao.pdf", Answer(200, b"%PDF-1.7 ...", "application/pdf"), "không phải trang HTML mà là 'application/pdf'"),
    ("/api/bai.json", Answer(200, b'{"title": "x"}', "application/json"), "not an HTML page but 'application/json'"),
    ("/loi-may-chu", Answer(503, b"busy", "text/plain"), "HTTP 503"),
    ("/cam", Answer(403, b"no", "text/html"), "HTTP 403"),
])
def test_http_failures_are_clear_and_write_nothing(news, project, capsys, route, answer, message):
    if answer is not None:
        news.routes[route] = answer
    before = articles(project)
    code, out, err = run(capsys, news.url(route))
    assert code == 1 and message in err, err
    assert "Traceback" not in err
    nothing_written(project, before)


def test_a_section_page_is_not_an_article(news, project, capsys):
    before = articles(project)
    code, out, err = run(capsys, news.pages["listing"])
    assert code == 1 and "không phải một bài báo" in err and "not an article" in err
    nothing_written(project, before)


def test_no_network_is_said_plainly(project, capsys):
    with socket.socket() as s:      # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    before = articles(project)
    code, out, err = run(capsys, f"http://127.0.0.1:{port}/bai-viet")
    assert code == 1 and "không kết nối được" in err and "cannot connect" in err
    nothing_written(project, before)


def test_a_slow_site_times_out(news, project, capsys):
    rules = project / "data" / "import-page.yml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("timeout: 20", "timeout: 1"), encoding="utf-8")
    news.routes["/cham"] = Answer(200, b"<html></html>", delay=3)
    before = articles(project)
    code, out, err = run(capsys, news.url("/cham"))
    assert code == 1 and "1 giây" in err and "no answer within 1 seconds" in err.replace("seconds;", "seconds")
    nothing_written(project, before)


def test_only_http_addresses_are_fetched_even_from_a_page(news, project, capsys, tmp_path):
    secret = tmp_path / "anh-rieng.jpg"
    secret.write_bytes(fixture_image("ban-chqs-vinh.jpg"))
    html = (PAGES / "qk2-wordpress.html").read_text(encoding="utf-8").replace("{{ORIGIN}}", news.origin)
    html = html.replace("/2022/01/04/bo-quoc-phong-tong-ket", "/2022/01/06/bo-quoc-phong-tong-ket")
    html = html.replace('<p style="text-align: right;"><strong>Tin, ảnh',
                        f'<figure class="wp-caption"><img src="{secret.as_uri()}" width="800" height="533" alt="">'
                        '<figcaption>Ảnh trên máy</figcaption></figure>'
                        f'<figure class="wp-caption"><img src="{news.url("/chuyen-sang-tep")}" width="800" height="533" '
                        'alt=""><figcaption>Ảnh chuyển hướng</figcaption></figure>'
                        '<p style="text-align: right;"><strong>Tin, ảnh')
    news.file("/bai-anh-tren-may", html.encode(), "text/html; charset=utf-8")
    news.redirect("/chuyen-sang-tep", secret.as_uri(), 302)
    code, out, err = run(capsys, news.url("/bai-anh-tren-may"))
    assert code == 0, err
    assert "only http/https addresses" in err and "a redirect was refused" in err
    assert fixture_image("ban-chqs-vinh.jpg") not in images(project).values()
    code, out, err = run(capsys, secret.as_uri())          # nor as the page itself
    assert code == 1


def test_redirects_are_followed(news, project, capsys):
    news.redirect("/bai-cu", news.pages["qdnd"])
    news.redirect("/bai-cu-2", news.url("/bai-cu"), 302)
    code, out, err = run(capsys, news.url("/bai-cu-2"))
    assert code == 0, err
    front, _ = front_and_body(project / out.strip())
    assert front["source"]["url"] == QDND_URL


def test_the_same_page_twice_is_refused_naming_the_article(news, project, capsys):
    code, out, err = run(capsys, news.pages["qdnd"])
    assert code == 0, err
    first = out.strip()
    on_disk = images(project)
    news.redirect("/cung-bai", news.pages["qdnd"])
    for again in (news.pages["qdnd"], news.url("/cung-bai")):
        code, out, err = run(capsys, again)
        assert code == 1 and first in err and "đã được nhập" in err and "imported before" in err, err
    assert images(project) == on_disk


def test_pictures_that_are_not_pictures_or_too_large_are_refused(news, project, capsys):
    html = (PAGES / "qk2-wordpress.html").read_text(encoding="utf-8").replace("{{ORIGIN}}", news.origin)
    html = html.replace("/2022/01/04/bo-quoc-phong-tong-ket", "/2022/01/05/bo-quoc-phong-tong-ket")
    extra = ('<figure class="wp-caption"><img src="{o}/anh/loi.jpg" width="800" height="533" alt="">'
             '<figcaption>Ảnh hỏng</figcaption></figure>'
             '<figure class="wp-caption"><img src="{o}/anh/to.jpg" width="800" height="533" alt="">'
             '<figcaption>Ảnh quá nặng</figcaption></figure>').format(o=news.origin)
    html = html.replace('<p style="text-align: right;"><strong>Tin, ảnh', extra + '<p style="text-align: right;"><strong>Tin, ảnh')
    news.file("/bai-co-anh-loi", html.encode(), "text/html; charset=utf-8")
    news.file("/anh/loi.jpg", b"<!DOCTYPE html><html><body>Not found</body></html>", "image/jpeg")
    news.file("/anh/to.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 9_000_000, "image/jpeg")
    code, out, err = run(capsys, news.url("/bai-co-anh-loi"))
    assert code == 0, err
    assert "một trang HTML — an HTML page" in err
    assert "quá lớn" in err and "too large" in err and "8.0 MB" in err
    assert list(images(project).values()) == [fixture_image("hoi-nghi-cchc-1.jpg")]


def test_nothing_half_written_when_the_article_cannot_be_created(news, project, capsys):
    target = project / "articles" / "2023" / f"2023-12-18-{QDND_SLUG}.vi.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("bài khác cùng tên — another article with that name\n", encoding="utf-8")
    code, out, err = run(capsys, news.pages["qdnd"])
    assert code == 1 and "đã có, không ghi đè" in err
    assert all_images(project) == {}     # the photos (and their copies) stored just before were removed again
    assert target.read_text(encoding="utf-8").startswith("bài khác")


def test_dry_run_writes_nothing(news, project, capsys):
    before = articles(project)
    code, out, err = run(capsys, news.pages["qk2"], "--dry-run")
    assert code == 0 and out.startswith("---\n") and "image: " in out
    nothing_written(project, before)


# ------------------------------------------------------------------------------ the page reader

def page_rules():
    from bulletin.importer.page import load_page_rules
    return load_page_rules(sites.REPO / "data" / "import-page.yml")


def test_a_layout_the_rules_do_not_know_falls_back_to_trafilatura():
    from bulletin.importer.page import parse_page
    text = ("Chiều 12-3, Bộ Chỉ huy Quân sự tỉnh tổ chức hội nghị rút kinh nghiệm công tác cải cách hành chính "
            "quý I, đánh giá việc giải quyết thủ tục hành chính trên môi trường điện tử và triển khai nhiệm vụ "
            "quý II với các cơ quan, đơn vị trực thuộc trên địa bàn tỉnh. Hội nghị thống nhất tiếp tục rà soát, "
            "đơn giản hóa chế độ báo cáo và đẩy mạnh tiếp nhận hồ sơ trực tuyến trong quý tới.")
    html = ("<html><head><title>Hội nghị rút kinh nghiệm CCHC quý I</title></head><body>"
            "<table><tr><td class='menu'><a href='/'>Trang chủ</a></td></tr>"
            f"<tr><td><font face='Arial'>{text}</font></td></tr></table></body></html>")
    page = parse_page(html.encode(), "https://bchqs.example.vn/tin/1", page_rules())
    assert "trafilatura" in page.body_from
    assert page.paragraphs and page.paragraphs[-1].startswith("Chiều 12-3, Bộ Chỉ huy Quân sự tỉnh")


def test_json_ld_graph_and_dates_in_another_time_zone():
    from bulletin.importer.page import parse_page
    from bulletin.importer.web import date_line
    html = (PAGES / "qk2-wordpress.html").read_text(encoding="utf-8").replace("{{ORIGIN}}", "https://qk2.example.vn")
    html = re.sub(r'<meta property="article:published_time"[^>]*>', "", html)
    page = parse_page(html.encode(), "https://qk2.example.vn/bai", page_rules())
    assert page.published_from == "JSON-LD NewsArticle.datePublished" and page.published == "2022-01-04T13:15:33+00:00"
    assert date_line(page.published) == "Ngày đăng: 04/01/2022 20:15"          # Vietnam time, not UTC
    assert date_line("2023-12-31T20:30:00Z") == "Ngày đăng: 01/01/2024 03:30"
    assert date_line("2023-12-27") == "Ngày đăng: 27/12/2023"
    assert page.authors == ["Văn Dương"] and page.site_name == "Báo Quân khu 2"


def test_a_decomposed_vietnamese_page_gives_precomposed_text():
    import unicodedata

    from bulletin.importer.page import parse_page
    html = (PAGES / "qdnd-qk4.html").read_text(encoding="utf-8").replace("{{ORIGIN}}", "https://www.qdnd.vn")
    page = parse_page(unicodedata.normalize("NFD", html).encode("utf-8"), "https://www.qdnd.vn/x", page_rules())
    assert page.title == "Quân khu 4 đẩy mạnh cải cách hành chính và chuyển đổi số"
    assert all(unicodedata.is_normalized("NFC", p) for p in page.paragraphs + [page.title])
    assert page.pictures[1].caption.startswith("Đoàn kiểm tra việc ứng dụng")


def test_lines_broken_by_br_are_paragraphs_and_a_byline():
    from bulletin.importer.page import parse_page
    lead = ("Sáng 5-3, Bộ Chỉ huy Quân sự tỉnh tổ chức hội nghị triển khai nhiệm vụ cải cách hành chính năm 2024 "
            "cho cơ quan quân sự các huyện, thị xã, thành phố trong tỉnh.")
    more = ("Hội nghị quán triệt kế hoạch của Bộ Tư lệnh Quân khu về chuyển đổi số, giao chỉ tiêu cụ thể cho từng "
            "cơ quan, đơn vị và yêu cầu hoàn thành số hóa hồ sơ trước tháng 10.")
    html = (f"<html><body><div class='news-content'>{lead}<br><br>{more}<br>"
            "<b>Tin: MINH ANH</b></div></body></html>")
    page = parse_page(html.encode(), "https://bchqs.example.vn/tin/2", page_rules())
    assert page.paragraphs == [lead, more, "Tin: MINH ANH"]


def test_picture_files_are_known_by_their_first_bytes():
    from bulletin.content.imagefile import describe, inspect
    jpeg = fixture_image("kiem-tra-qk4.jpg")
    assert inspect(jpeg).kind == "jpeg" and (inspect(jpeg).width, inspect(jpeg).height) == (870, 580)
    png = fixture_image("logo.png")
    assert inspect(png).kind == "png" and (inspect(png).width, inspect(png).height) == (300, 60)
    assert inspect(b"GIF89a\x10\x00\x20\x00" + b"\0" * 20).kind == "gif"
    webp = b"RIFF\x00\x00\x00\x00WEBPVP8X" + b"\0" * 8 + (639).to_bytes(3, "little") + (399).to_bytes(3, "little")
    assert (inspect(webp).kind, inspect(webp).width, inspect(webp).height) == ("webp", 640, 400)
    assert inspect(b"\0\0\0\x1cftypavif" + b"\0" * 20).kind == "avif"
    for data, what in [(b"<!DOCTYPE html><html>", "HTML"), (b"<svg xmlns='http://www.w3.org/2000/svg'>", "SVG"),
                       (b"%PDF-1.7", "PDF"), (b"", "rỗng")]:
        assert inspect(data) is None and what in describe(data)


def test_addresses_compare_without_tracking_or_fragments():
    from bulletin.importer.web import canonical_url
    a = canonical_url("https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/bai-742576?utm_source=zalo#binh-luan")
    assert a == canonical_url("http://qdnd.vn/quoc-phong-an-ninh/tin-tuc/bai-742576/")
    assert a != canonical_url("https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/bai-742577")
    assert canonical_url("file:///tmp/trang.html") is None
