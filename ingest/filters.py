"""Filters as store queries: the SQL clause for the catalog and the `where` for Chroma (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from ingest.models import Filters
from ingest.terms import content_words


def fts_query(text: str) -> str:
    """An FTS5 OR-query of the content words of `text`, quoted so user text can't inject syntax."""
    return or_query(content_words(text))


def or_query(words: Sequence[str]) -> str:
    return " OR ".join(f'"{w}"' for w in words)


def _day_bounds(since: str, until: str) -> tuple[float | None, float | None]:
    low = datetime.fromisoformat(since).replace(tzinfo=UTC).timestamp() if since else None
    high = None
    if until:
        end = datetime.fromisoformat(until).replace(tzinfo=UTC) + timedelta(days=1)
        high = end.timestamp() - 1e-3
    return low, high


def filter_sql(filters: Filters, mark: str = "?") -> tuple[str, list[object]]:
    """The catalog's WHERE clauses (articles as `a`); `mark` is the driver's placeholder."""
    clauses: list[str] = []
    params: list[object] = []
    if filters.source:
        clauses.append(f"a.source_key = {mark}")
        params.append(filters.source.strip().lower())
    low, high = _day_bounds(filters.since, filters.until)
    if low is not None:
        clauses.append(f"a.published_ts >= {mark}")
        params.append(low)
    if high is not None:
        clauses.append(f"a.published_ts <= {mark}")
        params.append(high)
    return (" AND " + " AND ".join(clauses)) if clauses else "", params


def chroma_where(filters: Filters) -> dict[str, object] | None:
    clauses: list[dict[str, object]] = []
    if filters.source:
        clauses.append({"source_key": filters.source.strip().lower()})
    low, high = _day_bounds(filters.since, filters.until)
    if low is not None:
        clauses.append({"published_ts": {"$gte": low}})
    if high is not None:
        clauses.append({"published_ts": {"$lte": high}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}
