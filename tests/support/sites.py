"""Build real bulletin sites with MkDocs in temporary folders.

``make_project`` lays out a project (mkdocs.yml, data/, docs/, hooks/ and articles/) in a
temporary folder — by default with the real registries, pages and seed articles of this
repository — and ``build`` runs a real ``mkdocs build`` on it, in-process or as a command.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
# A fixed "now" after every seed article: builds in tests do not depend on the real clock.
TEST_NOW = "2026-11-26T12:00:00+07:00"
ADMIN_DIR = "quan-tri"   # the web editor's folder (extra.bulletin.cms.path in mkdocs.yml)


@dataclass
class Build:
    project: Path
    site: Path
    ok: bool
    log: str
    exit_code: int = 0
    error: str = ""

    def read(self, rel: str) -> str:
        return (self.site / rel).read_text(encoding="utf-8")

    def exists(self, rel: str) -> bool:
        return (self.site / rel).exists()

    def html_files(self) -> list[Path]:
        """The readers' pages: not the theme's assets, not the web editor's pages (/quan-tri/)."""
        return sorted(p for p in self.site.rglob("*.html")
                      if not {"assets", ADMIN_DIR} & set(p.relative_to(self.site).parts))


def article_text(front: dict | str, body: str = "Nội dung tin bài đủ dài để làm đoạn tóm tắt của bài viết này.\n") -> str:
    """An article file: front matter (a dict dumped as YAML, or raw YAML text) and a body."""
    if isinstance(front, dict):
        fm = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    else:
        fm = textwrap.dedent(front).strip("\n") + "\n"
    return f"---\n{fm}---\n\n{body}"


def make_project(root: Path, articles: dict | None = None, *, seeds: bool = True, docs: bool = True,
                 config: dict | None = None, units: list | None = None) -> Path:
    """Create a project in *root*; *articles* maps paths under articles/ to file contents
    (str or bytes). Returns the project folder."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "data", root / "data", dirs_exist_ok=True)
    if units is not None:   # a registry of the test's own: one file instead of the repository's data/units/
        shutil.rmtree(root / "data" / "units", ignore_errors=True)
        (root / "data" / "units.yml").write_text(yaml.safe_dump({"units": units}, allow_unicode=True), "utf-8")
    if docs:
        shutil.copytree(REPO / "docs", root / "docs", dirs_exist_ok=True)
    else:
        shutil.copytree(REPO / "docs" / "overrides", root / "docs" / "overrides", dirs_exist_ok=True)
        shutil.copytree(REPO / "docs" / "assets", root / "docs" / "assets", dirs_exist_ok=True)
    (root / "articles").mkdir(exist_ok=True)
    if seeds:
        shutil.copytree(REPO / "articles", root / "articles", dirs_exist_ok=True)
    for rel, content in (articles or {}).items():
        path = root / "articles" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    cfg = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg["hooks"] = [str(REPO / "hooks" / "site_hooks.py")]
    cfg.pop("watch", None)
    for key, value in (config or {}).items():
        if key == "bulletin":
            cfg.setdefault("extra", {}).setdefault("bulletin", {}).update(value)
        elif value is None:
            cfg.pop(key, None)
        else:
            cfg[key] = value
    (root / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), "utf-8")
    return root


@contextlib.contextmanager
def _env(values: dict):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update({k: v for k, v in values.items() if v is not None})
    for k, v in values.items():
        if v is None:
            os.environ.pop(k, None)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextlib.contextmanager
def captured_log():
    """MkDocs' log (INFO and above) while the block runs, in the returned StringIO."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def build(project: Path, *, now: str | None = TEST_NOW, preview: bool = False, strict: bool = False,
          env: dict | None = None) -> Build:
    """Run a real MkDocs build in-process; capture its log. Never raises for a failed build."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError

    site = project / "site"
    values = {"BULLETIN_NOW": now, "BULLETIN_PREVIEW": "1" if preview else None, "NO_MKDOCS_2_WARNING": "1"}
    values.update(env or {})
    ok, error = True, ""
    with captured_log() as stream:
        try:
            with _env(values):
                cfg = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=strict)
                mkdocs_build(cfg)
        except (Abort, BuildError, ConfigurationError) as exc:
            ok, error = False, str(exc)
    return Build(project=project, site=site, ok=ok, log=stream.getvalue(), error=error, exit_code=0 if ok else 1)


def build_ok(project: Path, **kwargs) -> Build:
    """:func:`build`, and fail the calling test with MkDocs' log unless the build succeeded."""
    result = build(project, **kwargs)
    assert result.ok, result.log + result.error
    return result


def build_cli_ok(project: Path, *args: str, **kwargs) -> Build:
    """:func:`build_cli`, and fail the calling test with the command's output unless it exited 0."""
    result = build_cli(project, *args, **kwargs)
    assert result.ok, result.log
    return result


def build_cli(project: Path, *args: str, now: str | None = TEST_NOW, env: dict | None = None) -> Build:
    """Run `mkdocs build` as a command, as an editor or CI would."""
    full_env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if now:
        full_env["BULLETIN_NOW"] = now
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", *args], cwd=project, env=full_env,
                          capture_output=True, text=True, timeout=600)
    return Build(project=project, site=project / "site", ok=proc.returncode == 0,
                 log=proc.stdout + proc.stderr, exit_code=proc.returncode)
