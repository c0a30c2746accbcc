"""Incremental preview: in ``mkdocs serve --dirty``, rebuild only what an edit changed.

MkDocs' ``--dirty`` keeps the site folder between rebuilds and skips every page whose file says
it is not modified; for generated pages MkDocs cannot know, so it rebuilds them all. Here each
page gets a key, and a page is rebuilt only when its key changed (or its file is missing):

- the **site key**, shared by every page: mkdocs.yml, the templates of ``custom_dir`` and the
  Material version, the data files, the static files, each language's navigation and the inline
  scripts of page bodies (for the CSP);
- the page's own source and rendering (URL, template, title, meta, Markdown, HTML, toc);
- while the catalog's **structure** is unchanged (the pages, and every item's key, state,
  address, date, unit, topics and languages: what pagination, neighbours, related items, counts
  and archives are made of), the **signature of every item the page showed** when it was last
  rendered (title, summary, bylines, body … of each version): the views record each item they
  make a card of (:meth:`Tracker.touch`), so a listing is rebuilt when one of its items changes;
- when the structure changed, a **digest of the page's view** (what its templates receive,
  :func:`view_digest`) instead, compared with the one of its last rendering.

Every page is still read and converted (the Markdown cache makes that cheap), so feeds, the
search index and digests see every page's HTML; only template rendering and writing are
skipped. Files that extensions write go through :meth:`Tracker.write`, which leaves a file alone
when its bytes are unchanged; at the end of a rebuild, pages and files of the previous rebuild
that this one did not produce are deleted, so the folder equals a clean build
(``tests/speed/test_incremental.py`` compares every byte after a series of edits).

Outside ``mkdocs serve --dirty`` the tracker is inactive: every page is built and every file
written, as before.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import os
from importlib import metadata
from pathlib import Path

import jinja2

log = logging.getLogger("mkdocs.plugins.bulletin")

# Survives rebuilds (hook modules and this package stay loaded in `mkdocs serve`), per site folder.
_MEMORY: dict = {}


def digest(*parts) -> str:
    """A short hash of *parts* (bytes, or anything as its text), each delimited by its length."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _tree_stats(root: Path | None, suffix: str = "") -> list:
    """(relative path, size, mtime) of every file under *root* (ending with *suffix*): what changed
    there. Python's __pycache__ folders are left out (imports write them during a build)."""
    if root is None or not root.is_dir():
        return []
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if not name.endswith(suffix):
                continue
            p = os.path.join(dirpath, name)
            try:
                st = os.stat(p)
            except OSError:
                continue
            out.append((os.path.relpath(p, root), st.st_size, st.st_mtime_ns))
    return out


def view_digest(view) -> str:
    """Everything a page's templates receive from the hooks (``bulletin`` in templates)."""
    return digest(view.lang, view.kind, view.title, view.url, repr(view.alternates), view.x_default,
                   view.banner, repr(view.data))


def entry_signature(entry) -> str:
    """Everything one item shows, in every language (the body included)."""
    parts = [entry.key, entry.state]
    for lang in sorted(entry.versions):
        article = entry.versions[lang]
        parts.append(lang)
        parts.extend(repr(getattr(article, f.name)) for f in dataclasses.fields(article))
    return digest(*parts)


class Tracker:
    """One build's view of what changed since the previous rebuild of the same site folder."""

    def __init__(self, site_dir: str, *, active: bool):
        self.active = active
        self.site_dir = os.path.abspath(site_dir)
        self.memory = _MEMORY.setdefault(self.site_dir, {"pages": {}, "outputs": {}}) if active else None
        self.phase = "read"
        self.changed: set[str] = set()
        self.keys: dict[str, str] = {}          # src_uri -> key before the items it shows
        self.rendered: dict = {}                # src_uri -> (key, {item key: signature}) this build
        self.produced: set[str] = set()         # files written or kept by extensions this build
        self.touched: set[str] | None = None    # item keys shown by the page being rendered
        self.signatures: dict[str, str] = {}
        self.site_key = ""
        self.structure = ""
        self.stats = {"pages": 0, "rebuilt": 0, "written": 0, "kept": 0, "deleted": 0}

    # -- files ---------------------------------------------------------------------------------
    def watch(self, files) -> None:
        """Let MkDocs ask this tracker whether each documentation page must be rebuilt."""
        if not self.active:
            return
        for file in files.documentation_pages():
            file.is_modified = functools.partial(self._is_modified, file)   # this object only

    def _is_modified(self, file) -> bool:
        if self.phase == "read":        # every page is read and converted
            return True
        return file.src_uri in self.changed or not os.path.exists(file.abs_dest_path)

    # -- deciding --------------------------------------------------------------------------------
    def plan(self, site, config, files, content_scripts, view_digest_of) -> None:
        """After every page was read (on_env): the key of each page, and which changed.

        When the catalog's structure is unchanged (the usual edit: a text, a summary, a title), a
        page changed if its key changed or an item it showed changed. When the structure changed
        (an item added, removed, redated, moved to another unit or topic…), pagination, neighbours
        and counts may have moved: then *view_digest_of(page)* — a digest of what the templates would
        receive — is compared with the one of the page's last rendering.
        """
        if not self.active:
            return
        self.site_key = site_key = self._site_key(site, config, files, content_scripts)
        self.structure = self._structure_key(site, files)
        moved = self.memory.get("structure") != self.structure
        catalog = site.catalog
        every = list(catalog.entries) + list(catalog.withheld)
        self.signatures = {e.key: entry_signature(e) for e in every}
        remembered = self.memory["pages"]
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            self.stats["pages"] += 1
            key = digest(site_key, file.src_uri, page.url, page.meta.get("template", ""), page.title,
                          sorted((str(k), repr(v)) for k, v in page.meta.items()),
                          page.markdown or "", page.content or "", _toc_outline(page.toc or ()))
            self.keys[file.src_uri] = key
            held = remembered.get(file.src_uri)
            if held is None or held[0] != key:
                self.changed.add(file.src_uri)
            elif moved:
                if view_digest_of(page) != held[2]:
                    self.changed.add(file.src_uri)
            elif any(self.signatures.get(k) != s for k, s in held[1].items()):
                self.changed.add(file.src_uri)
        self.stats["structure_changed"] = moved
        self.phase = "write"

    def _site_key(self, site, config, files, content_scripts) -> str:
        """What every page depends on, the catalog's structure aside."""
        parts = []
        if config.config_file_path and os.path.isfile(config.config_file_path):
            parts.append(Path(config.config_file_path).read_bytes())
        parts.append(config.site_url)
        parts.append(metadata.version("mkdocs-material"))
        custom = config.theme.custom_dir if hasattr(config.theme, "custom_dir") else None
        parts.append(_tree_stats(Path(custom) if custom else None))
        parts.append(_tree_stats(site.settings.data_path))
        parts.append(_tree_stats(Path(__file__).parent, ".py"))
        parts.append([(f.src_uri, f.url, st.st_size, st.st_mtime_ns)
                      for f in files if not f.is_documentation_page() and not f.generated
                      for st in (os.stat(f.abs_src_path),)])
        for lang, nav in site.navs.items():
            parts.append((lang, _nav_outline(nav.items)))
        parts.append(sorted(content_scripts))
        parts.append(os.environ.get("BULLETIN_NOW", ""))
        return digest(*parts)

    @staticmethod
    def _structure_key(site, files) -> str:
        """The pages and the catalog's shape: what pagination, neighbours, related items, counts
        and archives are made of."""
        cat = site.catalog
        return digest([(f.src_uri, f.url) for f in files.documentation_pages()],
                       [(e.key, e.state, e.path, e.date.isoformat(), e.unit, e.topics, sorted(e.versions))
                        for e in list(cat.entries) + list(cat.withheld)])

    # -- rendering ------------------------------------------------------------------------------
    def start_page(self) -> None:
        self.touched = set() if self.active else None

    def touch(self, key: str) -> None:
        if self.touched is not None:
            self.touched.add(key)

    def end_page(self, page, view) -> None:
        if self.touched is None:
            return
        src = page.file.src_uri
        self.rendered[src] = (self.keys.get(src), {k: self.signatures.get(k) for k in self.touched},
                              view_digest(view))
        self.touched = None
        self.stats["rebuilt"] += 1

    # -- files written by extensions ------------------------------------------------------------
    def write(self, path: Path, data: bytes | str | None = None, *, make=None, source=None) -> bool:
        """Write *data* (or ``make()``) to *path*; return whether the file was written.

        In an incremental preview the file is left alone when its content is unchanged since the
        previous rebuild: given *source* (the text *data* is made from), ``make`` is called only
        when *source* changed, which saves compressing unchanged files.
        """
        path = Path(path)
        abs_path = os.path.abspath(path)
        self.produced.add(abs_path)
        if data is None and (source is None or not self.active):
            data = make()
        if self.active:
            ident = digest(source if source is not None else data)
            if self.memory["outputs"].get(abs_path) == ident and path.exists():
                self.stats["kept"] += 1
                return False
            if data is None:
                data = make()
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if self.active:
            self.memory["outputs"][abs_path] = ident
        self.stats["written"] += 1
        return True

    def produced_tree(self, root: Path) -> None:
        """Record every file under *root* as produced (an extension wrote the folder itself)."""
        for dirpath, _dirs, names in os.walk(root):
            self.produced.update(os.path.abspath(os.path.join(dirpath, n)) for n in names)

    # -- end of the build ------------------------------------------------------------------------
    def finish(self, files) -> None:
        """Remember this build; delete what the previous one produced and this one did not."""
        if not self.active:
            return
        memory = self.memory
        pages = memory["pages"]
        current = {}
        for file in files.documentation_pages():
            src = file.src_uri
            if src in self.rendered:
                current[src] = self.rendered[src]
            elif src in pages and src not in self.changed:
                current[src] = pages[src]
        dests = {os.path.abspath(f.abs_dest_path) for f in files}
        gone = {os.path.abspath(p) for p in memory.get("dests", set())} - dests
        gone |= set(memory["outputs"]) - self.produced
        for path in sorted(gone):
            if os.path.isfile(path):
                os.remove(path)
                self.stats["deleted"] += 1
                _prune_empty(os.path.dirname(path), self.site_dir)
        for path in set(memory["outputs"]) - self.produced:
            del memory["outputs"][path]
        memory["pages"] = current
        memory["dests"] = dests
        memory["structure"] = self.structure
        s = self.stats
        log.info(f"Incremental preview: rebuilt {s['rebuilt']} of {s['pages']} pages; files: {s['written']} written, "
                 f"{s['kept']} unchanged, {s['deleted']} deleted")

    # -- what extensions may keep between rebuilds ----------------------------------------------
    def store(self, kind: str) -> dict | None:
        """A dict kept from one rebuild to the next (None outside an incremental preview)."""
        return self.memory.setdefault(kind, {}) if self.active else None

    def unchanged(self, kind: str, name: str, source) -> bool:
        """Whether *source* equals what :meth:`done` recorded for (kind, name) in an earlier rebuild."""
        return self.active and self.memory.get(kind, {}).get(name) == digest(source)

    def done(self, kind: str, name: str, source) -> None:
        """Record that the output made from *source* is complete (after it was written)."""
        if self.active:
            self.memory.setdefault(kind, {})[name] = digest(source)

    def remember(self, kind: str, name: str, source, make):
        """``make()``, reused from the previous rebuild when *source* is unchanged (preview only)."""
        if not self.active:
            return make()
        held = self.memory.setdefault(kind, {})
        ident = digest(source)
        got = held.get(name)
        if got is not None and got[0] == ident:
            return got[1]
        value = make()
        held[name] = (ident, value)
        return value


class _Bytecode(jinja2.BytecodeCache):
    """Compiled templates kept between rebuilds (MkDocs makes a new Jinja environment each time);
    Jinja checks each template's source checksum, so an edited template is compiled again."""

    def __init__(self):
        self.held: dict = {}

    def load_bytecode(self, bucket) -> None:
        code = self.held.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.held[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _Bytecode()


def keep_compiled_templates(tracker, env) -> None:
    if tracker.active:
        env.bytecode_cache = _BYTECODE


class _DirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build may show stale navigation; the tracker rebuilds what changed."""

    def filter(self, record) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


def quiet_dirty_warning() -> None:
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _DirtyWarning) for f in logger.filters):
        logger.addFilter(_DirtyWarning())


def _toc_outline(items) -> list:
    """A page's table of contents as plain values (MkDocs' objects have no stable repr)."""
    return [(str(i.title), i.id, i.level, _toc_outline(i.children)) for i in items]


def _nav_outline(items) -> list:
    out = []
    for item in items:
        children = getattr(item, "children", None)
        out.append((type(item).__name__, str(getattr(item, "title", "") or ""), getattr(item, "url", ""),
                    _nav_outline(children) if children else None))
    return out


def _prune_empty(folder: str, root: str) -> None:
    while os.path.abspath(folder).startswith(root + os.sep):
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = os.path.dirname(folder)
