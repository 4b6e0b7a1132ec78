"""BM25 as FTS5 computes it, and the exact top-k shortcut the PostgreSQL catalog ranks with
(pure functions).

Ranking every chunk that shares one word with a question costs time in proportion to the archive:
a question's commonest words match a large part of it. MaxScore (Turtle and Flood, 1995) avoids
that without changing the result. A word's share of any chunk's score is below `ceiling(idf)`, so
a chunk that holds none of the question's rarer words scores below the sum of the ceilings of the
commoner ones. Rank the chunks that hold a rarer word (few), each scored on every word of the
question; once the k-th best of them beats that sum, no other chunk can enter the top k.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

# FTS5's bm25() constants, so both catalogs rank alike (ingest.catalog ranks with FTS5's own).
K1 = 1.2
B = 0.75
# FTS5 column weights: a title word counts half a body word (ingest.catalog, pg_schema).
TITLE_WEIGHT = 0.5
TEXT_WEIGHT = 1.0


def idf(total: int, containing: int) -> float:
    """FTS5's idf: log((N - n + 0.5) / (n + 0.5)), and 1e-6 where that is not positive (a
    word in half the chunks or more)."""
    value = math.log((total - containing + 0.5) / (containing + 0.5))
    return value if value > 0 else 1e-6


def ceiling(weight: float) -> float:
    """The most one word of this idf adds to any chunk's score: tf (k1 + 1) / (tf + K) < k1 + 1."""
    return weight * (K1 + 1)


def rare_count(frequencies: Sequence[int], total: int, threshold: float) -> int:
    """How many of the words (sorted rarest first, by the chunks holding each) must be matched
    for the rest to be unable to lift a chunk above `threshold`, the k-th best score so far:
    the smallest c with sum of ceilings of words[c:] < threshold (at least 1)."""
    bound = 0.0
    cut = len(frequencies)
    for c in range(len(frequencies) - 1, 0, -1):
        bound += ceiling(idf(total, frequencies[c]))
        if bound >= threshold:
            break
        cut = c
    return cut


def common_bound(frequencies: Sequence[int], total: int, cut: int) -> float:
    """The highest score a chunk holding none of the first `cut` words can have."""
    return sum(ceiling(idf(total, n)) for n in frequencies[cut:])


def exact_top(
    frequencies: Sequence[int],
    total: int,
    k: int,
    rank: Callable[[int], list[tuple[str, float]]],
) -> list[tuple[str, float]]:
    """The top k of all chunks holding any of the words (rarest first; `frequencies`: chunks
    holding each), found by `rank(c)`: the best k of the chunks holding one of the first c
    words, each scored on all of them. Starts from the rarest word and takes in more only while
    the k-th best so far does not beat what the words left out could add up to."""
    cut = 1
    while True:
        rows = rank(cut)
        if cut >= len(frequencies):
            return rows
        threshold = rows[k - 1][1] if len(rows) >= k else 0.0
        if threshold > common_bound(frequencies, total, cut):
            return rows
        cut = max(cut + 1, rare_count(frequencies, total, threshold))
