"""`bulletin import` from the command line: several files or a folder with a summary, clear refusals,
the assumed year in the report and the file, and `bulletin check`'s warning about pictures missing.

Real runs of the `bulletin` command (a subprocess) in a project made in a temporary folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import sites

PAGES = Path(__file__).parent / "pages"


def cli(project: Path, *args: str, now: str = sites.TEST_NOW) -> subprocess.CompletedProcess:
    env = dict(os.environ, BULLETIN_NOW=now, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "bulletin.editor.cli", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def test_a_folder_is_imported_file_by_file_with_a_summary_table(tmp_path):
    project = sites.make_project(tmp_path / "p", seeds=False)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("11-qdnd-hai-quan-tap-huan-cds.txt", "31-baophutho-toa-dam-cds-llvt.txt",
                 "E3-tapchiqptd-en-mr4.txt"):
        shutil.copy(PAGES / name, inbox / name)
    (inbox / "00-empty.txt").write_text("", encoding="utf-8")
    (inbox / "notes.md").write_text("not a page", encoding="utf-8")        # neither .txt nor .html: not taken
    done = cli(project, "import", str(inbox), now="2025-10-06T09:00:00+07:00")
    assert done.returncode == 1, done.stderr            # two files could not be imported
    assert "Traceback" not in done.stderr
    table = done.stderr[done.stderr.index("Tóm tắt — summary"):]
    assert "4 tệp — files, 2 đã nhập — imported, 2 không — not" in table
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| tệp")]
    assert [row.split(" | ")[0][2:] for row in rows] == ["00-empty.txt", "11-qdnd-hai-quan-tap-huan-cds.txt",
                                                          "31-baophutho-toa-dam-cds-llvt.txt",
                                                          "E3-tapchiqptd-en-mr4.txt"]
    empty, navy, phutho, english = rows
    assert "the file is empty" in empty
    assert "not a Vietnamese article" in english and "English" in english
    assert re.search(r"articles/2023/2023-04-18-[a-z0-9-]+\.vi\.md", navy)
    assert "ảnh — pictures: 2" in navy
    assert re.search(r"articles/2025/2025-09-29-[a-z0-9-]+\.vi\.md", phutho)
    assert "assumed year, check it" in phutho
    written = sorted(p.relative_to(project).as_posix() for p in (project / "articles").rglob("*.md"))
    assert len(written) == 2
    assert done.stdout.split() == [w for w in written if "2023" in w] + [w for w in written if "2025" in w]


def test_several_files_and_a_refusal_leave_the_others_imported(tmp_path):
    project = sites.make_project(tmp_path / "p", seeds=False)
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    done = cli(project, "import", str(PAGES / "30-baogialai-bo-chqs-gia-lai-ngay-cds.txt"), str(binary),
               "--dry-run")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "not UTF-8 text" in done.stderr or "binary" in done.stderr
    assert "(chạy thử — dry run)" in done.stderr
    assert not list((project / "articles").rglob("*.md"))


def test_the_assumed_year_is_marked_in_the_report_and_in_the_file(tmp_path):
    project = sites.make_project(tmp_path / "p", seeds=False)
    done = cli(project, "import", str(PAGES / "27-laodong-bqp-may-tinh-quan-su.txt"), now="2026-02-10T09:00:00+07:00")
    assert done.returncode == 0, done.stderr
    assert re.search(r"^  \? Ngày / date +2026-02-02 .*ASSUMED YEAR", done.stderr, re.M)
    text = (project / done.stdout.strip()).read_text(encoding="utf-8")
    comment, value = re.search(r"^(# .*ASSUMED YEAR.*)\n(date: .*)$", text, re.M).groups()
    assert value == "date: 2026-02-02"
    assert "the most recent such day not after the import day" in comment


def test_check_warns_about_each_caption_without_its_picture(tmp_path):
    project = sites.make_project(tmp_path / "p", seeds=False)
    done = cli(project, "import", str(PAGES / "26-baomoi-tckt-cds-to-chuc-quan-chung.txt"),
               now="2023-03-10T09:00:00+07:00")
    rel = done.stdout.strip()
    lines = (project / rel).read_text(encoding="utf-8").splitlines()
    placeholders = [n for n, line in enumerate(lines, 1) if line == "*(Ảnh chưa có — picture missing)*"]
    assert len(placeholders) == 2
    check = cli(project, "check", rel, "--format", "json")
    problems = json.loads(check.stdout)
    pictures = [p for p in problems if p["field"] == "body"]
    assert [p["line"] for p in pictures] == placeholders
    assert all(p["severity"] == "warning" and "picture missing" in p["message"] for p in pictures)
    # The editor deletes the placeholders (the captions stay): no more warning.
    (project / rel).write_text("\n".join(line for line in lines if "picture missing" not in line
                                         and ".bl-photo-missing" not in line) + "\n", encoding="utf-8")
    check = cli(project, "check", rel, "--format", "json")
    assert not [p for p in json.loads(check.stdout) if p["field"] == "body"]
