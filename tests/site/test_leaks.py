"""No leaks: drafts, scheduled items and draft translations are absent from EVERY file the
build writes — pages, listings, sitemap, feeds, OPML, search index, 404, robots.txt, whatever
else lands later. The whole built site is scanned (gzip files decompressed) for their ids,
titles, slugs/URLs, summaries and body text; a preview build of the same sources proves that
the scan would find them."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import pytest
import sites

# Distinctive ASCII markers: they survive slugs, case folding, JSON and HTML escaping. The ids are
# UUIDs, which feeds use as they are in their GUIDs (urn:uuid:<id>).
ITEMS = {
    "2026/2026-11-20-tin-nhap-kin.vi.md": dict(
        front={"id": "7f3a91d2-0c4b-4e5f-9a8b-1c2d3e4f5a6b", "title": "Tin nháp Qzxdrafttitle về cải cách hành chính",
               "date": "2026-11-20 08:00", "unit": "qk9", "topics": ["thi-dua"], "draft": True,
               "summary": "Tóm tắt Qzxdraftsummary chưa được duyệt."},
        body="Nội dung Qzxdraftbody của bản nháp, chưa được phép xuất bản ra ngoài.\n",
        markers=["7f3a91d2-0c4b-4e5f-9a8b-1c2d3e4f5a6b", "qzxdrafttitle", "qzxdraftsummary", "qzxdraftbody"]),
    "2026/2026-12-24-tin-hen-gio-kin.vi.md": dict(
        front={"id": "2b8c44e1-5d6f-4a7b-8c9d-0e1f2a3b4c5d", "title": "Tin hẹn giờ Qzxschedtitle chuyển đổi số",
               "date": "2026-12-24 07:30", "unit": "qk9", "topics": ["thi-dua"],
               "summary": "Tóm tắt Qzxschedsummary của tin hẹn giờ."},
        body="Nội dung Qzxschedbody sẽ chỉ được đăng vào tháng Mười Hai.\n",
        markers=["2b8c44e1-5d6f-4a7b-8c9d-0e1f2a3b4c5d", "qzxschedtitle", "qzxschedsummary", "qzxschedbody"]),
    "2026/2026-12-24-tin-hen-gio-kin.en.md": dict(
        front={"title": "Scheduled Qzxschedentitle item", "summary": "English Qzxschedensummary."},
        body="English body Qzxschedenbody of the scheduled item.\n",
        markers=["qzxschedentitle", "qzxschedensummary", "qzxschedenbody"]),
    "2026/2026-11-02-tin-cong-khai.vi.md": dict(
        front={"id": "55aa01c3-9e8d-4c7b-a6f5-e4d3c2b1a090", "title": "Tin công khai Qzxpublictitle về chuyển đổi số",
               "date": "2026-11-02 09:00", "unit": "qk9", "topics": ["thi-dua"],
               "summary": "Tóm tắt Qzxpublicsummary của tin đã xuất bản."},
        body="Nội dung Qzxpublicbody đã được duyệt và xuất bản.\n",
        markers=[]),
    "2026/2026-11-02-tin-cong-khai.en.md": dict(
        front={"title": "Public item with an unfinished Qzxdrafttranstitle translation", "draft": True,
               "summary": "Draft translation Qzxdrafttranssummary."},
        body="English body Qzxdrafttransbody, not reviewed yet.\n",
        markers=["qzxdrafttranstitle", "qzxdrafttranssummary", "qzxdrafttransbody"]),
}
WITHHELD_MARKERS = [m for item in ITEMS.values() for m in item["markers"]]
# the withheld items' URLs (their slugs come from the titles)
WITHHELD_MARKERS += ["tin-nhap-qzxdrafttitle", "tin-hen-gio-qzxschedtitle"]
PUBLIC_MARKERS = ["55aa01c3-9e8d-4c7b-a6f5-e4d3c2b1a090", "qzxpublictitle", "qzxpublicsummary", "qzxpublicbody"]


def leak_project(root: Path) -> Path:
    articles = {rel: sites.article_text(item["front"], item["body"]) for rel, item in ITEMS.items()}
    return sites.make_project(root, articles)


def readable(path: Path) -> bytes:
    """The bytes of a file as a reader (or a search client) gets them: gzip/zlib inflated."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            pass
    elif data[:1] == b"\x78":
        try:
            data = zlib.decompress(data)
        except zlib.error:
            pass
    return data


def scan(site: Path, markers: list[str]) -> dict[str, list[str]]:
    """{marker: [files containing it]} over every file of *site* (case-insensitive)."""
    found: dict[str, list[str]] = {}
    for f in sorted(site.rglob("*")):
        if not f.is_file():
            continue
        text = readable(f).lower()
        for marker in markers:
            if marker.encode() in text:
                found.setdefault(marker, []).append(f.relative_to(site).as_posix())
    return found


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("leaks")
    published = sites.build(leak_project(root / "published"))
    preview = sites.build(leak_project(root / "preview"), preview=True)
    assert published.ok, published.log + published.error
    assert preview.ok, preview.log + preview.error
    return published, preview


def test_withheld_items_are_in_no_file_of_the_site(builds):
    published, _ = builds
    files = [f for f in published.site.rglob("*") if f.is_file()]
    names = {f.relative_to(published.site).as_posix() for f in files}
    # the scan covers the kinds of output the issue names (those that exist in this build)
    assert {"index.html", "en/index.html", "404.html", "sitemap.xml"} <= names
    assert len(files) > 150
    assert scan(published.site, WITHHELD_MARKERS) == {}


def test_the_build_names_what_it_withheld(builds):
    published, _ = builds
    assert "2026-11-20-tin-nhap-kin.vi.md (draft)" in published.log
    assert "2026-12-24-tin-hen-gio-kin.vi.md (scheduled)" in published.log
    assert "2026-11-02-tin-cong-khai.en.md (draft translation)" in published.log


def test_the_published_item_is_everywhere_it_should_be(builds):
    """Control: the same scan finds the published item — in its pages, listings and sitemap,
    and in every feed or search file of the build that lists items."""
    published, _ = builds
    found = scan(published.site, PUBLIC_MARKERS)
    assert set(found) == set(PUBLIC_MARKERS)
    titled = set(found["qzxpublictitle"])
    assert {"2026/11/tin-cong-khai-qzxpublictitle-ve-chuyen-doi-so/index.html", "index.html",
            "don-vi/qk9/index.html"} <= titled
    assert any(f.endswith("sitemap.xml") for f in scan(published.site, ["tin-cong-khai-qzxpublictitle"])
               ["tin-cong-khai-qzxpublictitle"])
    # the English page of the item exists, says it is not translated, and shows no draft text
    en = published.read("en/2026/11/tin-cong-khai-qzxpublictitle-ve-chuyen-doi-so/index.html")
    assert "qzxpublictitle" in en.lower() and "qzxdrafttranstitle" not in en.lower()


def test_a_preview_build_shows_them_so_the_scan_would_find_a_leak(builds):
    _, preview = builds
    found = scan(preview.site, WITHHELD_MARKERS)
    for marker in ["qzxdrafttitle", "qzxschedtitle", "qzxschedbody", "qzxdrafttranstitle",
                   "tin-nhap-qzxdrafttitle"]:
        assert marker in found, marker
