"""Ingest into a real Chroma + SQLite store (fake embedder): idempotence, updates, filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.catalog import Catalog
from ingest.models import Filters
from ingest.pipeline import ingest_paths
from ingest.store import Store

STORY = (
    "The city council approved the new harbour budget on Monday. "
    "Council leader Ann Marsh said the money would repair the sea wall. "
    "Work is expected to start in the spring and last two years. "
    "Opposition members argued that the plan ignored flood risks further inland. "
    "A final vote on the details is due next month."
)


def article(id_: str, body: str = STORY, **fields: str) -> dict[str, str]:
    return {
        "id": id_,
        "title": f"Title {id_}",
        "body": body,
        "source": "City Wire",
        "published_at": "2024-01-05T10:00:00+00:00",
        **fields,
    }


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    return path


def consistent(store: Store) -> set[str]:
    """Both indexes hold exactly the catalog's chunks; returns those chunk ids."""
    ids = store.catalog.chunk_ids()
    assert store.vectors.all_ids() == ids
    assert store.catalog.fts_count() == len(ids)
    assert store.catalog.pending() == set()
    return ids


def test_reingest_is_unchanged_and_writes_nothing(tmp_path: Path, store: Store, embedder) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", [article("a1"), article("a2", STORY.upper())])
    first = ingest_paths([src], store)
    assert (first.added, first.updated, first.unchanged) == (2, 0, 0)
    ids = consistent(store)
    calls = len(embedder.calls)
    again = ingest_paths([src], store)
    assert (again.added, again.updated, again.unchanged, again.chunks) == (0, 0, 2, 0)
    assert len(embedder.calls) == calls, "an unchanged re-ingest must not embed anything"
    assert consistent(store) == ids


def test_changed_article_replaces_all_old_chunks(tmp_path: Path, store: Store) -> None:
    ingest_paths([write_jsonl(tmp_path / "a.jsonl", [article("a1")])], store)
    old = consistent(store)
    assert len(old) > 1
    changed = STORY.replace("Monday", "Tuesday")
    report = ingest_paths([write_jsonl(tmp_path / "a.jsonl", [article("a1", changed)])], store)
    assert (report.added, report.updated) == (0, 1)
    new = consistent(store)
    assert new != old
    texts = {c.text for c in store.chunks(sorted(new)).values()}
    assert any("Tuesday" in t for t in texts) and not any("Monday" in t for t in texts)


def test_an_update_embeds_only_the_sentences_it_changed(tmp_path: Path, store: Store) -> None:
    ingest_paths([write_jsonl(tmp_path / "a.jsonl", [article("a1")])], store)
    calls = store.embedder.calls  # type: ignore[attr-defined]  # the FakeEmbedder records them
    calls.clear()
    changed = STORY.replace("on Monday", "on Tuesday")
    ingest_paths([write_jsonl(tmp_path / "a.jsonl", [article("a1", changed)])], store)
    embedded = [t for call in calls for t in call]
    assert embedded == ["The city council approved the new harbour budget on Tuesday.", "Title a1"]
    assert len(store.sentence_vectors(["a1"])["a1"]) == 5  # kept and new vectors alike


def test_delete_removes_article_chunks_and_keyword_rows(tmp_path: Path, store: Store) -> None:
    ingest_paths([write_jsonl(tmp_path / "a.jsonl", [article("a1"), article("a2")])], store)
    assert store.delete(["a1", "nope"]) == ["a1"]
    assert store.article("a1") is None
    remaining = consistent(store)
    assert remaining and all(i.startswith("a2#") for i in remaining)
    assert all(i.startswith("a2#") for i, _ in store.keyword_search("harbour budget", 10))


def test_offsets_index_the_stored_text(tmp_path: Path, store: Store) -> None:
    ingest_paths([write_jsonl(tmp_path / "a.jsonl", [article("a1")])], store)
    text = store.article("a1").text
    for chunk in store.chunks(sorted(store.catalog.chunk_ids())).values():
        assert text[chunk.start : chunk.end] == chunk.text


def test_filters_apply_in_both_indexes(tmp_path: Path, store: Store, embedder) -> None:
    records = [
        article("old", source="Fortune", published_at="2023-10-04"),
        article("new", source="The Verge", published_at="2023-11-20T09:00:00Z"),
        article("undated", source="The Verge", published_at=""),
    ]
    ingest_paths([write_jsonl(tmp_path / "a.jsonl", records)], store)
    vector = embedder.embed(["harbour budget"])[0]

    def articles(filters: Filters) -> tuple[set[str], set[str]]:
        dense = store.dense_search(vector, 50, filters)
        keyword = store.keyword_search("harbour budget", 50, filters)
        return ({i.split("#")[0] for i, _ in dense}, {i.split("#")[0] for i, _ in keyword})

    assert articles(Filters(source="fortune")) == ({"old"}, {"old"})
    assert articles(Filters(since="2023-11-01")) == ({"new"}, {"new"})
    assert articles(Filters(until="2023-10-04")) == ({"old"}, {"old"})
    assert articles(Filters(source="The Verge", until="2023-11-19")) == (set(), set())
    assert articles(Filters()) == ({"old", "new", "undated"},) * 2


def test_near_duplicate_is_linked_not_unrelated(tmp_path: Path, store: Store) -> None:
    wire = STORY + " Reporting by Wire Service."
    ingest_paths([write_jsonl(tmp_path / "a.jsonl", [article("a1")])], store)
    report = ingest_paths(
        [write_jsonl(tmp_path / "b.jsonl", [article("b1", wire, source="Other Paper")])], store
    )
    assert report.duplicates == [{"id": "b1", "duplicate_of": "a1"}]
    assert store.article("b1").duplicate_of == "a1"
    other = (
        STORY.replace("harbour", "airport")
        .replace("sea wall", "runway")
        .replace("spring", "autumn")
        .replace("flood", "noise")
    )
    report = ingest_paths([write_jsonl(tmp_path / "c.jsonl", [article("c1", other)])], store)
    assert report.duplicates == []


def test_a_folder_with_a_broken_file_ingests_the_rest(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "good.jsonl", [article("a1")])
    (folder / "story.txt").write_text(STORY, encoding="utf-8")
    (folder / "broken.json").write_text("{nope", encoding="utf-8")
    (folder / ".hidden.txt").write_text("ignored", encoding="utf-8")
    report = ingest_paths([folder, tmp_path / "missing"], store)
    assert report.added == 2
    assert sorted(Path(f["path"]).name for f in report.failed) == ["broken.json", "missing"]
    consistent(store)


def test_reopened_store_keeps_everything(tmp_path: Path, settings, embedder) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", [article("a1")])
    first = Store(settings, embedder)
    ingest_paths([src], first)
    first.close()
    second = Store(settings, embedder)
    assert ingest_paths([src], second).unchanged == 1
    consistent(second)


def test_outlets_known_to_a_reader_follow_another_stores_writes(
    tmp_path: Path, settings, embedder, store: Store
) -> None:
    ingest_paths([write_jsonl(tmp_path / "a.jsonl", [article("a1")])], store)
    writer = Store(settings, embedder)
    assert store.sources() == ["City Wire"]
    other = write_jsonl(tmp_path / "b.jsonl", [article("b1", source="Harbour Post")])
    ingest_paths([other], writer)
    assert store.sources() == ["City Wire", "Harbour Post"]
    writer.delete(["a1"])
    assert store.sources() == ["Harbour Post"]
    writer.close()


def test_recovery_removes_vectors_of_an_interrupted_write(tmp_path: Path, store: Store) -> None:
    ingest_paths([write_jsonl(tmp_path / "a.jsonl", [article("a1")])], store)
    committed = consistent(store)
    # What a process killed between the Chroma upsert and the SQLite commit leaves behind:
    import numpy as np

    store.catalog.add_pending(["ghost#0:abc"])
    store.vectors.upsert(["ghost#0:abc"], np.ones((1, 64), dtype=np.float32), [{"article_id": "g"}])
    with store.writing():  # the next writer replays the journal
        pass
    assert consistent(store) == committed


def test_a_word_in_half_the_chunks_is_left_out_of_the_keyword_query(
    tmp_path: Path, store: Store
) -> None:
    bodies = {
        "ferry": "The council voted to fund a new ferry for the harbour.",
        "tram": "The council voted to extend the tram line to Fairhaven.",
        "park": "The council voted to close the riverside park at night.",
        "ferry2": "A second ferry will run to the harbour islands in spring.",
        "choir": "The town choir sang at the lighthouse on Sunday.",
    }
    records = [article(i, body) for i, body in bodies.items()]
    ingest_paths([write_jsonl(tmp_path / "a.jsonl", records)], store)
    # "council" is in three of five chunks, so BM25's idf is clamped to ~0: a chunk with only
    # "council" is no answer, and the ranking is that of "harbour" and "ferry" alone
    found = [i.split("#")[0] for i, _ in store.keyword_search("council harbour ferry", 10)]
    assert found == [i.split("#")[0] for i, _ in store.keyword_search("harbour ferry", 10)]
    assert sorted(found) == ["ferry", "ferry2"]
    alone = {i.split("#")[0] for i, _ in store.keyword_search("council", 10)}
    assert alone == {"ferry", "tram", "park"}  # a common word alone still finds its chunks


def test_a_keyword_query_ranks_its_rarest_words_within_a_postings_budget(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    bodies = {
        "ferry": "The council voted to fund a new ferry for the harbour.",
        "ferry2": "A second ferry will run to the harbour islands in spring.",
        "choir": "The town choir sang at the lighthouse on Sunday.",
        "tram": "The tram line reaches Fairhaven.",
        "park": "The riverside park closes at night.",
    }
    ingest_paths(
        [write_jsonl(tmp_path / "a.jsonl", [article(i, b) for i, b in bodies.items()])], store
    )
    question = "choir harbour ferry"
    assert len(store.keyword_search(question, 10)) == 3
    monkeypatch.setattr("ingest.bm25.KEYWORD_POSTINGS", 2)  # choir (1 chunk) fits, harbour (2) not
    found = [i.split("#")[0] for i, _ in store.keyword_search(question, 10)]
    assert found == ["choir"]
    alone = {i.split("#")[0] for i, _ in store.keyword_search("harbour", 10)}
    assert alone == {"ferry", "ferry2"}, "the rarest word is searched whatever its count"


def test_the_keyword_index_is_one_segment_after_each_write_run(
    tmp_path: Path, store: Store
) -> None:
    if not isinstance(store.catalog, Catalog):
        pytest.skip("PostgreSQL's postings are one b-tree: nothing to merge")

    def segments() -> int:
        return store.catalog.db.execute(
            "SELECT count(DISTINCT segid) FROM chunks_fts_idx"
        ).fetchone()[0]

    # FTS5 writes each transaction as a segment; unmerged, a question reads every one of them
    for n in range(3):
        src = write_jsonl(tmp_path / f"{n}.jsonl", [article(f"a{n}", f"{STORY} Item {n}.")])
        ingest_paths([src], store)
        assert segments() == 1
    store.delete(["a1"])
    assert segments() == 1
    found = {i.split("#")[0] for i, _ in store.keyword_search("harbour budget", 10)}
    assert found == {"a0", "a2"}
