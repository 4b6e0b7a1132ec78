"""all-MiniLM-L6-v2 through ONNX Runtime: fast on any CPU, exported here from the shipped weights.

Nothing is downloaded. The first use exports the bundled PyTorch weights to ONNX (`torch.onnx`,
about 3 s) and, for the int8 encoder, quantises the weights with ONNX Runtime's dynamic
quantisation (per channel; activations quantised on the fly), about 1 s. The files go to a cache
folder (`NEWSDESK_ENCODER_CACHE`, else `~/.cache/newsdesk/encoders`) under a name that hashes the
weights, the torch and onnxruntime versions and the variant, so they are made once per machine and
remade, identically, whenever any of those change. Two processes exporting at once take turns.

Vectors: the float export gives the same vectors as sentence-transformers (cosine 1.0000 on the
rgb corpus); int8 ones stay close (see README, "Encoders"), but they are another vector space: a
store records which one it was built with (`ingest.store`) and never mixes the two.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import logging
import os
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

FLOAT_SPACE = "all-MiniLM-L6-v2"  # torch fp32/bf16 and the float ONNX export: one vector space
INT8_SPACE = "all-MiniLM-L6-v2/int8"
WINDOW = 256  # word pieces the model reads (its max_seq_length), special tokens included
DIMENSIONS = 384
OPSET = 17


def cpu_summary() -> dict[str, object]:
    """The CPU's model and the vector-unit flags that decide these encoders' speed, for
    benchmark figures (a speed figure means little without them)."""
    model, flags = "", set[str]()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="ignore").splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name" and not model:
                model = value.strip()
            elif key.strip() == "flags" and not flags:
                flags = set(value.split())
    except OSError:
        pass
    wanted = ("avx2", "fma", "avx512f", "avx512_vnni", "avx_vnni", "avx512_bf16", "amx_bf16")
    return {"model": model, "cores": os.cpu_count(), "flags": [f for f in wanted if f in flags]}


def cache_dir() -> Path:
    configured = os.environ.get("NEWSDESK_ENCODER_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsdesk" / "encoders"


class OnnxEmbedder:
    """The ONNX export of the bundled model (int8 weights when `quantized`), batches of texts of
    similar length (less padding), mean pooling and unit length as sentence-transformers does."""

    def __init__(self, model_path: Path, batch_size: int = 64, quantized: bool = True) -> None:
        from tokenizers import Tokenizer

        self.model_path = model_path
        self.batch_size = batch_size
        self.quantized = quantized
        self.name = INT8_SPACE if quantized else FLOAT_SPACE
        self.window = WINDOW
        self.tags_alongside = True  # see ingest.embedding.Embedder
        self._tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        self._truncating = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        self._truncating.no_padding()
        self._truncating.enable_truncation(WINDOW)

    @property
    def session(self) -> Any:
        return _session(str(onnx_model(self.model_path, self.quantized)))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        encodings = self._truncating.encode_batch_fast(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        session = self.session
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                ids[row, : len(encodings[i].ids)] = encodings[i].ids
            mask = (np.arange(width)[None, :] < _lengths(encodings, batch)[:, None]).astype(
                np.int64
            )
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = session.run(None, feeds)[0]
            pooled = (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            out[batch] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True).clip(1e-12)
        return out

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        encodings = self._tokenizer.encode_batch_fast(list(texts), add_special_tokens=False)
        return [len(e.ids) for e in encodings]


def _lengths(encodings: Sequence[Any], batch: Sequence[int]) -> np.ndarray:
    return np.array([len(encodings[i].ids) for i in batch])


@functools.cache
def _session(path: str) -> Any:
    """One ONNX Runtime session per model file and process, on every core."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = os.cpu_count() or 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    # idle threads sleep rather than spin: spinning after each call takes the cores from the
    # rest of ingest (the NER, the writes) and of answering
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def onnx_model(model_path: Path, quantized: bool) -> Path:
    """The cached ONNX file for these weights, made first if missing (see module doc)."""
    folder = cache_dir() / _cache_key(model_path)
    target = folder / ("model-int8.onnx" if quantized else "model.onnx")
    if target.exists():
        return target
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only home: this process makes its own copy
        folder = Path(tempfile.mkdtemp(prefix="newsdesk-encoder-")) / _cache_key(model_path)
        folder.mkdir()
        target = folder / target.name
    with _exclusive(folder / ".lock"):
        float_model = folder / "model.onnx"
        if not float_model.exists():
            _export(model_path, float_model)
        if quantized and not target.exists():
            _quantize(float_model, target)
    return target


@functools.cache
def _cache_key(model_path: Path) -> str:
    digest = hashlib.sha256()
    with open(model_path / "model.safetensors", "rb") as weights:
        for block in iter(lambda: weights.read(1 << 20), b""):
            digest.update(block)
    versions = [metadata.version(p) for p in ("torch", "transformers", "onnxruntime")]
    digest.update(f"{versions} opset {OPSET}".encode())
    return digest.hexdigest()[:20]


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _export(model_path: Path, target: Path) -> None:
    """The transformer (without pooling) to ONNX, written beside `target` and then renamed."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # "Loading weights" on a command's stderr
    # eager attention: the SDPA path traces the padding mask as a constant
    model = AutoModel.from_pretrained(str(model_path), attn_implementation="eager").eval()

    class Encoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state

    ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102], [101, 7592, 102, 0, 0, 0]])
    names = ["input_ids", "attention_mask", "token_type_ids"]
    partial = target.with_suffix(".partial")
    # the tracer's warnings are about Python-side checks that hold for every input we pass
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Encoder(),
            (ids, (ids > 0).long(), torch.zeros_like(ids)),
            str(partial),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
            opset_version=OPSET,
            dynamo=False,
        )
    os.replace(partial, target)


def _quantize(source: Path, target: Path) -> None:
    """int8 weights, one scale per output channel: per-tensor scales cost too much accuracy
    (cosine to float down to 0.84 on the rgb corpus; per channel, 0.97 at worst)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    partial = target.with_suffix(".partial")
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # it logs a "consider pre-processing" warning on the root logger
    try:
        quantize_dynamic(str(source), str(partial), weight_type=QuantType.QInt8, per_channel=True)
    finally:
        root.setLevel(level)
    os.replace(partial, target)
