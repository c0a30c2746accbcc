"""Lay out, from one folder of generated articles, the project of each system measured.

- ``bulletin``: this repository's site (its mkdocs.yml, data/, docs/, hooks) on the articles;
- ``blog``: Material's blog plugin, one blog per language (categories = unit and topics,
  archive, pagination of 20), with mkdocs-rss-plugin when it is installed;
- ``plain``: plain Material, every article a page, a nav that lists only the home page;
- ``floor``: the article files themselves (rendered by ``floor.py`` with Python-Markdown);
- ``hugo``: a multilingual Hugo site with minimal templates (list pages of 20, taxonomies).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
FRONT_RE = re.compile(r"\A---\n(.*?)\n---\n", re.S)


class _NoDates(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):
    pass


_NoDates.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split(text: str) -> tuple[dict, str]:
    m = FRONT_RE.match(text)
    if not m:
        return {}, text
    return yaml.load(m.group(1), Loader=_NoDates) or {}, text[m.end():]


def repo_config() -> dict:
    return yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))


def _dump(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _copy_articles(articles: Path, dest: Path) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(articles, dest)


# --- the bulletin --------------------------------------------------------------------------------

def bulletin(articles: Path, root: Path, *, search: bool = True) -> Path:
    """This repository's site on the generated articles (no seed articles); *search* False turns
    the search index off (extra.bulletin.search.enabled)."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "docs", root / "docs")
    _copy_articles(articles, root / "articles")
    cfg = repo_config()
    cfg["hooks"] = [str(REPO / "hooks" / "site_hooks.py")]
    cfg["watch"] = ["articles", "data"]
    if not search:
        cfg.setdefault("extra", {}).setdefault("bulletin", {})["search"] = {"enabled": False}
    _dump(root / "mkdocs.yml", cfg)
    return root


# --- Material's blog plugin -----------------------------------------------------------------------

def _unit_and_topic_names() -> tuple[dict, dict]:
    from bulletin.content.registry import Registry
    reg = Registry.load(REPO / "data")
    topics = yaml.safe_load((REPO / "data" / "topics.yml").read_text(encoding="utf-8"))["topics"]
    return ({u.id: {"vi": u.name.vi, "en": u.name.en} for u in reg.units.values()},
            {t["id"]: t["name"] for t in topics})


def _date(value) -> dt.datetime:
    text = str(value)
    return dt.datetime.fromisoformat(text) if " " in text or "T" in text else dt.datetime.fromisoformat(text + " 00:00")


def _originals(articles: Path):
    """(key, vi meta, vi body, en meta, en body) for each article pair, in file order."""
    for vi in sorted(articles.rglob("*.vi.md")):
        key = vi.name[:-6]
        meta, body = split(vi.read_text(encoding="utf-8"))
        en = vi.with_name(key + ".en.md")
        en_meta, en_body = split(en.read_text(encoding="utf-8")) if en.exists() else ({}, "")
        yield key, meta, body, en_meta, en_body


def _with_more(body: str) -> str:
    """The blog shows excerpts: cut after the first paragraph, as the bulletin's cards do."""
    first, sep, rest = body.strip("\n").partition("\n\n")
    return first + "\n\n<!-- more -->\n\n" + rest + "\n" if sep else body


def blog(articles: Path, root: Path, *, rss: bool) -> Path:
    if root.exists():
        shutil.rmtree(root)
    units, topics = _unit_and_topic_names()
    for lang, blog_dir in (("vi", "blog"), ("en", "en/blog")):
        (root / "docs" / blog_dir / "posts").mkdir(parents=True)
        (root / "docs" / blog_dir / "index.md").write_text("# Tin tức\n" if lang == "vi" else "# News\n", "utf-8")
    (root / "docs" / "index.md").write_text("# Bản tin\n\n[Tin tức](blog/index.md) · [News](en/blog/index.md)\n",
                                            "utf-8")
    for key, meta, body, en_meta, en_body in _originals(articles):
        created = _date(meta["date"])
        for lang, m, text, blog_dir in (("vi", meta, body, "blog"), ("en", en_meta, en_body, "en/blog")):
            if not text:
                continue
            front = {
                "title": m.get("title", meta["title"]),
                "date": created,
                "categories": [units[meta["unit"]][lang]] + [topics[t][lang] for t in meta["topics"]],
                "slug": key,
            }
            if m.get("summary"):
                front["description"] = m["summary"]
            post = root / "docs" / blog_dir / "posts" / f"{key}.md"
            post.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n"
                            + _with_more(text), encoding="utf-8")
    cfg = repo_config()
    plugins: list = [
        {"blog": {"blog_dir": "blog", "pagination_per_page": 20}},
        {"blog": {"blog_dir": "en/blog", "pagination_per_page": 20}},
    ]
    if rss:
        plugins.append({"rss": {"match_path": "(en/)?blog/posts/.*", "use_git": False, "length": 50,
                                "date_from_meta": {"as_creation": "date"}}})
    out = {
        "site_name": cfg["site_name"], "site_url": cfg.get("site_url"),
        "theme": {k: v for k, v in cfg["theme"].items() if k != "custom_dir"},
        "markdown_extensions": cfg["markdown_extensions"],
        "plugins": plugins,
        "nav": ["index.md", {"Tin tức": "blog/index.md"}, {"News": "en/blog/index.md"}],
    }
    _dump(root / "mkdocs.yml", out)
    return root


# --- plain Material -------------------------------------------------------------------------------

def plain(articles: Path, root: Path) -> Path:
    """Every article (both languages) a page of plain Material; the nav lists only the home page."""
    if root.exists():
        shutil.rmtree(root)
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Bản tin\n", "utf-8")
    for path in sorted(articles.rglob("*.md")):
        key, lang = path.name[:-6], path.name[-5:-3]
        meta, body = split(path.read_text(encoding="utf-8"))
        dest = docs / (("en/" if lang == "en" else "") + path.parent.name) / f"{key}.md"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(f"# {meta.get('title', key)}\n\n{body}", encoding="utf-8")
    cfg = repo_config()
    out = {
        "site_name": cfg["site_name"], "site_url": cfg.get("site_url"),
        "theme": {k: v for k, v in cfg["theme"].items() if k != "custom_dir"},
        "markdown_extensions": cfg["markdown_extensions"],
        "plugins": [],
        "nav": ["index.md"],
    }
    _dump(root / "mkdocs.yml", out)
    return root


# --- Hugo -----------------------------------------------------------------------------------------

HUGO_CONFIG = """\
baseURL: https://bantin.example.vn/
title: Bản tin CCHC & CĐS
defaultContentLanguage: vi
defaultContentLanguageInSubdir: false
paginate: 20
disableKinds: []
taxonomies: {unit: units, topic: topics}
languages:
  vi: {weight: 1, languageName: Tiếng Việt}
  en: {weight: 2, languageName: English}
markup:
  goldmark:
    parser: {attribute: {block: true}}
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!doctype html><html lang="{{ .Site.Language.Lang }}"><head><meta charset="utf-8">
<title>{{ .Title }} - {{ .Site.Title }}</title></head><body>
<header><a href="{{ "/" | relLangURL }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Taxonomies.units }}<a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "02/01/2006" }}</time>
{{ .Content }}
{{ with .PrevInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range .Paginator.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Summary }}</p></article>{{ end }}
{{ with .Paginator.Prev }}<a href="{{ .URL }}">←</a>{{ end }} {{ with .Paginator.Next }}<a href="{{ .URL }}">→</a>{{ end }}
{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}
</ul>{{ end }}
""",
}


def hugo(articles: Path, root: Path) -> Path:
    if root.exists():
        shutil.rmtree(root)
    content = root / "content" / "posts"
    content.mkdir(parents=True)
    (root / "config.yaml").write_text(HUGO_CONFIG, "utf-8")
    for rel, text in HUGO_LAYOUTS.items():
        (root / "layouts" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "layouts" / rel).write_text(text, "utf-8")
    for key, meta, body, en_meta, en_body in _originals(articles):
        created = _date(meta["date"]).replace(tzinfo=dt.timezone(dt.timedelta(hours=7)))
        for lang, m, text in (("vi", meta, body), ("en", en_meta, en_body)):
            if not text:
                continue
            front = {"title": m.get("title", meta["title"]), "date": created.isoformat(),
                     "units": [meta["unit"]], "topics": list(meta["topics"])}
            if m.get("summary"):
                front["summary"] = m["summary"]
            (content / f"{key}.{lang}.md").write_text(
                "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n" + text, "utf-8")
    return root
