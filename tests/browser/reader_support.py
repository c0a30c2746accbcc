"""Shared helpers of the readers'-experience browser tests (test_reader_*.py); no tests here.

The test modules import this file as ``reader_support`` (tests/browser is put on sys.path by conftest.py), so
the built sites below are made once per test session whatever pytest's import mode.

- ``PAGES``: one page of every kind, as (Vietnamese path, English path), written from the URL
  scheme of the bulletin (project brief), not from the code that makes the URLs.
- ``seed_pages(site)``: ``PAGES`` plus the kinds that appear as other parts of the site land
  (e.g. the feeds' subscribe page), found in the built site.
- ``reader_site(tmp_path_factory)``: the seed site plus three December 2023 items: one with a
  picture and an external link (and its translation), one only in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import struct
import sys
import zlib
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "support"))
import sites  # noqa: E402

SITE_URL = "https://bantin.example.vn/"   # site_url of mkdocs.yml
LOCALE = {"vi": "vi_VN", "en": "en_US"}

# A seed article (articles/2023/2023-12-26-bqp-tong-ket-cchc-cds-2023.*.md): December 2023.
SEED_ARTICLE = "2023/12/bo-quoc-phong-tong-ket-cong-tac-cai-cach-hanh-chinh-chuyen-doi-so-nam-2023/"
SEED_ARTICLE_FILE = "articles/2023/2023-12-26-bqp-tong-ket-cchc-cds-2023"

PAGES = {
    "home": ("", "en/"),
    "article": (SEED_ARTICLE, "en/" + SEED_ARTICLE),
    "units": ("don-vi/", "en/units/"),
    "unit": ("don-vi/qk4/", "en/units/qk4/"),
    "topics": ("chu-de/", "en/topics/"),
    "topic": ("chu-de/cds/", "en/topics/cds/"),
    "archive": ("luu-tru/", "en/archive/"),
    "year": ("luu-tru/2023/", "en/archive/2023/"),
    "month": ("luu-tru/2023/12/", "en/archive/2023/12/"),
    "digest": ("ban-tin/2023/12/", "en/digest/2023/12/"),
    "page": ("gioi-thieu/", "en/gioi-thieu/"),
}
# Pages other engineers add; tested as soon as they exist in the built site.
LATER_PAGES = {
    "subscribe": ("theo-doi/", "en/subscribe/"),
    "search": ("tim-kiem/", "en/search/"),
}


def seed_pages(site: Path) -> dict:
    pages = dict(PAGES)
    for kind, (vi, en) in LATER_PAGES.items():
        if (site / vi / "index.html").is_file() and (site / en / "index.html").is_file():
            pages[kind] = (vi, en)
    return pages


def ui_strings(lang: str) -> dict:
    """The UI strings of a language, from its data file (the editors' source of truth)."""
    return yaml.safe_load((REPO / "data" / "i18n" / f"{lang}.yml").read_text(encoding="utf-8"))["ui"]


def front_of(text: str) -> dict:
    return yaml.safe_load(text.split("---", 2)[1])


def front_matter(path: Path) -> dict:
    return front_of(path.read_text(encoding="utf-8"))


def local_url(base_url: str, url: str) -> str:
    """An absolute URL of the published site (https://bantin.example.vn/x/) on the test server."""
    if url.startswith(SITE_URL):
        return base_url + url[len(SITE_URL):]
    return urljoin(base_url, url)


def site_path(base_url: str, url: str) -> str:
    """'http://127.0.0.1:1234/en/units/' → 'en/units/'."""
    return urlsplit(url).path[len(urlsplit(base_url).path):]


# ---------------------------------------------------------------------------------------
# A site with more December 2023 items (picture, external link, untranslated item)
# ---------------------------------------------------------------------------------------

IMAGE_PATH = "images/thu-nghiem/hoi-nghi.png"
IMAGE_CAPTION = "Quang cảnh hội nghị trực tuyến tại điểm cầu Quân khu 4"
IMAGE_CAPTION_EN = "The online conference at the Military Region 4 site"
EXTERNAL_URL = "https://example.org/van-ban/ke-hoach-cds"

EXTRA = {
    "2023/2023-12-20-qk4-hoi-nghi-truc-tuyen.vi.md": sites.article_text({
        "id": "test-reader-0001",
        "title": "Quân khu 4 thử nghiệm hội nghị trực tuyến đến cấp huyện",
        "slug": "hoi-nghi-truc-tuyen-qk4",
        "date": "2023-12-20",
        "unit": "qk4",
        "topics": ["cds"],
        "summary": "Quân khu 4 thử nghiệm hội nghị trực tuyến đến Ban Chỉ huy Quân sự cấp huyện.",
        "image": IMAGE_PATH,
        "caption": IMAGE_CAPTION,
        "authors": ["Tin, ảnh: PHÓNG VIÊN THỬ NGHIỆM"],
    }, "Đoạn mở đầu: Quân khu 4 thử nghiệm hội nghị trực tuyến đến cấp huyện trong tháng 12.\n\n"
       f"Kế hoạch chuyển đổi số được công bố tại [cổng thông tin]({EXTERNAL_URL}).\n\n"
       "Đoạn kết: các đơn vị báo cáo kết quả trước ngày 31/12.\n"),
    "2023/2023-12-20-qk4-hoi-nghi-truc-tuyen.en.md": sites.article_text({
        "title": "Military Region 4 trials online conferences down to district level",
        "summary": "Military Region 4 trials online conferences reaching district military commands.",
        "caption": IMAGE_CAPTION_EN,
    }, "Opening paragraph: Military Region 4 trialled online conferences down to district level in December.\n\n"
       f"The digital transformation plan was published on [the portal]({EXTERNAL_URL}).\n\n"
       "Closing paragraph: units report their results before 31 December.\n"),
    "2023/2023-12-28-bqp-chi-tieng-viet.vi.md": sites.article_text({
        "id": "test-reader-0002",
        "title": "Bộ Quốc phòng ban hành kế hoạch số hóa hồ sơ năm 2024",
        "date": "2023-12-28",
        "unit": "bqp",
        "topics": ["cds", "cchc"],
        "summary": "Kế hoạch số hóa hồ sơ năm 2024 của Bộ Quốc phòng.",
    }, "Tin chỉ có bằng tiếng Việt: kế hoạch số hóa hồ sơ, tài liệu lưu trữ năm 2024.\n"),
}
EXTRA_DATES = {"2023-12-20", "2023-12-28"}
PICTURE_ARTICLE = "2023/12/hoi-nghi-truc-tuyen-qk4/"        # the item with a picture (both languages)
VI_ONLY_TITLE = "Bộ Quốc phòng ban hành kế hoạch số hóa hồ sơ năm 2024"

_BUILDS: dict = {}


def reader_site(tmp_path_factory) -> "sites.Build":
    if "reader" not in _BUILDS:
        project = sites.make_project(tmp_path_factory.mktemp("reader-site"), EXTRA)
        image = project / "docs" / IMAGE_PATH
        image.parent.mkdir(parents=True, exist_ok=True)
        image.write_bytes(png(64, 36, (0x1D, 0x4E, 0x7F)))
        build = sites.build_ok(project)
        _BUILDS["reader"] = build
    return _BUILDS["reader"]


def png(width: int, height: int, rgb: tuple) -> bytes:
    """A one-colour PNG (for test pictures)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def seed_dates() -> set:
    """Publication dates (YYYY-MM-DD) of the seed articles, from their front matter."""
    out = set()
    for path in (REPO / "articles").rglob("*.vi.md"):
        value = front_matter(path)["date"]
        out.add((value.date() if isinstance(value, dt.datetime) else value).isoformat())
    return out
