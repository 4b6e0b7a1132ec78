"""Shared fixtures: a deterministic fake embedder (models are faked, stores are real)."""

from __future__ import annotations

import hashlib
import re
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

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


@pytest.fixture(params=["embedded", "server"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Store settings, once with embedded Chroma and once with a `chroma run` server."""
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
