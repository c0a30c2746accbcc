"""Pairing originals and translations, inheritance of shared fields, stale-translation detection.

An article is a file key (``articles/2023/<key>.vi.md``) with one file per language. The
original is the file in the first configured language that exists (Vietnamese first). A
translation inherits unit, topics, date, id, bylines, source and image from the original; if
it repeats one, it must be equal. It records ``translated_from:`` — the fingerprint of the
original's title and text when it was translated — so a later change of the original is seen
on any clone, without git history.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .loader import build_article, fingerprint, load_raw, LoadResult, make_context, validate
from .model import Article, Problem
from .schema import _show, FIELDS

INHERITED = tuple(name for name, f in FIELDS.items() if f.inherited)


def load_articles(root: Path, articles_dir: Path, registry, languages: dict, tz, memo: dict | None = None) -> LoadResult:
    """Load and validate every article file of every language. Never raises for bad input.
    (*memo*: see :func:`bulletin.content.loader.load_raw`.)"""
    codes = list(languages)
    raws, result = load_raw(root, articles_dir, codes, memo)
    ctx_original = make_context(registry, languages, tz, is_translation=False)
    ctx_translation = make_context(registry, languages, tz, is_translation=True)

    keys: dict[str, list[str]] = {}
    for key, lang in raws:
        keys.setdefault(key, []).append(lang)

    for key in sorted(keys):
        present = sorted(keys[key], key=codes.index)
        original_lang = present[0]
        raw_o = raws[(key, original_lang)]
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
    return result


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
