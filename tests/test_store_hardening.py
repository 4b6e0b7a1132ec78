"""What an operator does wrong or at the same time: readers during writes, two writers, two
stores on one Chroma server, damaged indexes, a dying server, bad dates, bytes and sizes."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from ingest import pipeline
from ingest.models import Filters
from ingest.normalize import FutureDate, normalise_date
from ingest.pipeline import ingest_paths
from ingest.store import Store
from newsdesk.cli import main
from newsdesk.errors import InputError, StoreBusy, StoreConflict
from newsdesk.settings import Settings
from qa.service import QAService
from tests.conftest import FakeEmbedder, run_catalog_sql
from tests.test_store import STORY, article, consistent, write_jsonl


def corpus(tmp_path: Path, n: int, name: str = "c.jsonl") -> Path:
    bodies = [STORY.replace("harbour", f"harbour {i}") for i in range(n)]
    return write_jsonl(tmp_path / name, [article(f"a{i}", b) for i, b in enumerate(bodies)])


# --- 1. readers never replay a live writer's journal; damaged stores are repaired -------------
def test_a_store_opened_during_a_write_keeps_the_writers_vectors(
    tmp_path: Path, settings: Settings, embedder: FakeEmbedder
) -> None:
    writer = Store(settings, embedder)
    ingest_paths([corpus(tmp_path, 1)], writer)
    with writer.writing():  # mid-write: vectors in Chroma, catalog rows not yet committed
        writer.catalog.add_pending(["inflight#0:x"])
        writer.vectors.upsert(["inflight#0:x"], np.ones((1, 64), np.float32), [{"article_id": "i"}])
        reader = Store(settings, embedder, create=False)
        reader.articles()
        assert "inflight#0:x" in writer.vectors.all_ids(), "a reader undid a live write"
        reader.close()
    writer.close()


def test_the_next_ingest_repairs_chunks_without_vectors(
    tmp_path: Path, store: Store, embedder: FakeEmbedder
) -> None:
    src = corpus(tmp_path, 3)
    ingest_paths([src], store)
    lost = sorted(store.catalog.chunk_ids(["a1"]))
    store.vectors.delete(lost)
    report = ingest_paths([src], store)
    assert (report.unchanged, report.repaired, report.added) == (2, 1, 0)
    consistent(store)


def test_the_next_ingest_removes_vectors_no_chunk_owns(
    tmp_path: Path, store: Store, embedder: FakeEmbedder
) -> None:
    src = corpus(tmp_path, 2)
    ingest_paths([src], store)
    stray = embedder.embed(["a stray vector"])
    store.vectors.upsert(["gone#0:x"], stray, [{"article_id": "gone"}])  # outside the journal
    ingest_paths([src], store)
    consistent(store)


def test_ask_skips_a_retrieved_chunk_without_a_vector(
    tmp_path: Path, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    ingest_paths([corpus(tmp_path, 2)], store)
    # a store from before the catalog kept chunk vectors, damaged
    run_catalog_sql(store, "UPDATE chunks SET vector = NULL")
    store.vectors.delete(sorted(store.catalog.chunk_ids(["a0"])))
    service = QAService(Settings(store=tmp_path), store)
    answer = service.ask("Who is the council leader?")
    assert "Ann Marsh" in answer.answer
    assert all(c.article_id == "a1" for c in answer.citations)
    assert "no vector" in caplog.text


# --- 3. two stores on one Chroma server -------------------------------------------------------
def test_two_stores_on_one_chroma_server_keep_their_own_vectors(
    tmp_path: Path, chroma_server: str, embedder: FakeEmbedder
) -> None:
    a = Store(Settings(store=tmp_path / "a", chroma_url=chroma_server), embedder)
    b = Store(Settings(store=tmp_path / "b", chroma_url=chroma_server), embedder)
    src = corpus(tmp_path, 2)
    ingest_paths([src], a)
    ingest_paths([src], b)
    assert a.identity.collection != b.identity.collection
    assert b.delete(["a0"]) == ["a0"]
    assert {i.split("#")[0] for i in consistent(a)} == {"a0", "a1"}
    assert {i.split("#")[0] for i in consistent(b)} == {"a1"}
    stolen = Settings(
        store=tmp_path / "c", chroma_url=chroma_server, collection=a.identity.collection
    )
    with pytest.raises(StoreConflict, match="belongs to another store"):
        Store(stolen, embedder)


def test_a_store_made_before_store_ids_keeps_its_configured_collection(tmp_path: Path) -> None:
    from ingest.catalog import LEGACY_COLLECTION, Catalog

    old = Catalog(tmp_path / "old.sqlite3")
    assert old.identity("mydesk", legacy=True).collection == "mydesk"
    default = Catalog(tmp_path / "default.sqlite3")
    assert default.identity("", legacy=True).collection == LEGACY_COLLECTION
    new = Catalog(tmp_path / "new.sqlite3").identity("", legacy=False)
    assert new.collection == f"newsdesk-{new.store_id}"


# --- 4. dates -------------------------------------------------------------------------------
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("partial", ["March", "10", "2024", "Tuesday", "2024-03", "March 2024"])
def test_partial_dates_are_never_completed_from_today(partial: str) -> None:
    assert normalise_date(partial, NOW) == ""


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2024-03-05", "2024-03-05"),
        ("5 March 2024", "2024-03-05"),
        ("Tue, 05 Mar 2024 10:00:00 GMT", "2024-03-05T10:00:00+00:00"),
        ("2026-11-27T08:00:00Z", "2026-11-27T08:00:00+00:00"),  # within a day: time zones
    ],
)
def test_full_dates_are_kept(given: str, stored: str) -> None:
    assert normalise_date(given, NOW) == stored


def test_a_date_in_the_future_is_refused(tmp_path: Path, store: Store) -> None:
    with pytest.raises(FutureDate):
        normalise_date("2026-12-01", NOW)
    src = write_jsonl(tmp_path / "f.jsonl", [article("late", published_at="2999-01-01")])
    report = ingest_paths([src], store)
    assert report.added == 0 and "in the future" in report.failed[0]["error"]


# --- 5, 6. bytes and invisible characters ---------------------------------------------------
def test_one_bad_byte_does_not_mojibake_a_utf8_file(tmp_path: Path, store: Store) -> None:
    text = "Café owners in München\n\nThe café reopened in München on Monday. \xff It was busy."
    path = tmp_path / "cafe.txt"
    path.write_bytes(text.encode("utf-8").replace(b"\xc3\xbf", b"\xff"))
    report = ingest_paths([path], store)
    [stored] = store.articles()
    assert "Café" in stored.title and "München" in stored.text and "Ã" not in stored.text
    assert "invalid UTF-8" in report.warnings[0]["warning"]


def test_windows_1252_files_still_read_as_such(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("The café reopened on Monday with new owners.".encode("cp1252"))
    ingest_paths([path], store)
    assert "café" in store.articles()[0].text


def test_nul_control_and_bidi_characters_never_reach_the_store(
    tmp_path: Path, store: Store
) -> None:
    body = "x " * 5000 + "The council\x00 met on Monday.\x07 Ann\u200d Marsh spoke."
    (tmp_path / "nul.txt").write_text(body, encoding="utf-8")
    record = article("j1", title="Budget\u202e news\u0000", source="City\u200b Wire")
    record["body"] = STORY + "\u0000 The end\u2066."
    ingest_paths([tmp_path / "nul.txt", write_jsonl(tmp_path / "j.jsonl", [record])], store)
    for stored in store.articles():
        for value in (stored.text, stored.title, stored.source):
            assert not any(ch in value for ch in "\x00\x07\u200d\u202e\u200b\u2066"), value
    assert store.article("j1").title == "Budget news"
    assert store.article("j1").source == "City Wire"


# --- 7, 8. a mistyped --store and bad options -----------------------------------------------
def test_commands_other_than_ingest_never_create_a_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo"
    watch = ["watch", "http://127.0.0.1:9/feed.xml", "--rounds", "1"]
    for argv in (["articles"], ["ask", "Who won?"], ["show", "x"], ["delete", "x"], watch):
        assert main(["--store", str(missing), *argv]) == 1
        assert "no store at" in capsys.readouterr().err
    assert not missing.exists()


@pytest.mark.parametrize(("flag", "value"), [("--since", "yesterday"), ("--until", "2023-13-45")])
def test_bad_dates_name_the_option_and_the_form(
    flag: str, value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--store", str(tmp_path), "ask", "Who won?", flag, value])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and flag in err and "YYYY-MM-DD" in err


def test_an_empty_date_range_is_an_error() -> None:
    with pytest.raises(InputError, match="empty"):
        Filters(since="2024-05-01", until="2024-04-01")
    assert Filters(since="2024-05-01", until="2024-05-01")


# --- 9. one writer at a time ----------------------------------------------------------------
def test_a_second_writer_fails_fast_naming_the_first(
    tmp_path: Path, settings: Settings, embedder: FakeEmbedder
) -> None:
    first = Store(settings, embedder)
    impatient = Store(settings.model_copy(update={"writer_wait": 0}), embedder)
    with first.writing(), pytest.raises(StoreBusy, match=r"another ingest is running \(pid \d+"):
        ingest_paths([corpus(tmp_path, 1)], impatient)


def test_a_waiting_writer_goes_after_the_first_with_true_counts(
    tmp_path: Path, settings: Settings, embedder: FakeEmbedder
) -> None:
    src = corpus(tmp_path, 2)
    first, second = Store(settings, embedder), Store(settings, embedder)
    reports = []
    with first.writing():
        waiter = threading.Thread(target=lambda: reports.append(ingest_paths([src], second)))
        waiter.start()
        time.sleep(0.3)
        assert waiter.is_alive(), "the second writer must wait for the lock"
        reports.append(ingest_paths([src], first))  # re-entrant for the holder
    waiter.join(timeout=30)
    assert [(r.added, r.unchanged) for r in reports] == [(2, 0), (0, 2)]
    consistent(first)


# --- 10. a Chroma server dying mid-ingest ---------------------------------------------------
class KillingEmbedder(FakeEmbedder):
    """Kills the Chroma server while the second batch of articles is being embedded."""

    def __init__(self, server: subprocess.Popen[bytes]) -> None:
        super().__init__()
        self.server = server

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if len(self.calls) == 1:
            time.sleep(0.5)  # the first batch's write lands
            self.server.kill()
            self.server.wait()
        return super().embed(texts)


def test_a_chroma_server_dying_mid_ingest_is_reported_with_what_was_stored(
    tmp_path: Path,
    own_chroma: tuple[str, subprocess.Popen[bytes]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url, server = own_chroma
    monkeypatch.setattr(pipeline, "WRITE_BATCH", 1)
    store = Store(Settings(store=tmp_path / "s", chroma_url=url), KillingEmbedder(server))
    report = ingest_paths([corpus(tmp_path, 3)], store)
    assert report.added == 1 and report.chunks > 0
    assert f"the Chroma server at {url} is not answering" in report.error
    assert "after storing 1 " in report.error
    assert json.loads(json.dumps(report.as_json()))["error"] == report.error


# --- 11. sizes --------------------------------------------------------------------------------
def test_oversized_articles_are_refused_with_the_reason(
    tmp_path: Path, settings: Settings, embedder: FakeEmbedder
) -> None:
    store = Store(settings.model_copy(update={"max_article_chars": 2000}), embedder)
    (tmp_path / "long.txt").write_text(STORY * 10, encoding="utf-8")
    (tmp_path / "huge.txt").write_text("word " * 4000, encoding="utf-8")
    (tmp_path / "fine.txt").write_text(STORY, encoding="utf-8")
    report = ingest_paths(
        [tmp_path / "long.txt", tmp_path / "huge.txt", tmp_path / "fine.txt"], store
    )
    errors = {Path(f["path"]).name: f["error"] for f in report.failed}
    assert report.added == 1
    assert "over the limit of 2,000" in errors["long.txt"]
    assert "too big for one article" in errors["huge.txt"]


# --- a long-lived reader (the web app) sees what other processes write ----------------------
INGEST_IN_CHILD = """
import sys
from pathlib import Path
from ingest.pipeline import ingest_paths
from ingest.store import Store
from newsdesk.settings import Settings
from tests.conftest import FakeEmbedder, run_catalog_sql
store = Store(Settings(store=Path(sys.argv[1]), chunk_max_tokens=40), FakeEmbedder())
print(ingest_paths([Path(sys.argv[2])], store).added)
"""


def test_an_open_embedded_store_searches_what_another_process_wrote(
    tmp_path: Path, embedder: FakeEmbedder
) -> None:
    settings = Settings(store=tmp_path / "s", chunk_max_tokens=40)
    ingest_paths([corpus(tmp_path, 1)], Store(settings, embedder))
    reader = Store(settings, embedder, create=False)
    query = embedder.embed(["volcano eruption ash cloud flights grounded"])[0]
    assert all(i.startswith("a0#") for i, _ in reader.dense_search(query, 5))
    news = write_jsonl(
        tmp_path / "n.jsonl",
        [
            article(
                "volcano",
                "A volcano eruption sent an ash cloud over the islands, and"
                " flights were grounded for two days.",
            )
        ],
    )
    root = Path(__file__).resolve().parents[1]
    child = subprocess.run(
        [sys.executable, "-c", INGEST_IN_CHILD, str(settings.store), str(news)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.stdout.strip() == "1", child.stderr
    best, _ = reader.dense_search(query, 5)[0]
    assert best.startswith("volcano#")


# --- threads: each has its own catalog connection -------------------------------------------
# SQLite only: it opens a write transaction on the catalog's own (per-thread) connection and reads
# the journal mode; the PostgreSQL catalog takes a pooled connection per call, never shared.
@pytest.mark.parametrize("settings", ["embedded", "server"], indirect=True)
def test_a_reader_thread_never_sees_a_writer_threads_uncommitted_rows(
    tmp_path: Path, store: Store
) -> None:
    ingest_paths([corpus(tmp_path, 1)], store)
    writing, read_done = threading.Event(), threading.Event()
    seen: list[int] = []

    def writer() -> None:
        db = store.catalog.db
        db.execute("BEGIN IMMEDIATE")
        db.execute("DELETE FROM articles")
        writing.set()
        read_done.wait(10)
        db.rollback()

    thread = threading.Thread(target=writer)
    thread.start()
    writing.wait(10)
    seen.append(len(store.articles()))  # this thread's connection: the committed state
    read_done.set()
    thread.join()
    assert seen == [1]
    assert store.catalog.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
