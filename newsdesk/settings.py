"""One typed settings object, built at start-up and passed down (never read at import time)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything configurable, from `NEWSDESK_*` variables, an optional `.env` file or flags."""

    model_config = SettingsConfigDict(env_prefix="NEWSDESK_", env_file=None, extra="ignore")

    store: Path = Field(default=Path(".newsdesk"), description="Store folder (SQLite + Chroma).")
    chroma_url: str | None = Field(default=None, description="Use a Chroma server at this URL.")
    database_url: str | None = Field(
        default=None,
        description="Keep the catalog in this PostgreSQL database (postgresql://USER@HOST/DB)"
        " instead of the store folder's SQLite file.",
    )
    collection: str = Field(
        default="",
        description="Chroma collection of a new store; default: named from the store's own id.",
    )
    writer_wait: float = Field(
        default=300.0, description="Seconds a write waits for another writer ('store is busy')."
    )
    max_article_chars: int = Field(
        default=1_000_000, description="Longest article text ingested; longer ones are refused."
    )

    embedding_model_path: Path | None = Field(
        default=None,
        description="Folder of a sentence-transformers model; default: the bundled one.",
    )
    embed_batch_size: int = 32
    embed_precision: Literal["auto", "fp32", "bf16"] = Field(
        default="auto", description="torch encoder: bf16 where the CPU has bf16 matmuls, else fp32."
    )
    encoder: Literal["auto", "torch", "onnx", "onnx-w8a8", "onnx-int8"] = Field(
        default="auto",
        description="What embeds text (ingest/encoders.py): auto keeps a store's own vector space"
        " on its fastest encoders (a new store: w8a8); onnx (or torch) makes a float store;"
        " onnx-int8 is the older, less exact int8.",
    )

    chunk_max_tokens: int = Field(default=200, description="Word pieces per chunk, title included.")
    chunk_overlap_sentences: int = 1
    duplicate_threshold: float = Field(default=0.9, description="Shingle Jaccard for near-dupes.")

    top_k: int = 10
    abstain_threshold: float = Field(
        default=0.4406, description="Evidence score under which answers abstain (qa.calibrate)."
    )
    verdict_threshold: float = Field(
        default=0.65,
        description="Support each part of a Yes/No question needs for a Yes (newsdesk calibrate).",
    )
    llm: str | None = Field(default=None, description="OpenAI-compatible /v1 URL or a GGUF path.")
    llm_model: str | None = Field(
        default=None, description="Model name; default: the first served."
    )
    llm_api_key: str | None = Field(default=None, description="Sent as a bearer token, if set.")
    llm_timeout: float = Field(default=30.0, description="Seconds before a backend counts as dead.")

    fetch_timeout: float = Field(
        default=10.0, description="Seconds one web request may take (ingest URL..., watch)."
    )
    fetch_host_interval: float = Field(
        default=1.0, description="Seconds between requests to one host (more if robots.txt asks)."
    )
    fetch_max_bytes: int = Field(
        default=5_000_000, description="Largest page or feed downloaded; bigger ones are refused."
    )
    fetch_max_redirects: int = Field(default=5, description="Redirects followed per request.")
    fetch_contact: str = Field(
        default="", description="URL or e-mail in the User-Agent, so a site can reach you."
    )
