"""`POST /slack/events` for the web app: Events API, slash command and buttons in one route.

The route answers 503 without credentials (the web app still starts), 401 for a bad or stale
signature, and otherwise hands the request to bolt on a worker thread, so the event loop never
waits on bolt's ack or on `auth.test`.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from slack_bolt import BoltRequest
from slack_bolt.adapter.starlette.handler import to_starlette_response
from slack_sdk.signature import SignatureVerifier
from starlette.concurrency import run_in_threadpool

from newsdesk.slack.bot import SlackBot
from newsdesk.slack.replies import ServiceProvider
from newsdesk.slack.settings import SlackSettings

ERRORS = {
    401: {"description": "Missing, bad or stale Slack signature"},
    413: {"description": "The request body is over the size limit"},
    503: {"description": "Slack is not configured (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET)"},
}


class SlackEndpoint:
    """The route and, for `/readyz`, what is wrong with Slack; a bot only with credentials."""

    def __init__(self, settings: SlackSettings, service_provider: ServiceProvider) -> None:
        self.missing = settings.missing("http")
        self.bot = None if self.missing else SlackBot(settings, service_provider, mode="http")
        secret = settings.secret("slack_signing_secret")
        self._verifier = SignatureVerifier(secret) if secret else None
        self.router = APIRouter(tags=["slack"])
        self.router.add_api_route(
            "/slack/events",
            self.events,
            methods=["POST"],
            summary="Slack Events API, slash command and interactivity (signed requests only)",
            responses=ERRORS,  # type: ignore[arg-type]
        )

    async def events(self, request: Request) -> Response:
        if self.bot is None:
            need = " and ".join(self.missing)
            return _error(503, "slack_not_configured", f"Slack is not configured: set {need}")
        body = await request.body()
        if not self._signed(body, request):
            return _error(401, "invalid_signature", "the request is not signed by Slack")
        bolt_request = BoltRequest(
            body=body.decode("utf-8", errors="replace"),
            query=dict(request.query_params),
            headers=dict(request.headers),
        )
        bolt_response = await run_in_threadpool(self.bot.app.dispatch, bolt_request)
        return to_starlette_response(bolt_response)

    def problem(self) -> str | None:
        """None when Slack is unconfigured (nothing to check) or answering; else why not."""
        return self.bot.problem() if self.bot is not None else None

    def close(self) -> None:
        if self.bot is not None:
            self.bot.close()

    def _signed(self, body: bytes, request: Request) -> bool:
        """Slack's v0 HMAC over the body, at most five minutes old (bolt checks it again)."""
        timestamp = request.headers.get("x-slack-request-timestamp", "")
        signature = request.headers.get("x-slack-signature", "")
        if self._verifier is None or not timestamp.isdigit() or not signature:
            return False
        return self._verifier.is_valid(body, timestamp, signature)


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
