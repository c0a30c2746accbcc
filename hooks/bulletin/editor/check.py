"""`bulletin check [FILES…]`: every problem of the articles, as the build would find them.

Without FILES the whole collection is reported; with FILES only the problems of those files,
but always validated within the whole collection (two articles may not share an id or a URL).
Drafts and scheduled items are mentioned as notes, so an editor knows why an article is not
on the site yet.
"""

from __future__ import annotations

import json
from pathlib import Path

import posixpath
from urllib.parse import unquote, urlsplit

from ..content import dry_render, integrity
from ..content.model import Problem
from ..importer.page import PageRulesError, load_page_rules
from .project import Collection, Project

MARKS = {"warning": "  [cảnh báo — warning]", "note": "  [ghi chú — note]", "error": ""}


def status_notes(project: Project, collection: Collection) -> list[Problem]:
    """A note for each draft and scheduled item: not an error, but not on the site either."""
    notes = []
    for entry in collection.catalog.entries + collection.catalog.withheld:
        original = entry.original
        if entry.state == "draft":
            notes.append(Problem(original.path, original.extra["lines"].get("draft"), "draft",
                                 "bản nháp, chưa được xuất bản: xóa dòng 'draft: true' khi bài đã sẵn sàng — "
                                 "a draft, not published: delete the line 'draft: true' when the article is ready",
                                 "note"))
        elif entry.state == "scheduled":
            when = original.date.strftime("%Y-%m-%d %H:%M")
            notes.append(Problem(original.path, original.extra["lines"].get("date"), "date",
                                 f"hẹn giờ: bài sẽ xuất bản từ {when} (lần xây dựng trang đầu tiên sau giờ đó) — "
                                 f"scheduled: published from {when} on (the first site build after that time)",
                                 "note"))
    for article in collection.result.articles:
        if article.is_translation and article.draft:
            notes.append(Problem(article.path, article.extra["lines"].get("draft"), "draft",
                                 "bản dịch nháp, chưa được xuất bản (trang tiếng này báo chưa có bản dịch) — "
                                 "a draft translation, not published (the page in this language says it is "
                                 "not translated yet)", "note"))
    return notes


def picture_weights(project: Project, collection: Collection) -> list[Problem]:
    """A warning for each picture of an article heavier than ``pictures.warn_bytes`` of
    data/import-page.yml: such a page is slow on a phone."""
    try:
        limit = load_page_rules(project.settings.data_path / "import-page.yml").warn_picture_bytes
    except PageRulesError as exc:
        return [Problem("data/import-page.yml", None, "pictures", str(exc))]
    languages = project.data.languages   # (errors of the UI strings are reported with the others)
    found = []
    for entry in collection.catalog.entries + collection.catalog.withheld:
        for lang, article in entry.versions.items():
            page = languages[lang].prefix + entry.path
            pictures = []
            if article.image and not article.is_translation:
                pictures.append((article.extra["lines"].get("image"), "image", article.image))
            first = article.extra.get("text_line") or article.extra.get("body_line") or 1
            for line, url, is_picture in integrity.links(article.body, first):
                parts = urlsplit(url)
                if not is_picture or parts.scheme or parts.netloc or not parts.path:
                    continue
                path = unquote(parts.path)
                target = path.lstrip("/") if path.startswith("/") else posixpath.normpath(posixpath.join(page, path))
                pictures.append((line, "body", target))
            for line, field, target in pictures:
                file = project.docs_path / target
                size = file.stat().st_size if not target.startswith("..") and file.is_file() else 0
                if size > limit:
                    found.append(Problem(article.path, line, field,
                                         f"ảnh docs/{target} nặng {size / 1000:.0f} kB (ngưỡng {limit / 1000:.0f} kB): "
                                         "trang sẽ tải chậm trên điện thoại; hãy thu nhỏ ảnh (rộng khoảng 1200 điểm ảnh, "
                                         f"JPEG chất lượng 80) — picture docs/{target} weighs {size / 1000:.0f} kB (over "
                                         f"the {limit / 1000:.0f} kB of pictures.warn_bytes in data/import-page.yml): "
                                         "slow on a phone; resize it (about 1200 pixels wide, JPEG quality 80)",
                                         "warning"))
    return found


def photo_placeholders(project: Project) -> list[Problem]:
    """A warning for each caption whose picture the importer did not have (its placeholder is still there)."""
    from ..importer.body import PHOTO_MISSING_CLASS
    warnings = []
    for path in sorted(project.articles_path.rglob("*.md")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue                    # the loader reports unreadable files
        rel = project.rel(path)
        for number, line in enumerate(text.splitlines(), 1):
            if f".{PHOTO_MISSING_CLASS}" in line and line.strip().startswith("{:"):
                warnings.append(Problem(rel, number - 1, "body",
                                        "chú thích ảnh chưa có ảnh (dòng giữ chỗ '(Ảnh chưa có)'): thêm ảnh hoặc xóa "
                                        "chỗ giữ ảnh và chú thích — a caption without its picture (the 'picture "
                                        "missing' placeholder): add the picture, or delete the placeholder and the "
                                        "caption", "warning"))
    return warnings


def select(project: Project, files: list[str], cwd: Path) -> tuple[set[str] | None, list[Problem]]:
    """The project-relative paths named on the command line, and problems with the names themselves."""
    if not files:
        return None, []
    wanted: set[str] = set()
    problems: list[Problem] = []
    articles = project.articles_path.resolve()
    for name in files:
        path = (cwd / name).resolve()
        rel = project.rel(path)
        if not path.exists():
            problems.append(Problem(name, None, "file", "không có tệp này — file not found"))
        elif path.is_dir():
            wanted.update(project.rel(p) for p in path.rglob("*.md"))
        elif articles not in path.parents:
            problems.append(Problem(rel, None, "file", f"không nằm trong thư mục bài viết {project.rel(articles)}/ — "
                                                      f"not in the articles folder; only articles are checked"))
        else:
            wanted.add(rel)
    return wanted, problems


def run(project: Project, files: list[str], fmt: str, out, cwd: Path) -> int:
    wanted, problems = select(project, files, cwd)
    collection = project.load()
    # a dry render of the texts, as the build will render them (bulletin.content.dry_render)
    collection.catalog.problems.extend(dry_render.problems(collection.result.articles, project.markdown_extensions,
                                                           wanted))
    found = (collection.errors + collection.warnings + status_notes(project, collection)
             + picture_weights(project, collection) + photo_placeholders(project))
    if wanted is not None:
        found = [p for p in found if p.path in wanted]
    found = problems + sorted(found, key=lambda p: (p.path, p.line or 0, p.field, p.message))
    errors = sum(1 for p in found if p.severity == "error")
    if fmt == "json":
        json.dump([p.as_dict() for p in found], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for p in found:
            out.write(f"{p}{MARKS.get(p.severity, '')}\n")
        warnings = sum(1 for p in found if p.severity == "warning")
        checked = len(wanted) if wanted is not None else collection.result.files
        if errors:
            out.write(f"\n{errors} lỗi, {warnings} cảnh báo ({checked} tệp) — {errors} error(s), {warnings} warning(s) "
                      f"in {checked} file(s). Sửa các lỗi trên rồi chạy lại — fix them and run the check again.\n")
        else:
            out.write(f"Không có lỗi ({checked} tệp, {warnings} cảnh báo) — no errors ({checked} file(s), "
                      f"{warnings} warning(s)).\n")
    return 1 if errors else 0
