"""Abstention threshold fitting: the evidence score that best separates answerable questions
from ones the corpus cannot answer (pure; `newsdesk calibrate` feeds it labelled questions)."""

from __future__ import annotations

from collections.abc import Sequence


def abstention_f1(scores: Sequence[float], answerable: Sequence[bool], cut: float) -> float:
    """F1 of "abstain when the score is under `cut`" against "the corpus cannot answer"."""
    abstained = [s < cut for s in scores]
    true = sum(a and not ok for a, ok in zip(abstained, answerable, strict=True))
    if not true:
        return 0.0
    precision = true / sum(abstained)
    recall = true / sum(not ok for ok in answerable)
    return 2 * precision * recall / (precision + recall)


def fit_threshold(scores: Sequence[float], answerable: Sequence[bool]) -> tuple[float, float]:
    """The threshold with the best abstention F1 (precision and recall both count: a wrong
    refusal is as visible to users as an invented answer), and that F1.

    Midpoints between neighbouring scores are tried; ties go to the lower threshold.
    """
    if all(answerable) or not any(answerable):
        raise ValueError("calibration needs both answerable and unanswerable questions")
    values = sorted(set(scores))
    cuts = [(a + b) / 2 for a, b in zip(values, values[1:], strict=False)] + [values[-1] + 1e-6]
    best = max(cuts, key=lambda c: (round(abstention_f1(scores, answerable, c), 12), -c))
    return round(best, 4), round(abstention_f1(scores, answerable, best), 4)
