"""`bulletin units`: editors look units up by id or name (with or without marks) and see history."""

from __future__ import annotations

import json

import pytest
import sites
from bulletin.editor import cli


@pytest.fixture
def project(tmp_path, monkeypatch):
    project = sites.make_project(tmp_path / "p", seeds=False, docs=False)
    monkeypatch.chdir(project)
    return project


def run(capsys, *args):
    code = cli.main(["units", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_without_marks_finds_both_units_of_a_shared_name_with_their_history(project, capsys):
    code, out, _ = run(capsys, "bien phong lang son")
    assert code == 0
    blocks = out.strip().split("\n\n")
    assert blocks[0].startswith("qk1-lang-son-bdbp  Ban Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn")   # the one of today first
    assert blocks[1].startswith("bdbp-lang-son  Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn")
    assert "trước đây — formerly: bdbp-lang-son" in blocks[0]
    assert "nay là — now part of: qk1-lang-son-bdbp" in blocks[1] and "từ — from 2025-07-01" in blocks[1]
    assert "thuộc — under: Bộ CHQS tỉnh Lạng Sơn (qk1-lang-son) › QK1 (qk1) › BQP (bqp)" in blocks[0]
    assert "tệp — file: data/units/bien-phong.yml:" in blocks[0]


def test_on_a_date_an_old_name_leads_to_the_unit_of_that_date(project, capsys):
    code, out, _ = run(capsys, "Bộ CHQS tỉnh Hà Giang", "--on", "2026-01-05")
    assert code == 0
    assert out.startswith("qk2-tuyen-quang  Bộ Chỉ huy Quân sự tỉnh Tuyên Quang")
    assert "trước đây — formerly: qk2-ha-giang" in out
    code, out, _ = run(capsys, "Bộ CHQS tỉnh Hà Giang", "--on", "2025-06-30")
    assert out.startswith("qk2-ha-giang  ")


def test_a_removed_id_says_why_and_what_to_use(project, capsys):
    code, out, _ = run(capsys, "qk6")
    assert code == 1
    assert "qk6: mã đã bỏ — removed id" in out and "there is no Military Region 6" in out and "qk5, qk7" in out


def test_a_typed_id_and_the_whole_tree(project, capsys):
    code, out, _ = run(capsys, "qk-4")
    assert code == 0 and out.startswith("qk4  Quân khu 4 — Military Region 4")
    code, out, _ = run(capsys)
    lines = out.splitlines()
    assert lines[0] == "bqp  Bộ Quốc phòng"
    assert "  qk9  Quân khu 9" in lines and "    qk9-ca-mau  Bộ Chỉ huy Quân sự tỉnh Cà Mau" in lines
    assert not any(line.strip().startswith(("qk6 ", "qk8 ")) for line in lines)


def test_json_and_a_bad_date(project, capsys):
    code, out, _ = run(capsys, "tchc-kt", "--format", "json")
    rows = json.loads(out)
    assert rows[0]["id"] == "tchc-kt" and rows[0]["predecessors"] == ["tchc", "tckt"]
    assert rows[0]["valid_from"] == "2025-02-05"
    code, out, err = run(capsys, "qk4", "--on", "30/6/2025")
    assert code == 1 and "expected a date like 2025-07-01" in err and "Traceback" not in err
