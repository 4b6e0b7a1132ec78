"""Shared fixtures: a deterministic fake embedder (models are faked, stores are real)."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ingest.store import Store
from ingest.terms import content_words
from newsdesk.settings import Settings

SHARED = Path(__file__).resolve().parents[2] / "shared"
BENCHMARKS = SHARED / "benchmarks"


class FakeEmbedder:
    """Content words hashed into 64 dimensions: texts sharing words are similar. Counts words."""

    name = "fake-bow"
    window = 64
    tags_alongside = True  # the threaded path, as ONNX takes it

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in content_words(text):
                slot = int(hashlib.md5(word.encode()).hexdigest(), 16) % 64
                out[row, slot] += 1.0
            norm = np.linalg.norm(out[row])
            out[row] = out[row] / norm if norm else out[row]
        return out

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(re.findall(r"\w+|[^\w\s]", t)) for t in texts]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_http(url: str, timeout: float = 60.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing answered at {url}")


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `chroma run` server on a free loopback port, for the whole session."""
    chroma = Path(sys.executable).parent / "chroma"
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/api/v2/heartbeat", proc=proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture
def own_chroma(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A `chroma run` server of this test's own, which the test may kill."""
    chroma = Path(sys.executable).parent / "chroma"
    port = free_port()
    cmd = [str(chroma), "run", "--path", str(tmp_path / "cdata"), "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_for_http(f"{url}/api/v2/heartbeat", proc=proc)
    yield url, proc
    proc.kill()
    proc.wait()


PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_USER = "newsdesk"  # the cluster's superuser (trust authentication on loopback only)


def _as_postgres() -> list[str]:
    """PostgreSQL refuses to run as root: as root, run its programs as the `postgres` user."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[str]:
    """A throwaway PostgreSQL cluster (initdb + pg_ctl) on a free loopback port, for the whole
    session; yields its URL without a database name. Skips where PostgreSQL 15 is not installed,
    except under CI, where that is a failure."""
    if not (PG_BIN / "initdb").is_file():
        reason = f"PostgreSQL 15 is not installed ({PG_BIN}/initdb missing)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    # not under pytest's own temp root: that is private to root, and postgres must reach it
    root = Path(tempfile.mkdtemp(prefix="newsdesk-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    data, port = root / "data", free_port()
    run = {"cwd": root, "check": True, "capture_output": True, "timeout": 120}
    initdb = [str(PG_BIN / "initdb"), "-D", str(data), "-U", PG_USER, "--auth=trust"]
    # no durability (a test cluster); many connections: stores a test leaves open keep theirs
    options = (
        f"-k {root} -c listen_addresses=127.0.0.1 -p {port} -c fsync=off"
        " -c synchronous_commit=off -c full_page_writes=off -c max_connections=400"
    )
    pg_ctl = [*_as_postgres(), str(PG_BIN / "pg_ctl"), "-D", str(data), "-s"]
    try:
        subprocess.run([*_as_postgres(), *initdb, "-E", "UTF8", "--locale=C", "--no-sync"], **run)
        subprocess.run([*pg_ctl, "-w", "-l", str(root / "log"), "-o", options, "start"], **run)
    except subprocess.CalledProcessError as exc:
        log = root / "log"
        detail = log.read_text(errors="replace") if log.exists() else exc.stderr.decode()
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"the test PostgreSQL cluster did not start: {detail[-2000:]}")
    try:
        yield f"postgresql://{PG_USER}@127.0.0.1:{port}"
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "stop"], cwd=root, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


_databases = itertools.count()


@pytest.fixture
def postgres_database(postgres_cluster: str) -> str:
    """The URL of a fresh, empty database of its own (a test never sees another's rows)."""
    import psycopg

    name = f"test_{next(_databases)}"
    with psycopg.connect(f"{postgres_cluster}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"{postgres_cluster}/{name}"


def run_catalog_sql(store: Store, sql: str) -> None:
    """Change a store's catalog behind its back (as an old or damaged store would be)."""
    if store.settings.database_url:
        import psycopg

        with psycopg.connect(store.settings.database_url, autocommit=True) as conn:
            conn.execute(sql)
        return
    path = Path(store.settings.store) / "catalog.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute(sql)


@pytest.fixture(params=["embedded", "server", "postgres"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Store settings: embedded Chroma, a `chroma run` server, and a PostgreSQL catalog (with
    embedded Chroma)."""
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_database")
        return Settings(store=tmp_path / "store", chunk_max_tokens=40, database_url=url)
    if request.param == "server":
        url = request.getfixturevalue("chroma_server")
        return Settings(
            store=tmp_path / "store",
            chunk_max_tokens=40,
            chroma_url=url,
            collection=f"t{uuid.uuid4().hex[:12]}",
        )
    return Settings(store=tmp_path / "store", chunk_max_tokens=40)


@pytest.fixture
def embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def store(settings: Settings, embedder: FakeEmbedder) -> Iterator[Store]:
    s = Store(settings, embedder)
    yield s
    s.close()


def needs_benchmarks() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not BENCHMARKS.exists(), reason="../shared/benchmarks not present")


# --- a fake OpenAI-compatible LLM server (a scripted model behind the real /v1 protocol) ---
Model = Callable[[str], str]


class FakeServer:
    """Records every prompt; `model` maps the prompt to the reply text."""

    def __init__(self) -> None:
        self.prompts: list[str] = []
        self.model: Model = lambda prompt: "INSUFFICIENT"
        self.url = ""
        self.chunk_delay = 0.0  # seconds between streamed chunks
        self.sent_at: list[float] = []  # when each streamed chunk went out


@pytest.fixture
def fake_llm() -> Iterator[FakeServer]:
    fake = FakeServer()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._send({"object": "list", "data": [{"id": "fake-model", "object": "model"}]})

        def _stream(self, model: str, reply: str) -> None:
            """The reply in OpenAI's server-sent chunk format, a few characters at a time."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            pieces = [reply[i : i + 7] for i in range(0, len(reply), 7)]
            for n, piece in enumerate([*pieces, None]):
                delta = {"content": piece} if piece is not None else {}
                if n == 0:
                    delta["role"] = "assistant"
                chunk = {
                    "id": "chatcmpl-1",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": model,
                    "choices": [
                        {"index": 0, "delta": delta, "finish_reason": None if piece else "stop"}
                    ],
                }
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
                fake.sent_at.append(time.monotonic())
                time.sleep(fake.chunk_delay)
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

        def do_POST(self) -> None:
            request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            prompt = request["messages"][-1]["content"]
            fake.prompts.append(prompt)
            if request.get("stream"):
                self._stream(request["model"], fake.model(prompt))
                return
            message = {"role": "assistant", "content": fake.model(prompt)}
            self._send(
                {
                    "id": "chatcmpl-1",
                    "object": "chat.completion",
                    "created": 0,
                    "model": request["model"],
                    "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                }
            )

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_port}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()
