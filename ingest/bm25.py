"""BM25 as FTS5 computes it: the constants and idf the PostgreSQL catalog ranks with, so both
catalogs rank alike (ingest.catalog ranks with FTS5's own bm25())."""

from __future__ import annotations

import math

# FTS5's bm25() constants.
K1 = 1.2
B = 0.75
# A title word counts half a body word: FTS5's column weights in ingest.catalog, and the tf of
# pg_schema's postings.


def idf(total: int, containing: int) -> float:
    """FTS5's idf: log((N - n + 0.5) / (n + 0.5)), and 1e-6 where that is not positive (a
    word in half the chunks or more)."""
    value = math.log((total - containing + 0.5) / (containing + 0.5))
    return value if value > 0 else 1e-6
