"""What only the PostgreSQL catalog has: its versioned schema, its advisory writer lock, claims
shared by processes, and keyword queries built from user text (a real throwaway cluster)."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from ingest import bm25
from ingest.models import Filters
from ingest.pg_catalog import WORK_MEM, PgCatalog
from ingest.pg_locking import PgWriterLock
from ingest.pg_schema import IMPACT, MIGRATIONS
from ingest.pipeline import ingest_paths
from ingest.store import Store
from newsdesk.cli import main
from newsdesk.errors import BackendUnavailable, StoreBusy, StoreConflict
from newsdesk.settings import Settings
from tests.conftest import FakeEmbedder
from tests.test_store import article, write_jsonl


def test_the_schema_is_made_once_and_a_newer_one_is_refused(postgres_database: str) -> None:
    PgCatalog(postgres_database).close()
    PgCatalog(postgres_database).close()  # a second process starting: nothing applied twice
    with psycopg.connect(postgres_database, autocommit=True) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_version")]
        assert versions == list(range(1, len(MIGRATIONS) + 1))
        conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (len(MIGRATIONS) + 1,))
    with pytest.raises(StoreConflict, match="upgrade newsdesk"):
        PgCatalog(postgres_database)


def test_keyword_search_has_the_memory_to_sum_postings_without_spilling(
    postgres_database: str,
) -> None:
    catalog = PgCatalog(postgres_database)
    try:
        assert catalog._rows("SHOW work_mem") == [(WORK_MEM,)]
    finally:
        catalog.close()


@pytest.mark.parametrize(
    ("question", "found"),
    [
        ("harbour's \"budget\" & | ! : * ( ) <-> \\ ''", True),
        ("HARBOURS of the council?", True),  # stemmed and case-folded like the stored text
        ("the of and", False),
        ("", False),
    ],
)
def test_keyword_queries_take_any_user_text(
    postgres_database: str, tmp_path: Path, question: str, found: bool
) -> None:
    settings = Settings(store=tmp_path / "s", chunk_max_tokens=40, database_url=postgres_database)
    store = Store(settings, FakeEmbedder())
    try:
        ingest_paths([write_jsonl(tmp_path / "a.jsonl", [article("a1")])], store)
        hits = store.keyword_search(question, 5)
        assert bool(hits) == found and all(i.startswith("a1#") for i, _ in hits)
        assert store.keyword_search(question, 5, Filters(source="Elsewhere")) == []
    finally:
        store.close()


def test_a_lost_database_connection_is_a_clear_error_and_the_next_call_reconnects(
    postgres_database: str, tmp_path: Path
) -> None:
    settings = Settings(store=tmp_path / "s", chunk_max_tokens=40, database_url=postgres_database)
    store = Store(settings, FakeEmbedder())
    try:
        ingest_paths([write_jsonl(tmp_path / "a.jsonl", [article("a1")])], store)
        with psycopg.connect(postgres_database, autocommit=True) as admin:  # as a restart would
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        with pytest.raises(BackendUnavailable, match="PostgreSQL catalog at 127.0.0.1:.* not"):
            store.keyword_search("harbour budget", 5)
        assert [i.split("#")[0] for i, _ in store.keyword_search("harbour budget", 5)] == ["a1"]
    finally:
        store.close()


def test_a_message_is_claimed_by_one_process_only(postgres_database: str) -> None:
    first, second = PgCatalog(postgres_database), PgCatalog(postgres_database)
    try:
        assert first.claim("C1:1.2") and not second.claim("C1:1.2")
        assert second.claim("C1:1.3")
        assert first.claim("C1:1.2", keep_seconds=-1)  # an old claim lapses
    finally:
        first.close()
        second.close()


HOLD_LOCK = """
import sys, time
from ingest.pg_locking import PgWriterLock
with PgWriterLock(sys.argv[1], 0).hold():
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_killed_writer_leaves_the_lock_free(postgres_database: str) -> None:
    root = Path(__file__).resolve().parents[1]
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, postgres_database],
        cwd=root,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        lock = PgWriterLock(postgres_database, 0)
        with pytest.raises(StoreBusy, match=rf"\(pid {child.pid} on \S+\)"), lock.hold():
            pass
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        with PgWriterLock(postgres_database, 10).hold() as first:  # the server dropped it
            assert first
    finally:
        child.kill()
        child.wait()


def test_commands_name_the_database_without_its_password(
    postgres_cluster: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = postgres_cluster.replace("@", ":s3cret@") + "/postgres"
    assert main(["--store", str(tmp_path), "--database-url", url, "articles"]) == 1
    err = capsys.readouterr().err
    assert "no store at postgresql://127.0.0.1:" in err and "s3cret" not in err


# The postings as the tsvectors say they must be (pg_schema V2): each chunk's lexemes, a title
# position weighing 0.5 and a body one 1.0, and the chunk's count of distinct lexemes.
FROM_TERMS = (
    "SELECT c.id, u.lexeme,"
    " (SELECT sum(CASE w WHEN 'B' THEN 0.5 ELSE 1.0 END) FROM unnest(u.weights) w)::real,"
    " length(c.terms) FROM chunks c, unnest(c.terms) u"
)


def postings(url: str) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
    """(the postings table, the postings made from the chunks' tsvectors)."""
    with psycopg.connect(url) as conn:
        held = {tuple(r) for r in conn.execute("SELECT chunk_id, lexeme, tf, length FROM postings")}
        made = {tuple(r) for r in conn.execute(FROM_TERMS)}
    return held, made


def random_articles(n: int, seed: int) -> list[dict[str, str]]:
    """Articles of words drawn from a Zipf-like vocabulary: a few common words, many rare ones."""
    rng = random.Random(seed)
    vocabulary = [f"{a}{b}" for a in ("tor", "mel", "qua", "zir", "vash") for b in "aeiouy"]
    weights = [1 / (i + 1) for i in range(len(vocabulary))]
    return [
        article(
            f"r{i}",
            " ".join(
                " ".join(rng.choices(vocabulary, weights, k=rng.randint(4, 12))).capitalize() + "."
                for _ in range(rng.randint(2, 6))
            ),
        )
        for i in range(n)
    ]


def test_postings_follow_every_write_and_rank_as_the_tsvectors_do(
    postgres_database: str, tmp_path: Path
) -> None:
    settings = Settings(store=tmp_path / "s", chunk_max_tokens=40, database_url=postgres_database)
    store = Store(settings, FakeEmbedder())
    try:
        records = random_articles(40, seed=7)
        ingest_paths([write_jsonl(tmp_path / "a.jsonl", records)], store)
        records[0] = article("r0", "Vashu torya melo. Zirya quae vashu.")  # an update
        ingest_paths([write_jsonl(tmp_path / "b.jsonl", records)], store)
        store.delete(["r1"])
        held, made = postings(postgres_database)
        assert held == made and len(held) > 100
        assert not any(str(chunk).startswith("r1#") for chunk, *_ in held)

        # every chunk ranked from the tsvectors, against keyword search's shortcut
        lengths = {r[0]: int(r[3]) for r in made}  # type: ignore[call-overload]
        total, average = len(lengths), sum(lengths.values()) / len(lengths)
        for question in ("vashu torya melo", "quae zirya", "tore meli vashy"):
            words = store.catalog._lexemes(question.split())  # type: ignore[attr-defined]
            counts = {w: sum(1 for r in made if r[1] == w) for w in words}
            words = [w for w in words if counts[w] and 2 * counts[w] < total]
            scores: dict[str, float] = {}
            for chunk, lexeme, tf, length in made:
                if lexeme in words:
                    norm = bm25.K1 * (1 - bm25.B + bm25.B * float(length) / average)  # type: ignore[arg-type]
                    weight = bm25.idf(total, counts[lexeme]) * (bm25.K1 + 1)
                    scores[str(chunk)] = scores.get(str(chunk), 0.0) + weight * tf / (tf + norm)  # type: ignore[operator]
            best = sorted(scores.items(), key=lambda r: (-r[1], r[0]))[:5]
            found = store.keyword_search(question, 5)
            assert [c for c, _ in found] == [c for c, _ in best], question
            assert [round(s, 6) for _, s in found] == [round(s, 6) for _, s in best]
    finally:
        store.close()


def test_an_older_schema_is_upgraded_with_its_postings(postgres_database: str) -> None:
    with psycopg.connect(postgres_database, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY,"
            " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        conn.execute(MIGRATIONS[0])
        conn.execute("INSERT INTO schema_version (version) VALUES (1)")
        conn.execute(
            'INSERT INTO chunks (id, article_id, idx, start, "end", title, text)'
            " VALUES ('x#0', 'x', 0, 0, 30, 'Harbour budget', 'The harbour budget was cut twice.')"
        )
    PgCatalog(postgres_database).close()
    held, made = postings(postgres_database)
    assert held == made and ("x#0", "harbour", 1.5, 4) in held  # title 0.5 + body 1.0; 4 lexemes


def test_a_common_word_is_read_best_postings_first_from_its_impact_index(
    postgres_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(store=tmp_path / "s", database_url=postgres_database)
    store = Store(settings, FakeEmbedder())
    try:
        filler = " ".join(f"word{i}" for i in range(30))
        records = [  # "harbour" once in a long chunk, up to three times in short ones
            article(f"h{n}", f"Harbour {'harbour ' * (n % 3)}news {filler if n % 2 else ''}.")
            for n in range(6)
        ] + [article(f"o{n}", f"Other news {n} of the council.") for n in range(8)]
        ingest_paths([write_jsonl(tmp_path / "a.jsonl", records)], store)
        whole = store.keyword_search("harbour", 10)
        assert len(whole) == 6
        monkeypatch.setattr("ingest.pg_catalog.TERM_POSTINGS", 2)
        best = store.keyword_search("harbour", 10)
        assert [c for c, _ in best] == [c for c, _ in whole[:2]], "the two highest-scoring"
        with psycopg.connect(postgres_database, autocommit=True) as conn:
            conn.execute("SET enable_seqscan = off")
            plan = "\n".join(
                r[0]
                for r in conn.execute(
                    "EXPLAIN SELECT chunk_id FROM postings WHERE lexeme = 'harbour'"
                    f" ORDER BY {IMPACT} DESC LIMIT 2"
                )
            )
        assert "postings_impact" in plan and "Sort" not in plan, plan
    finally:
        store.close()
