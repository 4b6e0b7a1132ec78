"""Web-only settings (keys, CORS, limits), read from `NEWSDESK_*` like the core `Settings`."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class WebSettings(BaseSettings):
    """What only the HTTP service needs; lists come comma-separated (`NEWSDESK_API_KEYS=a,b`)."""

    model_config = SettingsConfigDict(env_prefix="NEWSDESK_", env_file=None, extra="ignore")

    api_keys: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Bearer keys for /v1/*; empty: no key needed."
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Origins allowed to call the API from a browser."
    )
    max_json_bytes: int = Field(default=2_000_000, description="Largest JSON request body.")
    max_upload_bytes: int = Field(default=10_000_000, description="Largest multipart upload.")
    max_history_turns: int = Field(default=20, description="Earlier messages a question may carry.")

    @field_validator("api_keys", "cors_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value
