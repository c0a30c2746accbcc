"""`bulletin new`: a correctly named draft with the current Vietnam time and a fresh id."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sites
from bulletin.content.frontmatter_io import read
from bulletin.editor import cli

BIN = Path(sys.executable).parent / "bulletin"


@pytest.fixture
def proj(tmp_path, monkeypatch):
    project = sites.make_project(tmp_path / "p", seeds=False)
    monkeypatch.chdir(project)
    monkeypatch.setenv("BULLETIN_NOW", "2024-03-15T08:05:00+07:00")
    return project


def new(*args: str) -> int:
    return cli.main(["new", *args])


def test_new_writes_a_dated_draft_with_a_fresh_id(proj, capsys):
    assert new("--title", "Quân khu 4 tổng kết chuyển đổi số năm 2024", "--unit", "qk4", "--topics", "cds,cchc") == 0
    out = capsys.readouterr()
    rel = out.out.strip()
    assert rel == "articles/2024/2024-03-15-quan-khu-4-tong-ket-chuyen-doi-so-nam-2024.vi.md"
    assert "Đã tạo" in out.err and "created" in out.err
    raw = read(rel, (proj / rel).read_bytes())
    assert not raw.problems
    assert raw.meta["title"] == "Quân khu 4 tổng kết chuyển đổi số năm 2024"
    assert raw.meta["date"] == "2024-03-15 08:05"
    assert raw.meta["unit"] == "qk4" and raw.meta["topics"] == ["cds", "cchc"]
    assert raw.meta["draft"] is True
    assert uuid.UUID(raw.meta["id"]).version == 4
    assert raw.body.strip() == ""


def test_two_articles_get_different_ids(proj, capsys):
    new("--title", "Tin thứ nhất về cải cách hành chính", "--unit", "qk1", "--topics", "cchc")
    new("--title", "Tin thứ hai về cải cách hành chính", "--unit", "qk1", "--topics", "cchc")
    files = sorted((proj / "articles" / "2024").glob("*.md"))
    ids = {read(str(f), f.read_bytes()).meta["id"] for f in files}
    assert len(files) == 2 and len(ids) == 2


def test_current_time_is_vietnam_time(proj, capsys, monkeypatch):
    # 20:30 UTC on 31 December is already 1 January in Vietnam
    monkeypatch.setenv("BULLETIN_NOW", "2024-12-31T20:30:00+00:00")
    assert new("--title", "Tin đầu năm mới", "--unit", "bqp", "--topics", "cds") == 0
    rel = capsys.readouterr().out.strip()
    assert rel.startswith("articles/2025/2025-01-01-")
    assert read(rel, (proj / rel).read_bytes()).meta["date"] == "2025-01-01 03:30"


def test_refuses_to_overwrite(proj, capsys):
    args = ("--title", "Hội nghị cải cách hành chính", "--unit", "qk2", "--topics", "cchc")
    assert new(*args) == 0
    path = proj / capsys.readouterr().out.strip()
    path.write_text(path.read_text(encoding="utf-8") + "Nội dung của biên tập viên.\n", encoding="utf-8")
    before = path.read_bytes()
    assert new(*args) == 1
    err = capsys.readouterr().err
    assert "không ghi đè" in err and "not overwritten" in err
    assert path.read_bytes() == before


def test_refuses_a_url_that_another_article_has(proj, capsys):
    # same month and same words as an existing article of another day → same URL
    assert new("--title", "Hội nghị chuyển đổi số", "--unit", "qk2", "--topics", "cds", "--date", "2024-03-02") == 0
    capsys.readouterr()
    assert new("--title", "Hội nghị chuyển đổi số", "--unit", "qk2", "--topics", "cds", "--date", "2024-03-20") == 1
    err = capsys.readouterr().err
    assert "/2024/03/hoi-nghi-chuyen-doi-so/" in err and "--slug" in err
    assert new("--title", "Hội nghị chuyển đổi số", "--unit", "qk2", "--topics", "cds", "--date", "2024-03-20",
               "--slug", "hoi-nghi-chuyen-doi-so-lan-2") == 0


@pytest.mark.parametrize("args, expected", [
    (("--unit", "qk44"), "did you mean 'qk4'?"),
    (("--unit", "Quân khu 4"), "did you mean 'qk4'?"),
    (("--topics", "cchc,cdss"), "did you mean 'cds'?"),
    (("--date", "2024-02-30"), "not a real date"),
    (("--date", "hôm qua"), "2023-12-26"),
    (("--unit", "qk6"), "there is no Military Region 6 (the army has seven military regions, 1, 2, 3, 4, 5, 7 and 9); "
                        "did you mean 'qk5' or 'qk7'?"),
    (("--unit", "qk2-yen-bai", "--date", "2025-08-01"),
     "--unit: unit 'qk2-yen-bai' (Bộ Chỉ huy Quân sự tỉnh Yên Bái) did not exist on 2025-08-01: it was merged into "
     "'qk2-lao-cai' (Bộ Chỉ huy Quân sự tỉnh Lào Cai) on 2025-07-01; use unit: qk2-lao-cai"),
])
def test_invalid_values_are_refused_with_a_suggestion(proj, capsys, args, expected):
    values = {"--title": "Tin thử", "--unit": "qk4", "--topics": "cchc"}
    values.update(dict(zip(args[::2], args[1::2])))
    assert new(*[x for kv in values.items() for x in kv]) == 1
    err = capsys.readouterr().err
    assert expected in err
    assert not list((proj / "articles").rglob("*.md"))


def test_vietnamese_date_form_is_accepted(proj, capsys):
    assert new("--title", "Tin có ngày", "--unit", "qk4", "--topics", "cchc", "--date", "26/12/2023 14:30") == 0
    rel = capsys.readouterr().out.strip()
    assert rel == "articles/2023/2023-12-26-tin-co-ngay.vi.md"
    assert read(rel, (proj / rel).read_bytes()).meta["date"] == "2023-12-26 14:30"


def test_missing_values_without_a_terminal_are_an_error(proj, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert new("--title", "Tin thiếu đơn vị") == 1
    err = capsys.readouterr().err
    assert "--unit" in err and "not a terminal" in err


def test_missing_values_are_asked_at_a_terminal(proj, capsys, monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True
    monkeypatch.setattr(sys, "stdin", Tty(""))
    answers = iter(["Bộ CHQS tỉnh Lào Cai số hóa hồ sơ", "qk22", "?", "qk2-lao-cai", "cds, cchc"])
    prompts = []
    monkeypatch.setattr("builtins.input", lambda prompt="": prompts.append(prompt) or next(answers))
    assert new() == 0
    out = capsys.readouterr()
    assert "did you mean 'qk2'?" in out.err          # the wrong unit was refused, with a suggestion
    assert "qk2-lao-cai" in out.err and "Bộ Chỉ huy Quân sự tỉnh Lào Cai" in out.err   # '?' listed the units
    rel = out.out.strip()
    meta = read(rel, (proj / rel).read_bytes()).meta
    assert (meta["title"], meta["unit"], meta["topics"]) == ("Bộ CHQS tỉnh Lào Cai số hóa hồ sơ", "qk2-lao-cai",
                                                              ["cds", "cchc"])
    assert len(prompts) == 5


def test_new_then_edit_then_check_then_build(tmp_path):
    """End to end, as an editor works: the installed command, a text editor, the check, the build."""
    project = sites.make_project(tmp_path / "p", seeds=False)
    env = dict(os.environ, BULLETIN_NOW="2026-11-20T09:00:00+07:00", NO_MKDOCS_2_WARNING="1")

    def run(*args):
        return subprocess.run([str(BIN), *args], cwd=project, env=env, capture_output=True, text=True,
                              timeout=300, stdin=subprocess.DEVNULL)

    made = run("new", "--title", "Bộ CHQS tỉnh Lào Cai ứng dụng chữ ký số", "--unit", "qk2-lao-cai",
               "--topics", "cds,cchc", "--author", "Tin, ảnh: MAI LAN")
    assert made.returncode == 0, made.stderr
    rel = made.stdout.strip()
    assert rel == "articles/2026/2026-11-20-bo-chqs-tinh-lao-cai-ung-dung-chu-ky-so.vi.md"

    # the new file has no text yet: the check says so, with the line
    first = run("check", rel)
    assert first.returncode == 1
    assert re.search(rf"^{re.escape(rel)}:\d+: body: ", first.stdout, re.M)

    # the editor writes the text and, when ready, deletes the draft line
    path = project / rel
    text = path.read_text(encoding="utf-8")
    body = ("Sáng 20/11, Bộ CHQS tỉnh Lào Cai tổ chức tập huấn sử dụng chữ ký số cho cán bộ các cơ quan, "
            "đơn vị trong lực lượng vũ trang tỉnh.\n")
    path.write_text(text + body, encoding="utf-8")
    draft = run("check", rel)
    assert draft.returncode == 0, draft.stdout
    assert "draft" in draft.stdout and "[ghi chú — note]" in draft.stdout
    built = sites.build_cli_ok(project, now="2026-11-20T10:00:00+07:00")
    assert not (project / "site" / "2026" / "11" / "bo-chqs-tinh-lao-cai-ung-dung-chu-ky-so").exists()

    path.write_text(re.sub(r"^draft: true\n", "", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    final = run("check")
    assert final.returncode == 0, final.stdout
    built = sites.build_cli_ok(project, now="2026-11-20T10:00:00+07:00")
    html = (project / "site" / "2026" / "11" / "bo-chqs-tinh-lao-cai-ung-dung-chu-ky-so" / "index.html").read_text("utf-8")
    assert "Bộ CHQS tỉnh Lào Cai ứng dụng chữ ký số" in html
    assert "tập huấn sử dụng chữ ký số" in html
    assert "MAI LAN" in html
    assert (project / "site" / "en" / "2026" / "11" / "bo-chqs-tinh-lao-cai-ung-dung-chu-ky-so" / "index.html").exists()
