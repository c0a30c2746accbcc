"""Equivalent spellings for search, taken from the registries (and data/search.yml).

A reader may type an abbreviation or its full form: "CCHC" or "cải cách hành chính", "QK4" or
"Quân khu 4", "Bộ CHQS" or "Bộ Chỉ huy Quân sự". This module turns data/units/ and
data/topics.yml into *groups* of equivalent phrases, per language; the search box expands a query
with them (docs/assets/search/search.js). Nothing here is hard-coded: there are two sources,

1. every unit and topic: its name, its short form and (in Vietnamese) its aliases are one group;
2. every abbreviation written in those texts ("Bộ CHQS tỉnh Nghệ An", "Tổng Công ty HTKT QK4") is
   paired with the run of words of the same item whose initials spell it ("Chỉ huy Quân sự",
   "Hợp tác kinh tế", "Quân khu 4"), so that an abbreviation inside a longer name is understood.

data/search.yml may add groups the registries do not hold, and the function words that an English
abbreviation skips ("MND" = Ministry *of* National Defence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..content.model import Problem
from ..content.text import fold, nfc

_WORD = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"\d+")


class SearchDataError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class SearchData:
    """The optional data/search.yml: extra synonym groups and function words, per language."""

    synonyms: dict[str, list[list[str]]] = field(default_factory=dict)
    skip_words: dict[str, set[str]] = field(default_factory=dict)


def words(text: str) -> list[str]:
    """The words of *text* (letters and digits), punctuation dropped: 'Văn thư, lưu trữ' → 3 words."""
    return _WORD.findall(nfc(text))


def norm(text: str) -> str:
    """The comparison form of a phrase: folded words joined by one space ('Quân khu 4' → 'quan khu 4')."""
    return " ".join(fold(w) for w in words(text))


def is_abbreviation(token: str) -> bool:
    """'CCHC', 'CĐS', 'QK4', 'TP' are; 'Quân', '06', 'A' are not."""
    letters = [c for c in token if c.isalpha()]
    # the cheap test first: most words of the registry's names are not in capitals
    return bool(letters) and all(c.isupper() for c in letters) and len(_units(token)) >= 2


def _units(token: str) -> list[str]:
    """What an abbreviation spells: each letter (folded) and each run of digits ('QK4' → q, k, 4)."""
    out: list[str] = []
    for m in re.finditer(r"\d+|[^\W\d_]", token):
        out.append(m.group() if m.group().isdigit() else fold(m.group()))
    return out


def _initial(word: str) -> str:
    return word if word.isdigit() else fold(word[0])


def expand_abbreviation(token: str, phrase: str, skip: set[str] = frozenset()) -> str | None:
    """The run of words of *phrase* whose initials spell *token*, or None.

    >>> expand_abbreviation("CHQS", "Bộ Chỉ huy Quân sự tỉnh Nghệ An")
    'Chỉ huy Quân sự'

    Words in *skip* (folded, e.g. 'of') may sit inside the run without an initial:
    'MND' → 'Ministry of National Defence'.
    """
    target = _units(token)
    ws = words(phrase)
    for start in range(len(ws)):
        i, k = start, 0
        while i < len(ws) and k < len(target):
            if _initial(ws[i]) == target[k]:
                i, k = i + 1, k + 1
            elif k > 0 and fold(ws[i]) in skip:
                i += 1
            else:
                break
        if k == len(target) and i - start > 1:
            return " ".join(ws[start:i])
    return None


def _texts(item, lang: str) -> list[str]:
    texts = [item.name.get(lang), item.short.get(lang)]
    if lang == "vi":
        texts += list(item.aliases)
    else:
        # Vietnamese abbreviations ("CCHC", "QK4") are also what an English reader may type.
        texts += [t for t in (item.short.vi, *item.aliases) if all(is_abbreviation(w) for w in words(t))]
    return texts


def groups_for(registry, lang: str, data: SearchData | None = None) -> list[list[str]]:
    """Groups of equivalent phrases for *lang*, each with at least two different phrases.

    Order is stable (registry order): the units, then the topics, then the derived
    abbreviation pairs, then the extra groups of data/search.yml.
    """
    data = data or SearchData()
    skip = data.skip_words.get(lang, set())
    raw: list[list[str]] = []
    items = [*registry.units.values(), *registry.topics.values()]
    for item in items:
        raw.append(_texts(item, lang))
    pairs: list[list[str]] = []
    for item in items:
        texts = _texts(item, lang)
        for text in texts:
            for token in words(text):
                if not is_abbreviation(token):
                    continue
                for other in texts:
                    full = expand_abbreviation(token, other, skip)
                    if full:
                        pairs.append([token, full])
                        break
    raw += pairs
    raw += data.synonyms.get(lang, [])
    out: list[list[str]] = []
    seen_groups: set[tuple] = set()
    for group in raw:
        members: list[str] = []
        keys: set[str] = set()
        for phrase in group:
            key = norm(phrase)
            if key and key not in keys:
                keys.add(key)
                members.append(nfc(phrase).strip())
        signature = tuple(sorted(keys))
        if len(members) >= 2 and signature not in seen_groups:
            seen_groups.add(signature)
            out.append(members)
    return out


# -- data/search.yml ---------------------------------------------------------------------------

def load_search_data(path: str | Path, languages) -> SearchData:
    """Read data/search.yml (optional: a missing file means no extra data).

    Raises :class:`SearchDataError` naming the file, line and field of every problem.
    """
    path = Path(path)
    if not path.is_file():
        return SearchData()
    where = str(path)
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SearchDataError([Problem(where, mark.line + 1 if mark else None, "",
                                       f"invalid YAML: {getattr(exc, 'problem', exc)}")]) from None
    problems: list[Problem] = []
    data = SearchData()
    if root is None:
        return data
    if not isinstance(root, yaml.MappingNode):
        raise SearchDataError([Problem(where, root.start_mark.line + 1, "",
                                       "expected a mapping with 'synonyms:' and/or 'acronym_skip_words:'")])
    for key_node, value_node in root.value:
        key = key_node.value
        if key == "synonyms":
            data.synonyms = _per_language(value_node, where, "synonyms", languages, problems, _group)
        elif key == "acronym_skip_words":
            lists = _per_language(value_node, where, "acronym_skip_words", languages, problems, _scalar)
            data.skip_words = {lang: {fold(w) for w in ws} for lang, ws in lists.items()}
        else:
            problems.append(Problem(where, key_node.start_mark.line + 1, key,
                                    "unknown key; expected 'synonyms' or 'acronym_skip_words'"))
    if problems:
        raise SearchDataError(problems)
    return data


def _per_language(node, where, name, languages, problems, item_reader) -> dict[str, list]:
    out: dict[str, list] = {}
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(where, node.start_mark.line + 1, name,
                                f"expected a mapping of language codes ({', '.join(languages)}) to lists"))
        return out
    for lang_node, list_node in node.value:
        lang = lang_node.value
        fld = f"{name}.{lang}"
        if lang not in languages:
            problems.append(Problem(where, lang_node.start_mark.line + 1, fld,
                                    f"unknown language '{lang}'; expected one of {', '.join(languages)}"))
            continue
        if not isinstance(list_node, yaml.SequenceNode):
            problems.append(Problem(where, list_node.start_mark.line + 1, fld, "expected a list"))
            continue
        items = []
        for i, item_node in enumerate(list_node.value, 1):
            value = item_reader(item_node, where, f"{fld}[{i}]", problems)
            if value is not None:
                items.append(value)
        out[lang] = items
    return out


def _scalar(node, where, fld, problems):
    if isinstance(node, yaml.ScalarNode) and node.value.strip():
        return nfc(node.value.strip())
    problems.append(Problem(where, node.start_mark.line + 1, fld, "expected a word"))
    return None


def _group(node, where, fld, problems):
    ok = isinstance(node, yaml.SequenceNode) and len(node.value) >= 2 and all(
        isinstance(n, yaml.ScalarNode) and words(n.value) for n in node.value)
    if not ok:
        problems.append(Problem(where, node.start_mark.line + 1, fld,
                                "expected a list of at least two phrases that mean the same, "
                                "e.g. [CNTT, công nghệ thông tin]"))
        return None
    return [nfc(n.value.strip()) for n in node.value]
