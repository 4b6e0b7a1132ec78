"""Cost curve: ingest articles/s and ask p50/p95 as an archive grows to 1k, 10k and 50k articles,
on the embedded default (SQLite + embedded Chroma) and on the shared one (PostgreSQL + a
`chroma run` server).

The archive. The shipped corpora hold 1,295 real articles (RGB's 969, then MultiHop-RAG's 326),
which come first. The rest are distinct variants built from them: each variant takes the title of
one real article and a run of consecutive sentences from each of three others (seeded, so every
run builds the same archive), about as long as a real article. Their words, names and lengths are
real ones, so the keyword index's term statistics and the vector index grow as a real archive's
would, and no variant is a near-duplicate of another (the ingest's duplicate check still runs on
each).

At each size N the archive is first filled to N - PROBE articles (untimed), then PROBE fresh
variants are ingested through the normal pipeline (`ingest_paths` on a JSONL file, timed: the
articles/s at size N), then every RGB dev question is asked ROUNDS times on a fresh QAService
(after five warm-up questions); the models are warmed on a throwaway store first. The 1k point
holds RGB's first 500 articles plus 500 variants, so some RGB questions have no answer there;
from 10k on every real article is in. Run it on an otherwise idle machine. Prints one JSON
document.

Usage: python benchmarks/cost_curve.py [--sizes 1000,10000,50000] [--backends sqlite,postgresql]
       [--keep yes]  (leaves the archives' folders behind, for profiling; their paths go to stderr)
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "benchmarks"
CORPORA = (SHARED / "rgb" / "corpus.jsonl", SHARED / "multihop" / "corpus.jsonl")
QUESTIONS = SHARED / "rgb" / "questions.dev.jsonl"
PROBE = 500  # articles ingested (and timed) at each size
FILL_STEP = 2000  # articles per untimed fill ingest
ROUNDS = 3
SEED = 20261126

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pg_parity import free_port, start_cluster  # noqa: E402


def real_articles() -> list[dict[str, Any]]:
    return [json.loads(line) for path in CORPORA for line in path.open() if line.strip()]


def variants(sources: list[dict[str, Any]], seed: int = SEED) -> Iterator[dict[str, Any]]:
    """Endless distinct articles: one source's title over consecutive sentence runs of three
    others, about a real article's length."""
    from ingest.sentences import split_sentences

    sentences = [
        [a["body"][s:e] for s, e in split_sentences(a["body"])] for a in sources if a["body"]
    ]
    sentences = [s for s in sentences if len(s) >= 3]
    lengths = [len(a["body"]) for a in sources]
    rng = random.Random(seed)
    n = 0
    while True:
        target = rng.choice(lengths)
        title = rng.choice(sources).get("title") or "News in brief"
        parts: list[str] = []
        for donor in rng.sample(sentences, 3):
            take = max(1, min(len(donor), round(target / 3 / max(1, len(donor[0])))))
            start = rng.randrange(0, len(donor) - take + 1)
            parts.append(" ".join(donor[start : start + take]))
        n += 1
        yield {
            "id": f"variant-{n:06d}",
            "title": title,
            "source": "Newsdesk cost curve",
            "published_at": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}T09:00:00+00:00",
            "body": "\n\n".join(parts),
        }


def write_jsonl(path: Path, articles: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles))
    return path


def start_chroma(root: Path) -> tuple[str, subprocess.Popen[bytes]]:
    port = free_port()
    chroma = ROOT / ".venv" / "bin" / "chroma"
    command = [str(chroma), "run", "--path", str(root / "chroma"), "--host", "127.0.0.1"]
    proc = subprocess.Popen(
        [*command, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1):
                return url, proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("chroma run did not answer")


def curve(backend: str, sizes: list[int], root: Path) -> list[dict[str, Any]]:
    import psycopg

    from evals.questions import load_questions
    from ingest.embedding import make_embedder
    from ingest.pipeline import ingest_paths
    from ingest.store import open_store
    from newsdesk.settings import Settings
    from qa.service import QAService

    extra: dict[str, Any] = {}
    stops: list[Any] = []
    if backend == "postgresql":
        (root / "pg").mkdir()
        root.chmod(0o755)  # the postgres user reaches its folder through this one
        url, pg_ctl = start_cluster(root / "pg")
        stops.append(lambda: subprocess.run([*pg_ctl, "-m", "immediate", "stop"], check=False))
        with psycopg.connect(f"{url}/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE curve")
        chroma_url, chroma = start_chroma(root)
        stops.append(chroma.kill)
        extra = {"database_url": f"{url}/curve", "chroma_url": chroma_url}
    settings = Settings(store=root / "store", **extra)
    embedder = make_embedder(settings)
    questions = load_questions(QUESTIONS)
    real = real_articles()
    # Warm-up (untimed): the encoder's and tagger's first batches of each shape are slow, so a
    # throwaway store takes some variants first, as ingest_bench warms its models before timing.
    warmers = variants(real, SEED + 1)
    warm = write_jsonl(root / "warm.jsonl", [next(warmers) for _ in range(300)])
    ingest_paths([warm], open_store(Settings(store=root / "warm"), embedder, create=True))
    stream = iter(real)
    fresh = variants(real)
    size, points = 0, []
    try:
        for target in sizes:
            while size < target - PROBE:
                take = min(FILL_STEP, target - PROBE - size)
                batch = [a for a, _ in zip(stream, range(take), strict=False)]
                batch += [next(fresh) for _ in range(take - len(batch))]
                path = write_jsonl(root / "fill.jsonl", batch)
                ingest_paths([path], open_store(settings, embedder, create=True))
                size += take
            probe = write_jsonl(root / "probe.jsonl", [next(fresh) for _ in range(PROBE)])
            store = open_store(settings, embedder, create=True)
            start = time.perf_counter()
            report = ingest_paths([probe], store)
            seconds = time.perf_counter() - start
            assert not report.error and report.added == PROBE, report
            size += PROBE
            service = QAService(settings, open_store(settings, embedder))
            for q in questions[:5]:
                service.ask(q.question)
            latencies = []
            for _ in range(ROUNDS):
                for q in questions:
                    t0 = time.perf_counter()
                    service.ask(q.question)
                    latencies.append((time.perf_counter() - t0) * 1000)
            points.append(
                {
                    "articles": size,
                    "chunks": service.store.catalog.chunk_count(),
                    "ingest_articles_per_s": round(PROBE / seconds, 1),
                    "ask_p50_ms": round(float(np.percentile(latencies, 50)), 1),
                    "ask_p95_ms": round(float(np.percentile(latencies, 95)), 1),
                }
            )
            print(json.dumps({"backend": backend, **points[-1]}), file=sys.stderr, flush=True)
    finally:
        for stop in reversed(stops):
            stop()
    return points


def main() -> None:
    from ingest.encoders import cpu_summary

    args = dict(zip(sys.argv[1::2], sys.argv[2::2], strict=False))
    sizes = [int(s) for s in args.get("--sizes", "1000,10000,50000").split(",")]
    backends = args.get("--backends", "sqlite,postgresql").split(",")
    results: dict[str, Any] = {"cpu": cpu_summary(), "probe": PROBE, "rounds": ROUNDS}
    for backend in backends:
        root = Path(tempfile.mkdtemp(prefix=f"newsdesk-curve-{backend}-"))
        try:
            points = curve(backend, sizes, root)
        finally:
            if args.get("--keep") == "yes":
                print(f"kept {root}", file=sys.stderr)
            else:
                shutil.rmtree(root, ignore_errors=True)
        first, last = points[0], points[-1]
        rates = [p["ingest_articles_per_s"] for p in points]
        results[backend] = {
            "points": points,
            "ask_p95_last_over_first": round(last["ask_p95_ms"] / first["ask_p95_ms"], 2),
            "ingest_spread": round((max(rates) - min(rates)) / max(rates), 3),
        }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
