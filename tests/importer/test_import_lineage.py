"""The importer and the units' history: a name is read as the unit that bore it on the article's date.

Fixtures (tests/importer/fixtures/lineage/*.txt) are short texts written for these tests in the
shape of provincial news pages: the Hà Giang command named in 2026 (after Hà Giang merged into
Tuyên Quang on 1 July 2025), and "Bộ đội Biên phòng tỉnh Lạng Sơn", the name outlets use both for
the provincial Border Guard command (until 30 June 2025) and for the board that replaced it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bulletin.importer.pipeline import import_text

REPO = Path(__file__).resolve().parents[2]
FIX = Path(__file__).parent / "fixtures" / "lineage"


def run(env, name: str):
    registry, rules, labels = env
    return import_text((FIX / name).read_text("utf-8"), registry, rules, labels)


def test_an_old_name_in_2026_gives_the_unit_that_carried_it_on(env):
    got = run(env, "ha-giang-2026.txt")
    assert got.fields["date"] == "2026-01-10"
    assert got.fields["unit"] == "qk2-tuyen-quang"
    assert "30/06/2025" in got.notes["unit"] and "qk2-tuyen-quang" in got.notes["unit"]


@pytest.mark.parametrize("name, unit", [
    ("bien-phong-lang-son-2023.txt", "bdbp-lang-son"),       # the provincial Border Guard command
    ("bien-phong-lang-son-2025.txt", "qk1-lang-son-bdbp"),   # the board under the provincial command
])
def test_a_name_shared_over_time_follows_the_date(env, name, unit):
    assert run(env, name).fields["unit"] == unit


def test_without_a_date_a_shared_name_is_not_guessed(env):
    got = run(env, "bien-phong-khong-ngay.txt")
    assert got.fields["date"] is None
    # the name stands for two units at two periods: the importer leaves unit empty and names both
    assert got.fields["unit"] is None
    assert "bdbp-lang-son" in got.notes["unit"] and "qk1-lang-son-bdbp" in got.notes["unit"]
