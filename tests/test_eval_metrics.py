"""The scoring rules on hand-made cases, edge cases included (pure functions, no store)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.compare import below_floors, compare, parse_floors
from evals.metrics import (
    QuestionScore,
    aggregate,
    by_type,
    chunk_matches,
    contains_phrase,
    gold_verdict,
    is_correct,
    lead_correct,
)


def test_whole_phrase_matching() -> None:
    assert contains_phrase("The winner was Simona Halep, in 2019.", "simona halep")
    assert contains_phrase("It's Norway!", "Norway")
    assert not contains_phrase("There is not much", "no")
    assert not contains_phrase("I know", "no")
    assert not contains_phrase("See [1] for details", "1"), "citation markers are not answers"
    assert not contains_phrase("anything", "")


def test_verdicts_must_lead_the_answer() -> None:
    assert gold_verdict(["Yes"]) == "yes" and gold_verdict(["no."]) == "no"
    assert gold_verdict(["Norway"]) == "" and gold_verdict(["Yes", "No"]) == ""
    assert is_correct("Yes. Both reports agree [1].", False, ["Yes"], True)
    assert not is_correct("The reports say no such thing, yes.", False, ["Yes"], True)
    assert not is_correct("No [1]", False, ["Yes"], True)
    assert is_correct("No, the figures are consistent [1][2].", False, ["No"], True)


def test_word_cap_abstention_and_unanswerable_rules() -> None:
    long = "Norway " + "word " * 80
    assert not is_correct(long, False, ["Norway"], True)
    assert is_correct("Norway " + "word " * 79, False, ["Norway"], True)
    assert not is_correct("Norway [1]", True, ["Norway"], True), "an abstention is not an answer"
    assert is_correct("The articles don't say.", True, ["Insufficient information."], False)
    assert not is_correct("Paris", False, ["Insufficient information."], False)


def test_chunk_matching_needs_the_article_and_the_fact() -> None:
    assert chunk_matches("a1", "He said:  the deal\nis done.", "a1", "the deal is done.")
    assert not chunk_matches("a2", "the deal is done.", "a1", "the deal is done.")
    assert not chunk_matches("a1", "something else", "a1", "the deal is done.")
    assert chunk_matches("a1", "anything", "a1", "")


def score(**kw: object) -> QuestionScore:
    base: dict[str, object] = {"answerable": True, "correct": True, "abstained": False}
    return QuestionScore(**{**base, **kw})  # type: ignore[arg-type]


def test_retrieval_metrics_on_hand_made_rankings() -> None:
    scores = [
        score(hits=[[0], [], [1]], n_evidence=2),  # rank 1, both evidence items
        score(hits=[[], [], [], [], [], [0]], n_evidence=2),  # rank 6, half the evidence
        score(hits=[], n_evidence=1),  # empty retrieval
    ]
    m = aggregate(scores)
    assert m["hit_at_1"] == pytest.approx(1 / 3, abs=1e-4)
    assert m["hit_at_5"] == pytest.approx(1 / 3, abs=1e-4)
    assert m["mrr_at_10"] == pytest.approx((1 + 1 / 6 + 0) / 3, abs=1e-4)
    assert m["evidence_recall_at_10"] == pytest.approx((1 + 0.5 + 0) / 3, abs=1e-4)
    assert m["all_evidence_at_10"] == pytest.approx(1 / 3, abs=1e-4)


def test_hits_beyond_rank_ten_do_not_count() -> None:
    m = aggregate([score(hits=[[]] * 10 + [[0]], n_evidence=1)])
    assert (m["hit_at_5"], m["mrr_at_10"], m["evidence_recall_at_10"]) == (0.0, 0.0, 0.0)


def test_abstention_citation_verdict_and_length_metrics() -> None:
    scores = [
        score(answerable=False, correct=True, abstained=True),
        score(answerable=False, correct=False, abstained=False, words=5),
        score(correct=False, abstained=True, n_evidence=1, hits=[[0]]),
        score(verdict="yes", correct=True, citations_ok=[True, False], words=10),
        score(verdict="no", correct=False, citations_ok=[True], words=30),
    ]
    m = aggregate(scores)
    assert m["abstention_recall"] == 0.5
    assert m["abstention_precision"] == 0.5
    assert m["citation_precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert (m["verdict_accuracy_yes"], m["verdict_accuracy_no"]) == (1.0, 0.0)
    assert m["answer_words_p50"] == 10.0
    assert m["answer_accuracy"] == 0.4


def test_the_lead_must_name_the_answer_not_only_the_quote() -> None:
    gold = ["Lena Okafor"]
    assert lead_correct("Lena Okafor", gold) and lead_correct("Okafor", gold)
    assert lead_correct("Dr Lena Okafor", gold)
    assert not lead_correct("Mira Holt", gold) and not lead_correct("", gold)
    assert not lead_correct("Lena", gold)  # a given name alone is not the answer
    assert not lead_correct("5 billion", ["$5.5 billion"]) and not lead_correct("$10", ["$2.10"])
    assert not lead_correct("2025", ["March 22, 2025"]) and lead_correct("$5.5 billion", ["5.5"])
    assert lead_correct("November 15", ["15 November"])  # one date, in the other order
    assert lead_correct("March 22nd, 2025", ["22 Mar 2025"])
    assert not lead_correct("November 15", ["15 November 2019"])  # a year short
    assert not lead_correct("November 16", ["15 November"])
    assert not lead_correct("decades 5", ["5 decades"]) and not lead_correct("May 32", ["32 May"])
    assert is_correct("Mira Holt. Lena Okafor beat Mira Holt. [1]", False, gold, True)
    scores = [
        score(correct=True, lead_correct=False),
        score(correct=True, lead_correct=True),
        score(verdict="yes", correct=True, lead_correct=True),  # verdicts are not spans
        score(answerable=False, correct=True, abstained=True),
    ]
    assert aggregate(scores)["lead_accuracy"] == 0.5
    assert aggregate([score(correct=True)])["lead_accuracy"] is None  # an older record


def test_metrics_without_evidence_or_answerable_questions_are_none() -> None:
    m = aggregate([score(answerable=False, correct=True, abstained=True)])
    assert m["hit_at_1"] is None and m["evidence_recall_at_10"] is None
    assert m["abstention_recall"] == 1.0 and m["answer_words_p50"] is None
    assert aggregate([])["answer_accuracy"] is None


def test_by_type_splits_scores() -> None:
    scores = [score(question_type="a"), score(question_type="b", correct=False)]
    assert {t: m["answer_accuracy"] for t, m in by_type(scores).items()} == {"a": 1.0, "b": 0.0}


def test_floors_and_baselines() -> None:
    result = {
        "answer_accuracy": 0.5,
        "hit_at_1": None,
        "by_type": {"x": {"n": 3}},
        "latency_p50_ms": 40.0,
        "questions": [{"id": "q1", "correct": True, "question": "Q?", "answer": "A"}],
    }
    assert parse_floors(["answer_accuracy=0.6", "by_type.x.n=2"]) == {
        "answer_accuracy": 0.6,
        "by_type.x.n": 2.0,
    }
    with pytest.raises(ValueError):
        parse_floors(["answer_accuracy"])
    assert below_floors(result, {"answer_accuracy": 0.4, "by_type.x.n": 2}) == []
    assert len(below_floors(result, {"answer_accuracy": 0.6, "hit_at_1": 0.1})) == 2
    with pytest.raises(KeyError):
        below_floors(result, {"nope": 1})
    baseline = {
        "answer_accuracy": 0.4,
        "latency_p50_ms": 30.0,
        "questions": [{"id": "q1", "correct": False, "question": "Q?", "answer": "B"}],
    }
    lines = compare(result, baseline)
    assert any(line.startswith("better  answer_accuracy") for line in lines)
    assert any(line.startswith("worse   latency_p50_ms") for line in lines)
    assert any(line.startswith("fixed   q1") for line in lines)


def test_halves_split_a_question_file_in_two_fixed_disjoint_parts(tmp_path: Path) -> None:
    from evals.questions import half_of, load_questions

    path = tmp_path / "q.jsonl"
    rows = [
        {"id": f"own-{n}", "question": f"Who won race {n}?", "answers": ["X"]} for n in range(40)
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    a = {q.id for q in load_questions(path, "a")}
    b = {q.id for q in load_questions(path, "b")}
    assert a and b and not a & b and a | b == {r["id"] for r in rows}
    assert all(half_of(i) == "a" for i in a), "the same split every time"
