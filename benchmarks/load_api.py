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
import os
import re
import shutil
import subprocess
import tempfile
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


WRK_SCRIPT = """
local bodies = {}
for line in io.lines(os.getenv("NEWSDESK_WRK_BODIES")) do table.insert(bodies, line) end
local headers = {["Content-Type"] = "application/json"}
if os.getenv("NEWSDESK_WRK_KEY") ~= "" then
  headers["Authorization"] = "Bearer " .. os.getenv("NEWSDESK_WRK_KEY")
end
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", "/v1/ask", headers, bodies[(n % #bodies) + 1])
end
"""


def run_wrk(url: str, questions: list[str], clients: int, seconds: float, key: str) -> dict:
    """/v1/ask under wrk (C, from Debian): a client that leaves the cores to the server."""
    if not shutil.which("wrk"):
        raise SystemExit("--wrk needs Debian's wrk (apt-get install wrk)")
    with tempfile.TemporaryDirectory() as tmp:
        bodies, script = Path(tmp) / "bodies.jsonl", Path(tmp) / "ask.lua"
        bodies.write_text("".join(json.dumps({"question": q}) + "\n" for q in questions))
        script.write_text(WRK_SCRIPT)
        env = {**os.environ, "NEWSDESK_WRK_BODIES": str(bodies), "NEWSDESK_WRK_KEY": key}
        command = ["wrk", "-t2", f"-c{clients}", f"-d{int(seconds)}s", "--latency", "-s"]
        out = subprocess.run(
            [*command, str(script), url], env=env, capture_output=True, text=True, check=True
        ).stdout

    def number(pattern: str) -> float:
        match = re.search(pattern, out)
        return float(match.group(1)) if match else 0.0

    def millis(label: str) -> float:
        match = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", out)
        if not match:
            return 0.0
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]
        return round(float(match.group(1)) * scale, 1)

    return {
        "client": "wrk",
        "requests": int(number(r"(\d+) requests in")),
        "errors": int(number(r"Non-2xx or 3xx responses: (\d+)"))
        + int(sum(float(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))),
        "requests_per_s": number(r"Requests/sec:\s+([\d.]+)"),
        "latency_ms": {"p50": millis("50%"), "p90": millis("90%"), "p99": millis("99%")},
        "raw": out,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--stream-seconds", type=float, default=None, help="default: --seconds")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--questions", type=Path, default=RGB)
    parser.add_argument("--api-key", default="")
    parser.add_argument(
        "--wrk", action="store_true", help="drive /v1/ask with wrk instead (no streaming phase)"
    )
    args = parser.parse_args()
    headers = {"Authorization": f"Bearer {args.api_key}"} if args.api_key else {}
    questions = load_questions(args.questions)
    wait_until_ready(args.url)
    if args.wrk:
        ask = run_wrk(args.url, questions, args.clients, args.seconds, args.api_key)
        print(json.dumps({"url": args.url, "clients": args.clients, "ask": ask}, indent=2))
        return
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
