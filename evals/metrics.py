"""Scoring rules of shared/benchmarks/README.md as pure functions of per-question records."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

WORD_CAP = 80
VERDICTS = ("yes", "no")
_MARKER = re.compile(r"\[\d+\]")


def normalise_answer(text: str) -> str:
    """Lower-case; every run of non-alphanumeric characters becomes one space (é is a letter)."""
    return re.sub(r"[\W_]+", " ", text.lower()).strip()


def strip_markers(answer: str) -> str:
    """Citation markers are not answer words: "[1]" must not match a gold answer "1"."""
    return _MARKER.sub(" ", answer)


def answer_words(answer: str) -> int:
    return len(strip_markers(answer).split())


def contains_phrase(answer: str, gold: str) -> bool:
    """Whole-phrase match between word boundaries ("no" does not match "not" or "know")."""
    phrase = normalise_answer(gold)
    return bool(phrase) and f" {phrase} " in f" {normalise_answer(strip_markers(answer))} "


def gold_verdict(answers: Sequence[str]) -> str:
    """ "yes" or "no" when the gold answer is a verdict, else ""."""
    golds = {normalise_answer(a) for a in answers}
    return golds.pop() if len(golds) == 1 and golds <= set(VERDICTS) else ""


def is_correct(answer: str, abstained: bool, answers: Sequence[str], answerable: bool) -> bool:
    if not answerable:
        return abstained
    if abstained or answer_words(answer) > WORD_CAP:
        return False
    verdict = gold_verdict(answers)
    if verdict:
        words = normalise_answer(strip_markers(answer)).split()
        return bool(words) and words[0] == verdict
    return any(contains_phrase(answer, gold) for gold in answers)


def lead_correct(lead: str, answers: Sequence[str]) -> bool:
    """The short answer names a gold answer ("Lena Okafor" for "Okafor"), or is the surname or
    trailing words of one ("Okafor" for "Lena Okafor"; not for figures and dates: "5 billion"
    is not "$5.5 billion", nor "2025" "March 22, 2025"), or is the same date written in the
    other order ("November 15" for "15 November"); a verdict's is the verdict."""
    said = normalise_answer(lead)
    if not said:
        return False
    return any(
        contains_phrase(lead, gold)
        or (_date_parts(said) is not None and _date_parts(said) == _date_parts(gold))
        or (
            not any(ch.isdigit() for ch in said)
            and f" {normalise_answer(gold)}".endswith(f" {said}")
        )
        for gold in answers
    )


_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_DAY_FIRST = re.compile(rf"{_DAY} {_MONTH}(?: (\d{{4}}))?")
_MONTH_FIRST = re.compile(rf"{_MONTH} {_DAY}(?: (\d{{4}}))?")


def _date_parts(text: str) -> tuple[int, int, str] | None:
    """(month, day, year) of a text that is one date written day first or month first ("15
    November", "November 15th, 2019"; "" where no year is written), None for other texts."""
    said = normalise_answer(text)
    if found := _DAY_FIRST.fullmatch(said):
        day, month, year = found.groups()
    elif found := _MONTH_FIRST.fullmatch(said):
        month, day, year = found.groups()
    else:
        return None
    if not 1 <= int(day) <= 31:
        return None
    return _MONTHS.index(month[:3]) + 1, int(day), year or ""


def chunk_matches(chunk_article: str, chunk_text: str, evidence_article: str, fact: str) -> bool:
    """A chunk satisfies an evidence item: same article and, where a fact is given, contains it."""
    if chunk_article != evidence_article:
        return False
    if not fact:
        return True
    return re.sub(r"\s+", "", fact) in re.sub(r"\s+", "", chunk_text)


@dataclass
class QuestionScore:
    """What the aggregate metrics need from one question (all derivable from its record)."""

    answerable: bool
    correct: bool
    abstained: bool
    lead_correct: bool | None = None  # None: a record from before leads were measured
    verdict: str = ""  # gold verdict, "yes"/"no", or ""
    hits: list[list[int]] = field(default_factory=list)  # per rank: evidence items it satisfies
    n_evidence: int = 0
    citations_ok: list[bool] = field(default_factory=list)  # verbatim and from evidence
    citations_verbatim: list[bool] = field(default_factory=list)
    words: int = 0
    latency_ms: float = 0.0
    question_type: str = ""


def first_hit_rank(hits: Sequence[Sequence[int]], k: int = 10) -> int | None:
    """1-based rank of the first retrieved chunk that satisfies any evidence item."""
    for rank, matched in enumerate(hits[:k], start=1):
        if matched:
            return rank
    return None


def evidence_found(hits: Sequence[Sequence[int]], k: int = 10) -> set[int]:
    return {item for matched in hits[:k] for item in matched}


def _mean(values: Sequence[float]) -> float | None:
    return round(float(np.mean(values)), 4) if values else None


def _pct(values: Sequence[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 2) if values else None


def aggregate(scores: Sequence[QuestionScore]) -> dict[str, float | int | None]:
    """The contract's metrics; None where a metric has no questions to average over."""
    with_evidence = [s for s in scores if s.answerable and s.n_evidence]
    ranks = [first_hit_rank(s.hits) for s in with_evidence]
    found = [len(evidence_found(s.hits)) / s.n_evidence for s in with_evidence]
    unanswerable = [s for s in scores if not s.answerable]
    abstentions = [s for s in scores if s.abstained]
    answered = [s for s in scores if not s.abstained]
    cited = [ok for s in scores if s.answerable and not s.abstained for ok in s.citations_ok]
    metrics: dict[str, float | int | None] = {
        "n": len(scores),
        "n_answerable": sum(s.answerable for s in scores),
        "hit_at_1": _mean([r is not None and r <= 1 for r in ranks]),
        "hit_at_5": _mean([r is not None and r <= 5 for r in ranks]),
        "mrr_at_10": _mean([1.0 / r if r else 0.0 for r in ranks]),
        "evidence_recall_at_10": _mean(found),
        "all_evidence_at_10": _mean([f == 1.0 for f in found]),
        "answer_accuracy": _mean([s.correct for s in scores]),
        "answer_accuracy_answerable": _mean([s.correct for s in scores if s.answerable]),
        # of answerable questions that want a span (not a verdict), how many lead with it
        "lead_accuracy": _mean(
            [
                s.lead_correct
                for s in scores
                if s.answerable and not s.verdict and s.lead_correct is not None
            ]
        ),
        "citation_precision": _mean(cited),
        "citation_verbatim": _mean([ok for s in scores for ok in s.citations_verbatim]),
        "abstention_precision": _mean([not s.answerable for s in abstentions]),
        "abstention_recall": _mean([s.abstained for s in unanswerable]),
        "answer_words_p50": _pct([s.words for s in answered], 50),
        "answer_words_p95": _pct([s.words for s in answered], 95),
        "latency_p50_ms": _pct([s.latency_ms for s in scores], 50),
        "latency_p95_ms": _pct([s.latency_ms for s in scores], 95),
    }
    for verdict in VERDICTS:
        metrics[f"verdict_accuracy_{verdict}"] = _mean(
            [s.correct for s in scores if s.verdict == verdict]
        )
    return metrics


def by_type(scores: Sequence[QuestionScore]) -> dict[str, dict[str, float | int | None]]:
    types = sorted({s.question_type for s in scores if s.question_type})
    return {t: aggregate([s for s in scores if s.question_type == t]) for t in types}
