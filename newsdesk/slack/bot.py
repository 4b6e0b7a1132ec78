"""The bolt App: listeners that ack at once and hand the answering to a pool of their own.

Bolt runs listeners on one executor; if answering happened there, a few slow questions would hold
up the next slash command's ack past Slack's 3 seconds. So listeners only pick the work and
submit it; `Replies` does it on `SlackBot.pool`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.http_retry import all_builtin_retry_handlers

from newsdesk.slack import blocks
from newsdesk.slack.identity import BotIdentity
from newsdesk.slack.replies import Replies, ServiceProvider
from newsdesk.slack.settings import Mode, SlackNotConfigured, SlackSettings

log = logging.getLogger("newsdesk.slack")
Payload = dict[str, Any]
COMMAND = "/newsdesk"
ACK_WORKERS = 4  # listeners only ack and submit: a few threads keep up with any workspace


class SlackBot:
    """One bot: its bolt `app`, who it is (`identity`), and the pool that answers."""

    def __init__(
        self, settings: SlackSettings, service_provider: ServiceProvider, mode: Mode = "http"
    ) -> None:
        missing = settings.missing(mode)
        if missing:
            raise SlackNotConfigured(f"Slack is not configured: set {' and '.join(missing)}")
        self.settings = settings
        self.identity = BotIdentity(settings)
        self.replies = Replies(service_provider)
        self.pool = ThreadPoolExecutor(settings.slack_workers, thread_name_prefix="newsdesk-slack")
        self._acks = ThreadPoolExecutor(ACK_WORKERS, thread_name_prefix="newsdesk-slack-ack")
        identity = self.identity
        self.app = App(
            name="newsdesk",
            logger=logging.getLogger("newsdesk.slack.bolt"),
            client=WebClient(
                base_url=settings.slack_api_url,
                timeout=settings.slack_timeout,
                retry_handlers=all_builtin_retry_handlers(),  # a dropped connection, a 429
            ),
            signing_secret=settings.secret("slack_signing_secret"),
            # a plain function: bolt reads the parameter names, and a bound method has `self`
            authorize=lambda enterprise_id, team_id: identity.authorize(enterprise_id, team_id),
            request_verification_enabled=mode == "http",
            listener_executor=self._acks,
        )
        self._listen()

    def problem(self) -> str | None:
        """What keeps the bot from working (for `/readyz`), or None."""
        return self.identity.problem()

    def close(self) -> None:
        """Finish the answers under way, then stop the threads."""
        self._acks.shutdown(wait=True)
        self.pool.shutdown(wait=True)

    def _listen(self) -> None:
        self.app.event("app_mention")(self._on_mention)
        self.app.event("message")(self._on_message)
        self.app.command(COMMAND)(self._on_command)
        self.app.action(blocks.VOTE_UP)(self._on_vote)
        self.app.action(blocks.VOTE_DOWN)(self._on_vote)
        self.app.action(blocks.SHARE)(self._on_share)

    # Events are acked by bolt before their listener runs; commands and actions ack here, after
    # submitting, so work is queued in the order Slack sent it.

    def _on_mention(self, event: Payload, client: WebClient, context: BoltContext) -> None:
        self._submit(self.replies.mention, client, event, context.bot_user_id)

    def _on_message(self, event: Payload, client: WebClient, context: BoltContext) -> None:
        self._submit(self.replies.message, client, event, context.bot_user_id)

    def _on_command(self, ack: Ack, command: Payload, respond: Respond) -> None:
        self._submit(self.replies.command, respond, command, respond=respond)
        ack()

    def _on_vote(
        self,
        ack: Ack,
        body: Payload,
        action: Payload,
        client: WebClient,
        respond: Respond,
        context: BoltContext,
    ) -> None:
        self._submit(
            self.replies.vote, client, respond, body, action, context.bot_user_id, respond=respond
        )
        ack()

    def _on_share(self, ack: Ack, body: Payload, action: Payload, respond: Respond) -> None:
        self._submit(self.replies.share, respond, body, action, respond=respond)
        ack()

    def _submit(
        self, work: Callable[..., None], *args: Any, respond: Respond | None = None
    ) -> None:
        self.pool.submit(_run, work, args, respond)


def _run(work: Callable[..., None], args: tuple[Any, ...], respond: Respond | None) -> None:
    """Run one reply; what it could not handle itself is logged with its traceback and, where
    there is a response URL, the person gets a short apology instead of silence.
    """
    try:
        work(*args)
    except Exception:
        log.exception("Slack reply (%s) failed", getattr(work, "__name__", work))
        if respond is None:
            return
        try:
            respond(text=blocks.APOLOGY, response_type="ephemeral", replace_original=False)
        except Exception as exc:  # Slack itself unreachable: the failure above is logged
            log.warning("could not send the apology either: %s", exc)
