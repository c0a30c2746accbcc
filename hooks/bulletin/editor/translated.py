"""`bulletin translated FILE.en.md`: record that a translation matches its original as it is now.

Writes ``translated_from: <fingerprint>`` — :func:`bulletin.content.loader.fingerprint` of the original's
title and text, computed on the original exactly as the build loads it — into the
translation's front matter. Only that line changes: comments, order and everything else stay.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..content.loader import fingerprint, parse_file_name
from .project import CliError, Project

FIELD_LINE = re.compile(r"^(?P<lead>translated_from[ \t]*:[ \t]*)(?P<value>[^#\r\n]*?)(?P<tail>[ \t]*(?:#.*)?)$")


def front_matter_bounds(lines: list[str]) -> tuple[int, int]:
    """Indexes of the opening and closing '---' lines."""
    if not lines or lines[0].rstrip("\r\n").lstrip("\ufeff").strip() != "---":
        raise CliError("tệp không bắt đầu bằng dòng '---' (không có front matter) — the file has no front matter")
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r\n").strip() in ("---", "..."):
            return 0, i
    raise CliError("front matter chưa đóng: thiếu dòng '---' — the front matter is not closed")


def set_field(text: str, value: str) -> tuple[str, str | None]:
    """Return the new text and the previous value (None when the field was absent)."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    start, end = front_matter_bounds(lines)
    for i in range(start + 1, end):
        body = lines[i].rstrip("\r\n")
        m = FIELD_LINE.match(body)
        if m:
            ending = lines[i][len(body):]
            lines[i] = f"{m['lead']}{value}{m['tail']}{ending}"
            return "".join(lines), m["value"].strip() or ""
    lines.insert(end, f"translated_from: {value}{newline}")
    return "".join(lines), None


def run(project: Project, args, out=None, err=None, cwd: Path | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    path = ((cwd or Path.cwd()) / args.file).resolve()
    if not path.is_file():
        raise CliError(f"{args.file}: không có tệp này — file not found")
    rel = project.rel(path)
    if project.articles_path.resolve() not in path.parents:
        raise CliError(f"{rel}: không nằm trong thư mục bài viết — not in the articles folder")
    key, lang, error = parse_file_name(path.name, project.settings.languages)
    if error:
        raise CliError(f"{rel}: {error}")
    collection = project.load()
    versions = {a.lang: a for a in collection.result.articles if a.key == key}
    original = next((a for a in versions.values() if not a.is_translation), None)
    if original is not None and original.lang == lang:
        raise CliError(f"{rel} là bản gốc, không phải bản dịch — is the original, not a translation; chạy lệnh với "
                       f"tệp bản dịch, ví dụ — run it on the translation, e.g. {rel[:-len(lang) - 4]}.en.md")
    if original is None:
        mine = [p for p in collection.errors if p.path.rsplit("/", 1)[-1].startswith(key + ".")]
        details = "".join(f"\n  {p}" for p in mine)
        raise CliError(f"không đọc được bản gốc của {rel} (bản gốc thiếu hoặc có lỗi) — the original of this "
                       f"translation is missing or has errors; fix it first:{details}")
    value = fingerprint(original.title, original.body)
    raw = path.read_bytes().decode("utf-8")
    new_text, previous = set_field(raw, value)
    if previous == value:
        err.write(f"{rel}: đã đúng, không cần sửa — already up to date (translated_from: {value})\n")
        return 0
    path.write_bytes(new_text.encode("utf-8"))
    was = f" (trước đó — was {previous})" if previous else ""
    err.write(f"{rel}: đã ghi translated_from: {value}{was} — bản dịch khớp với bản gốc {original.path} — "
              f"the translation now matches its original\n")
    out.write(f"{value}\n")
    return 0
