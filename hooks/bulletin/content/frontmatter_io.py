"""Read an article file into (front matter mapping, field lines, body) without losing line numbers.

python-frontmatter splits the file; the YAML is parsed here (bulletin.content.yaml12: YAML 1.2 core,
bounded aliases and depth) so that every error names the file and the line, timestamps stay text
(dates are parsed by the schema, in Vietnam time), front matter that is not a mapping is rejected
and duplicate keys are reported instead of silently overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import frontmatter
import yaml

from . import gate, yaml12
from .model import Problem
from .text import INVISIBLE, nfc

MAX_BYTES = 2 * 1024 * 1024


# One YAML loader for every file (bulletin.content.yaml12): YAML 1.2 core, limits on aliases and depth.
_parse = yaml12.parse
safe_load = yaml12.load
_HANDLER = frontmatter.YAMLHandler()


@dataclass
class RawArticle:
    path: str
    meta: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)   # field -> line number in the file
    body: str = ""
    body_line: int = 1                          # line of the file where the body starts
    end_line: int = 0                           # line of the closing '---' of the front matter
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def line(self, key: str) -> int | None:
        return self.lines.get(key)


def decode(path: str, data: bytes, raw: RawArticle) -> str | None:
    if len(data) > MAX_BYTES:
        raw.problems.append(Problem(path, None, "", f"file is too large ({len(data) / 1048576:.1f} MB; "
                                    f"the limit is {MAX_BYTES // 1048576} MB): split it or move media out of the text"))
        return None
    wide = _wide_encoding(data)
    if wide:
        raw.problems.append(Problem(path, None, "", f"saved as {wide}, not UTF-8: save the file as UTF-8"))
        return None
    if b"\x00" in data:
        raw.problems.append(Problem(path, None, "", "not a text file (it contains NUL bytes): only Markdown "
                                    "articles (.md) belong in articles/"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raw.problems.append(Problem(path, line, "", f"not valid UTF-8 ({exc.reason} at byte {exc.start}): "
                                    "save the file as UTF-8"))
        return None
    if text.startswith("\ufeff"):
        raw.warnings.append(Problem(path, 1, "", "byte order mark (BOM) at the start of the file was ignored; "
                                    "save as UTF-8 without BOM", "warning"))
        text = text[1:]
    if "\r" in text:
        raw.warnings.append(Problem(path, None, "", "Windows (CRLF) line endings were converted to LF", "warning"))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    normalized = nfc(text)
    if normalized != text:
        line = next((i for i, (a, b) in enumerate(zip(text.split("\n"), normalized.split("\n")), 1) if a != b), None)
        raw.warnings.append(Problem(path, line, "", "text was not in Unicode NFC (decomposed Vietnamese marks); "
                                    "it was normalized", "warning"))
    m = INVISIBLE.search(normalized)
    if m:
        line = normalized.count("\n", 0, m.start()) + 1
        raw.warnings.append(Problem(path, line, "", f"invisible character U+{ord(m.group()):04X} was removed",
                                    "warning"))
        normalized = INVISIBLE.sub("", normalized)
    return normalized


def _wide_encoding(data: bytes) -> str | None:
    """'UTF-16 (…)' or 'UTF-32 (…)' when *data* is text in one of those encodings, else None."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32 (it starts with a UTF-32 byte order mark)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 (it starts with a UTF-16 byte order mark)"
    head = data[:400]
    zeros = head.count(0)
    if len(head) >= 8 and zeros * 10 >= len(head) * 3 and (head[0::2].count(0) == 0 or head[1::2].count(0) == 0):
        return "UTF-16 (every other byte is zero)"
    return None


def read(path: str, data: bytes) -> RawArticle:
    """Parse the bytes of one article file. Problems are collected in the result, never raised."""
    raw = RawArticle(path=path)
    text = decode(path, data, raw)
    if text is None:
        return raw
    if not _HANDLER.detect(text):
        raw.problems.append(Problem(path, 1, "", "no front matter: the file must start with a line '---', "
                                    "then the fields (title, date, unit, topics …), then '---'"))
        raw.body = text
        return raw
    try:
        fm_text, body = _HANDLER.split(text)
    except ValueError:
        raw.problems.append(Problem(path, 1, "", "front matter is not closed: add a line '---' after the fields"))
        return raw
    # python-frontmatter keeps the newline after the opening '---' in the front matter text,
    # so YAML's 0-based line numbers plus one are the file's line numbers.
    offset = 1
    raw.body = body
    boundaries = list(_HANDLER.FM_BOUNDARY.finditer(text))
    closing = boundaries[1] if len(boundaries) > 1 else boundaries[0]
    raw.body_line = text.count("\n", 0, closing.end()) + 1
    raw.end_line = text.count("\n", 0, closing.start()) + 1
    if "\t" in fm_text:
        tab_line = fm_text[: fm_text.index("\t")].count("\n") + offset
        raw.problems.append(Problem(path, tab_line, "", "tab character in front matter: YAML needs spaces "
                                    "for indentation; replace the tab with spaces"))
        return raw
    try:
        node, value = _parse(fm_text)
    except RecursionError:
        raw.problems.append(Problem(path, offset, "", "front matter is nested too deeply to be read "
                                    "(brackets or indentation hundreds of levels deep): write plain fields"))
        return raw
    except yaml12.LimitError as exc:
        raw.problems.append(Problem(path, exc.problem_mark.line + offset, "", f"front matter {exc.problem}: "
                                    "write plain fields"))
        return raw
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + offset if mark is not None else None
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raw.problems.append(Problem(path, line, "", f"invalid YAML in front matter: {what} (check quotes, "
                                    "colons and indentation; quote a title that contains ': ')"))
        return raw
    if value is None and node is None:   # an empty block: every required field is missing
        return raw
    if value is None:
        value = {}
    if not isinstance(value, dict) or not isinstance(node, yaml.MappingNode):
        kind = "a list ('- …' lines)" if isinstance(node, yaml.SequenceNode) else "a single value"
        raw.problems.append(Problem(path, offset, "", f"front matter must be a mapping of fields "
                                    f"('title: …', 'date: …' on their own lines) but is {kind}"))
        return raw
    seen: dict = {}
    for key_node, _ in node.value:
        key = key_node.value
        line = key_node.start_mark.line + offset
        if key in seen:
            raw.problems.append(Problem(path, line, str(key), f"duplicate field (first given on line {seen[key]}); "
                                        "keep only one"))
        else:
            seen[key] = line
    raw.lines = seen
    raw.meta = value
    _gate(raw)
    return raw


def _gate(raw: RawArticle) -> None:
    """The text gate (bulletin.content.gate) on every string of the front matter and on the body."""
    for key, value in raw.meta.items():
        for _where, text in gate.walk({key: value}):
            bad = gate.bad_character(text)
            if bad:
                raw.problems.append(Problem(raw.path, raw.line(key), str(gate.printable(key)),
                                            gate.message(bad[1])))
                break
    bad = gate.bad_character(raw.body)
    if bad:
        line = raw.body_line + raw.body.count("\n", 0, bad[0])
        raw.problems.append(Problem(raw.path, line, "body", gate.message(bad[1])))
    for line, message in gate.markdown_problems(raw.body, raw.body_line):
        raw.problems.append(Problem(raw.path, line, "body", message))
