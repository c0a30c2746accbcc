"""The preview's cache on disk (``.cache/preview/`` in the project): what a restart reuses.

Everything is saved under a **stamp**: the versions of Python, MkDocs, Material and this project
(and a digest of the hooks' source files), the bytes of ``mkdocs.yml`` and the ``BULLETIN_*``
settings of the environment (and, for built pages, the preview's address). A cache whose stamp differs in anything is
dropped, never used. Inside, entries are keyed by what they are made of (a file's bytes, a page's
key), so an edited file is never served from the cache.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from importlib import metadata
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.bulletin")

FORMAT = 1
ENV_SETTINGS = ("BULLETIN_NOW", "BULLETIN_PREVIEW", "BULLETIN_JOBS")
HOOKS = Path(__file__).resolve().parents[1]   # the `bulletin` package


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def _sources_digest(root: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(root.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def stamp(config_file: Path, serve_url: str | None = None) -> dict:
    """What every entry of a cache depends on (*serve_url*: for a cache of built pages, which
    print the preview's address)."""
    return {
        "format": FORMAT,
        "python": sys.version,
        "mkdocs": _version("mkdocs"),
        "material": _version("mkdocs-material"),
        "project": _version("bulletin"),
        "hooks": _sources_digest(HOOKS),
        "config": hashlib.blake2b(Path(config_file).read_bytes(), digest_size=16).hexdigest(),
        "address": serve_url or "",
        "settings": {k: os.environ.get(k) for k in ENV_SETTINGS},
    }


def load(path: Path, expected: dict):
    """The value saved at *path* under the stamp *expected*, or None (and the file is removed)
    when there is none or its stamp differs."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        with path.open("rb") as f:
            held = pickle.load(f)
        if held.get("stamp") != expected:
            changed = sorted(k for k in set(expected) | set(held.get("stamp") or {})
                             if (held.get("stamp") or {}).get(k) != expected.get(k))
            log.info(f"Preview cache {path.name}: not used ({', '.join(changed)} changed)")
            path.unlink()
            return None
        return held["value"]
    except Exception as exc:   # a damaged or foreign file is only a lost cache
        log.info(f"Preview cache {path.name}: not used ({type(exc).__name__})")
        path.unlink(missing_ok=True)
        return None


def save(path: Path, stamp_value: dict, value) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as f:
            pickle.dump({"stamp": stamp_value, "value": value}, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception as exc:
        tmp.unlink(missing_ok=True)
        log.info(f"Preview cache {path.name}: not saved ({type(exc).__name__}: {exc})")
