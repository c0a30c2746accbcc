"""The unit an article is about: named first in its headline, else by its lead.

Names are found two ways: every name, short form and alias of the registry (ignoring case and
marks), and any name that *looks like* a unit's ("Hải đoàn 129", "Bộ đội Biên phòng Lạng Sơn"): one
of the heads of data/importer.yml (``units.heads``) followed by a number or capitalised words. A
registry name followed by more of a name ("Bộ đội Biên phòng" + " Lạng Sơn") is that longer name;
names are compared without place words and with abbreviations spelled out ("Bộ CHQS tỉnh Thanh Hoá"
= "Bộ Chỉ huy Quân sự Thanh Hóa").

The rule (never a wrong unit):

- the headline names a unit → the first one it names;
- else the first of the lead's paragraphs that names units: the one unit it names, the most specific
  when they are all on one line of command, else their common parent;
- a name the registry lacks (or that stands for different units at different dates, when the article
  has no date) leaves ``unit`` empty, and the note quotes it and says what to do;
- "Bộ CHQS tỉnh" without the province's name takes the province of the local paper whose name heads
  the page, and otherwise leaves ``unit`` empty with the words quoted;
- a name inside quotation marks (a movement's or a slogan's title: phong trào “… xây dựng Cảnh sát
  biển Việt Nam …”) is not a unit the headline or lead names.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace

from ..content import lineage
from .mentions import fold_same_length
from .rules import Rules

TOKEN = re.compile(r"\s*(\S+)")
ROMAN = re.compile(r"^[IVX]{1,5}$")
CLOSING = ",.;:)]}\"'”’»"


@dataclass(frozen=True)
class UnitName:
    text: str                 # the words as written
    start: int
    ids: tuple                # registry ids this name stands for (several: other periods); () unknown
    complete: bool = True     # False: a provincial name with a bare "tỉnh" ("Bộ CHQS tỉnh")
    head: str = ""            # for an incomplete name: the words written ("Bộ CHQS tỉnh")


def _date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def valid_on(unit, day: dt.date | None) -> bool:
    """The unit existed on *day* (units without dates always did)."""
    if day is None:
        return True
    start, end = _date(getattr(unit, "valid_from", None)), _date(getattr(unit, "valid_to", None))
    return (start is None or start <= day) and (end is None or day <= end)


class UnitFinder:
    def __init__(self, registry, rules: Rules):
        self.registry = registry
        self.rules = rules
        self.place = {unicodedata.normalize("NFC", w).casefold().rstrip(".") for w in rules.place_words}
        self.place_phrases = sorted(self.place, key=len, reverse=True)
        self.abbreviations = {fold_same_length(k): fold_same_length(v) for k, v in rules.unit_abbreviations.items()}
        self.by_key: dict[str, set] = {}
        forms: dict[str, set] = {}
        for unit in registry.units.values():
            names = {unit.name.vi, unit.short.vi, *getattr(unit, "aliases", ())}
            for name in names:
                if not name:
                    continue
                self.by_key.setdefault(self.key(name), set()).add(unit.id)
                form = " ".join(fold_same_length(name).split())
                if len(form) >= 2:
                    forms.setdefault(form, set()).add(unit.id)
        self.forms = forms
        alternatives = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=len, reverse=True))
        self.names = re.compile(r"(?<![\w])(?:" + alternatives + r")(?![\w])") if alternatives else None
        heads = sorted({" ".join(fold_same_length(h).split()) for h in rules.unit_heads}, key=len, reverse=True)
        self.heads = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in heads)
                                + r")(?![\w])") if heads else None
        alone = sorted({" ".join(fold_same_length(h).split()) for h in rules.unit_names_alone}, key=len, reverse=True)
        self.alone = set(alone)
        self.provincial = {" ".join(fold_same_length(h).split()) for h in rules.provincial_heads}
        self.tails = {self.key(t) for t in rules.ignored_tails}
        self.stop_words = {w.casefold() for w in rules.unit_stop_words}     # marks kept: quân ≠ quán
        words = sorted({" ".join(fold_same_length(w).split()) for w in rules.authority_words}, key=len, reverse=True)
        links = sorted({" ".join(fold_same_length(w).split()) for w in rules.authority_links}, key=len, reverse=True)
        bodies = "".join(r"(?<!" + re.escape(" ".join(fold_same_length(b).split())) + r"\s)"
                         for b in rules.authority_not_after)
        self.authority = re.compile(
            r"(?<!\w)" + bodies + r"(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")(?!\w)"
            r"(?:\s+[^\s.;:!?]+){0,6}?\s+(?:" + "|".join(re.escape(w) for w in links) + r")\s*$"
        ) if words and links else None

    # -- names --
    def key(self, name: str) -> str:
        """Comparable form of a unit's name: folded, abbreviations spelled out, no place words
        (compared with their marks: "quận" is a place word, "Quân" is not), a word typed twice in a
        row written once ("Vùng Cảnh sát sát biển 3" = "Vùng Cảnh sát biển 3")."""
        text = " " + re.sub(r"[,()\[\]\"“”'’/]|[-–—]", " ", unicodedata.normalize("NFC", name).casefold()) + " "
        text = " ".join(w.rstrip(".") for w in text.split())
        text = f" {text} "
        for word in self.place_phrases:
            while f" {word} " in text:
                text = text.replace(f" {word} ", " ")
        out = []
        for word in text.split():
            folded = fold_same_length(word)
            if out and folded == out[-1]:
                continue               # a word typed twice ("Cảnh sát sát biển"): the copy's slip
            out.append(self.abbreviations.get(folded, folded))
        return " ".join(" ".join(out).split())

    def resolve(self, text: str) -> tuple:
        return tuple(sorted(self.by_key.get(self.key(text), ())))

    def _designator(self, text: str, end: int) -> list[tuple[int, str]]:
        """(stop, word) for the words after *end* that continue a unit's name: a place word first,
        numbers, Roman numerals, capitalised words, and " - " between two of them."""
        out: list[tuple[int, str]] = []
        pos = end
        pending_dash = False
        lowercase = 0
        while len(out) < 8:
            m = TOKEN.match(text, pos)
            if not m:
                break
            word = m.group(1)
            core = word.rstrip(CLOSING)
            if core in ("-", "–", "—") and out and not pending_dash:
                pending_dash = True
                pos = m.end()
                continue
            folded = unicodedata.normalize("NFC", core).casefold().rstrip(".")
            capital = bool(core) and (core[:1].isupper() or core.isdigit() or bool(ROMAN.match(core)))
            # lowercase words go on a capitalised one ("Hậu cần", "Cảnh sát biển"), at most three, up to a
            # word that begins the sentence's verb ("dự", "tổ chức" …: units.stop_words)
            after_word = bool(out) and (out[-1][1][:1].isupper() or lowercase > 0)   # not after a place word
            following = (bool(core) and after_word and core[:1].islower() and lowercase < 4
                         and core.casefold() not in self.stop_words and not pending_dash)
            acceptable = capital or following or (not out and folded in self.place)
            if not acceptable:
                break
            lowercase = lowercase + 1 if following and not capital else 0
            pending_dash = False
            out.append((m.start(1) + len(core), core))
            pos = m.end()
            if core != word:
                break                      # punctuation closes the name
        return out

    def find(self, text: str) -> list[UnitName]:
        """The unit names of *text*, in order (a name inside a longer one is not counted again)."""
        folded = fold_same_length(text)
        found: list[UnitName] = []
        taken_to = -1
        spans = []
        if self.names is not None:
            spans += [(m.start(), m.end(), "registry") for m in self.names.finditer(folded)]
        if self.heads is not None:
            spans += [(m.start(), m.end(), "head") for m in self.heads.finditer(folded)
                      if text[m.start()].isupper()]
        for start, end, kind in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
            if start < taken_to:
                continue
            name = self._name_at(text, start, end, kind)
            if name is None:
                continue
            found.append(name)
            taken_to = name.start + len(name.text)
        return found

    def _name_at(self, text: str, start: int, end: int, kind: str) -> UnitName | None:
        base = text[start:end]
        more = self._designator(text, end)
        for stop, _ in reversed(more):                  # the longest continued name that resolves
            ids = self.resolve(text[start:stop])
            if ids:
                return UnitName(text[start:stop], start, ids)
        if kind == "registry":
            if more and self.key(text[end:more[-1][0]]) not in self.tails:
                # "Bộ đội Biên phòng Lạng Sơn": more of a name follows, so not the registry's unit
                return UnitName(text[start:more[-1][0]], start, ())
            ids = tuple(sorted(self.forms.get(" ".join(fold_same_length(base).split()), ()))) or self.resolve(base)
            return UnitName(base, start, ids)
        if not more:
            if " ".join(fold_same_length(base).split()) in self.alone:
                return UnitName(base, start, ())         # "Bộ đội Biên phòng": a unit's name by itself
            return None                                  # "Học viện" alone: a word, not a name
        head = " ".join(fold_same_length(base).split())
        first = unicodedata.normalize("NFC", more[0][1]).casefold().rstrip(".")
        if len(more) == 1 and first in self.place:
            words = text[start:more[0][0]]
            if " ".join(fold_same_length(words).split()) in self.provincial:
                return UnitName(words, start, (), complete=False, head=words)
            return None
        return UnitName(text[start:more[-1][0]], start, ())


def _quoted(text: str) -> list[tuple[int, int]]:
    """Spans of *text* inside quotation marks (“…”, nested, or "…"): a movement's, a slogan's or a
    document's title, whose names are not the article's subject."""
    spans, depth, start, straight = [], 0, 0, None
    for i, ch in enumerate(text):
        if ch == "“":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "”" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i))
        elif ch == '"' and depth == 0:
            if straight is None:
                straight = i
            else:
                spans.append((straight, i))
                straight = None
    return spans


def names_in(text: str, finder: "UnitFinder") -> list[UnitName]:
    """The unit names of *text*; in a line printed in capitals ("… Ở TRƯỜNG SĨ QUAN LỤC QUÂN 1"),
    where every word looks like part of a name, only the registry's names, quoted as printed."""
    letters = [ch for ch in text if ch.isalpha()]
    lowered = text.lower()
    if len(letters) >= 4 and all(ch.isupper() for ch in letters) and len(lowered) == len(text):
        return [replace(n, text=text[n.start:n.start + len(n.text)]) for n in finder.find(lowered)]
    return finder.find(text)


def outside_quotes(text: str, names: list[UnitName]) -> list[UnitName]:
    """The names of *text* not inside a quoted title ("… phong trào “… xây dựng Cảnh sát biển Việt
    Nam …”": the movement's name, not a unit)."""
    spans = _quoted(text)
    return [n for n in names if not any(a < n.start < b for a, b in spans)]


AND = re.compile(r"^\s*(?:,\s*)?va\s+$")
COMMA = re.compile(r"^\s*,\s*$")


def authorities(text: str, names: list[UnitName], finder: UnitFinder) -> set[int]:
    """Positions (in *names*) of the names written as the author of a document or an order: after
    one of ``units.authority_words`` and then one of ``units.authority_links`` in the same clause
    ("… các nghị quyết, kế hoạch của Bộ Quốc phòng, Bộ Tổng Tham mưu"), with the names listed right
    after such a name: "và …" always; ", …" only when the sentence named its subject before ("Thực
    hiện kế hoạch của Bộ Quốc phòng, Học viện Hậu cần tổ chức …": the comma ends the opening phrase
    and the name after it is the subject)."""
    if finder.authority is None:
        return set()
    folded = fold_same_length(text)
    out: set[int] = set()
    for i, name in enumerate(names):
        if i and (i - 1) in out:
            before = names[i - 1]
            between = folded[before.start + len(before.text):name.start]
            subject_before = any(j not in out for j in range(i))
            if AND.match(between) or (COMMA.match(between) and subject_before):
                out.add(i)
                continue
        clause = re.split(r"[.;:!?]", folded[:name.start])[-1]
        if finder.authority.search(clause):
            out.add(i)
    return out


def _named_in_full(short: UnitName, paragraphs: list[str], finder: UnitFinder) -> UnitName | None:
    """The lead's known name that begins with the headline's shorter one ("Ban Chỉ huy Phòng thủ Khu
    vực 3" → "Ban Chỉ huy Phòng thủ Khu vực 3 - Bảo Lâm")."""
    key = finder.key(short.text)
    for text in paragraphs:
        for name in finder.find(text):
            if name.ids and finder.key(name.text).startswith(key + " "):
                return name
    return None


@dataclass
class UnitChoice:
    id: str | None
    note: str
    unknown: str | None = None     # the words of a unit the registry lacks (for the report)


def _quote(names: list[UnitName]) -> str:
    seen = []
    for n in names:
        if n.text not in seen:
            seen.append(n.text)
    return ", ".join(f"'{t}'" for t in seen)


def _pick(name: UnitName, day: dt.date | None, registry,
          exact: dict | None = None) -> tuple[str | None, str | None]:
    """(id, None) or (None, why): the unit the name stood for on the article's date. *exact*: id → the
    words of a name the lead also uses that stands for that unit alone; without a date, such a name
    tells which of the units of a name that changed over time the text means ("BĐBP tỉnh Lai Châu" …
    "Ban Chỉ huy BĐBP tỉnh Lai Châu", the command's name from 1 July 2025)."""
    units = [registry.units[i] for i in name.ids if i in registry.units]
    if len(units) == 1 and valid_on(units[0], day):
        return units[0].id, None
    if day is None and len(units) > 1 and exact:
        told = [u for u in units if u.id in exact]
        if len(told) == 1:
            return told[0].id, (f" (bài cũng viết '{exact[told[0].id]}', tên chỉ của đơn vị này — the text also writes "
                                f"'{exact[told[0].id]}', the name of this unit alone)")
    valid = [u for u in units if valid_on(u, day)]
    if day is not None and len(valid) == 1:
        return valid[0].id, None
    if day is not None and not valid:
        # an old name in a later text: the unit that carried it on ("Bộ CHQS tỉnh Hà Giang" in 2026 is
        # the Tuyên Quang command, Hà Giang having merged into it on 1 July 2025)
        later = []
        for u in units:
            later += [s for s in lineage.successors_on(registry, u.id, day) if s not in later]
        if len(later) == 1:
            return later[0], (f" (tên đến {units[0].valid_to:%d/%m/%Y}, nay là — the name until "
                              f"{units[0].valid_to:%d/%m/%Y}, now: {later[0]})")
    periods = "; ".join(f"{u.id} ({_date(getattr(u, 'valid_from', None)) or '…'} – "
                        f"{_date(getattr(u, 'valid_to', None)) or '…'})" for u in units)
    if day is None:
        return None, (f"'{name.text}' là đơn vị khác nhau tùy thời điểm, bài không ghi ngày — '{name.text}' names "
                      f"different units at different dates and the text has no date: {periods}; điền ngày rồi chọn "
                      f"— fill in the date, then choose")
    return None, (f"'{name.text}' không ứng với đơn vị nào tồn tại ngày {day:%d/%m/%Y} — names no unit that existed "
                  f"on {day:%d/%m/%Y}: {periods}")


def choose_unit(title: str | None, paragraphs: list[str], day: dt.date | None, finder: UnitFinder,
                province: tuple[str, str] | None = None) -> UnitChoice:
    """The unit the headline and lead are about (see the module's docstring). *province*: (name, the
    outlet line that gives it) of the local paper heading the page."""
    registry = finder.registry

    def complete(name: UnitName, where: str) -> UnitName | UnitChoice:
        if name.complete:
            return name
        if province is None:
            return UnitChoice(None, f"{where} chỉ ghi '{name.head}', không nêu tên tỉnh — {where_en[where]} says only "
                                    f"'{name.head}', without the province's name: điền unit — fill in unit",
                              unknown=name.head)
        phrase = f"{name.head} {province[0]}"
        ids = finder.resolve(phrase)
        if not ids:
            return UnitChoice(None, f"'{phrase}' chưa có trong danh mục đơn vị — is not in the unit registry: hãy "
                                    f"thêm rồi điền unit — add it, then fill in unit", unknown=phrase)
        return UnitName(f"{name.head}' + tỉnh của tờ báo '{province[1]}' — the paper's province: '{province[0]}",
                        name.start, ids)

    where_en = {"tiêu đề": "the headline", "câu mở bài": "the lead"}

    def unknown(name: UnitName, where: str) -> UnitChoice:
        return UnitChoice(None, f"{where} nêu '{name.text}', đơn vị chưa có trong danh mục đơn vị (data/units): hãy "
                                f"thêm đơn vị này (xem `bulletin units`) rồi điền unit — {where_en[where]} names "
                                f"'{name.text}', which is not in the unit registry: add it, then fill in unit",
                          unknown=name.text)

    if title:
        names = outside_quotes(title, names_in(title, finder))
        if names:
            first = complete(names[0], "tiêu đề")
            if isinstance(first, UnitChoice):
                return first
            if not first.ids:
                fuller = _named_in_full(first, paragraphs, finder)
                if fuller is None:
                    return unknown(first, "tiêu đề")
                unit, why = _pick(fuller, day, registry)
                if unit is None:
                    return UnitChoice(None, why)
                return UnitChoice(unit, f"tiêu đề nêu '{first.text}', câu mở bài nêu đủ tên — the headline's "
                                        f"'{first.text}', named in full in the lead: '{fuller.text}'")
            unit, why = _pick(first, day, registry)
            if unit is None:
                return UnitChoice(None, why)
            return UnitChoice(unit, f"đơn vị nêu đầu tiên trong tiêu đề — the first unit the headline names: "
                                    f"'{first.text}'{why or ''}")
    for text in paragraphs:
        names = outside_quotes(text, names_in(text, finder))
        if not names:
            continue
        above = authorities(text, names, finder)
        left_out = ""
        if above and len(above) < len(names):
            # the authors of the plans and orders the lead's unit carries out are not its subject
            kept = [n for i, n in enumerate(names) if i not in above]
            dropped = [n for i, n in enumerate(names) if i in above and n.ids not in {k.ids for k in kept}]
            if dropped:     # (a unit also named otherwise, "Bộ trưởng Bộ Quốc phòng", is simply kept)
                left_out = (f" (không tính — not counted, named as the author of a plan or an order: "
                            f"{_quote(dropped)})")
            names = kept
        chosen: list[UnitName] = []
        for name in names:
            if not name.complete and any(c.text.startswith(name.head) for c in chosen):
                continue        # "Bộ CHQS tỉnh" after "Bộ CHQS tỉnh Gia Lai": the same command again
            done = complete(name, "câu mở bài")
            if isinstance(done, UnitChoice):
                return done
            if not done.ids:
                return unknown(done, "câu mở bài")
            chosen.append(done)
        picked = []
        later = ""
        exact: dict = {}
        for lead in paragraphs:
            for n in outside_quotes(lead, names_in(lead, finder)):
                if len(n.ids) == 1:
                    exact.setdefault(n.ids[0], n.text)
        for name in chosen:
            unit, why = _pick(name, day, registry, exact)
            if unit is None:
                return UnitChoice(None, why)
            if unit not in picked:
                picked.append(unit)
            later += why or ""
        listed = _quote(chosen) + later + left_out
        root = getattr(registry.root, "id", None)
        ids = [u for u in picked if u != root] or picked
        if len(ids) == 1:
            return UnitChoice(ids[0], f"đơn vị câu mở bài nêu — the unit the lead names: {listed}")
        deepest = max(ids, key=registry.depth)
        line = {deepest, *registry.ancestors(deepest)}
        if all(u in line for u in ids):
            return UnitChoice(deepest, f"đơn vị cụ thể nhất câu mở bài nêu, cùng một tuyến cấp trên — the most "
                                       f"specific unit the lead names, all on one line of command: {listed}")
        common = [deepest, *registry.ancestors(deepest)]
        for u in ids:
            path = {u, *registry.ancestors(u)}
            common = [c for c in common if c in path]
        if common and common[0] == root and root not in picked:
            # units of different branches, the Ministry not named: the lead's subject, named first
            return UnitChoice(picked[0], f"đơn vị nêu đầu tiên trong câu mở bài; câu này còn nêu đơn vị thuộc nhánh "
                                         f"khác, hãy kiểm tra — the first unit the lead names; it also names units of "
                                         f"other branches, check it: {listed}")
        if not common:
            return UnitChoice(None, f"câu mở bài nêu nhiều đơn vị không chung cấp trên — the lead names units with no "
                                    f"common parent: {listed}")
        return UnitChoice(common[0], f"đơn vị cấp trên chung của các đơn vị câu mở bài nêu, hãy kiểm tra — the "
                                     f"common parent of the units the lead names, check it: {listed}")
    return UnitChoice(None, "tiêu đề và câu mở bài không nêu đơn vị nào — neither the headline nor the lead names a "
                            "unit")
