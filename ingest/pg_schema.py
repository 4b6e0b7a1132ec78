"""The PostgreSQL catalog's schema, made and versioned by the app: an ordered list of migrations,
each applied once, in one transaction, under an advisory lock (many processes may start at once).

The tables mirror the SQLite catalog's (ingest/catalog.py); the keyword index is a generated
`tsvector` column of each chunk and a postings table made from it (V2), instead of an FTS5 table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsdesk.errors import StoreConflict

if TYPE_CHECKING:
    import psycopg

MIGRATION_LOCK_KEY = 0x6E657774  # an advisory lock key of its own (the writer's is "news")

# The title's words count half as much as the text's, as bm25(chunks_fts, 0.5, 1.0) weighs them:
# title in class B, text in class A, and keyword search ranks with weights {D, C, B, A}.
V1 = """
CREATE TABLE articles (
    id TEXT PRIMARY KEY, title TEXT, source TEXT, source_key TEXT, author TEXT, url TEXT,
    published_at TEXT, published_ts DOUBLE PRECISION, category TEXT, text TEXT NOT NULL,
    content_hash TEXT NOT NULL, duplicate_of TEXT DEFAULT '', minhash BYTEA, ingested_at TEXT,
    updated_at TEXT
);
CREATE INDEX articles_source ON articles(source_key);
CREATE INDEX articles_published ON articles(published_ts);
CREATE TABLE chunks (
    id TEXT PRIMARY KEY, article_id TEXT NOT NULL, idx INTEGER NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, title TEXT NOT NULL DEFAULT '', text TEXT NOT NULL, vector BYTEA,
    terms TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'B')
        || setweight(to_tsvector('english', text), 'A')
    ) STORED
);
CREATE INDEX chunks_article ON chunks(article_id);
CREATE INDEX chunks_terms ON chunks USING GIN (terms);
CREATE TABLE sentences (
    article_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, vector BYTEA,
    PRIMARY KEY (article_id, start)
);
CREATE TABLE entities (article_id TEXT PRIMARY KEY, tagger TEXT NOT NULL, spans TEXT NOT NULL);
CREATE TABLE pending (chunk_id TEXT PRIMARY KEY);
CREATE TABLE feedback (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, created_at TEXT NOT NULL,
    vote INTEGER NOT NULL, question TEXT NOT NULL, history TEXT NOT NULL, answer TEXT NOT NULL,
    "user" TEXT, channel TEXT, origin TEXT, key TEXT UNIQUE
);
CREATE TABLE claims (key TEXT PRIMARY KEY, at DOUBLE PRECISION NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
# Postings: each chunk's lexemes with their weighted term frequency (a title position counts 0.5,
# FTS5's column weight in ingest.catalog; a body one 1.0) and the chunk's length in distinct
# lexemes, so keyword search reads a word's chunks, tf and lengths from one index (an index-only
# scan) instead of unnesting each chunk's tsvector (53 ms for 2,300 chunks on a 30k-chunk
# archive). Triggers keep them equal to `terms` on every write path (ingest, update, delete,
# migrate); the GIN index, which only keyword search read, goes.
V2 = """
CREATE TABLE postings (
    chunk_id TEXT NOT NULL, lexeme TEXT NOT NULL, tf REAL NOT NULL, length INTEGER NOT NULL,
    PRIMARY KEY (chunk_id, lexeme)
);
CREATE INDEX postings_lexeme ON postings(lexeme) INCLUDE (chunk_id, tf, length);
CREATE FUNCTION chunk_postings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM postings WHERE chunk_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO postings
        SELECT NEW.id, u.lexeme,
               coalesce((SELECT sum(CASE w WHEN 'B' THEN 0.5 ELSE 1.0 END)
                         FROM unnest(u.weights) w), 1.0),
               length(NEW.terms)
        FROM unnest(NEW.terms) u;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER chunks_postings_insert AFTER INSERT ON chunks
    FOR EACH ROW EXECUTE FUNCTION chunk_postings();
CREATE TRIGGER chunks_postings_delete AFTER DELETE ON chunks
    FOR EACH ROW EXECUTE FUNCTION chunk_postings();
CREATE TRIGGER chunks_postings_update AFTER UPDATE OF id, title, text ON chunks
    FOR EACH ROW EXECUTE FUNCTION chunk_postings();
INSERT INTO postings
SELECT c.id, u.lexeme,
       coalesce((SELECT sum(CASE w WHEN 'B' THEN 0.5 ELSE 1.0 END) FROM unnest(u.weights) w), 1.0),
       length(c.terms)
FROM chunks c, unnest(c.terms) u;
DROP INDEX chunks_terms;
"""
# V3: a word's postings in order of their impact (BM25's tf factor at a typical chunk length),
# so keyword search can read a very common word's best postings first and stop (pg_catalog:
# TERM_POSTINGS), and its cost stops growing with the archive. IMPACT is written once here and
# in the query, identically: the planner matches the expression to use the index.
IMPACT = "(tf / (tf + 1.2 * (0.25 + 0.75 * length / 64.0)))"
V3 = f"""
CREATE INDEX postings_impact ON postings(lexeme, {IMPACT} DESC) INCLUDE (chunk_id, tf, length);
DROP INDEX postings_lexeme;
"""
MIGRATIONS: list[str] = [V1, V2, V3]  # append only: version n is MIGRATIONS[n - 1]


def migrate(conn: psycopg.Connection) -> int:
    """Bring the schema up to date; returns its version. A newer schema than this code knows
    is refused (an older newsdesk must not write to it)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK_KEY,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
            " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
        current = int(row[0]) if row else 0
        if current > len(MIGRATIONS):
            raise StoreConflict(
                f"this catalog's schema is version {current}, and this newsdesk knows up to"
                f" {len(MIGRATIONS)}: upgrade newsdesk to use it"
            )
        for version, ddl in enumerate(MIGRATIONS[current:], start=current + 1):
            conn.execute(ddl)  # several statements: allowed without parameters
            conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))
    return len(MIGRATIONS)


def holds_store(conn: psycopg.Connection) -> bool:
    """Whether this database holds a store (its identity is made on first open)."""
    row = conn.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()
    if not (row and row[0]):
        return False
    return conn.execute("SELECT 1 FROM meta WHERE key = 'store_id'").fetchone() is not None
