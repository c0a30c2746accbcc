"""`bulletin import` on the five real seeds, compared with the editors' hand-cleaned articles.

The reference is articles/<year>/<key>.vi.md: what the editors made of each seed. Fields the
raw text does not hold (the reference says so in its comments: an estimated date, a headline
written by the editors) must be left empty by the importer, never guessed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sites
from bulletin.content.frontmatter_io import read
from bulletin.importer.pipeline import import_text

REPO = Path(__file__).resolve().parents[2]
# The five raw articles that started the project (as received in shared/seeds), kept with the tests.
SEEDS = REPO / "tests" / "importer" / "fixtures" / "seeds"
REFERENCE = {
    "000_ebe2798f800dc452.txt": "2023/2023-01-01-qk4-kiem-tra-cchc-cds",
    "001_a8e9bb39c0b964b1.txt": "2022/2022-01-04-bqp-tong-ket-cchc-cpdt-2021",
    "002_1b07d22392c5bcea.txt": "2021/2021-10-01-qk1-kiem-tra-cchc-vtlt",
    "003_610547d371e1ae3e.txt": "2025/2025-07-01-bqp-so-ket-cchc-cds-2021-2025",
    "004_22bd4497e47c79db.txt": "2023/2023-12-26-bqp-tong-ket-cchc-cds-2023",
}
# What the raw text does not hold, and the words of the reference's comment that say so.
NOT_IN_TEXT = {
    "000_ebe2798f800dc452.txt": {"title": "không có dòng tiêu đề", "date": "Ngày ước tính"},
    "002_1b07d22392c5bcea.txt": {"date": "Ngày ước tính"},
    "003_610547d371e1ae3e.txt": {"date": "Ngày ước tính"},
}
JUNK = ["leftcenterrightdel", "Mời bạn đọc", "Trả lời", "Thư điện tử của bạn", "Các trường bắt buộc",
        "Ý kiến bạn đọc", "Gửi bình luận", "reset captcha", "Nhập lại", "Liên kết Website", "SỐ LƯỢT TRUY CẬP",
        "SỐ LƯỢT ĐANG ONLINE", "Chủ nhật Ngày 03 Tháng 07", "Ngày đăng:", "Chuyển đổi số 27/12/2023",
        "Nguồn: dangcongsan.vn", "Tin, ảnh:"]

@pytest.fixture(scope="module")
def imported(env):
    registry, rules, labels = env
    return {name: import_text((SEEDS / name).read_text(encoding="utf-8"), registry, rules, labels) for name in REFERENCE}


def reference(name: str):
    path = REPO / "articles" / f"{REFERENCE[name]}.vi.md"
    return read(str(path), path.read_bytes()), path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_inferred_fields_match_the_editors_reference(imported, name):
    result = imported[name]
    ref, ref_text = reference(name)
    absent = NOT_IN_TEXT.get(name, {})
    for field in ("title", "date", "unit"):
        if field in absent:
            assert result.fields[field] is None, f"{field} is not in the raw text: it must stay empty"
            assert absent[field] in ref_text, "the reference says the editors supplied this field"
        else:
            assert result.fields[field] == ref.meta[field], field
    assert result.fields["authors"] == ref.meta.get("authors")
    assert result.fields["source"] == ref.meta.get("source")


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_topics_match_or_are_suggested(imported, name):
    """The chosen topics open the reference's list; the reference's others are all suggested."""
    result = imported[name]
    ref_topics = reference(name)[0].meta["topics"]
    chosen = result.fields["topics"]
    assert chosen == ref_topics[: len(chosen)]
    assert {t for t, _ in result.also_mentioned} >= set(ref_topics[len(chosen):])


def test_topics_of_three_seeds_match_exactly(imported):
    exact = [n for n in REFERENCE if imported[n].fields["topics"] == reference(n)[0].meta["topics"]]
    assert sorted(exact) == ["000_ebe2798f800dc452.txt", "002_1b07d22392c5bcea.txt", "004_22bd4497e47c79db.txt"]


# The importer puts a visible placeholder before each caption whose picture it does not have; the
# editors' articles have no pictures either and no placeholder: the texts are compared without it.
PLACEHOLDER = "*(Ảnh chưa có — picture missing)*\n{: .bl-photo-missing }\n\n"


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_text_equals_the_editors_reference(imported, name):
    body = imported[name].body
    assert body.count(PLACEHOLDER) == body.count("{: .caption }") == len(imported[name].captions)
    assert body.replace(PLACEHOLDER, "").strip() == reference(name)[0].body.strip()


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_no_junk_line_survives(imported, name):
    body = imported[name].body
    for junk in JUNK:
        assert junk not in body, junk
    assert not re.search(r"^\s*\d\s*$", body, re.M)


def cli(project: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, BULLETIN_NOW=sites.TEST_NOW, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "bulletin.editor.cli", *args], cwd=project, env=env, input=stdin,
                          capture_output=True, text=True, timeout=300)


def test_imported_seeds_pass_check_once_filled_in_and_build(tmp_path):
    project = sites.make_project(tmp_path / "p", seeds=False)
    written = {}
    for name in sorted(REFERENCE):
        done = cli(project, "import", str(SEEDS / name))
        assert done.returncode == 0, done.stderr
        rel = done.stdout.strip()
        assert (project / rel).is_file()
        written[name] = rel
        for field in NOT_IN_TEXT.get(name, {}):
            assert re.search(rf"✗ .*{field}", done.stderr), f"the report lists the missing {field}"

    # Before the editor fills in what the text did not say, those files fail the check.
    check = cli(project, "check", "--format", "json")
    assert check.returncode == 1
    import json
    problems = json.loads(check.stdout)
    failing = {(p["path"], p["field"]) for p in problems if p["severity"] == "error"}
    assert failing == {(written[n], f) for n, fields in NOT_IN_TEXT.items() for f in fields}
    assert all(p["line"] for p in problems)

    # The editor fills in the fields from the reference and removes the draft line.
    for name, rel in written.items():
        path = project / rel
        text = path.read_text(encoding="utf-8")
        ref = reference(name)[0].meta
        for field in NOT_IN_TEXT.get(name, {}):
            value = f'"{ref[field]}"' if field == "title" else ref[field]
            text = re.sub(rf"^{field}:\s*$", f"{field}: {value}", text, flags=re.M)
        text = re.sub(r"^draft: true\n", "", text, flags=re.M)
        path.write_text(text, encoding="utf-8")
    check = cli(project, "check")
    assert check.returncode == 0, check.stdout + check.stderr

    build = sites.build_ok(project, strict=True)
    html = build.read("2023/12/bo-quoc-phong-tong-ket-cong-tac-cai-cach-hanh-chinh-chuyen-doi-so-nam-2023/index.html")
    assert "Thượng tướng Lê Huy Vịnh phát biểu tại hội nghị" in html
    assert 'class="caption"' in html
    assert "leftcenterrightdel" not in html and "SỐ LƯỢT TRUY CẬP" not in html
    assert build.exists("2022/01/bo-quoc-phong-tong-ket-cong-tac-cai-cach-hanh-chinh-va-xay-dung-chinh-phu-dien/index.html")
