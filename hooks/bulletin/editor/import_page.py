"""`bulletin import URL|page.html`: a news page (by its address, or saved from a browser) → a draft
article with its photos.

1. The page is fetched (:mod:`bulletin.importer.fetch`: a timeout, a browser-like User-Agent,
   redirects) or read from the saved file; it must be HTML and an article.
2. An article whose ``source.url`` is this page's address is refused, naming its file.
3. :mod:`bulletin.importer.page` reads the metadata and the article's text and pictures;
   :mod:`bulletin.importer.web` runs the bulletin's text rules over it (the same draft as the
   text path).
4. The photos are fetched (or read from the saved page's ``_files`` folder), checked
   (:mod:`bulletin.content.imagefile`: a real JPEG/PNG/GIF/WebP/AVIF by its first bytes, under the
   size limit of ``data/import-page.yml``), named from the article's slug and stored under
   ``docs/images/<year>/<month>/``. The lead photo becomes ``image:``/``caption:``, the others
   figures in the text; ``pictures:`` records each one's original address.
5. Nothing half-written: the photos and the article file are created only once everything was
   fetched and checked, never over an existing file, and removed again if a later step fails.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ..content.settings import VIETNAM
from ..content.text import slugify
from ..importer import figures
from ..importer import pictures as pics
from ..importer.body import escape
from ..importer.fetch import FetchError, fetch
from ..importer.page import NotAPage, PageRulesError, load_page_rules, parse_page
from ..importer.pipeline import ImportRefused
from ..importer.rules import RulesError, load_rules
from ..importer.web import Slot, canonical_url, choose_lead, import_page
from . import check as cli_check
from . import import_article as text_import
from .project import CliError, Project
from .writer import Entry, render

PAGE_TYPES = {"text/html", "application/xhtml+xml"}
ACCEPT_PAGE = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
ACCEPT_PICTURE = "image/avif,image/webp,image/jpeg,image/png,image/*;q=0.8"
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")


def is_page(name: str) -> bool:
    """Whether `bulletin import NAME` is a page: an http(s) address or a saved .html file."""
    return name.lower().startswith(("http://", "https://")) or name.lower().endswith(PAGE_SUFFIXES)


def read_page(name: str, prules) -> tuple[bytes, str | None, str, Path | None, str]:
    """(bytes, charset, base address, folder of a saved page, address fetched or None)."""
    if name.lower().startswith(("http://", "https://")):
        parts = urlsplit(name)
        if not parts.netloc:
            raise CliError(f"{name}: địa chỉ không đầy đủ — incomplete address (expected https://host/path)")
        try:
            answer = fetch(name, timeout=prules.timeout, user_agent=prules.user_agent,
                           max_bytes=prules.max_page_bytes, accept=ACCEPT_PAGE)
        except FetchError as exc:
            raise CliError(str(exc)) from None
        kind = answer.content_type
        if kind not in PAGE_TYPES and not (kind in ("", "text/plain", "application/octet-stream")
                                           and b"<html" in answer.data[:2048].lower()):
            raise CliError(f"{name}: không phải trang HTML mà là '{kind or 'không rõ — unknown'}' — not an HTML page "
                           f"but '{kind or 'unknown'}'; nhập địa chỉ của trang bài báo — give the address of the "
                           "article's page")
        return answer.data, answer.charset, answer.url, None, answer.url
    path = Path(name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(f"{name}: không đọc được — cannot read it ({exc.strerror})") from None
    return data, None, path.resolve().as_uri(), path.resolve().parent, name


def existing_articles(project: Project) -> dict[str, str]:
    """{canonical source.url: article file} of every article in the project (drafts included)."""
    found: dict[str, str] = {}
    if not project.articles_path.is_dir():
        return found
    for path in sorted(project.articles_path.rglob("*.md")):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        m = re.match(r"---\r?\n(.*?)\r?\n---\r?\n", text, re.S)
        if not m or "url" not in m[1]:
            continue
        try:
            front = yaml.safe_load(m[1])
        except yaml.YAMLError:
            continue
        source = front.get("source") if isinstance(front, dict) else None
        url = source.get("url") if isinstance(source, dict) else None
        key = canonical_url(url) if isinstance(url, str) else None
        if key:
            found.setdefault(key, project.rel(path))
    return found


def fetch_photos(slots: list[Slot], page_dir: Path | None, prules) -> tuple[list[pics.Photo], list[Slot], list[tuple[str, str]]]:
    """Fetch and check every picture; (photos, their slots, [(address, why refused)])."""
    photos, kept, refused = [], [], []
    for slot in slots:
        url = slot.picture.url
        try:
            if page_dir is not None and not url.lower().startswith(("http://", "https://")):
                local = pics.local_file(url, page_dir)
                if local is None:
                    raise pics.PictureError(f"{url}: không có tệp ảnh này bên cạnh trang đã lưu (thư mục _files?) — the "
                                            "picture's file is not beside the saved page (its _files folder?)")
                if local.stat().st_size > prules.max_picture_bytes:
                    pics.check_bytes(b"\0" * (prules.max_picture_bytes + 1), url, prules.max_picture_bytes)
                data = local.read_bytes()
            else:
                answer = fetch(url, timeout=prules.timeout, user_agent=prules.user_agent,
                               max_bytes=prules.max_picture_bytes, accept=ACCEPT_PICTURE)
                data = answer.data
            info = pics.check_bytes(data, url, prules.max_picture_bytes)
        except (FetchError, pics.PictureError) as exc:
            refused.append((url, str(exc)))
            continue
        photos.append(pics.Photo(source=url, caption=slot.caption, data=data, info=info))
        kept.append(slot)
    return photos, kept, refused


def run(project: Project, args, out, err, cwd: Path | None = None) -> int:
    if args.lang not in project.settings.languages:
        raise CliError(f"--lang: ngôn ngữ '{args.lang}' không có trong cấu hình — unknown language "
                       f"(expected one of: {', '.join(project.settings.languages)})")
    try:
        rules = load_rules(project.settings.data_path / "importer.yml")
        prules = load_page_rules(project.settings.data_path / "import-page.yml")
    except (RulesError, PageRulesError) as exc:
        raise CliError(str(exc)) from None
    marker = next(iter(sorted(rules.image_markers)), None)
    if marker is None:
        raise CliError("data/importer.yml: junk.image_markers: expected at least one picture marker")

    data, charset, base, page_dir, label = read_page(args.file, prules)
    try:
        page = parse_page(data, base, prules, charset)
    except NotAPage as exc:
        raise CliError(f"{label}: {exc}") from None
    if not page.is_article:
        words = sum(len(p.split()) for p in page.paragraphs)
        raise CliError(f"{label}: trang này không phải một bài báo (og:type {page.og_type or '—'}, {words} chữ nội "
                       f"dung) — this page is not an article (og:type {page.og_type or '—'}, {words} words of text); "
                       "nhập địa chỉ của chính bài báo, không phải trang chuyên mục hay trang chủ — give the "
                       "article's own address, not a section or home page")

    known = existing_articles(project)
    for address in (page.url, label if page_dir is None else None):
        key = canonical_url(address)
        if key and key in known:
            raise CliError(f"{label}: bài này đã được nhập: {known[key]} (source.url {address}) — this page was "
                           f"imported before: {known[key]}; sửa bài đó thay vì nhập lại — edit that article instead")

    labels = [lbl for lang in project.languages.values() for lbl in lang.bylines.values()]
    try:
        result = import_page(page, project.registry, rules, labels, marker)
    except ImportRefused as exc:
        raise CliError(f"{label}: {exc}") from None
    imported = result.imported
    if not imported.body.strip():
        raise CliError(f"{label}: không còn nội dung nào sau khi bỏ phần thừa — nothing is left after removing the "
                       "page's chrome; is this an article?")

    photos, slots, refused = fetch_photos(result.slots, page_dir, prules)
    title, date = imported.fields.get("title"), imported.fields.get("date")
    slug = slugify(title) if title else "anh"
    year, month = _folder_date(date, page.published)
    pics.names_for(photos, project.docs_path / "images", year, month, slug)
    for photo in photos:
        pics.make_small(photo, prules.phone_width, prules.phone_quality)
    for photo, slot in zip(photos, slots):
        slot.name, slot.width, slot.height = photo.name, photo.info.width, photo.info.height
    lead = choose_lead(slots, page.og_image)
    if lead is not None:
        lead.lead = True
    body = figures.place(imported.body, slots, escape)

    entries = text_import.entries_for(imported)
    extra = []
    if lead is not None:
        extra.append(Entry("image", lead.name, ["Ảnh đầu bài, tải từ trang gốc — the lead photo, from the page"]))
        if lead.caption:
            extra.append(Entry("caption", lead.caption))
    if photos:
        extra.append(Entry("pictures", [{"file": p.name, "url": p.source} for p in photos],
                           ["Địa chỉ gốc của từng ảnh (ghi nguồn, không xóa) — each picture's original address "
                            "(provenance; keep it)"]))
    entries[-1:-1] = extra
    header = [f"Nhập tự động bằng `bulletin import` từ {label}: kiểm tra từng trường, ảnh và chú thích.",
              "Imported by `bulletin import`: check every field, the pictures and their captions."]
    content = render(entries, body, header)

    text_import.report(imported, label, err)
    err.write(f"  · Nội dung — text: {page.body_from}\n")
    for photo, slot in zip(photos, slots):
        role = "ảnh đầu bài — lead photo" if slot.lead else "ảnh trong bài — figure"
        size = f"{photo.info.width}×{photo.info.height}, " if photo.info.width else ""
        small = (f"; bản cho điện thoại — phone copy {photo.small_width} px, {len(photo.small) / 1000:.0f} kB"
                 if photo.small else "")
        err.write(f"  ✓ Ảnh / picture   docs/{photo.name} ({role}; {size}{len(photo.data) / 1000:.0f} kB{small}) ← "
                  f"{photo.source}\n")
    for url, why in refused:
        err.write(f"  ✗ Ảnh / picture   bỏ qua — skipped: {why}\n")
    left_out = [(u, w) for u, w in page.dropped_pictures]
    if left_out:
        err.write(f"  · Không phải ảnh của bài — not the article's photos: {len(left_out)} (logo, biểu tượng, quảng cáo, "
                  "tin liên quan — logos, icons, ads, related stories)\n")

    if args.dry_run:
        out.write(content)
        err.write("Chạy thử: chưa ghi tệp nào — dry run: nothing was written.\n")
        return 0
    path = text_import.target(project, imported, args.out, args.lang, rules)
    if not path.is_absolute():
        path = (cwd or Path.cwd()) / path
    created: list[Path] = []
    try:
        try:
            created += pics.store(photos, project.docs_path)
        except OSError as exc:
            raise CliError(f"không ghi được ảnh — cannot write a picture: {exc}") from None
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            raise CliError(f"{project.rel(path)} đã có, không ghi đè (bài này đã được nhập?) — already exists; not "
                           "overwritten (imported before?). Dùng --out để chọn tên khác — use --out for another "
                           "name") from None
        created.append(path)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
    except BaseException:
        pics.remove(created)
        raise
    rel = project.rel(path)
    err.write(f"Đã ghi — written: {rel}" + (f" và {len(photos)} ảnh — and {len(photos)} picture(s)" if photos else "")
              + "\n")
    if project.articles_path.resolve() in path.resolve().parents:
        err.write("Kiểm tra — check:\n")
        cli_check.run(project, [str(path)], "text", err, cwd or Path.cwd())
    out.write(f"{rel}\n")
    return 0


def _folder_date(date: str | None, published: str | None) -> tuple[str, str]:
    """The pictures' folder: the article's month, else the page's, else this month."""
    for value in (date, published):
        if value and re.match(r"\d{4}-\d{2}", value):
            return value[:4], value[5:7]
    now = dt.datetime.now(VIETNAM)
    return f"{now:%Y}", f"{now:%m}"
