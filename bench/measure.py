"""Measure one whole-process run: wall time, peak memory (of the process tree), output size."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Run:
    wall: float                 # seconds
    peak_rss: int               # bytes: the largest resident set of the process or of a child it waited for
    out_bytes: int = 0
    out_files: int = 0
    load: tuple = ()            # 1-minute load average before and after
    extra: dict = field(default_factory=dict)


class RunFailed(RuntimeError):
    pass


def run(cmd: list[str], *, cwd: Path, env: dict | None = None, out_dir: Path | None = None,
        timeout: float = 3600) -> Run:
    """Run *cmd* as a child process and measure it; raise RunFailed with its output if it fails.

    Peak memory comes from wait4(): Linux reports the maximum resident set of the child or of
    any descendant it waited for (not their sum)."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    load_before = os.getloadavg()[0]
    log_path = Path(cwd) / ".bench-run.log"
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=full_env, stdout=log, stderr=subprocess.STDOUT)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                raise RunFailed(f"timed out after {timeout:.0f} s: {' '.join(map(str, cmd))}")
            time.sleep(0.005)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
        raise RunFailed(f"exit code {proc.returncode}: {' '.join(map(str, cmd))}\n{tail}")
    result = Run(wall=wall, peak_rss=usage.ru_maxrss * 1024, load=(load_before, os.getloadavg()[0]))
    if out_dir is not None:
        result.out_bytes, result.out_files = tree_size(out_dir)
    return result


def tree_size(folder: Path) -> tuple[int, int]:
    total = files = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            try:
                total += os.stat(os.path.join(root, name)).st_size
                files += 1
            except OSError:
                pass
    return total, files


def median_run(runs: list[Run]) -> Run:
    """The run with the median wall time (its own memory and size), loads of all runs."""
    ordered = sorted(runs, key=lambda r: r.wall)
    mid = ordered[(len(ordered) - 1) // 2]
    return Run(wall=statistics.median(r.wall for r in runs), peak_rss=max(r.peak_rss for r in runs),
               out_bytes=mid.out_bytes, out_files=mid.out_files,
               load=(min(r.load[0] for r in runs), max(r.load[1] for r in runs)), extra=mid.extra)
