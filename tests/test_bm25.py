"""FTS5's idf, which the PostgreSQL catalog ranks with (its ranking: tests/test_pg_catalog.py)."""

from __future__ import annotations

from ingest import bm25


def test_a_word_in_half_the_chunks_or_more_has_the_clamped_idf() -> None:
    assert bm25.idf(100, 50) == 1e-6 and bm25.idf(100, 80) == 1e-6
    assert bm25.idf(100, 1) > bm25.idf(100, 10) > bm25.idf(100, 49) > 0
