"""A store: the SQLite catalog (articles, chunks, BM25) and Chroma (vectors), written together.

Chroma and SQLite cannot share a transaction, so writes follow a journal protocol: chunk ids go
into `pending` before Chroma is touched and leave it only once both sides agree. Opening a store
replays whatever a killed process left behind, so the two indexes always end up equal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ingest.catalog import ArticleRows, Catalog, SentenceVector, chroma_where
from ingest.embedding import Embedder, make_embedder
from ingest.models import Article, Chunk, Filters, StoredChunk
from ingest.normalize import date_timestamp
from ingest.vectors import ChunkVectors, make_chroma_client
from newsdesk.settings import Settings


@dataclass(frozen=True)
class ArticleWrite:
    article: Article
    chunks: Sequence[Chunk]
    vectors: np.ndarray  # one per chunk
    minhash: bytes
    sentences: Sequence[tuple[int, int]] = ()
    sentence_vectors: np.ndarray | None = None


class Store:
    def __init__(self, settings: Settings, embedder: Embedder, chroma_client: Any = None) -> None:
        self.settings = settings
        self.embedder = embedder
        self.catalog = Catalog(Path(settings.store) / "catalog.sqlite3")
        client = chroma_client if chroma_client is not None else make_chroma_client(settings)
        self.vectors = ChunkVectors(client, settings.collection, embedder)
        self.recover()

    def close(self) -> None:
        self.catalog.close()

    def recover(self) -> None:
        """Finish or undo the writes of a process that died between the two indexes."""
        pending = self.catalog.pending()
        if not pending:
            return
        committed = self.catalog.chunk_ids()
        self.vectors.delete(sorted(pending - committed))
        self.catalog.clear_pending(pending)

    # --- writes -------------------------------------------------------------------------------
    def write(self, items: Sequence[ArticleWrite]) -> None:
        """Insert or replace articles; all their old chunks go, in both indexes."""
        if not items:
            return
        new_ids = [c.id for item in items for c in item.chunks]
        self.catalog.add_pending(new_ids)
        vectors = np.concatenate([item.vectors for item in items]) if new_ids else None
        if vectors is not None:
            metas = [_chunk_metadata(item.article, c) for item in items for c in item.chunks]
            self.vectors.upsert(new_ids, vectors, metas)
        ts = {i.article.id: date_timestamp(i.article.published_at) for i in items}
        empty = np.zeros((0, 1), dtype=np.float32)
        rows = [
            ArticleRows(
                i.article,
                i.chunks,
                i.minhash,
                i.sentences,
                i.sentence_vectors if i.sentence_vectors is not None else empty,
            )
            for i in items
        ]
        gone = self.catalog.replace_articles(rows, ts)
        self.vectors.delete(sorted(gone))
        self.catalog.clear_pending([*new_ids, *gone])

    def delete(self, article_ids: Sequence[str]) -> list[str]:
        deleted, gone = self.catalog.delete_articles(article_ids)
        self.vectors.delete(sorted(gone))
        self.catalog.clear_pending(gone)
        return deleted

    # --- reads --------------------------------------------------------------------------------
    def article(self, article_id: str) -> Article | None:
        return self.catalog.article(article_id)

    def articles(self) -> list[Article]:
        return self.catalog.articles()

    def chunks(self, chunk_ids: Sequence[str]) -> dict[str, StoredChunk]:
        return self.catalog.stored_chunks(chunk_ids)

    def sources(self) -> list[str]:
        """Every outlet with stored articles (questions name them: "the Fortune article")."""
        return self.catalog.sources()

    def sentence_vectors(self, article_ids: Sequence[str]) -> dict[str, list[SentenceVector]]:
        return self.catalog.sentence_vectors(article_ids)

    def chunk_vectors(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        return self.vectors.vectors(chunk_ids)

    def dense_search(
        self, vector: np.ndarray, k: int, filters: Filters = Filters()
    ) -> list[tuple[str, float]]:
        return self.vectors.query(vector, k, chroma_where(filters))

    def keyword_search(
        self, text: str, k: int, filters: Filters = Filters()
    ) -> list[tuple[str, float]]:
        return self.catalog.keyword_search(text, k, filters)


def _chunk_metadata(article: Article, chunk: Chunk) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "article_id": article.id,
        "source_key": article.source.lower(),
        "index": chunk.index,
        "start": chunk.start,
        "end": chunk.end,
    }
    ts = date_timestamp(article.published_at)
    if ts is not None:  # unknown dates stay out of range filters rather than match them all
        meta["published_ts"] = ts
    return meta


def open_store(settings: Settings, embedder: Embedder | None = None) -> Store:
    return Store(settings, embedder or make_embedder(settings))
