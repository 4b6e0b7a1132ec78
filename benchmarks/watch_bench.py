"""`newsdesk watch` over a loopback feed: how soon the first item is answerable, and the whole feed.

A loopback HTTP server serves an RSS feed of N items (default 200) whose pages are articles of the
multihop corpus written out as HTML (title, outlet, date, paragraphs). One watch round
(`ingest.web.ingest_sources`, as `newsdesk watch --rounds 1` runs it) fetches them with the given
per-host interval; meanwhile the catalog is polled every 0.1 s. When the first item's article is
stored, the item's own title is asked (`QAService.ask`, models loaded before the clock starts)
and must be answered citing that article. Prints one JSON document.

Usage: python benchmarks/watch_bench.py [--items 200] [--interval 1.0]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import sqlite3
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "multihop" / "corpus.jsonl"


def page(article: dict[str, Any]) -> bytes:
    paragraphs = "".join(
        f"<p>{html.escape(p)}</p>" for p in article["body"].split("\n") if p.strip()
    )
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(article['title'])} | {html.escape(article['source'])}</title>"
        f"<meta property='og:site_name' content='{html.escape(article['source'])}'>"
        f"<meta property='article:published_time' content='{article['published_at']}'>"
        f"</head><body><article><h1>{html.escape(article['title'])}</h1>{paragraphs}"
        "</article></body></html>"
    ).encode()


def serve(articles: list[dict[str, Any]]) -> tuple[ThreadingHTTPServer, str]:
    resources: dict[str, tuple[bytes, str]] = {"/robots.txt": (b"User-agent: *\n", "text/plain")}
    for n, article in enumerate(articles):
        resources[f"/news/{n}"] = (page(article), "text/html; charset=utf-8")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            body, kind = resources.get(self.path, (b"not here", "text/plain"))
            self.send_response(200 if self.path in resources else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    items = "".join(
        f"<item><title>{html.escape(a['title'])}</title><link>{base}/news/{n}</link></item>"
        for n, a in enumerate(articles)
    )
    channel = f"<channel><title>Wire</title>{items}</channel>"
    feed = f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'
    resources["/feed.xml"] = (feed.encode(), "application/rss+xml")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, base


def main() -> None:
    parser = argparse.ArgumentParser(description="watch over a loopback feed")
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between requests")
    args = parser.parse_args()
    os.environ["NEWSDESK_FETCH_HOST_INTERVAL"] = str(args.interval)

    from ingest.embedding import MiniLMEmbedder
    from ingest.normalize import article_id
    from ingest.pipeline import ingest_paths
    from ingest.store import Store
    from ingest.web import ingest_sources
    from newsdesk.settings import Settings
    from qa.service import QAService

    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    articles = [json.loads(line) for line in lines[: args.items]]
    server, base = serve(articles)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(store=Path(tmp) / "store")
        embedder = MiniLMEmbedder()
        seed = Path(tmp) / "seed.txt"
        seed.write_text("Allotments open\nThe town's new allotments opened on Saturday.\n")
        store = Store(settings, embedder)
        ingest_paths([seed], store)  # a store exists before watch runs, as the CLI requires
        service = QAService(settings, store)
        service.ask("Who opened the allotments?")  # warm: the first ask loads the NER
        first_id = article_id("", f"{base}/news/0", "")
        catalog = Path(tmp) / "store" / "catalog.sqlite3"
        result: dict[str, Any] = {}
        start = time.perf_counter()
        worker = threading.Thread(
            target=lambda: result.update(report=ingest_sources([], [f"{base}/feed.xml"], store))
        )
        worker.start()
        first_stored = None
        while worker.is_alive() and first_stored is None:
            with sqlite3.connect(catalog) as db:
                row = db.execute("SELECT 1 FROM articles WHERE id = ?", (first_id,)).fetchone()
            if row:
                first_stored = time.perf_counter() - start
            time.sleep(0.1)
        answer = service.ask(articles[0]["title"])
        answerable = time.perf_counter() - start
        cited = any(c.article_id == first_id for c in answer.citations)
        worker.join()
        total = time.perf_counter() - start
        report = result["report"]
        store.close()
    server.shutdown()
    print(
        json.dumps(
            {
                "items": args.items,
                "host_interval_s": args.interval,
                "first_item_stored_s": round(first_stored or total, 1),
                "first_item_answered_s": round(answerable, 1),
                "first_item_cited": cited,
                "whole_feed_s": round(total, 1),
                "added": report.added,
                "failed": len(report.failed),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
