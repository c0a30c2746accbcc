"""Write an article file: front matter (with explanatory comments) and the text.

Values are written the way the bulletin's articles are written by hand — ids and dates bare,
text in double quotes, lists of ids in brackets — so a file made by a tool looks like any other.
A field with no value is written empty (``title:``), which `bulletin check` reports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass
class Entry:
    key: str
    value: object = None
    comments: list = field(default_factory=list)   # lines written above the field, without '# '
    commented_out: bool = False                     # write '# key: value' (an example to fill in)


def quote(text: str) -> str:
    return json.dumps(str(text), ensure_ascii=False)


def scalar(key: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if key in ("id", "date", "unit", "translated_from", "slug", "updated"):
        return str(value)
    if key == "topics":
        return "[" + ", ".join(value) + "]"
    if key == "authors":
        return "[" + ", ".join(quote(a) for a in value) + "]"
    if key == "pictures":      # [{file, url}] → one flow mapping per line, under the key
        return "".join(f"\n  - {{file: {item['file']}, url: {quote(item['url'])}}}" for item in value)
    if key == "source":
        parts = [f"name: {quote(value['name'])}"]
        if value.get("url"):
            parts.append(f"url: {quote(value['url'])}")
        return "{" + ", ".join(parts) + "}"
    return quote(value)


def render(entries: list[Entry], body: str, header: list[str] | None = None) -> str:
    lines = ["---"]
    lines += [f"# {c}" for c in header or []]
    for entry in entries:
        lines += [f"# {c}" for c in entry.comments]
        text = scalar(entry.key, entry.value)
        line = f"{entry.key}:{text}" if text.startswith("\n") else f"{entry.key}: {text}" if text else f"{entry.key}:"
        lines.append(f"# {line}" if entry.commented_out else line)
    lines.append("---")
    body = body.strip("\n")
    return "\n".join(lines) + "\n\n" + (body + "\n" if body else "")
