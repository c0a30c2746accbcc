"""Pictures on article pages (bulletin.site.pictures) and their weight in `bulletin check`:
real builds of articles written by hand, with picture files from the importer's fixtures."""

from __future__ import annotations

import re

import pytest

from bulletin.editor import cli
from support import sites

IMG = sites.REPO / "tests" / "importer" / "fixtures" / "pages" / "img"


def article(front: dict, body: str) -> str:
    return sites.article_text(front, body)


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    project = sites.make_project(tmp_path_factory.mktemp("pics") / "p", {
        # a lead photo and two pictures in the text, one written without its size
        "2024/2024-05-02-co-anh-dau.vi.md": article(
            {"title": "Bộ CHQS tỉnh Nghệ An kiểm tra số hóa hồ sơ", "date": "2024-05-02", "unit": "qk4",
             "topics": ["cds"], "image": "images/2024/05/dau.jpg", "caption": "Toàn cảnh buổi kiểm tra"},
            "Đoàn kiểm tra làm việc với cơ quan tham mưu về việc số hóa hồ sơ quân nhân.\n\n"
            "![Cán bộ nhập hồ sơ](../../../images/2024/05/hai.jpg)\n\n"
            "Đoạn giữa của bài viết có đủ chữ để đọc.\n\n"
            '<figure markdown="span">\n![Kho lưu trữ](../../../images/2024/05/ba.jpg){ width="870" height="600" }\n'
            "<figcaption>Kho lưu trữ</figcaption>\n</figure>\n"),
        # no lead photo: the first picture of the text loads at once
        "2024/2024-05-03-khong-anh-dau.vi.md": article(
            {"title": "Quân khu 4 tập huấn chuyển đổi số", "date": "2024-05-03", "unit": "qk4", "topics": ["cds"]},
            "Lớp tập huấn dành cho cán bộ cơ quan quân sự các huyện trong tỉnh.\n\n"
            "![Lớp học](../../../images/2024/05/hai.jpg)\n\nPhần sau của bài.\n\n"
            "![Thực hành](../../../images/2024/05/ba.jpg)\n"),
    }, seeds=False)
    folder = project / "docs" / "images" / "2024" / "05"
    folder.mkdir(parents=True)
    (folder / "dau.jpg").write_bytes((IMG / "kiem-tra-qk4.jpg").read_bytes())     # 870×580
    (folder / "hai.jpg").write_bytes((IMG / "ban-chqs-vinh.jpg").read_bytes())    # 870×560
    (folder / "ba.jpg").write_bytes((IMG / "so-sach-tthc.jpg").read_bytes())      # 870×600
    (folder / "hai-480w.jpg").write_bytes((IMG / "kiem-tra-cchc.jpg").read_bytes())  # a smaller copy of hai.jpg
    return sites.build_ok(project)


def article_imgs(build, path: str) -> list[str]:
    html = build.read(path)
    return re.findall(r"<img\b[^>]*>", html.split("<article", 1)[1].split("</article>", 1)[0])


def test_lead_photo_loads_first_and_the_others_lazily_all_sized(build):
    lead, second, third = article_imgs(build, "2024/05/bo-chqs-tinh-nghe-an-kiem-tra-so-hoa-ho-so/index.html")
    assert "dau.jpg" in lead and 'width="870" height="580"' in lead and "loading=" not in lead
    assert 'alt="Toàn cảnh buổi kiểm tra"' in lead
    # size read from the file for the picture written without one
    assert "hai.jpg" in second and 'width="870"' in second and 'height="560"' in second
    assert 'loading="lazy"' in second and 'decoding="async"' in second
    assert 'alt="Cán bộ nhập hồ sơ"' in second
    # its smaller copy beside it: offered to narrow screens
    assert ('srcset="../../../images/2024/05/hai-480w.jpg 480w, ../../../images/2024/05/hai.jpg 870w" '
            'sizes="(max-width: 800px) 100vw, 800px"') in second
    assert "srcset" not in lead and "srcset" not in third          # no copies: nothing to choose from
    assert "ba.jpg" in third and 'height="600"' in third and 'loading="lazy"' in third


def test_without_a_lead_photo_the_first_picture_of_the_text_is_not_lazy(build):
    first, second = article_imgs(build, "2024/05/quan-khu-4-tap-huan-chuyen-doi-so/index.html")
    assert "hai.jpg" in first and "loading=" not in first and 'width="870" height="560"' in first
    assert "ba.jpg" in second and 'loading="lazy"' in second


def test_check_warns_about_heavy_pictures_only(tmp_path, monkeypatch, capsys):
    project = sites.make_project(tmp_path / "p", {
        "2024/2024-05-02-anh-nang.vi.md": article(
            {"title": "Bài có ảnh nặng", "date": "2024-05-02", "unit": "qk4", "topics": ["cds"],
             "image": "images/2024/nang.jpg"},
            "Nội dung tin bài đủ dài để làm đoạn tóm tắt của bài viết này.\n\n"
            "![Ảnh nặng trong bài](../../../images/2024/nang-2.jpg)\n\n![Ảnh nhẹ](../../../images/2024/nhe.jpg)\n")},
        seeds=False)
    folder = project / "docs" / "images" / "2024"
    folder.mkdir(parents=True)
    heavy = (IMG / "kiem-tra-qk4.jpg").read_bytes() + b"\0" * 600_000
    (folder / "nang.jpg").write_bytes(heavy)
    (folder / "nang-2.jpg").write_bytes(heavy)
    (folder / "nhe.jpg").write_bytes((IMG / "kiem-tra-qk4.jpg").read_bytes())
    monkeypatch.chdir(project)
    monkeypatch.setenv("BULLETIN_NOW", sites.TEST_NOW)
    code = cli.main(["check"])
    out = capsys.readouterr().out
    assert code == 0, out                         # a warning, not an error
    lines = [ln for ln in out.splitlines() if "kB" in ln]
    assert len(lines) == 2, out
    assert lines[0].startswith("articles/2024/2024-05-02-anh-nang.vi.md:")
    # line 7: "---", title, date, unit, "topics:", "- cds", then image
    assert any(":7: image: ảnh docs/images/2024/nang.jpg nặng 609 kB (ngưỡng 500 kB)" in ln for ln in lines), lines
    assert any(": body: ảnh docs/images/2024/nang-2.jpg nặng 609 kB" in ln and "[cảnh báo — warning]" in ln
               for ln in lines), lines
    assert "nhe.jpg" not in out
    assert "2 cảnh báo" in out
