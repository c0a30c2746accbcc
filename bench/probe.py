"""`mkdocs build` with a stopwatch on the bulletin's extensions (feeds, search, …).

    python bench/probe.py OUT.json build -q ...

runs the real MkDocs command line in this process after wrapping ``bulletin.extensions.call``
so that each extension hook is timed, and records which files each ``post_build`` wrote (and
their sizes). The wrapper adds a few microseconds per call: the run is the full build.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

HOOKS = Path(__file__).resolve().parents[1] / "hooks"
sys.path.insert(0, str(HOOKS))

from bulletin import extensions  # noqa: E402

RECORD: dict = {"extensions": {}, "phases": {}}


def _listing(site_dir: Path) -> dict:
    out = {}
    for root, _dirs, names in os.walk(site_dir):
        for name in names:
            path = os.path.join(root, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            out[os.path.relpath(path, site_dir)] = (st.st_size, st.st_mtime_ns)
    return out


def _timed_call(hook: str, *args) -> list:
    out = []
    site_dir = None
    if hook == "post_build" and len(args) > 1:
        site_dir = Path(args[1].site_dir)
    for module in extensions.modules():
        fn = getattr(module, hook, None)
        if fn is None:
            continue
        before = _listing(site_dir) if site_dir else None
        start = time.perf_counter()
        out.append(fn(*args))
        seconds = time.perf_counter() - start
        entry = RECORD["extensions"].setdefault(module.__name__, {})
        entry[hook] = entry.get(hook, 0.0) + seconds
        if site_dir:
            after = _listing(site_dir)
            written = {rel: size for rel, (size, mtime) in after.items() if before.get(rel) != (size, mtime)}
            entry["files"] = written
    return out


def main() -> int:
    out_path = Path(sys.argv[1])
    extensions.call = _timed_call
    from mkdocs.__main__ import cli

    start = time.perf_counter()
    code = 0
    try:
        cli.main(args=sys.argv[2:], prog_name="mkdocs", standalone_mode=False)
    except SystemExit as exc:  # pragma: no cover - click exits on errors
        code = exc.code or 0
    RECORD["phases"]["total"] = time.perf_counter() - start
    RECORD["extension_names"] = list(extensions.NAMES)
    out_path.write_text(json.dumps(RECORD, indent=1), encoding="utf-8")
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
