"""Sharing and discovery: Open Graph / Twitter card tags (what a chat app shows for a shared
link), canonical URLs, the sitemap with hreflang alternates and reproducible lastmod, robots.txt.

Checked on the built HTML/XML (what crawlers read), and in Chromium for the tags a page ends up
with after its scripts ran."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
import reader_support as S  # noqa: E402  (tests/browser is on sys.path: see conftest.py)
from lxml import etree
from lxml import html as lxml_html

LANGS = ("vi", "en")
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
DEFAULT_IMAGE = S.SITE_URL + "assets/og-default.png"


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    return S.reader_site(tmp_path_factory)


def _meta(tree) -> dict:
    """{property-or-name: [contents]} of a page's <meta> tags."""
    out: dict = {}
    for m in tree.iter("meta"):
        key = m.get("property") or m.get("name")
        if key:
            out.setdefault(key, []).append(m.get("content"))
    return out


def _one(meta: dict, key: str) -> str:
    values = meta.get(key, [])
    assert len(values) == 1, f"{key}: {values}"
    return values[0]


def _pages(build) -> list[str]:
    """Site-relative URLs of the built pages (404 excluded)."""
    out = []
    for f in build.html_files():
        rel = f.relative_to(build.site).as_posix()
        if rel.rsplit("/", 1)[-1] != "404.html":   # one 404 page per language
            out.append(rel[: -len("index.html")])
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_a_shared_article_shows_its_title_summary_picture_and_language(reader, lang):
    path = ("" if lang == "vi" else "en/") + S.PICTURE_ARTICLE
    tree = lxml_html.fromstring((reader.site / path / "index.html").read_bytes())
    meta = _meta(tree)
    fm = S.front_of(S.EXTRA[f"2023/2023-12-20-qk4-hoi-nghi-truc-tuyen.{lang}.md"])
    h1 = tree.xpath("string(//article[contains(@class,'bl-article')]//h1)").strip()

    assert _one(meta, "og:type") == "article"
    assert _one(meta, "og:title") == fm["title"] == h1
    assert _one(meta, "og:description") == fm["summary"]
    assert _one(meta, "og:url") == S.SITE_URL + path
    assert _one(meta, "og:image") == S.SITE_URL + S.IMAGE_PATH
    assert _one(meta, "og:image:alt") == fm["caption"]
    assert _one(meta, "og:locale") == S.LOCALE[lang]
    assert meta["og:locale:alternate"] == [S.LOCALE[other] for other in LANGS if other != lang]
    assert _one(meta, "og:site_name")
    assert _one(meta, "article:published_time").startswith("2023-12-20")
    assert _one(meta, "twitter:card") == "summary_large_image"
    # X/Twitter takes title, description and picture from Open Graph when its own tags are absent
    # (the page carries them once); a twitter:* copy, if any, must agree.
    for key, og in (("twitter:title", "og:title"), ("twitter:description", "og:description"),
                    ("twitter:image", "og:image")):
        assert meta.get(key, meta[og]) == meta[og], key
    assert (reader.site / S.IMAGE_PATH).is_file()


def test_every_page_has_open_graph_tags_and_the_default_picture_when_it_has_none(seed_site):
    pages = _pages(seed_site)
    for rel in pages:
        meta = _meta(lxml_html.fromstring((seed_site.site / rel / "index.html").read_bytes()))
        lang = "en" if rel.startswith("en/") else "vi"
        is_article = rel.removeprefix("en/")[:2] == "20"
        assert _one(meta, "og:type") == ("article" if is_article else "website"), rel
        assert _one(meta, "og:title") and _one(meta, "og:description"), rel
        assert _one(meta, "og:image") == DEFAULT_IMAGE, rel           # no seed article has a picture
        assert _one(meta, "og:locale") == S.LOCALE[lang], rel
        assert _one(meta, "og:url") == S.SITE_URL + rel, rel
        assert _one(meta, "twitter:card") == "summary_large_image", rel
        if is_article:
            assert _one(meta, "article:published_time")[:10] in S.seed_dates(), rel
    # The default picture is a real 1200 × 630 PNG of the site, with the declared size.
    data = (seed_site.site / "assets" / "og-default.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1200, 630)
    assert len(data) < 100_000


def test_every_page_has_one_canonical_url_on_the_site_url(seed_site):
    wrong = []
    for rel in _pages(seed_site):
        tree = lxml_html.fromstring((seed_site.site / rel / "index.html").read_bytes())
        canonical = tree.xpath("//link[@rel='canonical']/@href")
        if canonical != [S.SITE_URL + rel]:
            wrong.append((rel, canonical))
    assert wrong == []


def _sitemap(site: Path) -> dict:
    """{loc: (lastmod or None, {hreflang: href})}"""
    root = etree.fromstring((site / "sitemap.xml").read_bytes())
    out = {}
    for url in root.findall(f"{SM}url"):
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
                      if link.get("rel") == "alternate"}
        out[url.findtext(f"{SM}loc")] = (url.findtext(f"{SM}lastmod"), alternates)
    return out


def test_sitemap_lists_every_page_with_its_language_alternates(seed_site):
    sitemap = _sitemap(seed_site.site)
    pages = {S.SITE_URL + rel for rel in _pages(seed_site)}
    assert set(sitemap) == pages
    with_alternates = 0
    for loc, (_lastmod, alternates) in sitemap.items():
        rel = loc[len(S.SITE_URL):]
        counterpart = rel.removeprefix("en/") if rel.startswith("en/") else "en/" + rel
        if not alternates:      # only a hand-written page may lack a counterpart, and then truly
            assert not (seed_site.site / counterpart / "index.html").is_file(), f"{loc}: no alternates"
            segment = rel.removeprefix("en/").split("/", 1)[0]
            assert not segment.isdigit() and segment not in (
                "", "don-vi", "units", "chu-de", "topics", "luu-tru", "archive", "ban-tin", "digest"), loc
            continue
        # vi and en only: x-default is in each page's head (tests/site/test_bilingual.py), not repeated here
        assert set(alternates) == {"vi", "en"}, loc
        assert loc in (alternates["vi"], alternates["en"]), loc
        for href in alternates.values():
            assert href in sitemap, f"{loc}: alternate {href} is not a page of the site"
            assert sitemap[href][1] == alternates, f"{loc} and {href} disagree on their alternates"
        vi_rel, en_rel = (alternates[code][len(S.SITE_URL):] for code in LANGS)
        assert en_rel.startswith("en/") and not vi_rel.startswith("en/"), loc
        with_alternates += 1
    assert with_alternates >= len(sitemap) - 10
    # The counterparts follow the URL scheme of the brief.
    for kind, (vi, en) in S.seed_pages(seed_site.site).items():
        assert sitemap[S.SITE_URL + vi][1]["en"] == S.SITE_URL + en, kind


def test_sitemap_lastmod_comes_from_article_dates_so_rebuilds_are_identical(seed_site, tmp_path):
    sitemap = _sitemap(seed_site.site)
    dates = S.seed_dates()
    for loc, (lastmod, _) in sitemap.items():
        rel = loc[len(S.SITE_URL):].removeprefix("en/")
        if rel.startswith("20"):                                   # an article: its own date
            assert lastmod in dates, loc
            assert lastmod.replace("-", "/")[:7] == rel[:7], loc
        elif rel == "gioi-thieu/":
            assert lastmod is None, loc                            # hand-written: no article date
        elif lastmod is not None:
            assert lastmod in dates, loc
    assert sitemap[S.SITE_URL][0] == max(dates)                   # home: its newest article
    assert sitemap[S.SITE_URL + "luu-tru/2023/12/"][0] == "2023-12-26"
    # Built again later (another "now", another day): byte for byte the same sitemap.
    again = S.sites.build(S.sites.make_project(tmp_path / "again"), now="2027-03-01T08:00:00+07:00")
    assert again.ok, again.log + again.error
    assert again.read("sitemap.xml") == seed_site.read("sitemap.xml")


def test_robots_txt_allows_crawling_and_points_to_the_sitemap(seed_site):
    lines = seed_site.read("robots.txt").splitlines()
    assert "User-agent: *" in lines
    assert not any(line.strip() == "Disallow: /" for line in lines)
    assert f"Sitemap: {S.SITE_URL}sitemap.xml" in lines
    assert seed_site.exists("sitemap.xml")


@pytest.mark.parametrize("lang", LANGS)
def test_the_browser_sees_the_same_sharing_tags_after_scripts_ran(seed_site, browser_helpers, page, page_recorder, lang):
    path = S.PAGES["article"][LANGS.index(lang)]
    with browser_helpers.serve_directory(seed_site.site) as base_url:
        rec = page_recorder(page, base_url)
        page.goto(base_url + path)
        tags = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
            'meta[property^="og:"], link[rel=canonical]')].map(e => [e.getAttribute('property') || 'canonical',
            e.getAttribute('content') || e.getAttribute('href')]))""")
        assert tags["canonical"] == tags["og:url"] == S.SITE_URL + path
        assert tags["og:locale"] == S.LOCALE[lang]
        assert tags["og:title"] == page.locator("article.bl-article h1").inner_text().strip()
        assert page.request.get(S.local_url(base_url, tags["og:image"])).status == 200
        assert rec.third_party() == []
