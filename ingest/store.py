"""A store: the catalog (articles, chunks, keyword index) and Chroma (vectors), written together.

The catalog is SQLite in the store folder, or PostgreSQL with a database URL (ingest/backend.py).
Chroma and the catalog cannot share a transaction, so writes follow a journal protocol: chunk ids go
into `pending` before Chroma is touched and leave it only once both sides agree. Every write holds
the store's writer lock, and whoever takes that lock first replays what a killed writer left
behind. Readers never replay: while a writer is alive its pending ids are work in progress, not
a crash.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from ingest.backend import catalog_exists, open_catalog, open_writer_lock, store_location
from ingest.catalog import ArticleRows, SentenceVector
from ingest.embedding import Embedder, make_embedder
from ingest.entities import Entity, Tagger, default_tagger
from ingest.filters import chroma_where
from ingest.locking import SharedLock
from ingest.models import Article, Chunk, Filters, StoredChunk
from ingest.normalize import date_timestamp
from ingest.vectors import ChunkVectors, first_line, make_chroma_client, reopen_embedded_client
from newsdesk.errors import BackendUnavailable, EncoderMismatch, NewsdeskError, StoreMissing
from newsdesk.settings import Settings

log = logging.getLogger("newsdesk.store")
TAGGED_ON_READ = 4096  # articles of an older store whose on-read tags are kept (a few MB)
READ_TRIES = 3  # reads of an embedded index caught mid-write by another process
READ_RETRY_S = 0.05  # back-off per try
T = TypeVar("T")


@dataclass(frozen=True)
class ArticleWrite:
    article: Article
    chunks: Sequence[Chunk]
    vectors: np.ndarray  # one per chunk
    minhash: bytes
    sentences: Sequence[tuple[int, int]] = ()
    sentence_vectors: np.ndarray | None = None
    entities: Sequence[Entity] | None = None
    tagger: str = ""  # who tagged `entities` (a copied store's); default: this store's tagger


def store_exists(settings: Settings) -> bool:
    return catalog_exists(settings)


class Store:
    """One store; `create=False` refuses a folder that holds none (a mistyped --store)."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        chroma_client: Any = None,
        *,
        create: bool = True,
        tagger: Tagger | None = None,
    ) -> None:
        existed = store_exists(settings)
        if not existed and not create:
            raise StoreMissing(
                f"no store at {store_location(settings)} (run newsdesk ingest first)"
            )
        self.settings = settings
        self.embedder = embedder
        self.tagger = tagger or default_tagger()
        self._tagged_now: dict[str, list[Entity]] = {}  # older articles tagged on read
        self.catalog = open_catalog(settings)
        legacy = existed and self.catalog.article_count() > 0
        self.identity = self.catalog.identity(settings.collection, legacy)
        self._encoder_checked = False
        self.lock = open_writer_lock(settings)
        # an embedded Chroma opened here goes stale when another process writes: see _refresh
        self._reloadable = chroma_client is None and not settings.chroma_url
        self._reload_guard = SharedLock()  # reads share it; a reload takes it alone
        self._generation = self.catalog.generation()[0]
        self._sources: tuple[tuple[int, int], list[str]] | None = None
        client = chroma_client if chroma_client is not None else make_chroma_client(settings)
        self._client = client
        self.vectors = ChunkVectors(
            client, self.identity.collection, embedder, self.identity.store_id
        )

    def _refresh(self) -> None:
        """Reopen an embedded Chroma that another process has written to since it was opened.

        Writes from this process went through the same (cached, shared) client, so they need no
        reload; one reload serves every Store of this process on the folder.
        """
        if not self._reloadable:
            return
        generation, writer = self.catalog.generation()
        if generation == self._generation:
            return
        with self._reload_guard.exclusive():
            if generation == self._generation or (self.lock.held and not self._writing_here()):
                return
            if writer != os.getpid():
                self._reopen()
            self._generation = generation

    def _unavailable(self, exc: BaseException) -> BackendUnavailable:
        where = (
            f"the Chroma server at {self.settings.chroma_url}"
            if self.settings.chroma_url
            else "the embedded Chroma index"
        )
        return BackendUnavailable(f"{where} is not answering ({first_line(exc)})")

    def check(self) -> None:
        """Raise BackendUnavailable unless both indexes answer (readiness)."""
        self.catalog.article_count()
        try:
            self.vectors.count()
        except Exception as exc:
            raise self._unavailable(exc) from exc

    def _reopen(self) -> None:
        self._client = reopen_embedded_client(self._client, self.settings)
        self.vectors = ChunkVectors(
            self._client, self.identity.collection, self.embedder, self.identity.store_id
        )

    def _read(self, read: Callable[[ChunkVectors], T], empty: T) -> T:
        """A read of the dense index. An embedded index that another process is writing can fail
        a read ("Error finding id"): it is reopened and read again, and after a few tries the
        read comes back empty with a warning (keyword retrieval still answers), never a crash."""
        self._refresh()
        for attempt in range(READ_TRIES):
            try:
                with self._reload_guard.shared():  # never on a client a reload is stopping
                    return read(self.vectors)
            except NewsdeskError:
                raise
            except Exception as exc:
                if not self._reloadable:
                    raise self._unavailable(exc) from exc
                log.warning("dense index read failed (%s), try %d", first_line(exc), attempt + 1)
                time.sleep(READ_RETRY_S * (attempt + 1))
                with self._reload_guard.exclusive():
                    if not (self.lock.held and not self._writing_here()):
                        self._reopen()
        return empty

    def _writing_here(self) -> bool:
        """Whether the calling thread holds the writer lock (and no write is under way)."""
        return self.lock.owned_by_caller

    def close(self) -> None:
        self.catalog.close()

    @contextmanager
    def writing(self, wait: float | None = None) -> Iterator[None]:
        """Hold the writer lock (waiting `wait` s, else the configured time, for another writer);
        the first holder replays what a killed writer left behind."""
        with self.lock.hold(wait) as first:
            if first:
                self._refresh()  # start from what the last writer left on disk
                self.recover()
            try:
                yield
            finally:
                self._generation = self.catalog.generation()[0]  # our writes need no reload

    def recover(self) -> None:
        """Finish or undo the writes of a process that died between the two indexes."""
        self._require_lock()
        pending = self.catalog.pending()
        if not pending:
            return
        committed = self.catalog.chunk_ids()
        self.vectors.delete(sorted(pending - committed))
        self.catalog.clear_pending(pending)

    def incomplete(self, article_ids: Sequence[str]) -> set[str]:
        """Articles some of whose committed chunks have no vector (a damaged store)."""
        chunk_ids = self.catalog.chunk_ids(article_ids)
        missing = self.vectors.missing(sorted(chunk_ids))
        return {chunk_id.split("#", 1)[0] for chunk_id in missing} & set(article_ids)

    def tag_missing(self, article_ids: Sequence[str]) -> int:
        """Tag and store the entities of those articles this tagger has not tagged (stored
        before entities were, or by another model), without embedding anything again."""
        self._require_lock()
        tagged = self.catalog.tagged(article_ids, self.tagger.name)
        articles = [a for a in map(self.catalog.article, article_ids) if a and a.id not in tagged]
        if articles:
            spans = self.tagger.tag([a.text for a in articles])
            self.catalog.put_entities(
                {a.id: s for a, s in zip(articles, spans, strict=True)}, self.tagger.name
            )
        return len(articles)

    def remove_strays(self) -> int:
        """Delete vectors no committed chunk owns (a store damaged outside the journal); the
        whole id sets are compared only when the counts already disagree."""
        self._require_lock()
        if self.vectors.count() <= self.catalog.chunk_count():
            return 0
        strays = sorted(self.vectors.all_ids() - self.catalog.chunk_ids())
        if strays:
            log.warning("removing %d vectors that no chunk owns", len(strays))
            self.vectors.delete(strays)
        return len(strays)

    def _require_lock(self) -> None:
        if not self.lock.held:
            raise RuntimeError("store writes need the writer lock (use `with store.writing()`)")

    # --- writes -------------------------------------------------------------------------------
    def check_encoder(self) -> None:
        """Vectors of one space only: EncoderMismatch where the store's embedder makes vectors
        of another space than the store holds (reading articles needs no check)."""
        if self._encoder_checked:
            return
        known = self.catalog.encoder()
        self._encoder_checked = known == self.embedder.name  # a record never changes
        if known and known != self.embedder.name:
            raise EncoderMismatch(
                f"this store's vectors come from the {known} encoder, and the one configured"
                f" makes {self.embedder.name} vectors, which can't be mixed with them: leave"
                " NEWSDESK_ENCODER unset (auto keeps the store's own), or ingest the articles"
                " into a new store to embed them again"
            )

    def write(self, items: Sequence[ArticleWrite]) -> None:
        """Insert or replace articles; all their old chunks go, in both indexes."""
        if not items:
            return
        self._require_lock()
        self.check_encoder()
        self.catalog.record_encoder(self.embedder.name)
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
                i.vectors,
                i.entities,
                i.tagger or (self.tagger.name if i.entities is not None else ""),
            )
            for i in items
        ]
        gone = self.catalog.replace_articles(rows, ts)
        self.vectors.delete(sorted(gone))
        self.catalog.clear_pending([*new_ids, *gone])

    def delete(self, article_ids: Sequence[str]) -> list[str]:
        with self.writing():
            deleted, gone = self.catalog.delete_articles(article_ids)
            try:
                self.vectors.delete(sorted(gone))
            except Exception as exc:  # the journal keeps the ids: the next writer removes them
                raise BackendUnavailable(
                    f"deleted {', '.join(deleted)} from the catalog, but its vectors stay until"
                    f" the next write: {self._unavailable(exc)}"
                ) from exc
            self.catalog.clear_pending(gone)
            self.catalog.merge_keywords()
        return deleted

    # --- reads --------------------------------------------------------------------------------
    def article(self, article_id: str) -> Article | None:
        return self.catalog.article(article_id)

    def articles(self) -> list[Article]:
        return self.catalog.articles()

    def chunks(self, chunk_ids: Sequence[str]) -> dict[str, StoredChunk]:
        return self.catalog.stored_chunks(chunk_ids)

    def article_chunks(self, article_ids: Sequence[str]) -> dict[str, StoredChunk]:
        """Every chunk of these articles."""
        return self.chunks(sorted(self.catalog.chunk_ids(article_ids)))

    def sources(self) -> list[str]:
        """Every outlet with stored articles (questions name them: "the Fortune article"), kept
        until the catalog's next write by any process: a question reads one meta row, not every
        article (a scan that cost 6 ms a question at 10k articles)."""
        generation = self.catalog.generation()
        known = self._sources
        if known is None or known[0] != generation:
            known = self._sources = (generation, self.catalog.sources())
        return known[1]

    def sentence_vectors(self, article_ids: Sequence[str]) -> dict[str, list[SentenceVector]]:
        return self.catalog.sentence_vectors(article_ids)

    def entities(self, article_ids: Sequence[str]) -> dict[str, list[Entity]]:
        """Entity spans of these articles: stored at ingest; tagged now for articles stored
        before entities were (the next ingest stores them)."""
        found = self.catalog.entities(article_ids, self.tagger.name)
        untagged = [a for a in dict.fromkeys(article_ids) if a not in found]
        found.update((a, self._tagged_now[a]) for a in untagged if a in self._tagged_now)
        articles = [a for a in map(self.catalog.article, untagged) if a and a.id not in found]
        if articles:
            tags = self.tagger.tag([a.text for a in articles])
            for article, spans in zip(articles, tags, strict=True):
                found[article.id] = spans
                if len(self._tagged_now) < TAGGED_ON_READ:
                    self._tagged_now[article.id] = spans
        return found

    def chunk_vectors(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """From the catalog (written with the chunk); Chroma only for chunks of older stores."""
        found = self.catalog.chunk_vectors(chunk_ids)
        older = [i for i in chunk_ids if i not in found]
        if older:
            nothing: dict[str, np.ndarray] = {}
            found.update(self._read(lambda vectors: vectors.vectors(older), nothing))
        return found

    def dense_search(
        self, vector: np.ndarray, k: int, filters: Filters = Filters()
    ) -> list[tuple[str, float]]:
        self.check_encoder()
        where = chroma_where(filters)
        return self._read(lambda vectors: vectors.query(vector, k, where), [])

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


def open_store(
    settings: Settings, embedder: Embedder | None = None, *, create: bool = False
) -> Store:
    """The store at `settings.store`; only `create=True` (ingest) makes a new one."""
    if not create and not store_exists(settings):  # fail before loading the model
        raise StoreMissing(f"no store at {store_location(settings)} (run newsdesk ingest first)")
    return Store(settings, embedder or make_embedder(settings), create=create)
