"""The dense index: chunk vectors in Chroma (embedded PersistentClient or a `chroma run` server)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from ingest.embedding import Embedder
from newsdesk.errors import BackendUnavailable, InputError, StoreConflict
from newsdesk.settings import Settings

Where = dict[str, Any]


@register_embedding_function
class NewsdeskEmbeddingFunction(EmbeddingFunction[Documents]):
    """Our embedder, handed to Chroma so it never falls back to its downloading default."""

    def __init__(self, embedder: Embedder | None = None) -> None:
        self._embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        if self._embedder is None:
            raise RuntimeError("newsdesk embeds its own texts; pass embeddings explicitly")
        return list(self._embedder.embed(list(input)))

    @staticmethod
    def name() -> str:
        return "newsdesk"

    def default_space(self) -> Any:
        return "cosine"

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> NewsdeskEmbeddingFunction:
        return NewsdeskEmbeddingFunction()


def make_chroma_client(settings: Settings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise InputError(
                f"--chroma-url must look like http://HOST:PORT, got {settings.chroma_url!r}"
            )
        try:
            return chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        except Exception as exc:  # chromadb raises several types for an unreachable server
            raise BackendUnavailable(
                f"cannot reach the Chroma server at {settings.chroma_url}: {first_line(exc)}"
            ) from exc
    path = Path(settings.store) / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


OWNER_KEY = "newsdesk_store"  # collection metadata: the id of the store it belongs to


def reopen_embedded_client(client: Any, settings: Settings) -> Any:
    """A fresh embedded client on the same folder, reading the disk anew.

    An embedded (PersistentClient) collection keeps its vector index in memory: writes made by
    another process since it opened are counted but not searched until it is opened again.
    chromadb caches one System per folder; dropping that entry (private, chromadb 1.x, covered by
    tests/test_store_hardening.py) makes the next client load the index from disk, and handles to
    the old client resolve to the new System.
    """
    from chromadb.api.client import SharedSystemClient

    identifier = client._identifier
    with SharedSystemClient._refcount_lock:
        old = SharedSystemClient._identifier_to_system.pop(identifier, None)
        SharedSystemClient._identifier_to_refcount.pop(identifier, None)
    fresh = make_chroma_client(settings)
    if old is not None:
        old.stop()
    return fresh


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class ChunkVectors:
    """Chunk embeddings with the metadata that filters need (source, publication time).

    A collection belongs to one store: its metadata names the store id, so two stores sharing a
    Chroma server never read or delete each other's vectors.
    """

    def __init__(self, client: Any, name: str, embedder: Embedder, store_id: str) -> None:
        self._collection = client.get_or_create_collection(
            name=name,
            embedding_function=NewsdeskEmbeddingFunction(embedder),
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"embedder": embedder.name, OWNER_KEY: store_id},
        )
        metadata = dict(self._collection.metadata or {})
        owner = metadata.get(OWNER_KEY)
        if owner is None:  # made before stores had ids: the first store to open it claims it
            self._collection.modify(metadata={**metadata, OWNER_KEY: store_id})
        elif owner != store_id:
            raise StoreConflict(
                f"the Chroma collection {name!r} belongs to another store ({owner}), not this"
                f" one ({store_id})"
            )

    def upsert(
        self, ids: Sequence[str], vectors: np.ndarray, metadatas: Sequence[dict[str, Any]]
    ) -> None:
        for start in range(0, len(ids), 512):
            end = start + 512
            self._collection.upsert(
                ids=list(ids[start:end]),
                embeddings=vectors[start:end],
                metadatas=list(metadatas[start:end]),
            )

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), 512):
            self._collection.delete(ids=list(ids[start : start + 512]))

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        if not ids:
            return {}
        got = self._collection.get(ids=list(ids), include=["embeddings"])
        return {
            i: np.asarray(v, dtype=np.float32)
            for i, v in zip(got["ids"], got["embeddings"], strict=True)
        }

    def missing(self, ids: Sequence[str]) -> set[str]:
        """The ids among `ids` that have no vector."""
        present: set[str] = set()
        for start in range(0, len(ids), 512):
            got = self._collection.get(ids=list(ids[start : start + 512]), include=[])
            present.update(got["ids"])
        return set(ids) - present

    def all_ids(self) -> set[str]:
        return set(self._collection.get(include=[])["ids"])

    def count(self) -> int:
        return int(self._collection.count())

    def query(
        self, vector: np.ndarray, k: int, where: Where | None = None
    ) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) pairs, best first."""
        result = self._collection.query(  # Chroma 1.x returns fewer when it holds fewer
            query_embeddings=[vector],
            n_results=k,
            where=where or None,
            include=["distances"],
        )
        return [
            (i, 1.0 - float(d))
            for i, d in zip(result["ids"][0], result["distances"][0], strict=False)
        ]
