"""Units and topics: closed registries loaded from data files, with suggestions for typos.

Units come from ``data/units.yml`` and/or every ``data/units/*.yml`` (read in name order); each
file cites its sources (``sources:``) and lists ``units:``; a file may also list ``removed:`` ids
that must never be used again. A unit may carry its history — ``valid_from``, ``valid_to`` (last
day, inclusive), ``successors`` and ``change`` (merged, renamed, split, dissolved) — which
:mod:`bulletin.content.lineage` checks and answers questions about.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import yaml12
from .frontmatter_io import safe_load
from .model import Group, Names, Problem, Removed, Topic, Unit
from .text import fold, nfc

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CHANGES = ("merged", "renamed", "split", "dissolved")
UNIT_KEYS = {"id", "name", "short", "aliases", "parent", "valid_from", "valid_to", "successors", "change", "menu"}


class RegistryError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(str(text)))


def suggest(value: str, choices, n: int = 1) -> list[str]:
    """Closest choices to *value*, comparing folded forms without punctuation ('qk-4' → 'qk4').

    *choices* is an iterable of ids, or a mapping {text that may be typed: id}.
    """
    mapping = choices if isinstance(choices, dict) else {c: c for c in choices}
    by_squashed: dict[str, str] = {}
    for text, ident in mapping.items():
        by_squashed.setdefault(_squash(text), ident)
    target = _squash(value)
    if target in by_squashed:
        return [by_squashed[target]]
    found = difflib.get_close_matches(target, list(by_squashed), n=n * 3, cutoff=0.6)
    out: list[str] = []
    for f in found:
        if by_squashed[f] not in out:
            out.append(by_squashed[f])
    return out[:n]


def _names(raw, where: str, line, key: str, problems: list[Problem], required: bool = True) -> Names | None:
    if raw is None and not required:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("vi"), str) or not isinstance(raw.get("en"), str):
        problems.append(Problem(where, line, key, f"expected a mapping {{vi: …, en: …}} but received {raw!r}"))
        return None
    extra = [k for k in raw if k not in ("vi", "en", "order")]
    if extra:   # {vi: Lữ đoàn 171, Vùng 2 Hải quân, …}: a comma inside an unquoted name splits it
        problems.append(Problem(where, line, key, f"unexpected key(s) {extra} beside vi and en: a name with a comma "
                                                  f"must be quoted, e.g. {{vi: \"Lữ đoàn 171, Vùng 2 Hải quân\", en: …}}"))
        return None
    return Names(vi=nfc(raw["vi"]).strip(), en=nfc(raw["en"]).strip())


class _Lines:
    """Line numbers of a data file's entries, found only when a message needs one."""

    def __init__(self, text: str):
        self.text = text
        self._entries: dict[tuple[str, int], tuple[int, dict[str, int]]] | None = None

    def _parse(self) -> dict:
        out: dict = {}
        try:
            # libyaml (same marks, ten times faster: every unit asks for its lines) on shallow text
            fast = yaml12.FastCoreLoader is not None and yaml12._shallow(self.text)
            root = yaml.compose(self.text, Loader=yaml.CSafeLoader if fast else yaml.SafeLoader)
        except yaml.YAMLError:
            return out
        if not isinstance(root, yaml.MappingNode):
            return out
        for key, value in root.value:
            if isinstance(value, yaml.SequenceNode):
                for i, item in enumerate(value.value):
                    keys = {}
                    if isinstance(item, yaml.MappingNode):
                        keys = {k.value: v.start_mark.line + 1 for k, v in item.value if isinstance(k, yaml.ScalarNode)}
                    out[(key.value, i)] = (item.start_mark.line + 1, keys)
            out[(key.value, -1)] = (key.start_mark.line + 1, {})
        return out

    def of(self, top: str, index: int, key: str | None = None) -> int | None:
        if self._entries is None:
            self._entries = self._parse()
        line, keys = self._entries.get((top, index), (None, {}))
        return keys.get(key, line) if key else line


@dataclass
class Registry:
    units: dict[str, Unit]
    topics: dict[str, Topic]
    removed: dict[str, Removed] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    unit_files: tuple[str, ...] = ()

    # -- loading ---------------------------------------------------------------------------
    @classmethod
    def load(cls, data_dir: str | Path) -> "Registry":
        from . import lineage

        data_dir = Path(data_dir)
        problems: list[Problem] = []
        files = unit_files(data_dir)
        units, removed, groups = cls._load_units(files, data_dir.parent, problems)
        topics = cls._load_topics(data_dir / "topics.yml", data_dir.parent, problems)
        registry = cls(units=units, topics=topics, removed=removed, groups=groups,
                       unit_files=tuple(_shown(f, data_dir.parent) for f in files))
        if not problems:
            problems.extend(lineage.validate(registry))
        if problems:
            raise RegistryError(problems)
        return registry

    @staticmethod
    def _read(path: Path, where: str, problems: list[Problem]) -> tuple[dict | None, _Lines | None]:
        ok, raw = yaml12.read_data(path, where, problems, safe_load)
        if not ok:
            return None, None
        if not isinstance(raw, dict):
            problems.append(Problem(where, None, "", "expected a mapping with a list 'units:' or 'topics:'"))
            return None, None
        return raw, _Lines(path.read_text(encoding="utf-8"))

    @classmethod
    def _load_units(cls, files: list[Path], base: Path, problems: list[Problem]):
        units: dict[str, Unit] = {}
        removed: dict[str, Removed] = {}
        groups: dict[str, Group] = {}
        if not files:
            problems.append(Problem("data/units.yml", None, "", "file not found (nor a folder data/units/)"))
        for path in files:
            where = _shown(path, base)
            raw, lines = cls._read(path, where, problems)
            if raw is None:
                continue
            group = raw.get("group")
            group_key = ""
            if group is not None:
                names = _names(group, where, lines.of("group", -1), "group", problems)
                order = group.get("order", 100) if isinstance(group, dict) else 100
                if names is not None:
                    group_key = names.vi
                    groups.setdefault(group_key, Group(key=group_key, name=names,
                                                       order=order if isinstance(order, int) else 100))
            if not isinstance(raw.get("units"), list):
                problems.append(Problem(where, lines.of("units", -1), "units", "expected a list 'units:'"))
                continue
            sources = raw.get("sources")
            if path.parent.name == "units" and (not isinstance(sources, list) or not sources or not all(
                    isinstance(s, dict) and isinstance(s.get("url"), str) for s in sources)):
                problems.append(Problem(where, lines.of("sources", -1) or 1, "sources",
                                        "expected a list of public sources [{url: …, what: …}] for the units of this file"))
            for i, entry in enumerate(raw.get("removed") or ()):
                ident = entry.get("id") if isinstance(entry, dict) else None
                line = lines.of("removed", i)
                if not isinstance(ident, str) or not ID_PATTERN.match(ident):
                    problems.append(Problem(where, line, f"removed[{i + 1}].id", f"expected an id but received {ident!r}"))
                    continue
                reason = _names(entry.get("reason"), where, line, f"removed {ident}.reason", problems)
                suggest_ids = tuple(str(s) for s in entry.get("suggest") or ())
                if reason is not None:
                    removed[ident] = Removed(id=ident, reason=reason, suggest=suggest_ids, path=where, line=line)
            for i, entry in enumerate(raw["units"]):
                unit = cls._unit(entry, i, where, lines, problems, group_key)
                if unit is None:
                    continue
                if unit.id in units:
                    other = units[unit.id]
                    problems.append(Problem(where, unit.line, f"{unit.id}.id",
                                            f"duplicate unit id '{unit.id}' (first at {other.path}:{other.line})"))
                    continue
                units[unit.id] = unit
        for ident, gone in removed.items():
            if ident in units:
                u = units[ident]
                problems.append(Problem(u.path, u.line, f"{ident}.id",
                                        f"id '{ident}' was removed ({gone.path}:{gone.line}: {gone.reason.en}) and may never be used again"))
        return units, removed, groups

    @staticmethod
    def _unit(raw, i: int, where: str, lines: _Lines, problems: list[Problem], group: str = "") -> Unit | None:
        line = lines.of("units", i)
        ident = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(ident, str) or not ID_PATTERN.match(ident):
            problems.append(Problem(where, line, f"units[{i + 1}].id",
                                    f"expected an ASCII id like 'qk4' but received {ident!r}"))
            return None
        ok = True
        for key in raw:
            if key not in UNIT_KEYS:
                hint = suggest(str(key), sorted(UNIT_KEYS))
                problems.append(Problem(where, lines.of("units", i, key), f"{ident}.{key}", "unknown field"
                                        + (f"; did you mean '{hint[0]}'?" if hint else f" (expected one of {sorted(UNIT_KEYS)})")))
                ok = False
        name = _names(raw.get("name"), where, lines.of("units", i, "name"), f"{ident}.name", problems)
        short = _names(raw.get("short") or raw.get("name"), where, lines.of("units", i, "short"), f"{ident}.short", problems)
        dates = {}
        for key in ("valid_from", "valid_to"):
            value = raw.get(key)
            day = _day(value)
            if value is not None and day is None:
                problems.append(Problem(where, lines.of("units", i, key), f"{ident}.{key}",
                                        f"expected a date like 2025-07-01 but received {str(value)!r}"))
                ok = False
            dates[key] = day
        successors = raw.get("successors") or ()
        if isinstance(successors, str):
            successors = (successors,)
        if not isinstance(successors, (list, tuple)) or not all(isinstance(s, str) for s in successors):
            problems.append(Problem(where, lines.of("units", i, "successors"), f"{ident}.successors",
                                    f"expected a list of unit ids but received {successors!r}"))
            successors, ok = (), False
        change = raw.get("change")
        if change is not None and change not in CHANGES:
            problems.append(Problem(where, lines.of("units", i, "change"), f"{ident}.change",
                                    f"expected one of {', '.join(CHANGES)} but received {change!r}"))
            ok = False
        aliases = raw.get("aliases") or ()
        if not isinstance(aliases, (list, tuple)):
            problems.append(Problem(where, lines.of("units", i, "aliases"), f"{ident}.aliases",
                                    f"expected a list of names but received {aliases!r}"))
            aliases, ok = (), False
        parent = raw.get("parent")
        if parent is not None and not isinstance(parent, str):
            problems.append(Problem(where, lines.of("units", i, "parent"), f"{ident}.parent",
                                    f"expected a unit id or null but received {parent!r}"))
            ok = False
        if name is None or short is None or not ok:
            return None
        return Unit(id=ident, name=name, short=short, parent=parent,
                    aliases=tuple(nfc(str(a)).strip() for a in aliases),
                    valid_from=dates["valid_from"], valid_to=dates["valid_to"],
                    successors=tuple(successors), change=change, menu=bool(raw.get("menu")), group=group,
                    path=where, line=line, lines={k: lines.of("units", i, k) for k in ("parent", "successors",
                                                                                      "valid_from", "valid_to",
                                                                                      "aliases", "name")})

    @classmethod
    def _load_topics(cls, path: Path, base: Path, problems: list[Problem]) -> dict[str, Topic]:
        where = _shown(path, base)
        raw, lines = cls._read(path, where, problems)
        if raw is None:
            return {}
        if not isinstance(raw.get("topics"), list):
            problems.append(Problem(where, None, "topics", "expected a mapping with a list 'topics:'"))
            return {}
        topics: dict[str, Topic] = {}
        for i, entry in enumerate(raw["topics"]):
            line = lines.of("topics", i)
            tid = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(tid, str) or not ID_PATTERN.match(tid):
                problems.append(Problem(where, line, f"topics[{i + 1}].id",
                                        f"expected an ASCII id like 'cchc' but received {tid!r}"))
                continue
            if tid in topics:
                problems.append(Problem(where, line, f"topics[{i + 1}].id", f"duplicate topic id '{tid}'"))
                continue
            name = _names(entry.get("name"), where, line, f"{tid}.name", problems)
            short = _names(entry.get("short") or entry.get("name"), where, line, f"{tid}.short", problems)
            if name is None or short is None:
                continue
            topics[tid] = Topic(id=tid, name=name, short=short, aliases=tuple(nfc(str(a)) for a in entry.get("aliases") or ()),
                                description=_names(entry.get("description"), where, line, f"{tid}.description",
                                                   problems, required=False))
        return topics

    # -- queries ---------------------------------------------------------------------------
    @property
    def root(self) -> Unit:
        return next(u for u in self.units.values() if u.parent is None)

    def ancestors(self, unit_id: str) -> list[str]:
        """The unit's parents, nearest first (not including the unit itself)."""
        out = []
        cur = self.units[unit_id].parent
        while cur is not None:
            out.append(cur)
            cur = self.units[cur].parent
        return out

    def children(self, unit_id: str) -> list[Unit]:
        kids = self._children().get(unit_id, [])
        return list(kids)

    def _children(self) -> dict[str, list[Unit]]:
        cache = self.__dict__.get("_children_cache")
        if cache is None:
            from .text import sort_key
            cache = {}
            for u in self.units.values():
                if u.parent is not None:
                    cache.setdefault(u.parent, []).append(u)
            for kids in cache.values():
                kids.sort(key=lambda u: (u.valid_to is not None, sort_key(re.sub(r"\d+", "", u.name.vi)),
                                         _natural(u.name.vi)))
            self.__dict__["_children_cache"] = cache
        return cache

    def depth(self, unit_id: str) -> int:
        return len(self.ancestors(unit_id))

    def menu_units(self) -> list[Unit]:
        """The units the navigation lists: those marked ``menu: true`` in the data (the root first,
        then by group, in data order); without any mark, the root and its children of today."""
        marked = [u for u in self.units.values() if u.menu]
        if marked:
            order = {key: g.order for key, g in self.groups.items()}
            return sorted(marked, key=lambda u: (u.parent is not None, order.get(u.group, 1000)))
        return [self.root, *(u for u in self.children(self.root.id) if u.valid_to is None)]

    def suggest_unit(self, value: str) -> list[str]:
        removed = self.removed.get(value)
        if removed is not None:
            return [s for s in removed.suggest if s in self.units]
        return suggest(value, self._unit_lookup_names())

    def suggest_topic(self, value: str) -> list[str]:
        return suggest(value, self._topic_lookup_names())

    def _unit_lookup_names(self) -> dict[str, str]:
        return _lookup(self.units.values())

    def _topic_lookup_names(self) -> dict[str, str]:
        return _lookup(self.topics.values())


def _day(value) -> dt.date | None:
    """A YAML date: the loader keeps timestamps as text (YAML 1.2 core), so '2025-07-01' → a date."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _shown(path: Path, base: Path) -> str:
    """A data file as messages name it: relative to the project (data/units/quan-khu.yml)."""
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


def unit_files(data_dir: Path) -> list[Path]:
    """``data/units.yml`` (if present) then ``data/units/*.yml`` in name order."""
    files = []
    single = data_dir / "units.yml"
    if single.is_file():
        files.append(single)
    folder = data_dir / "units"
    if folder.is_dir():
        files.extend(sorted(p for p in folder.glob("*.yml") if p.is_file()))
    return files


def _natural(text: str) -> list[int]:
    """Numbers in a name, so that 'Quân khu 2' sorts before 'Quân khu 10'."""
    return [int(t) for t in re.findall(r"\d+", text)]


def _lookup(items) -> dict[str, str]:
    """Every id, name, short name and alias of *items*, mapped to the id (the first unit that has
    it: one still in existence comes before one that ended)."""
    out: dict[str, str] = {}
    ordered = sorted(items, key=lambda i: getattr(i, "valid_to", None) is not None)
    for item in ordered:
        for text in (item.id, item.name.vi, item.name.en, item.short.vi, item.short.en, *item.aliases):
            out.setdefault(text, item.id)
    return out
