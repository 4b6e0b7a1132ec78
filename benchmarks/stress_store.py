"""Four processes at once on one store: ingests, deletes, asks and listings for N seconds.

Then checks that the indexes agree: SQLite chunks = FTS rows = Chroma vectors, with equal id sets
and an empty write journal. Prints one JSON document; exits 1 when they disagree or an operation
failed with anything but "store is busy".

Usage: python benchmarks/stress_store.py [--seconds 60] [--chroma-url URL] [--corpus FILE]
(default corpus: ../shared/benchmarks/rgb/corpus.jsonl; articles are re-ingested in slices,
some with edited text, so the ingester adds, updates and repairs what the deleter removed).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
SLICE = 20  # articles per ingest command


def _settings(store: str, chroma_url: str | None) -> Any:
    from newsdesk.settings import Settings

    return Settings(store=Path(store), chroma_url=chroma_url, writer_wait=120)


def _slices(corpus: Path, workdir: Path, seed: int) -> list[Path]:
    """Corpus slices as .jsonl files; every other slice edits its bodies (so ingest updates)."""
    records = [json.loads(line) for line in corpus.read_text().splitlines() if line.strip()]
    random.Random(seed).shuffle(records)
    records = records[:200]
    paths = []
    for n in range(0, len(records), SLICE):
        part = records[n : n + SLICE]
        for variant in ("a", "b"):
            path = workdir / f"slice-{n // SLICE}-{variant}.jsonl"
            rows = [
                {**r, "body": r["body"] + (" Updated." if variant == "b" else "")} for r in part
            ]
            path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
            paths.append(path)
    return paths


def worker(role: str, store: str, chroma_url: str | None, slices: list[str], until: float) -> dict:
    """One process doing one kind of command over and over; each command opens the store anew."""
    from ingest.embedding import make_embedder
    from ingest.pipeline import ingest_paths
    from ingest.store import open_store
    from newsdesk.errors import StoreBusy, StoreMissing
    from qa.service import QAService

    settings = _settings(store, chroma_url)
    embedder = make_embedder(settings)
    rng = random.Random(role)
    done, busy, errors = 0, 0, []
    while time.time() < until:
        try:
            if role == "ingest":
                report = ingest_paths(
                    [Path(rng.choice(slices))], open_store(settings, embedder, create=True)
                )
                if report.failed or report.error:
                    errors.append(report.error or str(report.failed[0]))
            elif role == "delete":
                store_ = open_store(settings, embedder)
                ids = [a.id for a in store_.articles()]
                store_.delete(rng.sample(ids, min(3, len(ids))))
            elif role == "ask":
                store_ = open_store(settings, embedder)
                titles = [a.title for a in store_.articles() if a.title]
                if titles:
                    QAService(settings, store_).ask(f"What happened: {rng.choice(titles)}?")
            else:
                open_store(settings, embedder).articles()
            done += 1
        except StoreBusy:
            busy += 1
        except StoreMissing:
            time.sleep(0.2)  # the first ingest has not made the store yet
        except Exception:
            errors.append(traceback.format_exc(limit=3))
    return {
        "role": role,
        "operations": done,
        "busy": busy,
        "errors": errors[:5],
        "n_errors": len(errors),
    }


def check(store: str, chroma_url: str | None) -> dict[str, Any]:
    """The raw state, read without taking the lock or replaying anything."""
    from ingest.catalog import Catalog
    from ingest.embedding import make_embedder
    from ingest.store import Store

    settings = _settings(store, chroma_url)
    opened = Store(settings, make_embedder(settings), create=False)
    catalog: Catalog = opened.catalog
    chunks = catalog.chunk_ids()
    fts = {
        r[0]
        for r in catalog.db.execute(
            "SELECT c.id FROM chunks_fts f JOIN chunks c ON c.rowid = f.rowid"
        )
    }
    vectors = opened.vectors.all_ids()
    # the ids agree; does the dense index also find them? each sampled chunk's own vector
    sample = random.Random(1).sample(sorted(chunks), min(20, len(chunks)))
    stored = catalog.chunk_vectors(sample)
    found = sum(
        any(i == chunk_id for i, _ in opened.dense_search(stored[chunk_id], 5))
        for chunk_id in sample
    )
    return {
        "dense_self_hits": f"{found}/{len(sample)}",
        "articles": len(opened.articles()),
        "sqlite_chunks": len(chunks),
        "fts_rows": catalog.fts_count(),
        "chroma_vectors": len(vectors),
        "pending": len(catalog.pending()),
        "equal_id_sets": chunks == fts == vectors and found == len(sample),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--chroma-url")
    parser.add_argument("--corpus", type=Path, default=SHARED / "rgb" / "corpus.jsonl")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        slices = [str(p) for p in _slices(args.corpus, workdir, seed=7)]
        store = str(workdir / "store")
        until = time.time() + args.seconds
        roles = ["ingest", "delete", "ask", "articles"]
        ctx = mp.get_context("spawn")
        with ctx.Pool(len(roles)) as pool:
            jobs = [
                pool.apply_async(worker, (r, store, args.chroma_url, slices, until)) for r in roles
            ]
            results = [j.get(timeout=args.seconds + 600) for j in jobs]
        state = check(store, args.chroma_url)
    ok = (
        state["equal_id_sets"] and state["pending"] == 0 and not any(r["n_errors"] for r in results)
    )
    print(
        json.dumps(
            {
                "chroma": args.chroma_url or "embedded",
                "seconds": args.seconds,
                "workers": results,
                "final": state,
                "ok": ok,
            },
            indent=2,
        )
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
