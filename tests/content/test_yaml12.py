"""The one YAML loader (bulletin.content.yaml12): YAML 1.2 core, numbers keep their text, and
documents that would expand without bound are refused before anything walks them."""

from __future__ import annotations

import pytest
import yaml

from bulletin.content import yaml12
from bulletin.content.schema import _text


@pytest.mark.parametrize("written, expected", [
    ("1:30", "1:30"),        # YAML 1.1: base 60, 90
    ("0x1F", "0x1F"),        # YAML 1.1: 31
    ("0o17", "0o17"),
    ("1_000", "1_000"),      # YAML 1.1: 1000
    ("yes", "yes"), ("No", "No"), ("on", "on"), ("OFF", "OFF"), ("y", "y"),   # YAML 1.1: booleans
    ("2024-01-02", "2024-01-02"),   # timestamps stay text: the schema reads dates in Vietnam time
])
def test_yaml_1_1_forms_stay_text(written, expected):
    assert yaml12.load(f"v: {written}") == {"v": expected}


def test_core_types():
    value = yaml12.load("a: true\nb: False\nc: null\nd: ~\ne: 12\nf: -3\ng: 1.5\nh: .inf\ni:\n")
    assert value == {"a": True, "b": False, "c": None, "d": None, "e": 12, "f": -3, "g": 1.5,
                     "h": float("inf"), "i": None}


@pytest.mark.parametrize("written", ["1.10", "007", "+5", "1e3", "12"])
def test_a_number_keeps_the_text_it_was_written_as(written):
    value = yaml12.load(f"title: {written}")["title"]
    assert isinstance(value, (int, float)) and yaml12.as_text(value) == written
    assert _text(value, None) == written      # a field that expects text gets what was written


def bomb(levels: int, width: int = 10) -> str:
    text = f"a0: &a0 [{', '.join(['x'] * width)}]\n"
    for i in range(1, levels):
        text += f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]\n"
    return text


def test_an_alias_bomb_is_refused_where_it_grows_too_large():
    with pytest.raises(yaml12.LimitError) as caught:
        yaml12.load(bomb(9))
    assert caught.value.problem == "is too large once its aliases (*name) are expanded (more than 100,000 values)"
    assert caught.value.problem_mark.line == 4          # a4: 111,111 values once expanded
    assert isinstance(caught.value, yaml.YAMLError)
    assert yaml12.load(bomb(4))["a3"][0][0][0] == ["x"] * 10   # 11,111 values: accepted


def test_too_many_aliases_and_too_deep_are_refused():
    many = "a: &a x\nb: [" + ", ".join(["*a"] * 101) + "]\n"
    with pytest.raises(yaml12.LimitError, match="uses more than 100 aliases"):
        yaml12.load(many)
    with pytest.raises(yaml12.LimitError, match="is nested more than 64 levels deep"):
        yaml12.load("[" * 65 + "]" * 65)
    assert yaml12.load("[" * 64 + "]" * 64) is not None


@pytest.mark.parametrize("text", ["a: &a [*a]", "a: &a {b: [1, *a]}"])
def test_an_alias_inside_its_own_anchor_is_refused(text):
    """(found by tests/content/test_fuzz_hostile.py: a recursive value made every walk over it recurse)"""
    with pytest.raises(yaml12.LimitError, match="refers to itself"):
        yaml12.load(text)
