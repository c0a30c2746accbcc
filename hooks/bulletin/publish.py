"""Publish the site safely: build into a fresh folder beside the published one, check that the
build is complete, then put it in place with one atomic rename. Readers (and the web server)
see either the old site or the new one — never a half-written folder, never an empty one.

    python -m bulletin.publish [--config mkdocs.yml] [--strict] TARGET     (scripts/publish.sh)

If the build fails (an article with an error, a crash, a full disk), the published folder is left
exactly as it was and the temporary folder is removed; the exit status is 1.

The target is refused (exit status 2, nothing built) when it is the project folder, lies inside it,
contains it, or holds a ``.git`` or ``mkdocs.yml`` (a checkout, not a published site): publishing
replaces the target's whole content. Published folders are 0755 and files 0644, whatever the
umask, so a web server running as another user can read them.

**A target that is a symbolic link** is handled with the releases + ``current`` pattern: the new
build is written beside the folder the link points to, as ``release-<UTC time>-<random>``, and the
link is replaced atomically (a new link renamed over it). The release just replaced is kept (to roll
back: point the link at it again); older releases this tool made are removed, and a folder it did
not make is never removed.

**Fingerprinted files of the previous build are carried over** into the new one (hard links, else
copies) when the new build lacks them — stylesheets and scripts whose name holds a hash of their
content (``bulletin.<hash>.css``, ``bundle.<hash>.min.js``) and their ``.gz``/``.br`` copies. A page
served just before the swap still finds the very files it names just after it, so no reader gets a
page of one build with another build's (or a missing) stylesheet. They are kept for one
publication only: the names carried are listed beside the published folder
(``.<folder>.carried``, outside the site), and the next publication does not carry them again.

The interface is stable (scripts and load tests call it): ``publish.sh [--strict] [--config FILE]
TARGET`` and :func:`publish` ``(config_file, target, *, strict=False, build=None)``.

The swap uses Linux's ``renameat2(RENAME_EXCHANGE)``, which exchanges the two folders in one step;
where it is not available, the old folder is renamed away and the new one renamed in right after
(two renames, each atomic; the window between them is microseconds).
"""

from __future__ import annotations

import argparse
import ctypes
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

REQUIRED = ("index.html", "404.html", "sitemap.xml")   # a build without these is not complete
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8}(?:\.min)?\.(?:css|js)(?:\.gz|\.br)?$")
RELEASE_PREFIX = "release-"
DIR_MODE, FILE_MODE = 0o755, 0o644


class PublishError(Exception):
    pass


class TargetError(PublishError):
    """The target must not be published into (it would destroy sources)."""


def check_target(target: Path, project: Path) -> None:
    """Refuse a target whose content must not be replaced by a site (see the module's documentation)."""
    where = Path(os.path.realpath(target))
    root = Path(os.path.realpath(project))
    hint = "; publish into an empty folder outside the project, e.g. /var/www/bantin"
    if where == root:
        raise TargetError(f"refusing to publish into {where}: it is the project folder itself{hint}")
    if root in where.parents:
        raise TargetError(f"refusing to publish into {where}: it lies inside the project ({root}){hint}")
    if where in root.parents:
        raise TargetError(f"refusing to publish into {where}: it contains the project ({root}){hint}")
    for marker in (".git", "mkdocs.yml"):
        if where.is_dir() and os.path.lexists(where / marker):
            raise TargetError(f"refusing to publish into {where}: it holds {marker}, so it is a project or a "
                              f"checkout, not a published site{hint}")


def set_modes(folder: Path) -> None:
    """Folders 0755, files 0644 (the staging folder is made 0700 by mkdtemp)."""
    os.chmod(folder, DIR_MODE)
    for base, dirs, files in os.walk(folder):
        for name in dirs:
            os.chmod(os.path.join(base, name), DIR_MODE, follow_symlinks=False)
        for name in files:
            path = os.path.join(base, name)
            if not os.path.islink(path):
                os.chmod(path, FILE_MODE)


def mkdocs_build(config_file: Path, site_dir: Path, strict: bool = False) -> None:
    """Run `mkdocs build` into *site_dir*; raise PublishError when it fails."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--clean", "--config-file", str(config_file),
           "--site-dir", str(site_dir)] + (["--strict"] if strict else [])
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(cmd, cwd=config_file.parent, env=env)
    if proc.returncode != 0:
        raise PublishError(f"the build failed (mkdocs exit status {proc.returncode}); nothing was published")


def verify(site_dir: Path) -> None:
    missing = [name for name in REQUIRED if not (site_dir / name).is_file()]
    if missing:
        raise PublishError(f"the build is incomplete (missing {', '.join(missing)}); nothing was published")


def carry_over(previous: Path, new: Path, already: set[str] = frozenset()) -> list[str]:
    """Hard-link (or copy) into *new* the fingerprinted files of *previous* that *new* lacks, except
    those *previous* itself had carried over (*already*): a file is kept for one publication only.
    Returns the site-relative names carried. Only under assets/, where the site keeps them."""
    carried = []
    base = previous / "assets"
    if not base.is_dir():
        return carried
    for root, _dirs, files in os.walk(base):
        for name in files:
            if not FINGERPRINTED.search(name):
                continue
            src = Path(root, name)
            rel = src.relative_to(previous).as_posix()
            dest = new / rel
            if rel in already or dest.exists() or src.is_symlink():
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(src, dest)
            except OSError:
                shutil.copy2(src, dest)
            carried.append(rel)
    return sorted(carried)


def _manifest(folder: Path) -> Path:
    """Where the names a published folder carried over are listed: beside it, outside the site."""
    return folder.parent / f".{folder.name}.carried"


def _write_manifest(path: Path, carried: list[str]) -> None:
    if carried:
        path.write_text("\n".join(carried), encoding="utf-8")
    else:
        path.unlink(missing_ok=True)


def _read_manifest(folder: Path) -> set[str]:
    try:
        return set(_manifest(folder).read_text(encoding="utf-8").split("\n")) - {""}
    except FileNotFoundError:
        return set()


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2); False when the system cannot."""
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return fn(at_fdcwd, os.fsencode(str(a)), at_fdcwd, os.fsencode(str(b)), rename_exchange) == 0


def swap_link(new: Path, link: Path, keep: Path | None = None) -> None:
    """Point the symbolic link *link* at the folder *new*, atomically (a new link renamed over it).
    Releases this tool made next to *new*, other than *new* and *keep*, are removed afterwards."""
    tmp = link.parent / f".{link.name}.link-{os.getpid()}"
    if os.path.lexists(tmp):
        os.unlink(tmp)
    os.symlink(new, tmp)
    os.replace(tmp, link)
    for old in new.parent.iterdir():
        if old.name.startswith(RELEASE_PREFIX) and old not in (new, keep) and not old.is_symlink() and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
            _manifest(old).unlink(missing_ok=True)


def swap_in(new: Path, target: Path) -> None:
    """Put the folder *new* at *target*; the previous *target* is removed afterwards."""
    if target.is_symlink():
        raise PublishError(f"{target} is a symbolic link: publish() puts releases beside its folder")
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new)          # now holds the previous site
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.rmdir(old)
    os.rename(target, old)
    os.rename(new, target)
    shutil.rmtree(old)


def publish(config_file: Path, target: Path, *, strict: bool = False,
            build: Callable[[Path, Path], None] | None = None) -> Path:
    """Build the project of *config_file* and publish it at *target*. Returns *target*."""
    config_file = Path(config_file).resolve()
    target = Path(target).absolute()
    check_target(target, config_file.parent)
    linked = target.is_symlink()
    if linked:
        current = Path(os.path.realpath(target))
        if not current.is_dir():
            raise PublishError(f"{target} is a symbolic link to {current}, which is not a folder")
        releases = current.parent
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        staging = Path(tempfile.mkdtemp(prefix=f"{RELEASE_PREFIX}{stamp}-", dir=releases))
    else:
        if target.exists() and not target.is_dir():
            raise PublishError(f"{target} exists and is not a folder")
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        if build is None:
            mkdocs_build(config_file, staging, strict)
        else:
            build(config_file, staging)
        verify(staging)
        previous = current if linked else (target if target.is_dir() else None)
        carried = carry_over(previous, staging, _read_manifest(previous)) if previous is not None else []
        # linked: the release's own list beside it; a plain folder: beside the target (after the swap)
        manifest = _manifest(staging) if linked else _manifest(target)
        set_modes(staging)
        if linked:
            _write_manifest(manifest, carried)
            swap_link(staging, target, keep=current)
        else:
            swap_in(staging, target)
            _write_manifest(manifest, carried)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="publish", description="Build the site and replace the published folder "
                                "only after a complete, successful build (atomic swap).")
    p.add_argument("target", help="the published folder, e.g. /var/www/bantin")
    p.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: ./mkdocs.yml)")
    p.add_argument("--strict", action="store_true", help="fail on MkDocs warnings too")
    args = p.parse_args(argv)
    config = Path(args.config)
    if not config.is_file():
        sys.stderr.write(f"publish: {config}: no such file\n")
        return 2
    try:
        target = publish(config, Path(args.target), strict=args.strict)
    except TargetError as exc:
        sys.stderr.write(f"publish: {exc}\n")
        return 2
    except PublishError as exc:
        sys.stderr.write(f"publish: {exc}\n")
        return 1
    sys.stderr.write(f"publish: {target} now holds the new build\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
