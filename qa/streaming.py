"""An answer as a stream: text pieces as they are ready, then the whole `Answer`.

The edges that stream (the OpenAI-compatible route, the chat page, Slack) iterate this; an LLM
answer arrives sentence by sentence as each one is grounded, an extractive one word by word once
it is composed. The pieces always concatenate to `Answer.answer`.
"""

from __future__ import annotations

import functools
import queue
import re
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor

from ingest.models import Filters
from qa.models import Answer, Turn
from qa.service import QAService, checked_question

_DONE = object()
ANSWERERS = 16  # streamed answers being composed at once; more wait their turn


@functools.cache
def _answerers() -> ThreadPoolExecutor:
    """Bounded: a flood of streaming requests queues instead of starting a thread each."""
    return ThreadPoolExecutor(max_workers=ANSWERERS, thread_name_prefix="newsdesk-answer")


def word_pieces(text: str) -> list[str]:
    """The text cut before each run of spaces: the pieces join back to it exactly."""
    return re.findall(r"\s*\S+", text) or ([text] if text else [])


def stream_answer(
    service: QAService,
    question: str,
    history: Sequence[Turn] = (),
    filters: Filters = Filters(),
) -> Iterator[str | Answer]:
    """Text pieces, then the Answer. A bad question raises here, before anything is sent."""
    question = checked_question(question)
    return _pieces(service, question, history, filters)


def _pieces(
    service: QAService, question: str, history: Sequence[Turn], filters: Filters
) -> Iterator[str | Answer]:
    pieces: queue.Queue[object] = queue.Queue()

    def run() -> None:
        try:
            pieces.put(service.ask(question, history, filters, on_text=pieces.put))
        except BaseException as exc:  # handed to the consumer, raised there
            pieces.put(exc)
        pieces.put(_DONE)

    _answerers().submit(run)
    streamed: list[str] = []
    while (item := pieces.get()) is not _DONE:
        if isinstance(item, BaseException):
            raise item
        if isinstance(item, Answer):
            if not streamed:  # extractive (or an LLM that kept nothing): composed whole
                yield from word_pieces(item.answer)
            yield item
        elif isinstance(item, str):
            streamed.append(item)
            yield item
