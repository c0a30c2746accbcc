"""The bilingual site: page for page, per-page language, hreflang pairs, switcher, translations."""

from __future__ import annotations

import re

import sites
from htmlscan import page_url, parse, resolve

SLUG_2023 = "2023/12/bo-quoc-phong-tong-ket-cong-tac-cai-cach-hanh-chinh-chuyen-doi-so-nam-2023/"
SLUG_QK4 = "2023/01/quan-khu-4-kiem-tra-cong-tac-cai-cach-hanh-chinh-va-chuyen-doi-so-nam-2023/"


def content_pages(build):
    return [f for f in build.html_files() if f.name == "index.html"]


def test_every_page_declares_its_language(seed_site):
    pages = content_pages(seed_site)
    assert len(pages) > 50
    for f in pages:
        expected = "en" if f.relative_to(seed_site.site).parts[0] == "en" else "vi"
        assert parse(f.read_text("utf-8")).lang == expected, f


SITE_URL = "https://bantin.example.vn/"   # site_url of mkdocs.yml


def local(href: str) -> str:
    """An absolute address of the site as a root-relative one (search engines need the full
    address in hreflang links: a relative one is a failure)."""
    assert href.startswith(SITE_URL), f"hreflang/alternate link not absolute: {href}"
    return "/" + href[len(SITE_URL):]


def test_hreflang_pairs_are_absolute_symmetric_and_resolve(seed_site):
    site = seed_site.site
    for f in content_pages(seed_site) + [site / "404.html"]:
        url = page_url(site, f)
        alts = {l["hreflang"]: l["href"] for l in parse(f.read_text("utf-8")).links
                if l.get("rel") == "alternate" and l.get("hreflang")}
        if f.name == "404.html":    # no counterpart: the home pages, absolute too
            assert alts == {"vi": SITE_URL, "en": SITE_URL + "en/"}, alts
            continue
        assert set(alts) == {"vi", "en", "x-default"}, (f, alts)
        own_lang = "en" if url.startswith("/en/") else "vi"
        targets = {lang: resolve(site, url, local(href)) for lang, href in alts.items()}
        for lang, target in targets.items():
            assert target is not None and target.exists(), (f, lang, alts[lang])
        assert targets[own_lang] == f                       # self-reference
        assert targets["x-default"] == targets["vi"]         # Vietnamese is the default
        other = "vi" if own_lang == "en" else "en"
        back = {l["hreflang"]: l["href"] for l in parse(targets[other].read_text("utf-8")).links
                if l.get("rel") == "alternate" and l.get("hreflang")}
        assert resolve(site, page_url(site, targets[other]), local(back[own_lang])) == f, (f, targets[other])
        # feed autodiscovery links are absolute too
        for link in parse(f.read_text("utf-8")).links:
            if link.get("rel") == "alternate" and link.get("type"):
                assert resolve(site, url, local(link["href"])).is_file(), (f, link)


def test_language_switcher_lands_on_the_counterpart_page(seed_site):
    site = seed_site.site
    for f in content_pages(seed_site):
        url = page_url(site, f)
        html = f.read_text("utf-8")
        links = [a for a in parse(html).anchors if "md-select__link" in (a.get("class") or "")]
        assert {a["hreflang"] for a in links} == {"vi", "en"}, f
        for a in links:
            target = resolve(site, url, a["href"])
            assert target.exists(), (f, a)
            if a["hreflang"] != ("en" if url.startswith("/en/") else "vi"):
                assert target != f


def test_article_pairs_share_the_path_and_translations_are_real(seed_site):
    vi = seed_site.read(SLUG_2023 + "index.html")
    en = seed_site.read("en/" + SLUG_2023 + "index.html")
    assert "Bộ Quốc phòng tổng kết công tác cải cách hành chính, chuyển đổi số năm 2023" in vi
    assert "<h1>Ministry of National Defence reviews administrative reform and digital transformation in 2023</h1>" in en
    assert 'Tuesday, 26 December 2023' in en and 'Thứ Ba, 26/12/2023' in vi
    assert "Ministry of National Defence" in en           # unit name in English
    assert 'href="../../../units/bqp/"' in en
    assert re.search(r'<meta name="description" content="On the morning of 26 December, in Hanoi', en)
    assert re.search(r'<meta name="description" content="Sáng 26/12, tại Hà Nội', vi)


def test_material_ui_strings_follow_the_page_language(seed_site):
    vi = seed_site.read("index.html")
    en = seed_site.read("en/index.html")
    assert "Nhập để bắt đầu tìm kiếm" in vi or '"search.result.placeholder": "Nh' in vi or "Tìm kiếm" in vi
    assert "Type to start searching" in en or "Search" in en
    assert "Tin mới nhất" in vi and "Latest news" in en
    assert "Bản tin CCHC &amp; CĐS" in vi or "Bản tin CCHC & CĐS" in vi
    assert "Reform Bulletin (PAR &amp; DT)" in en or "Reform Bulletin (PAR & DT)" in en


def test_english_seed_pages_use_the_official_terms(seed_site):
    en = {p: seed_site.read("en/" + p + "index.html") for p in (SLUG_2023, SLUG_QK4)}
    text = " ".join(en.values())
    for term in ("Senior Lieutenant General", "Ministry of National Defence", "Member of the Party Central Committee",
                 "Deputy Minister of National Defence", "Military Region 4", "Senior Colonel",
                 "administrative reform", "digital transformation", "military personnel identification code"):
        assert term in text, term
    for wrong in ("Ministry of National Defense", "Colonel General", "Military Zone", "Military Area 4"):
        assert wrong not in text, wrong
    all_en = " ".join(f.read_text("utf-8") for f in seed_site.site.glob("en/20*/*/*/index.html"))
    for term in ("e-Government", "MND Public Service Portal", "Central Military Commission", "Project 06",
                 "Military Region 1", "clerical work and archives"):
        assert term in all_en, term


def _art(title, **extra):
    front = {"title": title, "date": "2024-04-02", "unit": "qk4", "topics": ["cchc", "cds"], **extra}
    return sites.article_text(front, f"Nội dung: {title}. Đoạn văn đầu tiên của bản tin khá dài để làm tóm tắt.\n")


def test_an_untranslated_article_says_so_and_never_leads_to_a_404(project):
    proj = project({"2024/only-vi.vi.md": _art("Tin chỉ có tiếng Việt về chuyển đổi số")}, seeds=False)
    b = sites.build_ok(proj)
    path = "2024/04/tin-chi-co-tieng-viet-ve-chuyen-doi-so/index.html"
    en = b.read("en/" + path)
    assert parse(en).lang == "en"
    assert "This article is not available in English" in en
    assert 'lang="vi"' in en and 'href="../../../../2024/04/tin-chi-co-tieng-viet-ve-chuyen-doi-so/"' in en
    listing = b.read("en/index.html")
    card = re.search(r'<li class="bl-card">.*?</li>', listing, re.S).group(0)
    assert "Vietnamese only" in card and 'lang="vi"' in card
    vi = b.read(path)
    switch = [a for a in parse(vi).anchors if a.get("hreflang") == "en" and "md-select__link" in (a.get("class") or "")]
    assert resolve(b.site, "/" + path[: -len("index.html")], switch[0]["href"]).exists()


def test_an_english_only_article_is_marked_on_the_vietnamese_side(project):
    front = {"title": "English-only notice on digital transformation", "date": "2024-04-03", "unit": "qk4",
             "topics": ["cds"]}
    proj = project({"2024/only-en.en.md": sites.article_text(front, "An English-only item with enough text.\n")},
                   seeds=False)
    b = sites.build_ok(proj)
    vi = b.read("2024/04/english-only-notice-on-digital-transformation/index.html")
    assert "Tin này chưa có bản tiếng Việt" in vi and 'lang="en"' in vi
    assert "Chỉ có bằng tiếng Anh" in b.read("index.html")


def test_translation_inherits_shared_fields_and_must_not_contradict_them(project):
    vi = _art("Tin gốc tiếng Việt về cải cách")
    en_ok = sites.article_text({"title": "Original news on reform"}, "The English text.\n")
    en_bad = sites.article_text({"title": "Contradicting unit", "unit": "qk2"}, "Text.\n")
    proj = project({"2024/a.vi.md": vi, "2024/a.en.md": en_ok,
                    "2024/b.vi.md": _art("Tin gốc thứ hai về cải cách"), "2024/b.en.md": en_bad}, seeds=False)
    b = sites.build(proj)
    assert not b.ok
    assert "articles/2024/b.en.md:3: unit: differs from the original (articles/2024/b.vi.md)" in b.log


def test_a_changed_original_marks_its_translation_stale(project):
    from bulletin.content.loader import fingerprint
    body = "Nội dung gốc của bản tin, đoạn thứ nhất đủ dài để làm tóm tắt.\n"
    vi = sites.article_text({"title": "Tin gốc để dịch", "date": "2024-04-02", "unit": "qk4", "topics": ["cchc"]}, body)
    en = sites.article_text({"title": "Original to translate",
                             "translated_from": fingerprint("Tin gốc để dịch", body)}, "Translated text.\n")
    proj = project({"2024/s.vi.md": vi, "2024/s.en.md": en}, seeds=False)
    path = "en/2024/04/tin-goc-de-dich/index.html"
    fresh = sites.build(proj)
    assert fresh.ok and "bl-stale" not in fresh.read(path) and "stale translation" not in fresh.log
    (proj / "articles/2024/s.vi.md").write_text(vi.replace("đoạn thứ nhất", "đoạn thứ nhất (đã sửa)"), "utf-8")
    stale = sites.build(proj)
    assert stale.ok
    page = stale.read(path)
    assert "bl-stale" in page and "The Vietnamese original was changed after this translation was made" in page
    assert "articles/2024/s.en.md:3: translated_from: stale translation" in stale.log


def test_handwritten_pages_are_paired_by_path(seed_site):
    vi = seed_site.read("gioi-thieu/index.html")
    en = seed_site.read("en/gioi-thieu/index.html")
    assert parse(vi).lang == "vi" and parse(en).lang == "en"
    alt = {l["hreflang"]: l["href"] for l in parse(vi).links if l.get("hreflang")}
    assert alt["en"] == SITE_URL + "en/gioi-thieu/"
