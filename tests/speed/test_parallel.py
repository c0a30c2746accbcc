"""A build spread over processes (bulletin.speed.parallel) gives the site of a one-process build.

`mkdocs build` reads and renders pages in worker processes forked from the build (``jobs``).
These tests build the same project both ways and compare every byte; they check that what a
worker logs reaches the build's log once (and counts for ``--strict``), that a failing or killed
worker stops the build with a clear message and leaves no process behind, and that the
settings and the sharing of pages are right.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from pathlib import Path

import pytest
import sites
from bulletin.content import settings
from bulletin.site import events
from bulletin.speed import parallel
from hypothesis import given
from hypothesis import strategies as st

MAIN = os.getpid()


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _differences(a: Path, b: Path) -> list[str]:
    ta, tb = _tree(a), _tree(b)
    return sorted(set(ta) ^ set(tb)) + sorted(rel for rel in set(ta) & set(tb) if ta[rel] != tb[rel])


def _build(project: Path, site_dir: str, *, jobs: int, strict: bool = False) -> sites.Build:
    """An in-process `mkdocs build` (as the command starts it: on_startup, then on_shutdown)."""
    events.on_startup(command="build", dirty=False)
    try:
        built = sites.build(project, env={"BULLETIN_JOBS": str(jobs)}, strict=strict)
    finally:
        events.on_shutdown()
    target = project / site_dir
    if built.site.exists():
        built.site.rename(target)
    built.site = target
    return built


def _children() -> set[int]:
    """This process's children, running or not yet reaped (Linux /proc)."""
    out: set[int] = set()
    for task in os.listdir(f"/proc/{MAIN}/task"):
        with open(f"/proc/{MAIN}/task/{task}/children") as f:
            out.update(int(pid) for pid in f.read().split())
    return out


@pytest.fixture(autouse=True)
def no_worker_left():
    """Every test here: the build leaves no process behind (other tests' processes may run)."""
    before = _children()
    yield
    assert _children() <= before, "a worker process outlived the build (or was not reaped)"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return sites.make_project(tmp_path_factory.mktemp("parallel") / "p")


@pytest.fixture(scope="module")
def serial(project) -> sites.Build:
    built = _build(project, "site-serial", jobs=1)
    assert built.ok, built.error + built.log
    assert events._state["site"].workers.jobs == 1
    return built


def test_two_processes_build_the_same_site_as_one(project, serial):
    built = _build(project, "site-parallel", jobs=2)
    assert built.ok, built.error + built.log
    site = events._state["site"]
    assert site.readers.jobs == 2 and site.workers.jobs == 2, "the build did not run in two processes"
    assert site.readers.delegated and site.workers.delegated
    assert len(site.workers.delegated) < len(built.html_files())
    assert _differences(serial.site, built.site) == []
    assert "Page skipped" not in built.log


def test_mkdocs_build_command_runs_in_parallel_and_matches(project, serial):
    """The real command line: `mkdocs build` with BULLETIN_JOBS=2 (and -v to see the sharing)."""
    built = sites.build_cli(project, "-v", "-d", "site-cli", env={"BULLETIN_JOBS": "2"})
    assert built.ok, built.log[-3000:]
    assert "reading " in built.log and "rendering " in built.log and " in workers" in built.log
    assert "Page skipped" not in built.log
    assert _differences(serial.site, project / "site-cli") == []


def test_three_processes_build_the_same_site(project, serial):
    built = _build(project, "site-three", jobs=3)
    assert built.ok, built.error + built.log
    assert events._state["site"].workers.jobs == 3
    assert _differences(serial.site, built.site) == []


def test_what_workers_log_is_logged_once_and_counts_for_strict(project, serial, monkeypatch):
    """Each article page logs a warning while it is read and while it is rendered, in whichever
    process does it: the build's log has each once; --strict fails on all of them."""
    log = logging.getLogger("mkdocs.plugins.bulletin.test")
    real_sanitize, real_view = events.sanitize.page_html, events._view_of

    def sanitize_and_warn(site, page, html):
        if site.spec_for(page) is not None and site.spec_for(page).entry is not None:
            log.warning(f"read-warning {page.file.src_uri} pid-{'main' if os.getpid() == MAIN else 'worker'}")
        return real_sanitize(site, page, html)

    def view_and_warn(site, page):
        if site.spec_for(page) is not None and site.spec_for(page).entry is not None:
            log.warning(f"render-warning {page.file.src_uri} pid-{'main' if os.getpid() == MAIN else 'worker'}")
        return real_view(site, page)

    monkeypatch.setattr(events.sanitize, "page_html", sanitize_and_warn)
    monkeypatch.setattr(events, "_view_of", view_and_warn)
    built = _build(project, "site-warn", jobs=2)
    assert built.ok, built.error
    site = events._state["site"]
    expected = sorted(uri for uri, spec in site.pages.items() if spec.entry is not None)
    assert len(expected) >= 10
    for kind in ("read-warning", "render-warning"):
        lines = [line.split()[2] for line in built.log.splitlines() if line.startswith(f"WARNING {kind} ")]
        assert sorted(lines) == expected, f"{kind}: each page's warning once"
        senders = {line.rsplit(" ", 1)[-1] for line in built.log.splitlines() if line.startswith(f"WARNING {kind} ")}
        assert senders == {"pid-main", "pid-worker"}, f"{kind}: both processes did some pages"

    strict = _build(project, "site-strict", jobs=2, strict=True)
    assert not strict.ok
    assert f"Aborted with {2 * len(expected)} warnings in strict mode" in strict.error


@pytest.mark.parametrize("phase", ["reading", "rendering"])
def test_a_failing_worker_stops_the_build_with_its_message(project, monkeypatch, phase):
    if phase == "reading":
        real = events.sanitize.page_html

        def broken(site, page, html):
            if os.getpid() != MAIN:
                raise ValueError(f"cannot sanitize {page.file.src_uri}")
            return real(site, page, html)
        monkeypatch.setattr(events.sanitize, "page_html", broken)
    else:
        real = events._view_of

        def broken(site, page):
            if os.getpid() != MAIN:
                raise ValueError(f"cannot make the view of {page.file.src_uri}")
            return real(site, page)
        monkeypatch.setattr(events, "_view_of", broken)
    built = _build(project, f"site-fail-{phase}", jobs=2)
    assert not built.ok
    assert "a worker process of the build failed" in built.log + built.error
    assert "ValueError: cannot " in built.log + built.error
    assert "BULLETIN_JOBS=1" in built.log + built.error


def test_a_killed_worker_stops_the_build(project, monkeypatch):
    real = events._view_of

    def killed(site, page):
        if os.getpid() != MAIN:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(site, page)
    monkeypatch.setattr(events, "_view_of", killed)
    built = _build(project, "site-killed", jobs=2)
    assert not built.ok
    assert "exited with code -9 (killed, or out of memory?)" in built.log + built.error


@pytest.mark.parametrize("command, dirty", [("serve", False), ("serve", True), ("build", True)])
def test_mkdocs_serve_and_dirty_builds_never_fork(project, command, dirty):
    """A preview runs threads (the server, the watcher); a --dirty build skips pages by their
    files' dates: one process, whatever the setting."""
    events.on_startup(command=command, dirty=dirty)
    try:
        built = sites.build(project, env={"BULLETIN_JOBS": "2"})
    finally:
        events.on_shutdown()
    assert built.ok, built.error
    assert events._state["site"].readers.jobs == 1 and events._state["site"].workers.jobs == 1


# -- settings and sharing ---------------------------------------------------------------------------

@pytest.mark.parametrize("value", [0, -1, "many", True, 1.5, "2x"])
def test_jobs_setting_rejects_what_is_not_a_count(value):
    with pytest.raises(settings.SettingsError) as err:
        settings.from_mapping({"jobs": value}, Path("."), environ={})
    assert "extra.bulletin.jobs" in str(err.value) and "'auto'" in str(err.value)


def test_jobs_from_the_environment_wins_and_is_checked():
    assert settings.from_mapping({"jobs": 1}, Path("."), environ={"BULLETIN_JOBS": "3"}).jobs == 3
    assert settings.from_mapping({}, Path("."), environ={}).jobs == "auto"
    assert settings.from_mapping({"jobs": 2}, Path("."), environ={}).jobs == 2
    with pytest.raises(settings.SettingsError) as err:
        settings.from_mapping({}, Path("."), environ={"BULLETIN_JOBS": "all"})
    assert "BULLETIN_JOBS" in str(err.value)


def test_job_count():
    assert parallel.job_count(1, 5000) == 1
    assert parallel.job_count(2, 5000) == 2
    assert parallel.job_count(4, 3) == 1            # never more processes than pairs of pages
    assert parallel.job_count("auto", parallel.MIN_PAGES - 1) == 1
    alone = threading.active_count() == 1           # (other tests may leave a server thread running)
    assert parallel.job_count("auto", 5000) == (parallel.usable_cores() if alone else 1)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert parallel.job_count("auto", 5000) == 1   # auto never forks a process that runs threads
        assert parallel.job_count(2, 5000) == 2        # a number is taken as asked
    finally:
        stop.set()
        thread.join()


@given(n=st.integers(0, 400), jobs=st.integers(1, 5), fraction=st.floats(0.5, 2.0))
def test_shares_deal_every_item_once_in_order_and_in_proportion(n, jobs, fraction):
    items = list(range(n))
    parts = parallel.shares(items, jobs, fraction)
    assert len(parts) == jobs
    assert sorted(x for part in parts for x in part) == items
    assert all(part == sorted(part) for part in parts)
    weights = [fraction] + [1.0] * (jobs - 1)
    for part, weight in zip(parts, weights):
        assert abs(len(part) - n * weight / sum(weights)) <= 1.0 + 1e-9
