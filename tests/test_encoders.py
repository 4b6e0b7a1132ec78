"""Encoders: the ONNX export matches sentence-transformers, w8a8 stays closer to it than int8, a
store keeps one vector space, and the exports are made once and the same every time."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from ingest.embedding import (
    FloatEmbedder,
    MiniLMEmbedder,
    bundled_model_path,
    make_embedder,
    recorded_space,
)
from ingest.encoders import FLOAT_SPACE, INT8_SPACE, W8A8_SPACE, OnnxEmbedder, onnx_model
from ingest.models import Filters
from ingest.pipeline import ingest_paths
from ingest.store import Store
from newsdesk.errors import EncoderMismatch
from newsdesk.settings import Settings
from qa.service import QAService
from qa.steps import Ask
from tests.conftest import FakeEmbedder

TEXTS = [
    "The harbour board met on Tuesday and approved the new ferry timetable.",
    "Who won the regatta, and by how many seconds did the winning crew finish ahead of the rest?",
    "Rain.",
    "Shares of the shipping group rose 4.2% after it raised its forecast for the year. " * 12,
]


@pytest.fixture(scope="module")
def reference() -> np.ndarray:
    return MiniLMEmbedder(precision="fp32").embed(TEXTS)


@pytest.mark.integration
def test_the_float_export_gives_sentence_transformers_vectors(reference: np.ndarray) -> None:
    vectors = OnnxEmbedder(bundled_model_path(), batch_size=2, variant="float").embed(TEXTS)
    assert vectors.shape == (4, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert ((vectors * reference).sum(axis=1) > 0.9999).all()  # order kept across batches


@pytest.mark.integration
@pytest.mark.parametrize(
    ("variant", "space", "closest"), [("int8", INT8_SPACE, 0.95), ("w8a8", W8A8_SPACE, 0.995)]
)
def test_quantised_vectors_stay_close_and_are_another_space(
    reference: np.ndarray, variant: str, space: str, closest: float
) -> None:
    """w8a8 (activations smoothed and scaled per token) stays within 0.995 of float on these
    texts, where int8 (scaled per batch) falls to 0.99."""
    embedder = OnnxEmbedder(bundled_model_path(), variant=variant)
    cosines = (embedder.embed(TEXTS) * reference).sum(axis=1)
    assert (cosines > closest).all(), cosines
    assert embedder.name == space != MiniLMEmbedder().name == FLOAT_SPACE
    assert embedder.embed([]).shape == (0, 384)


@pytest.mark.integration
def test_a_w8a8_vector_does_not_depend_on_the_texts_batched_with_it() -> None:
    """Each token's activations get their own int8 scale, so a text embeds the same alone or
    beside a long one; int8's scale is the whole batch's (the same text: cosine 0.991)."""
    embedder = OnnxEmbedder(bundled_model_path(), variant="w8a8")
    alone = embedder.embed(TEXTS[:1])[0]
    batched = embedder.embed([TEXTS[0], TEXTS[3], TEXTS[1]])[0]
    assert float(alone @ batched) > 0.9999


@pytest.mark.integration
@pytest.mark.parametrize("variant", ["int8", "w8a8"])
def test_the_export_is_cached_and_reproducible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variant: str
) -> None:
    digests = []
    for name in ("one", "two"):
        monkeypatch.setenv("NEWSDESK_ENCODER_CACHE", str(tmp_path / name))
        path = onnx_model(bundled_model_path(), variant)
        before = path.stat().st_mtime_ns
        assert onnx_model(bundled_model_path(), variant) == path  # made once
        assert path.stat().st_mtime_ns == before
        digests.append(hashlib.sha256(path.read_bytes()).hexdigest())
    assert digests[0] == digests[1]


def test_a_store_keeps_one_vector_space(tmp_path: Path) -> None:
    settings = Settings(store=tmp_path / "s")
    note = tmp_path / "note.txt"
    note.write_text("Ferry fares\nFerry fares rise in May.\n")
    ingest_paths([note], Store(settings, FakeEmbedder()))
    assert recorded_space(tmp_path / "s") == "fake-bow"

    class Other(FakeEmbedder):
        name = "other-space"

    other = Store(settings, Other())
    assert [a.title for a in other.articles()] == ["Ferry fares"]  # reading needs no vectors
    with pytest.raises(EncoderMismatch, match="fake-bow encoder.*ingest the articles into a new"):
        ingest_paths([note], other)
    with pytest.raises(EncoderMismatch):
        other.dense_search(np.zeros(64, dtype=np.float32), 3)


def test_auto_keeps_a_stores_space_and_a_new_store_gets_the_cpus_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def space_for(store: Path, encoder: str = "auto", precision: str = "auto") -> str:
        settings = Settings(store=store, encoder=encoder, embed_precision=precision)
        return make_embedder(settings).name

    for bf16 in (False, True):  # w8a8 is the fast one with bf16 matmuls or without
        monkeypatch.setattr("ingest.embedding.cpu_has_bf16", lambda bf16=bf16: bf16)
        assert space_for(tmp_path / "new") == W8A8_SPACE
        assert space_for(tmp_path / "new", precision="fp32") == W8A8_SPACE
    assert space_for(tmp_path / "new", "onnx-int8") == INT8_SPACE
    assert space_for(tmp_path / "new", "onnx") == FLOAT_SPACE
    assert space_for(tmp_path / "new", "torch") == FLOAT_SPACE
    for encoder, space in (("onnx-int8", INT8_SPACE), ("onnx-w8a8", W8A8_SPACE)):
        folder = tmp_path / encoder
        made = Store(Settings(store=folder), make_embedder(Settings(store=folder, encoder=encoder)))
        made.catalog.record_encoder(made.embedder.name)  # as its first write does
        made.close()
        assert space_for(folder) == space  # auto follows the store
    float_store = Store(
        Settings(store=tmp_path / "onnx-int8"),
        make_embedder(Settings(store=tmp_path / "onnx-int8", encoder="onnx")),
    )
    with pytest.raises(EncoderMismatch):
        float_store.check_encoder()
    old = tmp_path / "old"  # a store made before encoders were recorded, with articles
    old.mkdir()
    with sqlite3.connect(old / "catalog.sqlite3") as db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("CREATE TABLE articles (id TEXT PRIMARY KEY)")
        db.execute("INSERT INTO articles VALUES ('a1')")
    assert recorded_space(old) == FLOAT_SPACE
    assert isinstance(make_embedder(Settings(store=old)), FloatEmbedder)


@pytest.mark.integration
def test_the_float_space_answers_queries_on_onnx_and_matches_torch(reference: np.ndarray) -> None:
    embedder = FloatEmbedder(Settings())  # what auto gives a store built in float
    one = embedder.embed(TEXTS[:1])
    assert float((one[0] * reference[0]).sum()) > 0.9999
    assert embedder.torch._model is None, "a question never loads torch"
    batch = embedder.embed(TEXTS * 3)  # torch in bf16 where the CPU has it, else ONNX
    assert ((batch[:4] * reference).sum(axis=1) > 0.999).all()


@pytest.mark.integration
@pytest.mark.parametrize("quantised", ["onnx-int8", "onnx-w8a8"])
def test_a_quantised_store_weighs_verdicts_in_the_float_space(
    tmp_path: Path, quantised: str
) -> None:
    """The evidence a verdict weighs in a w8a8 or int8 store scores as the same sentences score
    in a float store: the thresholds it is held to were set on float vectors."""
    note = tmp_path / "ferries.txt"
    note.write_text(
        "Harbour ferries\nThe harbour board raised ferry fares by ten percent in May. "
        "Commuters said the new timetable left the early crossing unchanged. "
        "The board plans two more boats for the summer season.\n"
    )
    question = "Did the harbour board raise ferry fares in May?"
    evidence = {}
    for encoder in (quantised, "onnx"):
        settings = Settings(store=tmp_path / encoder, encoder=encoder)
        store = Store(settings, make_embedder(settings))
        ingest_paths([note], store)
        service = QAService(settings, store)
        prepared = service._prepare(Ask(question, (), Filters(), None, 0.0))
        evidence[encoder] = service._in_reference_space(
            service._select(service._retrieve(prepared))
        )
        store.close()
    int8, reference = evidence[quantised], evidence["onnx"]
    assert int8.query.verdict and int8.sentences
    float_scores = {
        s.text: row for s, row in zip(reference.sentences, reference.scores, strict=True)
    }
    for sentence, row, vector in zip(int8.sentences, int8.scores, int8.vectors, strict=True):
        assert np.allclose(row, float_scores[sentence.text], atol=1e-4)
        assert np.isclose(vector @ reference.vectors.T, 1.0, atol=1e-4).any()
