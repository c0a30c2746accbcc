"""The web editor: Decap CMS served by the site at its admin address (extension).

``post_build`` writes ``<site>/<path>/`` (``extra.bulletin.cms.path``, default ``quan-tri``):

- ``index.html`` and ``config.yml`` for the first interface language of ``data/cms.yml``, and
  ``<code>/index.html`` + ``<code>/config.yml`` for each other one (``/quan-tri/en/``);
- ``decap-cms.js`` with its lazily loaded chunks and WebAssembly files and ``js-yaml.min.js``,
  copied from ``node_modules`` (npm, pinned in package-lock.json: no CDN);
- ``bulletin-cms.js`` (this folder's ``admin.js``: the file format and the preview) and
  ``bulletin-cms-data.js`` (field order, unit and topic names, the site's style sheets), generated.

The configuration comes from :mod:`bulletin.content.cms`. No reader's page links here; the pages
carry ``noindex`` and their own Content-Security-Policy (:func:`policy`): Decap needs
``'unsafe-eval'`` (it compiles its configuration schema) and inline styles, which the readers'
pages never allow, and ``connect-src`` names only the forge's API, or the local proxy.

Environment (set by ``bulletin cms``): ``BULLETIN_CMS_PROXY=http://127.0.0.1:<port>/api/v1`` adds
Decap's ``local_backend`` (decap-server); ``BULLETIN_CMS_WORKFLOW=0`` when that proxy has no
editorial workflow (its ``fs`` mode).
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

from ..content import cms as cms_config
from ..content.schema import FIELDS

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parents[2]          # the checkout holding hooks/ (and node_modules/)
DECAP_DIST = Path("decap-cms") / "dist"
JS_YAML = Path("js-yaml") / "dist" / "browser" / "js-yaml.umd.min.js"
DEFAULT_PATH = "quan-tri"


def settings(site) -> dict | None:
    """``extra.bulletin.cms`` (None when the web editor is turned off)."""
    raw = site.settings.extra.get("cms")
    if raw is None or raw is False:
        return None
    if raw is True:
        raw = {}
    if not isinstance(raw, dict):
        raise PluginError(f"mkdocs.yml: extra.bulletin.cms: expected a mapping but received {raw!r}")
    if raw.get("enabled", True) is False:
        return None
    return raw


def node_modules(site) -> Path:
    """The node_modules folder holding Decap: the project's own, else this checkout's."""
    for base in (site.settings.root, REPO_DIR):
        candidate = Path(base) / "node_modules"
        if (candidate / DECAP_DIST / "decap-cms.js").is_file() and (candidate / JS_YAML).is_file():
            return candidate
    raise PluginError("the web editor (extra.bulletin.cms) needs Decap CMS from npm: run "
                      "`bash scripts/setup.sh` (npm ci installs the versions pinned in package-lock.json), "
                      "or set extra.bulletin.cms.enabled: false")


def admin_path(raw: dict) -> str:
    path = str(raw.get("path", DEFAULT_PATH)).strip("/")
    if not path or not all(part.replace("-", "").isalnum() and part.isascii() for part in path.split("/")):
        raise PluginError(f"mkdocs.yml: extra.bulletin.cms.path: expected ASCII words like 'quan-tri' but "
                          f"received {raw.get('path')!r}")
    return path


def policy(connect: list[str]) -> str:
    """The admin page's Content-Security-Policy."""
    sources = " ".join(["'self'", "blob:", *connect])
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",           # Decap compiles its config schema (ajv)
        "style-src 'self' 'unsafe-inline'",          # Decap's styles are injected <style> elements
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        f"connect-src {sources}",
        "frame-src 'self' blob:",                    # the preview pane
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def page(*, lang: str, title: str, prefix: str, csp: str) -> str:
    """The admin page: no inline script, scripts from the admin folder (*prefix* leads there)."""
    scripts = "".join(f'<script src="{prefix}{name}"></script>\n'
                      for name in ("decap-cms.js", "js-yaml.min.js", "bulletin-cms-data.js", "bulletin-cms.js"))
    return ("<!doctype html>\n"
            f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="robots" content="noindex, nofollow">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp, quote=False)}">\n'
            '<meta name="referrer" content="same-origin">\n<link rel="icon" href="data:,">\n'
            f"<title>{html.escape(title)}</title>\n"
            '<link href="config.yml" type="text/yaml" rel="cms-config-url">\n'
            f"</head>\n<body>\n{scripts}</body>\n</html>\n")


def client_data(site, presentation, admin_dir: str) -> dict:
    """What bulletin-cms.js needs: field order and kinds, names for the preview, style sheets."""
    registry = site.registry
    langs = list(site.languages)
    units = {}
    for uid, unit in registry.units.items():
        units[uid] = {"name": {code: unit.name.get(code) for code in langs},
                      "short": {code: unit.short.get(code) for code in langs},
                      "chain": [a for a in reversed(registry.ancestors(uid))]}
    topics = {tid: {code: t.name.get(code) for code in langs} for tid, t in registry.topics.items()}
    # written without quotes (ids, dates, paths), as `bulletin new` and the importer write them
    plain = [n for n, spec in presentation.fields.items()
             if spec["widget"] in ("uuid", "datetime", "unit", "topics", "image") or n == "slug"]
    plain += ["translated_from", "pictures.file"]
    ui = {code: {"topics": site.languages[code].ui.topics, "source": site.languages[code].ui.source,
                 "draft": presentation.text(presentation.raw.get("draft_banner"), code)}
          for code in langs}
    site_dir = Path(site.config.site_dir)
    styles = sorted(str(p.relative_to(site_dir)) for p in (site_dir / "assets" / "stylesheets").glob("*.css"))
    styles += [s for s in (site.config.extra_css or []) if (site_dir / s).is_file()]
    return {
        "collection": cms_config.COLLECTION,
        "format": cms_config.FORMAT_NAME,
        "languages": langs,
        "field_order": list(FIELDS),     # the schema's order, as README and `bulletin new` write them
        "plain_fields": plain,
        # present in every original, never in a translation: how bulletin-cms.js tells them apart
        # (not the date: its form field fills itself with "now", even in the translation's column)
        "original_only_fields": [n for n, f in FIELDS.items() if f.required and f.inherited
                                 and presentation.fields.get(n, {}).get("widget") != "datetime"],
        "inherited_fields": [n for n, f in FIELDS.items() if f.inherited or f.original_only],
        "checked_field": cms_config.CHECKED_FIELD,
        "fingerprint_length": cms_config.FINGERPRINT_LENGTH,
        "units": units,
        "topics": topics,
        "ui": ui,
        "styles": styles,   # relative to the site's root (site_root from the admin folder)
        "site_root": "../" * len(admin_dir.split("/")),
    }


def post_build(site, config) -> None:
    raw = settings(site)
    if raw is None:
        return
    modules = node_modules(site)
    path = admin_path(raw)
    out = Path(config.site_dir) / path
    root = site.settings.root
    try:
        presentation = cms_config.load_presentation(site.settings.data_path)
        proxy = os.environ.get("BULLETIN_CMS_PROXY") or None
        workflow = os.environ.get("BULLETIN_CMS_WORKFLOW", "1") not in ("0", "false", "no")
        docs_dir = os.path.relpath(config.docs_dir, root)
        articles_dir = os.path.relpath(site.settings.articles_path, Path(root).resolve())
        backend, _mode = cms_config.backend_settings(raw)
    except cms_config.CmsConfigError as exc:
        raise PluginError(str(exc)) from None
    connect = [o for o in ([_origin(proxy)] if proxy else cms_config.api_origins(backend)) if o]
    csp = policy(connect)
    write = site.incremental.write
    for i, lang in enumerate(presentation.ui_languages):
        try:
            cfg = cms_config.build_config(
                registry=site.registry, languages=site.languages, presentation=presentation, ui_lang=lang,
                articles_dir=articles_dir, docs_dir=docs_dir, cms_settings=raw, site_url=config.site_url,
                local_proxy=proxy, local_workflow=workflow)
        except cms_config.CmsConfigError as exc:
            raise PluginError(str(exc)) from None
        folder = out if i == 0 else out / lang
        prefix = "" if i == 0 else "../"
        write(folder / "config.yml", cms_config.dump(cfg))
        write(folder / "index.html", page(lang=lang, title=presentation.text(presentation.raw.get("page_title"), lang),
                                          prefix=prefix, csp=csp))
    data = json.dumps(client_data(site, presentation, path), ensure_ascii=False, sort_keys=True, indent=1)
    write(out / "bulletin-cms-data.js", f"window.BULLETIN_CMS = {data};\n")
    _copy(write, PACKAGE_DIR / "admin.js", out / "bulletin-cms.js")
    _copy(write, modules / JS_YAML, out / "js-yaml.min.js")
    dist = modules / DECAP_DIST
    for src in sorted(dist.iterdir()):
        name = src.name
        if name == "decap-cms.js" or name.endswith(".wasm") or (name.endswith(".decap-cms.js") and name[0].isdigit()):
            _copy(write, src, out / name)


def _copy(write, src: Path, dest: Path) -> None:
    stat = src.stat()
    write(dest, make=src.read_bytes, source=f"{src}\0{stat.st_size}\0{stat.st_mtime_ns}")
