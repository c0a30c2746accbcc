"""Feeds on real MkDocs builds: RSS 2.0 and Atom 1.0 per language, unit and topic; GUIDs, times,
escaping, determinism, autodiscovery, the Subscribe page and OPML."""

from __future__ import annotations

import datetime as dt
import email.utils
import struct
import zlib
from html import unescape
from pathlib import Path

import feedparser
import pytest
import sites
import yaml
from htmlscan import page_url, parse, resolve
from lxml import etree

SITE_URL = "https://bantin.example.vn/"
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
FEED_TYPES = {"application/rss+xml", "application/atom+xml"}


def png(width: int = 3, height: int = 2) -> bytes:
    """A small valid PNG picture."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


IMAGE = png()
SCRIPT_TITLE = '<script>alert("vi")</script> Tin & "thử" <b>đậm</b>'
SCRIPT_TITLE_EN = '<script>alert("en")</script> Test & <b>bold</b>'
SCRIPT_SUMMARY = "Tóm tắt <img src=x onerror=alert(1)> & hết."


def article(front: dict, body: str = "Nội dung tin bài đủ dài để làm đoạn tóm tắt của bài viết này.\n") -> str:
    return sites.article_text(front, body)


EXTRA = {
    # a sub-unit's item (qk4-nghe-an → qk4 → bqp), with time, correction, picture, links; id not a UUID
    "2024/nghe-an.vi.md": article({
        "id": "qk4-nghe-an-2024-0001", "title": "Bộ CHQS tỉnh Nghệ An số hóa hồ sơ quân nhân",
        "date": "2024-05-10 14:30", "updated": "2024-06-01 09:00", "unit": "qk4-nghe-an",
        "topics": ["cds", "de-an-06"], "authors": ["Tin: TRẦN HẢI"], "image": "images/2024/nghe-an.png",
        "caption": "Cán bộ nhập hồ sơ"},
        "Bộ CHQS tỉnh Nghệ An hoàn thành số hóa hồ sơ. Xem [giới thiệu](../../../gioi-thieu.md).\n\n"
        "![Kho hồ sơ](../../../images/2024/nghe-an.png)\n"),
    "2024/nghe-an.en.md": article({
        "title": "Nghe An Provincial Military Command digitises personnel records"},
        "The command finished digitising its records. See [about](../../../gioi-thieu.md).\n\n"
        "![Records room](../../../../images/2024/nghe-an.png)\n"),
    # Vietnamese only: in the Vietnamese feeds, never in the English ones
    "2024/qk1-chi-tieng-viet.vi.md": article({
        "title": "Quân khu 1 chỉnh lý tài liệu lưu trữ", "date": "2024-04-02", "unit": "qk1", "topics": ["vtlt"]}),
    # markup in the title and summary; a UTC time
    "2024/markup.vi.md": article({
        "title": SCRIPT_TITLE, "slug": "tin-co-ma", "summary": SCRIPT_SUMMARY, "date": "2024-03-01T23:30:00Z",
        "unit": "qk2", "topics": ["cds"]}),
    "2024/markup.en.md": article({"title": SCRIPT_TITLE_EN, "summary": "Summary <i>x</i> & more."}),
    # never published
    "2024/draft.vi.md": article({"id": "draft-0001-secret", "title": "Bản nháp tuyệt mật chưa duyệt",
                                 "date": "2024-05-01", "unit": "qk4", "topics": ["cchc"], "draft": True}),
    "2024/draft.en.md": article({"title": "Secret unapproved draft"}),
    "2030/future.vi.md": article({"id": "future-0001-secret", "title": "Tin hẹn giờ tương lai xa",
                                  "date": "2030-01-01", "unit": "bqp", "topics": ["cds"]}),
    "2030/future.en.md": article({"title": "Far future scheduled item"}),
}
NEVER = ("draft", "future")     # keys of the items that must appear in no feed
SECRETS = ["Bản nháp tuyệt mật", "Secret unapproved draft", "Tin hẹn giờ tương lai", "Far future scheduled",
           "draft-0001-secret", "future-0001-secret", "ban-nhap-tuyet-mat", "tin-hen-gio-tuong-lai"]


def make_feed_project(root: Path, **kwargs) -> Path:
    proj = sites.make_project(root, EXTRA, **kwargs)
    (proj / "docs" / "images" / "2024").mkdir(parents=True, exist_ok=True)
    (proj / "docs" / "images" / "2024" / "nghe-an.png").write_bytes(IMAGE)
    return proj


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    proj = make_feed_project(tmp_path_factory.mktemp("feeds") / "project")
    b = sites.build_ok(proj)
    return b


# -- what the input says -------------------------------------------------------------------------
def front_matter(path: Path) -> dict:
    text = path.read_text("utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def input_items(project: Path) -> dict:
    """{key: {'vi': front, 'en': front, 'unit':, 'topics':, 'id':}} from the project's article files."""
    out: dict = {}
    for f in sorted((project / "articles").rglob("*.md")):
        key, lang, _ = f.name.rsplit(".", 2)
        out.setdefault(key, {})[lang] = front_matter(f)
    for item in out.values():
        original = item["vi"]
        item.update(unit=original["unit"], topics=original["topics"], id=original.get("id"))
    return out


def registry(project: Path) -> tuple[dict, dict]:
    units = {}
    for path in sorted((project / "data" / "units").glob("*.yml")):
        for u in yaml.safe_load(path.read_text("utf-8"))["units"]:
            units[u["id"]] = u
    topics = yaml.safe_load((project / "data" / "topics.yml").read_text("utf-8"))["topics"]
    return units, {t["id"]: t for t in topics}


def unit_chain(units: dict, uid: str) -> set:
    """The units whose feeds carry an item of *uid*: it, the units above it, and the units that
    carried it on (``successors`` in data/units/) with the units above those."""
    chain: set = set()
    todo = [uid]
    while todo:
        cur = todo.pop()
        if cur in chain:
            continue
        todo.extend(units[cur].get("successors") or ())
        while cur:
            chain.add(cur)
            cur = units[cur]["parent"]
    return chain


def units_with_news(units: dict, items: dict) -> set:
    """A unit gets feeds when some published item, in any language, is listed under it."""
    return {uid for uid in units
            if expected_titles(items, "vi", lambda it: uid in unit_chain(units, it["unit"]))
            or expected_titles(items, "en", lambda it: uid in unit_chain(units, it["unit"]))}


# -- reading feeds ---------------------------------------------------------------------------------
def feed_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.xml") if "feeds" in p.relative_to(site).parts)


def read_items(path: Path) -> list[dict]:
    """Items of an RSS or Atom file, read with lxml (exact text, no sanitizing)."""
    root = etree.parse(str(path)).getroot()
    out = []
    if root.tag == "rss":
        for it in root.iter("item"):
            guid = it.find("guid")
            enc = it.find("enclosure")
            out.append({"title": it.findtext("title"), "guid": guid.text, "permalink": guid.get("isPermaLink"),
                        "link": it.findtext("link"), "published": it.findtext("pubDate"),
                        "summary": it.findtext("description"), "content": it.findtext(f"{CONTENT}encoded"),
                        "authors": [a.text for a in it.iter(f"{DC}creator")],
                        "categories": [c.text for c in it.iter("category")],
                        "enclosure": dict(enc.attrib) if enc is not None else None})
    else:
        for e in root.iter(f"{ATOM}entry"):
            enc = [dict(link.attrib) for link in e.iter(f"{ATOM}link") if link.get("rel") == "enclosure"]
            alt = [link.get("href") for link in e.iter(f"{ATOM}link") if link.get("rel", "alternate") == "alternate"]
            out.append({"title": e.findtext(f"{ATOM}title"), "guid": e.findtext(f"{ATOM}id"), "link": alt[0],
                        "alternates": alt, "published": e.findtext(f"{ATOM}published"),
                        "updated": e.findtext(f"{ATOM}updated"), "summary": e.findtext(f"{ATOM}summary"),
                        "content": e.findtext(f"{ATOM}content"),
                        "authors": [a.text for a in e.iter(f"{ATOM}name")],
                        "categories": [c.get("term") for c in e.iter(f"{ATOM}category")],
                        "enclosure": enc[0] if enc else None})
    return out


def channel(path: Path) -> dict:
    root = etree.parse(str(path)).getroot()
    if root.tag == "rss":
        ch = root.find("channel")
        return {"title": ch.findtext("title"), "link": ch.findtext("link"), "language": ch.findtext("language"),
                "description": ch.findtext("description"), "updated": ch.findtext("lastBuildDate"),
                "self": ch.find(f"{ATOM}link").get("href")}
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    return {"title": root.findtext(f"{ATOM}title"), "link": links["alternate"], "self": links["self"],
            "language": root.get("{http://www.w3.org/XML/1998/namespace}lang"),
            "description": root.findtext(f"{ATOM}subtitle"), "updated": root.findtext(f"{ATOM}updated")}


def feed_path(lang: str, kind: str, ident: str, fmt: str) -> str:
    """The documented URL scheme (README, 'Feeds')."""
    prefix = "" if lang == "vi" else "en/"
    if kind == "all":
        return f"{prefix}feeds/{fmt}.xml"
    seg = {("vi", "unit"): "don-vi", ("vi", "topic"): "chu-de", ("en", "unit"): "units", ("en", "topic"): "topics"}
    return f"{prefix}feeds/{seg[lang, kind]}/{ident}.{fmt}.xml"


def titles(site: Path, rel: str) -> set:
    return {i["title"] for i in read_items(site / rel)}


def expected_titles(items: dict, lang: str, keep) -> set:
    return {it[lang]["title"] for key, it in items.items() if key not in NEVER and lang in it and keep(it)}


# -- tests -------------------------------------------------------------------------------------------
def test_every_feed_exists_and_parses_without_errors(built):
    units, topics = registry(built.project)
    with_news = units_with_news(units, input_items(built.project))
    assert 3 <= len(with_news) < len(units)      # most units of the registry have no news here
    files = feed_files(built.site)
    expected = {feed_path(lang, "all", "", fmt) for lang in ("vi", "en") for fmt in ("rss", "atom")}
    expected |= {feed_path(lang, kind, ident, fmt) for lang in ("vi", "en") for fmt in ("rss", "atom")
                 for kind, ids in (("unit", with_news), ("topic", topics)) for ident in ids}
    assert {f.relative_to(built.site).as_posix() for f in files} == expected
    for f in files:
        parsed = feedparser.parse(f.read_bytes())
        assert not parsed.bozo, (f, parsed.get("bozo_exception"))
        assert parsed.version == ("rss20" if f.name.split(".")[-2] == "rss" else "atom10"), f


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_item_sets_of_every_feed_follow_language_unit_and_topic(built, lang):
    items = input_items(built.project)
    units, topics = registry(built.project)
    for fmt in ("rss", "atom"):
        assert titles(built.site, feed_path(lang, "all", "", fmt)) == expected_titles(items, lang, lambda it: True)
        for uid in units_with_news(units, items):
            assert titles(built.site, feed_path(lang, "unit", uid, fmt)) == expected_titles(
                items, lang, lambda it: uid in unit_chain(units, it["unit"])), uid
        for tid in topics:
            assert titles(built.site, feed_path(lang, "topic", tid, fmt)) == expected_titles(
                items, lang, lambda it: tid in it["topics"]), tid


def test_sub_unit_items_roll_up_to_every_parent(built):
    for lang, title in (("vi", "Bộ CHQS tỉnh Nghệ An số hóa hồ sơ quân nhân"),
                        ("en", "Nghe An Provincial Military Command digitises personnel records")):
        for uid in ("qk4-nghe-an", "qk4", "bqp"):
            assert title in titles(built.site, feed_path(lang, "unit", uid, "rss")), (lang, uid)
            assert title in titles(built.site, feed_path(lang, "unit", uid, "atom")), (lang, uid)
        for uid in ("qk4-nghe-an-vinh", "qk4-ha-tinh", "qk1"):
            path = built.site / feed_path(lang, "unit", uid, "rss")
            assert not path.exists() or title not in titles(built.site, feed_path(lang, "unit", uid, "rss")), (lang, uid)


def test_english_feeds_only_hold_translated_items_and_say_so(built):
    vi_only = "Quân khu 1 chỉnh lý tài liệu lưu trữ"
    assert vi_only in titles(built.site, "feeds/rss.xml")
    assert vi_only in titles(built.site, "feeds/don-vi/qk1.atom.xml")
    for f in (built.site / "en" / "feeds").rglob("*.xml"):
        assert vi_only not in f.read_text("utf-8"), f
    for rel in ("en/feeds/rss.xml", "en/feeds/atom.xml", "en/feeds/units/qk1.rss.xml"):
        ch = channel(built.site / rel)
        assert ch["language"] == "en"
        assert "Only news items that have an English version" in ch["description"]
    ch = channel(built.site / "feeds/don-vi/qk4.rss.xml")
    assert ch["language"] == "vi" and "Quân khu 4" in ch["title"]
    assert ch["link"] == SITE_URL + "don-vi/qk4/"
    assert channel(built.site / "en/feeds/topics/cds.atom.xml")["link"] == SITE_URL + "en/topics/cds/"


def test_guids_come_from_the_stable_id_never_the_url(built):
    items = input_items(built.project)
    by_title = {}
    for f in feed_files(built.site):
        for it in read_items(f):
            assert by_title.setdefault((f.name.split(".")[-2], it["title"]), it["guid"]) == it["guid"]
            assert "http" not in it["guid"] and "/" not in it["guid"].split(":", 1)[1], it["guid"]
            assert it.get("permalink", "false") == "false"
    vi = {i["title"]: i for i in read_items(built.site / "feeds/rss.xml")}
    en = {i["title"]: i for i in read_items(built.site / "en/feeds/rss.xml")}
    for key, it in items.items():
        if key in NEVER or not it["id"] or "-" not in it["id"] or len(it["id"]) != 36:
            continue
        assert vi[it["vi"]["title"]]["guid"] == f"urn:uuid:{it['id']}"      # seeds: UUID ids
    nghe_an = vi["Bộ CHQS tỉnh Nghệ An số hóa hồ sơ quân nhân"]["guid"]
    assert nghe_an.startswith(("urn:", "tag:")) and "so-hoa" not in nghe_an
    # the English version is another document: its own GUID, still not from its URL
    assert {i["guid"] for i in en.values()}.isdisjoint({i["guid"] for i in vi.values()})
    for fmt in ("rss", "atom"):
        guids = [i["guid"] for i in read_items(built.site / feed_path("vi", "all", "", fmt))]
        assert len(guids) == len(set(guids))


def test_times_carry_the_vietnam_offset(built):
    for f in feed_files(built.site):
        ch = channel(f)
        assert ch["updated"].endswith(("+0700", "+07:00")), (f, ch["updated"])
        for it in read_items(f):
            assert it["published"].endswith(("+0700", "+07:00")), (f, it["published"])
            if "updated" in it:
                assert it["updated"].endswith("+07:00"), (f, it["updated"])
    atom = {i["title"]: i for i in read_items(built.site / "feeds/don-vi/qk4-nghe-an.atom.xml")}
    nghe_an = atom["Bộ CHQS tỉnh Nghệ An số hóa hồ sơ quân nhân"]
    assert nghe_an["published"] == "2024-05-10T14:30:00+07:00"
    assert nghe_an["updated"] == "2024-06-01T09:00:00+07:00"
    rss = read_items(built.site / "feeds/don-vi/qk4-nghe-an.rss.xml")
    assert rss[0]["published"] == "Fri, 10 May 2024 14:30:00 +0700"
    # 23:30 UTC on 1 March is 06:30 on 2 March in Vietnam
    markup = read_items(built.site / "feeds/don-vi/qk2.atom.xml")[0]
    assert markup["published"] == "2024-03-02T06:30:00+07:00"
    # the feed's date is its newest item's update, not the time of the build
    assert channel(built.site / "feeds/don-vi/qk4-nghe-an.rss.xml")["updated"] == "Sat, 01 Jun 2024 09:00:00 +0700"
    assert channel(built.site / "feeds/don-vi/qk4-nghe-an.atom.xml")["updated"] == "2024-06-01T09:00:00+07:00"


def test_items_are_newest_first(built):
    for rel in ("feeds/rss.xml", "en/feeds/atom.xml", "feeds/don-vi/bqp.rss.xml"):
        items = read_items(built.site / rel)
        stamps = [email.utils.parsedate_to_datetime(i["published"]) if "," in i["published"]
                  else dt.datetime.fromisoformat(i["published"]) for i in items]
        assert stamps == sorted(stamps, reverse=True), rel
        assert len(items) >= 5


def test_markup_in_titles_and_summaries_is_escaped(built):
    for rel, title in (("feeds/don-vi/qk2.rss.xml", SCRIPT_TITLE), ("feeds/don-vi/qk2.atom.xml", SCRIPT_TITLE),
                       ("en/feeds/units/qk2.rss.xml", SCRIPT_TITLE_EN), ("en/feeds/units/qk2.atom.xml", SCRIPT_TITLE_EN)):
        root = etree.parse(str(built.site / rel)).getroot()
        assert not [el for el in root.iter() if isinstance(el.tag, str) and el.tag.split("}")[-1] in ("script", "b", "img")]
        item = read_items(built.site / rel)[0]
        assert item["title"] == title                  # exactly the text, as text
        raw = (built.site / rel).read_text("utf-8")
        assert "<script" not in raw and "&lt;script&gt;" in raw
    # RSS readers render <description> as HTML: there the summary is escaped once more, so that a
    # reader shows it as the text it is (Atom's <summary> is typed text and carries it as is)
    description = read_items(built.site / "feeds/don-vi/qk2.rss.xml")[0]["summary"]
    assert "<" not in description and unescape(description) == SCRIPT_SUMMARY
    parsed = feedparser.parse((built.site / "feeds/don-vi/qk2.atom.xml").read_bytes())
    assert parsed.entries[0].title == SCRIPT_TITLE and parsed.entries[0].title_detail.type == "text/plain"
    # the title in the autodiscovery and on the site stays escaped too
    assert "<script>alert" not in built.read("don-vi/qk2/index.html")


def test_items_carry_full_html_with_absolute_links_author_categories_and_picture(built):
    size = str(len(IMAGE))
    picture = SITE_URL + "images/2024/nghe-an.png"
    units, topic_reg = registry(built.project)
    for lang, about in (("vi", SITE_URL + "gioi-thieu/"), ("en", SITE_URL + "en/gioi-thieu/")):
        unit = units["qk4-nghe-an"]["name"][lang]
        topics = [topic_reg[t]["name"][lang] for t in ("cds", "de-an-06")]
        for fmt in ("rss", "atom"):
            item = read_items(built.site / feed_path(lang, "unit", "qk4-nghe-an", fmt))[0]
            assert item["link"].startswith(SITE_URL + ("en/" if lang == "en" else "") + "2024/05/")
            assert (built.site / item["link"][len(SITE_URL):] / "index.html").exists()
            html = item["content"]
            assert f'href="{about}"' in html
            assert f'src="{picture}"' in html
            assert 'href="../' not in html and 'src="../' not in html
            assert "TRẦN HẢI" in item["authors"]
            assert item["categories"] == [unit, *topics]
            assert item["enclosure"]["length"] == size and item["enclosure"]["type"] == "image/png"
            assert item["enclosure"].get("url", item["enclosure"].get("href")) == picture
            if fmt == "atom":
                assert item["alternates"] == [item["link"]]    # the picture is no second alternate link
    parsed = feedparser.parse((built.site / "feeds/don-vi/qk4-nghe-an.rss.xml").read_bytes())
    assert parsed.entries[0].enclosures[0].href == picture


def test_drafts_and_future_items_are_in_no_feed_or_opml(built):
    files = feed_files(built.site) + sorted(built.site.rglob("*.opml"))
    assert len(files) > 40      # the bulletin, each unit with news, each topic: two formats, two languages
    for f in files:
        text = f.read_text("utf-8")
        for secret in SECRETS:
            assert secret not in text, (f, secret)


def test_feeds_are_byte_identical_across_builds(built, tmp_path):
    # a copy of the same content, built again later and with another publication cut-off
    proj = make_feed_project(tmp_path / "again")
    again = sites.build_ok(proj, now="2029-06-30T08:00:00+07:00")
    first = {p.relative_to(built.site): p.read_bytes() for p in feed_files(built.site) + list(built.site.rglob("*.opml"))}
    second = {p.relative_to(again.site): p.read_bytes() for p in feed_files(again.site) + list(again.site.rglob("*.opml"))}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_items_made_once_and_shared_give_feedgen_s_own_documents(tmp_path):
    # every feed is written from item XML made once per item and format; feedgen writing each whole
    # document itself gives the same bytes (markup, pictures, bylines, untranslated items included)
    from bulletin.feeds import channels
    from bulletin.site import events

    build = sites.build_ok(make_feed_project(tmp_path / "p"))
    site = events._state["site"]
    whole = channels.FeedBuilder(site)
    whole._pieces = None        # render() without shared pieces: feedgen's own document
    compared = 0
    for lang in site.languages:
        for scope, _depth in channels.scopes(site):
            for fmt in channels.FORMATS:
                written = (build.site / channels.feed_path(site, lang, scope, fmt)).read_bytes()
                assert written == whole.feed(lang, scope, fmt), (lang, scope, fmt.name)
                compared += 1
    assert compared >= 40 and any(s.kind == "unit" for s, _d in channels.scopes(site))


@pytest.mark.parametrize("page,lang,kind,ident", [
    ("index.html", "vi", "all", ""), ("en/index.html", "en", "all", ""),
    ("don-vi/qk4/index.html", "vi", "unit", "qk4"), ("en/units/qk4-nghe-an/index.html", "en", "unit", "qk4-nghe-an"),
    ("chu-de/cds/index.html", "vi", "topic", "cds"), ("en/topics/vtlt/index.html", "en", "topic", "vtlt")])
def test_autodiscovery_links_resolve_to_the_pages_feeds(built, page, lang, kind, ident):
    links = [a for a in parse(built.read(page)).links if a.get("rel") == "alternate" and a.get("type") in FEED_TYPES]
    assert {a["type"] for a in links} == FEED_TYPES and len(links) == 2
    url = page_url(built.site, built.site / page)
    for a in links:
        assert a["href"].startswith(SITE_URL), a     # absolute, like hreflang links
        target = resolve(built.site, url, "/" + a["href"][len(SITE_URL):])
        assert target is not None and target.is_file(), a
        rel = target.relative_to(built.site).as_posix()
        assert rel == feed_path(lang, kind, ident, "rss" if "rss" in a["type"] else "atom")
        ch = channel(target)
        assert ch["self"] == SITE_URL + rel
        assert ch["link"] == SITE_URL + url.lstrip("/")       # the feed of this very page
        assert a["title"].startswith(ch["title"])


@pytest.mark.parametrize("lang,root", [("vi", "feeds/"), ("en", "en/feeds/")])
def test_each_opml_lists_every_feed_once_in_one_format(built, lang, root):
    """A reader subscribes to every outline of an OPML file: each feed must be there once, in one
    format (<lang>.opml: RSS 2.0, <lang>.atom.opml: Atom), or every item arrives twice."""
    written = {SITE_URL + p.relative_to(built.site).as_posix() for p in (built.site / root).rglob("*.xml")}
    by_format = {}
    for name, fmt in ((f"{lang}.opml", "rss"), (f"{lang}.atom.opml", "atom")):
        doc = etree.parse(str(built.site / root / name)).getroot()
        assert doc.tag == "opml" and doc.get("version") == "2.0"
        outlines = [o for o in doc.iter("outline") if o.get("xmlUrl")]
        listed = [o.get("xmlUrl") for o in outlines]
        assert len(listed) == len(set(listed)), f"{name} lists a feed twice"
        assert all(u.endswith(f"{fmt}.xml") for u in listed), name
        # one subscription per subject: the titles do not repeat either
        assert len({o.get("text") for o in outlines}) == len(outlines)
        for o in outlines:
            assert o.get("type") == "rss" and o.get("text") and o.get("htmlUrl", "").startswith(SITE_URL)
            parsed = feedparser.parse((built.site / o.get("xmlUrl")[len(SITE_URL):]).read_bytes())
            assert parsed.version == ("rss20" if fmt == "rss" else "atom10")
            assert channel(built.site / o.get("xmlUrl")[len(SITE_URL):])["title"] == o.get("text")
        by_format[fmt] = set(listed)
    assert by_format["rss"].isdisjoint(by_format["atom"])
    assert by_format["rss"] | by_format["atom"] == written
    assert len(by_format["rss"]) == len(by_format["atom"])


@pytest.mark.parametrize("lang,page,title,opml", [("vi", "theo-doi/index.html", "Theo dõi", "feeds/vi.opml"),
                                                   ("en", "en/subscribe/index.html", "Subscribe", "en/feeds/en.opml")])
def test_subscribe_page_lists_every_feed_and_the_opml(built, lang, page, title, opml):
    html = built.read(page)
    doc = parse(html)
    assert f"<h1>{title}</h1>" in html
    url = page_url(built.site, built.site / page)
    targets = {resolve(built.site, url, a["href"]) for a in doc.anchors if a.get("href")}
    prefix = "" if lang == "vi" else "en/"
    own = [p for p in feed_files(built.site) if p.relative_to(built.site).as_posix().startswith(prefix + "feeds/")]
    units, topics = registry(built.project)
    assert len(own) == 2 * (1 + len(units_with_news(units, input_items(built.project))) + len(topics))
    for f in own + [built.site / opml, built.site / opml.replace(".opml", ".atom.opml")]:
        assert f in targets, f
        assert SITE_URL + f.relative_to(built.site).as_posix() in html      # the address to copy
    # in the language's navigation, after the archive
    home = built.read(prefix + "index.html")
    archive = "luu-tru/" if lang == "vi" else "archive/"
    sub = "theo-doi/" if lang == "vi" else "subscribe/"
    assert f'href="{sub}"' in home and home.index(f'href="{archive}"') < home.index(f'href="{sub}"')


def test_feed_items_setting_limits_items_and_slug_change_keeps_guids(project):
    def news(title, date, **extra):
        return article({"title": title, "date": date, "unit": "qk4", "topics": ["cds"], **extra})
    files = {
        "2024/a.vi.md": news("Tin thứ nhất", "2024-01-05"),
        "2024/b.vi.md": news("Tin thứ hai", "2024-02-05"),
        "2024/c.vi.md": news("Tin thứ ba", "2024-03-05", slug="ten-cu", id="7d0c4b38-5a1f-4a6e-9c61-2f3b8c1d2e4f"),
        "2024/c.en.md": article({"title": "Third item"}),
    }
    proj = project(files, seeds=False, config={"bulletin": {"feed_items": 2}})
    first = sites.build_ok(proj)
    assert [i["title"] for i in read_items(first.site / "feeds/rss.xml")] == ["Tin thứ ba", "Tin thứ hai"]
    assert [i["title"] for i in read_items(first.site / "feeds/chu-de/cds.atom.xml")] == ["Tin thứ ba", "Tin thứ hai"]
    before = {rel: read_items(first.site / rel)[0] for rel in ("feeds/rss.xml", "feeds/atom.xml",
                                                              "en/feeds/rss.xml", "en/feeds/atom.xml")}
    assert before["feeds/rss.xml"]["guid"] == "urn:uuid:7d0c4b38-5a1f-4a6e-9c61-2f3b8c1d2e4f"
    assert "ten-cu" in before["feeds/rss.xml"]["link"]

    path = proj / "articles" / "2024" / "c.vi.md"
    path.write_text(path.read_text("utf-8").replace("slug: ten-cu", "slug: ten-moi"), "utf-8")
    second = sites.build_ok(proj)
    for rel, old in before.items():
        new = read_items(second.site / rel)[0]
        assert "ten-moi" in new["link"] and "ten-cu" not in new["link"], rel
        assert new["guid"] == old["guid"], rel


def test_unit_and_topic_feeds_hold_the_newest_ten_in_full_the_whole_feed_more(project):
    """A unit's or topic's feed holds its newest ``subject_feed_items`` (10) items, the whole
    bulletin's feed up to ``feed_items`` (50); every item keeps its full text."""
    files = {f"2024/t{i:02d}.vi.md": article({"title": f"Tin số {i:02d} của Quân khu 4", "date": f"2024-03-{i:02d}",
                                              "unit": "qk4", "topics": ["cds"]},
                                             f"Đoạn riêng của tin số {i:02d}, đủ dài để làm tóm tắt.\n\nĐoạn thứ hai của tin số {i:02d}.\n")
             for i in range(1, 13)}
    built = sites.build_ok(project(files, seeds=False))
    newest_first = [f"Tin số {i:02d} của Quân khu 4" for i in range(12, 0, -1)]
    for rel in ("feeds/rss.xml", "feeds/atom.xml"):
        assert [i["title"] for i in read_items(built.site / rel)] == newest_first, rel
    for rel in ("feeds/don-vi/qk4.rss.xml", "feeds/don-vi/qk4.atom.xml", "feeds/don-vi/bqp.rss.xml",
                "feeds/chu-de/cds.rss.xml", "feeds/chu-de/cds.atom.xml"):
        items = read_items(built.site / rel)
        assert [i["title"] for i in items] == newest_first[:10], rel
        assert all(f"Đoạn thứ hai của tin số {i['title'][7:9]}" in i["content"] for i in items), rel
    # the setting, and a whole feed shorter than it
    built = sites.build_ok(project(files, seeds=False, config={"bulletin": {"subject_feed_items": 3, "feed_items": 5}}))
    assert len(read_items(built.site / "feeds/rss.xml")) == 5
    assert len(read_items(built.site / "feeds/don-vi/qk4.atom.xml")) == 3


def test_preview_builds_never_put_drafts_or_scheduled_items_in_feeds(project):
    proj = project({
        "2024/ok.vi.md": article({"title": "Tin đã duyệt", "date": "2024-03-05", "unit": "qk4", "topics": ["cds"]}),
        "2024/draft.vi.md": article({"title": "Bản nháp tuyệt mật chưa duyệt", "date": "2024-03-06",
                                     "unit": "qk4", "topics": ["cds"], "draft": True}),
        "2030/future.vi.md": article({"title": "Tin hẹn giờ tương lai xa", "date": "2030-01-01",
                                      "unit": "qk4", "topics": ["cds"]}),
    }, seeds=False)
    b = sites.build_ok(proj, preview=True)
    assert "Bản nháp tuyệt mật" in b.read("index.html")        # the preview does show them on pages
    for f in feed_files(b.site):
        text = f.read_text("utf-8")
        assert "Bản nháp tuyệt mật" not in text and "Tin hẹn giờ tương lai" not in text, f
    assert titles(b.site, "feeds/don-vi/qk4.rss.xml") == {"Tin đã duyệt"}


def test_missing_site_url_is_a_clear_build_error(project):
    proj = project({}, seeds=True, config={"site_url": None})
    b = sites.build(proj)
    assert not b.ok
    message = b.log + b.error
    assert "mkdocs.yml" in message and "site_url" in message and "site_url: https://" in message
    assert not (b.site / "feeds").exists()
    cli = sites.build_cli(proj)
    assert cli.exit_code != 0 and "site_url" in cli.log
