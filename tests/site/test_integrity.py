"""Integrity of the built site: every internal link and asset resolves, and two builds of the
same sources are byte-identical (whatever the clock, whatever the folder)."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import pytest
import sites

SITE_URL = "https://bantin.example.vn/"
LINK_ATTRS = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src",
              "video": "src", "audio": "src", "track": "src", "form": "action", "use": "href"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
LOCAL_SCHEMES = {"", "http", "https"}


# -- a small link checker --------------------------------------------------------------------

def page_address(site: Path, f: Path) -> str:
    """'en/units/index.html' → 'https://bantin.example.vn/en/units/'."""
    rel = f.relative_to(site).as_posix()
    if rel.endswith("index.html"):
        rel = rel[: -len("index.html")]
    return SITE_URL + rel


def target_file(site: Path, url: str) -> Path | None:
    """The file a same-site URL serves, or None when it would be a 404."""
    path = unquote(urlsplit(url).path)
    rel = path[len(urlsplit(SITE_URL).path):]
    candidate = site / rel
    if rel == "" or rel.endswith("/"):
        candidate = candidate / "index.html"
    if candidate.is_file():
        return candidate
    if (candidate / "index.html").is_file():      # '/x' is redirected to '/x/' by static hosts
        return candidate / "index.html"
    return None


def ids_of(f: Path, cache: dict) -> set:
    if f not in cache:
        doc = lxml.html.fromstring(f.read_bytes())
        cache[f] = {el.get("id") for el in doc.iter() if isinstance(el.tag, str) and el.get("id")} | \
                   {el.get("name") for el in doc.iter("a") if el.get("name")}
    return cache[f]


def references(f: Path):
    """(url as written, is an anchor target to check) of every reference of an HTML or CSS file."""
    if f.suffix == ".css":
        for m in CSS_URL.finditer(f.read_text("utf-8", errors="replace")):
            yield m.group(1), False
        return
    doc = lxml.html.fromstring(f.read_bytes())
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        attr = LINK_ATTRS.get(el.tag.split("}")[-1].lower())
        if attr and el.get(attr):
            yield el.get(attr), el.tag == "a"
        for candidate in (el.get("srcset") or "").split(","):
            if candidate.strip():
                yield candidate.split()[0], False


def broken_links(site: Path) -> list[str]:
    out, cache = [], {}
    files = [f for f in site.rglob("*") if f.suffix in (".html", ".css") and f.is_file()]
    assert files
    for f in files:
        base = page_address(site, f) if f.suffix == ".html" else SITE_URL + f.relative_to(site).as_posix()
        for url, check_anchor in references(f):
            url = url.strip()
            if not url or url.startswith(("data:", "mailto:", "tel:")):
                continue
            absolute = urljoin(base, url)
            parts = urlsplit(absolute)
            if parts.scheme not in LOCAL_SCHEMES or not absolute.startswith(SITE_URL):
                continue        # another site (not followed: the site makes no third-party request)
            target = target_file(site, absolute)
            where = f"{f.relative_to(site)} → {url}"
            if target is None:
                out.append(where)
            elif check_anchor and parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in ids_of(target, cache):
                    out.append(where + " (no such anchor)")
    return out


def tree(site: Path) -> dict[str, bytes]:
    return {f.relative_to(site).as_posix(): f.read_bytes() for f in sorted(site.rglob("*")) if f.is_file()}


# -- the site used here: seeds, plus bodies that link to pages, articles, anchors and pictures --

LINKING = sites.article_text(
    {"title": "Tin có liên kết nội bộ", "date": "2024-05-06 09:00", "unit": "qk4", "topics": ["cds"],
     "image": "images/2024/hoi-nghi.png", "caption": "Hội nghị trực tuyến",
     "translated_from": None},
    "Đoạn mở đầu đủ dài để làm tóm tắt cho tin có nhiều liên kết nội bộ trong bài.\n\n"
    "Xem [tin tổng kết](/2023/12/bo-quoc-phong-tong-ket-cong-tac-cai-cach-hanh-chinh-chuyen-doi-so-nam-2023/), "
    "[Quân khu 4](/don-vi/qk4/), [giới thiệu](/gioi-thieu/) và [chú thích](#ghi-chu).\n\n"
    "![Toàn cảnh](/images/2024/hoi-nghi.png)\n\n## Ghi chú\n\nHết.\n",
).replace("translated_from: null\n", "")
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def linking_project(root: Path) -> Path:
    project = sites.make_project(root, {"2024/2024-05-06-tin-co-lien-ket.vi.md": LINKING})
    (project / "docs" / "images" / "2024").mkdir(parents=True)
    (project / "docs" / "images" / "2024" / "hoi-nghi.png").write_bytes(PNG)
    return project


@pytest.fixture(scope="module")
def linked_site(tmp_path_factory):
    build = sites.build(linking_project(tmp_path_factory.mktemp("links") / "p"))
    assert build.ok, build.log + build.error
    return build


def test_every_internal_link_and_asset_of_the_seed_site_resolves(seed_site):
    assert broken_links(seed_site.site) == []


def test_links_and_pictures_written_in_article_bodies_resolve(linked_site):
    page = "2024/05/tin-co-lien-ket-noi-bo/index.html"
    html = linked_site.read(page)
    assert "hoi-nghi.png" in html and "/don-vi/qk4/" in html      # the links are there …
    assert broken_links(linked_site.site) == []                     # … and all of them resolve


def test_the_link_checker_finds_a_broken_link(linked_site, tmp_path):
    """The checker above is not blind: remove a page and a picture, and it reports both."""
    copy = tmp_path / "site"
    shutil.copytree(linked_site.site, copy)
    shutil.rmtree(copy / "don-vi" / "qk4")
    (copy / "images" / "2024" / "hoi-nghi.png").unlink()
    broken = broken_links(copy)
    assert any(b.endswith("→ /don-vi/qk4/") for b in broken), broken
    assert any("hoi-nghi.png" in b for b in broken), broken


# -- reproducible builds ---------------------------------------------------------------------

def test_two_builds_of_the_same_sources_are_byte_identical(tmp_path):
    """Same sources in two folders, built at two different times (SOURCE_DATE_EPOCH and the real
    clock): every output file is identical, including the gzip header of sitemap.xml.gz."""
    first = linking_project(tmp_path / "one")
    second = tmp_path / "elsewhere" / "two"
    shutil.copytree(first, second)
    a = sites.build(first, env={"SOURCE_DATE_EPOCH": "1700000000"})
    b = sites.build(second, env={"SOURCE_DATE_EPOCH": None})
    assert a.ok and b.ok, a.log + b.log
    ta, tb = tree(a.site), tree(b.site)
    assert sorted(ta) == sorted(tb)
    differing = [name for name in ta if ta[name] != tb[name]]
    assert differing == [], differing
    assert len(ta) > 100
    assert gzip.decompress(ta["sitemap.xml.gz"]) == ta["sitemap.xml"]
    # no absolute path of the build machine ends up in the site
    for content in ta.values():
        assert str(tmp_path).encode() not in content
