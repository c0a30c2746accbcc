"""The importer's tests share one setting: the registry, data/importer.yml and the byline labels of
the project's data folder (tests/support/importer_cases.py, also used by bench/importer_accuracy.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

import importer_cases

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def env() -> importer_cases.Setting:
    """(registry, rules, labels) of the project's data folder."""
    return importer_cases.setting(REPO / "data")
