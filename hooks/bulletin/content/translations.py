"""Pairing originals and translations, inheritance of shared fields, stale-translation detection.

An article is a file key (``articles/2023/<key>.vi.md``) with one file per language. The
original is the file in the first configured language that exists (Vietnamese first). A
translation inherits unit, topics, date, id, bylines, source and image from the original; if
it repeats one, it must be equal. It records ``translated_from:`` — the fingerprint of the
original's title and text when it was translated — so a later change of the original is seen
on any clone, without git history.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from .loader import build_article, fingerprint, load_raw, LoadResult, make_context, validate
from .model import Article, Problem
from .schema import _show, FIELDS

INHERITED = tuple(name for name, f in FIELDS.items() if f.inherited)


def load_articles(root: Path, articles_dir: Path, registry, languages: dict, tz, memo: dict | None = None,
                  paths=None) -> LoadResult:
    """Load and validate every article file of every language (or only the files *paths*). Never
    raises for bad input. *memo* (a dict kept between calls) reuses the parse of unchanged files
    (:func:`bulletin.content.loader.load_raw`) and the outcome of unchanged items."""
    codes = list(languages)
    raws, result = load_raw(root, articles_dir, codes, memo, paths)
    ctx_original = make_context(registry, languages, tz, is_translation=False)
    ctx_translation = make_context(registry, languages, tz, is_translation=True)

    keys: dict[str, list[str]] = {}
    for key, lang in raws:
        keys.setdefault(key, []).append(lang)

    groups = memo.setdefault(_ITEMS, {}) if memo is not None else None
    context = _context_key(registry, languages, tz) if groups is not None else None
    for key in sorted(keys):
        present = sorted(keys[key], key=codes.index)
        if groups is None:
            _load_item(key, present, raws, ctx_original, ctx_translation, result, codes[0])
            continue
        # An item's outcome depends only on its own files and on the registry, the languages and
        # the time zone: an unchanged item is not validated again.
        ident = (context, tuple((lang, memo[raws[(key, lang)].path][0]) for lang in present))
        held = groups.get(key)
        if held is None or held[0] != ident:
            marks = (len(result.articles), len(result.problems), len(result.warnings))
            _load_item(key, present, raws, ctx_original, ctx_translation, result, codes[0])
            groups[key] = (ident, (result.articles[marks[0]:], result.problems[marks[1]:],
                                   result.warnings[marks[2]:]))
        else:
            articles, problems, warnings = held[1]
            result.articles.extend(articles)
            result.problems.extend(problems)
            result.warnings.extend(warnings)
    return result


def _load_item(key: str, present: list, raws: dict, ctx_original, ctx_translation, result: LoadResult,
               default_lang: str | None = None) -> None:
    """Validate the files of one item (its original first); add its articles and problems to *result*."""
    original_lang = present[0]
    raw_o = raws[(key, original_lang)]
    if default_lang and original_lang != default_lang and "translated_from" in raw_o.meta and not raw_o.problems:
        # it says it is a translation, yet there is no original: one clear error, not the original's rules
        missing = raw_o.path[: -len(f"{original_lang}.md")] + f"{default_lang}.md"
        raw_o.problems.append(Problem(
            raw_o.path, raw_o.line("translated_from"), "translated_from",
            f"this file is a translation (it sets translated_from) but its original {missing} does not "
            "exist: add the original, or delete translated_from if this text is the original"))
    values_o = validate(raw_o, ctx_original) if not raw_o.problems else {}
    original = None
    if not raw_o.problems:
        original = build_article(key, original_lang, raw_o, values_o, is_translation=False)
        result.articles.append(original)
    result.problems.extend(raw_o.problems)
    result.warnings.extend(raw_o.warnings)

    for lang in present[1:]:
        raw_t = raws[(key, lang)]
        values_t = validate(raw_t, ctx_translation) if not raw_t.problems else {}
        if original is not None and not raw_t.problems:
            _check_inherited(raw_t, values_t, values_o, original)
        if original is not None and not raw_t.problems:
            merged = {name: values_o[name] for name in INHERITED if name in values_o}
            merged.update(values_t)
            translation = build_article(key, lang, raw_t, merged, is_translation=True)
            translation = replace(translation, id=original.id, slug=original.slug)
            stale = _staleness(raw_t, translation, original, result)
            translation.extra["stale"] = stale
            result.articles.append(translation)
        elif original is None and not raw_t.problems:
            raw_t.problems.append(Problem(raw_t.path, None, "file",
                                          f"the original {raw_o.path} has errors; fix it first"))
        result.problems.extend(raw_t.problems)
        result.warnings.extend(raw_t.warnings)


_ITEMS = "\0items"   # the memo's entry for validated items (its other keys are file paths)


def _context_key(registry, languages: dict, tz) -> str:
    """What validating an item depends on besides its own files."""
    parts = [repr(registry), str(tz)]
    for code, lang in languages.items():
        parts.append((code, sorted(lang.bylines.items())))
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def _check_inherited(raw_t, values_t: dict, values_o: dict, original: Article) -> None:
    for name in INHERITED:
        if name in values_t and name in values_o and values_t[name] != values_o[name]:
            mine = _show(raw_t.meta.get(name))
            theirs = original.date.isoformat() if name == "date" else getattr(original, name, None)
            theirs = _show(list(theirs) if isinstance(theirs, tuple) else theirs)
            raw_t.problems.append(Problem(
                raw_t.path, raw_t.line(name), name,
                f"differs from the original ({original.path}): {mine} here, {theirs} there; a translation "
                f"shares {name} with its original — remove the field or make it equal"))
        elif name in values_t and name not in values_o:
            raw_t.problems.append(Problem(
                raw_t.path, raw_t.line(name), name,
                f"set only in the translation; set it in the original ({original.path}) so both languages share it"))


def _staleness(raw_t, translation: Article, original: Article, result: LoadResult) -> bool:
    current = fingerprint(original.title, original.body)
    if translation.translated_from is None:
        result.warnings.append(Problem(
            raw_t.path, 1, "translated_from",
            f"no fingerprint of the original; after checking the translation against {original.path} "
            f"run `bulletin translated {raw_t.path}` (it writes translated_from: {current})", "warning"))
        return False
    if translation.translated_from != current:
        result.warnings.append(Problem(
            raw_t.path, raw_t.line("translated_from"), "translated_from",
            f"stale translation: the original {original.path} changed after this translation was made "
            f"(fingerprint {translation.translated_from} → {current}); update the translation, then run "
            f"`bulletin translated {raw_t.path}`", "warning"))
        return True
    return False
