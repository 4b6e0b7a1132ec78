"""Load on a running Newsdesk server: N concurrent clients for S seconds against /v1/ask, then
the same through /v1/chat/completions with `stream: true` (time to first byte).

Prints one JSON document. A script, not a test. Start a server first, e.g.
    newsdesk --store STORE ingest ../shared/benchmarks/rgb/corpus.jsonl
    newsdesk --store STORE serve --port 8000 &
    python benchmarks/load_api.py --url http://127.0.0.1:8000 [--seconds 60] [--clients 16]
Questions come from --questions FILE (JSONL with a "question" field; default: the rgb dev set),
asked round-robin; they are read at run time, never copied here.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np

RGB = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "rgb" / "questions.dev.jsonl"
FALLBACK = ["Who met Trump's chief of staff?"]


def load_questions(path: Path) -> list[str]:
    if not path.exists():
        return FALLBACK
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()] or FALLBACK


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0}
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    return {"p50": round(float(p50), 1), "p95": round(float(p95), 1), "p99": round(float(p99), 1)}


async def ask_once(client: httpx.AsyncClient, question: str) -> float:
    start = time.perf_counter()
    response = await client.post("/v1/ask", json={"question": question})
    response.raise_for_status()
    return (time.perf_counter() - start) * 1000


async def stream_once(client: httpx.AsyncClient, question: str) -> float:
    """Milliseconds to the first byte of the event stream; the rest is read to the end."""
    body = {"model": "newsdesk", "messages": [{"role": "user", "content": question}]}
    start = time.perf_counter()
    first = 0.0
    async with client.stream("POST", "/v1/chat/completions", json={**body, "stream": True}) as r:
        r.raise_for_status()
        async for _ in r.aiter_bytes():
            first = first or (time.perf_counter() - start) * 1000
    return first


async def run_phase(
    url: str, headers: dict[str, str], questions: list[str], clients: int, seconds: float, kind: str
) -> dict[str, Any]:
    call = ask_once if kind == "ask" else stream_once
    cycle = itertools.cycle(questions)
    latencies: list[float] = []
    errors: dict[str, int] = {}
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients)

    async with httpx.AsyncClient(
        base_url=url, headers=headers, timeout=60, limits=limits
    ) as client:

        async def worker() -> None:
            while time.perf_counter() < deadline:
                try:
                    latencies.append(await call(client, next(cycle)))
                except (httpx.HTTPError, OSError) as exc:
                    name = type(exc).__name__
                    errors[name] = errors.get(name, 0) + 1

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - start
    result: dict[str, Any] = {
        "requests": len(latencies),
        "errors": sum(errors.values()),
        "error_types": errors,
        "requests_per_s": round(len(latencies) / elapsed, 1),
    }
    key = "latency_ms" if kind == "ask" else "time_to_first_byte_ms"
    result[key] = percentiles(latencies)
    return result


def wait_until_ready(url: str, timeout: float = 180.0) -> None:
    """The model loads at start-up: wait for /readyz rather than count start-up as errors."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{url}/readyz", timeout=10).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"{url}/readyz did not answer 200 within {timeout:.0f} s")
        time.sleep(0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--stream-seconds", type=float, default=None, help="default: --seconds")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--questions", type=Path, default=RGB)
    parser.add_argument("--api-key", default="")
    args = parser.parse_args()
    headers = {"Authorization": f"Bearer {args.api_key}"} if args.api_key else {}
    questions = load_questions(args.questions)
    wait_until_ready(args.url)
    stream_seconds = args.stream_seconds if args.stream_seconds is not None else args.seconds
    report = {
        "url": args.url,
        "clients": args.clients,
        "seconds": args.seconds,
        "questions": len(questions),
        "ask": asyncio.run(
            run_phase(args.url, headers, questions, args.clients, args.seconds, "ask")
        ),
        "chat_stream": asyncio.run(
            run_phase(args.url, headers, questions, args.clients, stream_seconds, "stream")
        ),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
