"""`bulletin`: the editors' command-line tool (new, check, import, translated, units, preview, cms).

Each command lives in its own module (``cli_new``, ``cli_check``, ``cli_import``,
``cli_translated``); this one only reads the command line and reports errors plainly.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .project import CliError, Project

DESCRIPTION = """\
Công cụ cho biên tập viên Bản tin CCHC & CĐS.
Tools for the editors of the bulletin.

Các lệnh — commands:
  new         tạo một bài mới (bản nháp)            — start a new article (a draft)
  check       kiểm tra bài như khi xây dựng trang   — check articles as the site build does
  import      nhập một bài chép từ trang tin        — turn a copied news page into an article
  translated  ghi nhận bản dịch đã khớp bản gốc     — record that a translation matches its original
  units       tra cứu đơn vị: mã, tên, lịch sử      — look units up: ids, names, history
  preview     xem trước trang trên máy — preview the site on this computer
  cms         trang soạn tin trên web, trên máy này    — the web editor on this computer (/quan-tri/)

Xem thêm "Hướng dẫn biên tập" trên trang — see the "Editor's guide" pages of the site.
Ví dụ — examples:
  bulletin new --title "Quân khu 4 tổng kết CCHC năm 2024" --unit qk4 --topics cchc,cds
  bulletin check
  bulletin import bai-chep.txt
  bulletin units "bien phong lang son"
"""

NEW_HELP = """\
Tạo tệp articles/<năm>/<năm-tháng-ngày>-<tên>.vi.md với giờ Việt Nam hiện tại và một mã (id) mới.
Bài mới là bản nháp (draft: true) và chưa có nội dung: viết nội dung, chạy `bulletin check`, rồi xóa
dòng `draft: true` để xuất bản. Không bao giờ ghi đè tệp đã có. Thiếu thông tin thì lệnh sẽ hỏi
(khi chạy ở bàn phím).

Creates articles/<year>/<date>-<words>.vi.md with the current Vietnam time and a fresh id. The new
article is a draft with no text yet: write the text, run `bulletin check`, then delete the line
`draft: true` to publish. Never overwrites a file. Asks for missing values when run at a keyboard.
"""

CHECK_HELP = """\
Kiểm tra các bài (mặc định: tất cả) đúng như khi xây dựng trang, và in mỗi lỗi thành một dòng
`tệp:dòng: trường: thông báo`. Mã thoát 0 khi không có lỗi, 1 khi có lỗi. Cảnh báo và ghi chú
(bản nháp, bài hẹn giờ) được in kèm nhưng không làm lệnh thất bại.

Checks articles (default: all) exactly as the site build does, printing each problem as
`file:line: field: message`. Exit status 0 without errors, 1 with errors. Warnings and notes
(drafts, scheduled items) are printed but do not fail the check.
"""

CMS_HELP = """\
Mở trang soạn tin (Decap CMS) trên máy này: chạy decap-server (từ npm) và trang xem trước, rồi mở
http://127.0.0.1:8000/quan-tri/ (giao diện tiếng Anh: /quan-tri/en/). Mặc định biểu mẫu ghi thẳng vào
articles/ và docs/images/; với --workflow, mỗi tin là một nhánh git (Bản nháp → Đang xét duyệt →
Sẵn sàng → Công bố = hợp nhất), như trên máy chủ git.

Opens the web editor (Decap CMS) on this computer: runs decap-server (from npm) beside the preview;
open http://127.0.0.1:8000/quan-tri/ (English interface: /quan-tri/en/). By default the form writes
articles/ and docs/images/ directly; with --workflow each article is a git branch (Draft → In review
→ Ready → Publish = merge), as on the forge.
"""

IMPORT_HELP = """\
Đọc một bài chép từ trang tin (tệp văn bản, hoặc - để đọc từ đầu vào), bỏ phần thừa (bộ đếm, ô
bình luận, chữ của giao diện …), tìm tiêu đề, ngày, đơn vị, chủ đề, tác giả, nguồn và chú thích
ảnh, rồi ghi một tệp bài sạch (bản nháp). Không bịa: trường nào không tìm được thì để trống và
được liệt kê; tệp sẽ không qua `bulletin check` cho đến khi điền đủ.

Reads an article copied from a news page (a text file, or - for standard input), removes the
junk, finds the title, date, unit, topics, bylines, source and photo captions, and writes a
clean article file (a draft). It never invents: what it cannot find is left empty and listed;
the file fails `bulletin check` until an editor fills it in.

Nhiều tệp, hoặc một thư mục (mọi tệp .txt, .html trong đó): mỗi tệp một báo cáo, cuối cùng là bảng
tóm tắt tệp nào thành bài nào và còn cần gì. Tệp rỗng, tệp nhị phân, bài không phải tiếng Việt được
báo rõ. Several files, or a folder (its .txt and .html files): a report each, then a summary table of
what each became and still needs. An empty file, a binary file, a page not in Vietnamese are reported.

Cũng nhận địa chỉ của một trang tin (https://…) hoặc một trang đã lưu từ trình duyệt (.html, có
hoặc không có thư mục _files): khi đó lệnh lấy cả các ảnh của bài, lưu vào docs/images/<năm>/<tháng>/.
Also takes a news page's address (https://…) or a page saved from a browser (.html, with or
without its _files folder): then the article's photos are stored in docs/images/<year>/<month>/.
"""

UNITS_HELP = """\
Tra cứu danh mục đơn vị (data/units/). Không có TỪ KHÓA: in cả cây đơn vị. Có TỪ KHÓA: in các đơn vị
có mã, tên, tên viết tắt hay cách viết khác chứa mọi từ của từ khóa, gõ có dấu hay không dấu đều được
("bien phong lang son"), kèm mã, đơn vị cấp trên, tên khác và lịch sử (trước đây / nay thuộc).
--on NGÀY chỉ giữ các đơn vị có vào ngày đó, và đưa tên cũ về đơn vị kế tục có vào ngày đó.

Looks units up in the registry (data/units/). Without QUERY: the whole tree. With QUERY: the units
whose id, name, short form or other spelling contains every word of it, with or without Vietnamese
marks, with their id, parents, other names and history (formerly / now part of). --on DATE keeps
the units that existed that day and leads an old name to the unit that carried it on then.
"""

TRANSLATED_HELP = """\
Sau khi đã đối chiếu bản dịch với bản gốc, ghi `translated_from: <dấu vân tay>` vào bản dịch.
Khi bản gốc bị sửa sau đó, `bulletin check` và trang web sẽ báo bản dịch cần cập nhật.

After checking a translation against its original, writes `translated_from: <fingerprint>` into
the translation. When the original changes later, `bulletin check` and the site say so.
"""


def parser() -> argparse.ArgumentParser:
    fmt = argparse.RawDescriptionHelpFormatter
    p = argparse.ArgumentParser(prog="bulletin", description=DESCRIPTION, formatter_class=fmt)
    p.add_argument("--config", metavar="mkdocs.yml",
                   help="tệp cấu hình của trang (mặc định: tìm mkdocs.yml từ thư mục hiện tại) — the site's "
                        "configuration (default: the nearest mkdocs.yml)")
    sub = p.add_subparsers(dest="command", metavar="LỆNH/COMMAND")

    new = sub.add_parser("new", help="tạo bài mới — start a new article", description=NEW_HELP, formatter_class=fmt)
    new.add_argument("--title", help="tiêu đề — the headline")
    new.add_argument("--unit", help="mã đơn vị trong data/units/ (tra bằng `bulletin units`), ví dụ qk4 — a unit id, e.g. qk4 (look it up with `bulletin units`)")
    new.add_argument("--topics", help="mã chủ đề, cách nhau bởi dấu phẩy, ví dụ cchc,cds — topic ids, comma-separated")
    new.add_argument("--lang", default="vi", help="ngôn ngữ của bài (mặc định vi) — the article's language")
    new.add_argument("--date", help="ngày đăng, ví dụ 2024-03-15 14:30 hoặc 15/03/2024 (mặc định: bây giờ, giờ "
                                    "Việt Nam) — publication date (default: now, Vietnam time)")
    new.add_argument("--slug", help="chữ trong địa chỉ bài (mặc định: từ tiêu đề) — URL words (default: from the title)")
    new.add_argument("--author", action="append", help='tác giả như in, ví dụ "Tin, ảnh: NGỌC THĂNG" (có thể lặp '
                                                       'lại) — a byline as printed (repeatable)')
    new.add_argument("--no-draft", action="store_true", help="không đánh dấu bản nháp — do not mark as a draft")

    check = sub.add_parser("check", help="kiểm tra bài — check articles", description=CHECK_HELP, formatter_class=fmt)
    check.add_argument("files", nargs="*", metavar="TỆP/FILE", help="các tệp cần báo lỗi (mặc định: tất cả) — files to "
                                                                   "report on (default: all)")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="text (mặc định) hoặc json cho CI — text (default) or json for CI")

    imp = sub.add_parser("import", help="nhập bài chép từ trang tin — import a copied article",
                         description=IMPORT_HELP, formatter_class=fmt)
    imp.add_argument("files", nargs="+", metavar="TỆP/FILE",
                     help="tệp văn bản, - để đọc từ đầu vào, địa chỉ https://… hoặc trang .html đã lưu, thư mục; "
                          "nhiều tệp thì in bảng tóm tắt — text files, -, a page's https:// address or a saved .html "
                          "page, folders; several give a summary table")
    imp.add_argument("--out", help="thư mục (mặc định articles/) hoặc tên tệp .md — folder (default articles/) or .md file")
    imp.add_argument("--lang", default="vi", help="ngôn ngữ của bài (mặc định vi) — the article's language")
    imp.add_argument("--dry-run", action="store_true", help="chỉ in kết quả, không ghi tệp — print, write nothing")

    tr = sub.add_parser("translated", help="ghi nhận bản dịch khớp bản gốc — mark a translation up to date",
                        description=TRANSLATED_HELP, formatter_class=fmt)
    tr.add_argument("file", metavar="TỆP.en.md", help="tệp bản dịch — the translation's file")

    un = sub.add_parser("units", help="tra cứu đơn vị — look units up", description=UNITS_HELP, formatter_class=fmt)
    un.add_argument("query", nargs="?", metavar="TỪ KHÓA/QUERY", help='mã hoặc tên, có dấu hay không, ví dụ "qk4", '
                                                                   '"bien phong lang son" — an id or words of a name')
    un.add_argument("--on", metavar="YYYY-MM-DD", help="chỉ các đơn vị có vào ngày này — only units that existed "
                                                       "on this day")
    un.add_argument("--format", choices=("text", "json"), default="text", help="text (mặc định) hoặc json — text "
                                                                               "(default) or json")

    pv = sub.add_parser("preview", help="xem trước trên máy — preview the site locally",
                        description="Xem trước trang trên máy: bản nháp và bài hẹn giờ hiện kèm dòng báo; mỗi trang "
                                    "được dựng khi mở, mỗi lần lưu chỉ dựng lại phần thay đổi. Mở địa chỉ in ra "
                                    "(mặc định http://127.0.0.1:8000/) — previews the site: drafts and scheduled "
                                    "articles are shown with a banner; each page is made when opened and each "
                                    "save redoes only what it changed.")
    pv.add_argument("--dev-addr", default="127.0.0.1:8000", help="địa chỉ:cổng — address:port")
    pv.add_argument("--no-cache", action="store_true",
                    help="không dùng bộ nhớ đệm .cache/preview/ — do not use the cache in .cache/preview/")
    pv.add_argument("--mkdocs", action="store_true",
                    help="chạy `mkdocs serve --dirty` (dựng cả trang trước khi mở) — run `mkdocs serve --dirty` "
                         "instead (builds the whole site first)")
    pv.add_argument("--full", action="store_true",
                    help="chạy `mkdocs serve`: dựng lại mọi trang sau mỗi lần lưu (chậm) — run `mkdocs serve`: "
                         "every page rebuilt after each save (slow)")
    cm = sub.add_parser("cms", help="trang soạn tin trên web, trên máy này — the web editor on this computer",
                        description=CMS_HELP, formatter_class=fmt)
    cm.add_argument("--dev-addr", default="127.0.0.1:8000", help="địa chỉ:cổng của trang — the site's address:port")
    cm.add_argument("--proxy-port", type=int, default=0,
                    help="cổng của decap-server (mặc định: cổng trống bất kỳ) — decap-server's port (default: a free one)")
    cm.add_argument("--workflow", action="store_true",
                    help="quy trình biên tập với commit git (cần cây làm việc sạch) — the editorial workflow "
                         "with git commits (needs a clean working tree)")
    return p


def preview(project: Project, args) -> int:
    if not (args.mkdocs or args.full):
        from ..speed import server
        return server.run(project.config_file, args.dev_addr, cache=not args.no_cache)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # --dirty: MkDocs keeps the site folder and the hooks rebuild only what an edit changed
    # (bulletin.speed.incremental); the result equals a full rebuild.
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(project.config_file),
           "--dev-addr", args.dev_addr] + ([] if args.full else ["--dirty"])
    sys.stderr.write(f"Xem trước tại — preview at http://{args.dev_addr}/ (Ctrl+C để dừng — to stop)\n")
    try:
        return subprocess.call(cmd, cwd=project.root, env=env)
    except KeyboardInterrupt:
        return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command is None:
        parser().print_help()
        return 2
    try:
        project = Project.find(args.config)
        cwd = Path.cwd()
        if args.command == "new":
            from . import new as cli_new
            return cli_new.run(project, args)
        if args.command == "check":
            from . import check as cli_check
            return cli_check.run(project, args.files, args.format, sys.stdout, cwd)
        if args.command == "import":
            from . import import_article as cli_import
            return cli_import.run(project, args, cwd=cwd)
        if args.command == "translated":
            from . import translated as cli_translated
            return cli_translated.run(project, args, cwd=cwd)
        if args.command == "units":
            from . import units as cli_units
            return cli_units.run(project, args.query, args.on, args.format, sys.stdout)
        if args.command == "preview":
            return preview(project, args)
        if args.command == "cms":
            from . import cms as cli_cms
            return cli_cms.run(project, args)
    except CliError as exc:
        sys.stderr.write(f"bulletin {args.command}: lỗi — error: {exc}\n")
        return 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
