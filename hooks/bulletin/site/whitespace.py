"""Pages without the indentation of the templates that made them.

Material's templates and ours indent their markup; MkDocs writes that indentation into every page
(with Jinja's trim_blocks/lstrip_blocks set in ``events.on_env``, what remains is about 1.2 KB of a
20 KB article page). :func:`compact` replaces each line break and the white space around it by a
single line break, and each run of spaces within a line by one space (the templates leave runs
between tags: about 0.4 KB per article over the whole output) — which a browser renders exactly as
before, since HTML collapses white space — except inside ``<pre>``, ``<textarea>``, ``<script>``,
``<style>``, and ``<code>`` and ``<kbd>`` (Material shows their spaces: ``white-space: pre-wrap``),
which are copied unchanged. It runs before the Content-Security-Policy hashes are taken, and costs
about 0.15 ms per page (lines split and stripped, then one plain ``"  +"`` substitution; a pattern
with classes such as ``[ \t]{2,}`` over the whole page cost five times as much).
"""

from __future__ import annotations

import re

_KEPT = ("pre", "textarea", "script", "style", "code", "kbd")
_KEEP = re.compile(rf"<({'|'.join(_KEPT)})\b", re.I)
_CLOSE = {tag: re.compile(rf"</{tag}\s*>", re.I) for tag in _KEPT}
_RUN = re.compile("  +")        # spaces only: tabs and other white space are rare after _lines
_SPACE = " \t\r\f\v"        # ASCII white space only: a no-break space is text


def _lines(text: str) -> str:
    """*text* with each line break and the spaces around it reduced to one line break."""
    if "\n" in text:
        lines = text.split("\n")
        middle = [line for line in (x.strip(_SPACE) for x in lines[1:-1]) if line]
        text = "\n".join([lines[0].rstrip(_SPACE), *middle, lines[-1].lstrip(_SPACE)])
    return _RUN.sub(" ", text) if "  " in text else text


def compact(html: str) -> str:
    out = []
    pos = 0
    for m in _KEEP.finditer(html):
        if m.start() < pos:       # inside an element already copied
            continue
        close = _CLOSE[m.group(1).lower()].search(html, m.end())
        end = close.end() if close else len(html)
        out.append(_lines(html[pos:m.start()]))
        out.append(html[m.start():end])
        pos = end
    out.append(_lines(html[pos:]))
    return "".join(out)
