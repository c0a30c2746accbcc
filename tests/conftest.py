"""Shared fixtures: real bulletin sites built with MkDocs in temporary folders."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "support"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

import sites  # noqa: E402


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> "sites.Build":
    """The real repository content (seeds, registries, pages) built once per test session."""
    project = sites.make_project(tmp_path_factory.mktemp("seed-site"))
    result = sites.build_ok(project)
    return result


@pytest.fixture
def project(tmp_path):
    """Factory: ``project(articles={...}, seeds=False, ...)`` → a project folder."""
    def make(articles=None, **kwargs):
        return sites.make_project(tmp_path / "project", articles, **kwargs)
    return make
