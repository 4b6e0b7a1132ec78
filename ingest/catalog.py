"""The SQLite side of a store: articles, chunks, the BM25 keyword index and a write journal."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ingest import bm25
from ingest.encoders import FLOAT_SPACE
from ingest.entities import Entity, decode, encode
from ingest.filters import filter_sql, or_query
from ingest.models import Article, Chunk, Filters, StoredChunk
from ingest.notes import CLAIM_SECONDS, FeedbackRow
from ingest.terms import content_words

SCHEMA = """
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, title TEXT, source TEXT, source_key TEXT, author TEXT, url TEXT,
    published_at TEXT, published_ts REAL, category TEXT, text TEXT NOT NULL,
    content_hash TEXT NOT NULL, duplicate_of TEXT DEFAULT '', minhash BLOB, ingested_at TEXT,
    updated_at TEXT
);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source_key);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published_ts);
CREATE TABLE IF NOT EXISTS chunks (
    rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, article_id TEXT NOT NULL,
    idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    vector BLOB
);
CREATE INDEX IF NOT EXISTS chunks_article ON chunks(article_id);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    title, text, tokenize = 'porter unicode61 remove_diacritics 2'
);
-- Sentence vectors: answering scores evidence sentences without another model call.
CREATE TABLE IF NOT EXISTS sentences (
    article_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, vector BLOB,
    PRIMARY KEY (article_id, start)
);
-- Named entities of each article (ingest.entities), tagged at ingest: [[start, end, label]].
CREATE TABLE IF NOT EXISTS entities (
    article_id TEXT PRIMARY KEY, tagger TEXT NOT NULL, spans TEXT NOT NULL
);
-- Chunk ids that Chroma may hold without a committed row here: reconciled by the next writer.
CREATE TABLE IF NOT EXISTS pending (chunk_id TEXT PRIMARY KEY);
-- Votes on answers (Slack, the web page): thumbs-down ones become eval cases.
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, vote INTEGER NOT NULL, question TEXT NOT NULL,
    history TEXT NOT NULL, answer TEXT NOT NULL, user TEXT, channel TEXT, origin TEXT,
    key TEXT UNIQUE
);
-- Messages (Slack event keys) some process has taken up: each is answered once, by one worker.
CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, at REAL NOT NULL);
-- The store's identity: its id and the Chroma collection that belongs to it.
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
LEGACY_COLLECTION = "newsdesk_chunks"  # the one collection every store used before store ids
BUSY_TIMEOUT_MS = 30_000
CACHED_WORDS = 50_000  # words whose chunk counts are kept between questions (keyword_search)
# Keyword index merging after each write run (merge_keywords): pages of FTS5 merge work per step
# (about 0.08 s at 50,000 articles), and the most time one run spends on it.
MERGE_PAGES = 1000
MERGE_SECONDS = 0.5


SentenceVector = tuple[int, int, np.ndarray]  # start, end, unit vector
NamedRow = Any  # a sqlite3.Row or a psycopg dict row: both index by column name


@dataclass(frozen=True)
class ArticleRows:
    """Everything one article writes to the catalog."""

    article: Article
    chunks: Sequence[Chunk]
    minhash: bytes
    sentences: Sequence[tuple[int, int]]
    vectors: np.ndarray  # one per sentence
    chunk_vectors: np.ndarray | None = None  # one per chunk (a copy of Chroma's, read faster)
    entities: Sequence[Entity] | None = None  # None: not tagged
    tagger: str = ""


@dataclass(frozen=True)
class StoreIdentity:
    store_id: str
    collection: str


class Catalog:
    """Articles and chunks in one SQLite file; the FTS5 table is the keyword (BM25) index.

    Each thread gets its own connection (WAL: readers never block the writer or each other), so
    request handlers and the ingest writer thread never share a transaction.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self.db.executescript(SCHEMA)
        self._migrate()

    def _migrate(self) -> None:
        """Columns added since a store was made (old rows keep NULL and are read the old way)."""
        columns = {r[1] for r in self.db.execute("PRAGMA table_info(chunks)")}
        if "vector" not in columns:
            with self.db:
                self.db.execute("ALTER TABLE chunks ADD COLUMN vector BLOB")
        columns = {r[1] for r in self.db.execute("PRAGMA table_info(articles)")}
        if "updated_at" not in columns:
            with self.db:
                self.db.execute("ALTER TABLE articles ADD COLUMN updated_at TEXT")

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._local.conn = conn
            with self._guard:
                self._connections.append(conn)
        return conn

    def close(self) -> None:
        with self._guard:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    def identity(self, new_collection: str, legacy: bool) -> StoreIdentity:
        """The store's id and collection, made on first use; a legacy store keeps its collection."""
        known = dict(self.db.execute("SELECT key, value FROM meta").fetchall())
        if "store_id" not in known:
            store_id = uuid.uuid4().hex
            default = LEGACY_COLLECTION if legacy else f"newsdesk-{store_id}"
            collection = new_collection or default  # a store made before ids keeps its own
            with self.db:
                self.db.executemany(
                    "INSERT OR IGNORE INTO meta VALUES (?, ?)",
                    [("store_id", store_id), ("collection", collection)],
                )
            known = dict(self.db.execute("SELECT key, value FROM meta").fetchall())
        return StoreIdentity(known["store_id"], known["collection"])

    def encoder(self) -> str:
        """The vector space of the store's vectors ("" before any): its record, or, for a store
        made before the record that holds articles, the float one."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'encoder'").fetchone()
        return str(row[0]) if row else (FLOAT_SPACE if self.article_count() else "")

    def record_encoder(self, space: str) -> None:
        with self.db:
            self.db.execute("INSERT OR IGNORE INTO meta VALUES ('encoder', ?)", (space,))

    def article_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    # --- reads -------------------------------------------------------------------------------
    def hashes(self, ids: Iterable[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        id_list = list(ids)
        for i in range(0, len(id_list), 500):
            part = id_list[i : i + 500]
            marks = ",".join("?" * len(part))
            rows = self.db.execute(
                f"SELECT id, content_hash FROM articles WHERE id IN ({marks})", part
            )
            found.update({r["id"]: r["content_hash"] for r in rows})
        return found

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        return article_of(row) if row else None

    def articles(self) -> list[Article]:
        rows = self.db.execute("SELECT * FROM articles ORDER BY published_at DESC, id")
        return [article_of(r) for r in rows]

    def sources(self) -> list[str]:
        rows = self.db.execute("SELECT DISTINCT source FROM articles WHERE source != ''")
        return sorted(r[0] for r in rows)

    def minhashes(self) -> list[tuple[str, bytes]]:
        return [(r[0], r[1]) for r in self.db.execute("SELECT id, minhash FROM articles")]

    def chunk_ids(self, article_ids: Sequence[str] | None = None) -> set[str]:
        if article_ids is None:
            return {r[0] for r in self.db.execute("SELECT id FROM chunks")}
        found: set[str] = set()
        for i in range(0, len(article_ids), 500):
            part = list(article_ids[i : i + 500])
            marks = ",".join("?" * len(part))
            rows = self.db.execute(f"SELECT id FROM chunks WHERE article_id IN ({marks})", part)
            found.update(r[0] for r in rows)
        return found

    def chunk_vectors(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of these chunks (chunks written before vectors were kept: none)."""
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(chunk_ids), 500):
            part = list(chunk_ids[i : i + 500])
            marks = ",".join("?" * len(part))
            rows = self.db.execute(
                f"SELECT id, vector FROM chunks WHERE id IN ({marks}) AND vector IS NOT NULL", part
            )
            found.update({r[0]: np.frombuffer(r[1], dtype=np.float32) for r in rows})
        return found

    def chunk_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM chunks").fetchone()[0])

    def fts_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM chunks_fts").fetchone()[0])

    def stored_chunks(self, chunk_ids: Sequence[str]) -> dict[str, StoredChunk]:
        found: dict[str, StoredChunk] = {}
        for i in range(0, len(chunk_ids), 500):
            part = list(chunk_ids[i : i + 500])
            marks = ",".join("?" * len(part))
            rows = self.db.execute(
                'SELECT c.id, c.article_id, c.idx, c.text, c.start, c."end", a.title, a.source,'
                " a.url, a.published_at, a.duplicate_of FROM chunks c JOIN articles a"
                f" ON a.id = c.article_id WHERE c.id IN ({marks})",
                part,
            )
            found.update({r[0]: StoredChunk(*r) for r in rows})
        return found

    def keyword_search(self, text: str, k: int, filters: Filters) -> list[tuple[str, float]]:
        """(chunk id, BM25 score, higher is better) for the best `k` chunks matching `text`."""
        query = or_query(self._informative(content_words(text)))
        if not query:
            return []
        where, params = filter_sql(filters)
        if not where:  # ranked inside FTS5 first: joining every match costs 2.6x at 10k articles
            rows = self.db.execute(
                "SELECT c.id, f.score FROM (SELECT rowid, -bm25(chunks_fts, 0.5, 1.0) AS score"
                " FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY score DESC LIMIT ?) f"
                " JOIN chunks c ON c.rowid = f.rowid ORDER BY f.score DESC",
                [query, k],
            )
            return [(r[0], float(r[1])) for r in rows]
        rows = self.db.execute(
            "SELECT c.id, -bm25(chunks_fts, 0.5, 1.0) AS score FROM chunks_fts"
            " JOIN chunks c ON c.rowid = chunks_fts.rowid JOIN articles a ON a.id = c.article_id"
            f" WHERE chunks_fts MATCH ?{where} ORDER BY score DESC LIMIT ?",
            [query, *params, k],
        )
        return [(r[0], float(r[1])) for r in rows]

    def _informative(self, words: list[str]) -> list[str]:
        """The words that can move a chunk's BM25 score: a word in at least half of the chunks
        adds nothing (FTS5 clamps its idf, log((N - n + 0.5) / (n + 0.5)) <= 0, to 1e-6), yet
        ranking every chunk it matches is most of a query's cost on a large archive ("said",
        "year"). Those are left out where other words remain: the ranking stays as it was, but
        for chunks that match only such words (scored about 0), which no longer fill a short
        list's tail. Of the rest, the rarest are kept while their chunks add up to at most
        bm25.KEYWORD_POSTINGS (the rarest always): the words left out are the ones with the least
        idf, so the query's cost stops growing with the archive. Below about 10,000 chunks a
        question's words seldom reach that. Counts are kept until the next write (or
        CACHED_WORDS words)."""
        generation = self.generation()[0]
        counts: tuple[int, int, dict[str, int]] | None = getattr(self._local, "counts", None)
        if counts is None or counts[0] != generation or len(counts[2]) > CACHED_WORDS:
            counts = self._local.counts = (generation, self.fts_count(), {})
        _, total, seen = counts
        for w in words:
            if w not in seen:
                seen[w] = int(
                    self.db.execute(
                        "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", [or_query([w])]
                    ).fetchone()[0]
                )
        kept = [w for w in words if 2 * seen[w] < total] or words
        return bm25.rarest_within(kept, seen, bm25.KEYWORD_POSTINGS)

    # --- the write journal --------------------------------------------------------------------
    def pending(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT chunk_id FROM pending")}

    def add_pending(self, chunk_ids: Iterable[str]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR IGNORE INTO pending VALUES (?)", [(c,) for c in chunk_ids]
            )

    def clear_pending(self, chunk_ids: Iterable[str]) -> None:
        with self.db:
            self.db.executemany("DELETE FROM pending WHERE chunk_id = ?", [(c,) for c in chunk_ids])

    # --- writes (each call is one transaction) ------------------------------------------------
    def tagged(self, article_ids: Sequence[str], tagger: str) -> set[str]:
        """Those of these articles whose entities `tagger` stored."""
        found: set[str] = set()
        ids = list(dict.fromkeys(article_ids))
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            marks = ",".join("?" * len(part))
            rows = self.db.execute(
                f"SELECT article_id FROM entities WHERE article_id IN ({marks}) AND tagger = ?",
                [*part, tagger],
            )
            found.update(r["article_id"] for r in rows)
        return found

    def put_entities(self, spans: dict[str, Sequence[Entity]], tagger: str) -> None:
        """Store (or replace) the entity spans of articles already stored."""
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO entities VALUES (?,?,?)",
                [(article_id, tagger, encode(found)) for article_id, found in spans.items()],
            )

    def taggers(self) -> list[str]:
        """Every tagger whose entity spans the store holds (a copy keeps each article's own)."""
        return sorted(r[0] for r in self.db.execute("SELECT DISTINCT tagger FROM entities"))

    def entities(self, article_ids: Sequence[str], tagger: str) -> dict[str, list[Entity]]:
        """Stored entity spans of these articles, where `tagger` tagged them."""
        found: dict[str, list[Entity]] = {}
        ids = list(dict.fromkeys(article_ids))
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            marks = ",".join("?" * len(part))
            rows = self.db.execute(
                f"SELECT article_id, spans FROM entities WHERE article_id IN ({marks})"
                " AND tagger = ?",
                [*part, tagger],
            )
            found.update((r["article_id"], decode(r["spans"])) for r in rows)
        return found

    def sentence_vectors(self, article_ids: Sequence[str]) -> dict[str, list[SentenceVector]]:
        """Stored sentence spans and vectors of these articles, in text order."""
        found: dict[str, list[SentenceVector]] = {}
        ids = list(dict.fromkeys(article_ids))
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            marks = ",".join("?" * len(part))
            rows = self.db.execute(
                'SELECT article_id, start, "end", vector FROM sentences'
                f" WHERE article_id IN ({marks}) ORDER BY article_id, start",
                part,
            )
            for r in rows:
                vector = np.frombuffer(r[3], dtype=np.float32)
                found.setdefault(r[0], []).append((r[1], r[2], vector))
        return found

    def replace_articles(
        self, items: Sequence[ArticleRows], ts: dict[str, float | None]
    ) -> set[str]:
        """Write articles with their chunks; returns the old chunk ids that are now gone."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        ids = [item.article.id for item in items]
        old = self.chunk_ids(ids)
        new = {c.id for item in items for c in item.chunks}
        with self.db:
            self._bump_generation()
            self.db.executemany(
                "INSERT INTO pending VALUES (?) ON CONFLICT DO NOTHING", [(c,) for c in old - new]
            )
            self._delete_rows(ids)
            for item in items:
                article, chunks, minhash = item.article, item.chunks, item.minhash
                self.db.executemany(
                    "INSERT OR REPLACE INTO sentences VALUES (?,?,?,?)",
                    [
                        (article.id, start, end, vector.astype(np.float32).tobytes())
                        for (start, end), vector in zip(item.sentences, item.vectors, strict=True)
                    ],
                )
                self.db.execute(
                    "INSERT INTO articles (id, title, source, source_key, author, url,"
                    " published_at, published_ts, category, text, content_hash, duplicate_of,"
                    " minhash, ingested_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        article.id,
                        article.title,
                        article.source,
                        article.source.lower(),
                        article.author,
                        article.url,
                        article.published_at,
                        ts.get(article.id),
                        article.category,
                        article.text,
                        article.content_hash,
                        article.duplicate_of,
                        minhash,
                        now,
                        article.updated_at,
                    ),
                )
                if item.entities is not None:
                    self.db.execute(
                        "INSERT INTO entities VALUES (?,?,?)",
                        (article.id, item.tagger, encode(item.entities)),
                    )
                vectors = item.chunk_vectors
                for n, c in enumerate(chunks):
                    blob = vectors[n].astype(np.float32).tobytes() if vectors is not None else None
                    cur = self.db.execute(
                        'INSERT INTO chunks (id, article_id, idx, start, "end", text, vector)'
                        " VALUES (?,?,?,?,?,?,?)",
                        (c.id, c.article_id, c.index, c.start, c.end, c.text, blob),
                    )
                    self.db.execute(
                        "INSERT INTO chunks_fts (rowid, title, text) VALUES (?,?,?)",
                        (cur.lastrowid, article.title, c.text),
                    )
        return old - new

    def delete_articles(self, article_ids: Sequence[str]) -> tuple[list[str], set[str]]:
        """Remove articles, chunks and keyword rows; returns (ids deleted, chunk ids removed)."""
        present = [a for a in article_ids if self.article(a) is not None]
        gone = self.chunk_ids(present)
        with self.db:
            self._bump_generation()
            self.db.executemany("INSERT OR IGNORE INTO pending VALUES (?)", [(c,) for c in gone])
            self._delete_rows(present)
        return present, gone

    def merge_keywords(self) -> int:
        """Merge the keyword index's segments into one, MERGE_PAGES of work a step for at most
        MERGE_SECONDS; returns the segments left. FTS5 writes each transaction as a segment
        and merges them only a level at a time, so a grown archive is read across several
        segments per word: on a 50,000-article index, eight segments made a question's
        keyword search p50 / p95 36 / 58 ms, one segment 20 / 35 ms (the rgb dev questions).
        The work left over carries to the next write run."""
        started = time.monotonic()
        while self._segments() > 1 and time.monotonic() - started < MERGE_SECONDS:
            before = self.db.total_changes
            with self.db:
                self.db.execute(
                    "INSERT INTO chunks_fts(chunks_fts, rank) VALUES ('merge', ?)", (-MERGE_PAGES,)
                )
            if self.db.total_changes - before <= 1:  # only its own row: nothing left to merge
                break
        return self._segments()

    def _segments(self) -> int:
        return int(
            self.db.execute("SELECT count(DISTINCT segid) FROM chunks_fts_idx").fetchone()[0]
        )

    def generation(self) -> tuple[int, int]:
        """(writes so far, pid of the last writer): a reader that saw other numbers reloads."""
        rows = dict(
            self.db.execute(
                "SELECT key, value FROM meta WHERE key IN ('generation', 'writer_pid')"
            ).fetchall()
        )
        return int(rows.get("generation", 0)), int(rows.get("writer_pid", 0))

    def _bump_generation(self) -> None:
        self.db.execute(
            "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT(key)"
            " DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('writer_pid', ?)", (str(os.getpid()),))

    # --- notes: votes and claims (no vectors, so no writer lock) ------------------------------
    def add_feedback(self, row: FeedbackRow) -> int:
        """Store a vote; the same `key` (one user's vote on one answer) replaces the earlier one.
        It is dated now, unless it carries its own time (a vote copied by `migrate`)."""
        now = row.created_at or datetime.now(UTC).isoformat(timespec="seconds")
        with self.db:
            cur = self.db.execute(
                "INSERT INTO feedback (created_at, vote, question, history, answer, user, channel,"
                " origin, key) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET"
                " vote = excluded.vote, created_at = excluded.created_at",
                (
                    now,
                    row.vote,
                    row.question,
                    row.history,
                    row.answer,
                    row.user,
                    row.channel,
                    row.origin,
                    row.key or None,
                ),
            )
        return int(cur.lastrowid or 0)

    def feedback(self, vote: int | None = None) -> list[FeedbackRow]:
        """Stored votes, oldest first; only those with `vote` when given."""
        where, params = ("WHERE vote = ?", [vote]) if vote is not None else ("", [])
        rows = self.db.execute(
            "SELECT id, created_at, vote, question, history, answer, user, channel, origin, key"
            f" FROM feedback {where} ORDER BY id",
            params,
        )
        return [feedback_row(r) for r in rows]

    def claim(self, key: str, keep_seconds: float = CLAIM_SECONDS) -> bool:
        """True for the first process (of any) to claim `key`; claims older than a day lapse."""
        now = time.time()
        with self.db:
            self.db.execute("DELETE FROM claims WHERE at < ?", (now - keep_seconds,))
            cur = self.db.execute("INSERT OR IGNORE INTO claims VALUES (?, ?)", (key, now))
        return cur.rowcount == 1

    def _delete_rows(self, article_ids: Sequence[str]) -> None:
        for article_id in article_ids:
            self.db.execute(
                "DELETE FROM chunks_fts WHERE rowid IN"
                " (SELECT rowid FROM chunks WHERE article_id = ?)",
                (article_id,),
            )
            self.db.execute("DELETE FROM chunks WHERE article_id = ?", (article_id,))
            self.db.execute("DELETE FROM sentences WHERE article_id = ?", (article_id,))
            self.db.execute("DELETE FROM entities WHERE article_id = ?", (article_id,))
            self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))


def feedback_row(row: NamedRow) -> FeedbackRow:
    """A vote as either backend's row (a mapping by column name) holds it."""
    return FeedbackRow(
        vote=row["vote"],
        question=row["question"],
        history=row["history"],
        answer=row["answer"],
        user=row["user"] or "",
        channel=row["channel"] or "",
        origin=row["origin"] or "",
        key=row["key"] or "",
        id=row["id"],
        created_at=row["created_at"],
    )


def article_of(row: NamedRow) -> Article:
    return Article(
        id=row["id"],
        text=row["text"],
        title=row["title"],
        source=row["source"],
        author=row["author"],
        url=row["url"],
        published_at=row["published_at"],
        category=row["category"],
        content_hash=row["content_hash"],
        duplicate_of=row["duplicate_of"] or "",
        updated_at=row["updated_at"] or "",
    )
