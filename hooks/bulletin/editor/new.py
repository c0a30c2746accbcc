"""`bulletin new`: start an article file with a correct name, the current Vietnam time and a fresh id.

The file is a draft (``draft: true``) with an empty text: it cannot reach the published site by
accident — `bulletin check` reports the missing text, and the build withholds drafts until the
editor deletes the ``draft`` line. It refuses to overwrite anything.
"""

from __future__ import annotations

import re
import sys
import uuid

from ..content import lineage
from ..content.loader import NAME_RE
from ..content.schema import FieldError, FIELDS, parse_date
from ..content.text import nfc, slugify
from .project import CliError, Project
from .writer import Entry, render

VN_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(\d{1,2})[:h](\d{2}))?\s*$")


def normalize_date(text: str) -> str:
    """'26/12/2023 14:30' → '2023-12-26 14:30'; ISO forms pass through."""
    m = VN_DATE.match(text)
    if m:
        d, mo, y, h, mi = m.groups()
        out = f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
        return out + (f" {int(h):02d}:{mi}" if h else "")
    return text.strip()


class Asker:
    """Asks for missing values when a person is at the keyboard; otherwise refuses clearly."""

    def __init__(self, interactive: bool, out=None):
        self.interactive = interactive
        self.out = out or sys.stderr

    def value(self, name: str, given, prompt: str, check, listing=None):
        if given is not None:
            try:
                return check(given)
            except FieldError as exc:
                raise CliError(f"--{name}: {exc}") from None
        if not self.interactive:
            raise CliError(f"thiếu --{name} (không hỏi được vì đầu vào không phải bàn phím) — "
                           f"--{name} is missing (cannot ask: the input is not a terminal). "
                           f"Ví dụ / example: bulletin new --title \"…\" --unit qk4 --topics cchc,cds")
        for _ in range(5):
            answer = input(prompt).strip()
            if answer == "?" and listing:
                self.out.write(listing() + "\n")
                continue
            try:
                return check(answer)
            except FieldError as exc:
                self.out.write(f"  ✗ {exc}\n")
        raise CliError(f"--{name}: không nhận được giá trị hợp lệ — no valid value was given")


def _listing(items) -> str:
    return "\n".join(f"  {item.id:<24} {item.name.vi}" for item in items)


def run(project: Project, args, out=None, err=None, interactive: bool | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if interactive is None:
        interactive = sys.stdin.isatty()
    languages = project.settings.languages
    if args.lang not in languages:
        raise CliError(f"--lang: ngôn ngữ '{args.lang}' không có trong cấu hình — unknown language "
                       f"(expected one of: {', '.join(languages)})")
    ctx = project.context()
    ask = Asker(interactive, err)
    title = ask.value("title", args.title, "Tiêu đề (title): ", lambda v: FIELDS["title"].parse(nfc(v), ctx))
    unit = ask.value("unit", args.unit, "Mã đơn vị, ví dụ qk4; gõ ? để xem danh sách (unit id, ? lists them): ",
                     lambda v: FIELDS["unit"].parse(v.strip(), ctx),
                     lambda: _listing(u for u in project.registry.units.values() if u.valid_to is None))
    topics = ask.value("topics", args.topics, "Mã chủ đề, cách nhau bởi dấu phẩy, ví dụ cchc,cds; ? để xem "
                       "(topic ids, comma-separated): ",
                       lambda v: FIELDS["topics"].parse(v, ctx), lambda: _listing(project.registry.topics.values()))
    if args.date:
        try:
            when, has_time = parse_date(normalize_date(args.date), ctx)
        except FieldError as exc:
            raise CliError(f"--date: {exc}") from None
    else:
        when, has_time = project.settings.current_time().astimezone(project.settings.tz), True
    date_text = when.strftime("%Y-%m-%d %H:%M") if has_time else when.strftime("%Y-%m-%d")
    if has_time and when.utcoffset() != when.astimezone(project.settings.tz).utcoffset():
        date_text = when.isoformat(timespec="minutes").replace("T", " ")
    why = lineage.unit_problem(project.registry, unit, when.astimezone(project.settings.tz).date())
    if why is not None:
        raise CliError(f"--unit: {why}")
    slug = args.slug or slugify(title)
    if not slug:
        raise CliError("không tạo được tên tệp từ tiêu đề: hãy cho --slug, ví dụ --slug hoi-nghi-cchc — "
                       "the title gives no URL words: pass --slug")
    try:
        slug = FIELDS["slug"].parse(slug, ctx)
    except FieldError as exc:
        raise CliError(f"--slug: {exc}") from None
    key = f"{when:%Y-%m-%d}-{slug}"
    if not NAME_RE.match(f"{key}.{args.lang}.md"):
        raise CliError(f"tên tệp không hợp lệ — invalid file name {key}.{args.lang}.md")
    folder = project.articles_path / f"{when:%Y}"
    path = folder / f"{key}.{args.lang}.md"
    _refuse_clashes(project, path, key, f"{when:%Y}/{when:%m}/{slug}/")

    entries = [
        Entry("id", str(uuid.uuid4()), ["Mã ổn định của bài (không sửa, không chép sang bài khác) — stable id: "
                                        "never edit it, never copy it to another article"]),
        Entry("title", title),
        Entry("date", date_text, ["Giờ Việt Nam — Vietnam time"]),
        Entry("unit", unit),
        Entry("topics", list(topics)),
    ]
    if args.author:
        entries.append(Entry("authors", [nfc(a) for a in args.author]))
    else:
        entries.append(Entry("authors", ["Tin, ảnh: HỌ TÊN"], ["Tác giả như in trong bài (bỏ dấu # để dùng) — "
                                                                "bylines as printed (remove the # to use)"],
                             commented_out=True))
    entries.append(Entry("source", {"name": "qdnd.vn", "url": "https://www.qdnd.vn"},
                         ["Nguồn, nếu bài lấy từ báo khác (bỏ dấu # để dùng) — source, if taken from elsewhere"],
                         commented_out=True))
    if not args.no_draft:
        entries.append(Entry("draft", True, ["Bản nháp: chỉ hiện khi xem trước. Xóa dòng dưới khi bài đã sẵn sàng "
                                             "xuất bản — a draft: shown only in preview; delete the line below to "
                                             "publish"]))
    header = ["Viết nội dung bài bên dưới dòng '---' cuối cùng, mỗi đoạn cách nhau một dòng trống.",
              "Write the text below the closing '---', paragraphs separated by an empty line."]
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(render(entries, "", header))
    except FileExistsError:
        raise CliError(f"{project.rel(path)} đã có, không ghi đè — already exists; not overwritten") from None
    rel = project.rel(path)
    out.write(f"{rel}\n")
    err.write(f"Đã tạo {rel} — created.\n"
              f"Tiếp theo — next: 1) viết nội dung bài — write the text; 2) bulletin check {rel}; "
              f"3) {'xóa dòng draft: true để xuất bản — delete the draft line to publish' if not args.no_draft else 'commit'}.\n")
    return 0


def _refuse_clashes(project: Project, path, key: str, url_path: str) -> None:
    if path.exists():
        raise CliError(f"{project.rel(path)} đã có, không ghi đè — already exists; not overwritten")
    for other in project.articles_path.rglob(f"{key}.*.md"):
        raise CliError(f"bài {project.rel(other)} đã dùng tên này — this article name is taken by {project.rel(other)}; "
                       "chọn tiêu đề khác hoặc --slug khác — choose another title or --slug")
    year, month, slug = url_path.strip("/").split("/")
    taken = [project.rel(p) for p in project.articles_path.rglob(f"{year}-{month}-??-{slug}.*.md")]
    collection = project.load()
    taken += [e.original.path for e in collection.catalog.entries + collection.catalog.withheld if e.path == url_path]
    if taken:
        raise CliError(f"địa chỉ /{url_path} đã thuộc về {taken[0]} — the URL /{url_path} is taken; "
                       "dùng --slug khác — pass another --slug")
