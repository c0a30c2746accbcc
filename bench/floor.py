"""The floor: Python-Markdown alone renders every article body with the site's extensions.

    python bench/floor.py ARTICLES OUT

reads each ``*.md`` under ARTICLES, drops the front matter and writes the body's HTML to OUT —
no theme, no listings: what any Python static-site generator has to pay at least.
"""

from __future__ import annotations

import sys
from pathlib import Path

import markdown

sys.path.insert(0, str(Path(__file__).resolve().parent))
from projects import repo_config, split  # noqa: E402


def extensions() -> tuple[list, dict]:
    names, configs = [], {}
    for item in repo_config().get("markdown_extensions", []):
        if isinstance(item, dict):
            (name, options), = item.items()
            names.append(name)
            configs[name] = options or {}
        else:
            names.append(item)
    return names, configs


def main(argv: list[str]) -> int:
    src, out = Path(argv[0]), Path(argv[1])
    names, configs = extensions()
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    for path in sorted(src.rglob("*.md")):
        _meta, body = split(path.read_text(encoding="utf-8"))
        html = md.reset().convert(body)
        dest = out / path.relative_to(src).with_suffix(".html")
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(html, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
