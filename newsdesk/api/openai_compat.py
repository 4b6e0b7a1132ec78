"""OpenAI-compatible chat (`/v1/chat/completions`, `/v1/models`) over the same `Answer`.

The reply's content carries the `[n]` markers; `citations` (and `newsdesk`: abstained, mode) sit
beside `choices`, in the final chunk when streaming, where plain OpenAI clients ignore them.
"""

from __future__ import annotations

import functools
import json
import logging
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from newsdesk.api import deps
from newsdesk.api.middleware import note_answer
from newsdesk.api.schemas import (
    ChatCompletion,
    ChatMessage,
    ChatRequest,
    ErrorBody,
    FiltersIn,
    Model,
    ModelList,
)
from newsdesk.errors import NewsdeskError, QuestionError
from qa.models import Answer, Turn

log = logging.getLogger("newsdesk.api")
MODEL_ID = "newsdesk"
HISTORY_ROLES = ("user", "assistant")  # system, developer and tool messages carry no turns
router = APIRouter(tags=["openai-compatible"])


def split_messages(messages: Sequence[ChatMessage]) -> tuple[str, list[Turn]]:
    """The question is the last message (a user's); earlier user/assistant turns are history."""
    if messages[-1].role != "user":
        raise QuestionError("the last message must be the user's question")
    history = [
        Turn(role=m.role, content=m.text()) for m in messages[:-1] if m.role in HISTORY_ROLES
    ]
    return messages[-1].text(), [t for t in history if t.content.strip()]


def usage(question: str, answer: str) -> dict[str, int]:
    """Word counts: clients want the field; Newsdesk has no tokenizer-billed model behind it."""
    prompt, completion = len(question.split()), len(answer.split())
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


def _extras(answer: Answer) -> dict[str, Any]:
    return {
        "citations": [c.model_dump() for c in answer.citations],
        "newsdesk": {"abstained": answer.abstained, "mode": answer.mode},
    }


def completion(answer: Answer, question: str, model: str) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "system_fingerprint": None,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": answer.answer},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": usage(question, answer.answer),
        **_extras(answer),
    }


def stream_events(
    pieces: Iterator[str | Answer],
    question: str,
    model: str,
    include_usage: bool,
    on_answer: Callable[[Answer], None],
) -> Iterator[str]:
    """Server-sent events in OpenAI's chunk format as the answer is written, ending with
    `data: [DONE]`; the final chunk carries the citations. A failure after the first byte is
    sent as an `error` event (OpenAI's streaming shape), logged with its traceback."""
    base = {
        "id": f"chatcmpl-{uuid.uuid4().hex}",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "system_fingerprint": None,
    }
    extra: dict[str, Any] = {"usage": None} if include_usage else {}

    def event(delta: dict[str, str], finish: str | None = None, **more: Any) -> str:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        chunk = {**base, "choices": [choice], **extra, **more}
        return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"

    yield event({"role": "assistant", "content": ""})
    try:
        for piece in pieces:
            if isinstance(piece, Answer):
                on_answer(piece)
                yield event({}, "stop", **_extras(piece))
                if include_usage:
                    last = {**base, "choices": [], "usage": usage(question, piece.answer)}
                    yield f"data: {json.dumps(last)}\n\n"
            else:
                yield event({"content": piece})
    except Exception as exc:  # the status line is gone: tell the client in the stream
        log.exception("answer stream failed")
        code = exc.code if isinstance(exc, NewsdeskError) else "internal"
        error = {"error": {"code": code, "message": str(exc) or type(exc).__name__}}
        yield f"data: {json.dumps(error)}\n\n"
    yield "data: [DONE]\n\n"


@router.post(
    "/v1/chat/completions",
    response_model=ChatCompletion,
    responses={
        200: {"content": {"text/event-stream": {"description": "chat.completion.chunk events"}}},
        400: {"model": ErrorBody},
        413: {"model": ErrorBody},
        422: {"model": ErrorBody},
    },
    summary="OpenAI-compatible chat: the last user message is the question",
)
def chat_completions(body: ChatRequest, request: Request) -> Any:
    question, history = split_messages(body.messages)
    filters = (body.filters or FiltersIn()).to_filters()
    model = body.model or MODEL_ID
    if not body.stream:
        answer = deps.ask(request, question, history, filters)
        return completion(answer, question, model)
    pieces = deps.ask_stream(request, question, history, filters)  # bad input: raised here
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    return StreamingResponse(
        stream_events(
            pieces, question, model, include_usage, functools.partial(note_answer, request)
        ),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.get("/v1/models", response_model=ModelList, summary="The one model: newsdesk")
def models(request: Request) -> ModelList:
    return ModelList(data=[Model(id=MODEL_ID, created=request.app.state.started)])
