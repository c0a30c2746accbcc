"""The search index and search box in real builds (no browser: the index files are read back).

Pagefind writes one fragment per indexed page (gzip, 'pagefind_dcd' + JSON with the page's url,
text, metadata and filters), named by language: reading them tells exactly what is searchable.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest

import sites
from bulletin.search_index import SearchIndexError, folded_d_words, page_for_index

ARTICLE_PATH = re.compile(r"^(?:en/)?\d{4}/\d{2}/[^/]+/index\.html$")


def fragments(site: Path) -> list[dict]:
    out = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(b"pagefind_dcd"), path
        data = json.loads(raw[len(b"pagefind_dcd"):])
        data["language"] = path.name.split("_")[0]
        out.append(data)
    return out


def article_pages(site: Path) -> dict[str, str]:
    """{url: html} of every built article page (both languages)."""
    out = {}
    for path in site.rglob("index.html"):
        rel = path.relative_to(site).as_posix()
        if ARTICLE_PATH.match(rel):
            out["/" + rel[: -len("index.html")]] = path.read_text(encoding="utf-8")
    return out


# -- the seed site ------------------------------------------------------------------------------

def test_every_published_article_is_indexed_in_its_own_language(seed_site):
    site = seed_site.site
    frags = fragments(site)
    pages = article_pages(site)
    assert len(pages) == 10
    assert sorted(f["url"] for f in frags) == sorted(pages)
    for f in frags:
        assert f["language"] == ("en" if f["url"].startswith("/en/") else "vi"), f["url"]
    # one index per language (Pagefind's metadata file names carry the language)
    metas = sorted(p.name.split("_")[0] for p in (site / "pagefind").glob("pagefind.*.pf_meta"))
    assert metas == ["pagefind.en", "pagefind.vi"]
    for name in ("pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind", "terms.vi.json", "terms.en.json"):
        assert (site / "pagefind" / name).is_file(), name
    # Pagefind's own ready-made UIs are not shipped: the site has its own box
    assert not list((site / "pagefind").glob("pagefind-*ui*"))


def test_only_article_pages_are_marked_for_the_index(seed_site):
    site = seed_site.site
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "pagefind/")):
            continue
        marked = "data-pagefind-body" in path.read_text(encoding="utf-8")
        assert marked == bool(ARTICLE_PATH.match(rel)), rel


def test_article_metadata_and_filters(seed_site):
    frags = {f["url"]: f for f in fragments(seed_site.site)}
    vi = frags["/2023/01/quan-khu-4-kiem-tra-cong-tac-cai-cach-hanh-chinh-va-chuyen-doi-so-nam-2023/"]
    assert vi["meta"]["title"] == "Quân khu 4 kiểm tra công tác cải cách hành chính và chuyển đổi số năm 2023"
    assert vi["meta"]["unit"] == "Quân khu 4"
    assert "01/01/2023" in vi["meta"]["date"]
    assert sorted(vi["filters"]["unit"]) == ["Bộ Quốc phòng", "Quân khu 4"]
    assert sorted(vi["filters"]["topic"]) == ["Chuyển đổi số", "Cải cách hành chính", "Thủ tục hành chính"]
    assert vi["filters"]["year"] == ["2023"]
    en = frags["/en/2023/01/quan-khu-4-kiem-tra-cong-tac-cai-cach-hanh-chinh-va-chuyen-doi-so-nam-2023/"]
    assert en["meta"]["unit"] == "Military Region 4"
    assert "1 January 2023" in en["meta"]["date"]
    assert sorted(en["filters"]["unit"]) == ["Military Region 4", "Ministry of National Defence"]
    assert "Digital transformation" in en["filters"]["topic"]


def test_folded_words_make_d_searchable_and_the_text_keeps_its_marks(seed_site):
    frags = {f["url"]: f for f in fragments(seed_site.site)}
    page = frags["/2023/01/quan-khu-4-kiem-tra-cong-tac-cai-cach-hanh-chinh-va-chuyen-doi-so-nam-2023/"]
    folded = page["meta"]["fold"].split()
    assert {"dang", "doi", "dai", "doan"} <= set(folded)          # Đảng, đổi, Đại, Đoàn
    assert all("đ" not in w and "Đ" not in w for w in folded)
    assert "Thường vụ Đảng ủy" in page["content"]                 # what results show keeps its marks


def test_text_of_other_articles_and_the_header_lines_is_not_indexed(seed_site):
    site = seed_site.site
    url = "/2023/01/quan-khu-4-kiem-tra-cong-tac-cai-cach-hanh-chinh-va-chuyen-doi-so-nam-2023/"
    html = article_pages(site)[url]
    neighbour_titles = re.findall(r'class="bl-prevnext__\w+"[^>]*>.*?<strong[^>]*>(.*?)</strong>', html, re.S)
    assert neighbour_titles, "the seed article should link to its neighbours"
    content = {f["url"]: f for f in fragments(site)}[url]["content"]
    for title in neighbour_titles:
        assert title not in content
    assert not content.startswith("BQP")                 # the unit line above the title
    assert content.startswith("Quân khu 4 kiểm tra")     # the text starts with the headline


def test_terms_file_has_registry_groups_and_filter_choices(seed_site):
    site = seed_site.site
    terms = json.loads((site / "pagefind" / "terms.vi.json").read_text(encoding="utf-8"))
    assert terms["lang"] == "vi"
    assert any("CCHC" in g and "Cải cách hành chính" in g for g in terms["groups"])
    # filter choices agree with the filters Pagefind recorded from the pages
    counts = {key: Counter() for key in ("unit", "topic", "year")}
    for f in fragments(site):
        if f["language"] == "vi":
            for key in counts:
                counts[key].update(f["filters"].get(key, []))
    for key in counts:
        assert {row["value"]: row["count"] for row in terms["filters"][key]} == dict(counts[key]), key
    units = terms["filters"]["unit"]
    assert units[0] == {"value": "Bộ Quốc phòng", "depth": 0, "count": 5}
    assert [row["value"] for row in terms["filters"]["year"]] == ["2025", "2023", "2022", "2021"]
    en = json.loads((site / "pagefind" / "terms.en.json").read_text(encoding="utf-8"))
    assert en["filters"]["unit"][0]["value"] == "Ministry of National Defence"


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
        bundle = re.search(r'data-bundle="([^"]+)"', header).group(1)
        depth = rel.count("/")
        assert bundle == "../" * depth + "pagefind/", rel
        assert "assets/search/search.js" in html and "assets/search/search.css" in html


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
    normal = sites.build(project)
    assert normal.ok, normal.log + normal.error
    frags_normal = fragments(normal.site)
    preview_project = sites.make_project(tmp_path_factory.mktemp("search-preview"), EXTRA)
    preview = sites.build(preview_project, preview=True)
    assert preview.ok, preview.log + preview.error
    return {"normal": (normal, frags_normal), "preview": (preview, fragments(preview.site))}


def test_a_missing_translation_is_not_indexed_in_the_other_language(extra_builds):
    build, frags = extra_builds["normal"]
    urls = {f["url"] for f in frags}
    vi_url = "/2024/05/quan-khu-4-thu-nghiem-phan-mem-chi-co-tieng-viet/"
    assert vi_url in urls
    assert build.exists("en" + vi_url + "index.html")          # the English stub page exists …
    assert "en" + vi_url not in {u.lstrip("/") for u in urls}  # … but is not searchable
    assert "data-pagefind-body" not in build.read("en" + vi_url + "index.html")
    assert len(frags) == 11   # 5 seeds × 2 languages + the Vietnamese-only article


@pytest.mark.parametrize("mode", ["normal", "preview"])
def test_drafts_and_scheduled_items_are_never_indexed(extra_builds, mode):
    build, frags = extra_builds[mode]
    text = " ".join(f["content"] + " " + json.dumps(f["meta"], ensure_ascii=False) for f in frags)
    assert "Kilo" not in text and "radar" not in text
    assert len(frags) == 11
    if mode == "preview":
        # the preview build shows them, with a banner, unmarked for the index
        draft = build.read("2024/05/ban-nhap-ve-tau-ngam/index.html")
        assert "Kilo" in draft and "bl-banner" in draft and "data-pagefind-body" not in draft
        scheduled = build.read("2026/12/tin-hen-gio-ve-radar/index.html")
        assert "radar" in scheduled and "data-pagefind-body" not in scheduled
    else:
        assert not build.exists("2024/05/ban-nhap-ve-tau-ngam/index.html")


# -- settings and errors -------------------------------------------------------------------------

def test_search_can_be_switched_off(tmp_path):
    project = sites.make_project(tmp_path / "p", config={"bulletin": {"search": {"enabled": False}}})
    build = sites.build(project)
    assert build.ok, build.log + build.error
    assert not build.exists("pagefind")
    home = build.read("index.html")
    assert "data-bl-search" not in home and "data-pagefind-body" not in home
    assert "data-pagefind-body" not in build.read(
        "2023/01/quan-khu-4-kiem-tra-cong-tac-cai-cach-hanh-chinh-va-chuyen-doi-so-nam-2023/index.html")


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


# -- the page given to Pagefind ------------------------------------------------------------------

def test_page_for_index_adds_folded_words_only_for_the_index():
    html = ('<html lang="vi"><body><header>Đơn vị</header>'
            '<article class="bl-article" data-pagefind-body><p class="bl-kicker">Bộ Tư lệnh Thủ đô</p>'
            '<h1>Đảng ủy họp</h1><p>Đơn vị đang làm "đúng"</p>'
            '<nav class="bl-prevnext"><strong>Đoàn kiểm tra</strong></nav>'
            '<div hidden data-pagefind-ignore><span data-pagefind-meta="topics">Đề án 06</span></div>'
            '</article></body></html>')
    out = page_for_index(html, "x.html")
    assert out.startswith('<!doctype html><html lang="vi">')
    meta = re.search(r'data-pagefind-meta="fold:([^"]*)"', out).group(1)
    # from the text and the metadata; not from the header, the unit line or the neighbours
    assert meta.split() == ["dang", "don", "dung", "de"]
    assert "Đoàn" in out            # the page itself is unchanged (Pagefind skips the nav itself)


def test_page_without_index_markup_is_an_error():
    with pytest.raises(SearchIndexError) as err:
        page_for_index('<html lang="vi"><body><article>x</article></body></html>', "site/a/index.html")
    assert "site/a/index.html" in str(err.value) and "data-pagefind-body" in str(err.value)


def test_folded_d_words():
    assert folded_d_words("Đảng ủy, đang ĐỔI mới; đảng") == ["dang", "doi"]
