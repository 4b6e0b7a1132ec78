"""`newsdesk slack`: the same bot over Socket Mode, for workspaces that cannot reach this host.

Slack pushes events over a WebSocket the bot opens (`SLACK_APP_TOKEN`), so no public URL and no
signing secret are needed; the listeners and replies are the HTTP mode's.
"""

from __future__ import annotations

import logging
import threading

from slack_bolt.adapter.socket_mode import SocketModeHandler

from newsdesk.errors import BackendUnavailable
from newsdesk.slack.bot import SlackBot
from newsdesk.slack.replies import ServiceProvider
from newsdesk.slack.settings import SlackSettings

log = logging.getLogger("newsdesk.slack")


def run_socket_mode(
    settings: SlackSettings,
    service_provider: ServiceProvider,
    stop: threading.Event | None = None,
) -> None:
    """Connect, answer until Ctrl-C (or until `stop` is set), then disconnect and finish.

    SlackNotConfigured without the tokens; BackendUnavailable when Slack cannot be reached.
    """
    bot = SlackBot(settings, service_provider, mode="socket")
    handler = SocketModeHandler(bot.app, app_token=settings.secret("slack_app_token"), logger=log)
    try:
        try:
            handler.connect()
        except Exception as exc:
            raise BackendUnavailable(f"cannot connect to Slack: {exc}") from exc
        log.info("Slack Socket Mode: connected; Ctrl-C stops")
        (stop or threading.Event()).wait()
    except KeyboardInterrupt:
        log.info("Slack Socket Mode: stopping")
    finally:
        handler.close()
        bot.close()
