"""Publishing under load, small: bench/publish_load.py with 40 articles per language and 10 s of
wrk against Debian's nginx while scripts/publish.sh swaps in a changed build (a new stylesheet,
a changed text, a new article). No request fails and no page is served with a stylesheet or script
of another build, or a missing one. The figures of the full run are in docs/ky-thuat/hieu-nang.md."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import publish_load  # noqa: E402


def test_no_request_fails_and_no_answer_mixes_builds_while_publishing(tmp_path):
    r = publish_load.run(articles=40, seconds=10, connections=8, workdir=tmp_path)
    assert r["swapped"], f"the swap did not happen during the load: {r}"
    assert r["requests"] > 1000
    assert r["failed"] == 0, r["statuses"]
    assert set(r["statuses"]) == {200}
    assert r["reader_pages"] > 20 and r["reader_files"] > r["reader_pages"]
    assert r["mixed"] == 0, r["problems"]
    assert r["nginx_errors"] == []
