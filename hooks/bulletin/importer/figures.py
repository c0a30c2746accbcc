"""Pictures into the article's Markdown: each caption the rules found becomes a figure.

The text rules write a caption as a paragraph followed by ``{: .caption }``. A picture imported
from a page replaces that paragraph with a figure: the picture, ``alt`` from the caption, and the
caption as ``<figcaption>`` (``md_in_html``). A picture without a caption is put after the
paragraph it followed on the page. The lead photo is not in the body (it is ``image:``), so its
caption paragraph is dropped.
"""

from __future__ import annotations

import html

from . import body as body_module

CAPTION_MARK = "\n{: .caption }"
PHOTO_MISSING = body_module.PHOTO_MISSING
# An article's page is /YYYY/MM/<slug>/: pictures stored under docs/images/ are three levels up.
TO_DOCS = "../../../"


def alt_text(caption: str | None) -> str:
    """A caption as Markdown picture text: brackets and backslashes escaped, no raw HTML."""
    text = (caption or "").replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return text.replace("<", "&lt;")


def figure(path: str, caption: str | None, width: int | None, height: int | None) -> str:
    size = f'{{ width="{width}" height="{height}" }}' if width and height else ""
    lines = ['<figure markdown="span">', f"![{alt_text(caption)}]({TO_DOCS}{path}){size}"]
    if caption:
        lines.append(f"<figcaption>{html.escape(caption, quote=False)}</figcaption>")
    lines.append("</figure>")
    return "\n".join(lines)


def place(body: str, pictures: list, escape) -> str:
    """*pictures*: objects with ``name``, ``caption``, ``width``, ``height``, ``after_text`` (the page's
    paragraph before it, or None) and ``lead`` (True: shown as ``image:``, not in the body).
    *escape* is the text rules' own escaping of a paragraph (to find paragraphs and captions)."""
    blocks = [b for b in body.strip("\n").split("\n\n") if b.strip()]
    out: list[str] = []
    pending = [p for p in pictures if p.caption]
    loose = [p for p in pictures if not p.caption]
    for block in blocks:
        if block.endswith(CAPTION_MARK):
            text = block[: -len(CAPTION_MARK)]
            match = next((p for p in pending if escape(p.caption) == text), None)
            if match is not None:
                pending.remove(match)
                if out and out[-1] == PHOTO_MISSING:
                    out.pop()           # the text rules' placeholder: the picture is here now
                if not match.lead:
                    out.append(figure(match.name, match.caption, match.width, match.height))
                continue
        out.append(block)
        for p in [p for p in loose if p.after_text is not None and escape(p.after_text) == block]:
            loose.remove(p)
            if not p.lead:
                out.append(figure(p.name, None, p.width, p.height))
    # pictures whose caption or paragraph the rules did not keep: at the start (before the text) or end
    head = [p for p in loose if p.after_text is None and not p.lead]
    tail = [p for p in pending + loose if p not in head and not p.lead]
    out = [figure(p.name, p.caption, p.width, p.height) for p in head] + out
    out += [figure(p.name, p.caption, p.width, p.height) for p in tail]
    return "\n\n".join(out) + "\n"
