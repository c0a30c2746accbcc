"""bench/importer_accuracy.py cannot rot: a real run over the corpus prints every field's share,
never a wrong unit, and the pages in other languages refused."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_accuracy_script_reports_every_field_and_no_wrong_unit():
    done = subprocess.run([sys.executable, str(REPO / "bench" / "importer_accuracy.py"), "--details"],
                          capture_output=True, text=True, timeout=300, cwd=REPO)
    assert done.returncode == 0, done.stderr
    rows = dict(re.findall(r"^  (title|date|unit|topics|authors|source|captions|junk) +\d+/\d+ +([\d.]+)%$",
                           done.stdout, re.M))
    assert set(rows) == {"title", "date", "unit", "topics", "authors", "source", "captions", "junk"}
    assert all(float(share) >= 95.0 for share in rows.values()), rows
    assert "wrong unit (filed under another unit): 0" in done.stdout
    assert re.search(r"pages in another language refused: (\d+)/\1\b", done.stdout)
