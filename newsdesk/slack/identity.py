"""Who the bot is (`auth.test`), asked lazily and remembered, because Slack may be unreachable.

Bolt would call `auth.test` at construction (a crash without network) or on every request until it
succeeds (with the Web API's long timeout, past Slack's 3-second ack window). Here the call has a
short timeout, a failure is remembered for a while and reported by `problem()` for `/readyz`, and
requests go on without the bot's ids meanwhile.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient

from newsdesk.slack.settings import SlackSettings

log = logging.getLogger("newsdesk.slack")


@dataclass(frozen=True)
class BotUser:
    user_id: str
    bot_id: str
    team_id: str


class BotIdentity:
    """`auth.test` once it answers; until then, at most one try per `slack_auth_retry` seconds."""

    def __init__(self, settings: SlackSettings, clock: Callable[[], float] = time.monotonic):
        self._token = settings.secret("slack_bot_token")
        self._client = WebClient(
            token=self._token,
            base_url=settings.slack_api_url,
            timeout=settings.slack_auth_timeout,
            retry_handlers=[],  # one short try: this runs before the ack
        )
        self._retry_after = settings.slack_auth_retry
        self._clock = clock
        self._lock = threading.Lock()
        self._user: BotUser | None = None
        self._error = "not checked yet"
        self._failed_at: float | None = None

    def get(self) -> BotUser | None:
        """The bot's ids, or None while `auth.test` fails (the reason is in `problem()`)."""
        if self._user is not None:
            return self._user
        with self._lock:
            if self._user is None and not self._resting():
                self._check()
            return self._user

    def problem(self) -> str | None:
        """None once `auth.test` has answered; else what is wrong, for `/readyz`."""
        return None if self.get() is not None else self._error

    def authorize(self, enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
        """Bolt's `authorize`: the bot token always, the bot's ids when they are known."""
        user = self.get()
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id or (user.team_id if user else None),
            bot_token=self._token,
            bot_user_id=user.user_id if user else None,
            bot_id=user.bot_id if user else None,
        )

    def _resting(self) -> bool:
        return self._failed_at is not None and self._clock() - self._failed_at < self._retry_after

    def _check(self) -> None:
        try:
            reply = self._client.auth_test()
            self._user = BotUser(
                user_id=str(reply["user_id"]),
                bot_id=str(reply.get("bot_id") or ""),
                team_id=str(reply.get("team_id") or ""),
            )
            log.info("Slack: signed in as %s", self._user.user_id)
        except Exception as exc:  # no network, a revoked token: serve on, and say so
            self._error = f"Slack auth.test failed: {exc}"
            self._failed_at = self._clock()
            log.warning("%s (retrying in %.0f s)", self._error, self._retry_after)
