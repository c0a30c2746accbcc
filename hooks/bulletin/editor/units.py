"""`bulletin units [QUERY]`: look units up in the registry — ids, names, where they sit, history.

Without QUERY it prints the whole tree. With QUERY it prints the units whose id, name, short form
or other spelling contains every word of the query, with or without Vietnamese marks ("bien phong
lang son" finds "Bộ đội Biên phòng tỉnh Lạng Sơn"). ``--on DATE`` keeps the units that existed on
that day and leads an old name to the unit that carried it on then.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from ..content import lineage
from ..content.text import fold

MARK = "  "


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^0-9a-z]+", fold(text)) if w]


def _haystack(unit) -> tuple[str, str]:
    texts = (unit.id, unit.name.vi, unit.name.en, unit.short.vi, unit.short.en, *unit.aliases)
    return " ".join(" ".join(_words(t)) for t in texts), " ".join(re.sub(r"[^0-9a-z]", "", fold(t)) for t in texts)


def search(registry, query: str, day: dt.date | None = None) -> list[str]:
    """Ids matching *query*: an exact id or name if there is one, else those with every word of it as
    a word, else those containing every word; units that still exist first."""
    words = _words(query)
    squashed = re.sub(r"[^0-9a-z]", "", fold(query))
    exact = lineage.find(registry, query, None)
    scored = []
    for order, unit in enumerate(registry.units.values()):
        spaced, packed = _haystack(unit)
        tokens = set(spaced.split())
        if unit.id in exact or squashed == re.sub(r"[^0-9a-z]", "", unit.id):
            rank = 0
        elif words and all(w in tokens for w in words):
            rank = 1
        elif words and all(w in spaced for w in words) or (squashed and squashed in packed.split()):
            rank = 2
        else:
            continue
        scored.append((rank, unit.valid_to is not None, order, unit.id))
    best = min((rank for rank, *_ in scored), default=None)
    ids = [uid for rank, *_, uid in sorted(scored) if rank == best]
    if day is None:
        return ids
    out: list[str] = []
    for uid in ids:
        targets = [uid] if lineage.exists_on(registry.units[uid], day) else lineage.successors_on(registry, uid, day)
        for t in targets:
            if t not in out:
                out.append(t)
    return out


def _period(unit) -> str:
    if unit.valid_from and unit.valid_to:
        return f"{unit.valid_from} – {unit.valid_to}"
    if unit.valid_from:
        return f"từ — from {unit.valid_from}"
    if unit.valid_to:
        return f"đến — until {unit.valid_to}"
    return ""


def describe(registry, uid: str) -> dict:
    u = registry.units[uid]
    return {
        "id": uid, "name": {"vi": u.name.vi, "en": u.name.en}, "short": {"vi": u.short.vi, "en": u.short.en},
        "aliases": list(u.aliases), "parents": registry.ancestors(uid),
        "valid_from": u.valid_from.isoformat() if u.valid_from else None,
        "valid_to": u.valid_to.isoformat() if u.valid_to else None,
        "change": u.change, "successors": list(u.successors),
        "predecessors": lineage.predecessors(registry, uid),
        "file": f"{u.path}:{u.line}" if u.line else u.path,
    }


def _lines(registry, uid: str) -> list[str]:
    u = registry.units[uid]
    period = _period(u)
    out = [f"{uid}  {u.name.vi} — {u.name.en}" + (f"  [{period}]" if period else "")]
    chain = registry.ancestors(uid)
    if chain:
        out.append(MARK + "thuộc — under: " + " › ".join(f"{registry.units[a].short.vi} ({a})" for a in chain))
    others = [a for a in u.aliases if a not in (u.name.vi, u.short.vi)]
    if u.short.vi != u.name.vi:
        others.insert(0, u.short.vi)
    if others:
        out.append(MARK + "tên khác — also: " + ", ".join(others))
    for p in lineage.predecessors(registry, uid):
        pu = registry.units[p]
        out.append(MARK + f"trước đây — formerly: {p}  {pu.name.vi} (đến — until {pu.valid_to}; {pu.change or 'succeeded'})")
    for s in u.successors:
        su = registry.units.get(s)
        if su is not None:
            out.append(MARK + f"nay là — now part of: {s}  {su.name.vi} (từ — from {u.valid_to + lineage.DAY}; "
                              f"{u.change or 'succeeded'})")
    out.append(MARK + f"tệp — file: {u.path}" + (f":{u.line}" if u.line else ""))
    return out


def _tree(registry, day: dt.date | None) -> list[str]:
    out: list[str] = []

    def walk(uid: str, depth: int) -> None:
        u = registry.units[uid]
        if day is None or lineage.exists_on(u, day):
            period = _period(u)
            out.append(MARK * depth + f"{uid}  {u.name.vi}" + (f"  [{period}]" if period else ""))
        for child in registry.children(uid):
            walk(child.id, depth + 1)

    walk(registry.root.id, 0)
    return out


def run(project, query: str | None, on: str | None, fmt: str, out) -> int:
    from .project import CliError
    registry = project.registry
    day = None
    if on:
        try:
            day = dt.date.fromisoformat(on)
        except ValueError:
            raise CliError(f"--on {on!r}: cần một ngày dạng 2025-07-01 — expected a date like 2025-07-01") from None
    if not query:
        if fmt == "json":
            ids = [u for u in registry.units if day is None or lineage.exists_on(registry.units[u], day)]
            json.dump([describe(registry, u) for u in ids], out, ensure_ascii=False, indent=1)
            out.write("\n")
        else:
            out.write("\n".join(_tree(registry, day)) + "\n")
            out.write(f"\n{len(registry.units)} đơn vị — units. `bulletin units TỪ KHÓA` để tìm — to search.\n")
        return 0
    removed = registry.removed.get(query.strip())
    ids = search(registry, query, day)
    if fmt == "json":
        json.dump([describe(registry, u) for u in ids], out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        if removed is not None:
            out.write(f"{removed.id}: mã đã bỏ — removed id: {removed.reason.vi} — {removed.reason.en}"
                      + (f"; xem — see: {', '.join(removed.suggest)}" if removed.suggest else "") + "\n\n")
        for uid in ids:
            out.write("\n".join(_lines(registry, uid)) + "\n\n")
        if not ids:
            out.write(f"không tìm thấy đơn vị nào khớp — no unit matches {query!r}\n")
    return 0 if ids else 1
