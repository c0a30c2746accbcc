"""Find the registry's units and topics where a text names them.

Every Vietnamese name, short name and alias of data/units/ and data/topics.yml is searched
in the text, ignoring case and diacritics ("Thanh Hoá" = "Thanh Hóa"), whole words only, the
longest name first ("Tổng Công ty Hợp tác kinh tế Quân khu 4" is one mention, not also
"Quân khu 4").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..content.text import fold


def fold_same_length(text: str) -> str:
    """fold() that keeps every character's position (one folded character per character)."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded
    out = []
    for ch in text:
        f = fold(ch)
        out.append(f if len(f) == 1 else ch.lower()[:1] or " ")
    return "".join(out)


@dataclass(frozen=True)
class Mention:
    id: str
    start: int
    end: int
    text: str                 # as written in the text
    abbreviation: bool = False  # followed by its own abbreviation in brackets: "chuyển đổi số (CĐS)"


class Matcher:
    """Names → id, searched as whole words in folded text."""

    def __init__(self, names):
        # names: (written form, id) pairs; a form of two ids is dropped rather than guessed
        by_form: dict[str, set] = {}
        for name, ident in names:
            form = " ".join(fold_same_length(name).split())
            if len(form) >= 2:
                by_form.setdefault(form, set()).add(ident)
        self.forms = {form: ids.pop() for form, ids in by_form.items() if len(ids) == 1}
        self.ids_forms: dict[str, set] = {}
        for form, ident in self.forms.items():
            self.ids_forms.setdefault(ident, set()).add(form)
        alternatives = "|".join(re.escape(f).replace(r"\ ", r"\s+")
                                for f in sorted(self.forms, key=len, reverse=True))
        self.pattern = re.compile(r"(?<![\w])(?:" + alternatives + r")(?![\w])") if alternatives else None

    def find(self, text: str) -> list[Mention]:
        if self.pattern is None:
            return []
        folded = fold_same_length(text)
        out = []
        skip_to = -1
        for m in self.pattern.finditer(folded):
            if m.start() < skip_to:
                continue           # the abbreviation in brackets right after its full name
            ident = self.forms[" ".join(m.group(0).split())]
            after = re.match(r"\s*\(\s*([^()]{1,15}?)\s*\)", folded[m.end():])
            short = " ".join(after.group(1).split()) if after else ""
            abbreviation = bool(short) and short in self.ids_forms[ident] and short != " ".join(m.group(0).split())
            if abbreviation:
                skip_to = m.end() + after.end()
            out.append(Mention(ident, m.start(), m.end(), text[m.start():m.end()], abbreviation))
        return out


def unit_names(registry) -> list[tuple[str, str]]:
    return [(name, unit.id) for unit in registry.units.values()
            for name in {unit.name.vi, unit.short.vi, *unit.aliases}]


def topic_names(registry) -> list[tuple[str, str]]:
    return [(name, topic.id) for topic in registry.topics.values()
            for name in {topic.name.vi, topic.short.vi, *topic.aliases}]
