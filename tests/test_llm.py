"""The opt-in LLM backend against a fake OpenAI-compatible server (a real HTTP server on
localhost speaking the /v1 protocol, with a scripted model behind it)."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import socket
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths
from ingest.store import Store
from newsdesk.settings import Settings
from qa.grounding import grounded
from qa.llm import GGUFWorker, load_prompt, serve_replies
from qa.models import Turn
from qa.service import QAService
from tests.conftest import FakeServer
from tests.test_answering import ARTICLES


def _service(tmp_path: Path, store: Store, llm: str) -> QAService:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in ARTICLES), encoding="utf-8")
    ingest_paths([corpus], store)
    return QAService(Settings(store=tmp_path, abstain_threshold=0.5, llm=llm), store)


def _passage(prompt: str, words: str) -> int:
    """The number of the shown passage that holds `words`."""
    for line in prompt.splitlines():
        match = re.match(r"\[(\d+)\] (.*)", line)
        if match and words in match.group(2):
            return int(match.group(1))
    raise AssertionError(f"no passage with {words!r} in the prompt")


def test_llm_answers_cite_the_passages_they_were_shown(
    tmp_path: Path, store: Store, fake_llm: FakeServer
) -> None:
    fake_llm.model = lambda p: (
        f"Dave Limp met the chief of staff [{_passage(p, 'Dave Limp')}]. "
        "He also won the lottery."  # uncited: dropped
    )
    service = _service(tmp_path, store, fake_llm.url)
    answer = service.ask("Who met the White House chief of staff?")
    assert answer.mode == "llm" and not answer.abstained
    assert answer.answer == "Dave Limp met the chief of staff [1]."
    assert "Dave Limp" in answer.citations[0].quote
    for c in answer.citations:
        assert store.article(c.article_id).text[c.start : c.end] == c.quote  # type: ignore[union-attr]
    assert "Question: Who met the White House chief of staff?" in fake_llm.prompts[-1]


def test_uncited_or_refusing_replies_leave_the_extractive_answer(
    tmp_path: Path, store: Store, fake_llm: FakeServer
) -> None:
    service = _service(tmp_path, store, fake_llm.url)
    for reply in ("Dave Limp met them.", "INSUFFICIENT", "It was Dave Limp [9]."):
        fake_llm.model = lambda p, reply=reply: reply  # type: ignore[misc]
        answer = service.ask("Who met the White House chief of staff?")
        assert answer.mode == "extractive" and answer.answer.startswith("Dave Limp.")


def test_questions_the_articles_do_not_answer_never_reach_the_llm(
    tmp_path: Path, store: Store, fake_llm: FakeServer
) -> None:
    service = _service(tmp_path, store, fake_llm.url)
    assert service.ask("What is the capital of France?").abstained
    assert fake_llm.prompts == []


def test_follow_ups_are_condensed_by_the_llm(
    tmp_path: Path, store: Store, fake_llm: FakeServer
) -> None:
    def model(prompt: str) -> str:
        if prompt.startswith(load_prompt("condense")[:40]):
            return (
                "Sure, here it is.\nHere is the rewritten question:\n"
                "What did the dock workers' union approve?"
            )
        return "INSUFFICIENT"

    fake_llm.model = model
    service = _service(tmp_path, store, fake_llm.url)
    history = [
        Turn(role="user", content="Who met the White House chief of staff?"),
        Turn(role="assistant", content="Dave Limp. Blue Origin chief executive Dave Limp ... [1]"),
    ]
    answer = service.ask("And what did they approve?", history)
    assert "user: Who met the White House chief of staff?" in fake_llm.prompts[0]
    # the carried-over terms alone would search for Blue Origin; the rewrite finds the port
    assert answer.citations[0].article_id == "port", answer


def test_a_dead_backend_gives_the_extractive_answer_with_a_warning(
    tmp_path: Path, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    service = _service(tmp_path, store, f"http://127.0.0.1:{port}/v1")
    with caplog.at_level(logging.WARNING, logger="newsdesk.llm"):
        answer = service.ask("Who met the White House chief of staff?")
        again = service.ask("Who met the White House chief of staff?")
    assert answer.mode == again.mode == "extractive" and answer.answer.startswith("Dave Limp.")
    assert len([r for r in caplog.records if "unavailable" in r.message]) == 1, "once a cool-down"


def test_a_missing_gguf_file_is_a_warning_not_a_failure(
    tmp_path: Path, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    service = _service(tmp_path, store, str(tmp_path / "missing.gguf"))
    with caplog.at_level(logging.WARNING, logger="newsdesk.llm"):
        assert service.ask("Who met the White House chief of staff?").mode == "extractive"
    assert "no GGUF file" in caplog.text


def test_grounding_keeps_sentences_their_passages_support_and_renumbers_markers() -> None:
    passages = [
        "The meeting lasted two hours in the West Wing.",
        "Nothing relevant here at all.",
        "Blue Origin chief executive Dave Limp met chief of staff Susie Wiles.",
    ]
    reply = (
        "Yes. Dave Limp met Susie Wiles [3]. The meeting lasted two hours [3, 1]. "
        "Bezos flew to Mars [3]. Limp also runs Amazon."
    )
    assert grounded(reply, passages) == (
        "Yes. Dave Limp met Susie Wiles [1]. The meeting lasted two hours [1][2].",
        [3, 1],
    )
    assert grounded("Limp met Wiles [4].", passages) is None, "no such passage"
    assert grounded("INSUFFICIENT", passages) is None
    echoed = "The original passage is:\n[1] The answer is:\n[2] According to the source:"
    assert grounded(echoed, passages) is None, "scaffolding, not claims"
    short = grounded("Dave Limp [3]. He met chief of staff Susie Wiles [3].", passages)
    assert short == ("Dave Limp [1]. He met chief of staff Susie Wiles [1].", [3])
    assert grounded("Yes [3]. Dave Limp met Susie Wiles [3].", passages) == (
        "Yes. Dave Limp met Susie Wiles [1].",
        [3],
    )
    assert grounded("Elon Musk [3].", passages) is None, "a short answer needs all its words"
    listed = "[3] Blue Origin chief executive Dave Limp met chief of staff Susie Wiles."
    assert grounded(listed, passages) is None, "a passage listed back is not a cited claim"


def _echo(path: str, conn: Connection) -> None:
    serve_replies(conn, lambda prompt: f"{path}: {prompt[:5]}")


def _picky(prompt: str) -> str:
    if prompt == "boom":
        raise ValueError("cannot answer boom")
    return prompt.upper()


def _picky_serve(path: str, conn: Connection) -> None:
    serve_replies(conn, _picky)


def _crash(path: str, conn: Connection) -> None:
    conn.send("ready")
    conn.recv()
    os.kill(os.getpid(), signal.SIGSEGV)


def _no_model(path: str, conn: Connection) -> None:
    conn.send(RuntimeError(f"could not load {path}"))


def test_a_gguf_worker_that_crashes_takes_down_only_itself(tmp_path: Path) -> None:
    worker = GGUFWorker(tmp_path / "m.gguf", timeout=20, serve=_echo)
    assert worker.ask("hello there").endswith("m.gguf: hello")
    assert worker.ask("again").endswith(": again"), "the same child answers again"
    worker.close()
    picky = GGUFWorker(tmp_path / "m.gguf", timeout=20, serve=_picky_serve)
    with pytest.raises(RuntimeError, match="cannot answer boom"):
        picky.ask("boom")
    assert picky.ask("fine") == "FINE", "a failed prompt does not end the worker"
    picky.close()
    crashing = GGUFWorker(tmp_path / "m.gguf", timeout=20, serve=_crash)
    with pytest.raises(RuntimeError, match="exited with code -11"):
        crashing.ask("hello")
    crashing.serve = _echo
    assert crashing.ask("after").endswith(": after"), "the next call starts a fresh child"
    with pytest.raises(RuntimeError, match="could not load"):
        GGUFWorker(tmp_path / "m.gguf", timeout=20, serve=_no_model).ask("hello")


def test_the_llm_is_never_shown_evidence_the_constraints_set_aside(
    tmp_path: Path, store: Store, fake_llm: FakeServer
) -> None:
    results = [
        {
            "id": "corvane",
            "title": "Corvane lifts its outlook",
            "source": "Market Desk",
            "published_at": "2024-11-20",
            "body": "Corvane reported third-quarter earnings of $1.85 per share on Tuesday.",
        },
        {
            "id": "halden",
            "title": "Halden Group results",
            "source": "Market Desk",
            "published_at": "2024-11-19",
            "body": "Halden Group reported third-quarter earnings of $0.92 per share.",
        },
    ]
    corpus = tmp_path / "r.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in results), encoding="utf-8")
    ingest_paths([corpus], store)
    fake_llm.model = lambda p: f"Halden earned $0.92 a share [{_passage(p, '0.92')}]."
    service = QAService(Settings(store=tmp_path, abstain_threshold=0.3, llm=fake_llm.url), store)
    answer = service.ask("How much were Halden Group's third-quarter earnings per share?")
    assert answer.mode == "llm"
    assert "1.85" not in fake_llm.prompts[-1]
