"""Decap CMS configuration, generated from the article schema, the registries and data/cms.yml.

Nothing here repeats a rule of the schema: the field list, which fields are required, which a
translation writes itself (``i18n``), the slug and id patterns come from
:mod:`bulletin.content.schema`; units and topics from :class:`bulletin.content.registry.Registry`;
the byline labels from ``data/i18n/*.yml``. ``data/cms.yml`` only says how a field looks (widget,
label, hint, messages) in each interface language. Imports nothing of MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .frontmatter_io import safe_load
from .loader import fingerprint
from .schema import FIELDS, ID_RE, SLUG_RE
from .text import fold, nfc

DATE_FORMAT = "YYYY-MM-DD HH:mm"     # what the form writes: Vietnam time, no offset (see schema.parse_date)
FORMAT_NAME = "bulletin-frontmatter"  # the file format registered by bulletin-cms.js
COLLECTION = "articles"
# A form-only switch of a translation: "checked against the current original". bulletin-cms.js never
# writes it; it writes translated_from (the original's fingerprint) instead.
CHECKED_FIELD = "translation_checked"
FINGERPRINT_LENGTH = len(fingerprint("", ""))
WIDGETS = {"string", "text", "datetime", "boolean", "image", "uuid", "unit", "topics", "bylines", "source"}
BACKENDS_WITH_WORKFLOW = {"github", "gitlab", "bitbucket", "azure", "forgejo", "proxy", "test-repo"}


class CmsConfigError(ValueError):
    """A problem of data/cms.yml or of extra.bulletin.cms, with where and what to do."""


@dataclass(frozen=True)
class Presentation:
    """data/cms.yml, checked against the schema."""

    raw: dict
    ui_languages: tuple[str, ...]

    def text(self, mapping, lang: str) -> str:
        if isinstance(mapping, dict):
            return nfc(str(mapping.get(lang) or mapping.get(self.ui_languages[0]) or ""))
        return nfc(str(mapping or ""))

    @property
    def fields(self) -> dict:
        return self.raw["fields"]


def load_presentation(data_dir: str | Path) -> Presentation:
    path = Path(data_dir) / "cms.yml"
    where = str(path)
    try:
        raw = safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CmsConfigError(f"{where}: file not found (the web editor's field labels)") from None
    except yaml.YAMLError as exc:
        raise CmsConfigError(f"{where}: invalid YAML: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("fields"), dict):
        raise CmsConfigError(f"{where}: expected a mapping with 'fields:'")
    fields = raw["fields"]
    omitted = raw.get("omitted") or {}
    unknown = [name for name in list(fields) + list(omitted) if name not in FIELDS]
    if unknown:
        raise CmsConfigError(f"{where}: fields: unknown field(s) {unknown} (expected fields of the article "
                             f"schema: {', '.join(FIELDS)})")
    missing = [name for name in FIELDS if name not in fields and name not in omitted]
    if missing:
        raise CmsConfigError(f"{where}: fields: schema field(s) {missing} are neither in 'fields' nor in "
                             "'omitted' (say how the form shows them, or why it leaves them out)")
    for name, spec in fields.items():
        widget = (spec or {}).get("widget")
        if widget not in WIDGETS:
            raise CmsConfigError(f"{where}: fields.{name}.widget: unknown widget {widget!r} "
                                 f"(expected one of: {', '.join(sorted(WIDGETS))})")
        if FIELDS[name].required and widget in ("boolean", "uuid"):
            raise CmsConfigError(f"{where}: fields.{name}: a required field cannot be a {widget}")
    langs = raw.get("ui_languages") or ["vi"]
    return Presentation(raw=raw, ui_languages=tuple(langs))


# -- registries -----------------------------------------------------------------------------------

def unit_options(registry, lang: str) -> list[dict]:
    """Every unit of the registry in tree order (parents first, siblings in the site's order), each
    labelled with its line of parents below the root, so that typing a parent's name in the search
    box lists its sub-units: 'Quân khu 4 › Bộ CHQS tỉnh Nghệ An'."""
    out: list[dict] = []
    root = registry.root
    seen: set[str] = set()

    def walk(unit, trail: list[str]) -> None:
        if unit.id in seen:
            return
        seen.add(unit.id)
        name = unit.name.get(lang)
        label = " › ".join([*trail, name])
        out.append({"label": f"{label} ({unit.id})", "value": unit.id})
        below = [] if unit.id == root.id else [*trail, name]
        for child in registry.children(unit.id):
            walk(child, below)

    walk(root, [])
    for unit in registry.units.values():   # units not reachable from the root (the registry rejects them)
        if unit.id not in seen:
            walk(unit, [])
    return out


def topic_options(registry, lang: str) -> list[dict]:
    out = []
    for topic in registry.topics.values():
        name, short = topic.name.get(lang), topic.short.get(lang)
        label = name if short in (None, "", name) else f"{name} ({short})"
        out.append({"label": label, "value": topic.id})
    return out


def byline_pattern(languages: dict) -> tuple[str, list[str]]:
    """A JavaScript-compatible pattern accepting what ``schema.parse_byline`` accepts: a name
    alone, or a known label (compared without case and marks) a colon and a name."""
    labels: list[str] = []
    for lang in languages.values():
        for label in lang.bylines.values():
            if label not in labels:
                labels.append(label)
    variants: list[str] = []
    for label in labels:
        for form in (label, label.lower(), label.upper(), label[:1].upper() + label[1:].lower(),
                     fold(label), fold(label).capitalize(), fold(label).upper()):
            if form not in variants:
                variants.append(form)
    alternatives = "|".join(re.escape(v).replace("\\ ", " ") for v in sorted(variants, key=len, reverse=True))
    return rf"^(?:[^:]*[^:\s][^:]*|\s*(?:{alternatives})\s*:\s*\S.*)$", labels


# -- the configuration -----------------------------------------------------------------------------

def _i18n(name: str) -> bool:
    f = FIELDS[name]
    return not (f.inherited or f.original_only)


def _field(name: str, spec: dict, pres: Presentation, lang: str, ctx: dict) -> dict:
    schema = FIELDS[name]
    widget = spec["widget"]
    out: dict = {"name": name, "label": pres.text(spec.get("label"), lang)}
    if spec.get("hint"):
        out["hint"] = pres.text(spec["hint"], lang)
    out["required"] = schema.required
    out["i18n"] = _i18n(name)
    msg = pres.raw.get("messages") or {}
    if widget == "string":
        out["widget"] = "string"
        if name == "slug":
            out["pattern"] = [SLUG_RE.pattern, pres.text(msg.get("slug"), lang)]
        else:
            out["pattern"] = [r"\S", pres.text(msg.get("text"), lang)]
    elif widget == "text":
        out["widget"] = "text"
        out["pattern"] = [r"\S", pres.text(msg.get("text"), lang)]
    elif widget == "datetime":
        out.update(widget="datetime", format=DATE_FORMAT, date_format="DD/MM/YYYY", time_format="HH:mm")
        if schema.required:
            out["default"] = "{{now}}"
    elif widget == "boolean":
        out["widget"] = "boolean"
    elif widget == "uuid":
        out["widget"] = "uuid"
        out["pattern"] = [ID_RE.pattern, pres.text(msg.get("id"), lang)]
    elif widget == "image":
        out.update(widget="image", choose_url=False)
    elif widget == "unit":
        out.update(widget="select", options=ctx["units"], multiple=False)
    elif widget == "topics":
        out.update(widget="select", options=ctx["topics"], multiple=True, min=1)
    elif widget == "bylines":
        pattern, labels = ctx["bylines"]
        out.update(widget="list", label_singular=pres.text(spec.get("label_singular"), lang),
                   field={"name": "byline", "label": out["label"], "widget": "string",
                          "pattern": [pattern, pres.text(msg.get("byline"), lang).replace(
                              "{labels}", ", ".join(labels))]})
    elif widget == "source":
        url = (pres.raw.get("patterns") or {}).get("url")
        out.update(widget="object", collapsed=False, fields=[
            # Decap checks a required sub-field even when the optional source is left empty: the name
            # is optional in the form; `bulletin check` refuses an address without a name.
            {"name": "name", "label": pres.text(spec.get("name_label"), lang), "widget": "string",
             "required": False, "pattern": [r"\S", pres.text(msg.get("text"), lang)]},
            {"name": "url", "label": pres.text(spec.get("url_label"), lang), "widget": "string",
             "required": False, "pattern": [url, pres.text(msg.get("url"), lang)]},
        ])
    return out


def backend_settings(raw: dict | None) -> tuple[dict, str]:
    """(backend mapping, publish mode) from ``extra.bulletin.cms``."""
    raw = dict(raw or {})
    backend = dict(raw.get("backend") or {"name": "github", "repo": "OWNER/REPO", "branch": "main"})
    if not isinstance(backend.get("name"), str):
        raise CmsConfigError("extra.bulletin.cms.backend.name: expected a Decap backend name "
                             "(github, gitlab, gitea, forgejo)")
    mode = raw.get("publish_mode", "editorial_workflow")
    if mode not in ("editorial_workflow", "simple"):
        raise CmsConfigError(f"extra.bulletin.cms.publish_mode: expected editorial_workflow or simple but "
                             f"received {mode!r}")
    if mode == "editorial_workflow" and backend["name"] not in BACKENDS_WITH_WORKFLOW:
        hint = ("; for Gitea use name: forgejo (it speaks Gitea's API and has the workflow)"
                if backend["name"] == "gitea" else "")
        raise CmsConfigError(f"extra.bulletin.cms.backend.name: Decap's {backend['name']!r} backend has no "
                             f"editorial workflow (publish_mode: editorial_workflow){hint}, or set "
                             "publish_mode: simple")
    return backend, mode


def api_origins(backend: dict) -> list[str]:
    """Origins the admin page must reach for *backend* (its Content-Security-Policy)."""
    defaults = {"github": ["https://api.github.com"], "gitlab": ["https://gitlab.com"],
                "bitbucket": ["https://api.bitbucket.org", "https://bitbucket.org"]}
    urls = [backend[k] for k in ("api_root", "base_url") if isinstance(backend.get(k), str)]
    origins = []
    for url in urls or defaults.get(backend["name"], []):
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc:
            origin = f"{parts.scheme}://{parts.netloc}"
            if origin not in origins:
                origins.append(origin)
    return origins


def build_config(*, registry, languages: dict, presentation: Presentation, ui_lang: str,
                 articles_dir: str, docs_dir: str, cms_settings: dict | None, site_url: str | None = None,
                 local_proxy: str | None = None, local_workflow: bool = True) -> dict:
    """The Decap configuration (a mapping to dump as config.yml) for interface language *ui_lang*.

    *local_proxy* (``http://127.0.0.1:<port>/api/v1``) adds Decap's ``local_backend``: the page,
    opened on this machine, then talks to decap-server instead of the forge. decap-server in its
    ``fs`` mode has no workflow: *local_workflow* False turns the editorial workflow off.
    """
    pres = presentation
    codes = list(languages)
    backend, mode = backend_settings(cms_settings)
    if local_proxy and not local_workflow:
        mode = "simple"
    ctx = {"units": unit_options(registry, ui_lang), "topics": topic_options(registry, ui_lang),
           "bylines": byline_pattern(languages)}
    fields = [_field(name, spec, pres, ui_lang, ctx) for name, spec in pres.fields.items()]
    checked = pres.raw.get("translation_checked") or {}
    fields.append({"name": CHECKED_FIELD, "label": pres.text(checked.get("label"), ui_lang),
                   "hint": pres.text(checked.get("hint"), ui_lang), "widget": "boolean", "required": False,
                   "i18n": True})
    body = pres.raw.get("body") or {}
    fields.append({"name": "body", "label": pres.text(body.get("label"), ui_lang),
                   "hint": pres.text(body.get("hint"), ui_lang), "widget": "markdown", "required": True,
                   "i18n": True, "modes": ["raw", "rich_text"], "sanitize_preview": True,
                   "pattern": [r"\S", pres.text((pres.raw.get("messages") or {}).get("text"), ui_lang)]})
    col = pres.raw.get("collection") or {}
    docs = docs_dir.strip("/")
    articles = articles_dir.strip("/")
    collection = {
        "name": COLLECTION,
        "label": pres.text(col.get("label"), ui_lang),
        "label_singular": pres.text(col.get("label_singular"), ui_lang),
        "description": pres.text(col.get("description"), ui_lang),
        "folder": articles,
        "create": True,
        "format": FORMAT_NAME,
        "extension": "md",
        # <year>/<date>-<words>.<lang>.md, as `bulletin new` names files; the words from the title
        "path": "{{year}}/{{year}}-{{month}}-{{day}}-{{slug}}",
        "slug": "{{slug}}",
        "identifier_field": "title",
        "summary": "{{fields.date | date('YYYY-MM-DD')}} — {{title}}",
        "sortable_fields": [{"field": "date", "default_sort": "desc"}, "title"],
        "view_groups": [{"label": pres.text(col.get("group_by_year"), ui_lang), "field": "date",
                         "pattern": r"\d{4}"}],
        # pictures beside the article's month: docs/images/<year>/<month>/, written images/<year>/<month>/x.jpg
        "media_folder": f"/{docs}/images/{{{{year}}}}/{{{{month}}}}",
        "public_folder": "images/{{year}}/{{month}}",
        "i18n": True,
        "fields": fields,
    }
    config: dict = {"backend": backend}
    if local_proxy:
        config["local_backend"] = {"url": local_proxy, "allowed_hosts": ["127.0.0.1", "localhost"]}
    config.update({
        "publish_mode": mode,
        "locale": ui_lang,
        "media_folder": f"{docs}/images",
        "public_folder": "images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "i18n": {"structure": "multiple_files", "locales": codes, "default_locale": codes[0]},
        "collections": [collection],
    })
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    return config


def dump(config: dict) -> str:
    """config.yml text: stable (same input, same bytes), UTF-8, no YAML aliases."""
    class NoAliases(yaml.SafeDumper):
        def ignore_aliases(self, data):
            return True
    return yaml.dump(config, Dumper=NoAliases, allow_unicode=True, sort_keys=False, width=1000)
