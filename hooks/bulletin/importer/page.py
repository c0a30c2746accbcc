"""A news page's HTML → its metadata and the article's blocks (paragraphs and pictures).

- **Metadata** from the page's own markup: ``og:title``, ``og:site_name``, ``og:url``/canonical,
  ``article:published_time``, JSON-LD ``NewsArticle`` (also inside ``@graph``), the "saved from
  url" comment a browser writes into a saved page; :mod:`htmldate` (markup only, never a guess
  from the text) when none of those gives a date.
- **The article**: its container (``data/import-page.yml``: known containers first, else the
  element holding the most running text), with the chrome inside it removed — menus, share and
  print links, toolbars, tags, related stories, comment forms, counters. A lead (sapo) printed
  just outside the container is kept as the first paragraph.
- **Pictures** in reading order, each with its caption: ``figure``/``figcaption``, a caption
  table (qdnd.vn's picture tables), a ``div`` with a caption class (WordPress ``wp-caption``),
  or a paragraph holding only the picture followed by a short centred or italic caption line.
  Logos, icons, advertisements and the thumbnails of related stories are left out, with the reason.
- When no container with running text is found, :mod:`trafilatura` extracts the main text
  (without pictures): it handles layouts the rules do not know.
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from ..content.text import clean_text
from .rules import read_rules_file

WORD_SPLIT = re.compile(r"[\s_\-]+")
SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+)", re.I)
ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
                 "backgroundnewsarticle", "opinionnewsarticle", "reviewnewsarticle"}
BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "td", "th", "section",
              "article", "figure", "figcaption", "table", "tbody", "tr", "ul", "ol", "dl", "dd", "dt", "center",
              "main", "header", "pre", "address"}


@dataclass
class Picture:
    url: str                 # absolute address (or the path of a saved page's file)
    caption: str | None
    alt: str
    width: int | None
    height: int | None
    after: int               # index of the paragraph it follows (-1: before the first)


@dataclass
class Page:
    url: str | None                      # the article's own address (canonical)
    site_name: str | None
    title: str | None
    title_from: str
    published: str | None                # ISO 8601 as printed by the page
    published_from: str
    modified: str | None
    authors: list[str]
    description: str | None
    og_type: str | None
    og_image: str | None
    is_article: bool
    body_from: str = ""                  # where the text was found (for the report)
    header_lines: list[str] = field(default_factory=list)   # short date lines above the text ("Ngày đăng: …")
    paragraphs: list[str] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    dropped_pictures: list[tuple[str, str]] = field(default_factory=list)   # (address, why)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def squash(text: str) -> str:
    return " ".join(nfc(text).replace("\u00a0", " ").split())


def words_of(el) -> set[str]:
    names = (el.get("class") or "") + " " + (el.get("id") or "")
    return {w.lower() for w in WORD_SPLIT.split(names) if w}


class PageRulesError(ValueError):
    pass


@dataclass(frozen=True)
class PageRules:
    """``data/import-page.yml``: fetching limits, the page's chrome, captions, pictures."""
    timeout: float
    user_agent: str
    max_page_bytes: int
    max_picture_bytes: int
    warn_picture_bytes: int
    phone_width: int
    phone_quality: int
    min_side: int
    not_photo: tuple
    containers: tuple
    lead_words: frozenset
    chrome_tags: frozenset
    chrome_words: frozenset
    caption_words: frozenset


def load_page_rules(path: str | Path) -> PageRules:
    path = Path(path)
    raw = read_rules_file(path, "the rules of importing a news page: fetch, pictures, page", PageRulesError)

    def get(section: str, key: str, kind):
        block = raw.get(section)
        value = block.get(key) if isinstance(block, dict) else None
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or isinstance(value, bool) or (kind in (int, float) and value <= 0):
            expected = {int: "a positive whole number", float: "a positive number", str: "a text",
                        list: "a list"}[kind]
            raise PageRulesError(f"{path}: {section}.{key}: expected {expected} but received {value!r}")
        return value

    def words(section: str, key: str) -> frozenset:
        return frozenset(str(w).lower() for w in get(section, key, list))

    return PageRules(
        timeout=get("fetch", "timeout", float), user_agent=get("fetch", "user_agent", str),
        max_page_bytes=get("fetch", "max_page_bytes", int),
        max_picture_bytes=get("pictures", "max_bytes", int), warn_picture_bytes=get("pictures", "warn_bytes", int),
        phone_width=get("pictures", "phone_width", int), phone_quality=get("pictures", "phone_quality", int),
        min_side=get("pictures", "min_side", int), not_photo=tuple(sorted(words("pictures", "not_photo_words"))),
        containers=tuple(str(c) for c in get("page", "containers", list)), lead_words=words("page", "lead_classes"),
        chrome_tags=words("page", "chrome_tags"), chrome_words=words("page", "chrome_words"),
        caption_words=words("page", "caption_words"))


def _select(root, selector: str):
    """The first element matching a simple selector: tag, .class, #id, [attr=value]."""
    if selector.startswith("."):
        word = selector[1:].lower()
        for el in root.iter(tag=etree.Element):
            if word in {c.lower() for c in (el.get("class") or "").split()}:
                return el
        return None
    if selector.startswith("#"):
        found = root.xpath("//*[@id=$v]", v=selector[1:])
        return found[0] if found else None
    m = re.fullmatch(r"\[(\w[\w-]*)=([^\]]+)\]", selector)
    if m:
        found = root.xpath(f"//*[@{m[1]}=$v]", v=m[2].strip("'\""))
        return found[0] if found else None
    found = root.xpath(f"//{selector}")
    return found[0] if found else None


# ---------------------------------------------------------------- metadata

def _meta(root, *names) -> str | None:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            found = root.xpath(f"//meta[@{attr}=$n]/@content", n=name)
            for value in found:
                if value and value.strip():
                    return squash(value)
    return None


def _json_ld(root) -> list[dict]:
    nodes = []

    def walk(obj):
        if isinstance(obj, list):
            for x in obj:
                walk(x)
        elif isinstance(obj, dict):
            nodes.append(obj)
            if "@graph" in obj:
                walk(obj["@graph"])

    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            walk(json.loads(script.text or ""))
        except (ValueError, TypeError):
            continue
    out = []
    for node in nodes:
        kinds = node.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(isinstance(k, str) and k.lower() in ARTICLE_TYPES for k in kinds):
            out.append(node)
    return out


def _names(value) -> list[str]:
    if isinstance(value, str):
        return [squash(value)] if value.strip() else []
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _strip_site(title: str, site: str | None) -> str:
    if site:
        for sep in (" | ", " - ", " – ", " — ", " :: "):
            if title.endswith(sep + site):
                return title[: -len(sep + site)].strip()
            if title.startswith(site + sep):
                return title[len(site + sep):].strip()
    return title


# ---------------------------------------------------------------- body

def _text(el) -> str:
    return squash(el.text_content())


def _is_chrome(el, rules: PageRules) -> bool:
    if not isinstance(el.tag, str):
        return False
    if el.tag in rules.chrome_tags:
        return True
    return bool(words_of(el) & rules.chrome_words)


def _link_free_length(el) -> int:
    total = len(_text(el))
    links = sum(len(_text(a)) for a in el.iter("a"))
    return total - links


def _score_container(root, rules: PageRules):
    scores: dict = {}
    for p in root.iter("p", "br"):
        if any(_is_chrome(a, rules) and a.tag in rules.chrome_tags for a in p.iterancestors()):
            continue
        node = p if p.tag == "p" else p.getparent()
        length = _link_free_length(node)
        if length < 25:
            continue
        parent = node.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0) + length
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0) + length / 2
    if not scores:
        return None, 0
    best = max(scores, key=scores.get)
    return best, scores[best]


def _img_source(img, base: str) -> str | None:
    for attr in ("data-src", "data-lazy-src", "data-original", "data-full-src", "data-url"):
        if img.get(attr):
            return urljoin(base, img.get(attr).strip())
    for attr in ("data-lazy-srcset", "data-srcset", "srcset"):
        if img.get(attr):
            best, width = None, -1
            for part in img.get(attr).split(","):
                bits = part.split()
                if not bits:
                    continue
                w = int(bits[1][:-1]) if len(bits) > 1 and bits[1].endswith("w") and bits[1][:-1].isdigit() else 0
                if w > width:
                    best, width = bits[0], w
            if best:
                return urljoin(base, best)
    src = (img.get("src") or "").strip()
    if not src or src.startswith("data:"):
        return None
    return urljoin(base, src)


def _int(value) -> int | None:
    m = re.match(r"\s*(\d+)", value or "")
    return int(m[1]) if m else None


def _not_photo(img, url: str, rules: PageRules) -> str | None:
    w, h = _int(img.get("width")), _int(img.get("height"))
    if (w is not None and w < rules.min_side) or (h is not None and h < rules.min_side):
        return f"nhỏ ({w}×{h}) — small, an icon"
    path = urlsplit(url).path.lower()
    if path.endswith(".svg"):
        return "SVG — a drawing, not a photo"
    hay = " ".join([path, (img.get("class") or "").lower(), (img.get("alt") or "").lower(), (img.get("id") or "").lower()])
    hay_words = set(re.split(r"[^a-z0-9]+", unicodedata.normalize("NFKD", hay).encode("ascii", "ignore").decode()))
    for word in rules.not_photo:
        if word in hay_words:
            return f"'{word}' — a logo, icon or advertisement"
    for a in img.iterancestors("a"):
        href = (a.get("href") or "").split("?")[0].lower()
        if href and not re.search(r"\.(jpe?g|png|webp|gif|avif)$", href):
            return "ảnh dẫn tới một trang khác — a picture linking to another page (related story)"
    return None


def _is_caption_el(el, rules: PageRules) -> bool:
    return el.tag == "figcaption" or bool(words_of(el) & rules.caption_words)


def _caption_after(el, rules: PageRules):
    """The caption line that follows a picture paragraph: short, centred or in italics, no final stop needed."""
    nxt = el.getnext()
    while nxt is not None and isinstance(nxt.tag, str) and not _text(nxt) and not list(nxt.iter("img")):
        nxt = nxt.getnext()
    if nxt is None or not isinstance(nxt.tag, str) or nxt.tag not in ("p", "div"):
        return None
    if list(nxt.iter("img")):
        return None
    text = _text(nxt)
    if not text or len(text) > 300:
        return None
    style = (nxt.get("style") or "").replace(" ", "").lower()
    italic = nxt.xpath("./em|./i") and len(_text(nxt.xpath("./em|./i")[0])) >= 0.8 * len(text)
    if _is_caption_el(nxt, rules) or "text-align:center" in style or nxt.get("align") == "center" or italic:
        return nxt
    return None


def _picture_unit(el, rules: PageRules):
    """(images, caption element) when *el* is a picture block: figure, a caption table, a div with a
    caption, or a paragraph holding only pictures."""
    imgs = list(el.iter("img"))
    if not imgs:
        return None
    if el.tag == "figure":
        cap = next(iter(el.iter("figcaption")), None)
        return imgs, cap
    caps = [c for c in el.iter() if isinstance(c.tag, str) and c is not el and _is_caption_el(c, rules)]
    own_text = len(_text(el)) - sum(len(_text(c)) for c in caps[:1])
    if el.tag in ("table", "div") and caps and own_text < 40:
        return imgs, caps[0]
    if el.tag == "table" and own_text < 300:
        rows = el.xpath(".//tr")
        texts = [r for r in rows if _text(r) and not list(r.iter("img"))]
        return imgs, texts[0] if texts else None
    if el.tag in ("p", "div", "center") and len(_text(el)) < 5:
        return imgs, _caption_after(el, rules)
    return None


META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


class NotAPage(ValueError):
    """The bytes are not an HTML page we can read (the message says why)."""


def decode(data: bytes, charset: str | None = None) -> str:
    """The page's text: the HTTP charset, else the page's ``<meta charset>``, else UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    for name in (charset, *(m.decode("ascii", "ignore") for m in META_CHARSET.findall(data[:4096]))):
        if not name:
            continue
        try:
            codecs.lookup(name)
        except LookupError:
            continue
        return data.decode(name, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotAPage("không rõ bảng mã của trang (không phải UTF-8, không khai báo charset) — the page's encoding "
                       "is unknown (not UTF-8 and no charset declared)") from None


def parse_page(html: bytes | str, base_url: str | None, rules: PageRules, charset: str | None = None) -> Page:
    text = decode(html, charset) if isinstance(html, bytes) else html
    text = clean_text(XML_DECLARATION.sub("", text))
    if not text.strip():
        raise NotAPage("trang rỗng — the page is empty")
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise NotAPage(f"không đọc được HTML — cannot read the HTML ({exc})") from None
    comment_url = None
    m = SAVED_FROM.search(text[:3000])
    if m:
        comment_url = m[1]
    canonical = (root.xpath("//link[@rel='canonical']/@href") or [None])[0]
    og_url = _meta(root, "og:url")
    page_url = canonical or og_url or comment_url or base_url
    base = (root.xpath("//base/@href") or [base_url or page_url or ""])[0]
    site = _meta(root, "og:site_name", "application-name", "publisher")
    ld = _json_ld(root)
    ld0 = ld[0] if ld else {}
    if not site and isinstance(ld0.get("publisher"), dict):
        site = (_names(ld0["publisher"]) or [None])[0]

    # title
    h1s = [h for h in root.iter("h1") if _text(h) and not any(a.tag in ("header",) and "site" in words_of(a) for a in h.iterancestors())]
    h1 = _text(h1s[0]) if h1s else None
    candidates = [(_meta(root, "og:title"), "og:title"), (squash(ld0["headline"]) if isinstance(ld0.get("headline"), str) else None, "JSON-LD NewsArticle.headline"),
                  (h1, "<h1>"), (squash(root.findtext(".//title") or "") or None, "<title>")]
    title, title_from = None, "không có — none"
    for value, where in candidates:
        if value:
            title, title_from = _strip_site(value, site), where
            break
    if title and h1 and title != h1 and title.startswith(h1) and len(title) - len(h1) < 60:
        title = h1
    if title and title_from == "<title>":
        # "Headline - Site name" with no og:site_name: the part before the separator when the page
        # prints it as a heading
        headings = {_text(h) for h in root.xpath("//h1|//h2|//h3|//h4|//*[contains(@class, 'title')]")}
        for sep in (" | ", " - ", " – ", " — "):
            head = title.rsplit(sep, 1)[0].strip()
            if sep in title and head in headings:
                title = head
                break

    # dates, authors
    published, published_from = None, "không có — none"
    for value, where in ((_meta(root, "article:published_time"), "article:published_time"),
                         (ld0.get("datePublished") if isinstance(ld0.get("datePublished"), str) else None, "JSON-LD NewsArticle.datePublished"),
                         (_meta(root, "pubdate", "datePublished", "date", "dc.date.issued", "DC.date.issued"), "meta date"),
                         ((root.xpath("//time[contains(concat(' ', normalize-space(@class), ' '), ' published ')]/@datetime") or [None])[0], "<time class=published>")):
        if value:
            published, published_from = value.strip(), where
            break
    if published is None:
        found = _htmldate(text, page_url)
        if found:
            published, published_from = found, "htmldate (ngày ghi trong mã trang — a date in the page's markup)"
    modified = _meta(root, "article:modified_time") or (ld0.get("dateModified") if isinstance(ld0.get("dateModified"), str) else None)
    authors = _names(ld0.get("author")) or ([a] if (a := _meta(root, "author", "article:author")) and not a.startswith("http") else [])
    og_type = _meta(root, "og:type")
    og_image = _meta(root, "og:image", "og:image:url", "twitter:image")
    if og_image:
        og_image = urljoin(base, og_image)

    # container
    container = None
    for selector in rules.containers:
        container = _select(root, selector)
        if container is not None and len(_text(container)) > 80:
            break
        container = None
    body_from = f"vùng bài — the article's container '{selector}'" if container is not None else ""
    if container is None:
        container, _ = _score_container(root, rules)
        if container is not None:
            body_from = (f"phần có nhiều chữ nhất — the element with the most running text "
                         f"<{container.tag}{_describe(container)}>")
    paragraphs: list[str] = []
    pictures: list[Picture] = []
    dropped: list[tuple[str, str]] = []
    header: list[str] = []
    if container is not None:
        # lead printed outside the container
        scope = container
        for _ in range(3):
            if scope.getparent() is not None:
                scope = scope.getparent()
        for el in scope.iter(tag=etree.Element):
            if el is container or container in el.iterancestors() or el in container.iterancestors():
                continue
            if words_of(el) & rules.lead_words and el.tag not in ("meta",) and 40 <= len(_text(el)) <= 600:
                paragraphs.append(_text(el))
                break
        header = _date_lines(scope, container, rules)
        for el in list(container.iter(tag=etree.Element)):
            if el is container:
                continue
            if _is_chrome(el, rules) and el.getparent() is not None:
                el.drop_tree()
        _walk(container, base, rules, paragraphs, pictures, dropped)
    if sum(len(p) for p in paragraphs) < MIN_TEXT:
        extracted = _trafilatura(text, page_url)
        if sum(len(p) for p in extracted) > sum(len(p) for p in paragraphs):
            paragraphs, pictures = extracted, []
            body_from = "trafilatura (bố cục trang lạ — a page layout the rules do not know)"
    long_paragraphs = [p for p in paragraphs if len(p) >= 120]
    is_article = sum(len(p) for p in paragraphs) >= MIN_TEXT and (
        og_type == "article" or bool(ld) or len(long_paragraphs) >= 2)
    return Page(url=page_url, site_name=site, title=title, title_from=title_from, published=published,
                published_from=published_from, modified=modified, authors=authors,
                description=_meta(root, "og:description", "description"), og_type=og_type, og_image=og_image,
                is_article=is_article, body_from=body_from, header_lines=header, paragraphs=paragraphs,
                pictures=pictures, dropped_pictures=dropped)


MIN_TEXT = 200      # characters of running text: less is not an article
DATE_IN_LINE = re.compile(r"(?<!\d)\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}(?!\d)")


def _date_lines(scope, container, rules: PageRules) -> list[str]:
    """Short lines holding a full date printed above the article's text, outside its container
    ("Ngày đăng: 04/01/2022", "Chuyển đổi số 27/12/2023"): the text rules read them as a copied
    text's date lines. Lines after the text (related stories' dates) and in the chrome are not taken."""
    lines = []
    for el in scope.iter(tag=etree.Element):
        if el is container:
            break
        if el in container.iterancestors() or any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el):
            continue
        if el.tag in ("script", "style", "title", "meta", "option") or _is_chrome(el, rules) \
                or any(_is_chrome(a, rules) for a in el.iterancestors() if a is not scope and scope in a.iterancestors()):
            continue
        text = _text(el)
        if len(text) <= 80 and DATE_IN_LINE.search(text) and text not in lines:
            lines.append(text)
    return lines


def _describe(el) -> str:
    if el.get("id"):
        return f' id="{el.get("id")}"'
    if el.get("class"):
        return f' class="{el.get("class")}"'
    return ""


def _htmldate(text: str, url: str | None) -> str | None:
    """A date from the page's markup (meta tags, <time>, the address) — never guessed from the text."""
    import htmldate   # imported when needed: loading it takes a while
    try:
        return htmldate.find_date(text, extensive_search=False, original_date=True, url=url,
                                  outputformat="%Y-%m-%d")
    except Exception:          # a third-party parser: any failure means "no date found"
        return None


def _trafilatura(text: str, url: str | None) -> list[str]:
    """The main text by trafilatura, as paragraphs (no comments, no tables)."""
    import trafilatura   # imported when needed: loading it takes a while
    try:
        found = trafilatura.extract(text, url=url, include_comments=False, include_tables=True,
                                    favor_precision=True, with_metadata=False)
    except Exception:          # a third-party parser: any failure means "nothing found"
        return []
    out = []
    for line in (found or "").split("\n"):          # table layouts come back as "| cell | cell |"
        out += [squash(cell) for cell in line.strip().strip("|").split(" | ") if squash(cell)]
    return out


def _br_lines(el) -> list[str]:
    """The text of *el*, one item per line its ``<br>`` tags make."""
    for br in el.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return [line for line in (squash(part) for part in el.text_content().split("\n")) if line]


def _walk(el, base, rules, paragraphs, pictures, dropped, consumed=None):
    consumed = consumed if consumed is not None else set()
    for child in el:
        if not isinstance(child.tag, str) or child in consumed:
            continue
        unit = _picture_unit(child, rules)
        if unit is not None:
            imgs, cap = unit
            caption = _text(cap) if cap is not None else None
            if cap is not None and cap not in child.iterdescendants():
                consumed.add(cap)
            for img in imgs:
                url = _img_source(img, base)
                if url is None:
                    continue
                why = _not_photo(img, url, rules)
                if why:
                    dropped.append((url, why))
                    continue
                pictures.append(Picture(url, caption or None, squash(img.get("alt") or ""), _int(img.get("width")),
                                        _int(img.get("height")), len(paragraphs) - 1))
                caption = None     # several pictures over one caption: the caption goes with the first
            continue
        has_blocks = any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in child)
        if child.tag in BLOCK_TAGS and has_blocks:
            if child.text and child.text.strip():
                paragraphs.append(squash(child.text))
            _walk(child, base, rules, paragraphs, pictures, dropped, consumed)
            continue
        for img in child.iter("img"):     # a picture inside running text
            url = _img_source(img, base)
            if url:
                why = _not_photo(img, url, rules)
                if why:
                    dropped.append((url, why))
                else:
                    pictures.append(Picture(url, None, squash(img.get("alt") or ""), _int(img.get("width")),
                                            _int(img.get("height")), len(paragraphs) - 1))
        if child.tag in BLOCK_TAGS | {"span", "strong", "em", "b", "i", "a", "font"}:
            paragraphs.extend(_br_lines(child))     # "line<br>line": a portal's paragraphs, a byline
        if child.tail and child.tail.strip() and el.tag in BLOCK_TAGS:
            paragraphs.append(squash(child.tail))
