"""What changed on disk between two moments: a snapshot (size, modification time, inode) of every
file under the watched folders, and the difference of two snapshots.

The preview's file watcher only says *that* something changed; comparing snapshots says exactly
*what* did, so one saved article is taken in alone. Hidden files and folders (editors' swap and
lock files, ``.cache``) and Python's ``__pycache__`` are not part of a snapshot, as the build
ignores them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.modified)

    def only_modified_under(self, folder: Path, suffix: str = ".md") -> bool:
        """Whether the only changes are edits of existing files under *folder* ending with *suffix*."""
        if self.added or self.removed or not self.modified:
            return False
        root = os.path.abspath(folder) + os.sep
        return all(p.startswith(root) and p.endswith(suffix) for p in self.modified)

    def describe(self, base: Path) -> str:
        def rel(p: str) -> str:
            try:
                return os.path.relpath(p, base)
            except ValueError:
                return p
        parts = [f"{verb} {rel(p)}" for verb, paths in (("edited", self.modified), ("added", self.added),
                                                           ("removed", self.removed)) for p in paths[:3]]
        more = len(self.modified) + len(self.added) + len(self.removed) - len(parts)
        return ", ".join(parts) + (f" (+{more})" if more > 0 else "")


def snapshot(roots) -> dict[str, tuple]:
    """{absolute path: (size, mtime_ns, inode)} of every file under *roots* (files or folders)."""
    out: dict[str, tuple] = {}
    for root in roots:
        root = os.path.abspath(root)
        if os.path.isfile(root):
            _add(out, root)
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "__pycache__"]
            for name in filenames:
                if not name.startswith("."):
                    _add(out, os.path.join(dirpath, name))
    return out


def _add(out: dict, path: str) -> None:
    try:
        st = os.stat(path)
    except OSError:
        return
    out[path] = (st.st_size, st.st_mtime_ns, st.st_ino)


def diff(old: dict, new: dict) -> Changes:
    return Changes(added=sorted(new.keys() - old.keys()), removed=sorted(old.keys() - new.keys()),
                   modified=sorted(p for p in new.keys() & old.keys() if new[p] != old[p]))
