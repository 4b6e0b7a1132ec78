"""Pure ASGI middleware: body size limits, and per request one JSON log line plus metrics.

Pure ASGI rather than `BaseHTTPMiddleware` so streamed answers pass through untouched and the
latency measured is the time to the last byte.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsdesk.api.errors import error_response
from newsdesk.api.metrics import Metrics
from qa.models import Answer

access_log = logging.getLogger("newsdesk.access")
error_log = logging.getLogger("newsdesk.api")
NOTES = "newsdesk.notes"  # scope key where a route leaves what the access line reports


def note_answer(request: Request, answer: Answer) -> None:
    """Count the answer and leave its mode and abstention for the request's log line."""
    request.app.state.metrics.observe_answer(answer)
    notes = request.scope.setdefault(NOTES, {})
    notes.update(abstained=answer.abstained, mode=answer.mode)


class BodyTooLarge(StarletteHTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"the request body is over {limit} bytes")


class BodyLimitMiddleware:
    """413 for bodies over the limit: uploads (multipart) get a larger one than JSON."""

    def __init__(self, app: ASGIApp, json_limit: int, upload_limit: int) -> None:
        self.app = app
        self.json_limit = json_limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        multipart = headers.get("content-type", "").startswith("multipart/form-data")
        limit = self.upload_limit if multipart else self.json_limit
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await error_response(413, "too_large", BodyTooLarge(limit).detail)(scope, receive, send)
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
            return message

        await self.app(scope, limited_receive, send)


class AccessMiddleware:
    """One `newsdesk.access` JSON line and the request metrics; unhandled errors become 500s."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500
        started = False
        scope[NOTES] = {}

        async def tracking_send(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status, started = message["status"], True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            error_log.exception("unhandled error on %s %s", scope["method"], scope["path"])
            status = 500
            if not started:
                response = error_response(500, "internal", "internal server error (logged)")
                await response(scope, receive, send)
        finally:
            self._record(scope, status, time.perf_counter() - start)

    def _record(self, scope: Scope, status: int, seconds: float) -> None:
        route = _route_label(scope)
        self.metrics.observe_request(route, scope["method"], status, seconds)
        line: dict[str, Any] = {
            "method": scope["method"],
            "route": route,
            "path": scope["path"],
            "status": status,
            "latency_ms": round(seconds * 1000, 2),
            **scope.get(NOTES, {}),
        }
        access_log.info(json.dumps(line))


def _route_label(scope: Scope) -> str:
    """The route template (`/v1/articles/{article_id}`), never the raw path: bounded labels."""
    route = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"
