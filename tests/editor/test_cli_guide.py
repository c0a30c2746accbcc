"""The editor's guide (docs/huong-dan/, docs/en/huong-dan/): same pages in both languages, built
into the site, and consistent with the code it describes — the schema's fields and the CLI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sites
import yaml
from bulletin.content.schema import FIELDS
from bulletin.editor.cli import parser

REPO = Path(__file__).resolve().parents[2]
VI = REPO / "docs" / "huong-dan"
EN = REPO / "docs" / "en" / "huong-dan"
TOPICS = ["viet-bai", "truong-thong-tin", "don-vi-chu-de", "nhap-bai", "xem-truoc", "soan-tin-tren-web", "xuat-ban",
          "sua-loi"]

# words of the fields table, per language
WORDS = {
    VI: {"yes": "có", "no": "không", "shared": "dùng chung", "own": "riêng", "original_only": "chỉ bản gốc",
         "translation_only": "chỉ bản dịch"},
    EN: {"yes": "yes", "no": "no", "shared": "shared", "own": "own", "original_only": "original only",
         "translation_only": "translation only"},
}


def test_both_languages_have_the_same_pages():
    names = sorted(p.name for p in VI.glob("*.md"))
    assert names == sorted(p.name for p in EN.glob("*.md"))
    assert names == sorted(["index.md"] + [f"{t}.md" for t in TOPICS])


@pytest.mark.parametrize("folder", [VI, EN], ids=["vi", "en"])
def test_fields_page_documents_exactly_the_schema(folder):
    text = (folder / "truong-thong-tin.md").read_text(encoding="utf-8")
    rows = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in text.splitlines() if ln.startswith("| `")]
    documented = {row[0].strip("`"): row for row in rows}
    assert list(documented) == list(FIELDS), "the table lists the schema's fields, in the schema's order"
    w = WORDS[folder]
    for name, field in FIELDS.items():
        row = documented[name]
        assert row[1] == (w["yes"] if field.required else w["no"]), name
        kind = ("shared" if field.inherited else "original_only" if field.original_only
                else "translation_only" if field.translation_only else "own")
        assert row[2] == w[kind], name
        assert len(row[3]) > 20, f"{name} needs an explanation"


def test_byline_roles_listed_are_the_accepted_ones():
    roles = list(yaml.safe_load((REPO / "data" / "i18n" / "vi.yml").read_text(encoding="utf-8"))["bylines"].values())
    for folder in (VI, EN):
        row = next(ln for ln in (folder / "truong-thong-tin.md").read_text(encoding="utf-8").splitlines()
                   if ln.startswith("| `authors`"))
        listed = re.search(r"(?:Vai trò dùng được|Roles): (.*?)(?: \(or their English labels\))?\. \|", row).group(1)
        assert listed == ", ".join(roles)


def test_commands_and_options_in_the_guide_exist():
    sub = {name: action for action in parser()._subparsers._group_actions for name, action in action.choices.items()}
    options = {name: {o for a in p._actions for o in a.option_strings} for name, p in sub.items()}
    seen = set()
    for page in [*VI.glob("*.md"), *EN.glob("*.md")]:
        for line in page.read_text(encoding="utf-8").splitlines():
            for m in re.finditer(r"bulletin (\w+)((?: [^`#\n]*)?)", line):
                command, rest = m.group(1), m.group(2)
                if command in sub or line.lstrip().startswith("bulletin"):
                    assert command in sub, f"{page.name}: unknown command 'bulletin {command}'"
                    seen.add(command)
                    for option in re.findall(r"(?<!\S)(--[a-z-]+)", rest):
                        assert option in options[command], f"{page.name}: 'bulletin {command} {option}'"
    assert seen == set(sub)


def test_the_guide_is_part_of_the_site_in_both_languages(tmp_path):
    project = sites.make_project(tmp_path / "p", seeds=False)
    build = sites.build_ok(project, strict=True)
    for topic in TOPICS:
        assert build.exists(f"huong-dan/{topic}/index.html") and build.exists(f"en/huong-dan/{topic}/index.html")
    vi = build.read("huong-dan/index.html")
    en = build.read("en/huong-dan/index.html")
    assert "Hướng dẫn biên tập" in vi and 'lang="vi"' in vi
    assert "Editor&#39;s guide" in en or "Editor's guide" in en
    assert 'lang="en"' in en
    # links to generated pages resolve to the units list of the same language
    assert 'href="../../don-vi/"' in build.read("huong-dan/don-vi-chu-de/index.html")
    assert 'href="../../../en/units/"' in build.read("en/huong-dan/don-vi-chu-de/index.html") or \
        'href="../../units/"' in build.read("en/huong-dan/don-vi-chu-de/index.html")
    # the guide appears in the navigation of its own language only
    home_vi, home_en = build.read("index.html"), build.read("en/index.html")
    assert "Hướng dẫn biên tập" in home_vi and "Hướng dẫn biên tập" not in home_en
    assert ("Editor's guide" in home_en or "Editor&#39;s guide" in home_en)
