"""The units' history: when each existed, what it became, and the registry's own checks.

A unit exists from ``valid_from`` (or always, when absent) to ``valid_to`` inclusive (or today and
on, when absent). When it ends it names ``successors`` — the unit(s) it was merged into, renamed
to or split into — and ``change`` says which. From this module:

- :func:`validate` — the registry's self-checks, each a ``file:line`` problem: parent and successor
  cycles, dangling parents and successors, a parent that ended before its unit, a successor that
  does not take over the next day, a renamed unit overlapping its new name, and one name or alias
  claimed by two units valid at the same time;
- :func:`exists_on`, :func:`successors_on`, :func:`predecessors`, :func:`unit_problem` — what the
  build, ``bulletin check``, the importer and ``bulletin units`` ask.
"""

from __future__ import annotations

import datetime as dt
from .model import Problem, Unit
from .text import fold

FOREVER_BEFORE = dt.date.min
FOREVER_AFTER = dt.date.max
DAY = dt.timedelta(days=1)


def span(unit: Unit) -> tuple[dt.date, dt.date]:
    return unit.valid_from or FOREVER_BEFORE, unit.valid_to or FOREVER_AFTER


def exists_on(unit: Unit, day: dt.date) -> bool:
    start, end = span(unit)
    return start <= day <= end


def _overlap(a: Unit, b: Unit) -> bool:
    (a0, a1), (b0, b1) = span(a), span(b)
    return a0 <= b1 and b0 <= a1


def show_date(day: dt.date | None) -> str:
    return day.isoformat() if day and day not in (FOREVER_BEFORE, FOREVER_AFTER) else "—"


# -- self-validation -----------------------------------------------------------------------------

def validate(registry, names: bool = True) -> list[Problem]:
    """Every problem of the registry's structure and history; with *names*, also the names claimed
    by two units at the same time (:func:`name_clashes`: the tree is still sound without them)."""
    units = registry.units
    problems: list[Problem] = []

    def at(u: Unit, key: str | None = None) -> tuple[str, int | None]:
        return u.path, (u.lines.get(key) if key and u.lines.get(key) else u.line)

    roots = [u.id for u in units.values() if u.parent is None]
    if units and len(roots) != 1:
        first = units[roots[0]] if roots else next(iter(units.values()))
        problems.append(Problem(*at(first, "parent"), "parent",
                                f"expected exactly one root unit (parent: null) but found {roots}"))
    for u in units.values():
        if u.valid_from and u.valid_to and u.valid_from > u.valid_to:
            problems.append(Problem(*at(u, "valid_to"), f"{u.id}.valid_to",
                                    f"ends ({u.valid_to}) before it starts ({u.valid_from})"))
        if u.parent is not None:
            parent = units.get(u.parent)
            if parent is None:
                problems.append(Problem(*at(u, "parent"), f"{u.id}.parent",
                                        f"unknown parent unit '{u.parent}'" + _hint(registry, u.parent)))
            else:
                if parent.valid_to is not None and (u.valid_to is None or u.valid_to > parent.valid_to):
                    nxt = [s for s in parent.successors if s in units]
                    problems.append(Problem(*at(u, "parent"), f"{u.id}.parent",
                                            f"parent '{parent.id}' ended on {parent.valid_to} but '{u.id}' "
                                            f"{'exists until ' + str(u.valid_to) if u.valid_to else 'still exists'}"
                                            + (f": set parent to its successor '{nxt[0]}'" if nxt else "")))
                elif parent.valid_from is not None and (u.valid_from is None or u.valid_from < parent.valid_from) \
                        and not predecessors(registry, parent.id):
                    problems.append(Problem(*at(u, "parent"), f"{u.id}.parent",
                                            f"parent '{parent.id}' exists only from {parent.valid_from} but '{u.id}' "
                                            + (f"from {u.valid_from}" if u.valid_from else "has no valid_from")
                                            + f" (give '{u.id}' a valid_from, or a parent that existed then)"))
        if u.successors and u.valid_to is None:
            problems.append(Problem(*at(u, "successors"), f"{u.id}.successors",
                                    "a unit with successors must say when it ended (valid_to: YYYY-MM-DD)"))
        if u.change in ("merged", "renamed", "split") and not u.successors:
            problems.append(Problem(*at(u, "successors"), f"{u.id}.successors",
                                    f"a unit that was {u.change} must name its successor(s)"))
        if u.change == "renamed" and len(u.successors) != 1:
            problems.append(Problem(*at(u, "successors"), f"{u.id}.successors",
                                    "a renamed unit has exactly one successor (its new name)"))
        for s in u.successors:
            succ = units.get(s)
            if succ is None:
                problems.append(Problem(*at(u, "successors"), f"{u.id}.successors",
                                        f"unknown successor unit '{s}'" + _hint(registry, s)))
                continue
            if s == u.id:
                problems.append(Problem(*at(u, "successors"), f"{u.id}.successors", "a unit cannot succeed itself"))
                continue
            if u.valid_to and not exists_on(succ, u.valid_to + DAY):
                problems.append(Problem(*at(u, "successors"), f"{u.id}.successors",
                                        f"successor '{s}' does not exist on {u.valid_to + DAY}, the day after "
                                        f"'{u.id}' ended (it exists {show_date(succ.valid_from)} – {show_date(succ.valid_to)})"))
            if u.change == "renamed" and _overlap(u, succ):
                problems.append(Problem(*at(u, "valid_to"), f"{u.id}.valid_to",
                                        f"overlapping validity: '{u.id}' ({show_date(u.valid_from)} – {show_date(u.valid_to)}) "
                                        f"was renamed '{s}', which exists {show_date(succ.valid_from)} – {show_date(succ.valid_to)}"))
    problems.extend(_cycles(units, lambda u: [u.parent] if u.parent else [], "parent", "the parent chain forms a cycle"))
    problems.extend(_cycles(units, lambda u: list(u.successors), "successors", "the successors form a cycle"))
    if names:
        problems.extend(name_clashes(units))
    return problems


def _hint(registry, value: str) -> str:
    from .registry import suggest
    hint = suggest(value, list(registry.units))
    return f"; did you mean '{hint[0]}'?" if hint else ""


def _cycles(units: dict, edges, key: str, message: str) -> list[Problem]:
    problems = []
    state: dict[str, int] = {}   # 1 = on the stack, 2 = done
    reported: set[str] = set()
    for start in units:
        stack = [(start, iter(edges(units[start])))]
        if state.get(start):
            continue
        state[start] = 1
        path = [start]
        while stack:
            node, it = stack[-1]
            nxt = next((n for n in it if n in units), None)
            if nxt is None:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            if state.get(nxt) == 1:
                loop = path[path.index(nxt):] + [nxt]
                if not reported & set(loop):
                    u = units[nxt]
                    problems.append(Problem(u.path, u.lines.get(key) or u.line, f"{u.id}.{key}",
                                            f"{message}: {' → '.join(loop)}"))
                    reported.update(loop)
                continue
            if state.get(nxt) == 2:
                continue
            state[nxt] = 1
            path.append(nxt)
            stack.append((nxt, iter(edges(units[nxt]))))
    return problems


def name_clashes(units: dict) -> list[Problem]:
    """One name (folded: case, tones and đ ignored) claimed by two units valid at the same time."""
    problems = []
    claims: dict[str, list[tuple[Unit, str]]] = {}
    for u in units.values():
        texts = {u.name.vi, u.short.vi, *u.aliases}
        for lang_texts in (texts, {u.name.en}):
            for text in lang_texts:
                key = fold(text).strip()
                if not key:
                    continue
                for other, other_text in claims.get(key, ()):
                    if other.id != u.id and _overlap(u, other):
                        problems.append(Problem(u.path, u.lines.get("aliases") or u.line, f"{u.id}.aliases",
                                                f"'{text}' is also a name of '{other.id}' ({other.path}:{other.line}) and both "
                                                f"exist at the same time ({show_date(max(span(u)[0], span(other)[0]))} – "
                                                f"{show_date(min(span(u)[1], span(other)[1]))}); a name belongs to one unit at a time"))
                claims.setdefault(key, []).append((u, text))
    return problems


# -- questions ------------------------------------------------------------------------------------

def predecessors(registry, unit_id: str) -> list[str]:
    """Units that name *unit_id* among their successors (direct only), in registry order."""
    return list(_predecessor_map(registry).get(unit_id, ()))


def all_predecessors(registry, unit_id: str) -> list[str]:
    out, todo = [], [unit_id]
    while todo:
        for p in predecessors(registry, todo.pop()):
            if p not in out and p != unit_id:
                out.append(p)
                todo.append(p)
    return out


def _predecessor_map(registry) -> dict[str, tuple[str, ...]]:
    cache = registry.__dict__.get("_predecessors")
    if cache is None:
        acc: dict[str, list[str]] = {}
        for u in registry.units.values():
            for s in u.successors:
                acc.setdefault(s, []).append(u.id)
        cache = {k: tuple(v) for k, v in acc.items()}
        registry.__dict__["_predecessors"] = cache
    return cache


def successors_on(registry, unit_id: str, day: dt.date) -> list[str]:
    """The units that carried *unit_id* on at *day*: follow successors until one exists that day."""
    out: list[str] = []
    seen = {unit_id}
    todo = list(registry.units[unit_id].successors)
    while todo:
        s = todo.pop(0)
        if s in seen or s not in registry.units:
            continue
        seen.add(s)
        succ = registry.units[s]
        if exists_on(succ, day):
            out.append(s)
        elif succ.valid_to and day > succ.valid_to:
            todo.extend(succ.successors)
    return out


def unit_problem(registry, unit_id: str, day: dt.date, lang: str = "vi") -> str | None:
    """Why an article dated *day* cannot be filed under *unit_id* (None when it can)."""
    unit = registry.units[unit_id]
    if exists_on(unit, day):
        return None
    name = unit.name.get(lang)
    if unit.valid_to and day > unit.valid_to:
        how = {"merged": "was merged into", "renamed": "was renamed", "split": "was split into",
               "dissolved": "was dissolved; its work went to"}.get(unit.change or "", "was succeeded by")
        nxt = successors_on(registry, unit_id, day) or list(unit.successors)
        if nxt:
            names = " and ".join(f"'{s}' ({registry.units[s].name.get(lang)})" for s in nxt)
            use = " or ".join(f"unit: {s}" for s in nxt)
            return (f"unit '{unit_id}' ({name}) did not exist on {day}: it {how} {names} on "
                    f"{unit.valid_to + DAY}; use {use}")
        return f"unit '{unit_id}' ({name}) did not exist on {day}: it ended on {unit.valid_to}"
    before = all_predecessors(registry, unit_id)
    then = [p for p in before if exists_on(registry.units[p], day)]
    hint = (" then it was " + " or ".join(f"'{p}' ({registry.units[p].name.get(lang)})" for p in then)
            + "; use " + " or ".join(f"unit: {p}" for p in then)) if then else ""
    return f"unit '{unit_id}' ({name}) did not exist yet on {day}: it exists from {unit.valid_from};{hint}".rstrip(";")


def listing_units(registry, unit_id: str, lineage: bool = True) -> tuple[str, ...]:
    """Every unit whose page, feed and search filter show an article of *unit_id*: the unit and
    the units above it, and — with *lineage* — the units that carried it on (successors, their
    successors) and the units above those."""
    key = (unit_id, lineage)
    cache = registry.__dict__.setdefault("_listing_units", {})
    if key in cache:
        return cache[key]
    out: list[str] = []
    todo = [unit_id]
    seen: set[str] = set()
    while todo:
        uid = todo.pop(0)
        if uid in seen or uid not in registry.units:
            continue
        seen.add(uid)
        for u in (uid, *registry.ancestors(uid)):
            if u not in out:
                out.append(u)
        if lineage:
            todo.extend(registry.units[uid].successors)
    cache[key] = tuple(out)
    return cache[key]


def find(registry, text: str, day: dt.date | None = None) -> list[str]:
    """Units whose id, name, short form or alias equals *text* (folded), those existing on *day*
    first, then the ones that carried them on at *day*."""
    key = fold(text).strip()
    hits = [u.id for u in registry.units.values()
            if key in {fold(t).strip() for t in (u.id, u.name.vi, u.name.en, u.short.vi, u.short.en, *u.aliases)}]
    if day is None:
        return sorted(hits, key=lambda uid: registry.units[uid].valid_to is not None)
    out: list[str] = []
    for uid in hits:
        if exists_on(registry.units[uid], day) and uid not in out:
            out.append(uid)
    for uid in hits:
        for s in successors_on(registry, uid, day):
            if s not in out:
                out.append(s)
    return out
