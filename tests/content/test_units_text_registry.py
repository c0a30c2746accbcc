"""Unit tests of the small modules: text folding and slugs, registry, pagination, dates."""

import datetime as dt
from pathlib import Path

import pytest
from bulletin.content.registry import Registry, suggest
from bulletin.content.text import first_paragraph, fold, nfc, slugify, sort_key
from bulletin.content.i18n import load_languages
from bulletin.site.listings import paginate

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("text, expected", [
    ("Đảng ủy Quân khu 4", "dang uy quan khu 4"),
    ("CHUYỂN ĐỔI SỐ", "chuyen doi so"),
    ("Bộ Chỉ huy Quân sự tỉnh Nghệ An", "bo chi huy quan su tinh nghe an"),
    ("đường", "duong"),
])
def test_fold_strips_marks_and_maps_d_bar(text, expected):
    assert fold(text) == expected
    assert fold(nfc(text)) == fold(__import__("unicodedata").normalize("NFD", text))


@pytest.mark.parametrize("title, slug", [
    ("Bộ Quốc phòng tổng kết công tác cải cách hành chính, chuyển đổi số năm 2023",
     "bo-quoc-phong-tong-ket-cong-tac-cai-cach-hanh-chinh-chuyen-doi-so-nam-2023"),
    ("Đảng ủy Quân sự tỉnh: “Đột phá” về CĐS!", "dang-uy-quan-su-tinh-dot-pha-ve-cds"),
    ("  ", ""),
])
def test_slugify_is_ascii_lowercase_hyphenated(title, slug):
    assert slugify(title) == slug


def test_slugify_cuts_long_titles_at_a_word_boundary():
    s = slugify("cải cách hành chính " * 20)
    assert len(s) <= 80 and not s.endswith("-") and s.isascii()


def test_vietnamese_sort_puts_d_bar_after_d_and_groups_by_base_letter():
    words = ["Đông", "Dương", "An", "Ân", "Bắc", "Đà"]
    ordered = sorted(words, key=sort_key)
    assert ordered.index("An") < ordered.index("Bắc")
    assert ordered.index("Ân") < ordered.index("Bắc")
    assert ordered.index("Dương") < ordered.index("Đông")


def test_first_paragraph_skips_captions_and_markup():
    body = "Ngắn.\n{: .caption }\n\n**Sáng 26/12**, tại Hà Nội, hội nghị [tổng kết](x.md) đã diễn ra thành công.\n\nĐoạn hai."
    assert first_paragraph(body) == "Sáng 26/12, tại Hà Nội, hội nghị tổng kết đã diễn ra thành công."


def test_registry_of_the_repository_is_a_tree_with_the_seed_units():
    reg = Registry.load(REPO / "data")
    assert reg.root.id == "bqp"
    assert reg.ancestors("qk4-nghe-an-vinh") == ["qk4-nghe-an", "qk4", "bqp"]
    assert reg.units["qk4"].name.en == "Military Region 4"
    assert reg.units["bqp"].name.en == "Ministry of National Defence"
    children = [u.id for u in reg.children("bqp")]
    assert children.index("qk1") < children.index("qk2") < children.index("qk9")
    for tid in ("cchc", "cds", "cpdt", "tthc", "vtlt"):
        assert tid in reg.topics


@pytest.mark.parametrize("typed, expected", [("qk-4", "qk4"), ("QK4", "qk4"), ("Quân khu 4", "qk4"),
                                             ("Bo CHQS tinh Nghe An", "qk4-nghe-an")])
def test_unit_suggestions(typed, expected):
    reg = Registry.load(REPO / "data")
    assert reg.suggest_unit(typed) == [expected]


def test_suggest_returns_nothing_for_unrelated_text():
    assert suggest("zzzzzz", ["cchc", "cds"]) == []


def test_registry_errors_name_the_problem(tmp_path):
    (tmp_path / "units.yml").write_text("units:\n  - id: bqp\n    name: {vi: A, en: B}\n    parent: null\n"
                                        "  - id: qk4\n    name: {vi: C, en: D}\n    parent: bqpp\n", "utf-8")
    (tmp_path / "topics.yml").write_text("topics: []\n", "utf-8")
    with pytest.raises(Exception) as exc:
        Registry.load(tmp_path)
    assert "unknown parent unit 'bqpp'; did you mean 'bqp'?" in str(exc.value)


def test_dates_are_localized_with_babel():
    langs = load_languages(REPO / "data", ["vi", "en"])
    day = dt.date(2023, 12, 27)
    assert langs["vi"].date(day) == "Thứ Tư, 27/12/2023"
    assert langs["en"].date(day) == "Wednesday, 27 December 2023"


def test_pagination_numbers_pages_from_the_oldest_item():
    items = list(range(45, 0, -1))   # newest first: 45 … 1
    pagers = paginate(items, 20, 20)
    first, *numbered = pagers
    assert first.page is None and first.items == list(range(45, 25, -1))
    by_number = {p.page: p.items for p in numbered}
    assert by_number[1] == list(range(20, 0, -1))      # the first 20 ever published
    assert by_number[2] == list(range(40, 20, -1))
    # adding news never changes an existing numbered page
    more = paginate(list(range(50, 0, -1)), 20, 20)
    assert {p.page: p.items for p in more if p.page}[1] == by_number[1]
