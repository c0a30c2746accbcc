"""Hypothesis fuzz of hostile bodies and front matter: Markdown built to recurse or to be slow, control
characters, lone surrogates (as YAML escapes), raw HTML, odd numbers and dates. Whatever the input:

- reading and validating never raises, and every problem names the file (and a line);
- an article the gate accepts stays within its structure limits (the bound on Markdown's work that
  ``bench/markdown_limits.py`` measures: no timed assertion here) and renders with the site's
  extensions without an exception (the dry render of `bulletin check` reports nothing);
- a real build and `bulletin check` of such an article never print a traceback, agree on whether
  it fails, and name the file when it does.
"""

from __future__ import annotations

import contextlib
import io
import json

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import sites
from bulletin.content import dry_render, gate
from test_properties import PATH, accept_or_report

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BUILDS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                         HealthCheck.function_scoped_fixture])
EXTENSIONS = ["attr_list", "md_in_html", "tables", "footnotes", "admonition", {"toc": {"permalink": False}}]

PIECES = ["[", "]", "(", ")", "*", "_", "`", "> ", "- ", "1. ", "    ", "\n", "\n\n", "<!-- ", " -->", "<script>",
          "</script>", "<div markdown=\"1\">", "</div>", "<a\nhref=\"/2024/01/x/\">", "</a>", "{: .caption }",
          "![", "](/images/a.jpg)", "[^1]", "[^1]: chú thích", "|a|b|\n|-|-|", "!!! note", "&#0;", "\x01", "\x1b",
          "\u2028", "\ufffe", "Quân khu 4 ", "đ", "```", "~~~", "#", "\\", "<", ">"]
hostile = st.lists(st.sampled_from(PIECES) | st.text(max_size=5), max_size=120).map("".join)
repeated = st.builds(lambda piece, n, tail: piece * n + tail, st.sampled_from(PIECES), st.integers(1, 3000),
                     st.text(max_size=20))
bodies = hostile | repeated | st.lists(hostile | repeated, max_size=4).map("\n\n".join)
escapes = st.sampled_from(["\\u0001", "\\ud800", "\\udfff", "\\x7f", "\\u0085", "\\e", "\\0", "\\uFFFE", "x"])
yaml_values = st.one_of(
    st.sampled_from(["1:30", "0x1F", "0o17", "1_000", "yes", "off", "~", ".nan", "2024-02-30", "9999-12-31",
                     "'9999-12-31T23:00-12:00'", "'2024-03-31T23:30-12:00'", "[[a, b]]", "{name: [x]}",
                     "&a [*a]", "urn:uuid:3ED10C32-5E9D-474B-A0E5-32D1B3DF1231", "'" + "a-" * 200 + "'"]),
    st.builds(lambda a, e, b: f'"{a}{e}{b}"', st.text(alphabet="abc đ", max_size=5), escapes,
              st.text(alphabet="xyz", max_size=5)))
fields = st.sampled_from(["title", "summary", "caption", "date", "updated", "id", "slug", "authors", "source",
                          "image", "unit", "topics"])
fronts = st.dictionaries(fields, yaml_values, max_size=4)


BASE = {"title": '"Hội nghị tổng kết"', "date": "2024-01-02", "unit": "qk4", "topics": "[cchc]"}


def raw_front(extra: dict) -> str:
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in {**BASE, **extra}.items()) + "---\n\n"


@FAST
@given(front=fronts, body=bodies)
@example(front={}, body="*" * 5000 + "x" + "*" * 5000)
@example(front={}, body="[" * 20000)
@example(front={}, body="".join("    " * i + "- x\n" for i in range(200)))
@example(front={"title": '"a\\ud800b"'}, body="x")
def test_hostile_input_is_accepted_within_limits_or_reported_with_the_file(front, body):
    article = accept_or_report((raw_front(front) + body).encode("utf-8", "surrogatepass"))
    if article is None:
        return
    # accepted: within the limits that bound Markdown's work, free of forbidden characters …
    assert gate.markdown_problems(article.body) == []
    assert gate.bad_character(article.body) is None and gate.bad_character(article.title) is None
    # … and it renders with the site's extensions, as the build will
    assert dry_render.problems([article], EXTENSIONS) == []


@BUILDS
@given(front=fronts, body=bodies)
@example(front={"updated": "9999-12-31"}, body="Nội dung đủ dài cho một bản tin thử nghiệm.")
@example(front={"title": '"Tin\\u0001"'}, body="Nội dung đủ dài cho một bản tin thử nghiệm.")
def test_a_real_build_and_check_of_hostile_input_never_crash_and_name_the_file(front, body, tmp_path_factory,
                                                                                monkeypatch):
    from bulletin.editor import cli

    project = sites.make_project(tmp_path_factory.mktemp("fuzz") / "p", seeds=False, docs=False)
    path = project / PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((raw_front(front) + body).encode("utf-8", "surrogatepass"))
    result = sites.build(project)
    assert "Traceback" not in result.log + result.error
    monkeypatch.setenv("BULLETIN_NOW", sites.TEST_NOW)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--config", str(project / "mkdocs.yml"), "check", "--format", "json"])
    assert "Traceback" not in out.getvalue() + err.getvalue()
    errors = [p for p in json.loads(out.getvalue()) if p["severity"] == "error"]
    assert (code == 1) == bool(errors) == (not result.ok), (errors, result.log[-2000:])
    if errors:
        assert {p["path"] for p in errors} == {PATH}
        assert PATH in result.log
