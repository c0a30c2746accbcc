"""Property-based tests (Hypothesis) of the loader: whatever the front matter and the body, an
article file is either accepted or reported as clear problems — never a crash — and slugs are
always ASCII, well-formed and stable."""

from __future__ import annotations

import datetime as dt
import string
import tempfile
import unicodedata
from pathlib import Path

import yaml
from bulletin.content.frontmatter_io import read
from bulletin.content.loader import NAME_RE, build_article, fallback_slug, make_context, validate
from bulletin.content.model import Article, Problem
from bulletin.content.registry import Registry
from bulletin.content.schema import FIELDS, SLUG_RE, FieldError, parse_date
from bulletin.content.settings import VIETNAM
from bulletin.content.text import slugify
from bulletin.content.translations import load_articles
from bulletin.content.i18n import load_languages
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]
REGISTRY = Registry.load(REPO / "data")
LANGUAGES = load_languages(REPO / "data", ["vi", "en"])
CTX = make_context(REGISTRY, LANGUAGES, VIETNAM)
PATH = "articles/2024/2024-01-02-thu.vi.md"
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.function_scoped_fixture])

VIETNAMESE = "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐĂÂÊÔƠƯ"
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from(VIETNAMESE), max_size=60)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), text,
                    st.sampled_from(["2024-01-02", "2024-02-30", "2024-01-02 14:30", "2024-01-02T08:00+07:00",
                                     "qk4", "qk-4", "cchc", "cds", "Tin, ảnh: NGỌC THĂNG", "images/a.jpg",
                                     "https://x.vn/a.jpg", "javascript:alert(1)", ""]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) |
                      st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
keys = st.sampled_from(sorted(FIELDS)) | st.text(min_size=1, max_size=12)
fronts = st.dictionaries(keys, values, max_size=10)
bodies = st.text(alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from(VIETNAMESE + "\n\t\r\ufeff\u200b[]()!<>`#"),
                 max_size=300)
VALID = {"title": "Hội nghị tổng kết", "date": "2024-01-02", "unit": "qk4", "topics": ["cchc"]}


def check_problems(problems: list, path: str) -> None:
    for p in problems:
        assert isinstance(p, Problem) and p.path == path
        assert p.message.strip() and str(p).startswith(path)
        assert p.severity in ("error", "warning")
        assert len(p.message) < 2000          # no value dumped whole into a message


def accept_or_report(data: bytes, path: str = PATH) -> Article | None:
    """What the loader does with one original: an article, or problems (never an exception)."""
    raw = read(path, data)
    check_problems(raw.problems + raw.warnings, path)
    if raw.problems:
        return None
    values = validate(raw, CTX)
    check_problems(raw.problems, path)
    if raw.problems:
        return None
    key = NAME_RE.match(path.rsplit("/", 1)[-1])["key"]
    article = build_article(key, "vi", raw, values, is_translation=False)
    assert article.title and article.body.strip() and article.date.tzinfo is not None
    assert SLUG_RE.match(article.slug), article.slug
    return article


def dump(front) -> str:
    return yaml.safe_dump(front, allow_unicode=True, sort_keys=False)


@FAST
@given(front=fronts, body=bodies)
def test_any_front_matter_is_accepted_or_reported(front, body):
    accept_or_report(f"---\n{dump(front)}---\n\n{body}".encode("utf-8"))


@FAST
@given(extra=fronts, body=bodies)
def test_a_valid_article_with_extra_fields_is_accepted_or_each_field_reported(extra, body):
    front = {**VALID, **extra}
    article = accept_or_report(f"---\n{dump(front)}---\n\n{body}".encode("utf-8"))
    if article is None:
        raw = read(PATH, f"---\n{dump(front)}---\n\n{body}".encode("utf-8"))
        if not raw.problems:
            validate(raw, CTX)
        assert raw.problems                      # rejected only with a reason


@FAST
@given(data=st.binary(max_size=400))
@example(b"---\n---\n")
@example(b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\n")
@example(b"---\ntitle: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n---\nx")
@example(b"---\n? [a, b]\n: c\n---\nbody")
@example(b"---\n!!python/object:os.system x: 1\n---\nbody")
def test_any_bytes_are_accepted_or_reported(data):
    accept_or_report(data)


@FAST
@given(fm=st.text(alphabet=string.printable + VIETNAMESE + "\t\u00a0\u200b", max_size=200), body=bodies)
def test_any_text_between_the_fences_is_accepted_or_reported(fm, body):
    accept_or_report(f"---\n{fm}\n---\n{body}".encode("utf-8"))


@SLOW
@given(files=st.lists(st.tuples(st.sampled_from(["2024-01-02-mot", "2024-01-02-hai", "tin"]),
                                st.sampled_from(["vi", "en"]), fronts, bodies), max_size=4))
def test_a_folder_of_any_articles_loads_without_crashing_and_drops_nothing(files):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for key, lang, front, body in files:
            path = root / "articles" / "2024" / f"{key}.{lang}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"---\n{dump({**VALID, **front})}---\n\n{body}", encoding="utf-8")
        (root / "articles").mkdir(exist_ok=True)
        result = load_articles(root, root / "articles", REGISTRY, LANGUAGES, VIETNAM)
        paths = {p.relative_to(root).as_posix() for p in (root / "articles").rglob("*.md")}
        loaded = {a.path for a in result.articles}
        reported = {p.path for p in result.problems}
        assert paths == loaded | reported          # every file: an article, or a reported problem
        for a in result.articles:
            assert SLUG_RE.match(a.slug) and a.slug.isascii()


# -- slugs ----------------------------------------------------------------------------------

@FAST
@given(title=text)
@example("Đảng ủy Quân sự tỉnh Nghệ An")
@example("— ! —")
@example("ĐẢNG ỦY ĐỒNG ĐỘI")
def test_slugs_are_ascii_well_formed_and_stable(title):
    slug = slugify(title)
    assert slug.isascii() and len(slug) <= 80
    assert slug == "" or SLUG_RE.match(slug)
    assert slugify(unicodedata.normalize("NFD", title)) == slug      # decomposed marks: same URL
    assert slugify(title) == slug                                    # deterministic
    assert slugify(slug) == slug                                     # a slug is its own slug
    assert "đ" not in slug and "Đ" not in slug


@FAST
@given(key=st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,4}\Z"))
def test_the_fallback_slug_from_a_file_name_is_always_valid(key):
    assert SLUG_RE.match(fallback_slug(key))


def test_vietnamese_slugs():
    assert slugify("Đảng ủy Quân sự tỉnh Nghệ An") == "dang-uy-quan-su-tinh-nghe-an"
    assert slugify("Bộ Quốc phòng tổng kết công tác cải cách hành chính") == \
        "bo-quoc-phong-tong-ket-cong-tac-cai-cach-hanh-chinh"


# -- dates ----------------------------------------------------------------------------------

@FAST
@given(value=st.one_of(text, st.integers(), st.floats(), st.none(), st.lists(st.integers(), max_size=3),
                       st.from_regex(r"\A\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?)?\Z")))
def test_a_date_is_parsed_or_refused_with_a_field_error(value):
    try:
        stamp, has_time = parse_date(value, CTX)
    except FieldError as exc:
        assert str(exc).strip()
    else:
        assert isinstance(stamp, dt.datetime) and stamp.tzinfo is not None and stamp.year >= 1945


@FAST
@given(lines=st.lists(st.none() | st.integers(1, 50), min_size=1, max_size=8))
def test_problems_of_one_file_sort_with_and_without_a_line(lines):
    """`bulletin check` and the build sort problems: a file's problem without a line (e.g. its line
    endings) and those with a line sort together, the file-wide ones first, never a TypeError."""
    problems = [Problem(PATH, line, "body", f"m{i}", "warning") for i, line in enumerate(lines)]
    ordered = sorted(problems)
    keys = [(p.line is not None, p.line or 0) for p in ordered]
    assert keys == sorted(keys)
