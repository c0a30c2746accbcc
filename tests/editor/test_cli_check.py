"""`bulletin check`: the build's own validation, one line per problem, exit status 0/1, JSON for CI."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
import sites
from bulletin.editor import cli

GOOD = """\
id: 0d5f3c1e-7a44-4b8e-9a51-2f6f9c1d2e01
title: "Bộ CHQS tỉnh Lạng Sơn tập huấn chữ ký số"
date: 2024-05-02
unit: qk1-lang-son
topics: [cds]
"""
BAD = """\
id: 0d5f3c1e-7a44-4b8e-9a51-2f6f9c1d2e02
title: "Tin có lỗi"
date: 2024-13-02
unit: qk44
topics: [cchc, cdss]
"""
BODY = "Bộ CHQS tỉnh Lạng Sơn tổ chức tập huấn sử dụng chữ ký số cho cán bộ các cơ quan trong tỉnh.\n"


@pytest.fixture
def make(tmp_path, monkeypatch):
    def factory(articles, **kw):
        project = sites.make_project(tmp_path / "p", articles, **kw)
        monkeypatch.chdir(project)
        monkeypatch.setenv("BULLETIN_NOW", sites.TEST_NOW)
        return project
    return factory


def check(capsys, *args):
    code = cli.main(["check", *args])
    return code, capsys.readouterr().out


def test_the_repository_articles_pass(make, capsys):
    make({}, seeds=True)
    code, out = check(capsys)
    assert code == 0
    assert "Không có lỗi" in out and "no errors" in out


def test_every_problem_is_one_line_with_file_line_field_and_suggestion(make, capsys):
    make({"2024/2024-05-02-tin-loi.vi.md": sites.article_text(BAD, BODY)}, seeds=False)
    code, out = check(capsys)
    assert code == 1
    path = "articles/2024/2024-05-02-tin-loi.vi.md"
    lines = [ln for ln in out.splitlines() if ln.startswith(path)]
    # front matter starts on line 2 of the file: date is line 4, unit 5, topics 6
    assert any(re.fullmatch(rf"{re.escape(path)}:4: date: .*not a real date.*", ln) for ln in lines), out
    assert any(re.fullmatch(rf"{re.escape(path)}:5: unit: unknown unit 'qk44'.*did you mean 'qk4'\?", ln) for ln in lines)
    assert any(re.fullmatch(rf"{re.escape(path)}:6: topics: unknown topic 'cdss'.*did you mean 'cds'\?", ln) for ln in lines)
    assert "3 lỗi" in out and "3 error(s)" in out


def test_json_format_for_ci(make, capsys):
    make({"2024/2024-05-02-tin-loi.vi.md": sites.article_text(BAD, BODY)}, seeds=False)
    code, out = check(capsys, "--format", "json")
    assert code == 1
    problems = json.loads(out)
    assert {tuple(sorted(p)) for p in problems} == {("field", "line", "message", "path", "severity")}
    assert {(p["line"], p["field"], p["severity"]) for p in problems} == {(4, "date", "error"), (5, "unit", "error"),
                                                                           (6, "topics", "error")}


def test_only_the_named_files_are_reported_but_in_the_whole_collection(make, capsys):
    copy = GOOD.replace('title: "Bộ CHQS tỉnh Lạng Sơn tập huấn chữ ký số"', 'title: "Bản sao"')
    make({"2024/2024-05-02-a.vi.md": sites.article_text(GOOD, BODY),
          "2024/2024-05-03-b.vi.md": sites.article_text(copy, BODY),     # a copied file keeps the id of a
          "2024/2024-05-04-c.vi.md": sites.article_text(BAD, BODY)}, seeds=False)
    code, out = check(capsys, "articles/2024/2024-05-03-b.vi.md")
    assert code == 1
    problem_lines = [ln for ln in out.splitlines() if ln.startswith("articles/")]
    assert len(problem_lines) == 1
    assert re.match(r"articles/2024/2024-05-03-b\.vi\.md:2: id: same id .* as articles/2024/2024-05-02-a\.vi\.md",
                    problem_lines[0])
    code, out = check(capsys, "articles/2024/2024-05-02-a.vi.md")
    assert code == 0, out
    # a folder names every file in it
    code, out = check(capsys, "articles/2024")
    assert code == 1 and "2024-05-04-c.vi.md:5: unit" in out


def test_check_reports_exactly_what_the_build_refuses(make, capsys):
    dup_url = GOOD.replace("0d5f3c1e-7a44-4b8e-9a51-2f6f9c1d2e01", "0d5f3c1e-7a44-4b8e-9a51-2f6f9c1d2e09") \
        .replace("2024-05-02", "2024-05-20")
    project = make({"2024/2024-05-02-a.vi.md": sites.article_text(GOOD, BODY),
                    "2024/2024-05-20-a-lan-hai.vi.md": sites.article_text(dup_url, BODY),
                    "2024/2024-05-04-c.vi.md": sites.article_text(BAD, BODY),
                    "2024/Tin Moi.md": sites.article_text(GOOD, BODY)}, seeds=False)
    code, out = check(capsys, "--format", "json")
    assert code == 1
    from_check = {f"{p['path']}:{p['line']}: {p['field']}: {p['message']}" if p["line"] else
                  f"{p['path']}: {p['field']}: {p['message']}" for p in json.loads(out) if p["severity"] == "error"}
    build = sites.build(project)
    assert not build.ok
    from_build = {ln[len("ERROR "):] for ln in build.log.splitlines() if ln.startswith("ERROR articles/")}
    assert from_check == from_build
    assert f"{len(from_check)} problem(s)" in build.error + build.log
    assert any("same URL" in p for p in from_check) and any("Tin Moi.md" in p for p in from_check)


def test_warnings_are_marked_and_do_not_fail(make, capsys):
    translation = 'title: "Lang Son trains staff in digital signatures"\n'
    make({"2024/2024-05-02-a.vi.md": sites.article_text(GOOD, BODY),
          "2024/2024-05-02-a.en.md": sites.article_text(translation, "Lang Son Provincial Military Command trained staff.\n")},
         seeds=False)
    code, out = check(capsys)
    assert code == 0
    line = next(ln for ln in out.splitlines() if ln.startswith("articles/2024/2024-05-02-a.en.md"))
    assert re.fullmatch(r"articles/2024/2024-05-02-a\.en\.md:1: translated_from: .*bulletin translated.*"
                        r"  \[cảnh báo — warning\]", line), line


def test_drafts_and_scheduled_items_are_noted(make, capsys):
    future = GOOD.replace("2024-05-02", "2027-01-01 08:00")
    make({"2024/2024-05-02-a.vi.md": sites.article_text(GOOD + "draft: true\n", BODY),
          "2027/2027-01-01-b.vi.md": sites.article_text(future.replace("2e01", "2e03"), BODY)}, seeds=False)
    code, out = check(capsys, "--format", "json")
    assert code == 0
    notes = {(p["path"], p["line"], p["field"]) for p in json.loads(out) if p["severity"] == "note"}
    assert notes == {("articles/2024/2024-05-02-a.vi.md", 7, "draft"), ("articles/2027/2027-01-01-b.vi.md", 4, "date")}


def test_names_that_are_not_articles(make, capsys):
    project = make({"2024/2024-05-02-a.vi.md": sites.article_text(GOOD, BODY)}, seeds=False)
    code, out = check(capsys, "mkdocs.yml", "articles/2024/khong-co.vi.md")
    assert code == 1
    assert "mkdocs.yml: file: " in out and "not in the articles folder" in out
    assert "articles/2024/khong-co.vi.md: file: " in out and "file not found" in out
    assert (project / "mkdocs.yml").exists()


def test_exit_status_of_the_installed_command(tmp_path):
    project = sites.make_project(tmp_path / "p", {"2024/2024-05-04-c.vi.md": sites.article_text(BAD, BODY)}, seeds=False)
    env = dict(os.environ, BULLETIN_NOW=sites.TEST_NOW)
    bad = subprocess.run([sys.executable, "-m", "bulletin.editor.cli", "check"], cwd=project, env=env,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1
    (project / "articles/2024/2024-05-04-c.vi.md").write_text(sites.article_text(GOOD, BODY), encoding="utf-8")
    good = subprocess.run([sys.executable, "-m", "bulletin.editor.cli", "check", "--format", "json"], cwd=project,
                          env=env, capture_output=True, text=True, timeout=120)
    assert good.returncode == 0 and json.loads(good.stdout) == []
    outside = subprocess.run([sys.executable, "-m", "bulletin.editor.cli", "check"], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=120)
    assert outside.returncode == 1 and "mkdocs.yml" in outside.stderr
