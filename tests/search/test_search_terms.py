"""Equivalent phrases for search, from the registries (bulletin.search.terms)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
import yaml
from bulletin.content.registry import Registry
from bulletin.search.terms import (
    SearchDataError,
    expand_abbreviation,
    groups_for,
    is_abbreviation,
    load_search_data,
    norm,
)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def registry():
    return Registry.load(REPO / "data")


@pytest.fixture(scope="module")
def data():
    return load_search_data(REPO / "data" / "search.yml", ["vi", "en"])


def _equivalent(groups, a: str, b: str) -> bool:
    return any(norm(a) in {norm(p) for p in g} and norm(b) in {norm(p) for p in g} for g in groups)


@pytest.mark.parametrize("short, full", [
    ("CCHC", "cải cách hành chính"),
    ("CĐS", "chuyển đổi số"),
    ("QK4", "Quân khu 4"),
    ("CHQS", "Chỉ huy Quân sự"),          # inside 'Bộ CHQS tỉnh …' aliases: 'Bộ CHQS' ↔ 'Bộ Chỉ huy Quân sự'
    ("BQP", "Bộ Quốc phòng"),
    ("TP", "thành phố"),                   # 'Ban CHQS TP Vinh'
    ("HTKT", "Hợp tác kinh tế"),           # 'Tổng Công ty HTKT QK4'
    ("TTHC", "thủ tục hành chính"),
    ("ĐA 06", "Đề án 06"),
])
def test_vietnamese_abbreviations_come_from_the_registries(registry, data, short, full):
    assert _equivalent(groups_for(registry, "vi", data), short, full)


@pytest.mark.parametrize("short, full", [
    ("MR4", "Military Region 4"),
    ("QK4", "Military Region 4"),          # a Vietnamese abbreviation an English reader may type
    ("MND", "Ministry of National Defence"),  # 'of' skipped: acronym_skip_words in data/search.yml
    ("CĐS", "Digital transformation"),
])
def test_english_abbreviations(registry, data, short, full):
    assert _equivalent(groups_for(registry, "en", data), short, full)


def test_groups_keep_marks_and_have_two_different_phrases(registry, data):
    for lang in ("vi", "en"):
        groups = groups_for(registry, lang, data)
        assert groups
        for g in groups:
            assert len({norm(p) for p in g}) == len(g) >= 2, g
    vi = groups_for(registry, "vi", data)
    assert any("Cải cách hành chính" in g for g in vi)   # shown to readers as written, with marks
    # a unit and a topic with no abbreviation in common stay apart
    assert not _equivalent(vi, "QK4", "Quân khu 5")
    assert not _equivalent(vi, "CCHC", "chuyển đổi số")


def test_groups_follow_the_registry_files(tmp_path):
    """Nothing is hard-coded: a new unit's aliases and abbreviations are understood at once."""
    shutil.copytree(REPO / "data", tmp_path / "data")
    units_file = tmp_path / "data" / "units" / "them.yml"
    units = {"sources": [{"url": "https://example.invalid/brigade", "what": "test"}], "units": []}
    units["units"].append({
        "id": "ld-205", "parent": "bqp",
        "name": {"vi": "Lữ đoàn Thông tin 205", "en": "Signal Brigade 205"},
        "short": {"vi": "LĐTT 205", "en": "SB 205"},
        "aliases": ["Lữ đoàn Thông tin 205", "LĐTT 205", "Lữ đoàn 205"],
    })
    units_file.write_text(yaml.safe_dump(units, allow_unicode=True), encoding="utf-8")
    reg = Registry.load(tmp_path / "data")
    vi = groups_for(reg, "vi")
    assert _equivalent(vi, "Lữ đoàn 205", "LĐTT 205")
    assert _equivalent(vi, "LĐTT", "Lữ đoàn Thông tin")
    assert _equivalent(groups_for(reg, "en"), "SB 205", "Signal Brigade 205")


@pytest.mark.parametrize("token, phrase, skip, expected", [
    ("CHQS", "Bộ Chỉ huy Quân sự tỉnh Nghệ An", set(), "Chỉ huy Quân sự"),
    ("QK4", "Bộ Tư lệnh Quân khu 4", set(), "Quân khu 4"),
    ("CĐS", "Chuyển đổi số", set(), "Chuyển đổi số"),
    ("MND", "Ministry of National Defence", {"of"}, "Ministry of National Defence"),
    ("MND", "Ministry of National Defence", set(), None),
    ("QK4", "Quân khu 5", set(), None),
    ("IV", "Quân khu IV", set(), None),
])
def test_expand_abbreviation(token, phrase, skip, expected):
    assert expand_abbreviation(token, phrase, skip) == expected


@pytest.mark.parametrize("token, expected", [
    ("CCHC", True), ("CĐS", True), ("QK4", True), ("TP", True),
    ("Quân", False), ("06", False), ("A", False), ("e-Gov", False),
])
def test_is_abbreviation(token, expected):
    assert is_abbreviation(token) is expected


def test_norm_folds_and_drops_punctuation():
    assert norm("Văn thư, lưu trữ") == "van thu luu tru"
    assert norm("ĐẢNG ỦY") == "dang uy"
    assert norm("Tổng Công ty Hợp tác kinh tế/QK4") == "tong cong ty hop tac kinh te qk4"


def test_missing_search_file_means_no_extra_data(tmp_path):
    data = load_search_data(tmp_path / "search.yml", ["vi", "en"])
    assert data.synonyms == {} and data.skip_words == {}


def test_extra_synonyms_are_read(tmp_path, registry):
    path = tmp_path / "search.yml"
    path.write_text("synonyms:\n  vi:\n    - [CNTT, công nghệ thông tin]\n", encoding="utf-8")
    data = load_search_data(path, ["vi", "en"])
    assert _equivalent(groups_for(registry, "vi", data), "cntt", "Công nghệ thông tin")
    assert not _equivalent(groups_for(registry, "en", data), "cntt", "Công nghệ thông tin")


def test_bad_search_file_names_file_line_and_field(tmp_path):
    path = tmp_path / "search.yml"
    path.write_text(textwrap.dedent("""\
        synonyms:
          vi:
            - [CNTT, công nghệ thông tin]
            - [chỉ một cụm]
          fr:
            - [a, b]
        acronym_skip_words:
          en: of
        colours: [red]
        """), encoding="utf-8")
    with pytest.raises(SearchDataError) as err:
        load_search_data(path, ["vi", "en"])
    text = str(err.value)
    assert f"{path}:4: synonyms.vi[2]: expected a list of at least two phrases" in text
    assert f"{path}:5: synonyms.fr: unknown language 'fr'" in text
    assert f"{path}:8: acronym_skip_words.en: expected a list" in text
    assert f"{path}:9: colours: unknown key" in text


def test_invalid_yaml_is_reported_with_its_line(tmp_path):
    path = tmp_path / "search.yml"
    path.write_text("synonyms:\n  vi: [CNTT, \n", encoding="utf-8")
    with pytest.raises(SearchDataError) as err:
        load_search_data(path, ["vi", "en"])
    assert str(err.value).startswith(f"{path}:") and "invalid YAML" in str(err.value)
