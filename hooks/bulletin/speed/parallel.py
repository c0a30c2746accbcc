"""Spread the work of `mkdocs build` over several processes.

MkDocs reads (converts Markdown) and then renders every page one after the other, on one core.
Here worker processes are forked (``os.fork``: they inherit the build as it stands, nothing is
read twice) at three points, each time with a share of the work, and send back through a pipe what
the main process needs, with their log records:

1. reading (``on_nav``, :meth:`Workers.start_reading`): a worker reads its share of the pages with
   MkDocs' own ``_populate_page`` and the hooks, and sends each page's state (content, table of
   contents, anchors, meta: :func:`page_state`). Here those pages get placeholders, then that
   state in ``on_env`` (:func:`apply_page_state`).
2. rendering (``on_env``, :meth:`Workers.start`): a worker renders and writes its share with
   MkDocs' ``_build_page``, then writes the feeds, and sends the search text of its article pages.
   Here the pages given away render nothing (template ``bl-delegated.html``).
3. after the pages (``on_post_build``, :meth:`Workers.run_all`): the search index of each language.

:meth:`Workers.join` waits for the workers, logs their records as its own (so ``--strict`` counts
their warnings) and stops the build with a worker's message if one failed.

It is used in ``mkdocs build``, never in ``mkdocs serve`` (its server and watcher are threads; the
incremental preview is fast anyway), with ``extra.bulletin.jobs`` (or ``BULLETIN_JOBS``) processes:
``auto`` (the default) is one per usable core where forking is safe and worth it
(:func:`job_count`), 1 renders in one process. The output is byte for byte the output of one
process (tests/speed/test_parallel.py).
"""

from __future__ import annotations

import functools
import gc
import logging
import os
import pickle
import threading
import time
import traceback
from dataclasses import dataclass, field

from mkdocs.exceptions import PluginError

DELEGATED_TEMPLATE = "bl-delegated.html"
MIN_PAGES = 100          # below this, a fork saves too little to be worth a second process
log = logging.getLogger("mkdocs.plugins.bulletin.parallel")


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:   # not Linux
        return os.cpu_count() or 1


def job_count(setting, pages: int) -> int:
    """How many processes work on *pages* pages. A number is taken as asked (at most one process
    per two pages). ``auto`` is one per usable core, but 1 for a site under :data:`MIN_PAGES` pages
    or in a process that runs other threads (a fork copies only the calling thread: a lock another
    thread holds would stay locked in the worker)."""
    if not hasattr(os, "fork"):
        return 1
    if setting == "auto":
        if threading.active_count() > 1 or pages < MIN_PAGES:
            return 1
        wanted = usable_cores()
    else:
        wanted = int(setting)
    return max(1, min(wanted, pages // 2 or 1))


def shares(items: list, jobs: int, fraction: float) -> list[list]:
    """Deal *items* to *jobs* processes, spread evenly through the list (items of a kind are
    neighbours, and kinds differ in cost); process 0 gets *fraction* of an equal share."""
    weights = [fraction] + [1.0] * (jobs - 1)
    total = sum(weights)
    out: list[list] = [[] for _ in range(jobs)]
    given = [0.0] * jobs
    for n, item in enumerate(items, 1):
        # the process furthest behind its due share takes the next item
        k = max(range(jobs), key=lambda j: n * weights[j] / total - given[j])
        out[k].append(item)
        given[k] += 1
    return out


class _Capture(logging.Handler):
    """In a worker: keep every record, made picklable, to send to the main process."""

    def __init__(self):
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        # Only plain fields: whatever a caller attached to its record may not pickle.
        self.records.append(logging.makeLogRecord({
            "name": record.name, "levelno": record.levelno, "levelname": record.levelname,
            "msg": record.getMessage(), "pathname": record.pathname, "filename": record.filename,
            "module": record.module, "lineno": record.lineno, "funcName": record.funcName,
            "created": record.created, "msecs": record.msecs, "process": record.process,
            "exc_text": (logging.Formatter().formatException(record.exc_info) if record.exc_info
                         else record.exc_text)}))


def _capture_logs() -> _Capture:
    capture = _Capture()
    for logger in [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)]:
        logger.handlers = []
        logger.propagate = True
    logging.root.handlers = [capture]
    return capture


@dataclass
class Worker:
    pid: int
    fd: int
    items: list
    tasks: list = field(default_factory=list)


@dataclass
class Workers:
    """The worker processes of one build (none when it renders in one process)."""

    jobs: int = 1                                  # processes of this build, this one included
    workers: list[Worker] = field(default_factory=list)
    delegated: set = field(default_factory=set)   # src_uri of the pages given to the workers

    def fork(self, parts: list[list], run, *, tasks: dict | None = None, collect=None) -> None:
        """Fork a worker for each of ``parts[1:]`` (``parts[0]`` is this process's). A worker calls
        ``run(item)`` on each of its items; the last one then runs *tasks* (name -> function);
        every one finally sends ``collect(its items)`` (picklable data) back to :meth:`join`."""
        if len(parts) < 2:
            return
        tasks = tasks or {}
        gc.freeze()   # the workers share the build's objects: keep the collector from touching them
        try:
            for k in range(1, len(parts)):
                own_tasks = list(tasks) if k == len(parts) - 1 else []
                read, write = os.pipe()
                pid = os.fork()
                if pid == 0:   # the worker: never returns
                    os.close(read)
                    _work(write, parts[k], run, {name: tasks[name] for name in own_tasks}, collect)
                os.close(write)
                self.workers.append(Worker(pid, read, parts[k], own_tasks))
        finally:
            gc.unfreeze()

    def start(self, pages: list, jobs: int, render, *, tasks: dict | None = None, collect=None,
              own_fraction: float = 1.0) -> None:
        """Share *pages* out to *jobs* processes: this one keeps *own_fraction* of an equal share
        (rendered by MkDocs as usual), each worker renders its share with ``render(page)``; see
        :meth:`fork` for *tasks* and *collect*."""
        self.jobs = jobs
        if jobs < 2:
            return
        parts = shares(pages, jobs, own_fraction)
        self.fork(parts, render, tasks=tasks, collect=collect)
        for part in parts[1:]:
            for page in part:
                self.delegated.add(page.file.src_uri)
                page.meta["template"] = DELEGATED_TEMPLATE
        logging.getLogger("mkdocs.commands.build").addFilter(self._quiet_skipped)
        log.debug(f"rendering {len(parts[0])} pages here and {[len(p) for p in parts[1:]]} in workers")

    def start_reading(self, files: list, jobs: int, read, *, collect) -> None:
        """Share the reading of the pages of *files* (MkDocs' Markdown conversion and the hooks
        around it) out to *jobs* processes. Each worker calls ``read(file)`` on its share and sends
        ``collect(its files)``; in this process, the pages given away get placeholders (empty Markdown,
        empty content) until :meth:`join` brings their state (:func:`apply_page_state`)."""
        self.jobs = jobs
        if jobs < 2:
            return
        parts = shares(files, jobs, 1.0)
        self.fork(parts, read, collect=collect)
        for part in parts[1:]:
            for file in part:
                self.delegated.add(file.src_uri)
                file.page.read_source = functools.partial(_placeholder_read, file.page)
                file.page.render = functools.partial(_placeholder_render, file.page)
        log.debug(f"reading {len(parts[0])} pages here and {[len(p) for p in parts[1:]]} in workers")

    def run_all(self, functions: list) -> None:
        """Call each of *functions* (independent jobs that write files), spread over the processes
        of this build; return when all are done."""
        parts = shares(functions, min(self.jobs, len(functions)), 1.0) if functions else [[]]
        helpers = Workers(jobs=self.jobs)
        helpers.fork(parts, lambda function: function())
        try:
            for function in parts[0]:
                function()
        except BaseException:
            helpers.abandon()
            raise
        helpers.join()

    def _quiet_skipped(self, record: logging.LogRecord) -> bool:
        """MkDocs says "Page skipped: '<page>'. Generated empty output." of each page this process
        gave away (its template renders nothing here): not a skipped page, so not said."""
        msg = str(record.msg)
        if msg.startswith("Page skipped: '"):
            return msg[len("Page skipped: '"):].partition("'")[0] not in self.delegated
        return True

    def _stop_quieting(self) -> None:
        logging.getLogger("mkdocs.commands.build").removeFilter(self._quiet_skipped)

    def is_delegated(self, page) -> bool:
        return bool(self.delegated) and page.file.src_uri in self.delegated

    def tasks_given(self) -> set:
        return {name for w in self.workers for name in w.tasks}

    def join(self, merge=None) -> None:
        """Wait for every worker; log their records here, give what each collected to
        ``merge(data)``; raise if one failed."""
        failures = []
        waited, workers = time.perf_counter(), len(self.workers)
        for w in self.workers:
            payload = _read_all(w.fd)
            _pid, status = os.waitpid(w.pid, 0)
            code = os.waitstatus_to_exitcode(status)
            try:
                result = pickle.loads(payload) if payload else None
            except Exception as exc:   # a truncated message: the worker died while writing it
                result = None
                failures.append(f"worker {w.pid}: unreadable result ({exc})")
            if result is not None:
                log.debug(f"worker {w.pid}: {len(w.items)} items, " + ", ".join(
                    f"{name} {seconds:.2f} s" for name, seconds in result["times"].items()))
                for record in result["records"]:
                    logging.getLogger(record.name).handle(record)
                if merge is not None and result["collected"] is not None:
                    merge(result["collected"])
                if result["error"]:
                    failures.append(result["error"])
            elif code == 0:
                failures.append(f"worker {w.pid} sent no result")
            if code != 0 and result is None:
                failures.append(f"worker {w.pid} exited with code {code} (killed, or out of memory?)")
        self.workers = []
        self._stop_quieting()
        if workers:
            log.debug(f"waited {time.perf_counter() - waited:.2f} s for {workers} worker(s)")
        if failures:
            raise PluginError("a worker process of the build failed:\n" + "\n".join(failures)
                              + "\n(to render in one process, set extra.bulletin.jobs: 1 or BULLETIN_JOBS=1)")

    def abandon(self) -> None:
        """The build failed in the main process: stop the workers."""
        for w in self.workers:
            try:
                os.kill(w.pid, 9)
                os.waitpid(w.pid, 0)
            except OSError:
                pass
            os.close(w.fd)
        self.workers = []
        self._stop_quieting()


# -- what reading a page leaves on it --------------------------------------------------------------

# Set by MkDocs' read_source and render, and by the hooks around them (meta, title, update_date).
_READ_ATTRIBUTES = ("meta", "content", "toc", "_title_from_render", "present_anchor_ids", "update_date")


def page_state(page) -> dict:
    """What reading *page* left on it, picklable (files referred to by their source path)."""
    state = {name: getattr(page, name, None) for name in _READ_ATTRIBUTES}
    if "title" in vars(page):   # set by a hook (else MkDocs computes it from the above)
        state["title"] = vars(page)["title"]
    links = getattr(page, "links_to_anchors", None)
    state["links_to_anchors"] = None if links is None else {f.src_uri: dict(v) for f, v in links.items()}
    return state


def apply_page_state(page, state: dict, files) -> None:
    """Give *page* (read elsewhere) the state its reading left there; its Markdown is not brought
    (a build does not need it once the page is read)."""
    for attr in ("read_source", "render"):
        vars(page).pop(attr, None)
    links = state.pop("links_to_anchors")
    for name, value in state.items():
        setattr(page, name, value)
    if links is not None:
        page.links_to_anchors = {files.get_file_from_path(src): v for src, v in links.items()}


def _placeholder_read(page, config) -> None:
    page.markdown, page.meta = "", {}


def _placeholder_render(page, config, files) -> None:
    page.content = ""


def _work(fd: int, items: list, run, tasks: dict, collect) -> None:
    """A worker's whole life: its items, its tasks, then one message on *fd*; it never returns."""
    status = 0
    try:
        capture = _capture_logs()
        error = collected = None
        started = time.perf_counter()
        times = {}
        try:
            for item in items:
                run(item)
            times["items"] = time.perf_counter() - started
            for name, task in tasks.items():
                task()
                times[name] = time.perf_counter() - started - sum(times.values())
            collected = collect(items) if collect is not None else None
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            logging.getLogger(log.name).debug(traceback.format_exc())
        data = pickle.dumps({"records": capture.records, "collected": collected, "error": error, "times": times},
                            protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
    except KeyboardInterrupt:   # Ctrl-C reaches the whole process group: the main process says it
        status = 130
    except BaseException:       # the pipe broke (the main process is gone) or worse: say it, exit
        status = 1
        try:
            traceback.print_exc()
        except BaseException:
            pass
    finally:
        os._exit(status)


def _read_all(fd: int) -> bytes:
    chunks = []
    with os.fdopen(fd, "rb") as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)
