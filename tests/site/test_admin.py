"""The web editor in the built site: /quan-tri/ (and /quan-tri/en/), copied from npm, configured from
the schema, with its own Content-Security-Policy, and not linked from any reader's page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import sites
from bulletin.content import cms
from bulletin.content.i18n import load_languages
from bulletin.content.registry import Registry

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "node_modules" / "decap-cms" / "dist"
CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def admin_files(site: Path) -> set[Path]:
    return {p for p in (site / "quan-tri").rglob("*") if p.is_file()}


def test_the_admin_pages_are_built_with_decap_from_npm(seed_site):
    site = seed_site.site
    assert (site / "quan-tri" / "index.html").is_file() and (site / "quan-tri" / "en" / "index.html").is_file()
    # the bundle is npm's file, byte for byte, with every lazily loaded chunk and WebAssembly file
    assert (site / "quan-tri" / "decap-cms.js").read_bytes() == (DIST / "decap-cms.js").read_bytes()
    chunks = {p.name for p in DIST.iterdir() if re.fullmatch(r"\d+\.decap-cms\.js|.*\.wasm", p.name)}
    assert chunks and chunks <= {p.name for p in (site / "quan-tri").iterdir()}
    js_yaml = REPO / "node_modules" / "js-yaml" / "dist" / "browser" / "js-yaml.umd.min.js"
    assert (site / "quan-tri" / "js-yaml.min.js").read_bytes() == js_yaml.read_bytes()
    page = seed_site.read("quan-tri/index.html")
    scripts = re.findall(r'<script src="([^"]+)"></script>', page)
    assert scripts == ["decap-cms.js", "js-yaml.min.js", "bulletin-cms-data.js", "bulletin-cms.js"]
    assert all((site / "quan-tri" / s).is_file() for s in scripts)
    assert re.findall(r'<script src="([^"]+)"', seed_site.read("quan-tri/en/index.html")) == ["../" + s for s in scripts]
    assert "<script>" not in page and 'name="robots" content="noindex, nofollow"' in page
    assert '<html lang="vi">' in page and '<html lang="en">' in seed_site.read("quan-tri/en/index.html")


def test_the_configuration_is_the_generated_one(seed_site):
    data = REPO / "data"
    expected = cms.build_config(
        registry=Registry.load(data), languages=load_languages(data, ["vi", "en"]),
        presentation=cms.load_presentation(data), ui_lang="en", articles_dir="articles", docs_dir="docs",
        cms_settings=yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["bulletin"]["cms"],
        site_url="https://bantin.example.vn/")
    assert yaml.safe_load(seed_site.read("quan-tri/en/config.yml")) == expected
    vi = yaml.safe_load(seed_site.read("quan-tri/config.yml"))
    assert vi["locale"] == "vi" and vi["collections"][0]["label"] == "Tin bài"
    assert "local_backend" not in vi


def test_the_admin_page_has_its_own_policy_and_readers_pages_keep_theirs(seed_site):
    admin = CSP.search(seed_site.read("quan-tri/index.html")).group(1)
    assert "script-src 'self' 'unsafe-eval'" in admin
    assert "connect-src 'self' blob: https://api.github.com;" in admin
    assert "unsafe-inline" not in admin.split("style-src")[0]          # never for scripts
    assert not any("quan-tri" in p.parts for p in seed_site.html_files())
    for path in seed_site.html_files():
        text = path.read_text(encoding="utf-8")
        policy = CSP.search(text)
        if policy:
            assert "unsafe-eval" not in policy.group(1) and "api.github.com" not in policy.group(1), path


def test_no_reader_page_feed_or_sitemap_leads_to_the_admin(seed_site):
    """Readers' pages may name /quan-tri/ in text (the editor's guide does), never link to it."""
    site = seed_site.site
    link = re.compile(r"""(?:href|src|content)\s*=\s*["'](?:[^"'#]*/)?quan-tri(?:/|["'])""", re.I)
    for path in site.rglob("*"):
        if not path.is_file() or "quan-tri" in path.relative_to(site).parts:
            continue
        if path.suffix in (".html", ".xml", ".opml"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not link.search(text), path
            if path.suffix != ".html":          # sitemap, feeds, OPML: not even its address
                assert "quan-tri" not in text, path
    assert "quan-tri" in seed_site.read("huong-dan/soan-tin-tren-web/index.html")   # named in the guide


def test_the_local_proxy_is_configured_only_when_asked(tmp_path):
    project = sites.make_project(tmp_path / "p", seeds=False, docs=False)
    build = sites.build_ok(project, env={"BULLETIN_CMS_PROXY": "http://127.0.0.1:5123/api/v1",
                                          "BULLETIN_CMS_WORKFLOW": "0"})
    config = yaml.safe_load(build.read("quan-tri/config.yml"))
    assert config["local_backend"]["url"] == "http://127.0.0.1:5123/api/v1"
    assert config["publish_mode"] == "simple"
    policy = CSP.search(build.read("quan-tri/index.html")).group(1)
    assert "connect-src 'self' blob: http://127.0.0.1:5123;" in policy and "github" not in policy


def test_the_editor_can_be_turned_off_and_moved(tmp_path):
    off = sites.make_project(tmp_path / "off", seeds=False, docs=False, config={"bulletin": {"cms": {"enabled": False}}})
    assert not (sites.build_ok(off).site / "quan-tri").exists()
    moved = sites.make_project(tmp_path / "moved", seeds=False, docs=False,
                               config={"bulletin": {"cms": {"path": "admin", "backend": {"name": "gitlab", "repo": "a/b"}}}})
    build = sites.build_ok(moved)
    assert build.exists("admin/index.html") and not build.exists("quan-tri/index.html")
    assert "https://gitlab.com" in CSP.search(build.read("admin/index.html")).group(1)


def test_a_backend_without_workflow_fails_the_build_with_the_way_out(tmp_path):
    project = sites.make_project(tmp_path / "p", seeds=False, docs=False,
                                 config={"bulletin": {"cms": {"backend": {"name": "gitea", "repo": "a/b"}}}})
    build = sites.build(project)
    assert not build.ok
    assert "Traceback" not in build.log + build.error
    assert "forgejo" in build.log + build.error


@pytest.mark.parametrize("path", ["../x", "quản-trị", ""])
def test_a_bad_admin_path_is_refused(tmp_path, path):
    project = sites.make_project(tmp_path / "p", seeds=False, docs=False, config={"bulletin": {"cms": {"path": path}}})
    build = sites.build(project)
    assert not build.ok and "extra.bulletin.cms.path" in build.log + build.error
