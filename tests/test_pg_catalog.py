"""What only the PostgreSQL catalog has: its versioned schema, its advisory writer lock, claims
shared by processes, and keyword queries built from user text (a real throwaway cluster)."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from ingest.models import Filters
from ingest.pg_catalog import PgCatalog
from ingest.pg_locking import PgWriterLock
from ingest.pg_schema import MIGRATIONS
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
