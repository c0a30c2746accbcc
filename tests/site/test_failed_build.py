"""A failed `mkdocs build` never destroys the previous output: every article, registry and static
file is validated before MkDocs empties the output folder (`on_pre_build`)."""

from __future__ import annotations

import sites

GOOD = sites.article_text({"title": "Tin đã xuất bản hôm qua", "date": "2024-06-01", "unit": "qk4", "topics": ["cds"]})
BAD = {
    "an article error": ("articles/2024/2024-06-02-loi.vi.md",
                         sites.article_text({"title": "Bài có lỗi", "date": "2024-06-02", "unit": "qk-4",
                                             "topics": ["cds"]})),
    "a control character": ("articles/2024/2024-06-02-ky-tu.vi.md",
                            sites.article_text({"title": "Ký tự\x01 lạ", "date": "2024-06-02", "unit": "qk4",
                                                "topics": ["cds"]})),
    "a registry error": ("data/topics.yml", "topics: 5\n"),
    "a UI string error": ("data/i18n/en.yml", "code: en\n"),
    "a static file error": ("docs/images/x.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'),
}


def snapshot(folder):
    return {f.relative_to(folder).as_posix(): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}


def test_a_failed_build_leaves_the_previous_output_in_place(tmp_path):
    project = sites.make_project(tmp_path / "p", {"2024/2024-06-01-da-xuat-ban.vi.md": GOOD}, seeds=False, docs=False)
    first = sites.build_cli_ok(project)
    before = snapshot(first.site)
    assert "2024/06/tin-da-xuat-ban-hom-qua/index.html" in before
    for what, (rel, content) in BAD.items():
        path = project / rel
        old = path.read_bytes() if path.exists() else None
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        result = sites.build_cli(project)
        assert result.exit_code == 1 and "Traceback" not in result.log, (what, result.log)
        assert rel in result.log, (what, result.log)              # the file is named
        assert snapshot(first.site) == before, what             # the previous site is untouched
        path.write_bytes(old) if old is not None else path.unlink()
    sites.build_cli_ok(project)
