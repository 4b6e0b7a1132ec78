"""Slack credentials and endpoints, read from Slack's own variable names (no `NEWSDESK_` prefix)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from newsdesk.errors import NewsdeskError

Mode = Literal["http", "socket"]

NEEDED: dict[Mode, tuple[str, ...]] = {
    "http": ("slack_bot_token", "slack_signing_secret"),
    "socket": ("slack_bot_token", "slack_app_token"),
}


class SlackSettings(BaseSettings):
    """`SLACK_BOT_TOKEN`, `SLACK_SIGNING_SECRET` (HTTP mode), `SLACK_APP_TOKEN` (Socket Mode).

    The names are the ones Slack's own docs and manifests use, so a workspace admin can paste them.
    """

    model_config = SettingsConfigDict(env_prefix="", env_file=None, extra="ignore")

    slack_bot_token: SecretStr | None = Field(default=None, description="xoxb- bot token.")
    slack_signing_secret: SecretStr | None = Field(
        default=None, description="Signs Events API requests (HTTP mode)."
    )
    slack_app_token: SecretStr | None = Field(
        default=None, description="xapp- app-level token with connections:write (Socket Mode)."
    )
    slack_api_url: str = Field(
        default="https://slack.com/api/", description="Web API base URL (tests use a fake)."
    )
    slack_timeout: int = Field(default=10, description="Seconds per Web API call.")
    slack_auth_timeout: int = Field(
        default=2,
        description="Seconds for auth.test: it runs before the ack, inside Slack's 3 s window.",
    )
    slack_auth_retry: float = Field(
        default=30.0, description="Seconds before a failed auth.test is tried again."
    )
    slack_workers: int = Field(default=4, description="Questions answered at the same time.")

    def missing(self, mode: Mode) -> list[str]:
        """The variables `mode` needs that are unset or empty, by their environment names."""
        return [
            name.upper()
            for name in NEEDED[mode]
            if not (value := getattr(self, name)) or not value.get_secret_value().strip()
        ]

    def secret(self, name: str) -> str:
        value: SecretStr | None = getattr(self, name)
        return value.get_secret_value().strip() if value else ""


class SlackNotConfigured(NewsdeskError):
    """The Slack variables a mode needs are not set (the route answers 503, the CLI says which)."""

    status = 503
    code = "slack_not_configured"
