"""Answers as streams: pieces that concatenate to the answer, LLM sentences sent as soon as they
are grounded (against a fake OpenAI-compatible server that really streams), errors up front."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ingest.store import Store
from newsdesk.errors import QuestionError
from qa.grounding import GroundedStream, grounded
from qa.models import Answer
from qa.streaming import stream_answer, word_pieces
from tests.conftest import FakeServer
from tests.test_llm import _passage, _service


def test_extractive_answers_stream_word_by_word(tmp_path: Path, store: Store) -> None:
    service = _service(tmp_path, store, llm="")
    *pieces, answer = stream_answer(service, "Who met the White House chief of staff?")
    assert isinstance(answer, Answer) and answer.mode == "extractive"
    assert len(pieces) > 3 and "".join(str(p) for p in pieces) == answer.answer
    assert word_pieces("Dave  Limp [1].") == ["Dave", "  Limp", " [1]."]


def test_llm_sentences_arrive_while_the_model_is_still_writing(
    tmp_path: Path, store: Store, fake_llm: FakeServer
) -> None:
    fake_llm.model = lambda p: (
        f"Dave Limp met the White House chief of staff [{_passage(p, 'Dave Limp')}]. "
        "He also won the lottery on Mars. "  # uncited: never shown
        f"The meeting lasted two hours [{_passage(p, 'two hours')}]."
    )
    fake_llm.chunk_delay = 0.05
    service = _service(tmp_path, store, fake_llm.url)
    received: list[tuple[float, str | Answer]] = []
    for item in stream_answer(service, "Who met the White House chief of staff?"):
        received.append((time.monotonic(), item))
    *pieces, (_, answer) = received
    assert isinstance(answer, Answer) and answer.mode == "llm"
    texts = [str(p) for _, p in pieces]
    assert texts == [
        "Dave Limp met the White House chief of staff [1].",
        " The meeting lasted two hours [1].",
    ] or texts == [
        "Dave Limp met the White House chief of staff [1].",
        " The meeting lasted two hours [2].",
    ]
    assert "".join(texts) == answer.answer and "lottery" not in answer.answer
    assert pieces[0][0] < fake_llm.sent_at[-1], "the first sentence came before the reply ended"


def test_a_bad_question_fails_before_streaming(tmp_path: Path, store: Store) -> None:
    service = _service(tmp_path, store, llm="")
    with pytest.raises(QuestionError):
        stream_answer(service, "   ")


def test_grounding_in_pieces_equals_grounding_whole() -> None:
    passages = ["Dave Limp met Susie Wiles at the White House.", "The talks lasted two hours."]
    reply = "Yes [1].\nDave Limp met Susie Wiles [1]. Mars is red. The talks lasted two hours [2]."
    emitted: list[str] = []
    stream = GroundedStream(passages, emitted.append)
    for i in range(0, len(reply), 3):
        stream.feed(reply[i : i + 3])
    whole = grounded(reply, passages)
    assert stream.finish() == whole
    assert whole is not None and "".join(emitted) == whole[0]
    assert whole[0] == "Yes. Dave Limp met Susie Wiles [1]. The talks lasted two hours [2]."
