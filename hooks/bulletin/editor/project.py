"""The project the editor tools work on: mkdocs.yml, its ``extra.bulletin`` settings, registries.

The collection is loaded and validated exactly as the build does it
(:func:`bulletin.content.translations.load_articles` and :func:`bulletin.content.catalog.build_catalog`), so
`bulletin check` and `mkdocs build` can never disagree about an article.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from ..content import datafiles, integrity, settings as settings_mod
from ..content.catalog import build_catalog, Catalog
from ..content.i18n import Language
from ..content.loader import LoadResult, make_context
from ..content.model import Problem
from ..content.registry import Registry
from ..content.translations import load_articles


class CliError(Exception):
    """A problem the editor can fix; printed without a traceback."""


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its tags (!ENV, !!python/name …): only settings are needed."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def find_config(start: Path) -> Path:
    for folder in (start, *start.parents):
        candidate = folder / "mkdocs.yml"
        if candidate.is_file():
            return candidate
    raise CliError(f"không tìm thấy mkdocs.yml trong {start} hay các thư mục cha: hãy chạy lệnh trong thư mục "
                   f"của bản tin, hoặc dùng --config — no mkdocs.yml in {start} or its parents: run the command "
                   "inside the bulletin's folder or pass --config")


@dataclass
class Collection:
    result: LoadResult
    catalog: Catalog

    @property
    def errors(self) -> list[Problem]:
        return sorted(self.result.problems + self.catalog.problems)

    @property
    def warnings(self) -> list[Problem]:
        return sorted(self.result.warnings)


class Project:
    def __init__(self, config_file: Path):
        self.config_file = config_file.resolve()
        self.root = self.config_file.parent
        try:
            raw = yaml.load(self.config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise CliError(f"{config_file}: không đọc được — cannot read it ({exc})") from None
        extra = raw.get("extra") if isinstance(raw, dict) else None
        self.docs_path = self.root / ((raw.get("docs_dir") if isinstance(raw, dict) else None) or "docs")
        self.site_url = raw.get("site_url") if isinstance(raw, dict) else None
        self.markdown_extensions = raw.get("markdown_extensions") if isinstance(raw, dict) else None
        self.settings_problems: list[Problem] = []
        try:
            self.settings = settings_mod.from_mapping((extra or {}).get("bulletin"), self.root)
        except settings_mod.SettingsError as exc:
            if exc.settings is None:
                raise CliError(f"{config_file}: {exc}") from None
            self.settings = exc.settings   # `check` reports them with every other problem
            self.settings_problems = [Problem(self.rel(self.config_file), None, "", m) for m in exc.messages]

    @classmethod
    def find(cls, config: str | None = None, cwd: Path | None = None) -> "Project":
        if config:
            path = Path(config)
            if not path.is_file():
                raise CliError(f"{config}: không có tệp này — file not found")
            return cls(path)
        return cls(find_config((cwd or Path.cwd()).resolve()))

    @cached_property
    def data(self) -> datafiles.Data:
        """Registries and UI strings with every problem collected (bulletin.content.datafiles)."""
        return datafiles.load(self.settings)

    @property
    def registry(self) -> Registry:
        """The registries; the commands that write articles (new, import) need them sound."""
        problems = self.settings_problems + self.data.registry_problems
        if problems:
            raise CliError("danh mục đơn vị/chủ đề có lỗi — the registry has errors:\n"
                           + "\n".join(str(p) for p in problems))
        return self.data.registry

    @property
    def languages(self) -> dict[str, Language]:
        problems = self.data.language_problems
        if problems:
            raise CliError("\n".join(str(p) for p in problems))
        return self.data.languages

    @property
    def articles_path(self) -> Path:
        return self.settings.articles_path

    def context(self, is_translation: bool = False):
        return make_context(self.registry, self.languages, self.settings.tz, is_translation)

    def rel(self, path: Path) -> str:
        """A path as the loader names it in problems: relative to the project root."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def load(self) -> Collection:
        """Load and validate every article, as `mkdocs build` does."""
        if not self.articles_path.is_dir():
            raise CliError(f"không có thư mục bài viết {self.articles_path} — articles folder not found "
                           "(extra.bulletin.articles_dir in mkdocs.yml)")
        s = self.settings
        data = self.data   # a registry or UI-string error is reported with the articles', never instead
        result = load_articles(s.root, s.articles_path, data.registry, data.languages, s.tz)
        catalog = build_catalog(result.articles, data.registry, s.languages, s.current_time(), preview=True,
                                lineage=s.unit_lineage)
        catalog.problems.extend(self.settings_problems + data.problems)
        # links and pictures of the bodies and the hand-written pages and files, as the build checks them
        # (a missing URL word takes the first language's: addresses are computed anyway)
        catalog.problems.extend(integrity.check_collection(s, data.registry, data.languages, result.articles,
                                                          self.docs_path, self.site_url, self.rel(self.docs_path)))
        return Collection(result=result, catalog=catalog)
