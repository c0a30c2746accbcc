"""The web editor's weight and load time, measured in Debian's Chromium on the built seed site.

    python bench/cms_load.py [--repeat 5]

Builds the seed site with the local proxy configured, runs decap-server (git mode) on a
temporary clone, serves the site on 127.0.0.1 and opens /quan-tri/ in a fresh browser context
each time (cold cache): time to the `load` event, to the sign-in screen and to the list of
articles through the proxy; bytes and requests, requests to other hosts, JavaScript heap. Beside
it, a reader's page (the home page) in the same run, as the baseline. Prints the machine load
(`uptime`). The static server does not compress; gzip -9 sizes of the shipped files are printed
too. Nothing here asserts: docs/ky-thuat/soan-tin-web.md keeps the figures and the comparison with
Sveltia CMS.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests" / "support"), str(REPO / "tests" / "browser"), str(REPO / "hooks")]

import sites  # noqa: E402
from helpers import CHROMIUM_ARGS, CHROMIUM_PATH, serve_directory  # noqa: E402

from bulletin.editor.cms import proxy  # noqa: E402


def measure(browser, url: str, *, sign_in: bool) -> dict:
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    sizes, urls = [], []
    page.on("request", lambda r: urls.append(r.url))

    def finished(request):
        try:
            sizes.append(request.sizes()["responseBodySize"])
        except Exception:   # noqa: BLE001 - a request without a body
            pass
    page.on("requestfinished", finished)
    start = time.perf_counter()
    page.goto(url, wait_until="load")
    row = {"load": time.perf_counter() - start}
    if sign_in:
        page.get_by_role("button", name="Đăng nhập").wait_for()
        row["sign_in_screen"] = time.perf_counter() - start
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_text("Quân khu 4 kiểm tra công tác cải cách hành chính").first.wait_for()
        row["entry_list"] = time.perf_counter() - start
    page.wait_for_timeout(300)
    row["heap_mb"] = page.evaluate("performance.memory ? performance.memory.usedJSHeapSize / 1e6 : 0")
    row["requests"] = len(urls)
    row["bytes"] = sum(sizes)
    row["other_hosts"] = sorted({urlsplit(u).netloc for u in urls
                                 if urlsplit(u).scheme in ("http", "https") and urlsplit(u).hostname not in ("127.0.0.1", "localhost")})
    context.close()
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        project = sites.make_project(Path(tmp) / "project")
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=project, check=True)
        subprocess.run(["git", "add", "-A"], cwd=project, check=True)
        subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.vn", "commit", "-qm", "seed"],
                       cwd=project, check=True)
        with proxy(project, workflow=True) as api:
            build = sites.build_ok(project, env={"BULLETIN_CMS_PROXY": api})
            admin = build.site / "quan-tri"
            shipped = [p for p in admin.iterdir() if p.is_file()]
            raw = sum(p.stat().st_size for p in shipped)
            main_js = (admin / "decap-cms.js").read_bytes()
            served = Path(tmp) / "served"
            shutil.copytree(build.site, served)
            with serve_directory(served) as base, sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
                rows = {"admin": [], "home": []}
                for _ in range(args.repeat):
                    rows["admin"].append(measure(browser, base + "quan-tri/", sign_in=True))
                    rows["home"].append(measure(browser, base, sign_in=False))
                browser.close()
    os.system("uptime")
    print(f"shipped in /quan-tri/: {len(shipped)} files, {raw / 1e6:.2f} MB; decap-cms.js {len(main_js) / 1e6:.2f} MB, "
          f"gzip -9 {len(gzip.compress(main_js, 9)) / 1e6:.2f} MB")
    for name, runs in rows.items():
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0] if isinstance(runs[0][k], (int, float))}
        parts = [f"{k} {v:.2f}s" for k, v in med.items() if k in ("load", "sign_in_screen", "entry_list")]
        print(f"{name:6} median of {len(runs)}: " + ", ".join(parts)
              + f", {med['requests']:.0f} requests, {med['bytes'] / 1e6:.2f} MB, heap {med['heap_mb']:.1f} MB, "
              f"other hosts {runs[0]['other_hosts']}")
    ratio = statistics.median(r["load"] for r in rows["admin"]) / statistics.median(r["load"] for r in rows["home"])
    print(f"admin load / home load: {ratio:.1f}x")


if __name__ == "__main__":
    main()
