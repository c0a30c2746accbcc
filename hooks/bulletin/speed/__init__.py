"""Speed: the same output, sooner — parallel builds, incremental preview, caches.

Nothing here changes a byte of the site (tests/speed/ compare with plain builds).

    parallel        worker processes forked from the build: the mechanism
    parallel_build  what the bulletin shares out (reading, rendering, search indexes)
    incremental     ``mkdocs serve --dirty``: rebuild only the pages and files an edit changed
    rendercache     Markdown HTML of unchanged pages reused across preview rebuilds
    navcache        Material's navigation rendered once per language and link depth
    server          ``bulletin preview``: its server, watcher and terminal output
    lazy            the preview's model: MkDocs' build up to the pages, each page made on request
    watch           snapshots of the sources: exactly which files a save changed
    derived         feeds, search index, OPML for the preview: the incremental build in a helper process
    previewcache    the preview's cache on disk, stamped by versions, code and settings

Public names: :class:`parallel.Workers`, :func:`parallel.job_count`, :func:`incremental.digest`.
"""
