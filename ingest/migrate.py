"""Copy a store into a shared deployment (a PostgreSQL catalog and a Chroma server) as stored:
articles, chunks, vectors, sentence vectors, entity spans and votes, embedding nothing again.

Articles go over in batches through the target store's own write path (its journal keeps the
catalog and Chroma in step), one catalog transaction per batch, so a copy that stops part way is
resumed by running it again: articles the target already holds unchanged are skipped. The source
is only read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from ingest.backend import catalog_exists, open_catalog, store_location
from ingest.entities import Entity
from ingest.models import Article, Chunk
from ingest.notes import FeedbackRow
from ingest.store import ArticleWrite, Store, store_exists
from newsdesk.errors import EncoderMismatch, InputError, StoreMissing
from newsdesk.settings import Settings

BATCH = 200  # articles per target transaction: bounds memory and the work a stop loses
COUNTED = ("articles", "chunks", "keyword_rows", "vectors", "feedback")


class StoredVectors:
    """Stands in for the embedder: names the source's vector space and embeds nothing (a copy
    moves vectors as stored, so no model is loaded)."""

    window = 0
    tags_alongside = False

    def __init__(self, name: str) -> None:
        self.name = name

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        raise RuntimeError("migrate copies stored vectors and embeds nothing")

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        raise RuntimeError("migrate copies stored chunks and counts nothing")


@dataclass
class MigrateReport:
    """What a migrate did and the counts it checked on both sides."""

    copied: int = 0
    unchanged: int = 0
    chunks: int = 0
    feedback: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)
    source: dict[str, int] = field(default_factory=dict)
    target: dict[str, int] = field(default_factory=dict)

    @property
    def verified(self) -> bool:
        return bool(self.source) and self.source == self.target and not self.failed

    def as_json(self) -> dict[str, object]:
        return {
            "copied": self.copied,
            "unchanged": self.unchanged,
            "chunks": self.chunks,
            "feedback": self.feedback,
            "failed": self.failed,
            "source": self.source,
            "target": self.target,
            "verified": self.verified,
        }


def target_settings(settings: Settings, database_url: str, chroma_url: str) -> Settings:
    """The target's settings: a PostgreSQL catalog and a Chroma server, so nothing of it is
    written to the store folder (the writer lock is an advisory lock in the database)."""
    if not database_url.startswith(("postgresql://", "postgres://")):
        raise InputError(f"--to must be a postgresql://USER@HOST/DB URL, got {database_url!r}")
    if not chroma_url:
        raise InputError("migrate needs --chroma-url http://HOST:PORT for the target's vectors")
    return settings.model_copy(update={"database_url": database_url, "chroma_url": chroma_url})


def open_stores(settings: Settings, database_url: str, chroma_url: str) -> tuple[Store, Store]:
    """(source, target): the store of `settings` and the one to copy it into. Refuses the same
    database twice and a target that holds vectors of another space."""
    target_config = target_settings(settings, database_url, chroma_url)
    if settings.database_url and store_location(settings) == store_location(target_config):
        raise InputError(f"the source and the target are the same store ({database_url!r})")
    if not store_exists(settings):
        raise StoreMissing(f"no store at {store_location(settings)} (nothing to migrate)")
    space = _space(settings)
    if catalog_exists(target_config):
        held = _space(target_config)
        if held and space and held != space:
            raise EncoderMismatch(
                f"the target at {store_location(target_config)} holds {held} vectors and the"
                f" source {space} ones, which can't be mixed: migrate into an empty database"
            )
    embedder = StoredVectors(space)
    source = Store(settings, embedder, create=False)
    try:
        return source, Store(target_config, embedder)
    except BaseException:
        source.close()
        raise


def _space(settings: Settings) -> str:
    catalog = open_catalog(settings)
    try:
        return catalog.encoder()
    finally:
        catalog.close()


def migrate(source: Store, target: Store, batch: int = BATCH) -> MigrateReport:
    """Copy every article (then every vote) of `source` into `target`; count both at the end."""
    report = MigrateReport()
    minhashes = dict(source.catalog.minhashes())
    ids = sorted(minhashes)
    taggers = source.catalog.taggers()
    space = source.catalog.encoder()
    with target.writing():
        target.remove_strays()
        if space:
            target.catalog.record_encoder(space)
        for start in range(0, len(ids), batch):
            part = ids[start : start + batch]
            _copy_batch(source, target, part, minhashes, taggers, report)
    report.feedback = copy_feedback(source.catalog.feedback(), target)
    report.source, report.target = store_counts(source), store_counts(target)
    return report


def _copy_batch(
    source: Store,
    target: Store,
    ids: list[str],
    minhashes: dict[str, bytes],
    taggers: list[str],
    report: MigrateReport,
) -> None:
    """One batch: what the target lacks (or holds changed, or without its vectors) is written
    in one go."""
    articles = [a for a in map(source.catalog.article, ids) if a is not None]
    held = target.catalog.hashes(ids)
    same = [a.id for a in articles if held.get(a.id) == a.content_hash]
    damaged = target.incomplete(same)
    todo = [a for a in articles if a.id not in same or a.id in damaged]
    report.unchanged += len(articles) - len(todo)
    if not todo:
        return
    writes = []
    for article, write in zip(todo, _writes(source, todo, minhashes, taggers), strict=True):
        if write is None:
            report.failed.append(
                {"id": article.id, "error": "chunks without vectors in the source"}
            )
        else:
            writes.append(write)
    target.write(writes)
    report.copied += len(writes)
    report.chunks += sum(len(w.chunks) for w in writes)


def _writes(
    source: Store, articles: list[Article], minhashes: dict[str, bytes], taggers: list[str]
) -> list[ArticleWrite | None]:
    """The stored rows of these articles as target writes (None where a chunk has no vector)."""
    ids = [a.id for a in articles]
    stored = source.chunks(sorted(source.catalog.chunk_ids(ids)))
    chunks: dict[str, list[Chunk]] = {}
    for c in sorted(stored.values(), key=lambda c: (c.article_id, c.index)):
        chunk = Chunk(c.id, c.article_id, c.index, c.text, c.start, c.end)
        chunks.setdefault(c.article_id, []).append(chunk)
    vectors = source.chunk_vectors(sorted(stored))
    sentences = source.catalog.sentence_vectors(ids)
    entities: dict[str, tuple[str, list[Entity]]] = {}
    for tagger in taggers:
        for article_id, tagged in source.catalog.entities(ids, tagger).items():
            entities[article_id] = (tagger, tagged)
    dims = next((len(v) for v in vectors.values()), 1)
    writes: list[ArticleWrite | None] = []
    for article in articles:
        own = chunks.get(article.id, [])
        if any(c.id not in vectors for c in own):
            writes.append(None)
            continue
        spans = sentences.get(article.id, [])
        tagger, found = entities.get(article.id, ("", None))
        writes.append(
            ArticleWrite(
                article,
                own,
                np.stack([vectors[c.id] for c in own]) if own else np.zeros((0, dims), np.float32),
                minhashes.get(article.id) or b"",
                [(start, end) for start, end, _ in spans],
                np.stack([v for _, _, v in spans]) if spans else None,
                found,
                tagger,
            )
        )
    return writes


def copy_feedback(rows: Sequence[FeedbackRow], target: Store) -> int:
    """Add the votes the target lacks (a vote the target already holds, the same in every field
    but its id and time, is not added twice); returns how many were added."""
    held = Counter(_vote(r) for r in target.catalog.feedback())
    added = 0
    for row in rows:
        if held[_vote(row)] > 0:
            held[_vote(row)] -= 1
            continue
        target.catalog.add_feedback(replace(row, id=0))  # keeps its created_at
        added += 1
    return added


def _vote(row: FeedbackRow) -> tuple[object, ...]:
    return (
        row.vote,
        row.question,
        row.history,
        row.answer,
        row.user,
        row.channel,
        row.origin,
        row.key,
    )


def store_counts(store: Store) -> dict[str, int]:
    """What the verification compares: rows of each kind, and Chroma's vectors."""
    catalog = store.catalog
    counts = (
        catalog.article_count(),
        catalog.chunk_count(),
        catalog.fts_count(),
        store.vectors.count(),
        len(catalog.feedback()),
    )
    return dict(zip(COUNTED, counts, strict=True))
