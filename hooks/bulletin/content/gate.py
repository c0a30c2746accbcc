"""The text gate: characters no published file may hold, and limits on Markdown structure.

Every text an article gives (each front-matter value, each key, the body) passes here before it is
used. What cannot be published — C0/C1 control characters other than tab and line feed, lone
surrogates (only a YAML escape such as ``"\\ud800"`` can make one), the non-characters U+FFFE and
U+FFFF — is an error naming the file, the line and the field: nothing is guessed or dropped.

Markdown structure is bounded before rendering (Python-Markdown recurses once per nesting level
and is quadratic in the brackets of one block): :func:`markdown_problems` gives the line and a
message for each limit broken. The limits and the worst case they allow are measured by
``bench/markdown_limits.py``.
"""

from __future__ import annotations

import re

# C0 controls but tab and line feed (CR is converted before), DEL, C1, surrogates, U+FFFE/FFFF.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

MAX_DEPTH = 32          # nesting of block quotes, list markers and 4-space indentation of one line
MAX_RUN = 64            # one run of emphasis marks (* or _) or backticks
MAX_BRACKETS_BLOCK = 200   # '[' in one block (paragraph, list item …)
MAX_BRACKETS = 2_000       # '[' in the whole article
# Work Python-Markdown does per article grows with nesting and with runs of marks, so the whole
# article has a budget too (bench/markdown_limits.py measures the worst accepted article):
MAX_NESTING_TOTAL = 2_000  # Σ over lines of the levels beyond the second (ordinary text: 0)
MAX_MARKS_TOTAL = 2_000    # marks (* _ `) in runs of three or more (ordinary text: **bold** spends none)


def describe(ch: str) -> str:
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate U+{code:04X} (half of a character, e.g. from a YAML escape '\\u{code:04x}')"
    if code in (0xFFFE, 0xFFFF):
        return f"the non-character U+{code:04X}"
    return f"the control character U+{code:04X}"


def bad_character(text: str) -> tuple[int, str] | None:
    """(offset, description) of the first forbidden character of *text*, or None."""
    m = FORBIDDEN.search(text)
    return (m.start(), describe(m.group())) if m else None


def printable(text) -> str:
    """*text* with its forbidden characters shown as escapes (a field name in a message)."""
    return FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text))


def message(what: str) -> str:
    return (f"contains {what}, which cannot be published (feeds and pages refuse it): delete it "
            "or retype the text around it")


def walk(value, path: str = ""):
    """(key path, text) of every string in a YAML value, keys included."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            if isinstance(k, str):
                yield path, k
            yield from walk(v, path)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from walk(v, path)


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_FENCE_START = frozenset(" \t`~")
_NEST_START = frozenset(" \t>-*+0123456789")
_LIST_OR_QUOTE = re.compile(r"\s*(?:>|[-*+]\s|\d{1,9}[.)]\s)")
_BLANK = re.compile(r"^\s*$")


def _depth(line: str) -> int:
    """Block quotes and list markers at the start of a line, plus its indentation in steps of 4 spaces."""
    depth = 0
    rest = line.expandtabs(4)
    while True:
        indent = len(rest) - len(rest.lstrip(" "))
        depth += indent // 4
        m = _LIST_OR_QUOTE.match(rest)
        if not m or depth > MAX_DEPTH:
            break
        depth += 1
        rest = rest[m.end():]
    return depth


_LONG_MARKS = re.compile(r"\*{3,}|_{3,}|`{3,}")
_RUN = re.compile(r"\*{%d,}|_{%d,}|`{%d,}" % (MAX_RUN + 1, MAX_RUN + 1, MAX_RUN + 1))


def markdown_problems(body: str, first_line: int = 1) -> list[tuple[int, str]]:
    """(line, message) for each Markdown structure limit *body* breaks (at most one per kind)."""
    found: dict[str, tuple[int, str]] = {}
    # What cannot happen anywhere in the body is not looked for line by line (ordinary text: only
    # the lines that start with a space, a quote or a list marker are measured).
    runs = any(mark * (MAX_RUN + 1) in body for mark in "*_`")
    count_marks = (any(mark * 3 in body for mark in "*_`")
                   and sum(len(r) for r in _LONG_MARKS.findall(body)) > MAX_MARKS_TOTAL)
    count_brackets = body.count("[") > MAX_BRACKETS_BLOCK
    block_brackets = 0
    block_start = first_line
    total = nesting = marks = 0
    fence = None
    for number, line in enumerate(body.split("\n"), first_line):
        first = line[:1]
        m = _FENCE.match(line) if first in _FENCE_START else None
        if fence is not None:   # code is not Markdown: its indentation and marks are kept as written
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            continue
        if not line.strip():
            block_brackets = 0
            block_start = number + 1
            continue
        depth = _depth(line) if first in _NEST_START else 0
        if "depth" not in found and depth > MAX_DEPTH:
            found["depth"] = (number, f"Markdown nested too deeply (lists, quotes and indentation more than "
                                      f"{MAX_DEPTH} levels): flatten the structure")
        if runs and "run" not in found:
            m = _RUN.search(line)
            if m:
                found["run"] = (number, f"a run of {len(m.group())} '{m.group()[0]}' marks (at most {MAX_RUN}): "
                                        "remove the repeated marks")
        nesting += max(0, depth - 2)
        if count_marks:
            marks += sum(len(r) for r in _LONG_MARKS.findall(line))
        if not found and (nesting > MAX_NESTING_TOTAL or marks > MAX_MARKS_TOTAL):   # one message per cause
            what = (f"nesting (more than {MAX_NESTING_TOTAL} levels beyond the second, counted over all lines)"
                    if nesting > MAX_NESTING_TOTAL else
                    f"repeated marks (more than {MAX_MARKS_TOTAL} '*', '_' or '`' in runs of three or more)")
            found["budget"] = (number, f"too much Markdown structure in one article: {what}; "
                                       "Markdown takes too long to read it: simplify the text")
        if not count_brackets:
            continue
        count = line.count("[")
        block_brackets += count
        total += count
        if "block" not in found and block_brackets > MAX_BRACKETS_BLOCK:
            found["block"] = (block_start, f"more than {MAX_BRACKETS_BLOCK} '[' in one paragraph: Markdown "
                                           "takes too long to read it; remove the stray brackets")
        if "total" not in found and "block" not in found and total > MAX_BRACKETS:
            found["total"] = (number, f"more than {MAX_BRACKETS} '[' in the article: Markdown takes too long "
                                      "to read it; remove the stray brackets")
    return sorted(found.values())
