"""Material's interface strings ("Bỏ qua", "Tìm kiếm", …) looked up once per language and key.

Material asks ``partials/language.html`` for a string with ``lang.t(key)`` some ten times a page; its
language files answer by building a dictionary of every string on each call. The bulletin's override
of that partial calls :func:`lookup` instead, which asks Material's own macros once per language and
key and remembers the answer: the same text as before (a missing key falls back to English, then to
the key itself), without the per-call work.
"""

from __future__ import annotations

from markupsafe import Markup


def env(jinja_env) -> None:
    """Give the templates ``bl_ui_string(lang, key)`` (used by partials/language.html)."""
    cache: dict = {}
    modules: dict = {}

    def module(lang: str):
        if lang not in modules:
            modules[lang] = jinja_env.get_template(f"partials/languages/{lang}.html").module
        return modules[lang]

    def lookup(lang: str, key: str) -> Markup:
        got = cache.get((lang, key))
        if got is None:
            got = cache[(lang, key)] = Markup(str(module(lang).t(key)) or str(module("en").t(key)) or key)
        return got

    jinja_env.globals["bl_ui_string"] = lookup
