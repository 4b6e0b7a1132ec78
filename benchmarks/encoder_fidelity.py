"""How close each ONNX encoder's vectors are to sentence-transformers in float32, and its speed.

Embeds every distinct sentence of a corpus (the rgb one by default: `ingest.sentences` splits
each body) with sentence-transformers in float32 (the reference), then with the float, int8 and
w8a8 ONNX encoders, and prints one JSON document: per encoder the cosine to the reference
(min, 1st and 5th percentile, median, mean) and the seconds to embed them all (best of
--rounds), with the CPU's model and flags.

Usage: python benchmarks/encoder_fidelity.py [CORPUS.jsonl] [--rounds N]
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "rgb"


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 3
    corpus = Path(args[0]) if args else SHARED / "corpus.jsonl"

    from ingest.embedding import MiniLMEmbedder, bundled_model_path
    from ingest.encoders import OnnxEmbedder, cpu_summary
    from ingest.sentences import split_sentences

    texts: dict[str, None] = {}
    for line in corpus.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        for field in ("title", "body", "text"):
            body = row.get(field) or ""
            texts.update(dict.fromkeys(body[a:b] for a, b in split_sentences(body)))
    sentences = [t for t in texts if t.strip()]
    reference = MiniLMEmbedder(precision="fp32").embed(sentences)
    report: dict[str, object] = {
        "corpus": str(corpus),
        "sentences": len(sentences),
        "cpu": cpu_summary(),
    }
    for variant in ("float", "int8", "w8a8"):
        embedder = OnnxEmbedder(bundled_model_path(), variant=variant)
        embedder.embed(sentences[:64])  # export (first time only) and warm-up
        seconds = []
        for _ in range(rounds):
            start = time.perf_counter()
            vectors = embedder.embed(sentences)
            seconds.append(time.perf_counter() - start)
        cosines = (vectors * reference).sum(axis=1)
        p1, p5, median = np.percentile(cosines, [1, 5, 50])
        report[variant] = {
            "space": embedder.name,
            "cosine_min": round(float(cosines.min()), 4),
            "cosine_p1": round(float(p1), 4),
            "cosine_p5": round(float(p5), 4),
            "cosine_median": round(float(median), 4),
            "cosine_mean": round(float(cosines.mean()), 4),
            "seconds": round(min(seconds), 2),
            "seconds_each": [round(s, 2) for s in seconds],
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
