"""The real command line with the real MiniLM model, on the benchmark corpora and the sample."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.chunking import embedding_input
from ingest.embedding import MiniLMEmbedder
from ingest.store import Store
from newsdesk.cli import main
from newsdesk.settings import Settings
from tests.conftest import BENCHMARKS, needs_benchmarks

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[1]
NEWSDESK = [sys.executable, "-m", "newsdesk.cli"]


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, object]:
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, json.loads(out)


@needs_benchmarks()
def test_multihop_ingest_then_reingest_unchanged(tmp_path: Path, capsys) -> None:
    corpus = str(BENCHMARKS / "multihop" / "corpus.jsonl")
    store = str(tmp_path / "s")
    code, first = run_json(capsys, "--store", store, "ingest", corpus, "--json")
    assert code == 0
    assert (first["added"], first["unchanged"], first["failed"]) == (326, 0, [])
    code, again = run_json(capsys, "--store", store, "ingest", corpus, "--json")
    assert (again["added"], again["updated"], again["unchanged"], again["chunks"]) == (0, 0, 326, 0)

    code, shown = run_json(capsys, "--store", store, "show", "mh-0000", "--json")
    assert shown["source"] == "The Verge" and shown["published_at"] == "2023-09-26T17:01:22+00:00"
    assert set(shown) >= {"id", "title", "source", "author", "url", "published_at", "text"}


@needs_benchmarks()
@pytest.mark.parametrize("corpus", ["multihop", "rgb"])
def test_every_chunk_indexes_its_text_and_fits_the_model_window(
    tmp_path: Path, corpus: str
) -> None:
    from ingest.chunking import chunk_article
    from ingest.normalize import normalise
    from ingest.readers import read_file

    embedder = MiniLMEmbedder()
    settings = Settings()
    drafts = read_file(BENCHMARKS / corpus / "corpus.jsonl").drafts
    assert drafts
    budget = min(settings.chunk_max_tokens, embedder.window - 2)
    for draft in drafts:
        article = normalise(draft)
        chunks = chunk_article(
            article.id,
            article.text,
            article.title,
            embedder.count_tokens,
            budget,
            settings.chunk_overlap_sentences,
        )
        assert chunks
        inputs = [embedding_input(article.title, c.text) for c in chunks]
        for c, pieces in zip(chunks, embedder.count_tokens(inputs), strict=True):
            assert article.text[c.start : c.end] == c.text
            assert pieces + 2 <= embedder.window  # [CLS] + [SEP]


def test_sample_question_is_answered_with_a_verifiable_citation(tmp_path: Path, capsys) -> None:
    store = str(tmp_path / "s")
    code, report = run_json(capsys, "--store", store, "ingest", str(ROOT / "samples"), "--json")
    assert code == 0 and report["added"] >= 1
    code, answer = run_json(
        capsys, "--store", store, "ask", "Who met Trump's chief of staff?", "--json"
    )
    assert code == 0 and not answer["abstained"]
    assert "Dave Limp" in answer["answer"] and "[1]" in answer["answer"]
    for c in answer["citations"]:
        _, article = run_json(capsys, "--store", store, "show", c["article_id"], "--json")
        assert article["text"][c["start"] : c["end"]] == c["quote"]
    assert "Join the" not in article["text"] and "IMAGE:" not in article["text"]


def test_cli_errors_are_one_line_and_nonzero(tmp_path: Path, capsys) -> None:
    store = str(tmp_path / "s")
    assert main(["--store", store, "show", "nope", "--json"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("newsdesk: error:") and "\n" not in err and "Traceback" not in err
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "body": "Fine text."}\n{oops\n', encoding="utf-8")
    code, report = run_json(capsys, "--store", store, "ingest", str(bad), "--json")
    assert code == 1 and report["added"] == 1
    assert report["failed"][0]["path"].endswith("bad.jsonl:2")
    assert main(["--store", store, "delete", "a"]) == 0
    assert main(["--store", store, "delete", "a"]) == 1


@needs_benchmarks()
def test_an_ingest_killed_midway_recovers_consistently(tmp_path: Path) -> None:
    store = tmp_path / "s"
    corpus = str(BENCHMARKS / "rgb" / "corpus.jsonl")
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(
        [*NEWSDESK, "--store", str(store), "ingest", corpus, "--json"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    catalog = store / "catalog.sqlite3"
    deadline = time.monotonic() + 180
    written = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if catalog.exists():
            try:
                with sqlite3.connect(catalog, timeout=0.1) as db:
                    written = db.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                written = 0
            if written >= 64:
                break
        time.sleep(0.02)
    assert proc.poll() is None, "the ingest finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < written < 969

    rerun = subprocess.run(
        [*NEWSDESK, "--store", str(store), "ingest", corpus, "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads(rerun.stdout)
    assert report["added"] + report["unchanged"] == 969 and report["unchanged"] >= written
    opened = Store(Settings(store=store), MiniLMEmbedder())
    ids = opened.catalog.chunk_ids()
    assert opened.vectors.all_ids() == ids
    assert opened.catalog.fts_count() == len(ids)
    assert len(opened.articles()) == 969


def test_ask_with_llm_flag_uses_the_backend_and_a_dead_one_falls_back(
    tmp_path: Path, capsys, fake_llm
) -> None:
    store = str(tmp_path / "s")
    assert main(["--store", store, "ingest", str(ROOT / "samples")]) == 0
    capsys.readouterr()
    fake_llm.model = lambda prompt: "Dave Limp, Blue Origin's CEO, met Susie Wiles [1]."
    question = "Who met Trump's chief of staff?"
    code, answer = run_json(
        capsys, "--store", store, "ask", question, "--llm", fake_llm.url, "--json"
    )
    assert code == 0 and answer["mode"] == "llm" and answer["answer"].endswith("[1].")
    dead = "http://127.0.0.1:9/v1"
    assert main(["--store", store, "ask", question, "--llm", dead, "--json"]) == 0
    out, err = capsys.readouterr()
    answer = json.loads(out)
    assert answer["mode"] == "extractive" and "Dave Limp" in answer["answer"]
    assert "unavailable" in err, "the fallback is announced"


def test_bf16_and_fp32_embeddings_agree() -> None:
    texts = [
        f"Blue Origin launched mission number {n} from West Texas on Tuesday." for n in range(12)
    ]
    texts += ["Dock workers returned to work after the union accepted a pay offer."] * 4
    fp32 = MiniLMEmbedder(precision="fp32").embed(texts)
    bf16 = MiniLMEmbedder(precision="bf16").embed(texts)
    cosines = (fp32 * bf16).sum(axis=1)
    assert cosines.min() > 0.999, cosines.min()
    assert not (fp32 == bf16).all(), "bf16 really ran in bfloat16"
