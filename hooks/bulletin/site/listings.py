"""Listings with stable pagination.

A listing shows its newest items on its first page. Older pages are numbered from the
oldest item, so a numbered page keeps its content when news is added: page 1 always holds the
first ``per_page`` items ever published in that listing. Only the newest numbered page grows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Pager:
    page: int | None          # None: the listing's first page
    items: list               # newest first
    newer: int | None | str   # "index" for the first page, a number, or None
    older: int | None
    total_pages: int          # numbered pages


def paginate(items: list, first: int, per_page: int) -> list[Pager]:
    """Split *items* (newest first) into the first page and stable numbered pages."""
    n = len(items)
    chunks = math.ceil(n / per_page) if n else 0
    # A chunk is needed only if some of its items are not on the first page.
    # Chunk k (1 = oldest) starts, in the newest-first list, at index n - 1 - (k - 1) * per_page.
    numbered = [k for k in range(1, chunks + 1) if n - 1 - (k - 1) * per_page >= first]
    last = max(numbered) if numbered else None
    pagers = [Pager(page=None, items=items[:first], newer=None, older=last, total_pages=len(numbered))]
    for k in sorted(numbered, reverse=True):
        start = max(n - k * per_page, 0)
        end = n - (k - 1) * per_page
        newer = k + 1 if k + 1 in numbered else "index"
        pagers.append(Pager(page=k, items=items[start:end], newer=newer, older=k - 1 if k > 1 else None,
                            total_pages=len(numbered)))
    return pagers
