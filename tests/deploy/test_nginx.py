"""The production nginx configuration (deploy/nginx/bantin.conf), served by Debian's real nginx
on 127.0.0.1 (free port, temporary prefix: tests/support/nginx.py) over the seed site built with
precompressed copies (BULLETIN_PRECOMPRESS=gzip,br). Every answer is checked on the wire with
http.client: types and charset, compression, caching, security headers, 404 pages, redirects."""

from __future__ import annotations

import gzip
import http.client
import re
from urllib.parse import urlsplit

import brotli
import pytest
import sites

import nginx

ARTICLE = "2023/12/bo-quoc-phong-tong-ket-cong-tac-cai-cach-hanh-chinh-chuyen-doi-so-nam-2023/"
HTML = "text/html; charset=utf-8"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    project = sites.make_project(tmp_path_factory.mktemp("nginx") / "p")
    build = sites.build_ok(project, env={"BULLETIN_PRECOMPRESS": "gzip,br"})
    with nginx.serve(build.site) as server:
        yield build, server


def get(server, path: str, *, method: str = "GET", encoding: str | None = None):
    """(status, headers as a dict of lower-case names, body bytes as sent)."""
    host = urlsplit(server.base_url)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    headers = {"Accept-Encoding": encoding} if encoding else {}
    conn.request(method, path, headers=headers)
    r = conn.getresponse()
    body = r.read()
    out = (r.status, {k.lower(): v for k, v in r.getheaders()}, body)
    conn.close()
    return out


def asset_paths(html: str) -> list[str]:
    return ["/" + re.sub(r"^(\.\./)+", "", p) for p in re.findall(r'(?:href|src)="([^"#?]+\.(?:css|js))"', html)]


@pytest.mark.parametrize("path,ctype", [
    ("/", HTML), ("/en/", HTML), ("/" + ARTICLE, HTML), ("/en/" + ARTICLE, HTML),
    ("/feeds/rss.xml", "application/rss+xml; charset=utf-8"),
    ("/feeds/atom.xml", "application/atom+xml; charset=utf-8"),
    ("/en/feeds/units/qk4.rss.xml", "application/rss+xml; charset=utf-8"),
    ("/feeds/chu-de/cds.atom.xml", "application/atom+xml; charset=utf-8"),
    ("/feeds/vi.opml", "text/x-opml; charset=utf-8"), ("/en/feeds/en.atom.opml", "text/x-opml; charset=utf-8"),
    ("/sitemap.xml", "text/xml; charset=utf-8"), ("/robots.txt", "text/plain; charset=utf-8"),
    ("/search/vi/index.json", "application/json; charset=utf-8"),
])
def test_content_types_and_charset(served, path, ctype):
    build, server = served
    status, headers, body = get(server, path)
    assert status == 200, path
    assert headers["content-type"] == ctype
    assert body == (build.site / path.lstrip("/") / ("index.html" if path.endswith("/") else "")).read_bytes()


def test_assets_are_fingerprinted_cached_for_a_year_and_typed(served):
    build, server = served
    html = build.read(ARTICLE + "index.html")
    paths = asset_paths(html)
    assert len(paths) >= 5, paths
    for path in paths:
        status, headers, _ = get(server, path)
        assert status == 200, path
        assert re.search(r"\.[0-9a-f]{8}(\.min)?\.(js|css)$", path), f"{path}: not fingerprinted"
        assert headers["cache-control"] == "public, max-age=31536000, immutable", path
        kind = "text/css" if path.endswith(".css") else "application/javascript"
        assert headers["content-type"] == f"{kind}; charset=utf-8"


@pytest.mark.parametrize("path", ["/", "/en/" + ARTICLE, "/feeds/rss.xml", "/feeds/vi.opml", "/sitemap.xml"])
def test_pages_and_feeds_are_cached_briefly(served, path):
    _build, server = served
    assert get(server, path)[1]["cache-control"] == "public, max-age=300"


@pytest.mark.parametrize("path", ["/" + ARTICLE, "/feeds/atom.xml", "/en/feeds/en.opml"])
def test_precompressed_copies_are_sent_to_clients_that_accept_them(served, path):
    build, server = served
    original = (build.site / path.lstrip("/") / ("index.html" if path.endswith("/") else "")).read_bytes()
    status, headers, body = get(server, path, encoding="gzip")
    assert status == 200 and headers.get("content-encoding") == "gzip"
    assert gzip.decompress(body) == original and len(body) < len(original) / 3
    assert "Accept-Encoding" in headers.get("vary", "")
    status, headers, body = get(server, path, encoding="br, gzip")
    assert status == 200 and headers.get("content-encoding") == "br"
    assert brotli.decompress(body) == original
    status, headers, body = get(server, path)                # a client that accepts neither
    assert "content-encoding" not in headers and body == original


def test_search_shards_are_sent_as_the_gzip_files_they_are(served):
    build, server = served
    shard = next((build.site / "search" / "vi" / "t").glob("*.gz"))
    path = "/" + shard.relative_to(build.site).as_posix()
    status, headers, body = get(server, path, encoding="gzip, br")
    assert status == 200 and "content-encoding" not in headers
    assert headers["content-type"] == "application/gzip" and body == shard.read_bytes()


@pytest.mark.parametrize("path", ["/", "/en/" + ARTICLE, "/feeds/rss.xml", "/khong-co/", "/en/missing"])
def test_security_headers_on_every_answer(served, path):
    build, server = served
    _status, headers, _ = get(server, path)
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["x-frame-options"] == "DENY"
    csp = headers["content-security-policy"]
    assert csp.endswith("; frame-ancestors 'none'")
    assert "server" not in headers or "nginx/" not in headers["server"]      # no version shown


def test_the_csp_header_is_the_policy_of_every_page_plus_frame_ancestors(served):
    build, server = served
    metas = set()
    for f in build.html_files():
        m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', f.read_text("utf-8"))
        assert m, f
        metas.add(m.group(1).replace("&#39;", "'"))
    assert len(metas) == 1, "every page has the same policy (Material's scope is fixed)"
    header = get(server, "/")[1]["content-security-policy"]
    assert header == metas.pop() + "; frame-ancestors 'none'", \
        "deploy/nginx/bantin.conf is out of date: `.venv/bin/python -m bulletin.site.csp site/` prints the line"


@pytest.mark.parametrize("path,lang", [("/khong-co-trang-nay/", "vi"), ("/2023/13/x/", "vi"),
                                       ("/en/no-such-page/", "en"), ("/en/feeds/nope.rss.xml", "en"),
                                       ("/feeds/nope.atom.xml", "vi")])
def test_404_page_in_the_language_of_the_path(served, path, lang):
    _build, server = served
    status, headers, body = get(server, path)
    assert status == 404 and headers["content-type"] == HTML
    html = body.decode("utf-8")
    assert re.search(r'<html lang="%s"' % lang, html)
    first = re.search(r'<section class="bl-404__lang" lang="([a-z]+)"', html).group(1)
    assert first == lang
    assert get(server, path, method="HEAD")[0] == 404


@pytest.mark.parametrize("path,location", [("/en", "/en/"), ("/don-vi", "/don-vi/"),
                                           ("/en/units/qk4", "/en/units/qk4/"), ("/" + ARTICLE.rstrip("/"), "/" + ARTICLE)])
def test_a_folder_without_its_slash_is_redirected_relatively(served, path, location):
    _build, server = served
    status, headers, _ = get(server, path)
    assert status == 301 and headers["location"] == location
    assert get(server, location)[0] == 200


def test_only_get_and_head(served):
    _build, server = served
    assert get(server, "/", method="HEAD")[0] == 200
    assert get(server, "/", method="POST")[0] == 405
    assert get(server, "/", method="DELETE")[0] == 405


def test_the_web_editor_keeps_its_own_policy_and_types(served):
    """/quan-tri/: no readers' policy header (its pages' own <meta> policy applies, with what Decap
    needs); the other security headers still; config.yml and WebAssembly with their types."""
    build, server = served
    status, headers, body = get(server, "/quan-tri/")
    assert status == 200 and headers["content-type"] == HTML
    assert "content-security-policy" not in headers
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', body.decode("utf-8")).group(1)
    assert "script-src 'self' 'unsafe-eval'" in meta
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    assert get(server, "/quan-tri/en/")[0] == 200
    assert get(server, "/quan-tri/config.yml")[1]["content-type"] == "text/yaml; charset=utf-8"
    assert get(server, "/quan-tri/decap-cms.js")[1]["content-type"] == "application/javascript; charset=utf-8"
    wasm = next((build.site / "quan-tri").glob("*.wasm")).name
    status, headers, body = get(server, f"/quan-tri/{wasm}")
    assert status == 200 and headers["content-type"] == "application/wasm"
    assert body == (build.site / "quan-tri" / wasm).read_bytes()
    # the readers' pages keep theirs
    assert "unsafe-eval" not in get(server, "/")[1]["content-security-policy"]
