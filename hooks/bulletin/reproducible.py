"""Reproducible output: two builds of the same sources give byte-identical sites.

Two things in a MkDocs + Pagefind build depend on the clock or on chance:

- MkDocs dates every page with the build day (``page.update_date``) and stamps the gzip header
  of ``sitemap.xml.gz`` with the newest of them. :func:`content_date` replaces it with the date
  of the newest published item (or its correction), so the stamp changes only with the content.
- Pagefind writes the values of each filter in hash-map order, which differs from run to run.
  :func:`normalize_pagefind` sorts them, renames each filter file after its new content and
  updates the references (language meta file, ``pagefind-entry.json``, whose languages are sorted).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.bulletin.reproducible")

EPOCH_DAY = "1970-01-01"   # a site without any published item
PAGEFIND_MAGIC = b"pagefind_dcd"


def content_date(site) -> str:
    """The day of the newest published item or correction, 'YYYY-MM-DD'."""
    cat = site.catalog
    if cat is None or not cat.entries:
        return EPOCH_DAY
    held = getattr(site, "_content_date", None)   # asked for by every page: compute once per catalog
    if held is None or held[0] is not cat:
        held = site._content_date = (cat, max(e.original.timestamp for e in cat.entries).date().isoformat())
    return held[1]


# -- a little CBOR: the subset Pagefind's filter files use --------------------------------------

def _read(data: bytes, i: int):
    head = data[i]
    major, info = head >> 5, head & 31
    i += 1
    if info < 24:
        n = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        n = int.from_bytes(data[i:i + size], "big")
        i += size
    else:
        raise ValueError(f"unsupported CBOR item 0x{head:02x}")
    if major == 0:
        return n, i
    if major in (2, 3):
        raw = data[i:i + n]
        return (raw if major == 2 else raw.decode("utf-8")), i + n
    if major == 4:
        items = []
        for _ in range(n):
            item, i = _read(data, i)
            items.append(item)
        return items, i
    raise ValueError(f"unsupported CBOR major type {major}")


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([(major << 5) | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([(major << 5) | info]) + n.to_bytes(size, "big")
    raise ValueError("integer too large")


def _write(value) -> bytes:
    if isinstance(value, bool) or value is None:
        raise ValueError("unsupported value")
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_write(v) for v in value)
    raise ValueError(f"unsupported value {type(value).__name__}")


def _sorted_filter(data: bytes) -> bytes:
    """A filter file ([name, [[value, [page, …]], …]]) with its values in a fixed order."""
    if not data.startswith(PAGEFIND_MAGIC):
        raise ValueError("not a Pagefind file")
    value, end = _read(data, len(PAGEFIND_MAGIC))
    if end != len(data) or not (isinstance(value, list) and len(value) == 2 and isinstance(value[1], list)):
        raise ValueError("unexpected filter file layout")
    name, pairs = value
    pairs = sorted(pairs, key=lambda pair: (str(pair[0]), pair[1]))
    return PAGEFIND_MAGIC + _write([name, pairs])


def _sorted_meta(data: bytes, renamed: dict) -> bytes:
    """A language's meta file with the new filter file names, its filters in name order."""
    if not data.startswith(PAGEFIND_MAGIC):
        raise ValueError("not a Pagefind file")
    value, end = _read(data, len(PAGEFIND_MAGIC))
    if end != len(data) or not (isinstance(value, list) and len(value) >= 4 and isinstance(value[3], list)):
        raise ValueError("unexpected meta file layout")
    filters = [[name, renamed.get(stem, stem)] for name, stem in value[3]]
    value[3] = sorted(filters)
    return PAGEFIND_MAGIC + _write(value)


def normalize_pagefind(bundle: Path) -> None:
    """Make a Pagefind bundle independent of hash-map order (no-op when there is none)."""
    entry_file = bundle / "pagefind-entry.json"
    if not entry_file.is_file():
        return
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    renamed: dict[str, str] = {}     # old file stem → new file stem
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        content = _sorted_filter(gzip.decompress(path.read_bytes()))
        lang = path.stem.split("_", 1)[0]
        stem = f"{lang}_{hashlib.sha256(content).hexdigest()[:len(path.stem) - len(lang) - 1]}"
        path.unlink()
        (path.parent / f"{stem}.pf_filter").write_bytes(gzip.compress(content, mtime=0))
        renamed[path.stem] = stem
    for lang, info in entry.get("languages", {}).items():
        meta = bundle / f"pagefind.{info['hash']}.pf_meta"
        if not meta.is_file():
            continue
        content = _sorted_meta(gzip.decompress(meta.read_bytes()), renamed)
        digest = hashlib.sha256(content).hexdigest()[:len(info["hash"]) - len(lang) - 1]
        new_hash = f"{lang}_{digest}"
        meta.unlink()
        (bundle / f"pagefind.{new_hash}.pf_meta").write_bytes(gzip.compress(content, mtime=0))
        info["hash"] = new_hash
    entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def post_build(site, config) -> None:
    try:
        normalize_pagefind(Path(config.site_dir) / "pagefind")
    except (ValueError, KeyError, OSError) as exc:   # a Pagefind release with another layout
        log.info(f"search index left as Pagefind wrote it (not reproducible byte for byte): {exc}")
