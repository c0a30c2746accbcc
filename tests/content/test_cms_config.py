"""The web editor's configuration is generated from the schema, the registries and data/cms.yml:
each rule it states must be the schema's own (the patterns are compared with the schema's parsers)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from bulletin.content import cms
from bulletin.content.i18n import load_languages
from bulletin.content.loader import make_context
from bulletin.content.registry import Registry
from bulletin.content.schema import FIELDS, FieldError, SLUG_RE, parse_byline
from bulletin.content.settings import VIETNAM

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"


@pytest.fixture(scope="module")
def env():
    registry = Registry.load(DATA)
    languages = load_languages(DATA, ["vi", "en"])
    return registry, languages, cms.load_presentation(DATA)


def config_for(env, lang="vi", **kwargs):
    registry, languages, pres = env
    args = dict(registry=registry, languages=languages, presentation=pres, ui_lang=lang,
                articles_dir="articles", docs_dir="docs",
                cms_settings={"backend": {"name": "github", "repo": "o/r", "branch": "main"}})
    args.update(kwargs)
    return cms.build_config(**args)


def fields_of(config):
    return {f["name"]: f for f in config["collections"][0]["fields"]}


def test_every_schema_field_is_in_the_form_or_left_out_with_a_reason(env):
    _, _, pres = env
    listed = set(pres.fields) | set(pres.raw["omitted"])
    assert listed == set(FIELDS)
    assert all(isinstance(reason, str) and reason for reason in pres.raw["omitted"].values())


@pytest.mark.parametrize("edit, message", [
    (lambda raw: raw["fields"].pop("summary"), "['summary'] are neither in 'fields' nor in 'omitted'"),
    (lambda raw: raw["fields"].update(subtitle={"widget": "string"}), "unknown field(s) ['subtitle']"),
    (lambda raw: raw["fields"]["title"].update(widget="colour"), "fields.title.widget: unknown widget 'colour'"),
])
def test_a_cms_yml_out_of_step_with_the_schema_is_refused(tmp_path, edit, message):
    raw = yaml.safe_load((DATA / "cms.yml").read_text(encoding="utf-8"))
    edit(raw)
    (tmp_path / "cms.yml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(cms.CmsConfigError) as err:
        cms.load_presentation(tmp_path)
    assert message in str(err.value)
    assert str(tmp_path / "cms.yml") in str(err.value)


def test_required_and_translation_flags_come_from_the_schema(env):
    fields = fields_of(config_for(env))
    for name, field in fields.items():
        if name in FIELDS:
            schema = FIELDS[name]
            assert field["required"] is schema.required, name
            # a translation writes a field itself unless it inherits it or only the original may set it
            assert field["i18n"] is (not (schema.inherited or schema.original_only)), name
    assert [n for n in fields if n in FIELDS] == list(env[2].fields)
    assert fields["body"]["required"] is True and fields["body"]["i18n"] is True
    assert fields[cms.CHECKED_FIELD]["i18n"] is True and fields[cms.CHECKED_FIELD]["required"] is False


def test_files_are_named_and_pictures_stored_as_the_bulletin_expects(env):
    config = config_for(env)
    col = config["collections"][0]
    assert col["folder"] == "articles" and col["extension"] == "md" and col["format"] == cms.FORMAT_NAME
    assert col["path"] == "{{year}}/{{year}}-{{month}}-{{day}}-{{slug}}"
    assert config["i18n"] == {"structure": "multiple_files", "locales": ["vi", "en"], "default_locale": "vi"}
    assert col["media_folder"] == "/docs/images/{{year}}/{{month}}"
    assert col["public_folder"] == "images/{{year}}/{{month}}"
    assert config["slug"] == {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}
    assert config["publish_mode"] == "editorial_workflow"
    assert config["locale"] == "vi" and config_for(env, "en")["locale"] == "en"
    assert "local_backend" not in config


def test_every_unit_is_offered_once_parents_first_with_its_line_of_parents(env):
    registry = env[0]
    options = fields_of(config_for(env))["unit"]["options"]
    values = [o["value"] for o in options]
    assert sorted(values) == sorted(registry.units) and len(values) == len(set(values))
    position = {v: i for i, v in enumerate(values)}
    for uid in registry.units:
        for ancestor in registry.ancestors(uid):
            assert position[ancestor] < position[uid], (ancestor, uid)
    by_value = {o["value"]: o["label"] for o in options}
    for uid, unit in registry.units.items():
        label = by_value[uid]
        assert label.endswith(f"({uid})") and unit.name.vi in label
        parents = registry.ancestors(uid)[:-1]     # below the root
        for parent in parents:                     # typing a parent's name finds its sub-units
            assert registry.units[parent].name.vi in label
    en = {o["value"]: o["label"] for o in fields_of(config_for(env, "en"))["unit"]["options"]}
    assert all(registry.units[u].name.en in en[u] for u in registry.units)


def test_topics_are_the_registry_s_at_least_one(env):
    registry = env[0]
    topics = fields_of(config_for(env))["topics"]
    assert topics["multiple"] is True and topics["min"] == 1
    assert [o["value"] for o in topics["options"]] == list(registry.topics)


SLUGS = ["tong-ket-2024", "a", "qk4", "Tong-ket", "tong--ket", "-tong", "tong-", "tổng-kết", "tong_ket", "tong ket", ""]


@pytest.mark.parametrize("value", SLUGS)
def test_the_slug_pattern_is_the_schema_s(env, value):
    pattern = fields_of(config_for(env))["slug"]["pattern"][0]
    assert pattern == SLUG_RE.pattern
    registry, languages, _ = env
    ctx = make_context(registry, languages, VIETNAM)
    try:
        FIELDS["slug"].parse(value, ctx)
        accepted = True
    except FieldError:
        accepted = False
    assert bool(re.search(pattern, value)) is accepted


BYLINES = ["Tin, ảnh: NGỌC THĂNG", "tin, ảnh: X", "TIN, ẢNH: X", "Tin, anh: X", "Text and photos: A B",
           "NGỌC THĂNG", "Bài: ", "Phóng sự: X", "Ảnh:X", "  ", "Video: QUANG MINH"]


@pytest.mark.parametrize("value", BYLINES)
def test_the_byline_pattern_accepts_what_bulletin_check_accepts(env, value):
    registry, languages, _ = env
    ctx = make_context(registry, languages, VIETNAM)
    pattern = fields_of(config_for(env))["authors"]["field"]["pattern"][0]
    try:
        accepted = bool(value.strip()) and parse_byline(value, ctx.bylines) is not None
    except FieldError:
        accepted = False
    assert bool(re.search(pattern, value)) is accepted, value


URLS = ["https://dangcongsan.vn", "http://qdnd.vn/a/b?c=1", "dangcongsan.vn", "ftp://x.vn", "https://", "/tin/a"]


@pytest.mark.parametrize("value", URLS)
def test_the_source_address_pattern_agrees_with_the_schema(env, value):
    registry, languages, _ = env
    ctx = make_context(registry, languages, VIETNAM)
    source = fields_of(config_for(env))["source"]
    url = next(f for f in source["fields"] if f["name"] == "url")
    try:
        FIELDS["source"].parse({"name": "x", "url": value}, ctx)
        accepted = True
    except FieldError:
        accepted = False
    assert bool(re.search(url["pattern"][0], value)) is accepted, value


def test_the_source_address_pattern_is_stricter_only_about_spaces(env):
    """The schema's parser (urlsplit) lets 'https:// x' through; the form refuses a space."""
    source = fields_of(config_for(env))["source"]
    url = next(f for f in source["fields"] if f["name"] == "url")
    assert not re.search(url["pattern"][0], "https:// x")


def test_the_local_proxy_and_its_mode(env):
    config = config_for(env, local_proxy="http://127.0.0.1:5000/api/v1")
    assert config["local_backend"] == {"url": "http://127.0.0.1:5000/api/v1", "allowed_hosts": ["127.0.0.1", "localhost"]}
    assert config["publish_mode"] == "editorial_workflow"
    assert config_for(env, local_proxy="http://127.0.0.1:5000/api/v1", local_workflow=False)["publish_mode"] == "simple"


def test_a_backend_without_the_workflow_is_refused_with_the_way_out(env):
    with pytest.raises(cms.CmsConfigError) as err:
        config_for(env, cms_settings={"backend": {"name": "gitea", "repo": "o/r", "base_url": "https://git.local"}})
    assert "forgejo" in str(err.value) and "publish_mode: simple" in str(err.value)
    simple = config_for(env, cms_settings={"backend": {"name": "gitea", "repo": "o/r"}, "publish_mode": "simple"})
    assert simple["publish_mode"] == "simple"


def test_the_admin_page_may_reach_only_the_forge_s_api():
    assert cms.api_origins({"name": "github"}) == ["https://api.github.com"]
    assert cms.api_origins({"name": "forgejo", "base_url": "https://git.qd.local:3000",
                            "api_root": "https://git.qd.local:3000/api/v1"}) == ["https://git.qd.local:3000"]


def test_the_configuration_is_stable_text(env):
    one, two = cms.dump(config_for(env)), cms.dump(config_for(env))
    assert one == two and "&id" not in one and "*id" not in one
    assert yaml.safe_load(one) == config_for(env)
