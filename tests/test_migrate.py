"""`newsdesk migrate`: an embedded store copied into PostgreSQL and a Chroma server, as stored."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from ingest.migrate import migrate, open_stores, store_counts
from ingest.models import ArticleDraft, Filters, IngestReport
from ingest.notes import FeedbackRow
from ingest.pipeline import ingest_drafts
from ingest.store import Store
from newsdesk.cli import main
from newsdesk.errors import EncoderMismatch, InputError
from newsdesk.settings import Settings
from tests.conftest import FakeEmbedder, run_catalog_sql

HARBOUR = (
    "The city council approved a new harbour bridge on Monday after a long debate. "
    "Engineers said construction would begin in the spring and last three years. "
    "The mayor called the vote a turning point for the waterfront district. "
    "Opponents warned that the budget of 400 million dollars could grow further. "
    "Residents near the docks asked for quieter building hours during the night. "
)
DRAFTS = [
    ArticleDraft(
        body=HARBOUR, title="Council backs harbour bridge", source="Coast Herald", id="bridge"
    ),
    ArticleDraft(  # a duplicate of "bridge": the same text from another outlet
        body=HARBOUR,
        title="Harbour bridge approved",
        source="Wire",
        id="bridge-wire",
    ),
    ArticleDraft(
        body="The national orchestra opened its season with a new symphony by Ada Lind. "
        "Critics praised the brass section and the young conductor.",
        title="Orchestra opens season",
        source="Arts Daily",
        published_at="2024-03-02",
        updated_at="2024-03-04T10:00:00+00:00",
        id="orchestra",
    ),
    ArticleDraft(
        body="Farmers in the valley reported a record apple harvest this autumn. "
        "Cold storage prices rose as growers looked for room to keep the fruit.",
        title="Record apple harvest",
        source="Valley News",
        published_at="2024-10-11",
        id="apples",
    ),
    ArticleDraft(
        body="A storm closed the mountain pass for two days and stranded dozens of trucks. "
        "Road crews cleared the snow by Thursday evening.",
        title="Storm closes pass",
        source="Valley News",
        published_at="2024-12-01",
        id="storm",
    ),
]
VOTES = [
    FeedbackRow(vote=-1, question="Who built the bridge?", history="[]", answer="{}", key="u1"),
    FeedbackRow(vote=1, question="When was the harvest?", history="[]", answer="{}"),
]
VOTED_AT = "2024-03-01T08:00:00+00:00"  # votes keep their own time when copied


class OtherSpace(FakeEmbedder):
    name = "another-space"


QUERIES = ["harbour bridge budget", "apple harvest storage", "storm trucks snow", "symphony brass"]


@pytest.fixture(scope="module")
def source_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store with articles (entities tagged), a near-duplicate and votes."""
    settings = Settings(store=tmp_path_factory.mktemp("migrate") / "source", chunk_max_tokens=40)
    store = Store(settings, FakeEmbedder())
    report = ingest_drafts(DRAFTS, store, IngestReport())
    assert report.added == len(DRAFTS) and report.duplicates, report
    for vote in VOTES:
        store.catalog.add_feedback(replace(vote, created_at=VOTED_AT))
    store.close()
    return Path(settings.store)


@pytest.fixture
def source_settings(source_dir: Path, tmp_path: Path) -> Settings:
    """A private copy of the source store, so a test can't change another's."""
    shutil.copytree(source_dir, tmp_path / "source")
    return Settings(store=tmp_path / "source", chunk_max_tokens=40)


@pytest.fixture
def stores(
    source_settings: Settings, postgres_database: str, chroma_server: str
) -> Iterator[tuple[Store, Store]]:
    source, target = open_stores(source_settings, postgres_database, chroma_server)
    yield source, target
    source.close()
    target.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_migrate_copies_the_store_as_stored_and_again_adds_nothing(
    stores: tuple[Store, Store], source_settings: Settings
) -> None:
    source, target = stores
    catalog_file = Path(source_settings.store) / "catalog.sqlite3"
    before, counts = digest(catalog_file), store_counts(source)

    report = migrate(source, target)

    assert report.verified and report.copied == len(DRAFTS) and report.feedback == len(VOTES)
    assert report.target == counts and counts["vectors"] == counts["chunks"] > len(DRAFTS)
    assert [a.metadata() for a in target.articles()] == [a.metadata() for a in source.articles()]
    assert target.article("orchestra").updated_at == "2024-03-04T10:00:00+00:00"  # type: ignore[union-attr]
    assert target.article("bridge-wire").duplicate_of == "bridge"  # type: ignore[union-attr]
    assert dict(target.catalog.minhashes()) == dict(source.catalog.minhashes())
    ids = [d.id for d in DRAFTS]
    (tagger,) = source.catalog.taggers()
    assert target.catalog.entities(ids, tagger) == source.catalog.entities(ids, tagger)
    assert target.catalog.entities(ids, tagger)["storm"]  # spans were there to copy
    got, want = target.sentence_vectors(ids), source.sentence_vectors(ids)
    assert {a: [(s, e, v.tolist()) for s, e, v in got[a]] for a in got} == {
        a: [(s, e, v.tolist()) for s, e, v in want[a]] for a in want
    }
    chunk_ids = sorted(source.catalog.chunk_ids())
    assert target.catalog.encoder() == "fake-bow"
    assert {i: v.tolist() for i, v in target.vectors.vectors(chunk_ids).items()} == {
        i: v.tolist() for i, v in source.vectors.vectors(chunk_ids).items()
    }
    assert [(r.vote, r.question, r.key, r.created_at) for r in target.catalog.feedback()] == [
        (r.vote, r.question, r.key, VOTED_AT) for r in source.catalog.feedback()
    ]
    embedder = FakeEmbedder()
    for query in QUERIES:
        for word in query.split():  # one word at a time: every chunk that holds it
            assert {i for i, _ in target.keyword_search(word, 50)} == {
                i for i, _ in source.keyword_search(word, 50)
            }
        vector = embedder.embed([query])[0]
        everything = dict(source.dense_search(vector, 50))
        top, want_top = target.dense_search(vector, 3), source.dense_search(vector, 3)
        assert [round(s, 5) for _, s in top] == [round(s, 5) for _, s in want_top]
        assert all(abs(everything[i] - s) < 1e-5 for i, s in top)  # the same, ties aside
        valley = target.dense_search(vector, 20, Filters(source="Valley News"))
        assert {i.split("#")[0] for i, _ in valley} == {"apples", "storm"}  # chunk metadata

    again = migrate(source, target)
    assert (again.copied, again.unchanged, again.feedback) == (0, len(DRAFTS), 0)
    assert again.verified and again.target == counts
    assert digest(catalog_file) == before and store_counts(source) == counts


def test_an_interrupted_migrate_resumes_where_it_stopped(
    stores: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    source, target = stores
    replace_articles, calls = target.catalog.replace_articles, []

    def dies_in_the_second_batch(*args: Any) -> set[str]:
        calls.append(args)
        if len(calls) == 2:  # its vectors are in Chroma, its rows never commit
            raise ConnectionError("the network went away")
        return replace_articles(*args)

    monkeypatch.setattr(target.catalog, "replace_articles", dies_in_the_second_batch)
    with pytest.raises(ConnectionError):
        migrate(source, target, batch=1)
    assert target.catalog.article_count() == 1
    assert target.vectors.count() > target.catalog.chunk_count()  # left for the next writer
    monkeypatch.setattr(target.catalog, "replace_articles", replace_articles)

    report = migrate(source, target, batch=1)

    assert (report.copied, report.unchanged) == (len(DRAFTS) - 1, 1)
    assert report.verified and report.target == store_counts(source)


def test_a_target_of_another_vector_space_or_the_source_itself_is_refused(
    source_settings: Settings, postgres_database: str, chroma_server: str, tmp_path: Path
) -> None:
    shared = Settings(
        store=tmp_path / "t", database_url=postgres_database, chroma_url=chroma_server
    )
    other = Store(shared, OtherSpace())
    assert ingest_drafts(DRAFTS[3:], other, IngestReport()).added == 2
    other.close()
    with pytest.raises(EncoderMismatch, match="another-space"):
        open_stores(source_settings, postgres_database, chroma_server)
    itself = source_settings.model_copy(update={"database_url": postgres_database})
    with pytest.raises(InputError, match="same store"):
        open_stores(itself, postgres_database, chroma_server)
    with pytest.raises(InputError, match="postgresql://"):
        open_stores(source_settings, "sqlite:///x.db", chroma_server)


def test_the_command_copies_and_prints_the_verified_counts(
    source_settings: Settings,
    postgres_database: str,
    chroma_server: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = str(source_settings.store)
    files = sorted(p.name for p in Path(store).rglob("*"))
    argv = ["--store", store, "migrate", "--to", postgres_database, "--chroma-url", chroma_server]
    assert main([*argv, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["verified"] is True and document["copied"] == len(DRAFTS)
    assert document["source"] == document["target"]
    assert document["target"]["articles"] == len(DRAFTS)

    assert main(argv) == 0
    out = capsys.readouterr().out
    assert f"copied 0 articles (0 chunks), unchanged {len(DRAFTS)}" in out
    assert out.rstrip().endswith("verified")
    assert sorted(p.name for p in Path(store).rglob("*")) == files  # no lock file, no index


def test_an_article_whose_vectors_are_lost_is_reported_and_fails_verification(
    stores: tuple[Store, Store],
) -> None:
    source, target = stores
    lost = sorted(source.catalog.chunk_ids(["storm"]))[0]
    run_catalog_sql(source, f"UPDATE chunks SET vector = NULL WHERE id = '{lost}'")
    source.vectors.delete([lost])  # a damaged store: neither index has the chunk's vector

    report = migrate(source, target)

    assert report.failed == [{"id": "storm", "error": "chunks without vectors in the source"}]
    assert report.copied == len(DRAFTS) - 1 and not report.verified
    assert report.as_json()["verified"] is False
