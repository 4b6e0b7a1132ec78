"""The Slack bot: cited answers in threads, follow-ups without a mention, votes as eval cases.

HTTP mode mounts `SlackEndpoint(...).router` (`POST /slack/events`) in the web app; Socket Mode
is `run_socket_mode` (`newsdesk slack`). Both answer through the one `QAService`.
"""

from newsdesk.slack.bot import SlackBot
from newsdesk.slack.http import SlackEndpoint
from newsdesk.slack.settings import SlackNotConfigured, SlackSettings
from newsdesk.slack.socket_mode import run_socket_mode

__all__ = ["SlackBot", "SlackEndpoint", "SlackNotConfigured", "SlackSettings", "run_socket_mode"]
