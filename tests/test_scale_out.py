"""Two nodes on one archive: `serve` processes with their own folders on one PostgreSQL catalog and
one `chroma run` server, and an ingest killed midway on a third (issue 14)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psycopg
import pytest

from ingest.embedding import MiniLMEmbedder
from ingest.store import Store
from newsdesk.settings import Settings
from tests.test_app_e2e import ROOT, offline_env, running_server

NEWSDESK = [str(Path(sys.executable).parent / "newsdesk")]
LENS = {
    "id": "lens",
    "title": "Lighthouse lens restored",
    "source": "Harbour Herald",
    "published_at": "2025-02-11",
    "body": "The harbour museum restored the old lighthouse lens this winter. "
    "Curator Nora Lindqvist polished the lens by hand over six months.",
}
QUESTION = {"question": "Who polished the lighthouse lens?"}

pytestmark = pytest.mark.integration


def shared(database_url: str, chroma_url: str) -> dict[str, str]:
    return {"NEWSDESK_DATABASE_URL": database_url, "NEWSDESK_CHROMA_URL": chroma_url}


def cited(url: str) -> list[str]:
    answer = httpx.post(f"{url}/v1/ask", json=QUESTION, timeout=60).json()
    return [c["article_id"] for c in answer["citations"]]


def test_two_nodes_share_one_archive(
    tmp_path: Path, postgres_database: str, chroma_server: str
) -> None:
    env = shared(postgres_database, chroma_server)
    made = subprocess.run(
        [*NEWSDESK, "--store", str(tmp_path / "a"), "ingest", str(ROOT / "samples")],
        env=offline_env(**env),
        capture_output=True,
        timeout=300,
    )
    assert made.returncode == 0, made.stderr
    with (
        running_server(tmp_path / "a", tmp_path / "a.log", **env) as node_a,
        running_server(tmp_path / "b", tmp_path / "b.log", **env) as node_b,
    ):
        assert "lens" not in cited(node_b)
        added = httpx.post(f"{node_a}/v1/articles", json=LENS, timeout=120)
        assert added.status_code in (200, 201), added.text
        assert "lens" in cited(node_b), "what node A stored, node B answers from"
        assert httpx.delete(f"{node_b}/v1/articles/lens", timeout=60).status_code in (200, 204)
        assert "lens" not in cited(node_a), "what node B deleted, node A never cites"
    assert not (tmp_path / "b" / "catalog.sqlite3").exists(), "node B kept nothing on its disk"


def test_an_ingest_killed_midway_leaves_both_indexes_equal(
    tmp_path: Path, postgres_database: str, chroma_server: str
) -> None:
    corpus = ROOT.parent / "shared" / "benchmarks" / "rgb" / "corpus.jsonl"
    if not corpus.exists():
        pytest.skip("needs ../shared/benchmarks/rgb")
    env = offline_env(**shared(postgres_database, chroma_server))
    command = [*NEWSDESK, "--store", str(tmp_path / "n"), "ingest", str(corpus), "--json"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    written, deadline = 0, time.monotonic() + 180
    while time.monotonic() < deadline and proc.poll() is None and written < 64:
        try:
            with psycopg.connect(postgres_database, connect_timeout=2) as conn:
                written = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        except psycopg.Error:
            written = 0  # the schema is not made yet
        time.sleep(0.05)
    assert proc.poll() is None, "the ingest finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < written < 969

    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads(rerun.stdout)
    assert report["added"] + report["unchanged"] == 969 and report["unchanged"] >= written
    settings = Settings(
        store=tmp_path / "other-node", database_url=postgres_database, chroma_url=chroma_server
    )
    store = Store(settings, MiniLMEmbedder(), create=False)
    ids = store.catalog.chunk_ids()
    assert store.vectors.all_ids() == ids and store.catalog.fts_count() == len(ids)
    assert store.catalog.pending() == set()
