"""The importer on its corpus: fixtures written in the shape of real news pages (tests/importer/pages/).

Each case of cases.yml gives the page's source address and the fields an editor reads on it. Every
field of every case is checked here, scored as bench/importer_accuracy.py scores it; the fields the
importer is known to read differently are listed under ``misses`` with the reason, and checked to
still differ (a fix must update the list).
A unit is never wrong: either the editor's unit, or — when the registry lacks it — an empty unit
with a note that quotes the words naming it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin.importer.pipeline import ImportRefused, import_text
from importer_cases import FIELDS, load_cases, run_case, score

PAGES = Path(__file__).parent / "pages"
CASES = load_cases(PAGES / "cases.yml")
ARTICLES = [c for c in CASES if not c.get("refused")]
REFUSED = [c for c in CASES if c.get("refused")]


def imported(env, case):
    return run_case(case, env)


def test_the_corpus_is_large_and_varied():
    assert len(ARTICLES) >= 30
    outlets = {c["outlet"] for c in ARTICLES}
    assert len(outlets) >= 20
    for case in CASES:
        assert case["url"].startswith(("http://", "https://")), case["file"]
        assert (PAGES / case["file"]).is_file()


@pytest.mark.parametrize("case", ARTICLES, ids=[c["file"] for c in ARTICLES])
def test_every_field_as_the_editor_reads_it(env, case):
    """Every field scored as bench/importer_accuracy.py scores it (tests/support/importer_cases.py)."""
    result = imported(env, case)
    misses = case.get("misses") or {}
    assert set(misses) <= set(FIELDS), f"unknown field in 'misses': {sorted(set(misses) - set(FIELDS))}"
    if result.fields["topics"]:
        assert len(set(result.fields["topics"])) == len(result.fields["topics"]), "a topic listed twice"
    scored = score(case, result, env.registry)
    assert not scored["wrong_unit"], f"filed under {result.fields['unit']}: {result.notes['unit']}"
    for name in FIELDS:
        right, got, want = scored[name]
        if name in misses:
            assert not right, f"{name} is now right: remove it from 'misses' in cases.yml"
        else:
            assert right, f"{name}: got {got!r}, the editor reads {want!r}"
    expect = case["expect"]
    if expect.get("headings"):
        assert result.headings == expect["headings"]
        for heading in expect["headings"]:
            assert f"### {heading}" in result.body.replace("\\.", ".")


@pytest.mark.parametrize("case", ARTICLES, ids=[c["file"] for c in ARTICLES])
def test_never_a_wrong_unit_and_every_note_true(env, case):
    registry = env.registry
    result = imported(env, case)
    expect = case["expect"]
    unit, note = result.fields["unit"], result.notes["unit"]
    want = expect.get("unit")
    if want is None or want in registry.units:
        assert unit == want, note
    else:
        # the registry lacks the unit: nothing is filed, and the note quotes the page's words
        assert unit is None, f"filed under {unit} instead of {want}: {note}"
        words = expect["unit_words"]
        assert f"'{words}" in note or f"{words}'" in note, note
    if unit is not None:
        quoted = note.split(": ", 1)[-1]
        assert any(name in quoted for u in [registry.units[unit]]
                   for name in {u.name.vi, u.short.vi, *u.aliases}) or expect.get("unit_words", "") in quoted


@pytest.mark.parametrize("case", [c for c in ARTICLES if c["expect"].get("date_assumed")],
                         ids=lambda c: c["file"])
def test_an_assumed_year_is_said_in_the_note(env, case):
    result = imported(env, case)
    assert result.date_assumed
    assert "ASSUMED YEAR" in result.notes["date"]


@pytest.mark.parametrize("case", REFUSED, ids=[c["file"] for c in REFUSED])
def test_pages_in_another_language_are_refused_clearly(env, case):
    with pytest.raises(ImportRefused) as err:
        imported(env, dict(case, imported="2025-12-01"))
    message = str(err.value)
    assert "not a Vietnamese article" in message
    assert "—" in message and "Traceback" not in message


@pytest.mark.parametrize("text, words", [
    ("", "empty"), ("   \n\n  \t\n", "empty"),
    ("PK\x03\x04\x00\x00\x08\x00binary\x00\x00data", "binary"),
])
def test_empty_and_binary_input_are_refused(env, text, words):
    registry, rules, labels = env
    with pytest.raises(ImportRefused) as err:
        import_text(text, registry, rules, labels)
    assert words in str(err.value)


def test_captions_get_a_visible_placeholder_for_their_missing_picture(env):
    case = next(c for c in ARTICLES if c["file"].startswith("11-"))
    body = imported(env, case).body
    placeholder = "*(Ảnh chưa có — picture missing)*\n{: .bl-photo-missing }\n\nChuẩn Đô đốc Nguyễn Đình Hùng"
    assert placeholder in body
    assert body.count("{: .bl-photo-missing }") == body.count("{: .caption }") == 2
