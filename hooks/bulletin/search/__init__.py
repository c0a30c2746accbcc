"""Search: the Vietnamese-aware static search (an extension of the site).

    extension       the search box on every page; article text taken as pages are written;
                    one index per language written after the build
    index           the sharded index format and its writer (words folded, BM25 weights)
    terms           groups of equivalent phrases from the registries (abbreviations both ways)

Public names: :func:`index.write_index`, :func:`terms.groups_for`.
"""
