"""The web editor's file format (admin.js, "bulletin-frontmatter"), run by Node on the files the
build copied into /quan-tri/: what it reads and writes must mean what the bulletin's loader reads."""

from __future__ import annotations

import json
import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml

from bulletin.content.loader import fingerprint
from bulletin.content.schema import FIELDS

HARNESS = Path(__file__).with_name("admin_format.js")
REPO = Path(__file__).resolve().parents[2]
INHERITED = {n for n, f in FIELDS.items() if f.inherited or f.original_only}


def run(site: Path, cases: list[dict]) -> list[dict]:
    done = subprocess.run(["node", str(HARNESS), str(site / "quan-tri")], input=json.dumps(cases),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def split(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front) or {}, body.strip()


def stringify(meta: dict) -> dict:
    """YAML dates as the text the form keeps (the loader reads both the same way)."""
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in meta.items()}


SEEDS = sorted((REPO / "articles").rglob("*.md"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_a_seed_article_read_and_written_by_the_form_keeps_its_meaning(seed_site, path):
    text = path.read_text(encoding="utf-8")
    cases = [{"text": text}]
    if path.name.endswith(".en.md"):       # the form writes the original first, then the translation
        cases.insert(0, {"text": path.with_name(path.name.replace(".en.md", ".vi.md")).read_text(encoding="utf-8")})
    written = run(seed_site.site, cases)[-1]["written"]
    before, body_before = split(text)
    after, body_after = split(written)
    if path.name.endswith(".en.md"):
        before = {k: v for k, v in before.items() if k not in INHERITED}   # taken from the original
    assert stringify(after) == stringify(before)
    assert body_after == body_before
    assert list(after) == [k for k in FIELDS if k in after]                 # the schema's order


def test_empty_optional_fields_are_left_out(seed_site):
    data = {"id": "5c0f4a43-8d4e-4c9a-9c53-0a3c6f0b2a11", "title": "Tin có ô trống", "date": "2026-11-20 09:30",
            "unit": "qk4", "topics": ["cchc"], "summary": "  ", "authors": ["", " "], "source": {"name": "", "url": ""},
            "image": "", "caption": "", "slug": "", "updated": "", "body": "Nội dung."}
    written = run(seed_site.site, [{"data": data}])[0]["written"]
    assert written == ('---\nid: 5c0f4a43-8d4e-4c9a-9c53-0a3c6f0b2a11\ntitle: "Tin có ô trống"\n'
                       "date: 2026-11-20 09:30\nunit: qk4\ntopics: [cchc]\n---\n\nNội dung.\n")


def test_a_translation_with_nothing_of_its_own_is_not_written(seed_site):
    original = {"title": "Bản gốc", "date": "2026-11-20 09:30", "unit": "qk4", "topics": ["cchc"], "body": "Nội dung."}
    # the hidden date of the English column fills itself with "now": still nothing to write
    out = run(seed_site.site, [{"data": original}, {"data": {"date": "2026-12-03 10:00", "title": " "}}])
    assert out[1]["written"] == ""


def test_a_checked_translation_gets_the_fingerprint_the_build_computes(seed_site):
    title = unicodedata.normalize("NFD", "Quân khu 4 tổng kết công tác năm 2026")   # typed decomposed
    body = "Đoạn một.\u200b\n\nĐoạn hai.  \n"
    original = {"title": title, "date": "2026-11-20 09:30", "unit": "qk4", "topics": ["cchc"], "body": body}
    translation = {"title": "Military Region 4 reviews 2026", "body": "Text.", "translation_checked": True}
    out = run(seed_site.site, [{"data": original}, {"data": translation}])
    vi_meta, vi_body = split(out[0]["written"])
    assert vi_meta["title"] == unicodedata.normalize("NFC", title) and "\u200b" not in vi_body
    meta, _ = split(out[1]["written"])
    assert meta == {"title": "Military Region 4 reviews 2026", "translated_from": fingerprint(vi_meta["title"], vi_body)}
    unchecked = run(seed_site.site, [{"data": original}, {"data": {**translation, "translation_checked": False}}])
    assert "translated_from" not in unchecked[1]["written"] and "translation_checked" not in unchecked[1]["written"]


def test_imported_pictures_and_awkward_text_survive(seed_site):
    text = ('---\nid: imported-0001\ntitle: \'Tiêu đề có "ngoặc", dấu \\\\ và: hai chấm\'\ndate: 2024-01-04\n'
            "unit: qk2\ntopics: [cchc]\nimage: images/2024/01/anh.jpg\n"
            "pictures:\n  - {file: images/2024/01/anh.jpg, url: 'https://example.vn/a b.jpg'}\n"
            "source: dangcongsan.vn\ndraft: true\n---\n\nNội dung.\n")
    out = run(seed_site.site, [{"text": text}])[0]
    after, body = split(out["written"])
    before, _ = split(text)
    assert after == {**before, "source": {"name": "dangcongsan.vn"}}
    assert body == "Nội dung."
    assert "pictures: [{file: images/2024/01/anh.jpg, url: \"https://example.vn/a b.jpg\"}]" in out["written"]
