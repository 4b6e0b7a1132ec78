"""Ingest from saved HTML pages beside the same articles as JSONL: what page reading costs.

The 181 pages of ../shared/benchmarks/extraction are written out as .html files; the drafts
Newsdesk reads from them are written as one .jsonl file with the same fields. Each is ingested
into a fresh store with the same (warmed) encoder and NER, so the difference is HTML parsing,
extraction and metadata. Prints one JSON document.

Usage: python benchmarks/html_ingest.py
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
DATA = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "extraction"


def main() -> None:
    from ingest.embedding import MiniLMEmbedder
    from ingest.entities import default_tagger
    from ingest.pipeline import ingest_paths
    from ingest.readers import ReadError, read_file
    from ingest.store import Store
    from newsdesk.settings import Settings

    embedder = MiniLMEmbedder()
    embedder.embed(["warm up"])
    default_tagger().tag(["Warm up in Paris."])
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pages = work / "pages"
        pages.mkdir()
        for path in sorted((DATA / "html").glob("*.html.gz")):
            (pages / path.name.removesuffix(".gz")).write_bytes(gzip.decompress(path.read_bytes()))
        records = []
        for page in sorted(pages.iterdir()):
            try:
                [draft] = read_file(page).drafts
            except ReadError:
                continue
            record = dataclasses.asdict(draft)
            record.pop("origin")
            records.append(json.dumps({**record, "body": draft.body}, ensure_ascii=False))
        jsonl = work / "pages.jsonl"
        jsonl.write_text("\n".join(records) + "\n", encoding="utf-8")
        for name, source in (("html", pages), ("jsonl", jsonl)):
            store = Store(Settings(store=work / f"store-{name}"), embedder)
            start = time.perf_counter()
            report = ingest_paths([source], store)
            seconds = time.perf_counter() - start
            stored = report.added + report.updated
            results[name] = {
                "articles": stored,
                "failed": len(report.failed),
                "seconds": round(seconds, 2),
                "articles_per_s": round(stored / seconds, 1),
            }
            store.close()
    print(json.dumps({"pages": len(list((DATA / "html").glob("*.html.gz"))), **results}, indent=2))


if __name__ == "__main__":
    main()
