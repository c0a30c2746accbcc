"""Load every file of ``articles/`` into validated articles, collecting every problem.

Like Pelican's readers: a file becomes (metadata, text); each field is coerced by the schema
table; a broken file is reported and the others are still checked. Nothing raises: the
caller decides whether problems stop the build.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import lineage
from .frontmatter_io import RawArticle, read
from .model import Article, Problem
from .registry import Registry, suggest
from .schema import Context, FieldError, FIELDS, REQUIRED
from .summary import first_paragraph
from .text import slugify

NAME_RE = re.compile(r"^(?P<key>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[a-z]{2})\.md$")
ID_NAMESPACE = uuid.UUID("5d1c7a52-0f43-4c59-9b1e-6a3e2f1d9c40")
IGNORED = {".gitkeep", "README.md", ".DS_Store"}


@dataclass
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def fingerprint(title: str, body: str) -> str:
    """Fingerprint of an original's text; a translation records it to detect later changes."""
    data = (title.strip() + "\n\n" + body.strip()).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:12]


def fallback_slug(key: str) -> str:
    """URL words when the title gives none (a title of only symbols): the file key without its date."""
    return re.sub(r"^\d{4}-\d{2}-\d{2}-", "", key) or key


def derived_id(key: str) -> str:
    """Stable id for an article that does not give one: from its file key, never from its URL."""
    return str(uuid.uuid5(ID_NAMESPACE, key))


def make_context(registry: Registry, languages: dict, tz, is_translation: bool = False) -> Context:
    labels = {}
    for lang in languages.values():
        for role, label in lang.bylines.items():
            labels.setdefault(label, role)
    return Context(registry=registry, tz=tz, bylines=labels, is_translation=is_translation,
                   unchecked=getattr(registry, "unchecked", frozenset()))


def iter_article_files(articles_dir: Path):
    """Every file of *articles_dir* (hidden ones and IGNORED aside), and every symbolic link — to a file,
    a folder, nowhere or itself — which the loader reports: links are never followed."""
    found = []
    for base, dirs, names in os.walk(articles_dir, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names + [d for d in dirs if os.path.islink(os.path.join(base, d))]:
            if name in IGNORED or name.startswith("."):
                continue
            found.append(Path(base) / name)
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(base, d))]
    yield from sorted(found)


def parse_file_name(rel: str, languages) -> tuple[str | None, str | None, str | None]:
    """'2023/2023-12-26-x.vi.md' → (key, lang, error)."""
    name = rel.rsplit("/", 1)[-1]
    m = NAME_RE.match(name)
    if not m and not name.lower().endswith(".md"):
        return None, None, ("not an article: only Markdown files '<words-with-hyphens>.<lang>.md' belong in "
                            "articles/; move pictures to docs/images/ and other files out of articles/")
    if not m:
        stem = name[:-3] if name.endswith(".md") else name
        guess = slugify(re.sub(r"\.(vi|en)$", "", stem)) or "tin-moi"
        lang_guess = "en" if stem.endswith(".en") else "vi"
        return None, None, (f"file name does not match the expected pattern '<words-with-hyphens>.<lang>.md' "
                            f"(lowercase ASCII, e.g. 2023-12-26-hoi-nghi.vi.md); rename it to '{guess}.{lang_guess}.md'")
    if m["lang"] not in languages:
        return None, None, (f"unknown language '{m['lang']}' in the file name (expected one of: "
                            + ", ".join(f".{code}.md" for code in languages) + ")")
    return m["key"], m["lang"], None


def validate(raw: RawArticle, ctx: Context) -> dict:
    """Coerce every field of *raw*; append problems to raw.problems. Returns the valid values."""
    values: dict = {}
    for key, value in raw.meta.items():
        f = FIELDS.get(key)
        if f is None:
            hint = suggest(str(key), list(FIELDS))
            raw.problems.append(Problem(raw.path, raw.line(key), str(key),
                                        "unknown field (expected one of: " + ", ".join(FIELDS) + ")"
                                        + (f"; did you mean '{hint[0]}'?" if hint else "")))
            continue
        if f.translation_only and not ctx.is_translation:
            raw.problems.append(Problem(raw.path, raw.line(key), key, "only a translation (.en.md) may set this field"))
            continue
        if f.original_only and ctx.is_translation:
            raw.problems.append(Problem(raw.path, raw.line(key), key, "set this field in the original only; "
                                        "translations share the original's URL"))
            continue
        if value is None:
            if f.required:
                raw.problems.append(Problem(raw.path, raw.line(key), key, "required field is empty"))
            continue
        try:
            values[key] = f.parse(value, ctx)
        except FieldError as exc:
            raw.problems.append(Problem(raw.path, raw.line(key), key, str(exc)))
    if "unit" in values and "date" in values and values["unit"] in ctx.registry.units:
        day = values["date"][0].astimezone(ctx.tz).date()
        why = lineage.unit_problem(ctx.registry, values["unit"], day)
        if why is not None:
            raw.problems.append(Problem(raw.path, raw.line("unit"), "unit", why))
    if not ctx.is_translation:
        for key in REQUIRED:
            if key not in raw.meta:
                raw.problems.append(Problem(raw.path, 1, key, f"required field is missing (expected "
                                            f"{key}: {FIELDS[key].help})"))
    elif "title" not in raw.meta:
        raw.problems.append(Problem(raw.path, 1, "title", "required field is missing (the translated headline)"))
    if not raw.body.strip() and not raw.problems:
        raw.problems.append(Problem(raw.path, raw.end_line + 1 if raw.end_line else raw.body_line, "body",
                                    "the article has no text after the front matter: write the article below "
                                    "the second '---' line"))
    return values


def build_article(key: str, lang: str, raw: RawArticle, values: dict, is_translation: bool) -> Article:
    date, has_time = values["date"]
    body = raw.body.strip("\n") + "\n"
    summary = values.get("summary")
    derived = summary is None
    if derived:
        summary = first_paragraph(body)
    return Article(
        key=key, lang=lang, path=raw.path,
        id=values.get("id") or derived_id(key),
        title=values["title"], date=date, date_has_time=has_time,
        unit=values["unit"], topics=values["topics"], body=body,
        summary=summary, summary_is_derived=derived,
        authors=values.get("authors", ()), source=values.get("source"),
        image=values.get("image"), caption=values.get("caption"),
        slug=values.get("slug") or slugify(values["title"]) or fallback_slug(key),
        updated=values.get("updated"), draft=values.get("draft", False),
        translated_from=values.get("translated_from"), is_translation=is_translation,
        extra={"body_line": raw.body_line, "lines": dict(raw.lines),
               "text_line": raw.body_line + len(raw.body) - len(raw.body.lstrip("\n")),
               "trusted_html": values.get("trusted_html", False), "pictures": values.get("pictures", ())},
    )


def load_raw(root: Path, articles_dir: Path, languages, memo: dict | None = None,
             paths=None) -> tuple[dict, LoadResult]:
    """Read every file (or only *paths*); returns {(key, lang): RawArticle} and a result holding
    file-level problems.

    *memo* (a dict kept between calls, as the incremental preview does) reuses the parse of a file
    whose path and bytes (their digest) are unchanged.
    """
    result = LoadResult()
    raws: dict = {}
    base = _rel(articles_dir, root)
    for path in (iter_article_files(articles_dir) if paths is None else sorted(paths)):
        result.files += 1
        inside = path.relative_to(articles_dir).as_posix()
        rel = f"{base}/{inside}"
        if path.is_symlink():
            result.problems.append(Problem(rel, None, "file", f"is a symbolic link (to {os.readlink(path)}): articles "
                                           "must be real files; replace the link with the file itself"))
            continue
        key, lang, error = parse_file_name(inside, languages)
        if error:
            result.problems.append(Problem(rel, None, "file", error))
            continue
        if (key, lang) in raws:
            other = raws[(key, lang)].path
            result.problems.append(Problem(rel, None, "file", f"two files have the same name '{path.name}': "
                                           f"{other} and {rel}; file names must be unique"))
            continue
        data = path.read_bytes()
        ident = hashlib.blake2b(data, digest_size=16).digest() if memo is not None else None
        held = memo.get(rel) if memo is not None else None
        if held is not None and held[0] == ident:
            raws[(key, lang)] = _copy(held[1])
            continue
        raw = read(rel, data)
        if memo is not None:
            memo[rel] = (ident, _copy(raw))
        raws[(key, lang)] = raw
    return raws, result


def _copy(raw: RawArticle) -> RawArticle:
    """A copy whose lists and dicts can be appended to (validation adds problems) without touching *raw*."""
    return replace(raw, meta=dict(raw.meta), lines=dict(raw.lines), problems=list(raw.problems),
                   warnings=list(raw.warnings))


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
