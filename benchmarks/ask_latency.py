"""`newsdesk ask` latency after start-up on the RGB store: p50/p95 over its dev questions.

Prints one JSON document. Usage: python benchmarks/ask_latency.py [CORPUS QUESTIONS] [--rounds N]
Start-up (model load, store open, one warm-up question) is timed separately. The JSON names
the encoder (`NEWSDESK_ENCODER`) and the CPU's model and vector flags, and gives the time to
embed a question alone (the floor under `ask`).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "rgb"


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 3
    corpus = Path(args[0]) if args else SHARED / "corpus.jsonl"
    questions_file = Path(args[1]) if len(args) > 1 else SHARED / "questions.dev.jsonl"

    from evals.questions import load_questions
    from ingest.encoders import cpu_summary
    from ingest.pipeline import ingest_paths
    from ingest.store import open_store
    from newsdesk.settings import Settings
    from qa.service import QAService

    questions = load_questions(questions_file)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(store=Path(tmp))
        ingest_paths([corpus], open_store(settings, create=True))
        start = time.perf_counter()
        store = open_store(settings)
        service = QAService(settings, store)
        service.ask("warm up")
        startup = time.perf_counter() - start
        latencies = []
        for _ in range(rounds):
            for q in questions:
                t0 = time.perf_counter()
                service.ask(q.question)
                latencies.append((time.perf_counter() - t0) * 1000)
        encoding = []  # the floor under ask: embedding the question alone
        for q in questions:
            t0 = time.perf_counter()
            store.embedder.embed([q.question])
            encoding.append((time.perf_counter() - t0) * 1000)
        encoder = f"{type(store.embedder).__name__} {store.embedder.name}"
    print(
        json.dumps(
            {
                "corpus": str(corpus),
                "questions": len(questions),
                "rounds": rounds,
                "startup_s": round(startup, 2),
                "ask_p50_ms": round(float(np.percentile(latencies, 50)), 1),
                "ask_p95_ms": round(float(np.percentile(latencies, 95)), 1),
                "ask_max_ms": round(max(latencies), 1),
                "query_encoding_p50_ms": round(float(np.percentile(encoding, 50)), 2),
                "encoder": encoder,
                "precision": os.environ.get("NEWSDESK_EMBED_PRECISION", "auto"),
                "cpu": cpu_summary(),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
