"""The worst Markdown the text gate lets through (bulletin.content.gate), rendered as the build does.

For each shape Python-Markdown is slow or recursive on (nested lists, block quotes, emphasis runs,
brackets), the largest body the gate *accepts* is rendered with the site's extensions and timed,
beside an ordinary article of the same size in the same run. The ratio is what counts; the gate's
limits are chosen so that the worst accepted article costs at most a few seconds. Rejected inputs
are shown too: they never reach Markdown.

    .venv/bin/python bench/markdown_limits.py        # prints the table and the machine load
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))

import markdown  # noqa: E402

from bulletin.content import gate  # noqa: E402
from bulletin.content.frontmatter_io import MAX_BYTES  # noqa: E402

EXTENSIONS = ["attr_list", "md_in_html", "tables", "footnotes", "admonition", "toc"]
PARAGRAPH = "Quân khu 4 tổ chức hội nghị tổng kết công tác cải cách hành chính và chuyển đổi số năm 2024. "


def fill(block: str, size: int) -> str:
    """As many blocks of *block* as the gate accepts, up to *size* bytes (UTF-8)."""
    count = max(1, size // max(1, len(block.encode("utf-8")) + 2))
    low, high = 1, count
    while low < high:   # the largest count the gate accepts (its budgets are per article)
        mid = (low + high + 1) // 2
        if gate.markdown_problems((block + "\n\n") * mid):
            high = mid - 1
        else:
            low = mid
    return (block + "\n\n") * low


D, R, B = gate.MAX_DEPTH, gate.MAX_RUN, gate.MAX_BRACKETS_BLOCK
SHAPES = {
    "ordinary text (2 MB)": fill(PARAGRAPH * 8, MAX_BYTES),
    "ordinary text with **bold**, lists and [links](/a/) (2 MB)":
        fill(PARAGRAPH + "**Hội nghị** [xem](/a/).\n\n- một\n- hai\n    - ba\n\n> " + PARAGRAPH, MAX_BYTES),
    f"lists nested {D} deep, repeated": fill("".join("    " * i + "- mục\n" for i in range(D)), MAX_BYTES),
    f"quotes nested {D} deep, repeated": fill("> " * D + "trích dẫn", MAX_BYTES),
    f"emphasis runs of {R}": fill("*" * R + "chữ" + "*" * R, MAX_BYTES),
    f"{B} '[' per paragraph (article budget {gate.MAX_BRACKETS})": fill("x " + "[" * B, MAX_BYTES),
    f"{B} nested [[…]] per paragraph": fill("[" * (B // 2) + "x" + "]" * (B // 2), MAX_BYTES),
}
REJECTED = {
    "20,000 '['": "[" * 20000,
    "5,000 '*' run": "*" * 5000 + "x" + "*" * 5000,
    "3,000 nested quotes": "> " * 3000 + "x",
    "500 nested lists": "".join("    " * i + "- x\n" for i in range(500)),
}


def render(text: str) -> float:
    md = markdown.Markdown(extensions=EXTENSIONS)
    start = time.perf_counter()
    md.convert(text)
    return time.perf_counter() - start


def main() -> None:
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}  "
          f"(2 cores shared; ratios to the ordinary article of this run are what count)")
    base = None
    print(f"{'accepted by the gate':58} {'bytes':>9} {'render s':>9} {'ratio':>7}")
    for name, body in SHAPES.items():
        assert not gate.markdown_problems(body), (name, gate.markdown_problems(body)[:1])
        seconds = render(body)
        base = base or seconds
        print(f"{name:58} {len(body.encode()):9,} {seconds:9.2f} {seconds / base:7.2f}")
    print(f"\n{'refused by the gate (never rendered)':58} {'gate ms':>9}")
    for name, body in REJECTED.items():
        start = time.perf_counter()
        found = gate.markdown_problems(body)
        assert found, name
        print(f"{name:58} {(time.perf_counter() - start) * 1000:9.1f}  {found[0][1][:60]}")


if __name__ == "__main__":
    main()
