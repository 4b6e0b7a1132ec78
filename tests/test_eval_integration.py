"""`newsdesk eval` end to end with the real model; its numbers recomputed independently."""

from __future__ import annotations

import json
import re
import statistics
from pathlib import Path

import numpy as np
import pytest

from newsdesk.cli import main
from tests.conftest import BENCHMARKS, needs_benchmarks

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[1]
CONTRACT_FIELDS = (
    "n", "hit_at_1", "hit_at_5", "mrr_at_10", "evidence_recall_at_10", "all_evidence_at_10",
    "answer_accuracy", "citation_precision", "abstention_precision", "abstention_recall",
    "latency_p50_ms", "latency_p95_ms", "by_type", "questions",
)  # fmt: skip
RECORD_FIELDS = (
    "id",
    "question",
    "answer",
    "abstained",
    "citations",
    "retrieved",
    "correct",
    "latency_ms",
)


def norm(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


def correct(q: dict) -> bool:
    """The benchmark README's answer rule, written again from its text."""
    if not q["answerable"]:
        return q["abstained"]
    answer = re.sub(r"\[\d+\]", " ", q["answer"])
    if q["abstained"] or len(answer.split()) > 80:
        return False
    golds = [norm(g) for g in q["gold"]]
    if len(set(golds)) == 1 and golds[0] in ("yes", "no"):
        return norm(answer).split()[:1] == [golds[0]]
    return any(g and f" {g} " in f" {norm(answer)} " for g in golds)


def recompute(questions: list[dict]) -> dict[str, float | None]:
    def mean(xs: list) -> float | None:
        return round(sum(xs) / len(xs), 4) if xs else None

    retrieval = [q for q in questions if q["answerable"] and q["n_evidence"]]
    first = [next((i + 1 for i, h in enumerate(q["hits"][:10]) if h), None) for q in retrieval]
    share = [len({e for h in q["hits"][:10] for e in h}) / q["n_evidence"] for q in retrieval]
    unanswerable = [q for q in questions if not q["answerable"]]
    abstained = [q for q in questions if q["abstained"]]
    cites = [
        c["verbatim"] and c["evidence"]
        for q in questions
        if q["answerable"] and not q["abstained"]
        for c in q["citations"]
    ]
    latencies = [q["latency_ms"] for q in questions]
    return {
        "n": len(questions),
        "hit_at_1": mean([f == 1 for f in first]),
        "hit_at_5": mean([f is not None and f <= 5 for f in first]),
        "mrr_at_10": mean([1 / f if f else 0 for f in first]),
        "evidence_recall_at_10": mean(share),
        "all_evidence_at_10": mean([s == 1 for s in share]),
        "answer_accuracy": mean([correct(q) for q in questions]),
        "citation_precision": mean(cites),
        "abstention_precision": mean([not q["answerable"] for q in abstained]),
        "abstention_recall": mean([q["abstained"] for q in unanswerable]),
        "latency_p50_ms": round(statistics.median(latencies), 2),
        "latency_p95_ms": round(float(np.percentile(latencies, 95)), 2),
    }


@needs_benchmarks()
@pytest.mark.parametrize("name", ["rgb", "multihop"])
def test_eval_json_has_every_field_and_recomputes(tmp_path: Path, name: str, capsys) -> None:
    out = tmp_path / "result.json"
    code = main(
        [
            "eval",
            "--corpus",
            str(BENCHMARKS / name / "corpus.jsonl"),
            "--questions",
            str(BENCHMARKS / name / "questions.dev.jsonl"),
            "--json",
            str(out),
        ]
    )
    table = capsys.readouterr().out
    assert code == 0 and "answer_accuracy" in table
    result = json.loads(out.read_text())
    for field in CONTRACT_FIELDS:
        assert field in result, field
    questions = result["questions"]
    assert len(questions) == result["n"] > 0
    for q in questions:
        for field in RECORD_FIELDS:
            assert field in q, field
        assert q["correct"] == correct(q), q["id"]
    for metric, value in recompute(questions).items():
        assert result[metric] == pytest.approx(value, abs=1e-3), metric
    if name == "multihop":
        assert set(result["by_type"]) >= {"comparison_query", "inference_query", "null_query"}
        sub = [q for q in questions if q["question_type"] == "inference_query"]
        assert result["by_type"]["inference_query"]["answer_accuracy"] == pytest.approx(
            recompute(sub)["answer_accuracy"], abs=1e-3
        )


def test_sample_set_report_baseline_and_floors(tmp_path: Path, capsys) -> None:
    out, report = tmp_path / "a.json", tmp_path / "report"
    assert main(["eval", "--set", "sample", "--json", str(out), "--report", str(report)]) == 0
    result = json.loads(out.read_text())
    page = (report / "index.html").read_text()
    assert "<svg" in page and "Answer accuracy by question type" in page
    for q in result["questions"]:
        if not q["correct"]:
            assert q["id"] in page
    assert any(q["history"] for q in result["questions"]), "multi-turn questions carry history"

    worse = json.loads(out.read_text())
    for q in worse["questions"]:
        q["correct"] = not q["correct"]
    worse["answer_accuracy"] = 0.0
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps(worse))
    capsys.readouterr()
    assert (
        main(
            [
                "eval",
                "--set",
                "sample",
                "--baseline",
                str(baseline),
                "--fail-under",
                "answer_accuracy=1.01",
            ]
        )
        == 1
    )
    captured = capsys.readouterr()
    assert "better  answer_accuracy: 0.0 ->" in captured.out
    assert "answer_accuracy" in captured.err and "below the floor" in captured.err
