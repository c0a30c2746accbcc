"""Units and topics: closed registries loaded from data files, with suggestions for typos."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .frontmatter_io import safe_load
from .model import Names, Problem, Topic, Unit
from .text import fold, nfc

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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


def _names(raw, where: str, key: str, problems: list[Problem], required: bool = True) -> Names | None:
    if raw is None and not required:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("vi"), str) or not isinstance(raw.get("en"), str):
        problems.append(Problem(where, None, key, f"expected a mapping {{vi: …, en: …}} but received {raw!r}"))
        return None
    return Names(vi=nfc(raw["vi"]).strip(), en=nfc(raw["en"]).strip())


@dataclass
class Registry:
    units: dict[str, Unit]
    topics: dict[str, Topic]

    # -- loading ---------------------------------------------------------------------------
    @classmethod
    def load(cls, data_dir: str | Path) -> "Registry":
        data_dir = Path(data_dir)
        problems: list[Problem] = []
        units = cls._load_units(data_dir / "units.yml", problems)
        topics = cls._load_topics(data_dir / "topics.yml", problems)
        if problems:
            raise RegistryError(problems)
        return cls(units=units, topics=topics)

    @staticmethod
    def _read(path: Path, top: str, problems: list[Problem]) -> list:
        where = str(path)
        try:
            raw = safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            problems.append(Problem(where, None, "", "file not found"))
            return []
        except yaml.YAMLError as exc:
            line = getattr(getattr(exc, "problem_mark", None), "line", None)
            problems.append(Problem(where, line + 1 if line is not None else None, "", f"invalid YAML: {exc}"))
            return []
        if not isinstance(raw, dict) or not isinstance(raw.get(top), list):
            problems.append(Problem(where, None, top, f"expected a mapping with a list '{top}:'"))
            return []
        return raw[top]

    @classmethod
    def _entries(cls, path: Path, top: str, example: str, problems: list[Problem]):
        """Yield (id, raw mapping, name, short) of each valid entry of data/<top>.yml."""
        where = str(path)
        seen: set[str] = set()
        for i, raw in enumerate(cls._read(path, top, problems), 1):
            ident = raw.get("id") if isinstance(raw, dict) else None
            if not isinstance(ident, str) or not ID_PATTERN.match(ident):
                problems.append(Problem(where, None, f"{top}[{i}].id",
                                        f"expected an ASCII id like '{example}' but received {ident!r}"))
                continue
            if ident in seen:
                problems.append(Problem(where, None, f"{top}[{i}].id", f"duplicate {top[:-1]} id '{ident}'"))
                continue
            seen.add(ident)
            name = _names(raw.get("name"), where, f"{ident}.name", problems)
            short = _names(raw.get("short") or raw.get("name"), where, f"{ident}.short", problems)
            if name is not None and short is not None:
                yield ident, raw, name, short

    @classmethod
    def _load_units(cls, path: Path, problems: list[Problem]) -> dict[str, Unit]:
        where = str(path)
        units = {
            uid: Unit(id=uid, name=name, short=short, parent=raw.get("parent"), aliases=_aliases(raw))
            for uid, raw, name, short in cls._entries(path, "units", "qk4", problems)
        }
        roots = [u.id for u in units.values() if u.parent is None]
        if units and len(roots) != 1:
            problems.append(Problem(where, None, "parent", f"expected exactly one root unit (parent: null) but found {roots}"))
        for u in units.values():
            if u.parent is not None and u.parent not in units:
                hint = suggest(u.parent, list(units))
                problems.append(Problem(where, None, f"{u.id}.parent", f"unknown parent unit '{u.parent}'"
                                        + (f"; did you mean '{hint[0]}'?" if hint else "")))
        for u in units.values():  # the parent chain must end at the root
            seen = set()
            cur = u
            while cur is not None and cur.parent is not None:
                if cur.id in seen:
                    problems.append(Problem(where, None, f"{u.id}.parent", "the parent chain forms a cycle"))
                    break
                seen.add(cur.id)
                cur = units.get(cur.parent)
        return units

    @classmethod
    def _load_topics(cls, path: Path, problems: list[Problem]) -> dict[str, Topic]:
        where = str(path)
        return {
            tid: Topic(id=tid, name=name, short=short, aliases=_aliases(raw),
                       description=_names(raw.get("description"), where, f"{tid}.description", problems,
                                          required=False))
            for tid, raw, name, short in cls._entries(path, "topics", "cchc", problems)
        }

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
        from .text import sort_key
        kids = [u for u in self.units.values() if u.parent == unit_id]
        return sorted(kids, key=lambda u: (sort_key(re.sub(r"\d+", "", u.name.vi)), _natural(u.name.vi)))

    def depth(self, unit_id: str) -> int:
        return len(self.ancestors(unit_id))

    def suggest_unit(self, value: str) -> list[str]:
        return suggest(value, self._unit_lookup_names())

    def suggest_topic(self, value: str) -> list[str]:
        return suggest(value, self._topic_lookup_names())

    def _unit_lookup_names(self) -> dict[str, str]:
        return _lookup(self.units.values())

    def _topic_lookup_names(self) -> dict[str, str]:
        return _lookup(self.topics.values())


def _aliases(raw: dict) -> tuple[str, ...]:
    return tuple(nfc(str(a)) for a in raw.get("aliases") or ())


def _natural(text: str) -> list[int]:
    """Numbers in a name, so that 'Quân khu 2' sorts before 'Quân khu 10'."""
    return [int(t) for t in re.findall(r"\d+", text)]


def _lookup(items) -> dict[str, str]:
    """Every id, name, short name and alias of *items*, mapped to the id."""
    out: dict[str, str] = {}
    for item in items:
        for text in (item.id, item.name.vi, item.name.en, item.short.vi, item.short.en, *item.aliases):
            out.setdefault(text, item.id)
    return out
