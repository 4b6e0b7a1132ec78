"""`POST /v1/ask`: the native route, the `Answer` exactly as `newsdesk ask --json` prints it."""

from __future__ import annotations

from fastapi import APIRouter, Request

from newsdesk.api import deps
from newsdesk.api.schemas import AskRequest, ErrorBody
from qa.models import Answer

router = APIRouter(tags=["answers"])


@router.post(
    "/v1/ask",
    response_model=Answer,
    response_model_exclude={"retrieved"},
    responses={400: {"model": ErrorBody}, 413: {"model": ErrorBody}, 422: {"model": ErrorBody}},
    summary="Answer a question with quote-level citations",
)
def ask(body: AskRequest, request: Request) -> Answer:
    return deps.ask(request, body.question, body.turns(), body.filters.to_filters())
