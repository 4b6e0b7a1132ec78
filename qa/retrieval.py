"""Hybrid retrieval: Chroma dense search and the BM25 keyword index, fused by reciprocal rank."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ingest.models import Filters, StoredChunk
from ingest.store import Store

RRF_K = 60  # the usual reciprocal-rank-fusion constant: damps the weight of the very top ranks


@dataclass(frozen=True)
class Retrieved:
    chunk: StoredChunk
    score: float  # fused score, higher is better
    dense: float  # cosine similarity to the question (0 when only the keyword side found it)


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]], weights: Sequence[float] | None = None, k: int = RRF_K
) -> dict[str, float]:
    """Sum of weight / (k + rank) over the rankings each id appears in (rank from 1)."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return fused


class HybridRetriever:
    def __init__(self, store: Store, pool: int = 30) -> None:
        self.store = store
        self.pool = pool

    def search(
        self, query: str, k: int, filters: Filters = Filters(), vector: np.ndarray | None = None
    ) -> list[Retrieved]:
        if vector is None:
            vector = self.store.embedder.embed([query])[0]
        dense = self.store.dense_search(vector, max(k, self.pool), filters)
        keyword = self.store.keyword_search(query, max(k, self.pool), filters)
        fused = reciprocal_rank_fusion([[i for i, _ in dense], [i for i, _ in keyword]])
        similarity = dict(dense)
        ranked = sorted(fused, key=lambda i: fused[i], reverse=True)[: max(k, self.pool)]
        chunks = self.store.chunks(ranked)
        return [
            Retrieved(chunks[i], fused[i], similarity.get(i, 0.0)) for i in ranked if i in chunks
        ][:k]
