"""Fixtures for browser tests: Debian's chromium driven by Playwright (sync API).

Fixtures:
    chromium_browser  (session) a launched playwright Browser on /usr/bin/chromium
    page              a fresh BrowserContext + Page per test, closed afterwards
    static_server     factory: ``base_url = static_server(site_dir)`` serves a folder on
                      127.0.0.1 (free port) until the end of the test
    page_recorder     factory: ``rec = page_recorder(page, base_url)``, then after
                      navigating ``rec.third_party()`` lists requests leaving the machine
    axe_audit         ``axe_audit(page)`` -> serious/critical axe-core violations
    browser_helpers   the helpers module itself (format_violations, CONTENT_TYPES, ...)

A missing browser or axe-core makes these tests FAIL (never skip): run
``bash scripts/setup.sh --browser``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
from pathlib import Path

import pytest

# Shared support modules of the browser tests (reader_support.py) are imported by name.
sys.path.insert(0, str(Path(__file__).parent))

# Load helpers.py under a unique module name. This works whatever pytest's import mode
# (prepend or importlib) and cannot be shadowed by another test folder's "helpers.py".
_HELPERS_NAME = "bulletin_browser_helpers"
if _HELPERS_NAME not in sys.modules:
    _spec = importlib.util.spec_from_file_location(_HELPERS_NAME, Path(__file__).with_name("helpers.py"))
    assert _spec and _spec.loader
    _module = importlib.util.module_from_spec(_spec)
    sys.modules[_HELPERS_NAME] = _module
    _spec.loader.exec_module(_module)
helpers = sys.modules[_HELPERS_NAME]


@pytest.fixture(scope="session")
def browser_helpers():
    return helpers


@pytest.fixture(scope="session")
def chromium_browser():
    if not os.access(helpers.CHROMIUM_PATH, os.X_OK):
        pytest.fail(f"{helpers.CHROMIUM_PATH} not found: {helpers.SETUP_HINT}", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - setup problem
        pytest.fail("the playwright package is missing: run `bash scripts/setup.sh --browser`", pytrace=False)

    p = sync_playwright().start()
    try:
        browser = p.chromium.launch(executable_path=helpers.CHROMIUM_PATH, args=helpers.CHROMIUM_ARGS)
    except Exception:
        p.stop()
        raise
    try:
        yield browser
    finally:
        with contextlib.suppress(Exception):
            browser.close()
        p.stop()


@pytest.fixture
def page(chromium_browser):
    context = chromium_browser.new_context()
    context.set_default_timeout(15_000)
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture
def static_server():
    with contextlib.ExitStack() as stack:

        def start(path) -> str:
            return stack.enter_context(helpers.serve_directory(path))

        yield start


@pytest.fixture
def page_recorder():
    recorders = []

    def start(page, base_url=None):
        rec = helpers.RequestRecorder(page, base_url)
        recorders.append(rec)
        return rec

    yield start
    for rec in recorders:
        with contextlib.suppress(Exception):
            rec.detach()


@pytest.fixture
def axe_audit():
    if not helpers.AXE_PATH.is_file():
        pytest.fail(f"{helpers.AXE_PATH} is missing: {helpers.SETUP_HINT}", pytrace=False)
    return helpers.axe_audit
