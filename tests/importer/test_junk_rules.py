"""Every rule of data/importer.yml has a test: an example line for each pattern, each listed line,
each footer marker, section, header pattern and outlet prefix, run through the real importer.

A rule added to data/importer.yml without an example here fails `test_every_pattern_has_an_example`:
add the line that made you write the rule to EXAMPLES (the editor's guide says so).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import importer_cases
from bulletin.importer.junk import clean_lines
from bulletin.importer.pipeline import import_text

REPO = Path(__file__).resolve().parents[2]
REGISTRY, RULES, LABELS = importer_cases.setting(REPO / "data")   # module level: the rules parametrize the tests

HEADLINE = "Quân khu 4 kiểm tra công tác cải cách hành chính năm 2024"
LEAD = ("Sáng 12/3, đoàn công tác của Quân khu 4 kiểm tra công tác cải cách hành chính tại cơ quan Bộ Tư lệnh "
        "Quân khu, đánh giá kết quả năm 2024 và nhiệm vụ năm tới.")
MORE = ("Đoàn đã xem xét hồ sơ, văn bản và việc giải quyết thủ tục hành chính trên môi trường mạng, đồng thời "
        "góp ý để các cơ quan tiếp tục cải tiến quy trình làm việc.")

# pattern of junk.patterns → lines of real pages it drops
EXAMPLES = {
    r"[\d\s.,]{1,15}": ["2", "0 0 1"],
    r"(số )?lượt (truy cập|xem|đọc|đang online|đang truy cập)\s*:?\s*[\d.,\s]*": ["Số lượt truy cập: 29.127"],
    r"(đang (truy cập|online|trực tuyến)|hôm nay|hôm qua|tuần này|tháng này|năm nay|tổng( số)?( lượt)? truy cập|tất cả|thành viên|khách)\s*:\s*[\d.,\s]+":
        ["Đang truy cập: 12", "Hôm nay: 1.024"],
    r"(thư điện tử|email|địa chỉ (thư điện tử|email)) của bạn sẽ không được (hiển thị|công bố|công khai).*":
        ["Email của bạn sẽ không được hiển thị công khai."],
    r"các trường bắt buộc được đánh dấu.*": ["Các trường bắt buộc được đánh dấu *"],
    r"\*?\s*mời (bạn đọc|quý (bạn đọc|độc giả)|độc giả)\s.*":
        ["* Mời bạn đọc vào chuyên mục Quốc phòng an ninh xem các tin, bài liên quan."],
    r"ý kiến (bạn đọc|của bạn)\b.*": ["Ý kiến bạn đọc"],
    r"gửi (bình luận|ý kiến)\b.*": ["Gửi bình luận của bạn"],
    r".*\bcaptcha\b.*": ["reset captcha"],
    r"(bạn )?(cần|phải) đăng nhập để bình luận.*": ["Bạn cần đăng nhập để bình luận"],
    r"(vui lòng |xin )?(nhập|gõ) (mã|ký tự)( xác (nhận|thực))?.*": ["Vui lòng nhập mã xác nhận"],
    r"\d+\s+(bình luận|lượt thích|lượt chia sẻ)": ["12 lượt chia sẻ"],
    r"(chủ nhật|thứ (hai|ba|tư|năm|sáu|bảy|[2-7])),?\s+ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}.*":
        ["Chủ nhật Ngày 03 Tháng 07 Năm 2022, 01:30:31"],
    r"(?:[^|]{1,32}\|){2,}[^|]{0,32}": ["Thời sự | Chính trị | Kinh tế | Quốc phòng - An ninh",
                                        "Chia sẻ: Facebook | Zalo | Twitter", "In bài | Gửi email | Về đầu trang",
                                        "Tiếng Việt | English | 中文 | Français"],
    r"trang chủ\b.*": ["Trang chủ | Tin tức | Tin Bộ ngành",
                       "Trang chủ Đào tạo - Bồi dưỡng Cải cách hành chính giúp xây dựng nhà trường"],
    r"[^>›»]{1,40}(?:\s[>›»]\s[^>›»]{1,60}){1,3}": ["Thời sự > Quốc phòng", "Thời sự › Quân sự",
                                                      "Chính trị > Quốc phòng"],
    r"(lượt xem|lượt đọc|đã xem|số lượt xem|phản hồi)\s*:?\s*[\d.,]+": ["Lượt xem: 1.254", "Đã xem: 128",
                                                                     "Phản hồi: 0"],
    r"[\d.,]+\s+lượt (xem|đọc)": ["4664 Lượt xem"],
    r"(bình luận|ý kiến|ý kiến bạn đọc)\s*\(\d+\)": ["Bình luận (0)", "Ý kiến (0)"],
    r"\d{1,2}:\d{2}(\s*/\s*\d{1,2}:\d{2})?": ["0:00 / 0:00", "00:00 / 02:15", "0:00"],
    r"theo dõi .{1,40} trên (google news|zalo|facebook|youtube)": ["Theo dõi Báo Gia Lai trên Google News"],
    r"(tags?|từ khóa|từ khoá)\s*:.*": ["Tags: biên phòng, chuyển đổi số", "Từ khóa: Bộ đội Biên phòng"],
    r"(đường dây nóng|hotline)\s*:?.*": ["Đường dây nóng: 0237 000 000", "Hotline: 0900 000 000"],
    r"[^\W\d_]{1,2}": ["a", "Ý"],
    r"(xem bài gốc|mời bạn đọc xem thêm|đăng nhập để bình luận)\b.*": ["Xem bài gốc", "Đăng nhập để bình luận"],
    r">>\s*\S.*": [">> Hải quân tổ chức hội thi tin học", ">>Xem thêm: Lữ đoàn 171 số hóa hồ sơ"],
}
END_EXAMPLES = {
    "trả lời": ["Trả lời"], "ý kiến bạn đọc.*": ["Ý kiến bạn đọc (2)"], "gửi bình luận.*": ["Gửi bình luận"],
    "bình luận": ["Bình luận"], "(các )?tin (liên quan|khác|cùng chuyên mục)": ["Tin liên quan", "Các tin khác"],
    "(các )?bài (viết )?(liên quan|khác)": ["Bài viết liên quan"], "đọc (thêm|nhiều)": ["Đọc thêm", "Đọc nhiều"],
    "(các )?tin (nổi bật|mới nhất|mới|cùng chuyên mục)": ["Tin nổi bật", "Tin mới nhất"],
    "(đọc|xem) nhiều( nhất)?": ["Xem nhiều nhất"], "có thể bạn quan tâm": ["Có thể bạn quan tâm"],
    "video khác": ["Video khác"], "(các )?bài (đã đăng|cùng chuyên mục)": ["Các bài đã đăng"],
    r"(bình luận|ý kiến)( bạn đọc)?\s*\(\d+\)": ["Bình luận (0)"], "xem thêm": ["Xem thêm"],
    r"bạn (không thể|chưa thể|cần) .{0,30}bình luận.*": ["Bạn không thể gửi bình luận liên tục. Xin hãy đợi"],
}
HEADER_EXAMPLES = {
    "cơ quan (ngôn luận )?của .{3,100}": ["Cơ quan của Đảng ủy, Bộ Tư lệnh Thủ đô Hà Nội"],
    "cổng thông tin điện tử( .{1,60})?": ["Cổng thông tin điện tử", "Cổng thông tin điện tử Bộ Quốc phòng"],
}


def page(*head: str, after: tuple = ()) -> str:
    return "\n".join([*head, HEADLINE, LEAD, MORE, *after]) + "\n"


def run(text: str):
    return import_text(text, REGISTRY, RULES, LABELS)


def test_every_pattern_has_an_example():
    for kind, patterns, examples in (("junk.patterns", RULES.junk_patterns, EXAMPLES),
                                     ("junk.end_markers", RULES.end_markers, END_EXAMPLES),
                                     ("header.patterns", RULES.header_patterns, HEADER_EXAMPLES)):
        for pattern in patterns:
            assert pattern.pattern in examples, f"{kind}: no example for {pattern.pattern!r}: add one in this file"


@pytest.mark.parametrize("pattern", sorted(EXAMPLES))
def test_each_junk_pattern_drops_its_example_lines(pattern):
    compiled = next(p for p in RULES.junk_patterns if p.pattern == pattern)
    for line in EXAMPLES[pattern]:
        assert compiled.fullmatch(line), line
        result = run(page(line) if not line.strip().isdigit() else page(after=(line,)))
        assert result.fields["title"] == HEADLINE, line
        assert line not in result.body.split("\n"), line


@pytest.mark.parametrize("line", sorted(RULES.junk_lines))
def test_each_listed_junk_line_is_dropped(line):
    kept, removed = clean_lines(page(line), RULES)
    assert line.casefold() not in [k.text.casefold() for k in kept]
    assert any(r.text.casefold() == line.casefold() or r.reason == "marker" for r in removed)


@pytest.mark.parametrize("pattern", sorted(END_EXAMPLES))
def test_each_footer_marker_ends_the_article(pattern):
    compiled = next(p for p in RULES.end_markers if p.pattern == pattern)
    for line in END_EXAMPLES[pattern]:
        assert compiled.fullmatch(line), line
        result = run(page(after=(line, "Bộ Quốc phòng tổng kết công tác năm 2023 với nhiều kết quả")))
        assert line not in result.body and "tổng kết công tác năm 2023" not in result.body, line
        assert MORE in result.body


@pytest.mark.parametrize("pattern", sorted(HEADER_EXAMPLES))
def test_each_header_pattern_is_never_the_headline(pattern):
    for line in HEADER_EXAMPLES[pattern]:
        result = run(page(line))
        assert result.fields["title"] == HEADLINE and line not in result.body


@pytest.mark.parametrize("section", RULES.sections)
def test_each_section_name_above_the_headline_is_dropped_or_cut_off(section):
    assert run(page(section)).fields["title"] == HEADLINE
    glued = f"{section} {HEADLINE}"
    text = "\n".join([glued, LEAD, MORE]) + "\n"
    assert run(text).fields["title"] == HEADLINE


@pytest.mark.parametrize("outlet", RULES.outlets, ids=lambda o: o[0][0])
def test_each_outlet_name_and_prefix(outlet):
    names, prefixes, province = outlet
    for name in names:
        result = run(page(name))
        assert result.fields["title"] == HEADLINE and name not in result.body.split("\n")
    for prefix in prefixes:
        for glued in (f"{prefix}-{LEAD}", f"({prefix})- {LEAD}", f"{prefix} - {LEAD}"):
            result = run("\n".join([HEADLINE, glued, MORE]) + "\n")
            assert result.fields["date"] is None or result.fields["date"].endswith("-03-12"), glued
            assert "Sáng 12/3" in result.notes["date"], glued
        alone = run("\n".join([HEADLINE, f"{prefix} -", LEAD, MORE]) + "\n")
        assert f"{prefix} -" not in alone.body


def test_photo_table_pipes_mark_a_picture_and_its_caption():
    text = page(after=(" |", "Chuẩn Đô đốc Nguyễn Đình Hùng phát biểu tại hội nghị |", "|"))
    result = run(text)
    assert result.captions == ["Chuẩn Đô đốc Nguyễn Đình Hùng phát biểu tại hội nghị"]
    assert "|" not in result.body


def test_a_page_date_glued_to_the_hotline_is_read_and_the_hotline_dropped():
    text = "\n".join(["Đường dây nóng: 0254 000 000Thứ Năm, 21/8/2025", HEADLINE,
                      LEAD.replace("Sáng 12/3", "Sáng 21-8"), MORE]) + "\n"
    result = run(text)
    assert result.fields["date"] == "2025-08-21"
    assert "0254" not in result.body


def test_caption_labels_are_cut_off():
    result = run(page(after=("Ảnh: Thượng tướng Lê Huy Vịnh kiểm tra tại Bộ Chỉ huy Bộ đội Biên phòng thành phố Hải Phòng",
                             MORE.replace("Đoàn", "Các cơ quan"))))
    assert result.captions == ["Thượng tướng Lê Huy Vịnh kiểm tra tại Bộ Chỉ huy Bộ đội Biên phòng thành phố Hải Phòng"]


@pytest.mark.parametrize("opener", RULES.lead_openers)
def test_each_lead_opener_splits_a_headline_glued_to_its_lead(opener):
    glued = (f"{RULES.sections[0]} Lính trẻ cảnh sát biển với chuyển đổi số ở đơn vị {opener} cán bộ, chiến sĩ "
             "Hải đội 212 đã quen dùng phần mềm, học qua mạng và tự đánh giá kỹ năng số của mình trong năm qua.")
    result = run("\n".join([glued, MORE]) + "\n")
    assert result.fields["title"] == "Lính trẻ cảnh sát biển với chuyển đổi số ở đơn vị"
    assert result.body.startswith(f"{opener} cán bộ, chiến sĩ")


def test_related_stories_inside_the_text_go_and_the_text_after_them_stays():
    """'>> …' lines are links to other stories: dropped one by one, never an end of the article."""
    text = page(after=(">> Hải quân tổ chức hội thi tin học", MORE.replace("Đoàn", "Các cơ quan")))
    result = run(text)
    assert "hội thi tin học" not in result.body
    assert MORE.replace("Đoàn", "Các cơ quan") in result.body


def test_a_name_closing_the_text_above_related_links_and_the_comment_form_is_its_byline():
    """Page furniture after a signature (related links, 'Top', the comment form's notice) goes, and the
    signature is then the last line of the text: the author, not a subheading."""
    text = page(after=("Quế Hà", ">> Hải quân tổ chức hội thi tin học", "Top",
                       "Bạn không thể gửi bình luận liên tục. Xin hãy đợi", "60 giây nữa."))
    result = run(text)
    assert result.fields["authors"] == ["Quế Hà"]
    assert "Quế Hà" not in result.body and "60 giây" not in result.body and "Top" not in result.body.split("\n")


def test_a_cut_off_copy_of_a_caption_above_it_is_alt_text():
    """A picture's alt text cut off ('… Hải quân - d') above the full caption: the copy goes, the
    caption stays as the caption of a picture."""
    caption = "Chuẩn Đô đốc Lê Minh Thành trao quyết định cho lãnh đạo Lữ đoàn 681 Hải quân - Ảnh: Lê Trí"
    cut = "Chuẩn Đô đốc Lê Minh Thành trao Quyết định cho lãnh đạo Lữ đoàn 681 Hải quân - d"
    result = run(page(after=(cut, caption, MORE.replace("Đoàn", "Các cơ quan"))))
    assert cut not in result.body
    assert len(result.captions) == 1 and result.captions[0].startswith("Chuẩn Đô đốc Lê Minh Thành trao quyết định")
    # two paragraphs that only begin alike are both kept
    other = MORE.replace("Đoàn đã xem xét hồ sơ", "Đoàn đã xem xét hồ sơ lưu trữ") + " Còn nhiều việc."
    kept = run(page(after=(MORE, other)))
    assert MORE in kept.body and other in kept.body
