"""`bulletin translated FILE.en.md`: records the original's fingerprint; nothing else in the file changes."""

from __future__ import annotations

import difflib
import hashlib
import re

import pytest
import sites
from bulletin.editor import cli

ORIGINAL = """\
id: 5b0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d
title: "Quân khu 3 tổng kết chuyển đổi số"
date: 2024-12-20
unit: qk3
topics: [cds]
"""
ORIGINAL_BODY = "Quân khu 3 tổng kết công tác chuyển đổi số năm 2024 với các cơ quan, đơn vị.\n"
TRANSLATION = """\
---
# Bản dịch tiếng Anh — English translation
title: "Military Region 3 reviews digital transformation"
# summary written by the translator
summary: "Military Region 3 reviewed its digital transformation work in 2024."
---

Military Region 3 reviewed its digital transformation work in 2024 with its agencies and units.
"""
VI = "2024/2024-12-20-qk3-tong-ket.vi.md"
EN = "2024/2024-12-20-qk3-tong-ket.en.md"


@pytest.fixture
def project(tmp_path, monkeypatch):
    project = sites.make_project(tmp_path / "p", {VI: sites.article_text(ORIGINAL, ORIGINAL_BODY), EN: TRANSLATION},
                                 seeds=False)
    monkeypatch.chdir(project)
    monkeypatch.setenv("BULLETIN_NOW", sites.TEST_NOW)
    return project


def expected_fingerprint(title: str, body: str) -> str:
    return hashlib.sha256((title + "\n\n" + body.strip()).encode("utf-8")).hexdigest()[:12]


def run(capsys, *args):
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_writes_the_fingerprint_and_keeps_everything_else(project, capsys):
    code, out, _ = run(capsys, "check", f"articles/{EN}")
    assert code == 0 and "translated_from" in out and "warning" in out
    before = (project / "articles" / EN).read_text(encoding="utf-8")
    code, out, err = run(capsys, "translated", f"articles/{EN}")
    assert code == 0, err
    after = (project / "articles" / EN).read_text(encoding="utf-8")
    value = expected_fingerprint("Quân khu 3 tổng kết chuyển đổi số", ORIGINAL_BODY)
    assert out.strip() == value
    changes = [d for d in difflib.ndiff(before.splitlines(), after.splitlines()) if d[:1] in "+-"]
    assert changes == [f"+ translated_from: {value}"]
    # inserted at the end of the front matter, comments and order kept
    assert after.index("# summary written by the translator") < after.index("translated_from") < after.index("\n---\n")
    code, out, _ = run(capsys, "check", f"articles/{EN}")
    assert code == 0 and "translated_from" not in out


def test_a_changed_original_is_stale_until_the_translation_is_marked_again(project, capsys):
    run(capsys, "translated", f"articles/{EN}")
    en = project / "articles" / EN
    en.write_text(en.read_text(encoding="utf-8").replace(
        re.search(r"translated_from: \w+", en.read_text(encoding="utf-8")).group(0),
        re.search(r"translated_from: \w+", en.read_text(encoding="utf-8")).group(0) + "   # do bulletin ghi"),
        encoding="utf-8")
    vi = project / "articles" / VI
    vi.write_text(vi.read_text(encoding="utf-8") + "\nĐoạn bổ sung sau khi đã dịch.\n", encoding="utf-8")
    code, out, _ = run(capsys, "check")
    assert code == 0 and "stale translation" in out
    stale = sites.build(project)
    assert stale.ok
    assert "The Vietnamese original was changed" in stale.read("en/2024/12/quan-khu-3-tong-ket-chuyen-doi-so/index.html")

    code, out, err = run(capsys, "translated", f"articles/{EN}")
    assert code == 0
    new_value = expected_fingerprint("Quân khu 3 tổng kết chuyển đổi số",
                                     ORIGINAL_BODY + "\nĐoạn bổ sung sau khi đã dịch.\n")
    text = en.read_text(encoding="utf-8")
    assert f"translated_from: {new_value}   # do bulletin ghi\n" in text
    assert text.count("translated_from") == 1
    code, out, _ = run(capsys, "check")
    assert "stale" not in out
    fresh = sites.build(project)
    assert "The Vietnamese original was changed" not in fresh.read("en/2024/12/quan-khu-3-tong-ket-chuyen-doi-so/index.html")
    # running it again changes nothing
    before = en.read_bytes()
    code, out, err = run(capsys, "translated", f"articles/{EN}")
    assert code == 0 and "already up to date" in err and en.read_bytes() == before


def test_windows_line_endings_are_kept(project, capsys):
    en = project / "articles" / EN
    en.write_bytes(TRANSLATION.replace("\n", "\r\n").encode("utf-8"))
    assert run(capsys, "translated", f"articles/{EN}")[0] == 0
    data = en.read_bytes()
    assert b"\r\ntranslated_from: " in data and b"\n" not in data.replace(b"\r\n", b"")


def test_refuses_the_original_and_a_broken_original(project, capsys):
    code, _, err = run(capsys, "translated", f"articles/{VI}")
    assert code == 1 and "not a translation" in err
    vi = project / "articles" / VI
    vi.write_text(vi.read_text(encoding="utf-8").replace("unit: qk3", "unit: qk33"), encoding="utf-8")
    before = (project / "articles" / EN).read_bytes()
    code, _, err = run(capsys, "translated", f"articles/{EN}")
    assert code == 1
    assert "missing or has errors" in err and f"articles/{VI}:5: unit: unknown unit 'qk33'" in err
    assert (project / "articles" / EN).read_bytes() == before
