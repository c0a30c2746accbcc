"""Publishing under load: nginx keeps answering while scripts/publish.sh swaps in a new build.

    .venv/bin/python bench/publish_load.py [--articles 300] [--seconds 20] [--connections 16] [--json FILE]

1. Lays out the site (this repository's data, docs and hooks) on ``--articles`` generated articles
   per language (bench/generate.py) and publishes it with ``scripts/publish.sh`` into
   ``<tmp>/srv/current``, a symbolic link to a release — the production layout of
   docs/ky-thuat/trien-khai.md (releases + ``current``; gzip and brotli copies).
2. Starts Debian's nginx with deploy/nginx/bantin.conf on 127.0.0.1 (a free port;
   tests/support/nginx.py), ``root`` the ``current`` link.
3. Runs Debian's ``wrk`` for ``--seconds`` (at most 30) with ``--connections`` connections on two
   threads, cycling through every page of the first build and every stylesheet and script they
   name (``Accept-Encoding: br, gzip``); a Lua script counts the answers by status.
4. Meanwhile a reader thread loads a page, then at once every stylesheet and script it names, over
   and over, and checks that each of those files answers 200 with the content its fingerprint
   names (sha-256): a page of one build with another build's — or a missing — file is a *mixed*
   answer.
5. The site changes (a stylesheet, an article's text, a new article) and ``scripts/publish.sh``
   builds it; the load starts when that build writes its compressed copies (its last step), so
   the swap falls inside the load (checked: the result says when, and fails otherwise).

Prints requests served, failed requests (socket errors and answers other than 2xx/3xx: must be
0), the reader's pages and files checked and mixed answers (must be 0), the publication's time
and the machine's load; exits 1 on any failure. tests/deploy/test_publish_load.py runs it small.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(REPO / "tests" / "support"))

import generate  # noqa: E402
import nginx  # noqa: E402
import projects  # noqa: E402

NOW = "2026-11-26T12:00:00+07:00"
ASSET_RE = re.compile(r'(?:href|src)="([^"#?]+\.(?:css|js))"')
HASHED_RE = re.compile(r"\.([0-9a-f]{8})(?:\.min)?\.(?:css|js)$")

LUA = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} ; counter = math.random(1, #paths) end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], {["Accept-Encoding"] = "br, gzip"})
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do total[k] = (total[k] or 0) + v end
  end
  io.write("BL-STATUS")
  for k, v in pairs(total) do io.write(string.format(" %d=%d", k, v)) end
  io.write("\n")
  local e = summary.errors
  io.write(string.format("BL-SUMMARY requests=%d bytes=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d p99_us=%d\n",
    summary.requests, summary.bytes, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(99)))
end
"""


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def env() -> dict:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", BULLETIN_NOW=NOW, BULLETIN_PRECOMPRESS="gzip,br")


def publish(project: Path, target: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(["bash", str(REPO / "scripts" / "publish.sh"), "--config", str(project / "mkdocs.yml"),
                           str(target)], env=env(), capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"publish.sh failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return time.perf_counter() - start


def url_list(site: Path) -> list[str]:
    """Every page of *site* (as /path/) and every stylesheet and script the pages name."""
    paths, assets = [], set()
    for page in sorted(site.rglob("index.html")):
        rel = page.parent.relative_to(site).as_posix()
        url = "/" if rel == "." else f"/{rel}/"
        paths.append(url)
        for ref in ASSET_RE.findall(page.read_text(encoding="utf-8")):
            assets.add(_absolute(url, ref))
    return paths + sorted(assets)


def _absolute(page_url: str, ref: str) -> str:
    return urllib.parse.urljoin(page_url, ref)


def change_site(project: Path) -> None:
    """What a new publication brings: a changed stylesheet, a changed text, a new article."""
    css = project / "docs" / "assets" / "bulletin.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* publication B */\n", encoding="utf-8")
    first = sorted((project / "articles").rglob("*.vi.md"))[0]
    text = first.read_text(encoding="utf-8")
    title = re.compile(r"^title: .*$", re.M)
    # its text changes (its address, made from the title, stays: every URL of the first build stays)
    first.write_text(text + "\nĐoạn thêm trong lần xuất bản B.\n", encoding="utf-8")
    new = first.with_name("zz-publication-b.vi.md")
    text = title.sub('title: "Tin mới của lần xuất bản B"', text, count=1)
    text = re.sub(r"^id: .*$", "id: 4d7c2a8e-0b1f-4a57-9c1e-3f1b2b6a0b0b", text, count=1, flags=re.M)
    new.write_text(text, encoding="utf-8")


def _compressing(releases: Path, old: Path) -> bool:
    """True once a new release folder beside *old* has its first brotli copies."""
    for d in releases.iterdir():
        if d != old and d.is_dir() and any((d / n).exists() for n in ("404.html.br", "index.html.br", "sitemap.xml.br")):
            return True
    return False


class Reader(threading.Thread):
    """Loads a page and then every stylesheet and script it names, again and again."""

    def __init__(self, base_url: str, pages: list[str]):
        super().__init__(daemon=True)
        self.base_url, self.pages = base_url.rstrip("/"), pages
        self.stop = threading.Event()
        self.pages_checked = self.files_checked = 0
        self.problems: list[str] = []

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.base_url + path, timeout=10) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as exc:
            return exc.code, b""

    def run(self) -> None:
        rnd = random.Random(7)
        while not self.stop.is_set():
            page = rnd.choice(self.pages)
            status, body = self.get(page)
            if status != 200:
                self.problems.append(f"{page}: {status}")
                continue
            self.pages_checked += 1
            for ref in sorted(set(ASSET_RE.findall(body.decode("utf-8", "replace")))):
                path = _absolute(page, ref)
                status, data = self.get(path)
                self.files_checked += 1
                m = HASHED_RE.search(path)
                if status != 200:
                    self.problems.append(f"mixed: {page} names {path}, which answered {status}")
                elif m and "/assets/javascripts/" not in path and "/assets/stylesheets/" not in path \
                        and hashlib.sha256(data).hexdigest()[:8] != m.group(1):
                    self.problems.append(f"mixed: {page} got other content for {path}")


def run(articles: int = 300, seconds: float = 20, connections: int = 16, workdir: Path | None = None) -> dict:
    seconds = min(float(seconds), 30.0)
    for tool in ("wrk",):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} not found: {nginx.SETUP_HINT}")
    tmp = Path(tempfile.mkdtemp(prefix="bulletin-load-", dir=workdir))
    try:
        generate.generate(tmp / "articles", articles, seed=11)
        project = projects.bulletin(tmp / "articles", tmp / "project")
        releases = tmp / "srv" / "releases"
        (releases / "release-0").mkdir(parents=True)
        (releases / "release-0" / "index.html").write_text("empty\n")
        current = tmp / "srv" / "current"
        os.symlink(releases / "release-0", current)
        first = publish(project, current)
        log(f"first publication: {first:.1f} s")
        site_a = Path(os.path.realpath(current))
        paths = url_list(site_a)
        pages = [p for p in paths if p.endswith("/")]
        (tmp / "load.lua").write_text("paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n" + LUA)
        change_site(project)
        with nginx.serve(current) as server:
            reader = Reader(server.base_url, pages)
            reader.start()
            # The second publication builds while the first build is served; the load starts when
            # the build is writing its compressed copies (its last step), so that the swap falls
            # inside the load's window.
            pub_start = time.perf_counter()
            pub = subprocess.Popen(["bash", str(REPO / "scripts" / "publish.sh"), "--config",
                                    str(project / "mkdocs.yml"), str(current)],
                                   env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            while pub.poll() is None and not _compressing(releases, site_a):
                time.sleep(0.1)
            load_start = time.perf_counter()
            wrk = subprocess.Popen(["wrk", "-t2", f"-c{connections}", f"-d{int(seconds)}s", "--timeout", "5s",
                                    "-s", str(tmp / "load.lua"), server.base_url.rstrip("/")],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            swapped_at = None
            while pub.poll() is None:
                time.sleep(0.02)
            pub_out = pub.stdout.read()
            if pub.returncode != 0:
                wrk.kill()
                raise SystemExit(f"publish.sh failed ({pub.returncode}):\n{pub_out[-3000:]}")
            swapped_at = time.perf_counter() - load_start
            second = time.perf_counter() - pub_start
            out, _ = wrk.communicate(timeout=seconds + 60)
            reader.stop.set()
            reader.join(timeout=15)
            error_log = server.log()
        swapped_after = swapped_at
        site_b = Path(os.path.realpath(current))
        summary = dict(kv.split("=") for kv in re.search(r"BL-SUMMARY (.*)", out).group(1).split())
        statuses = dict(kv.split("=") for kv in (re.search(r"BL-STATUS ?(.*)", out).group(1) or "").split())
        summary = {k: int(v) for k, v in summary.items()}
        statuses = {int(k): int(v) for k, v in statuses.items()}
        failed = sum(v for k, v in statuses.items() if k >= 400) + sum(
            summary[k] for k in ("connect", "read", "write", "timeout"))
        result = {
            "articles_per_language": articles, "seconds": seconds, "connections": connections,
            "urls": len(paths), "pages": len(pages),
            "requests": summary["requests"], "requests_per_second": round(summary["requests"] / (summary["duration_us"] / 1e6)),
            "statuses": statuses, "failed": failed, "p99_ms": round(summary["p99_us"] / 1000, 1),
            "publish_seconds": round(second, 1), "swapped_after_seconds": round(swapped_after, 1),
            "swapped": site_a != site_b and swapped_after is not None and swapped_after < seconds,
            "reader_pages": reader.pages_checked, "reader_files": reader.files_checked,
            "mixed": len(reader.problems), "problems": reader.problems[:10],
            "nginx_errors": [l for l in error_log.splitlines() if "[error]" in l or "[crit]" in l][:10],
            "load": os.getloadavg(),
        }
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=300, help="generated articles per language (300)")
    p.add_argument("--seconds", type=float, default=20, help="length of the load, at most 30 (20)")
    p.add_argument("--connections", type=int, default=16, help="open connections (16)")
    p.add_argument("--json", type=Path, help="also write the result as JSON here")
    args = p.parse_args(argv)
    r = run(args.articles, args.seconds, args.connections)
    if args.json:
        args.json.write_text(json.dumps(r, indent=2))
    print(f"| {r['articles_per_language']} articles/language | {r['seconds']:.0f} s, {r['connections']} connections "
          f"| {r['requests']} requests ({r['requests_per_second']}/s) | failed {r['failed']} | p99 {r['p99_ms']} ms "
          f"| publication {r['publish_seconds']} s, swapped at {r['swapped_after_seconds']} s "
          f"| reader: {r['reader_pages']} pages, {r['reader_files']} files, mixed {r['mixed']} "
          f"| load {r['load'][0]:.2f} |")
    print(json.dumps({k: v for k, v in r.items() if k not in ("problems",)}, default=str))
    for line in r["problems"] + r["nginx_errors"]:
        print("  " + line)
    ok = r["failed"] == 0 and r["mixed"] == 0 and r["swapped"] and r["requests"] > 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
