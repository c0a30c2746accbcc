"""`mkdocs build` with a stopwatch on the bulletin's extensions (feeds, search, …).

    python bench/probe.py OUT.json build -q ...

runs the real MkDocs command line in this process after wrapping ``bulletin.site.extensions.call``
so that each extension hook is timed (in a parallel build, each worker leaves its times in
OUT.json.worker-PID as it exits; they are added up here), and records the files each extension
owns in the built site (and their sizes). The wrapper adds a few microseconds per call: the run is
the full build.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

HOOKS = Path(__file__).resolve().parents[1] / "hooks"
sys.path.insert(0, str(HOOKS))

from bulletin.site import extensions  # noqa: E402

RECORD: dict = {"extensions": {}, "phases": {}}
OUT = Path("probe.json")


MAIN_PID = os.getpid()


def _worker_record(out_path: Path, pid: int) -> Path:
    return out_path.with_name(f"{out_path.name}.worker-{pid}")


def _timed_call(hook: str, *args, skip=frozenset()) -> list:
    out = []
    for module in extensions.modules():
        fn = getattr(module, hook, None) if module.__name__ not in skip else None
        if fn is None:
            continue
        start = time.perf_counter()
        out.append(fn(*args))
        seconds = time.perf_counter() - start
        entry = RECORD["extensions"].setdefault(module.__name__, {})
        entry[hook] = entry.get(hook, 0.0) + seconds
    return out


_real_exit = os._exit
_AT_FORK: dict = {}   # in a worker: the times it inherited (the main process's until the fork)


def _forked() -> None:
    _AT_FORK.clear()
    _AT_FORK.update({name: dict(hooks) for name, hooks in RECORD["extensions"].items()})


def _exit(status: int) -> None:
    """A worker of a parallel build (bulletin.speed.parallel) ends with os._exit: leave the times it
    added for the main process to add up."""
    if os.getpid() != MAIN_PID:
        own = {name: {hook: seconds - _AT_FORK.get(name, {}).get(hook, 0.0) for hook, seconds in hooks.items()}
               for name, hooks in RECORD["extensions"].items()}
        _worker_record(OUT, os.getpid()).write_text(json.dumps(own), encoding="utf-8")
    _real_exit(status)


def owned_files(site, site_dir: Path) -> dict:
    """Files of the built site that each extension writes, by the paths the extensions use
    (whichever process wrote them): {module name: {relative path: size}}."""
    from bulletin.feeds import channels as feeds
    from bulletin.search import extension as search
    prefixes = {"bulletin.feeds.channels": tuple(feeds.feed_dir(site, lang) for lang in site.languages),
                "bulletin.search.extension": (search.BUNDLE_DIR + "/",), "bulletin.site.sitemap": ("robots.txt",)}
    out: dict = {name: {} for name in prefixes}
    for root, _dirs, names in os.walk(site_dir):
        for name in names:
            path = os.path.join(root, name)
            rel = os.path.relpath(path, site_dir).replace(os.sep, "/")
            for module, starts in prefixes.items():
                if rel.startswith(starts) and not rel.endswith(".html"):
                    out[module][rel] = os.stat(path).st_size
    return out


def main() -> int:
    global OUT
    OUT = Path(sys.argv[1])
    extensions.call = _timed_call
    os._exit = _exit
    os.register_at_fork(after_in_child=_forked)
    from bulletin.site import events
    from mkdocs.__main__ import cli
    start = time.perf_counter()
    code = 0
    try:
        cli.main(args=sys.argv[2:], prog_name="mkdocs", standalone_mode=False)
    except SystemExit as exc:  # pragma: no cover - click exits on errors
        code = exc.code or 0
    RECORD["phases"]["total"] = time.perf_counter() - start
    for worker in OUT.parent.glob(OUT.name + ".worker-*"):
        for name, hooks in json.loads(worker.read_text(encoding="utf-8")).items():
            entry = RECORD["extensions"].setdefault(name, {})
            for hook, seconds in hooks.items():
                entry[hook] = entry.get(hook, 0.0) + seconds
        worker.unlink()
    site = events._state["site"]
    if site is not None:
        for name, files in owned_files(site, Path(site.config.site_dir)).items():
            RECORD["extensions"].setdefault(name, {})["files"] = files
        RECORD["jobs"] = site.workers.jobs
    RECORD["extension_names"] = list(extensions.NAMES)
    OUT.write_text(json.dumps(RECORD, indent=1), encoding="utf-8")
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
