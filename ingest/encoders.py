"""all-MiniLM-L6-v2 through ONNX Runtime: fast on any CPU, exported here from the shipped weights.

Nothing is downloaded. The first use exports the bundled PyTorch weights to ONNX (`torch.onnx`,
about 3 s) and makes the variant asked for from that float export:
- `w8a8` (`_quantize_w8a8`, about 2 s): int8 weights and int8 activations scaled per token after
  SmoothQuant, calibrated on `calibration.txt`; what a new store gets (`ingest.embedding`).
- `int8` (`_quantize`, about 1 s): ONNX Runtime's dynamic quantisation (int8 weights per channel,
  activations scaled per batch); kept for the stores built with it.
The files go to a cache folder (`NEWSDESK_ENCODER_CACHE`, else `~/.cache/newsdesk/encoders`)
under a name that hashes the weights, the torch, transformers and onnxruntime versions and the
calibration, so they are made once per machine and remade, identically, whenever any of those
change. Two processes exporting at once take turns.

Vectors: the float export gives the same vectors as sentence-transformers (cosine 1.0000 on the
rgb corpus); w8a8 and int8 ones stay close (see README, "Encoders"), but each is its own vector
space: a store records which one it was built with (`ingest.store`) and never mixes them.
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
INT8_SPACE = "all-MiniLM-L6-v2/int8"  # int8 weights, activations scaled per batch
W8A8_SPACE = "all-MiniLM-L6-v2/w8a8"  # int8 weights, activations smoothed and scaled per token
SPACES = {"float": FLOAT_SPACE, "int8": INT8_SPACE, "w8a8": W8A8_SPACE}  # by ONNX variant
FILES = {"float": "model.onnx", "int8": "model-int8.onnx", "w8a8": "model-w8a8.onnx"}
CALIBRATION = Path(__file__).with_name("calibration.txt")
# SmoothQuant's migration strength: how much of an activation channel's range moves into the
# weights. 0.3 / 0.5 / 0.7 / 0.8 / 0.9 gave min cosine to float 0.985 / 0.988 / 0.991 / 0.991 /
# 0.989 on the rgb corpus's sentences; 0.7 is the usual choice and was the best.
SMOOTHING = 0.7
# Raised whenever `_quantize_w8a8` makes a different graph, so cached files are made again.
W8A8_REVISION = 2
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
    """The ONNX export of the bundled model, as `variant` (float, int8 or w8a8: see module doc),
    batches of texts of similar length (less padding), mean pooling and unit length as
    sentence-transformers does."""

    def __init__(self, model_path: Path, batch_size: int = 64, variant: str = "w8a8") -> None:
        from tokenizers import Tokenizer

        self.model_path = model_path
        self.batch_size = batch_size
        self.variant = variant
        self.name = SPACES[variant]
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
        return _session(str(onnx_model(self.model_path, self.variant)))

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


def onnx_model(model_path: Path, variant: str) -> Path:
    """The cached ONNX file of this variant for these weights, made first if missing (see
    module doc)."""
    folder = cache_dir() / _cache_key(model_path)
    target = folder / FILES[variant]
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
        if variant == "int8" and not target.exists():
            _quantize(float_model, target)
        elif variant == "w8a8" and not target.exists():
            _quantize_w8a8(float_model, target, model_path)
    return target


@functools.cache
def _cache_key(model_path: Path) -> str:
    digest = hashlib.sha256()
    with open(model_path / "model.safetensors", "rb") as weights:
        for block in iter(lambda: weights.read(1 << 20), b""):
            digest.update(block)
    versions = [metadata.version(p) for p in ("torch", "transformers", "onnxruntime")]
    digest.update(f"{versions} opset {OPSET} w8a8 {SMOOTHING} {W8A8_REVISION}".encode())
    digest.update(CALIBRATION.read_bytes())
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


def _quantize_w8a8(source: Path, target: Path, model_path: Path) -> None:
    """int8 weights and int8 activations with one scale per token, not per batch, so one
    token's outliers do not coarsen every other token's values; and before that, SmoothQuant:
    each input channel of a matrix is divided by a power of two, and its weights' row
    multiplied by it, so that the few channels with large activations (up to 30 where most stay
    under 2, after the layer norms) lend range to the weights. The channels' largest values are
    measured on the float model over `calibration.txt`. QuantizeLinear per row, then ONNX
    Runtime's MatMulIntegerToFloat (int8 product and the weights' scales in one operator; its
    activation scale can only be per tensor, so each row's is applied after): cosine to float
    0.990 at worst on the rgb corpus's sentences, where `_quantize` gives 0.959, at about 1.2
    times its time."""
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(source))
    graph = model.graph
    weights = {w.name: numpy_helper.to_array(w) for w in graph.initializer}
    matmuls = [n for n in graph.node if n.op_type == "MatMul" and n.input[1] in weights]
    largest = _channel_maxima(model, sorted({n.input[0] for n in matmuls}), model_path)
    weight_rows: dict[str, np.ndarray] = {}
    for n in matmuls:  # the largest weight of each input channel, over the matrices it feeds
        rows = np.abs(weights[n.input[1]]).max(axis=1)
        weight_rows[n.input[0]] = np.maximum(weight_rows.get(n.input[0], rows), rows)
    added: list[Any] = []
    replaced = {id(n) for n in matmuls}

    def const(name: str, value: np.ndarray) -> str:
        added.append(numpy_helper.from_array(value, name))
        return name

    const("w8a8_127", np.array(127.0, np.float32))
    const("w8a8_tiny", np.array(1e-8, np.float32))
    const("w8a8_zero", np.array(128, np.uint8))
    const("w8a8_one", np.array(1.0, np.float32))
    const("w8a8_flat", np.array([-1], np.int64))
    nodes: list[Any] = []
    quantized: dict[str, tuple[str, np.ndarray]] = {}  # input -> (its prefix, channel scale)
    for i, n in enumerate(graph.node):
        if id(n) not in replaced:
            nodes.append(n)
            continue
        x = n.input[0]
        if x not in quantized:
            q = f"w8a8_x{len(quantized)}_"
            ratio = np.maximum(largest[x], 1e-5) ** SMOOTHING
            ratio /= np.maximum(weight_rows[x], 1e-5) ** (1 - SMOOTHING)
            scale = (2.0 ** np.round(np.log2(ratio))).astype(np.float32)  # exact in float
            nodes += [
                helper.make_node("Mul", [x, const(q + "unscale", 1 / scale)], [q + "x"]),
                helper.make_node("Abs", [q + "x"], [q + "abs"]),
                helper.make_node("ReduceMax", [q + "abs"], [q + "max"], axes=[-1], keepdims=1),
                helper.make_node("Max", [q + "max", "w8a8_tiny"], [q + "max1"]),
                helper.make_node("Div", [q + "max1", "w8a8_127"], [q + "step"]),
                helper.make_node("Reshape", [q + "step", "w8a8_flat"], [q + "steps"]),
                helper.make_node("Shape", [q + "steps"], [q + "rows"]),
                helper.make_node("Expand", ["w8a8_zero", q + "rows"], [q + "zeros"]),
                helper.make_node("Shape", [x], [q + "shape"]),
                helper.make_node(
                    "Reshape",
                    [q + "x", const(q + "2d", np.array([-1, len(scale)], np.int64))],
                    [q + "x2"],
                ),
                helper.make_node(
                    "QuantizeLinear", [q + "x2", q + "steps", q + "zeros"], [q + "q2"], axis=0
                ),
                helper.make_node("Reshape", [q + "q2", q + "shape"], [q + "q"]),
            ]
            quantized[x] = (q, scale)
        q, scale = quantized[x]
        matrix = weights[n.input[1]].astype(np.float32) * scale[:, None]
        column = np.abs(matrix).max(axis=0) / 127.0
        column[column == 0] = 1e-8
        ints = np.clip(np.round(matrix / column), -127, 127).astype(np.int8)
        m = f"w8a8_m{i}_"
        nodes += [
            helper.make_node(
                "MatMulIntegerToFloat",
                [
                    q + "q",
                    const(m + "w", ints),
                    "w8a8_one",
                    const(m + "scale", column.astype(np.float32)),
                    "w8a8_zero",
                ],
                [m + "y"],
                domain="com.microsoft",
            ),
            helper.make_node("Mul", [m + "y", q + "step"], [n.output[0]]),
        ]
    del graph.node[:]
    graph.node.extend(nodes)
    model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    used = {name for node in nodes for name in node.input}
    kept = [w for w in graph.initializer if w.name in used]
    del graph.initializer[:]
    graph.initializer.extend([*kept, *added])
    partial = target.with_suffix(".partial")
    onnx.save(model, str(partial))
    os.replace(partial, target)


def _channel_maxima(model: Any, inputs: list[str], model_path: Path) -> dict[str, np.ndarray]:
    """The largest absolute value of each channel of each of `inputs` (the float model's
    activations), over the calibration sentences."""
    import onnx
    import onnxruntime as ort

    probe = onnx.ModelProto()
    probe.CopyFrom(model)
    for name in inputs:
        probe.graph.output.append(
            onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None)
        )
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(probe.SerializeToString(), options, ["CPUExecutionProvider"])
    lines = CALIBRATION.read_text(encoding="utf-8").splitlines()
    texts = [t for t in lines if t.strip() and not t.startswith("#")]
    tokenizer = OnnxEmbedder(model_path, variant="float")._truncating
    encodings = tokenizer.encode_batch_fast(texts)
    largest = {name: np.zeros(0, dtype=np.float32) for name in inputs}
    for start in range(0, len(encodings), 32):
        batch = encodings[start : start + 32]
        width = max(len(e.ids) for e in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        for row, e in enumerate(batch):
            ids[row, : len(e.ids)] = e.ids
        mask = ids != 0
        feeds = {
            "input_ids": ids,
            "attention_mask": mask.astype(np.int64),
            "token_type_ids": np.zeros_like(ids),
        }
        for name, value in zip(inputs, session.run(inputs, feeds), strict=True):
            seen = np.abs(value[mask]).max(axis=0)
            largest[name] = seen if not largest[name].size else np.maximum(largest[name], seen)
    return largest
