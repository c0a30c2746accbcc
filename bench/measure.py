"""Measure one whole-process run: wall time, peak memory (of the process tree), output size."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

# Reading a process's Pss walks its page tables, which slows it: sample twice a second (a build's
# memory grows and falls over seconds; the largest process is also known exactly from wait4).
SAMPLE_EVERY = 0.5


@dataclass
class Run:
    wall: float                 # seconds
    peak_rss: int               # bytes: the largest resident set of the process or of a child it waited for
    peak_tree: int = 0          # bytes: the largest sum of proportional set sizes (Pss) of the process
                                # and its descendants, sampled every SAMPLE_EVERY s (parallel builds: all workers)
    out_bytes: int = 0
    out_files: int = 0
    out_pages: int = 0          # HTML files
    load: tuple = ()            # 1-minute load average before and after
    extra: dict = field(default_factory=dict)


class RunFailed(RuntimeError):
    pass


def run(cmd: list[str], *, cwd: Path, env: dict | None = None, out_dir: Path | None = None,
        timeout: float = 3600) -> Run:
    """Run *cmd* as a child process and measure it; raise RunFailed with its output if it fails.

    Peak memory comes from wait4(): Linux reports the maximum resident set of the child or of
    any descendant it waited for (not their sum). For processes that run at the same time (the
    workers of a parallel build), the sum of their proportional set sizes is sampled too
    (``peak_tree``; pages they share are counted once); :func:`memory` is the larger of both."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    load_before = os.getloadavg()[0]
    log_path = Path(cwd) / ".bench-run.log"
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=full_env, stdout=log, stderr=subprocess.STDOUT)
        deadline = start + timeout
        peak_tree = 0
        next_sample = start
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() >= next_sample:
                peak_tree = max(peak_tree, tree_pss(proc.pid))
                next_sample = time.perf_counter() + SAMPLE_EVERY
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
    result = Run(wall=wall, peak_rss=usage.ru_maxrss * 1024, peak_tree=peak_tree,
                 load=(load_before, os.getloadavg()[0]))
    if out_dir is not None:
        result.out_bytes, result.out_files, result.out_pages = tree_size(out_dir)
    return result


def memory(run: Run) -> int:
    """The memory a run needed: its largest process, or all its processes together if larger."""
    return max(run.peak_rss, run.peak_tree)


def _children(pid: int) -> list[int]:
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    out = []
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out += [int(x) for x in f.read().split()]
        except OSError:
            pass
    return out


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def tree_pss(pid: int) -> int:
    """Sum of the Pss of *pid* and its descendants now, in bytes (0 where /proc does not tell)."""
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        total += _pss(p)
        todo += _children(p)
    return total


def tree_size(folder: Path) -> tuple[int, int, int]:
    """Bytes, files and HTML files under *folder*."""
    total = files = pages = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            try:
                total += os.stat(os.path.join(root, name)).st_size
                files += 1
                pages += name.endswith(".html")
            except OSError:
                pass
    return total, files, pages


def median_run(runs: list[Run]) -> Run:
    """The run with the median wall time (its own memory and size), loads of all runs."""
    ordered = sorted(runs, key=lambda r: r.wall)
    mid = ordered[(len(ordered) - 1) // 2]
    return Run(wall=statistics.median(r.wall for r in runs), peak_rss=max(r.peak_rss for r in runs),
               peak_tree=max(r.peak_tree for r in runs),
               out_bytes=mid.out_bytes, out_files=mid.out_files, out_pages=mid.out_pages,
               load=(min(r.load[0] for r in runs), max(r.load[1] for r in runs)), extra=mid.extra)
