"""The search index and search box in real builds (no browser: the index files are read back).

The index of each language lives in site/search/<lang>/ (format: hooks/bulletin/search/index.py):
reading its article files, word files and filter files tells exactly what is searchable.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
import sites
from bulletin.search.index import Doc, SearchIndexError, article_text, write_index
from hypothesis import given
from hypothesis import strategies as st

ARTICLE_PATH = re.compile(r"^(?:en/)?\d{4}/\d{2}/[^/]+/index\.html$")
QK4_2023 = "2023/01/quan-khu-4-kiem-tra-cong-tac-cai-cach-hanh-chinh-va-chuyen-doi-so-nam-2023/"


def read_gz(path: Path):
    data = path.read_bytes()
    assert data[:2] == b"\x1f\x8b", path
    return json.loads(gzip.decompress(data))


def gaps(values: list[int]) -> list[int]:
    out, last = [], -1
    for v in values:
        last += v
        out.append(last)
    return out


class Index:
    """One language's index of a built site, read back."""

    def __init__(self, site: Path, lang: str):
        self.root = site / "search" / lang
        self.manifest = json.loads((self.root / "index.json").read_text(encoding="utf-8"))
        n = self.manifest["docs"]
        self.docs = [read_gz(self.root / "d" / f"{i}.gz") for i in range(n)]
        assert not (self.root / "d" / f"{n}.gz").exists()

    def id_of(self, url: str) -> int:
        return [d["u"] for d in self.docs].index(url)

    def word(self, folded: str) -> dict:
        """{exact form: [doc ids]} of a folded word."""
        key = folded[:3]
        shard = read_gz(self.root / "t" / f"{key}.gz")
        return {exact: gaps(postings[0::2]) for exact, postings in shard.get(folded, {}).items()}

    def filter(self, name: str, value: str) -> list[int]:
        return gaps(read_gz(self.root / "f" / name / f"{value}.gz"))


def article_pages(site: Path) -> dict[str, str]:
    """{url: html} of every built article page (both languages)."""
    out = {}
    for path in site.rglob("index.html"):
        rel = path.relative_to(site).as_posix()
        if ARTICLE_PATH.match(rel):
            out[rel[: -len("index.html")]] = path.read_text(encoding="utf-8")
    return out


# -- the seed site ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_index(seed_site):
    return {lang: Index(seed_site.site, lang) for lang in ("vi", "en")}


def test_every_published_article_is_indexed_in_its_own_language(seed_site, seed_index):
    pages = article_pages(seed_site.site)
    assert len(pages) == 10
    vi, en = seed_index["vi"], seed_index["en"]
    assert sorted(d["u"] for d in vi.docs) == sorted(u for u in pages if not u.startswith("en/"))
    assert sorted(d["u"] for d in en.docs) == sorted(u for u in pages if u.startswith("en/"))
    # ids follow the catalog: newest first
    assert [d["u"][:7] for d in vi.docs] == sorted((d["u"][:7] for d in vi.docs), reverse=True)
    assert vi.manifest["lang"] == "vi" and en.manifest["lang"] == "en"


def test_an_article_shows_title_date_unit_and_its_text(seed_index):
    vi = seed_index["vi"]
    doc = vi.docs[vi.id_of(QK4_2023)]
    assert doc["t"] == "Quân khu 4 kiểm tra công tác cải cách hành chính và chuyển đổi số năm 2023"
    assert doc["d"] == "Chủ Nhật, 01/01/2023" and doc["n"] == "Quân khu 4"
    assert "Thường vụ Đảng ủy" in doc["x"]                      # the text keeps its marks
    en = seed_index["en"]
    doc = en.docs[en.id_of("en/" + QK4_2023)]
    assert doc["n"] == "Military Region 4" and doc["d"] == "Sunday, 1 January 2023"


def test_words_are_folded_and_keep_their_exact_forms(seed_index):
    vi = seed_index["vi"]
    qk4 = vi.id_of(QK4_2023)
    dang = vi.word("dang")                 # Đảng (đ → d), and whatever else folds to 'dang'
    assert qk4 in dang["đảng"]
    assert qk4 in vi.word("quan")["quân"]
    assert qk4 in vi.word("nghe")["nghệ"]
    # unit and topic names are searchable: the registry's Vietnamese names
    assert qk4 in vi.word("chuyen")["chuyển"]
    en = seed_index["en"]
    assert en.id_of("en/" + QK4_2023) in en.word("region")["region"]


def test_other_articles_and_the_header_lines_are_not_in_an_articles_text(seed_site, seed_index):
    html = article_pages(seed_site.site)[QK4_2023]
    neighbour_titles = re.findall(r'class="bl-prevnext__\w+"[^>]*>.*?<strong[^>]*>(.*?)</strong>', html, re.S)
    assert neighbour_titles, "the seed article should link to its neighbours"
    vi = seed_index["vi"]
    text = vi.docs[vi.id_of(QK4_2023)]["x"]
    for title in neighbour_titles:
        assert title not in text
    assert not text.startswith(("BQP", "Quân khu 4 kiểm tra"))   # no unit line, no headline
    assert text.startswith("Đại tá Ngô Nam Cường")                # the article's first words


def test_filters_and_their_choices(seed_index):
    vi = seed_index["vi"]
    qk4 = vi.id_of(QK4_2023)
    assert vi.filter("unit", "qk4") == [qk4]
    assert vi.filter("unit", "bqp") == list(range(5))             # sub-units roll up
    assert qk4 in vi.filter("topic", "cds") and qk4 in vi.filter("year", "2023")
    choices = vi.manifest["filters"]
    # every choice's count is the size of its filter file
    for name in ("unit", "topic", "year"):
        for row in choices[name]:
            assert row["count"] == len(vi.filter(name, row["id"])), (name, row)
    assert choices["unit"][0] == {"id": "bqp", "name": "Bộ Quốc phòng", "depth": 0, "count": 5}
    assert {"id": "qk4", "name": "Quân khu 4", "depth": 1, "count": 1} in choices["unit"]
    assert [row["id"] for row in choices["year"]] == ["2025", "2023", "2022", "2021"]
    assert seed_index["en"].manifest["filters"]["unit"][0]["name"] == "Ministry of National Defence"


def test_manifest_holds_the_registry_groups(seed_index):
    assert any("CCHC" in g and "Cải cách hành chính" in g for g in seed_index["vi"].manifest["groups"])
    assert any("MR4" in g and "Military Region 4" in g for g in seed_index["en"].manifest["groups"])
    # every shard key of the manifest has its file
    vi = seed_index["vi"]
    keys = vi.manifest["keys"].split()
    assert len(keys) == len(list((vi.root / "t").glob("*.gz")))


def test_search_box_is_in_the_header_of_every_page_in_its_language(seed_site):
    for rel, placeholder in (("index.html", "Tìm tin"), ("gioi-thieu/index.html", "Tìm tin"),
                             ("don-vi/qk4/index.html", "Tìm tin"), ("en/index.html", "Search news"),
                             ("en/gioi-thieu/index.html", "Search news")):
        html = seed_site.read(rel)
        header = re.search(r'<header class="md-header.*?</header>', html, re.S).group(0)
        assert 'data-bl-search' in header, rel
        assert f'placeholder="{placeholder}' in header, rel
        lang = "en" if rel.startswith("en/") else "vi"
        assert f'data-lang="{lang}"' in header
        index = re.search(r'data-index="([^"]+)"', header).group(1)
        assert index == "../" * rel.count("/") + f"search/{lang}/", rel
        # the box's script and style, under their fingerprinted names (bulletin.site.assets)
        assert re.search(r'src="[./]*assets/search/search\.[0-9a-f]{8}\.js"', html), rel
        assert re.search(r'href="[./]*assets/search/search\.[0-9a-f]{8}\.css"', html), rel


def test_pages_carry_only_the_box_and_the_manifest_the_strings_of_the_results_area(seed_site, seed_index):
    """The results area (status, filters, results, "more") is built by the script on first use:
    no page carries it; its strings come with each language's manifest, from data/i18n."""
    import yaml
    for rel in ("index.html", "en/index.html", "don-vi/qk4/index.html"):
        html = seed_site.read(rel)
        assert "bl-search__input" in html and "bl-search__open" in html, rel
        for absent in ("bl-search__output", "bl-search__status", "bl-search__results", "data-filter"):
            assert absent not in html, (rel, absent)
    for lang in ("vi", "en"):
        ui = yaml.safe_load((sites.REPO / "data" / "i18n" / f"{lang}.yml").read_text(encoding="utf-8"))["ui"]
        got = seed_index[lang].manifest["ui"]
        assert (got["more"], got["none"], got["other"], got["filters"]) == (
            ui["search_more"], ui["search_none"], ui["search_other"], ui["search_filters"])
        assert (got["unit"], got["topic"], got["year"]) == (ui["unit"], ui["topic"], ui["search_year"])
        assert (got["all_unit"], got["all_topic"], got["all_year"]) == (
            ui["search_all_units"], ui["search_all_topics"], ui["search_all_years"])


# -- drafts, scheduled items and missing translations --------------------------------------------

EXTRA = {
    "2024/2024-05-02-qk4-chi-tieng-viet.vi.md": sites.article_text(
        {"title": "Quân khu 4 thử nghiệm phần mềm chỉ có tiếng Việt", "date": "2024-05-02", "unit": "qk4",
         "topics": ["cds"]},
        "Bài này chỉ có bản tiếng Việt, nói về phần mềm quản lý văn bản thử nghiệm ở Quân khu 4.\n"),
    "2024/2024-05-03-nhap.vi.md": sites.article_text(
        {"title": "Bản nháp về tàu ngầm", "date": "2024-05-03", "unit": "bqp", "topics": ["cds"], "draft": True},
        "Bản nháp nhắc đến tàu ngầm Kilo, không bao giờ được tìm thấy.\n"),
    "2026/2026-12-24-hen-gio.vi.md": sites.article_text(
        {"title": "Tin hẹn giờ về radar", "date": "2026-12-24", "unit": "bqp", "topics": ["cds"]},
        "Tin hẹn giờ nhắc đến radar cảnh giới, chưa đến ngày đăng.\n"),
}


@pytest.fixture(scope="module")
def extra_builds(tmp_path_factory):
    project = sites.make_project(tmp_path_factory.mktemp("search-extra"), EXTRA)
    normal = sites.build_ok(project)
    preview_project = sites.make_project(tmp_path_factory.mktemp("search-preview"), EXTRA)
    preview = sites.build_ok(preview_project, preview=True)
    return {mode: (b, {lang: Index(b.site, lang) for lang in ("vi", "en")})
            for mode, b in (("normal", normal), ("preview", preview))}


def test_a_missing_translation_is_not_indexed_in_the_other_language(extra_builds):
    build, index = extra_builds["normal"]
    url = "2024/05/quan-khu-4-thu-nghiem-phan-mem-chi-co-tieng-viet/"
    assert url in [d["u"] for d in index["vi"].docs]
    assert build.exists("en/" + url + "index.html")                   # the English stub page exists …
    assert "en/" + url not in [d["u"] for d in index["en"].docs]      # … but is not searchable
    assert len(index["vi"].docs) == 6 and len(index["en"].docs) == 5


@pytest.mark.parametrize("mode", ["normal", "preview"])
def test_drafts_and_scheduled_items_are_never_indexed(extra_builds, mode):
    build, index = extra_builds[mode]
    for lang in ("vi", "en"):
        text = json.dumps(index[lang].docs, ensure_ascii=False)
        assert "Kilo" not in text and "radar" not in text
        assert not (index[lang].root / "t" / "kil.gz").exists() and not (index[lang].root / "t" / "rad.gz").exists()
    assert len(index["vi"].docs) == 6
    if mode == "preview":
        # the preview build shows them, with a banner
        draft = build.read("2024/05/ban-nhap-ve-tau-ngam/index.html")
        assert "Kilo" in draft and "bl-banner" in draft
        assert "radar" in build.read("2026/12/tin-hen-gio-ve-radar/index.html")
    else:
        assert not build.exists("2024/05/ban-nhap-ve-tau-ngam/index.html")


# -- settings and errors -------------------------------------------------------------------------

def test_search_can_be_switched_off(tmp_path):
    project = sites.make_project(tmp_path / "p", config={"bulletin": {"search": {"enabled": False}}})
    build = sites.build_ok(project)
    assert not build.exists("search")
    assert "data-bl-search" not in build.read("index.html")
    assert "assets/search/search." not in build.read(QK4_2023 + "index.html")


@pytest.mark.parametrize("value, message", [
    ({"enable": True}, "extra.bulletin.search.enable: unknown option"),
    ({"enabled": "yes"}, "extra.bulletin.search.enabled: expected true or false but received 'yes'"),
    ("on", "extra.bulletin.search: expected a mapping"),
])
def test_bad_search_settings_fail_the_build_with_a_clear_message(tmp_path, value, message):
    project = sites.make_project(tmp_path / "p", seeds=False, config={"bulletin": {"search": value}})
    build = sites.build(project)
    assert not build.ok
    assert message in build.error + build.log


def test_bad_search_data_fails_the_build_naming_the_line(tmp_path):
    project = sites.make_project(tmp_path / "p", seeds=False, articles={
        "2024/2024-01-02-a.vi.md": sites.article_text({"title": "Một tin", "date": "2024-01-02", "unit": "bqp",
                                                         "topics": ["cds"]})})
    (project / "data" / "search.yml").write_text("synonyms:\n  vi:\n    - [một mình]\n", encoding="utf-8")
    build = sites.build(project)
    assert not build.ok
    assert "search.yml:3: synonyms.vi[1]: expected a list of at least two phrases" in build.error + build.log


# -- the index writer ----------------------------------------------------------------------------

def test_article_text_leaves_out_headline_neighbours_and_header_lines():
    html = ('<html lang="vi"><body><header>Đơn vị</header>'
            '<article class="bl-article"><p class="bl-kicker">Bộ Tư lệnh Thủ đô</p>'
            '<h1>Đảng ủy họp</h1><p class="bl-meta">Thứ Hai</p><p>Đơn vị đang làm &quot;đúng&quot;</p>'
            '<nav class="bl-prevnext"><strong>Đoàn kiểm tra</strong></nav>'
            '<section class="bl-related"><a>Tin khác</a></section><p>Hết.</p>'
            '</article></body></html>')
    assert article_text(html, "x.html") == 'Đơn vị đang làm "đúng" Hết.'


_TAGS = ["p", "div", "span", "h1", "h2", "a", "script", "style", "br", "img", "ul", "li", "figure", "em"]
_CLASSES = ["bl-related", "bl-meta", "bl-kicker", "bl-topics", "bl-prevnext", "caption", "bl-lead", ""]
_TEXT = st.sampled_from(["Đơn vị", "chuyển đổi số", " ", "\n", "a &amp; b", "&quot;x&quot;", "1 < 2", "Hết.",
                         "x > y", "&#273;", "if (a<b) {}", ""])


@st.composite
def _fragments(draw, depth=0):
    out = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["text", "tag", "tag", "comment", "selfclosing"] if depth < 3 else ["text"]))
        if kind == "text":
            out.append(draw(_TEXT))
        elif kind == "comment":
            out.append(f"<!-- {draw(_TEXT)} -->")
        elif kind == "selfclosing":
            out.append(f'<{draw(st.sampled_from(_TAGS))} class="{draw(st.sampled_from(_CLASSES))}"/>')
        else:
            tag = draw(st.sampled_from(_TAGS))
            quote = draw(st.sampled_from(['"', "'"]))
            attrs = f" class={quote}{draw(st.sampled_from(_CLASSES))}{quote}" if draw(st.booleans()) else ""
            if draw(st.booleans()):
                attrs += ' title="a > b" data-class="bl-meta"'
            inner = draw(_TEXT) if tag in ("script", "style") else draw(_fragments(depth + 1))
            out.append(f"<{tag}{attrs}>{inner}</{tag}>")
    return "".join(out)


@given(_fragments())
def test_quick_text_reader_reads_what_the_standard_parser_reads(fragment):
    """article_text reads pages with one regular expression (search_index._fast_text) and falls
    back to html.parser on markup it does not know: where it reads, it must read the same."""
    from bulletin.search import index as search_index
    html = f'<article class="bl-article">{fragment}</article>'
    parser = search_index._Text()
    parser.feed(html)
    parser.close()
    quick = search_index._fast_text(html)
    if quick is not None:
        assert " ".join(" ".join(quick).split()) == " ".join(" ".join(parser.parts).split())
    assert article_text(html) == " ".join(" ".join(parser.parts).split())


def test_quick_text_reader_gives_up_on_markup_it_does_not_know():
    from bulletin.search import index as search_index
    for html in ['<article class="bl-article">1 < 2</article>', '<article class="bl-article"><!DOCTYPE x></article>',
                 '<article class="bl-article"><!-- open</article>', '<article class="bl-article"><script>x']:
        assert search_index._fast_text(html) is None


def test_page_without_article_is_an_error():
    with pytest.raises(SearchIndexError) as err:
        article_text('<html lang="vi"><body><main>x</main></body></html>', "site/a/index.html")
    assert "site/a/index.html" in str(err.value) and "bl-article" in str(err.value)


def test_write_index_weights_and_exact_forms(tmp_path):
    docs = [
        Doc(url="a/", title="Đảng ủy", date="d1", unit="U", meta="", text="đang họp đang họp", filters={"year": ["2024"]}),
        Doc(url="b/", title="Họp", date="d2", unit="U", meta="Quân khu 4", text="dang dở " * 20, filters={"year": ["2023"]}),
    ]
    stats = write_index(docs, tmp_path / "search" / "vi", {"lang": "vi"})
    assert stats.docs == 2
    index = Index(tmp_path, "vi")
    assert index.word("dang") == {"dang": [1], "đang": [0], "đảng": [0]}
    assert index.word("hop") == {"họp": [0, 1]}
    assert index.word("khu") == {"khu": [1]}          # metadata words are searchable
    shard = read_gz(index.root / "t" / "hop.gz")["hop"]["họp"]
    weights = dict(zip(gaps(shard[0::2]), shard[1::2]))
    # 'họp': in a's text twice (short article) vs b's title once (long article): a weighs more
    assert weights[0] > weights[1] > 0
    assert index.filter("year", "2024") == [0] and index.filter("year", "2023") == [1]
    assert index.manifest["keys"].split() == ["4", "dan", "do", "hop", "khu", "qua", "uy"]


def test_a_site_without_articles_has_an_empty_index(tmp_path):
    build = sites.build_ok(sites.make_project(tmp_path / "p", seeds=False))
    for lang in ("vi", "en"):
        index = Index(build.site, lang)
        assert index.manifest["docs"] == 0 and index.manifest["keys"] == "" and index.docs == []
        assert index.manifest["filters"] == {"unit": [], "topic": [], "year": []}
