"""The package's shape: the folders of hooks/bulletin/ follow the pipeline, and the arrows between
them run one way — the content side knows nothing of MkDocs or of the packages built on it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "hooks" / "bulletin"
SUBPACKAGES = ["content", "site", "feeds", "search", "speed", "editor", "importer"]
# What each subpackage may import of the others (besides itself); anything else is a wrong arrow.
ALLOWED = {
    "content": set(),
    "importer": {"content"},
    "search": {"content"},
    "speed": {"content", "site"},   # parallel_build shares out the site's extensions
    "feeds": {"content", "site", "speed"},
    "site": {"content", "speed", "feeds", "search"},
    "editor": {"content", "importer", "speed"},   # `bulletin preview` starts speed.server
}


def _modules(sub: str) -> list[Path]:
    return sorted((PACKAGE / sub).glob("*.py"))


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in a module of the package, nested ones too."""
    sub = path.parent.name
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                found.append((node.lineno, node.module or ""))
                continue
            base = ["bulletin", sub][: 3 - node.level] if node.level <= 2 else []
            target = ".".join(base + ([node.module] if node.module else []))
            if node.module is None:  # from . import a, b
                found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, target))
    return found


def test_the_folders_are_the_pipeline():
    present = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    assert present == sorted(SUBPACKAGES)
    top_level = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert top_level == ["__init__", "publish"], "only a few modules stay at the top level"


@pytest.mark.parametrize("sub", SUBPACKAGES)
def test_each_package_lists_its_modules(sub):
    doc = ast.get_docstring(ast.parse((PACKAGE / sub / "__init__.py").read_text(encoding="utf-8")))
    assert doc and "Public names:" in doc, f"{sub}/__init__.py says the package's job and its public names"
    listed = {line.split()[0].rstrip(",") for line in doc.splitlines() if line.startswith("    ") and line.split()}
    listed |= {name.strip(",") for line in doc.splitlines() if line.startswith("    ") for name in line.split()[:2]}
    missing = [p.stem for p in _modules(sub) if p.stem != "__init__" and p.stem not in listed]
    assert not missing, f"{sub}/__init__.py does not describe {missing}"


@pytest.mark.parametrize("sub", SUBPACKAGES)
def test_arrows_run_one_way(sub):
    wrong = []
    for path in _modules(sub):
        for line, name in _imports(path):
            parts = name.split(".")
            if parts[0] == "mkdocs" and sub in {"content", "importer", "editor"}:
                wrong.append(f"{path.relative_to(PACKAGE)}:{line}: imports {name}")
            if parts[0] == "bulletin" and len(parts) > 1 and parts[1] in SUBPACKAGES:
                if parts[1] != sub and parts[1] not in ALLOWED[sub]:
                    wrong.append(f"{path.relative_to(PACKAGE)}:{line}: imports {name}")
    assert not wrong, "\n".join(wrong)


def test_the_import_reader_sees_relative_imports():
    """The check above would pass on nothing if relative imports were misread."""
    names = {name for _, name in _imports(PACKAGE / "site" / "events.py")}
    assert {"bulletin.site.sitegen", "bulletin.speed", "bulletin.site.csp"} <= names
    names = {name for _, name in _imports(PACKAGE / "editor" / "project.py")}
    assert "bulletin.content.catalog" in names
