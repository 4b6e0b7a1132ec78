"""The real server (uvicorn on a loopback port, the real model) through real clients:
httpx, the official `openai` SDK and LangChain's `ChatOpenAI`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port, wait_for_http

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_QUESTION = "Who met Trump's chief of staff?"
SERVE = (
    "import sys; from newsdesk.app import serve; from newsdesk.settings import Settings;"
    " serve(Settings(store=sys.argv[1]), '127.0.0.1', int(sys.argv[2]), int(sys.argv[3]))"
)


def offline_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", **extra}


def build_sample_store(store: Path) -> None:
    """`newsdesk ingest samples`: the contract's way to make a store, with the real model."""
    cli = Path(sys.executable).parent / "newsdesk"
    subprocess.run(
        [str(cli), "--store", str(store), "ingest", str(ROOT / "samples")],
        check=True,
        env=offline_env(),
        capture_output=True,
        timeout=300,
    )


@contextmanager
def running_server(store: Path, log: Path, workers: int = 1, **env: str) -> Iterator[str]:
    """`serve(...)` in a subprocess; yields its base URL once /readyz answers."""
    port = free_port()
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", SERVE, str(store), str(port), str(workers)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=offline_env(**env),
            cwd=ROOT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_for_http(f"{url}/readyz", timeout=180, proc=proc)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    tmp = tmp_path_factory.mktemp("e2e")
    build_sample_store(tmp / "store")
    with running_server(tmp / "store", tmp / "server.log") as url:
        yield url, tmp / "server.log"


def test_serve_prints_its_url_and_logs_json_lines(server: tuple[str, Path]) -> None:
    url, log = server
    httpx.get(f"{url}/healthz")
    text = log.read_text()
    assert f"{url}/" in text
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    assert any(line["route"] == "/readyz" and line["status"] == 200 for line in lines)


def test_httpx_ask_answers_with_verbatim_citations(server: tuple[str, Path]) -> None:
    url, _ = server
    response = httpx.post(f"{url}/v1/ask", json={"question": SAMPLE_QUESTION}, timeout=60)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert "Dave Limp" in answer["answer"] and not answer["abstained"]
    for c in answer["citations"]:
        text = httpx.get(f"{url}/v1/articles/{c['article_id']}").json()["text"]
        assert text[c["start"] : c["end"]] == c["quote"]


def test_httpx_streams_events_until_done(server: tuple[str, Path]) -> None:
    url, _ = server
    body = {"model": "newsdesk", "messages": [{"role": "user", "content": SAMPLE_QUESTION}]}
    events: list[str] = []
    with httpx.stream(
        "POST", f"{url}/v1/chat/completions", json={**body, "stream": True}, timeout=60
    ) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        events = [line.removeprefix("data: ") for line in r.iter_lines() if line]
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    text = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert "Dave Limp" in text and chunks[-1]["citations"]


def test_openai_sdk_plain_and_streaming(server: tuple[str, Path]) -> None:
    from openai import OpenAI

    url, _ = server
    client = OpenAI(base_url=f"{url}/v1", api_key="not-needed", timeout=60)
    assert [m.id for m in client.models.list()] == ["newsdesk"]
    messages = [{"role": "user", "content": SAMPLE_QUESTION}]
    reply = client.chat.completions.create(model="newsdesk", messages=messages)  # type: ignore[arg-type]
    assert "Dave Limp" in (reply.choices[0].message.content or "")
    citations = (reply.model_extra or {})["citations"]
    assert citations[0]["n"] == 1 and "Dave Limp" in citations[0]["quote"]

    stream = client.chat.completions.create(
        model="newsdesk",
        messages=messages,  # type: ignore[arg-type]
        stream=True,
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == reply.choices[0].message.content
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert (chunks[-1].model_extra or {})["citations"] == citations


def test_openai_sdk_sees_errors_as_api_errors(server: tuple[str, Path]) -> None:
    import openai

    url, _ = server
    client = openai.OpenAI(base_url=f"{url}/v1", api_key="x", timeout=60)
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(
            model="newsdesk",
            messages=[{"role": "assistant", "content": "hello"}],
        )
    assert caught.value.status_code == 400


def test_langchain_chat_openai(server: tuple[str, Path]) -> None:
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    url, _ = server
    llm = ChatOpenAI(base_url=f"{url}/v1", api_key=SecretStr("x"), model="newsdesk", timeout=60)
    assert "Dave Limp" in str(llm.invoke(SAMPLE_QUESTION).content)
    streamed = "".join(str(chunk.content) for chunk in llm.stream(SAMPLE_QUESTION))
    assert "Dave Limp" in streamed


def test_two_workers_answer_during_an_ingest_and_see_new_articles(tmp_path: Path) -> None:
    """`serve(workers=2)` on the embedded store, `newsdesk ingest` alongside: no restart."""
    import threading

    build_sample_store(tmp_path / "store")
    new = {
        "id": "lens",
        "title": "Lighthouse lens restored",
        "source": "Harbour Herald",
        "published_at": "2025-02-11",
        "body": "The harbour museum restored the old lighthouse lens this winter. "
        "Curator Nora Lindqvist polished the lens by hand over six months.",
    }
    (tmp_path / "new.json").write_text(json.dumps(new), encoding="utf-8")
    question = {"question": "Who polished the lighthouse lens?"}
    with running_server(tmp_path / "store", tmp_path / "server.log", workers=2) as url:
        assert "Nora Lindqvist" not in httpx.post(f"{url}/v1/ask", json=question).text
        statuses: list[int] = []
        done = threading.Event()

        def keep_asking() -> None:
            while not done.is_set():
                statuses.append(httpx.post(f"{url}/v1/ask", json=question, timeout=60).status_code)

        asker = threading.Thread(target=keep_asking)
        asker.start()
        try:
            cli = Path(sys.executable).parent / "newsdesk"
            subprocess.run(
                [
                    str(cli),
                    "--store",
                    str(tmp_path / "store"),
                    "ingest",
                    str(tmp_path / "new.json"),
                ],
                check=True,
                env=offline_env(),
                capture_output=True,
                timeout=300,
            )
        finally:
            done.set()
            asker.join()
        log = (tmp_path / "server.log").read_text()
        assert statuses and set(statuses) == {200}, log[-3000:]
        answers = [httpx.post(f"{url}/v1/ask", json=question, timeout=60) for _ in range(8)]
        missed = [a.text for a in answers if "Nora Lindqvist" not in a.json()["answer"]]
        assert not missed, missed
