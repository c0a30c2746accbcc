"""Editor tools: the ``bulletin`` command (``bulletin --help``, in Vietnamese and English).

    cli             the command line: argument parsing, dispatch, ``preview``
    project         a project folder: settings, registries, languages, the collection
    check           ``bulletin check``: the build's own validation, text or JSON
    new             ``bulletin new``: a correctly named draft with a fresh id
    import_article  ``bulletin import``: raw text → a draft (uses :mod:`bulletin.importer`)
    import_page     ``bulletin import URL|page.html``: a news page → a draft with its photos
    translated      ``bulletin translated``: record the original's fingerprint
    units           ``bulletin units``: look units up (ids, names, history), with or without marks
    writer          write an article file: front matter with comments, and the text
    cms             ``bulletin cms``: the web editor locally (decap-server beside ``mkdocs serve``)

Public names: :func:`cli.main`.
"""
