"""The project's data files — registries (data/units/, data/topics.yml) and UI strings
(data/i18n/<lang>.yml) — read together, with every problem collected instead of raised.

Each file is parsed by the one YAML loader (bulletin.content.yaml12) and type-checked against its
shape (bulletin.content.shapes) *before* anything uses it, so a wrong type is a message with a line
(``data/units.yml:12: units[3].aliases: expected a list of text but received int 5``), never a
``TypeError`` deep in the build. Beyond types:

- an alias (or name) claimed by two units, or by two topics, is an error: the importer and search
  would otherwise find neither;
- every UI string and byline label of the first language must exist in the others, a text's
  ``{placeholders}`` must be ones the first language's text uses, and each date pattern must be one
  Babel can format.

A file with problems does not stop the others: the caller gets what could be loaded (a registry
part that failed is empty and listed in ``unchecked``; a language file that failed is read leniently)
so articles (their links too) are still validated in the same run — a data error hides no article
error.
"""

from __future__ import annotations

import datetime as dt
import string
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import shapes, yaml12
from .i18n import Language, Strings
from .model import Problem
from .registry import Registry
from .shapes import TEXT, Each, Maybe
from .text import fold, nfc

NAMES = {"vi": TEXT, "en": TEXT}
UNITS = {"units": [{"id": TEXT, "name": NAMES, "short?": Maybe(NAMES), "aliases?": Maybe([TEXT]),
                    "parent?": Maybe(TEXT)}]}
TOPICS = {"topics": [{"id": TEXT, "name": NAMES, "short?": Maybe(NAMES), "aliases?": Maybe([TEXT]),
                      "description?": Maybe(NAMES)}]}
ROUTES = ("units", "topics", "archive", "page", "subscribe", "feeds", "digest")
DATES = ("long", "long_time", "short", "month", "year", "digest_month")
LANGUAGE = {"code": TEXT, "name": TEXT, "locale": TEXT, "site_name": TEXT, "site_description?": Maybe(TEXT),
            "routes": {"prefix?": Maybe(TEXT), **{k: TEXT for k in ROUTES}},
            "dates": {k: TEXT for k in DATES}, "bylines": Each(TEXT), "ui": Each(TEXT)}
SAMPLE_DAY = dt.datetime(2024, 1, 2, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@dataclass
class Data:
    registry: Registry
    languages: dict
    registry_problems: list = field(default_factory=list)
    language_problems: list = field(default_factory=list)
    unchecked: frozenset = frozenset()     # "units" / "topics": that registry failed; ids are not checked

    @property
    def problems(self) -> list:
        return self.registry_problems + self.language_problems


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def parse_file(path: Path, where: str, shape, problems: list[Problem]):
    """(node, value) of a data file checked against *shape*, or (None, None) with problems."""
    ok, parsed = yaml12.read_data(path, where, problems, yaml12.parse)
    if not ok:
        return None, None
    node, value = parsed
    found = shapes.check(value, node, shape, where)
    problems.extend(found)
    return (node, value) if not found else (None, None)


def parse_entries(path: Path, where: str, top: str, shape, problems: list[Problem]):
    """(node, value) of a registry, with the entries that break *shape* left out (and reported), or
    (None, None) when the file as a whole cannot be used."""
    parsed: list[Problem] = []
    node, value = parse_file(path, where, {top: [{}]}, parsed)   # the file and its list of entries
    problems.extend(parsed)
    if node is None:
        return None, None
    entries = shapes._pairs(node)[top][1].value
    keep_values, keep_nodes = [], []
    for i, (entry, entry_node) in enumerate(zip(value[top], entries), 1):
        found = shapes.check(entry, entry_node, shape[top][0], where, f"{top}[{i}]")
        problems.extend(found)
        if not found:
            keep_values.append(entry)
            keep_nodes.append(entry_node)
    value = dict(value, **{top: keep_values})
    node = yaml.MappingNode("tag:yaml.org,2002:map",
                            [(k, yaml.SequenceNode("tag:yaml.org,2002:seq", keep_nodes) if k.value == top else v)
                             for k, v in node.value])
    return node, value


def _plain(value):
    """A value the YAML dumper can write (the loader's numbers become the text they were)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, yaml12.Number):
        return value.text
    return value


def claimed_twice(node, value, top: str, where: str) -> list[Problem]:
    """An alias or name that two entries of data/<top>.yml claim (compared folded: 'BQP' = 'bqp')."""
    problems = []
    owner: dict[str, str] = {}
    entries = shapes._pairs(node)[top][1].value
    for i, (entry, entry_node) in enumerate(zip(value[top], entries), 1):
        ident = str(entry["id"])
        alias_node = shapes._pairs(entry_node).get("aliases", (None, None))[1]
        items = alias_node.value if isinstance(alias_node, yaml.SequenceNode) else []
        for alias, alias_item in zip(entry.get("aliases") or (), items):
            text = yaml12.as_text(alias)
            key = fold(nfc(str(text))).strip()
            other = owner.setdefault(key, ident)
            if other != ident:
                problems.append(Problem(where, alias_item.start_mark.line + 1, f"{top}[{i}].aliases",
                                        f"alias '{text}' is claimed by both {other} and {ident}: an alias names "
                                        f"one {top[:-1]} only; remove it from one of them"))
    return problems


def load_registry(data_path: Path, root: Path) -> tuple[Registry, list[Problem], frozenset]:
    """The registries, with every problem. Units: data/units.yml and/or data/units/*.yml, read by the
    registry's own loader, which checks each value's type and the registry as a whole (history,
    cycles, names claimed by two units at the same time: bulletin.content.lineage). Topics: an entry
    that breaks the shape is left out (and reported), so the other entries still count. A part that
    cannot be used at all is empty and *unchecked* (its ids are not checked in articles)."""
    from . import lineage
    from .registry import unit_files

    problems: list[Problem] = []
    unchecked = set()
    own: list[Problem] = []
    units, removed, groups = Registry._load_units(unit_files(data_path), root, own)
    topics: dict = {}
    path = data_path / "topics.yml"
    where = _rel(path, root)
    topic_problems: list[Problem] = []
    node, value = parse_entries(path, where, "topics", TOPICS, topic_problems)
    if node is None:
        unchecked.add("topics")
    else:
        topic_problems.extend(claimed_twice(node, value, "topics", where))
        loaded: list[Problem] = []
        with tempfile.TemporaryDirectory(prefix="bulletin-registry-") as tmp:
            clean = Path(tmp) / path.name   # the registry's own loader reads the entries that passed
            clean.write_text(yaml.safe_dump(_plain(value), allow_unicode=True, sort_keys=False), encoding="utf-8")
            topics = Registry._load_topics(clean, Path(tmp), loaded)
        topic_problems.extend(Problem(where, p.line, p.field, p.message) for p in loaded)
        if loaded:
            topics = {}
            unchecked.add("topics")
    # An entry with a wrong value was left out (and reported): the others still count. A broken tree or
    # history (an unknown parent, a cycle …) cannot be walked safely: then unit ids go unchecked.
    registry = Registry(units=units, topics=topics, removed=removed, groups=groups)
    unreadable = any(not p.field for p in own)      # a whole file could not be read: its units are missing
    structure = lineage.validate(registry, names=False)
    own.extend(structure + lineage.name_clashes(units))
    if structure or unreadable or not units:
        registry = Registry(units={}, topics=topics, removed=removed, groups=groups)
        unchecked.add("units")
    problems.extend(own + topic_problems)
    return registry, problems, frozenset(unchecked)


def load_languages(data_path: Path, codes: list[str], root: Path) -> tuple[dict, list[Problem]]:
    problems: list[Problem] = []
    raws = {}
    for code in codes:
        path = data_path / "i18n" / f"{code}.yml"
        where = _rel(path, root)
        own: list[Problem] = []
        node, value = parse_file(path, where, LANGUAGE, own)
        if node is None:
            value = _lenient(path)
        raws[code] = (where, node, value)
        problems.extend(own)
    first = codes[0]
    first_where, first_node, first_raw = raws[first]
    for code, (where, node, raw) in raws.items():
        if node is None:
            continue
        problems.extend(_strings(code, where, node, raw, first, first_where, first_raw if code != first else None))
    # A key missing (reported above) takes the first language's value, then its own name, so that
    # addresses can still be computed and every article still checked in this run.
    fallback = {"routes": {k: k for k in ROUTES}, "dates": {k: "yyyy-MM-dd" for k in DATES}}
    for section in fallback:
        fallback[section].update(_text_map(first_raw.get(section)))
    languages = {code: _language(code, raw, fallback) for code, (_w, _n, raw) in raws.items()}
    return languages, problems


def _lenient(path: Path) -> dict:
    """Whatever of a broken language file can be used to keep validating articles."""
    try:
        raw = yaml12.load(path.read_text(encoding="utf-8"))
    except Exception:   # noqa: BLE001 - already reported by parse_file
        raw = None
    return raw if isinstance(raw, dict) else {}


def _mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def _text_map(value) -> dict:
    return {str(k): nfc(str(yaml12.as_text(v))) for k, v in _mapping(value).items()
            if isinstance(v, (str, int, float)) and not isinstance(v, bool)}


def _language(code: str, raw: dict, fallback: dict) -> Language:
    def text(key, default=""):
        value = raw.get(key, default)
        return nfc(str(yaml12.as_text(value))) if isinstance(value, (str, int, float)) else default

    return Language(code=text("code", code) or code, name=text("name", code) or code, locale=text("locale", "vi_VN"),
                    site_name=text("site_name"), site_description=text("site_description"),
                    routes={**fallback["routes"], **_text_map(raw.get("routes"))},
                    date_patterns={**fallback["dates"], **_text_map(raw.get("dates"))},
                    bylines=_text_map(raw.get("bylines")), ui=Strings(_text_map(raw.get("ui"))))


def _fields(text: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _lit, name, _spec, _conv in string.Formatter().parse(text)
            if name is not None}


def _strings(code, where, node, raw, first, first_where, first_raw) -> list[Problem]:
    """Dates Babel can format; UI strings and bylines that the first language has; known placeholders."""
    from babel.core import Locale, UnknownLocaleError
    from babel.dates import format_datetime

    problems = []
    pairs = shapes._pairs(node)
    try:
        Locale.parse(str(raw["locale"]))
    except (UnknownLocaleError, ValueError, TypeError):
        problems.append(Problem(where, pairs["locale"][1].start_mark.line + 1, "locale",
                                f"unknown locale '{raw['locale']}' (expected a Babel locale like vi_VN or en_US)"))
        return problems
    date_pairs = shapes._pairs(pairs["dates"][1])
    for key in DATES:
        try:
            format_datetime(SAMPLE_DAY, str(raw["dates"][key]), locale=str(raw["locale"]))
        except Exception as exc:   # noqa: BLE001 - Babel raises several kinds for a bad pattern
            problems.append(Problem(where, date_pairs[key][1].start_mark.line + 1, f"dates.{key}",
                                    f"not a date pattern Babel can use ({exc}); e.g. \"EEEE, d MMMM yyyy\""))
    for section in ("ui", "bylines"):
        section_pairs = shapes._pairs(pairs[section][1])
        for key, value in raw[section].items():
            text = str(yaml12.as_text(value))
            line = section_pairs[key][1].start_mark.line + 1 if key in section_pairs else None
            try:
                used = _fields(text)
            except ValueError as exc:
                problems.append(Problem(where, line, f"{section}.{key}", f"not a valid text with {{placeholders}} "
                                        f"({exc}); write '{{{{' for a literal brace"))
                continue
            if first_raw is not None and section == "ui" and key in _mapping(first_raw.get("ui")):
                try:
                    allowed = _fields(str(yaml12.as_text(first_raw["ui"][key])))
                except ValueError:
                    continue
                extra = sorted(used - allowed)
                if extra:
                    problems.append(Problem(where, line, f"{section}.{key}", "uses {" + "}, {".join(extra) + "}, which "
                                            f"{first_where} does not (the build gives only "
                                            + (", ".join("{" + a + "}" for a in sorted(allowed)) or "no value") + ")"))
        if first_raw is not None:
            for key in _mapping(first_raw.get(section)):
                if key not in raw[section]:
                    problems.append(Problem(where, pairs[section][0].start_mark.line + 1, f"{section}.{key}",
                                            f"missing: {first_where} has it; add the text in this language"))
    return problems


def load(settings) -> Data:
    """Registries and UI strings of *settings* (bulletin.content.settings.Settings), every problem collected."""
    registry, problems, unchecked = load_registry(settings.data_path, settings.root)
    registry.unchecked = unchecked   # read by loader.make_context: ids of a failed registry are not checked
    languages, language_problems = load_languages(settings.data_path, settings.languages, settings.root)
    return Data(registry=registry, languages=languages, registry_problems=problems,
                language_problems=language_problems, unchecked=unchecked)
