"""The benchmark cannot rot: a real run of bench/run.py at 20 articles per language.

Checks what the runner produces (its table, its JSON figures, the preview line) and that the
site it measured is a valid bulletin site; no timing is asserted (figures go to the docs).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

import generate  # noqa: E402
from bulletin.content.text import slugify  # noqa: E402
from projects import split  # noqa: E402

N = 20


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory):
    work = tmp_path_factory.mktemp("bench")
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--sizes", str(N), "--repeat", "1",
         "--preview-size", str(N), "--preview-edits", "1", "--no-install",
         "--workdir", str(work), "--json", str(work / "results.json")],
        capture_output=True, text=True, timeout=900, cwd=REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return work, proc.stdout, json.loads((work / "results.json").read_text(encoding="utf-8"))


def test_generator_is_deterministic_and_valid_for_the_schema(tmp_path):
    generate.generate(tmp_path / "a", 5, seed=7)
    generate.generate(tmp_path / "b", 5, seed=7)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.md"))
    assert len(files_a) == 10
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
    text = next((tmp_path / "a").rglob("*.vi.md")).read_text(encoding="utf-8")
    meta, body = split(text)
    assert {"id", "title", "date", "unit", "topics"} <= set(meta)
    assert "{: .caption }" in body and "\n## " in body and "\n- " in body
    assert re.search("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", body)
    assert 350 <= len(body.split()) <= 600


def test_runner_prints_its_table_with_every_system(bench_run):
    _work, out, results = bench_run
    assert ("| articles per language | bulletin (both languages, everything) | bulletin in one process | "
            "bulletin without search index | Material blog plugin |") in out
    rows = [line for line in out.splitlines() if line.startswith(f"| {N} |")]
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    assert len(cells) == 13
    for i in (1, 2, 3):   # the bulletin, in one process, without search: time / memory / size
        assert re.match(r"[\d.]+ s / [\d.]+ MB / [\d.]+ [KM]B$", cells[i])
    assert all(re.match(r"[\d.]+×$", cells[i]) for i in (5, 6, 8, 9, 11))
    per_page = [c.strip() for c in rows[1].strip("|").split("|")]   # the per-page table
    assert re.match(r"[\d,]+ / [\d,]+$", per_page[1])
    assert re.match(r"([\d.]+ / ){3}[\d.]+$", per_page[2])
    assert re.match(r"[\d.]+×$", per_page[3]) and re.match(r"[\d.]+×$", per_page[4])
    assert "Preview at 20 articles per language" in out
    assert "Machine:" in out and "Load average" in out
    figures = results["sizes"][str(N)]
    for system in ("bulletin", "serial", "core", "blog", "plain", "floor"):
        assert figures[system]["wall"] > 0 and figures[system]["peak_rss"] > 0 and figures[system]["out_bytes"] > 0
        assert figures[system]["memory"] >= figures[system]["peak_rss"]
    assert figures["serial"]["jobs"] == 1
    assert figures["bulletin"]["out_pages"] > figures["plain"]["out_pages"] > N
    # Every way of previewing was measured: `bulletin preview`, `mkdocs serve --dirty` and plain.
    for mode in ("bulletin", "dirty", "clean"):
        assert len(results["preview"][f"bulletin/{mode}"]["edits"]) == 1, mode
        assert results["preview"][f"bulletin/{mode}"]["startup"] > 0, mode
    assert "`mkdocs serve --dirty`, incremental" in out and "`mkdocs serve`, every page rebuilt" in out
    assert "`bulletin preview`, pages made on request" in out
    if "hugo" not in figures:
        assert "Hugo: not installed" in out


def test_measured_bulletin_site_is_complete_in_both_languages(bench_run):
    work, _out, results = bench_run
    site = work / f"bulletin-{N}" / "site"
    articles = work / f"articles-{N}-1"
    originals = sorted(articles.rglob("*.vi.md"))
    assert len(originals) == N
    for path in originals:
        meta, _ = split(path.read_text(encoding="utf-8"))
        date = str(meta["date"])
        page = f"{date[:4]}/{date[5:7]}/{meta.get('slug') or slugify(meta['title'])}/index.html"
        vi = (site / page).read_text(encoding="utf-8")
        assert meta["title"].replace("&", "&amp;") in vi
        en_meta, _ = split(path.with_name(path.name.replace(".vi.md", ".en.md")).read_text(encoding="utf-8"))
        en = (site / "en" / page).read_text(encoding="utf-8")
        assert en_meta["title"].replace("&", "&amp;") in en
        assert "bl-untranslated" not in en and "bl-stale" not in en
    home = (site / "index.html").read_text(encoding="utf-8")
    assert home.count('class="bl-card') >= min(N, 20)
    assert (site / "en" / "index.html").exists() and (site / "sitemap.xml").exists()


def test_baseline_sites_hold_every_article(bench_run):
    work, _out, _results = bench_run
    plain = [p for p in (work / f"plain-{N}" / "site").rglob("index.html") if re.match(r"\d{4}$", p.parent.parent.name)]
    assert len(plain) == 2 * N
    floor = list((work / f"floor-{N}" / "site").rglob("*.html"))
    assert len(floor) == 2 * N and all("<h2" in p.read_text(encoding="utf-8") for p in floor)
    blog = work / f"blog-{N}" / "site"
    assert (blog / "blog" / "index.html").exists() and (blog / "en" / "blog" / "index.html").exists()
    posts = [p for p in blog.rglob("index.html") if p.parent.name.endswith(tuple(f"{i:05d}" for i in range(N)))]
    assert len(posts) == 2 * N


def test_preview_bench_measures_start_edits_and_moves(tmp_path):
    """bench/preview.py at 20 articles: `bulletin preview` first and second start, one edit and one
    moving edit each, and its table."""
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "preview.py"), "--sizes", str(N), "--modes", "bulletin,warm",
         "--edits", "1", "--moves", "1", "--workdir", str(tmp_path), "--json", str(tmp_path / "p.json")],
        capture_output=True, text=True, timeout=600, cwd=REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))[str(N)]
    for mode in ("bulletin", "warm"):
        assert results[mode]["startup"] > 0 and len(results[mode]["edits"]) == 1 and len(results[mode]["moves"]) == 1
    assert "`bulletin preview`, first start (no cache)" in proc.stdout and "uptime" in proc.stdout
