"""`bulletin import FILE|-`: write a clean article file from a raw one, and say what was found.

The report (on stderr) lists, for each field, the value and how it was found — or why it was
not. A field that could not be established is written empty, so the file fails `bulletin check`
until an editor fills it in; the file is a draft until the editor has reviewed it.
"""

from __future__ import annotations

import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ..content.text import slugify
from ..importer.pipeline import ImportRefused, Imported, import_text
from ..importer.rules import load_rules, RulesError
from . import check as cli_check
from .project import CliError, Project
from .writer import Entry, render

LABELS = {"title": "Tiêu đề / title", "date": "Ngày / date", "unit": "Đơn vị / unit", "topics": "Chủ đề / topics",
          "authors": "Tác giả / authors", "source": "Nguồn / source"}
FILL_IN = {"title": "điền tiêu đề — write the headline",
           "date": "điền ngày đăng, ví dụ 2023-12-26 — write the publication date, e.g. 2023-12-26",
           "unit": "điền mã đơn vị trong data/units/ (tra bằng `bulletin units`), ví dụ qk4 — write a unit id of data/units/ (`bulletin units`)",
           "topics": "điền mã chủ đề trong data/topics.yml, ví dụ [cchc, cds] — write topic ids of data/topics.yml"}


def read_input(name: str, stdin) -> tuple[str, str]:
    if name == "-":
        data = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode("utf-8")
        label = "(stdin)"
    else:
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            raise CliError(f"{name}: không đọc được — cannot read it ({exc.strerror})") from None
        label = name
    try:
        return data.decode("utf-8-sig"), label
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CliError(f"{label}:{line}: không phải UTF-8 — not UTF-8 text; hãy lưu tệp dạng UTF-8 — save it as "
                       "UTF-8") from None


def display(name: str, value) -> str:
    if value is None:
        return ""
    if name == "topics":
        return ", ".join(value)
    if name == "authors":
        return "; ".join(value)
    if name == "source":
        return value["name"] + (f" <{value['url']}>" if value.get("url") else "")
    return str(value)


def entries_for(imported: Imported) -> list[Entry]:
    f, notes = imported.fields, imported.notes
    out = [Entry("id", str(uuid.uuid4()), ["Mã ổn định của bài (không sửa) — stable id (never edit it)"])]
    for name in ("title", "date", "unit", "topics", "authors", "source"):
        value = f.get(name)
        if value is None and name in ("authors", "source"):
            continue
        if value is None:
            comments = [f"CHƯA TÌM THẤY — NOT FOUND: {notes.get(name, '')}", f"→ {FILL_IN[name]}"]
        else:
            comments = [f"Tự động — inferred: {notes.get(name, '')}"]
        if name == "topics" and imported.also_mentioned:
            comments.append("Cũng được nhắc đến (thêm nếu đúng) — also mentioned (add if right): "
                            + ", ".join(f"{t} ({n}×)" for t, n in imported.also_mentioned))
        out.append(Entry(name, value, comments))
    out.append(Entry("draft", True, ["Bản nháp: kiểm tra bài rồi xóa dòng dưới để xuất bản — a draft: review the "
                                     "article, then delete the line below to publish"]))
    return out


def target(project: Project, imported: Imported, out: str | None, lang: str, rules) -> Path:
    if out and out.endswith(".md"):
        return Path(out)
    base = Path(out) if out else project.articles_path
    title, date = imported.fields.get("title"), imported.fields.get("date")
    slug = slugify(title) if title else f"chua-co-tieu-de-{uuid.uuid4().hex[:8]}"
    if date:
        return base / date[:4] / f"{date[:10]}-{slug}.{lang}.md"
    return base / rules.undated_folder / f"chua-ro-ngay-{slug}.{lang}.md"


def report(imported: Imported, source_label: str, err) -> None:
    err.write(f"Nhập bài — import: {source_label}\n")
    for name, label in LABELS.items():
        value = imported.fields.get(name)
        note = imported.notes.get(name, "")
        if value is None and name in imported.missing:
            err.write(f"  ✗ {label:<18} CHƯA TÌM THẤY — NOT FOUND ({note})\n")
        elif value is None:
            err.write(f"  · {label:<18} — ({note})\n")
        elif name == "date" and imported.date_assumed:
            err.write(f"  ? {label:<18} {display(name, value)}  ({note})\n")
        else:
            err.write(f"  ✓ {label:<18} {display(name, value)}  ({note})\n")
    if imported.also_mentioned:
        err.write("    cũng được nhắc đến — also mentioned: "
                  + ", ".join(f"{t} ({n}×)" for t, n in imported.also_mentioned) + "\n")
    err.write(f"  · Chú thích ảnh / captions: {len(imported.captions)}"
              + (" — mỗi chú thích có chỗ giữ ảnh '(Ảnh chưa có)': thêm ảnh hoặc xóa chú thích — each has a "
                 "'picture missing' placeholder: add the picture or delete the caption" if imported.captions else "")
              + "\n")
    if imported.headings:
        err.write(f"  · Tiêu đề nhỏ / subheadings: {len(imported.headings)}\n")
    junk = [r for r in imported.removed if r.reason != "footer"]
    footer = [r for r in imported.removed if r.reason == "footer"]
    shown = ", ".join(sorted({repr(r.text[:30]) for r in junk})[:8])
    err.write(f"  · Đã bỏ — removed: {len(junk)} dòng thừa — junk line(s)" + (f": {shown}" if shown else "") + "\n")
    if footer:
        err.write(f"  · Đã bỏ chân trang — removed the page footer: {len(footer)} dòng — line(s) from line "
                  f"{footer[0].number} ('{footer[0].text[:30]}')\n")
    if imported.missing:
        err.write(f"Cần bổ sung — to fill in: {', '.join(imported.missing)}. Tệp sẽ không qua `bulletin check` cho "
                  "đến khi điền đủ — the file fails `bulletin check` until they are filled in.\n")


BATCH_SUFFIXES = (".txt", ".html", ".htm")


@dataclass
class Outcome:
    name: str
    became: str = ""            # the written file, or what stopped the import
    needs: list = field(default_factory=list)
    ok: bool = True


def expand(names: list[str], cwd: Path) -> list[str]:
    """Files named, and the text files and saved pages of folders named (sorted)."""
    out = []
    for name in names:
        path = Path(name) if Path(name).is_absolute() else cwd / name
        if name != "-" and path.is_dir():
            found = sorted(str(p) for p in path.iterdir() if p.is_file() and p.suffix.lower() in BATCH_SUFFIXES)
            if not found:
                raise CliError(f"{name}: thư mục không có tệp .txt hay .html nào — the folder holds no .txt or .html file")
            out.extend(found)
        else:
            out.append(name)
    return out


def needs_of(imported: Imported) -> list[str]:
    """What an editor still has to do with an imported draft, in short."""
    needs = [f"{name}" for name in imported.missing]
    if imported.unknown_unit:
        needs = [n if n != "unit" else f"unit ('{imported.unknown_unit}' chưa có trong danh mục — not in the registry)"
                 for n in needs]
    if imported.date_assumed:
        needs.append("date: năm giả định, kiểm tra — assumed year, check it")
    if imported.captions:
        needs.append(f"ảnh — pictures: {len(imported.captions)}")
    needs.append("draft: duyệt rồi xóa dòng draft — review, then delete the draft line")
    return needs


def summary(outcomes: list[Outcome], err) -> None:
    err.write(f"\nTóm tắt — summary: {len(outcomes)} tệp — files, "
              f"{sum(o.ok for o in outcomes)} đã nhập — imported, {sum(not o.ok for o in outcomes)} không — not\n")
    err.write("| tệp — file | thành — became | còn cần — still needs |\n|---|---|---|\n")
    for o in outcomes:
        cell = lambda text: str(text).replace("|", "\\|")
        err.write(f"| {cell(Path(o.name).name)} | {cell(o.became)} | {cell('; '.join(o.needs)) or '—'} |\n")


def run(project: Project, args, out=None, err=None, stdin=None, cwd: Path | None = None) -> int:
    out, err, stdin = out or sys.stdout, err or sys.stderr, stdin or sys.stdin
    names = list(getattr(args, "files", None) or [args.file])
    files = expand(names, cwd or Path.cwd())
    if len(files) == 1 and len(names) == 1 and files[0] == names[0]:
        args.file = files[0]
        return run_one(project, args, out, err, stdin, cwd)
    if args.out and args.out.endswith(".md"):
        raise CliError("--out: với nhiều tệp, hãy cho một thư mục, không phải một tệp .md — with several files, give "
                       "a folder, not an .md file")
    outcomes = []
    for name in files:
        err.write(f"\n== {name}\n")
        args.file = name
        outcome = Outcome(name)
        try:
            run_one(project, args, out, err, stdin, cwd, outcome)
        except CliError as exc:
            outcome.ok = False
            outcome.became = f"không nhập — not imported: {str(exc).split(': ', 1)[-1][:160]}"
            err.write(f"bulletin import: lỗi — error: {exc}\n")
        outcomes.append(outcome)
    summary(outcomes, err)
    return 0 if all(o.ok for o in outcomes) else 1


def run_one(project: Project, args, out, err, stdin, cwd: Path | None = None, outcome: Outcome | None = None) -> int:
    from . import import_page          # a page's address or a saved page: its own path, with pictures
    if import_page.is_page(args.file):
        code = import_page.run(project, args, out, err, cwd)
        if outcome is not None:
            outcome.became = "trang và ảnh: xem báo cáo trên — the page and its pictures: see the report above"
            outcome.ok = code == 0
        return code
    if args.lang not in project.settings.languages:
        raise CliError(f"--lang: ngôn ngữ '{args.lang}' không có trong cấu hình — unknown language "
                       f"(expected one of: {', '.join(project.settings.languages)})")
    try:
        rules = load_rules(project.settings.data_path / "importer.yml")
    except RulesError as exc:
        raise CliError(str(exc)) from None
    text, label = read_input(args.file, stdin)
    labels = [lbl for lang in project.languages.values() for lbl in lang.bylines.values()]
    try:
        imported = import_text(text, project.registry, rules, labels, today=project.settings.current_time().date())
    except ImportRefused as exc:
        raise CliError(f"{label}: {exc}") from None
    if not imported.body.strip():
        raise CliError(f"{label}: không còn nội dung nào sau khi bỏ phần thừa — nothing is left after removing "
                       "the junk; is this the right file?")
    header = [f"Nhập tự động bằng `bulletin import` từ {Path(label).name}: kiểm tra từng trường và các chú thích ảnh.",
              "Imported by `bulletin import`: check every field and the picture captions."]
    content = render(entries_for(imported), imported.body, header)
    report(imported, label, err)
    if outcome is not None:
        outcome.needs = needs_of(imported)
    if args.dry_run:
        out.write(content)
        err.write("Chạy thử: chưa ghi tệp nào — dry run: nothing was written.\n")
        if outcome is not None:
            outcome.became = "(chạy thử — dry run)"
        return 0
    path = target(project, imported, args.out, args.lang, rules)
    if not path.is_absolute():
        path = (cwd or Path.cwd()) / path
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
    except FileExistsError:
        raise CliError(f"{project.rel(path)} đã có, không ghi đè (bài này đã được nhập?) — already exists; not "
                       "overwritten (imported before?). Dùng --out để chọn tên khác — use --out for another name") from None
    rel = project.rel(path)
    err.write(f"Đã ghi — written: {rel}\n")
    if outcome is not None:
        outcome.became = str(rel)
    if project.articles_path.resolve() in path.resolve().parents:
        err.write("Kiểm tra — check:\n")
        cli_check.run(project, [str(path)], "text", err, cwd or Path.cwd())
    out.write(f"{rel}\n")
    return 0
