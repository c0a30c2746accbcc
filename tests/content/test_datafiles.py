"""Registries and UI strings (bulletin.content.datafiles): every problem of every data file is a
message with its line, collected in one run, never a traceback; the articles are still checked."""

from __future__ import annotations

from pathlib import Path

import pytest
import sites

from bulletin.content import datafiles, settings as settings_mod

BOMB = "".join(["a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"] +
               [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9)])


def data_of(project: Path) -> datafiles.Data:
    return datafiles.load(settings_mod.from_mapping({}, project, environ={}))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path):
    return sites.make_project(tmp_path / "p", seeds=False, docs=False)


def test_the_repository_data_files_are_sound():
    data = datafiles.load(settings_mod.from_mapping({}, sites.REPO, environ={}))
    assert data.problems == [] and data.unchecked == frozenset()
    assert "qk4" in data.registry.units and set(data.languages) == {"vi", "en"}


def test_an_alias_bomb_in_a_registry_is_refused_with_its_line(project):
    units = project / "data" / "units" / "doanh-nghiep.yml"
    units.write_text(BOMB + units.read_text(encoding="utf-8"), encoding="utf-8")
    data = data_of(project)
    assert [str(p) for p in data.problems] == [
        "data/units/doanh-nghiep.yml:5: the file is too large once its aliases (*name) are expanded (more than 100,000 values): "
        "write plain values"]
    assert data.unchecked == {"units"} and data.registry.units == {} and "cchc" in data.registry.topics


def test_nesting_and_broken_yaml_are_messages(project):
    (project / "data" / "topics.yml").write_text("topics: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    (project / "data" / "units.yml").write_text("units:\n  - id: 'qk4\n", encoding="utf-8")
    messages = [str(p) for p in data_of(project).problems]
    assert messages[0].startswith("data/units.yml:") and "invalid YAML" in messages[0]
    assert messages[1] == "data/topics.yml: nested too deeply to be read: write plain values"


def test_ui_strings_dates_and_placeholders_are_checked_against_the_first_language(project):
    en = project / "data" / "i18n" / "en.yml"
    text = en.read_text(encoding="utf-8")
    key = next(line.split(":")[0].strip() for line in text.split("\nui:\n")[1].splitlines() if "{n}" in line)
    edit(en, f"  {key}: ", f"  {key}: \"{{count}} \" # ")          # a placeholder the build does not give
    edit(en, '  short: "d MMM yyyy"', '  short: "d MMMMMM yyyy"')          # not a Babel pattern
    edit(en, "  tin: Text\n", "")                                    # a byline label missing
    edit(en, "locale: en_US", "locale: en_XX_bad")
    messages = [str(p) for p in data_of(project).problems]
    assert messages == ["data/i18n/en.yml:4: locale: unknown locale 'en_XX_bad' (expected a Babel locale like "
                        "vi_VN or en_US)"]
    edit(en, "locale: en_XX_bad", "locale: en_US")
    messages = [str(p) for p in data_of(project).problems]
    assert any(m.startswith("data/i18n/en.yml:") and ": dates.short: not a date pattern Babel can use" in m
               for m in messages), messages
    assert any(f": ui.{key}: uses {{count}}, which data/i18n/vi.yml does not (the build gives only {{n}})" in m
               for m in messages), messages
    assert any(m.endswith(": bylines.tin: missing: data/i18n/vi.yml has it; add the text in this language")
               for m in messages), messages
    assert len(messages) == 3


def test_check_reports_data_errors_together_with_article_errors(project, capsys, monkeypatch):
    from bulletin.editor import cli
    edit(project / "data" / "topics.yml", "aliases: [cải cách hành chính, CCHC, cải cách hành chính nhà nước]",
         "aliases: 7")
    bad = sites.article_text({"title": "Bài có đơn vị gõ nhầm", "date": "2024-06-02", "unit": "qk-4",
                              "topics": ["cds"]})
    (project / "articles" / "2024").mkdir(parents=True, exist_ok=True)
    (project / "articles" / "2024" / "2024-06-02-loi.vi.md").write_text(bad, encoding="utf-8")
    monkeypatch.setenv("BULLETIN_NOW", sites.TEST_NOW)
    code = cli.main(["--config", str(project / "mkdocs.yml"), "check"])
    out = capsys.readouterr().out
    assert code == 1 and "Traceback" not in out
    assert "data/topics.yml:" in out and "topics[1].aliases: expected a list of text but received int 7" in out
    assert "articles/2024/2024-06-02-loi.vi.md:4: unit: unknown unit 'qk-4'" in out


def test_settings_errors_are_reported_with_the_articles_by_check_and_build(tmp_path, monkeypatch, capsys):
    from bulletin.editor import cli
    bad = sites.article_text({"title": "Bài có đơn vị gõ nhầm", "date": "2024-06-02", "unit": "qk-4",
                              "topics": ["cds"]})
    project = sites.make_project(tmp_path / "p", {"2024/2024-06-02-loi.vi.md": bad}, seeds=False, docs=False,
                                 config={"bulletin": {"per_page": "hai mươi", "timezone": "Sao/Hoa"}})
    monkeypatch.setenv("BULLETIN_NOW", sites.TEST_NOW)
    code = cli.main(["--config", str(project / "mkdocs.yml"), "check"])
    out = capsys.readouterr().out
    expected = ["mkdocs.yml: extra.bulletin.per_page: expected int but received 'hai mươi'",
                "mkdocs.yml: extra.bulletin.timezone: unknown time zone 'Sao/Hoa'",
                "articles/2024/2024-06-02-loi.vi.md:4: unit: unknown unit 'qk-4'"]
    assert code == 1 and "Traceback" not in out
    for line in expected:
        assert line in out, out
    result = sites.build(project)
    assert not result.ok and "Traceback" not in result.log + result.error
    for line in expected:
        assert line in result.log, result.log
