"""BM25 as FTS5 computes it: the constants and idf the PostgreSQL catalog ranks with, so both
catalogs rank alike (ingest.catalog ranks with FTS5's own bm25())."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

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


# Postings one keyword query may rank: its rarest words first, while the chunks they are in add
# up to this. FTS5 scores every chunk a word is in, so a common word ("won", "2020") costs a
# large archive most of a question's time, and it adds the least to the ranking.
KEYWORD_POSTINGS = 8000


def rarest_within(words: Sequence[str], counts: Mapping[str, int], budget: int) -> list[str]:
    """The rarest of `words` (by `counts`, chunks holding each) whose counts add up to at most
    `budget`, in their own order; the rarest always, whatever its count."""
    chosen: set[str] = set()
    for word in sorted(words, key=counts.__getitem__):
        if chosen and counts[word] > budget:
            break
        chosen.add(word)
        budget -= counts[word]
    return [w for w in words if w in chosen]
