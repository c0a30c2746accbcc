"""Content-Security-Policy of every page: only the site's own scripts may run.

``docs/overrides/main.html`` (and ``404.html``) print ``<meta http-equiv="Content-Security-Policy">``
with :data:`PLACEHOLDER` where the inline scripts' hashes go. The theme emits a few small inline
scripts (Material's ``__md_scope`` bootstrap, its tab/anchor helper …) whose text depends on the
page's depth; after each page is rendered, :func:`fill` hashes the inline scripts that the
*templates* wrote and puts exactly those hashes into the policy. Scripts inside the article body
are never hashed, so even an article marked ``trusted_html`` cannot run inline code, and no
``'unsafe-inline'`` is ever needed.

No ``'unsafe-inline'``, no ``'unsafe-eval'``, and no directive names another host: the site makes no
third-party request.
"""

from __future__ import annotations

import base64
import hashlib
import re

PLACEHOLDER = "'bulletin-inline-script-hashes'"

DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", f"'self' {PLACEHOLDER}"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self' data:"),
    ("connect-src", "'self'"),
    ("worker-src", "'self' blob:"),
    ("manifest-src", "'self'"),
    ("media-src", "'self'"),
    ("object-src", "'none'"),
    ("frame-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)

JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript",
            "application/ecmascript"}
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)


def policy() -> str:
    """The policy text with the placeholder for hashes (what the templates print)."""
    return "; ".join(f"{name} {value}" for name, value in DIRECTIVES)


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script of *html* that a browser would run."""
    out = []
    for m in _SCRIPT.finditer(html):
        attrs = m.group(1)
        if _SRC.search(attrs):
            continue
        t = _TYPE.search(attrs)
        kind = next((g for g in t.groups() if g is not None), "").strip().lower() if t else ""
        if kind in JS_TYPES:
            out.append(m.group(2))
    return out


def source_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def fill(output: str, content: str | None = None, excluded: set | frozenset = frozenset()) -> str:
    """Replace the placeholder with the hashes of the templates' inline scripts of *output*;
    scripts that are part of *content* (the page's body) or in *excluded* (the bodies of every
    page, which listings and digests may repeat) are not allowed."""
    if PLACEHOLDER not in output:
        return output
    body = set(inline_scripts(content or "")) | set(excluded)
    hashes = sorted({source_hash(s) for s in inline_scripts(output) if s not in body})
    return output.replace(PLACEHOLDER, " ".join(hashes) if hashes else "", 1).replace(PLACEHOLDER, "")


def env(site, env) -> None:
    """Give templates the policy as ``bulletin_csp`` (404.html has no page and no view)."""
    env.globals["bulletin_csp"] = policy()


# -- the same policy as an HTTP header (deploy/nginx/bantin.conf) ---------------------------------
_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')
FRAME_ANCESTORS = "frame-ancestors 'none'"   # only a header can say it: a meta's is ignored


def site_policy(site_dir) -> str:
    """The one policy every page of a built site carries (Material's scope is fixed, so the
    templates' inline scripts — and their hashes — are the same on every page); ValueError if
    pages disagree."""
    from pathlib import Path

    policies: dict[str, str] = {}
    for path in sorted(Path(site_dir).rglob("*.html")):
        m = _META.search(path.read_text(encoding="utf-8", errors="replace"))
        if m:
            policies.setdefault(m.group(1), path.relative_to(site_dir).as_posix())
    if len(policies) != 1:
        raise ValueError(f"{len(policies)} different policies in {site_dir}: " + "; ".join(policies.values()))
    return next(iter(policies))


def header_value(site_dir) -> str:
    return f"{site_policy(site_dir)}; {FRAME_ANCESTORS}"


def main(argv=None) -> int:
    """``python -m bulletin.site.csp SITE_DIR``: the nginx line with the site's policy."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write("usage: python -m bulletin.site.csp SITE_DIR   (a built site)\n")
        return 2
    try:
        value = header_value(args[0])
    except ValueError as exc:
        sys.stderr.write(f"csp: {exc}\n")
        return 1
    print(f'add_header Content-Security-Policy "{value}" always;')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
