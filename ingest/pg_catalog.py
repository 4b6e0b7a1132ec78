"""The catalog on PostgreSQL: what `Catalog` keeps in SQLite, shared by processes on many
machines. Same methods, same meaning; the keyword index is a `tsvector` column and its postings,
ranked with BM25 as FTS5 ranks (ingest.bm25; PostgreSQL's stemmer and lexemes differ a little from
FTS5's). Every PostgreSQL query of the catalog is in this module; the schema is in pg_schema.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from ingest import bm25
from ingest.catalog import (
    CACHED_WORDS,
    LEGACY_COLLECTION,
    ArticleRows,
    SentenceVector,
    StoreIdentity,
    article_of,
    feedback_row,
)
from ingest.encoders import FLOAT_SPACE
from ingest.entities import Entity, decode, encode
from ingest.filters import filter_sql
from ingest.models import Article, Filters, StoredChunk
from ingest.notes import CLAIM_SECONDS, FeedbackRow
from ingest.pg_schema import IMPACT, holds_store, migrate
from ingest.terms import content_words
from newsdesk.errors import BackendUnavailable

if TYPE_CHECKING:
    import psycopg
    from psycopg_pool import ConnectionPool

POOL_SIZE = 8  # connections per process: request threads, the writer and the watch loop
CONNECT_TIMEOUT_S = 10.0
# Memory for each sort or hash of a query on these connections. Keyword search sums a question's
# postings per chunk in a hash; at PostgreSQL's default (4MB) that hash spilled to disk on a
# 150,000-chunk index (5 batches), and the rgb dev questions' keyword search there read p50 / p95
# 94-101 / 181-212 ms against 65-84 / 130-153 ms at 16-128MB. At most POOL_SIZE such hashes at
# once per process.
WORK_MEM = "32MB"
# Postings read per word by an unfiltered keyword search, best impact first (pg_schema V3): a
# word in more chunks than this adds only its smallest scores beyond them, and stops making each
# search slower as the archive grows. Every word of the eval corpora (up to ~2,000 chunks) is read
# whole: a word in half the chunks or more is left out before (bm25.idf).
TERM_POSTINGS = 1000
ARTICLE_COLUMNS = (
    "id, title, source, source_key, author, url, published_at, published_ts, category, text,"
    " content_hash, duplicate_of, minhash, ingested_at, updated_at"
)


def where(url: str) -> str:
    """host:port/dbname of a database URL, without its user or password (for messages)."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(url)
    except Exception:
        return "(an unreadable database URL)"
    return f"{parts.get('host', 'localhost')}:{parts.get('port', 5432)}/{parts.get('dbname', '')}"


def unavailable(url: str, exc: BaseException) -> BackendUnavailable:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return BackendUnavailable(f"the PostgreSQL catalog at {where(url)} is not answering ({first})")


def database_holds_store(url: str) -> bool:
    """Whether the database at `url` holds a store (BackendUnavailable if it can't be reached)."""
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=int(CONNECT_TIMEOUT_S)) as conn:
            return holds_store(conn)
    except psycopg.OperationalError as exc:
        raise unavailable(url, exc) from exc


class PgCatalog:
    """Articles and chunks in a PostgreSQL database, through a pool of connections.

    Each call takes a connection for itself (autocommit; writes open one transaction), so
    request handlers and the ingest writer thread never share a transaction, as with SQLite.
    """

    def __init__(self, url: str) -> None:
        from psycopg_pool import ConnectionPool, PoolTimeout

        self.url = url
        self._lexeme_cache: dict[str, list[str]] = {}
        self._stats: tuple[int, int, float, dict[str, int]] | None = None
        self._pool: ConnectionPool = ConnectionPool(
            url,
            min_size=1,
            max_size=POOL_SIZE,
            kwargs={"autocommit": True, "options": f"-c work_mem={WORK_MEM}"},
            open=True,
            name="newsdesk-catalog",
            timeout=CONNECT_TIMEOUT_S,
        )
        try:
            self._pool.wait(timeout=CONNECT_TIMEOUT_S)
            with self._conn() as conn:
                migrate(conn)
        except PoolTimeout as exc:
            self._pool.close()
            raise unavailable(url, exc) from exc
        except BaseException:
            self._pool.close()
            raise

    @contextmanager
    def _conn(self) -> Iterator[psycopg.Connection]:
        """A pooled connection; a server that stops answering mid-run (connection lost, shut
        down, no free connection within CONNECT_TIMEOUT_S) raises BackendUnavailable, which the
        API answers with 503 and ingest reports, as for a Chroma server. Other database errors
        (a bug's bad SQL, a constraint) keep their own type."""
        import psycopg
        from psycopg_pool import PoolTimeout

        try:
            with self._pool.connection() as conn:
                yield conn
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise unavailable(self.url, exc) from exc

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._conn() as conn:
            return conn.execute(sql, params).fetchall()

    def _run(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._conn() as conn:
            conn.execute(sql, params)

    def _named(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        from psycopg.rows import dict_row

        with self._conn() as conn, conn.cursor(row_factory=dict_row) as cur:
            return cur.execute(sql, params).fetchall()

    def _count(self, sql: str) -> int:
        return int(self._rows(sql)[0][0])

    def close(self) -> None:
        self._pool.close()

    def identity(self, new_collection: str, legacy: bool) -> StoreIdentity:
        """The store's id and collection, made on first use; a legacy store keeps its collection."""
        known = dict(self._rows("SELECT key, value FROM meta"))
        if "store_id" not in known:
            store_id = uuid.uuid4().hex
            default = LEGACY_COLLECTION if legacy else f"newsdesk-{store_id}"
            with self._conn() as conn, conn.transaction(), conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO meta VALUES (%s, %s) ON CONFLICT DO NOTHING",
                    [("store_id", store_id), ("collection", new_collection or default)],
                )
            known = dict(self._rows("SELECT key, value FROM meta"))
        return StoreIdentity(known["store_id"], known["collection"])

    def encoder(self) -> str:
        """The vector space of the store's vectors ("" before any)."""
        rows = self._rows("SELECT value FROM meta WHERE key = 'encoder'")
        return str(rows[0][0]) if rows else (FLOAT_SPACE if self.article_count() else "")

    def record_encoder(self, space: str) -> None:
        self._run("INSERT INTO meta VALUES ('encoder', %s) ON CONFLICT DO NOTHING", [space])

    def article_count(self) -> int:
        return self._count("SELECT count(*) FROM articles")

    # --- reads -------------------------------------------------------------------------------
    def hashes(self, ids: Iterable[str]) -> dict[str, str]:
        rows = self._rows("SELECT id, content_hash FROM articles WHERE id = ANY(%s)", [list(ids)])
        return {r[0]: r[1] for r in rows}

    def article(self, article_id: str) -> Article | None:
        rows = self._named(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = %s", [article_id])
        return article_of(rows[0]) if rows else None

    def articles(self) -> list[Article]:
        # byte order and empty-last NULLs, as SQLite sorts
        rows = self._named(
            f"SELECT {ARTICLE_COLUMNS} FROM articles"
            ' ORDER BY published_at COLLATE "C" DESC NULLS LAST, id COLLATE "C"'
        )
        return [article_of(r) for r in rows]

    def sources(self) -> list[str]:
        rows = self._rows("SELECT DISTINCT source FROM articles WHERE source != ''")
        return sorted(r[0] for r in rows)

    def minhashes(self) -> list[tuple[str, bytes]]:
        return [(r[0], bytes(r[1])) for r in self._rows("SELECT id, minhash FROM articles")]

    def chunk_ids(self, article_ids: Sequence[str] | None = None) -> set[str]:
        if article_ids is None:
            return {r[0] for r in self._rows("SELECT id FROM chunks")}
        rows = self._rows("SELECT id FROM chunks WHERE article_id = ANY(%s)", [list(article_ids)])
        return {r[0] for r in rows}

    def chunk_vectors(self, chunk_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of these chunks (chunks written without vectors: none)."""
        rows = self._rows(
            "SELECT id, vector FROM chunks WHERE id = ANY(%s) AND vector IS NOT NULL",
            [list(chunk_ids)],
        )
        return {r[0]: np.frombuffer(bytes(r[1]), dtype=np.float32) for r in rows}

    def chunk_count(self) -> int:
        return self._count("SELECT count(*) FROM chunks")

    def fts_count(self) -> int:
        """Chunks in the keyword index: those with terms (all, as the column is generated)."""
        return self._count("SELECT count(terms) FROM chunks")

    def stored_chunks(self, chunk_ids: Sequence[str]) -> dict[str, StoredChunk]:
        rows = self._rows(
            'SELECT c.id, c.article_id, c.idx, c.text, c.start, c."end", a.title, a.source,'
            " a.url, a.published_at, a.duplicate_of FROM chunks c JOIN articles a"
            " ON a.id = c.article_id WHERE c.id = ANY(%s)",
            [list(chunk_ids)],
        )
        return {r[0]: StoredChunk(*r) for r in rows}

    def keyword_search(self, text: str, k: int, filters: Filters) -> list[tuple[str, float]]:
        """(chunk id, BM25 score, higher is better) for the best `k` chunks matching `text`.

        BM25 as FTS5 computes it (ingest.bm25), over the lexemes of each chunk's tsvector
        (kept as postings): a lexeme's tf counts each title position 0.5 and each body one 1.0,
        and a chunk's length is its count of distinct lexemes. Every chunk holding one of the
        question's lexemes is ranked, as FTS5 ranks, read from the postings index alone."""
        terms = self._lexemes(content_words(text))
        if not terms:
            return []
        total, average, counts = self._term_stats(terms)
        present = [t for t in terms if counts[t]]
        # a lexeme in half the chunks or more scores ~0 (bm25.idf): left out, as in SQLite
        present = [t for t in present if 2 * counts[t] < total] or present
        present = bm25.rarest_within(present, counts, bm25.KEYWORD_POSTINGS)
        if not present:
            return []
        where_sql, params = filter_sql(filters, mark="%s")
        if where_sql:  # every posting of each word, then the filter
            source = (
                " JOIN postings p ON p.lexeme = q.lexeme"
                " JOIN chunks c ON c.id = p.chunk_id JOIN articles a ON a.id = c.article_id"
                f" WHERE true{where_sql}"
            )
        else:  # each word's TERM_POSTINGS best, from the impact index
            source = (
                " CROSS JOIN LATERAL (SELECT chunk_id, tf, length FROM postings"
                f" WHERE lexeme = q.lexeme ORDER BY {IMPACT} DESC LIMIT {TERM_POSTINGS}) p"
            )
        rows = self._rows(
            "SELECT p.chunk_id,"
            " sum(q.idf * p.tf * %s / (p.tf + %s * (1 - %s + %s * p.length / %s))) AS score"
            f" FROM unnest(%s::text[], %s::float8[]) q(lexeme, idf){source}"
            ' GROUP BY p.chunk_id ORDER BY score DESC, p.chunk_id COLLATE "C" LIMIT %s',
            [
                bm25.K1 + 1,
                bm25.K1,
                bm25.B,
                bm25.B,
                average,
                present,
                [bm25.idf(total, counts[t]) for t in present],
                *params,
                k,
            ],
        )
        return [(r[0], float(r[1])) for r in rows]

    def _lexemes(self, words: Sequence[str]) -> list[str]:
        """The lexemes of these words under the column's config ('english': stemmed; a stop
        word has none, "covid-19" has three), each once."""
        missing = [w for w in words if w not in self._lexeme_cache]
        if len(self._lexeme_cache) > CACHED_WORDS:  # whatever users type: memory stays bounded
            self._lexeme_cache.clear()
        if missing:
            rows = self._rows(
                "SELECT w, array(SELECT lexeme FROM unnest(to_tsvector('english', w)))"
                " FROM unnest(%s::text[]) AS w",
                [missing],
            )
            self._lexeme_cache.update({r[0]: list(r[1]) for r in rows})
        return list(dict.fromkeys(t for w in words for t in self._lexeme_cache.get(w, [])))

    def _term_stats(self, terms: Sequence[str]) -> tuple[int, float, dict[str, int]]:
        """(chunks, their mean length in lexemes, chunks holding each term), kept until the
        next write anywhere (the generation)."""
        generation = self.generation()[0]
        stats = self._stats
        if stats is None or stats[0] != generation or len(stats[3]) > CACHED_WORDS:
            total, average = self._rows(
                "SELECT count(*), coalesce(avg(length(terms)), 0) FROM chunks"
            )[0]
            stats = self._stats = (generation, int(total), float(average), {})
        _, total, average, counts = stats
        for term in terms:
            if term not in counts:
                counts[term] = self._count_matching(term)
        return total, max(average, 1.0), {t: counts[t] for t in terms}

    def _count_matching(self, term: str) -> int:
        rows = self._rows("SELECT count(*) FROM postings WHERE lexeme = %s", [term])
        return int(rows[0][0])

    # --- the write journal --------------------------------------------------------------------
    def pending(self) -> set[str]:
        return {r[0] for r in self._rows("SELECT chunk_id FROM pending")}

    def add_pending(self, chunk_ids: Iterable[str]) -> None:
        self._run(
            "INSERT INTO pending SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
            [list(chunk_ids)],
        )

    def clear_pending(self, chunk_ids: Iterable[str]) -> None:
        self._run("DELETE FROM pending WHERE chunk_id = ANY(%s)", [list(chunk_ids)])

    # --- writes (each call is one transaction) ------------------------------------------------
    def tagged(self, article_ids: Sequence[str], tagger: str) -> set[str]:
        """Those of these articles whose entities `tagger` stored."""
        rows = self._rows(
            "SELECT article_id FROM entities WHERE article_id = ANY(%s) AND tagger = %s",
            [list(article_ids), tagger],
        )
        return {r[0] for r in rows}

    def put_entities(self, spans: dict[str, Sequence[Entity]], tagger: str) -> None:
        """Store (or replace) the entity spans of articles already stored."""
        with self._conn() as conn, conn.transaction(), conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO entities VALUES (%s, %s, %s) ON CONFLICT (article_id)"
                " DO UPDATE SET tagger = EXCLUDED.tagger, spans = EXCLUDED.spans",
                [(article_id, tagger, encode(found)) for article_id, found in spans.items()],
            )

    def entities(self, article_ids: Sequence[str], tagger: str) -> dict[str, list[Entity]]:
        """Stored entity spans of these articles, where `tagger` tagged them."""
        rows = self._rows(
            "SELECT article_id, spans FROM entities WHERE article_id = ANY(%s) AND tagger = %s",
            [list(article_ids), tagger],
        )
        return {r[0]: decode(r[1]) for r in rows}

    def sentence_vectors(self, article_ids: Sequence[str]) -> dict[str, list[SentenceVector]]:
        """Stored sentence spans and vectors of these articles, in text order."""
        rows = self._rows(
            'SELECT article_id, start, "end", vector FROM sentences'
            " WHERE article_id = ANY(%s) ORDER BY article_id, start",
            [list(article_ids)],
        )
        found: dict[str, list[SentenceVector]] = {}
        for r in rows:
            vector = np.frombuffer(bytes(r[3]), dtype=np.float32)
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
        with self._conn() as conn, conn.transaction(), conn.cursor() as cur:
            _bump_generation(cur)
            cur.execute(
                "INSERT INTO pending SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
                [sorted(old - new)],
            )
            _delete_rows(cur, ids)
            for item in items:
                _insert_article(cur, item, ts.get(item.article.id), now)
        return old - new

    def delete_articles(self, article_ids: Sequence[str]) -> tuple[list[str], set[str]]:
        """Remove articles, chunks and keyword rows; returns (ids deleted, chunk ids removed)."""
        stored = {
            r[0]
            for r in self._rows("SELECT id FROM articles WHERE id = ANY(%s)", [list(article_ids)])
        }
        present = [a for a in article_ids if a in stored]
        gone = self.chunk_ids(present)
        with self._conn() as conn, conn.transaction(), conn.cursor() as cur:
            _bump_generation(cur)
            cur.execute(
                "INSERT INTO pending SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
                [sorted(gone)],
            )
            _delete_rows(cur, present)
        return present, gone

    def merge_keywords(self) -> int:
        """Nothing to merge: the postings are one b-tree (see the SQLite catalog's)."""
        return 1

    def generation(self) -> tuple[int, int]:
        """(writes so far, pid of the last writer): a reader that saw other numbers reloads."""
        rows = dict(
            self._rows("SELECT key, value FROM meta WHERE key IN ('generation', 'writer_pid')")
        )
        return int(rows.get("generation", 0)), int(rows.get("writer_pid", 0))

    # --- notes: votes and claims (no vectors, so no writer lock) ------------------------------
    def add_feedback(self, row: FeedbackRow) -> int:
        """Store a vote; the same `key` (one user's vote on one answer) replaces the earlier one.
        It is dated now, unless it carries its own time (a vote copied by `migrate`)."""
        now = row.created_at or datetime.now(UTC).isoformat(timespec="seconds")
        rows = self._rows(
            'INSERT INTO feedback (created_at, vote, question, history, answer, "user", channel,'
            " origin, key) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s) ON CONFLICT (key) DO UPDATE SET"
            " vote = EXCLUDED.vote, created_at = EXCLUDED.created_at RETURNING id",
            [
                now,
                row.vote,
                row.question,
                row.history,
                row.answer,
                row.user,
                row.channel,
                row.origin,
                row.key or None,
            ],
        )
        return int(rows[0][0])

    def feedback(self, vote: int | None = None) -> list[FeedbackRow]:
        """Stored votes, oldest first; only those with `vote` when given."""
        where_sql, params = ("WHERE vote = %s", [vote]) if vote is not None else ("", [])
        rows = self._named(
            'SELECT id, created_at, vote, question, history, answer, "user", channel, origin, key'
            f" FROM feedback {where_sql} ORDER BY id",
            params,
        )
        return [feedback_row(r) for r in rows]

    def claim(self, key: str, keep_seconds: float = CLAIM_SECONDS) -> bool:
        """True for the first process (of any) to claim `key`; claims older than a day lapse."""
        now = time.time()
        with self._conn() as conn, conn.transaction():
            conn.execute("DELETE FROM claims WHERE at < %s", [now - keep_seconds])
            cur = conn.execute(
                "INSERT INTO claims VALUES (%s, %s) ON CONFLICT DO NOTHING", [key, now]
            )
            return cur.rowcount == 1

    def taggers(self) -> list[str]:
        """Every tagger whose entity spans the store holds (a copy keeps each article's own)."""
        return sorted(r[0] for r in self._rows("SELECT DISTINCT tagger FROM entities"))


def _bump_generation(cur: psycopg.Cursor[Any]) -> None:
    cur.execute(
        "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT (key)"
        " DO UPDATE SET value = (meta.value::bigint + 1)::text"
    )
    cur.execute(
        "INSERT INTO meta VALUES ('writer_pid', %s) ON CONFLICT (key)"
        " DO UPDATE SET value = EXCLUDED.value",
        [str(os.getpid())],
    )


def _delete_rows(cur: psycopg.Cursor[Any], article_ids: Sequence[str]) -> None:
    ids = list(article_ids)
    cur.execute("DELETE FROM chunks WHERE article_id = ANY(%s)", [ids])
    cur.execute("DELETE FROM sentences WHERE article_id = ANY(%s)", [ids])
    cur.execute("DELETE FROM entities WHERE article_id = ANY(%s)", [ids])
    cur.execute("DELETE FROM articles WHERE id = ANY(%s)", [ids])


def _insert_article(
    cur: psycopg.Cursor[Any], item: ArticleRows, published_ts: float | None, now: str
) -> None:
    article = item.article
    cur.executemany(
        "INSERT INTO sentences VALUES (%s, %s, %s, %s) ON CONFLICT (article_id, start) DO UPDATE"
        ' SET "end" = EXCLUDED."end", vector = EXCLUDED.vector',
        [
            (article.id, start, end, vector.astype(np.float32).tobytes())
            for (start, end), vector in zip(item.sentences, item.vectors, strict=True)
        ],
    )
    cur.execute(
        f"INSERT INTO articles ({ARTICLE_COLUMNS}) VALUES"
        " (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
        [
            article.id,
            article.title,
            article.source,
            article.source.lower(),
            article.author,
            article.url,
            article.published_at,
            published_ts,
            article.category,
            article.text,
            article.content_hash,
            article.duplicate_of,
            item.minhash,
            now,
            article.updated_at,
        ],
    )
    if item.entities is not None:
        cur.execute(
            "INSERT INTO entities VALUES (%s, %s, %s)",
            [article.id, item.tagger, encode(item.entities)],
        )
    vectors = item.chunk_vectors
    cur.executemany(
        'INSERT INTO chunks (id, article_id, idx, start, "end", title, text, vector)'
        " VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
        [
            (
                c.id,
                c.article_id,
                c.index,
                c.start,
                c.end,
                article.title or "",
                c.text,
                vectors[n].astype(np.float32).tobytes() if vectors is not None else None,
            )
            for n, c in enumerate(item.chunks)
        ],
    )
