"""What routes share: the process's runtime, the API-key check and the one way to ask."""

from __future__ import annotations

import hmac
from collections.abc import Iterator, Sequence
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ingest.models import Filters
from newsdesk.api.errors import Unauthorized
from newsdesk.api.middleware import note_answer
from newsdesk.api.runtime import Runtime
from newsdesk.api.settings import WebSettings
from newsdesk.errors import QuestionError
from qa.models import Answer, Turn
from qa.streaming import stream_answer

bearer = HTTPBearer(auto_error=False, description="Needed when NEWSDESK_API_KEYS is set.")


def runtime(request: Request) -> Runtime:
    rt: Runtime = request.app.state.runtime
    return rt


RuntimeDep = Annotated[Runtime, Depends(runtime)]


def web_settings(request: Request) -> WebSettings:
    web: WebSettings = request.app.state.web
    return web


def require_key(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    """Every /v1 route: a configured key as `Authorization: Bearer KEY`, when keys are set."""
    keys = web_settings(request).api_keys
    if not keys:
        return
    given = credentials.credentials.encode() if credentials else b""
    if not any(hmac.compare_digest(given, key.encode()) for key in keys):
        raise Unauthorized("a valid API key is needed: send Authorization: Bearer KEY")


def _check_history(request: Request, history: Sequence[Turn]) -> None:
    limit = web_settings(request).max_history_turns
    if len(history) > limit:
        raise QuestionError(f"the conversation is too long ({len(history)} turns, at most {limit})")


def ask(request: Request, question: str, history: Sequence[Turn], filters: Filters) -> Answer:
    """The one call every answering route makes (blocking: routes run it in the threadpool)."""
    _check_history(request, history)
    answer = runtime(request).service().ask(question, history, filters)
    note_answer(request, answer)
    return answer


def ask_stream(
    request: Request, question: str, history: Sequence[Turn], filters: Filters
) -> Iterator[str | Answer]:
    """`ask` as text pieces then the Answer; a bad question raises here, before any byte."""
    _check_history(request, history)
    return stream_answer(runtime(request).service(), question, history, filters)
