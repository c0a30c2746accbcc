"""Lean pages: what an article page weighs and what does not grow with the registry; the
whitespace pass; the precompressed copies (bulletin.site.whitespace, bulletin.site.precompress).
The whole output per article and build times are measured by bench/weight.py, not asserted here."""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

import brotli
import pytest
import sites
import yaml
from bulletin.site import precompress
from bulletin.site.whitespace import compact

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import generate  # noqa: E402

ARTICLE = re.compile(r"^(?:en/)?\d{4}/\d{2}/[^/]+/index\.html$")
LIMIT = 20_000     # bytes: an article page's HTML at most


def article_pages(build) -> list[Path]:
    return [p for p in build.site.rglob("index.html") if ARTICLE.match(p.relative_to(build.site).as_posix())]


def nav_of(html: str) -> str:
    return re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', html, re.S).group(0)


def big_registry(extra: int) -> list:
    """The real registry plus *extra* top-level units, each with two sub-units (names in both
    languages, as long as real ones)."""
    units = [u for path in sorted((sites.REPO / "data" / "units").glob("*.yml"))
             for u in yaml.safe_load(path.read_text(encoding="utf-8"))["units"]]
    for i in range(extra):
        uid = f"lu-{i:03d}"
        units.append({"id": uid, "parent": "bqp", "menu": True,   # top-level units of the menu (data/units/)
                      "name": {"vi": f"Lữ đoàn Thông tin Kiểm thử số {i}", "en": f"Test Signal Brigade No. {i}"},
                      "short": {"vi": f"LĐTT {i}", "en": f"TSB {i}"}})
        for j in range(2):
            units.append({"id": f"{uid}-d{j}", "parent": uid,
                          "name": {"vi": f"Tiểu đoàn {j} thuộc Lữ đoàn số {i}", "en": f"Battalion {j} of Brigade {i}"}})
    return units


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Generated articles (bench/generate.py) on the real registry and on one 300 units larger."""
    root = tmp_path_factory.mktemp("lean")
    out = {}
    for name, units in (("real", None), ("big", big_registry(100))):
        project = sites.make_project(root / name, seeds=True, units=units,
                                     config={"bulletin": {"search": {"enabled": False}}})
        generate.generate(project / "articles" / "gen", 40, seed=5)
        out[name] = sites.build_ok(project)
    return out


def test_article_pages_stay_under_20_kb_with_the_full_registry_and_a_much_larger_one(generated):
    for name, build in generated.items():
        pages = article_pages(build)
        assert len(pages) >= 80
        sizes = {p.relative_to(build.site).as_posix(): p.stat().st_size for p in pages}
        too_big = {k: v for k, v in sizes.items() if v > LIMIT}
        assert too_big == {}, f"{name} registry: {too_big}"


def test_the_menu_of_an_article_does_not_grow_with_the_registry(generated):
    real, big = generated["real"], generated["big"]
    rel = article_pages(real)[0].relative_to(real.site)
    a, b = nav_of((real.site / rel).read_text("utf-8")), nav_of((big.site / rel).read_text("utf-8"))
    assert a == b
    # the new units are in the menu where it opens: the units index
    assert "Lữ đoàn Thông tin Kiểm thử số 99" in nav_of(big.read("don-vi/index.html"))
    assert "Lữ đoàn Thông tin Kiểm thử số 99" not in a


def test_article_texts_are_printed_once_per_language_and_lists_are_compact(generated):
    """What a page repeats for every article: an article's text is on its own page (and in the
    feeds) only — no digest or listing repeats it; older listing pages and month pages are one line
    per article, without summaries; a unit's or a topic's feed holds ten items, the whole feed more."""
    from lxml import etree

    build = generated["real"]
    html = {p.relative_to(build.site).as_posix(): p.read_text("utf-8") for p in build.site.rglob("*.html")}
    bodies = [rel for rel, text in html.items() if 'class="bl-body"' in text]
    assert bodies and all(ARTICLE.match(rel) for rel in bodies), [r for r in bodies if not ARTICLE.match(r)]
    digests = [rel for rel in html if re.match(r"^(ban-tin|en/digest)/\d{4}/\d{2}/index\.html$", rel)]
    assert digests and all('class="bl-digest__item"' in html[rel] for rel in digests)
    older = [rel for rel in html if re.search(r"/(trang|page)/\d+/index\.html$", "/" + rel)]
    months = [rel for rel in html if re.match(r"^(luu-tru|en/archive)/\d{4}/\d{2}/index\.html$", rel)]
    assert older and months
    for rel in older + months:
        assert '<ol class="bl-rows">' in html[rel] and "bl-card__summary" not in html[rel], rel
    assert 'class="bl-card__summary"' in html["index.html"]        # the home page keeps its cards

    def items(rel):
        return len(etree.parse(str(build.site / rel)).getroot().findall("./channel/item"))
    subject_feeds = [p.relative_to(build.site).as_posix() for p in build.site.glob("feeds/*/*.rss.xml")]
    assert subject_feeds and max(items(rel) for rel in subject_feeds) == 10
    assert items("feeds/rss.xml") > 10


def test_compact_keeps_pre_script_style_textarea_and_collapses_the_rest():
    html = ("<div>\n    <p>một\n      hai</p>\n\n\n  <pre>  a\n    b\n</pre>\n  <script>var s = 'x\\\n   y';\n  f()</script>"
            "\n <STYLE>\n  p { }\n</STYLE>\n <textarea>\n  t\n</textarea>  \n  <p>ba  \n bốn</p>\n</div>")
    out = compact(html)
    assert "<pre>  a\n    b\n</pre>" in out and "<script>var s = 'x\\\n   y';\n  f()</script>" in out
    assert "<STYLE>\n  p { }\n</STYLE>" in out and "<textarea>\n  t\n</textarea>" in out
    assert "<p>một\nhai</p>" in out and "<p>ba\nbốn</p>" in out
    assert "\n\n" not in out and "\n " not in re.sub(r"<(pre|script|STYLE|textarea)>.*?</\1>", "", out, flags=re.S)
    assert compact(out) == out
    # runs of spaces within a line: one space, except where Material shows them (code, kbd)
    runs = '<p>a   b</p>    <li>c</li>  <p>x <code>f(a,  b)</code>  y <kbd>Ctrl  C</kbd></p><pre>p  q</pre>'
    assert compact(runs) == '<p>a b</p> <li>c</li> <p>x <code>f(a,  b)</code> y <kbd>Ctrl  C</kbd></p><pre>p  q</pre>'


def test_no_page_keeps_runs_of_spaces_outside_code(generated):
    """The templates' runs of spaces between tags are gone from every page of a real build."""
    kept = re.compile(r"<(pre|textarea|script|style|code|kbd)\b.*?</\1\s*>", re.S | re.I)
    pages = list(generated["real"].site.rglob("*.html"))
    assert len(pages) > 100
    runs = {str(p.relative_to(generated["real"].site)): m.group(0) for p in pages for m in [re.search(r".{0,30}  .{0,30}", kept.sub("<kept>", p.read_text("utf-8")))] if m}
    assert runs == {}


def test_precompressed_copies_are_exact_deterministic_and_leave_data_alone(tmp_path):
    project = sites.make_project(tmp_path / "p")
    env = {"BULLETIN_PRECOMPRESS": "gzip,br"}
    first = sites.build_ok(project, env=env)
    texts = [p for p in first.site.rglob("*") if p.is_file() and p.name.endswith(precompress.TEXT)]
    assert len(texts) > 100
    for p in texts:
        gz, br = Path(str(p) + ".gz"), Path(str(p) + ".br")
        if p.stat().st_size < precompress.MIN_SIZE:
            assert not br.exists(), p
            continue
        assert gzip.decompress(gz.read_bytes()) == p.read_bytes(), p
        assert brotli.decompress(br.read_bytes()) == p.read_bytes(), p
    # the search index's shards are gzip data read by the browser: no copies of them
    shards = list((first.site / "search").rglob("*.gz"))
    assert shards and not any(Path(str(s) + ".gz").exists() or Path(str(s) + ".br").exists() for s in shards)
    # same sources, same bytes (gzip without a name or a time)
    copies = {p.relative_to(first.site): p.read_bytes() for p in first.site.rglob("*.gz")}
    (tmp_path / "one").mkdir()
    first.site.rename(tmp_path / "one" / "site")
    again = sites.build_ok(project, env=env)
    assert {p.relative_to(again.site): p.read_bytes() for p in again.site.rglob("*.gz")} == copies


def test_no_copies_by_default_and_a_clear_error_for_an_unknown_format(tmp_path):
    project = sites.make_project(tmp_path / "p", seeds=False)
    plain = sites.build_ok(project, env={"BULLETIN_PRECOMPRESS": None})
    assert not list(plain.site.rglob("*.br"))
    bad = sites.build(project, env={"BULLETIN_PRECOMPRESS": "gzip,zstd"})
    assert bad.exit_code != 0
    said = bad.log + bad.error
    assert "BULLETIN_PRECOMPRESS: unknown format 'zstd' (expected a list of gzip, br, or none)" in said
    assert "Traceback" not in said


def test_a_units_sub_units_are_listed_on_its_first_page_and_linked_from_its_older_pages(generated):
    """The sub-units list is printed once per unit and language, on the unit's first page; each
    older page of the unit links to that list (the first page, its #bl-subunits anchor)."""
    from lxml import html as lhtml
    from test_integrity import broken_links

    build = generated["real"]
    checked = 0
    for lang_root in ("don-vi", "en/units"):
        for older in sorted((build.site / lang_root).glob("*/*/*/index.html")):
            rel = older.relative_to(build.site).as_posix()
            if not re.search(r"/(trang|page)/\d+/index\.html$", rel):
                continue
            unit_dir = older.parents[2]
            first = lhtml.fromstring((unit_dir / "index.html").read_text("utf-8"))
            page = lhtml.fromstring(older.read_text("utf-8"))
            listed = first.xpath('//details[contains(@class, "bl-subunits")]/ul[@id="bl-subunits"]/li')
            assert not page.xpath('//details[contains(@class, "bl-subunits")]'), rel
            links = page.xpath('//p[@class="bl-subunits-link"]/a')
            if not listed:
                assert links == [], rel
                continue
            assert len(links) == 1, rel
            href = links[0].get("href")
            assert href.endswith("#bl-subunits"), (rel, href)
            assert (older.parent / href.split("#")[0] / "index.html").resolve() == (unit_dir / "index.html").resolve()
            assert f"({len(listed)})" in links[0].text_content(), (rel, links[0].text_content())
            checked += 1
    assert checked >= 2       # the Ministry's older pages at least, in both languages
    assert broken_links(build.site) == []


def test_the_sitemap_names_each_language_once_and_the_pages_keep_x_default(generated):
    """sitemap.xml carries one alternate per language (vi, en) per address; the x-default
    alternate stays in every page's head, pointing at the Vietnamese page."""
    from lxml import etree

    build = generated["real"]
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = etree.fromstring(build.read("sitemap.xml").encode("utf-8"))
    urls = root.findall("s:url", ns)
    assert len(urls) > 100
    paired = 0
    for u in urls:
        alts = {a.get("hreflang"): a.get("href") for a in u.findall("x:link", ns)}
        assert "x-default" not in alts, u.findtext("s:loc", namespaces=ns)
        if alts:
            assert set(alts) == {"vi", "en"}, alts
            assert u.findtext("s:loc", namespaces=ns) in alts.values()
            paired += 1
    assert paired > 100
    # no white space between the tags (the indentation was 5 % of the file)
    assert re.findall(r">\s+<", build.read("sitemap.xml")) == []
    page = article_pages(build)[0].read_text("utf-8")
    assert 'hreflang="x-default"' in page and 'hreflang="vi"' in page
