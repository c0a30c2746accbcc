"""The bad-input catalogue (tests/content/badinput/cases, described in tests/content/badinput/README.md).

Each case is built alone with MkDocs and checked with `bulletin check`; then every case is put
in one project and both run once more, as commands. Asserted every time: no traceback, every
expected problem reported (errors exactly), a failing exit status when there are errors, and
no article silently dropped — each file is either reported or published.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import pytest
import sites
from bulletin.content.model import Problem
from bulletin.editor import cli

CASES_DIR = Path(__file__).parent / "badinput" / "cases"
CASE_NAMES = sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir())
ARTICLE_PAGE = re.compile(r"^\d{4}/\d{2}/[^/]+/index\.html$")
REPORTED = ("articles/", "docs/", "data/")   # the files a problem can be in
SUMMARY = re.compile(r"^\d+ problem\(s\) in \d+ file\(s\)")


@dataclass
class Case:
    name: str
    folder: Path
    description: str = ""
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    withheld: list = field(default_factory=list)      # (path, state)
    pages: list = field(default_factory=list)
    absent: list = field(default_factory=list)
    titles: list = field(default_factory=list)        # (page, text)
    times: list = field(default_factory=list)         # (page, iso)
    absent_texts: list = field(default_factory=list)
    texts: list = field(default_factory=list)         # (page, text)
    valid: list = field(default_factory=list)         # files without a problem of their own

    @property
    def files(self) -> list[str]:
        """The case's article files, as the loader names them ('articles/2024/x.vi.md')."""
        return sorted(p.relative_to(self.folder).as_posix() for p in (self.folder / "articles").rglob("*")
                      if p.is_file() or p.is_symlink())


def load_case(name: str) -> Case:
    folder = CASES_DIR / name
    case = Case(name, folder)
    for line in (folder / "expected.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        if line.startswith("#"):
            case.description = case.description or line[1:].strip()
            continue
        kind, _, rest = line.partition(" ")
        if kind == "error":
            case.errors.append(rest)
        elif kind == "warning":
            case.warnings.append(rest)
        elif kind == "withheld":
            path, _, state = rest.partition(" ")
            case.withheld.append((path, state))
        elif kind == "page":
            case.pages.append(rest)
        elif kind == "absent":
            case.absent.append(rest)
        elif kind == "title":
            page, _, text = rest.partition(" ")
            case.titles.append((page, text))
        elif kind == "time":
            page, _, iso = rest.partition(" ")
            case.times.append((page, iso))
        elif kind == "text":
            page, _, text = rest.partition(" ")
            case.texts.append((page, text))
        elif kind == "absent-text":
            case.absent_texts.append(rest)
        elif kind == "valid":
            case.valid.append(rest)
        else:
            raise AssertionError(f"{folder}/expected.txt: unknown expectation {line!r}")
    return case


CASES = {name: load_case(name) for name in CASE_NAMES}


def matcher(expected: str) -> re.Pattern:
    """'…' in an expectation matches any text; the rest must match exactly."""
    return re.compile(".*?".join(re.escape(part) for part in expected.split("...")) + r"\Z", re.S)


def unmatched(expected: list[str], reported: list[str]) -> list[str]:
    return [e for e in expected if not any(matcher(e).match(r) for r in reported)]


def unexpected(expected: list[str], reported: list[str]) -> list[str]:
    return [r for r in reported if not any(matcher(e).match(r) for e in expected)]


def copy_case(case: Case, project: Path) -> None:
    for src in case.folder.rglob("*"):
        rel = src.relative_to(case.folder)
        if (src.is_file() or src.is_symlink()) and rel.parts[0] in ("articles", "docs"):
            dest = project / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            if src.is_symlink():   # kept as the link it is (dangling, a loop, to a folder or a system file)
                os.symlink(os.readlink(src), dest)
            else:
                shutil.copyfile(src, dest)
    # Data files: `append/<path>` is added at the end of the project's file; `remove.txt` lists
    # "<path>\t<line>" to delete (each must be there: the case would test nothing otherwise).
    for src in sorted((case.folder / "append").rglob("*")) if (case.folder / "append").is_dir() else []:
        if src.is_file():
            dest = project / src.relative_to(case.folder / "append")
            dest.write_text(dest.read_text(encoding="utf-8") + src.read_text(encoding="utf-8"), encoding="utf-8")
    remove = case.folder / "remove.txt"
    for line in remove.read_text(encoding="utf-8").splitlines() if remove.exists() else []:
        rel, _, text = line.partition("\t")
        dest = project / rel
        content = dest.read_text(encoding="utf-8")
        assert text + "\n" in content, (case.name, rel, text)
        dest.write_text(content.replace(text + "\n", "", 1), encoding="utf-8")
    pad = case.folder / "pad.txt"
    if pad.exists():
        rel, size = pad.read_text(encoding="utf-8").split()
        target = project / rel
        line = "Đoạn văn lặp lại để tệp thật lớn, như một bài dán nhầm cả trang web vào.\n".encode("utf-8")
        data = target.read_bytes()
        data += line * ((int(size) - len(data)) // len(line) + 1)
        target.write_bytes(data)


def empty_project(root: Path) -> Path:
    return sites.make_project(root, seeds=False, docs=False)


# -- the two tools -------------------------------------------------------------------------

@dataclass
class Report:
    """What one tool said: error and warning lines as `path:line: field: message`."""

    exit_code: int
    text: str                      # everything it printed
    errors: list
    warnings: list
    notes: list


def build_report(result: sites.Build) -> Report:
    errors, warnings, other = [], [], []
    for line in result.log.splitlines():
        m = re.match(r"^(ERROR|WARNING|INFO)\s+(?:-\s+)?(.*)$", line)
        if not m:
            continue
        level, text = m.groups()
        if level == "ERROR" and text.startswith(REPORTED):
            errors.append(text)
        elif level == "ERROR" and not SUMMARY.match(text) and not text.startswith("Aborted"):
            other.append(text)
        elif text.startswith(REPORTED):
            warnings.append(text)
    assert not other, f"unexpected errors in the build log: {other}"
    return Report(result.exit_code, result.log + result.error, errors, warnings, [])


def checker_report(stdout: str, stderr: str, code: int) -> Report:
    assert "Traceback" not in stdout + stderr, stdout + stderr
    problems = [Problem(**d) for d in json.loads(stdout)]
    return Report(code, stdout + stderr,
                  [str(p) for p in problems if p.severity == "error"],
                  [str(p) for p in problems if p.severity == "warning"],
                  [str(p) for p in problems if p.severity not in ("error", "warning")])


def run_checker_inprocess(project: Path, monkeypatch) -> Report:
    monkeypatch.setenv("BULLETIN_NOW", sites.TEST_NOW)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--config", str(project / "mkdocs.yml"), "check", "--format", "json"])
    return checker_report(out.getvalue(), err.getvalue(), code)


def run_checker_command(project: Path) -> Report:
    exe = Path(sys.executable).with_name("bulletin")
    env = dict(os.environ, BULLETIN_NOW=sites.TEST_NOW)
    proc = subprocess.run([str(exe), "check", "--format", "json"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)
    return checker_report(proc.stdout, proc.stderr, proc.returncode)


# -- the tests -------------------------------------------------------------------------------

def test_the_catalogue_has_at_least_forty_cases_each_with_a_stated_outcome():
    assert len(CASES) >= 40
    for case in CASES.values():
        assert case.description, f"{case.name}: expected.txt must start with '# what the case is'"
        assert case.files, f"{case.name}: no files under articles/"
        outcome = case.errors or case.warnings or case.withheld or case.pages
        assert outcome, f"{case.name}: expected.txt states no outcome"
        for path in [e.split(":", 1)[0] for e in case.errors + case.warnings] + [p for p, _ in case.withheld]:
            if path.startswith("data/"):   # a data file the case appends to or removes from
                assert (case.folder / "append" / path).exists() or path in (case.folder / "remove.txt").read_text(
                    encoding="utf-8"), f"{case.name}: {path} is not changed by the case"
            else:
                assert path in case.files or os.path.lexists(case.folder / path), \
                    f"{case.name}: {path} is not a file of the case"


def test_the_catalogue_covers_the_issue():
    """Every kind of bad input named in the issue has at least one case."""
    required = ["yaml-unclosed-quote", "frontmatter-list", "missing-title", "duplicate-field", "wrong-type-title",
                "date-impossible-day", "date-with-offset", "date-without-offset", "date-future", "unit-unknown",
                "topic-unknown", "duplicate-slug", "duplicate-id", "bom", "crlf", "nfd", "zero-width",
                "tab-frontmatter", "empty-body", "huge-file", "binary-md", "image-in-articles", "body-broken-link",
                "image-missing", "body-image-missing", "translation-other-unit", "filename-uppercase"]
    assert not [name for name in required if name not in CASES]
    crlf = CASES["crlf"].files[0]
    assert b"\r\n" in (CASES_DIR / "crlf" / crlf).read_bytes()
    assert (CASES_DIR / "bom" / CASES["bom"].files[0]).read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("name", CASE_NAMES)
def test_case_alone(name, tmp_path, monkeypatch):
    case = CASES[name]
    project = empty_project(tmp_path / "p")
    copy_case(case, project)

    result = sites.build(project)
    assert "Traceback" not in result.log + result.error
    build = build_report(result)
    check = run_checker_inprocess(project, monkeypatch)

    for tool, report in (("build", build), ("check", check)):
        assert not unmatched(case.errors, report.errors), (tool, "missing errors", report.errors)
        assert not unexpected(case.errors, report.errors), (tool, "unexpected errors", report.errors)
        assert not unmatched(case.warnings, report.warnings), (tool, "missing warnings", report.warnings)
    if case.errors:
        assert not result.ok and build.exit_code == 1 and check.exit_code == 1
    else:
        assert result.ok, result.log
        assert check.exit_code == 0, check.text

    # Withheld items are named by both tools: the build log and a note of the checker.
    for path, state in case.withheld:
        assert f"{path} ({state})" in result.log, result.log
        assert any(n.startswith(path + ":") for n in check.notes), check.notes

    # No article silently dropped: each file is reported (by both tools), declared valid, or published.
    for report in (build, check):
        named = {line.split(":", 1)[0] for line in report.errors + report.warnings + report.notes}
        named.update(path for path, _ in case.withheld)
        assert not {e.split(":", 1)[0] for e in report.errors} & set(case.valid)   # no error of its own
        if case.errors:
            assert set(case.files) <= named | set(case.valid), set(case.files) - named - set(case.valid)
    if not case.errors:
        withheld_keys = {Path(p).name.split(".")[0] for p, state in case.withheld if "translation" not in state}
        keys = {Path(f).name.split(".")[0] for f in case.files} - withheld_keys
        built = [p for p in result.site.rglob("index.html") if ARTICLE_PAGE.match(p.relative_to(result.site).as_posix())]
        assert len(built) == len(keys), (sorted(keys), built)
        for page in case.pages:
            assert result.exists(page), page
        for page in case.absent:
            assert not result.exists(page), page
        for page, text in case.titles:
            h1 = lxml.html.fromstring(result.read(page)).xpath("//article//h1")
            assert h1 and h1[0].text_content().strip() == text
        for page, iso in case.times:
            assert f'datetime="{iso}"' in result.read(page)
        for page, text in case.texts:
            assert text in result.read(page), (page, text)
        for text in case.absent_texts:
            for f in result.site.rglob("*"):
                if f.is_file():
                    assert text.encode("utf-8") not in f.read_bytes(), f


def test_all_cases_together_are_reported_in_one_run_by_the_build_and_the_checker(tmp_path):
    project = empty_project(tmp_path / "all")
    for case in CASES.values():
        copy_case(case, project)
    errors = [e for case in CASES.values() for e in case.errors]
    warnings = [w for case in CASES.values() for w in case.warnings]

    result = sites.build_cli(project)
    assert "Traceback" not in result.log
    assert result.exit_code != 0 and not (project / "site" / "index.html").exists()
    build = build_report(result)
    check = run_checker_command(project)
    assert check.exit_code == 1

    for tool, report in (("build", build), ("check", check)):
        assert not unmatched(errors, report.errors), (tool, unmatched(errors, report.errors))
        assert not unexpected(errors, report.errors), (tool, unexpected(errors, report.errors))
        assert not unmatched(warnings, report.warnings), (tool, unmatched(warnings, report.warnings))
    # every file with an error is named by both tools
    for case in CASES.values():
        for path in {e.split(":", 1)[0] for e in case.errors}:
            assert path in build.text and path in check.text, path
