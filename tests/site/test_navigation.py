"""Readers' navigation: section titles keep their Vietnamese marks, and the maintainers' notes
(docs/ky-thuat/) are built but stay out of the readers' menu, reachable from the About page."""

from __future__ import annotations

import re


def _menu(html: str) -> str:
    """The primary navigation of a page (Material's drawer)."""
    start = html.index('<nav class="md-nav md-nav--primary"')
    end = html.find('<div class="md-sidebar md-sidebar--secondary"', start)
    return html[start:end if end > 0 else html.index("</main>", start)]


def _menu_labels(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", label).strip() for label in re.findall(r'<span class="md-ellipsis">(.*?)</span>', _menu(html), re.S)]


def test_section_titles_keep_their_marks(seed_site):
    vi = _menu_labels(seed_site.read("index.html"))
    en = _menu_labels(seed_site.read("en/index.html"))
    assert "Hướng dẫn biên tập" in vi, vi
    assert "Editor's guide" in " ".join(en).replace("&#39;", "'"), en
    assert not [label for label in vi if label in {"Huong dan", "Ky thuat"}]


def test_maintainers_notes_are_not_in_the_readers_menu(seed_site):
    for page, lang_prefix in (("index.html", ""), ("en/index.html", "en/"), ("gioi-thieu/index.html", "")):
        menu = _menu(seed_site.read(page))
        assert "ky-thuat" not in menu, page
    for note in ("index", "kien-truc", "hieu-nang", "bao-mat", "tim-kiem"):
        path = "ky-thuat/index.html" if note == "index" else f"ky-thuat/{note}/index.html"
        assert seed_site.exists(path) and seed_site.exists("en/" + path)


def test_about_page_links_to_the_notes(seed_site):
    assert 'href="../ky-thuat/"' in seed_site.read("gioi-thieu/index.html")
    assert 'href="../ky-thuat/"' in seed_site.read("en/gioi-thieu/index.html")
    architecture = seed_site.read("ky-thuat/kien-truc/index.html")
    assert "on_post_build" in architecture and "content/" in architecture
