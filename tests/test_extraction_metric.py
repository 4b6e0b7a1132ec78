"""The extraction benchmark's shingle metric on hand-made texts (pure functions, no pages)."""

from __future__ import annotations

import pytest

from benchmarks.extraction_bench import aggregate, score

TRUTH = "The council voted on Tuesday to close the old bridge for repairs until spring."


def test_identical_texts_score_one_and_match_exactly() -> None:
    punctuated = "The council voted, on Tuesday, to close the old bridge for repairs until spring!"
    page = score(punctuated, TRUTH)
    assert (page.precision, page.recall, page.exact) == (1.0, 1.0, True)
    expected = {"precision": 1.0, "recall": 1.0, "f1": 1.0, "accuracy": 1.0, "pages": 1}
    assert aggregate([page]) == expected


def test_extra_text_costs_precision_not_recall() -> None:
    page = score(TRUTH + " Subscribe to our newsletter for more local news.", TRUTH)
    assert page.recall == 1.0
    assert page.precision is not None and page.precision < 1.0
    assert not page.exact
    assert page.tp + page.fp + page.fn == pytest.approx(1.0)


def test_empty_prediction_has_no_recall_and_is_left_out_of_precision() -> None:
    empty, perfect = score("", TRUTH), score(TRUTH, TRUTH)
    assert (empty.precision, empty.recall, empty.f1) == (None, 0.0, 0.0)
    metrics = aggregate([empty, perfect])
    assert (metrics["precision"], metrics["recall"], metrics["accuracy"]) == (1.0, 0.5, 0.5)


def test_texts_under_four_tokens_are_one_shorter_shingle() -> None:
    short = score("Bridge closed.", "Bridge  closed")
    assert (short.precision, short.recall, short.exact) == (1.0, 1.0, True)
    partial = score("Bridge closed", "Bridge closed today")  # a 2-token against a 3-token shingle
    assert (partial.precision, partial.recall, partial.f1) == (0.0, 0.0, 0.0)
    assert score("bridge closed", "Bridge closed").recall == 0.0, "tokens keep their case"
