"""What the bulletin's `mkdocs build` shares out to worker processes, on top of
:mod:`bulletin.speed.parallel` (the mechanism): the reading of the pages, their rendering with the
feeds, and (in ``bulletin.search.extension``) one search index per language. Never in `mkdocs serve`.
"""

from __future__ import annotations

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page

from ..site import extensions
from . import parallel, rendercache

# Extensions whose post_build needs nothing from the pages the other processes render: the last
# rendering worker runs them after its pages.
WORKER_POST_BUILD = ("bulletin.feeds.channels",)
# Of an equal share of the pages, what this process renders: it also copies the theme's files and
# renders 404.html and sitemap.xml, and the worker writes the feeds (about a third of its page
# work at 1,000 articles per language; `mkdocs build -v` logs how long each side waited).
OWN_FRACTION = 1.3


def _pages_and_jobs(site, files, command: str | None, dirty: bool) -> tuple[list, int]:
    """The files of the pages this build writes, and how many processes share them: one in
    `mkdocs serve` and in a `--dirty` build (MkDocs then skips pages by their files' dates)."""
    docs = files.documentation_pages(inclusion=InclusionLevel.is_included)
    return docs, 1 if command == "serve" or dirty else parallel.job_count(site.settings.jobs, len(docs))


def start_reading(site, config, files, command: str | None, dirty: bool, content_scripts: set) -> None:
    """``on_nav``: share the reading of the pages (Markdown to HTML, with the hooks) out."""
    docs, jobs = _pages_and_jobs(site, files, command, dirty)
    if jobs < 2:
        return
    for file in docs:   # the pages MkDocs would make as it reads them (the others are in a nav)
        if file.page is None and file.inclusion.is_not_in_nav():
            Page(None, file, config)

    def collect(read_files) -> dict:
        return {"pages": {f.src_uri: parallel.page_state(f.page) for f in read_files},
                "content_scripts": content_scripts}

    site.readers.start_reading(docs, jobs, lambda file: _populate_page(file.page, config, files), collect=collect)


def finish_reading(site, files, content_scripts: set) -> None:
    """``on_env``: give the pages read by workers their content and the CSP their body scripts."""
    if not site.readers.workers:
        return

    def merge(data: dict) -> None:
        for src_uri, state in data["pages"].items():
            page = files.get_file_from_path(src_uri).page
            parallel.apply_page_state(page, state, files)
            rendercache.release_source(page)
        content_scripts.update(data["content_scripts"])

    site.readers.join(merge=merge)


def start_rendering(site, config, files, env, command: str | None, dirty: bool) -> None:
    """End of ``on_env``: share the pages out to be rendered; the last worker writes the feeds too
    and every worker sends back the search text of its article pages."""
    doc_files, jobs = _pages_and_jobs(site, files, command, dirty)
    if jobs < 2:
        return
    nav = site.navs[site.default_lang]
    tasks = {name: (lambda name=name: extensions.call("post_build", site, config,
                                                      skip=set(extensions.NAMES) - {name}))
             for name in WORKER_POST_BUILD}
    site.workers.start([f.page for f in doc_files], jobs,
                       lambda page: _build_page(page, config, doc_files, nav, env),
                       tasks=tasks, collect=lambda _pages: site.search_texts, own_fraction=OWN_FRACTION)


def finish_rendering(site) -> set:
    """``on_post_build``: wait for the rendering workers; return the extensions they ran."""
    done = site.workers.tasks_given()
    if site.workers.workers:
        site.workers.join(merge=site.search_texts.update)
    return done


def abandon(site) -> None:
    """The build failed: stop every worker."""
    site.readers.abandon()
    site.workers.abandon()
