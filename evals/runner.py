"""Run a question set against a fresh store built from a corpus, through the answering service."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evals import metrics
from evals.questions import EvalQuestion, load_questions
from ingest.embedding import Embedder
from ingest.models import Filters
from ingest.pipeline import ingest_paths
from ingest.store import Store, open_store
from newsdesk.settings import Settings
from qa.models import Answer
from qa.service import QAService

Progress = Callable[[int, int], None]


def record_for(
    question: EvalQuestion, answer: Answer, store: Store, latency_ms: float
) -> dict[str, Any]:
    """One question's record: enough to recompute every metric without the store."""
    chunks = store.chunks(answer.retrieved)
    hits = []
    for chunk_id in answer.retrieved:
        chunk = chunks.get(chunk_id)
        matched = [
            i
            for i, ev in enumerate(question.evidence)
            if chunk and metrics.chunk_matches(chunk.article_id, chunk.text, ev.article_id, ev.fact)
        ]
        hits.append(matched)
    evidence_articles = {ev.article_id for ev in question.evidence}
    citations = []
    for c in answer.citations:
        article = store.article(c.article_id)
        verbatim = article is not None and article.text[c.start : c.end] == c.quote
        citations.append(
            {**c.model_dump(), "verbatim": verbatim, "evidence": c.article_id in evidence_articles}
        )
    correct = metrics.is_correct(
        answer.answer, answer.abstained, question.answers, question.answerable
    )
    return {
        "id": question.id,
        "question": question.question,
        "question_type": question.question_type,
        "history": [t.model_dump() for t in question.history],
        "gold": question.answers,
        "answerable": question.answerable,
        "n_evidence": len(question.evidence),
        "answer": answer.answer,
        "abstained": answer.abstained,
        "mode": answer.mode,
        "citations": citations,
        "retrieved": answer.retrieved,
        "retrieved_preview": [
            {"id": i, "title": chunks[i].title, "text": chunks[i].text[:240]}
            for i in answer.retrieved[:5]
            if i in chunks
        ],
        "hits": hits,
        "first_hit_rank": metrics.first_hit_rank(hits),
        "correct": correct,
        "lead": answer.lead,
        "lead_correct": (  # an unanswerable question has no lead to get right
            metrics.lead_correct(answer.lead, question.answers) if question.answerable else None
        ),
        "answer_words": metrics.answer_words(answer.answer),
        "latency_ms": round(latency_ms, 2),
    }


def score_of(record: dict[str, Any]) -> metrics.QuestionScore:
    return metrics.QuestionScore(
        answerable=record["answerable"],
        correct=record["correct"],
        abstained=record["abstained"],
        lead_correct=record.get("lead_correct"),
        verdict=metrics.gold_verdict(record["gold"]),
        hits=record["hits"],
        n_evidence=record["n_evidence"],
        citations_ok=[c["verbatim"] and c["evidence"] for c in record["citations"]],
        citations_verbatim=[c["verbatim"] for c in record["citations"]],
        words=record["answer_words"],
        latency_ms=record["latency_ms"],
        question_type=record["question_type"],
    )


def summarise(records: list[dict[str, Any]]) -> dict[str, Any]:
    scores = [score_of(r) for r in records]
    return {**metrics.aggregate(scores), "by_type": metrics.by_type(scores)}


def run_eval(
    corpus: Path,
    questions_path: Path,
    settings: Settings,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    half: str = "",
) -> dict[str, Any]:
    """Ingest `corpus` into a temporary store, ask every question (or one half), score them."""
    questions = load_questions(questions_path, half)
    with tempfile.TemporaryDirectory(prefix="newsdesk-eval-") as tmp:
        eval_settings = settings.model_copy(update={"store": Path(tmp), "chroma_url": None})
        store = open_store(eval_settings, embedder, create=True)
        t0 = time.perf_counter()
        report = ingest_paths([corpus], store)
        ingest_s = time.perf_counter() - t0
        if report.failed:
            first = report.failed[0]
            raise ValueError(f"corpus did not ingest cleanly: {first['path']}: {first['error']}")
        service = QAService(eval_settings, store)
        service.ask("warm up")  # model load and caches are start-up, not question latency
        records = []
        for i, question in enumerate(questions, start=1):
            start = time.perf_counter()
            answer = service.ask(question.question, question.history, Filters())
            latency = (time.perf_counter() - start) * 1000
            records.append(record_for(question, answer, store, latency))
            if progress:
                progress(i, len(questions))
        store.close()
    return {
        **summarise(records),
        "k": settings.top_k,
        "corpus": str(corpus),
        "questions_file": str(questions_path),
        "half": half or "all",
        "ingest": {
            "articles": report.added,
            "chunks": report.chunks,
            "seconds": round(ingest_s, 2),
        },
        "questions": records,
    }


def calibrate(
    sets: list[tuple[Path, Path]], settings: Settings, embedder: Embedder | None = None
) -> dict[str, Any]:
    """Fit the two thresholds of answering on labelled questions.

    - abstain_threshold: the evidence score (abstention off) that best separates answerable
      from unanswerable questions (abstention F1). Questions naming an outlet with no stored
      article abstain on that ground alone and do not inform it.
    - verdict_threshold: the support every part of a Yes/No question needs for a Yes, chosen
      on a grid for the best accuracy on the worse-served verdict (Yes or No), so neither
      verdict is bought at the other's expense.
    """
    from qa.calibrate import fit_threshold

    open_settings = settings.model_copy(update={"abstain_threshold": float("-inf")})
    scores: list[float] = []
    labels: list[bool] = []
    grid = [round(0.4 + 0.05 * i, 2) for i in range(9)]
    verdict_hits: dict[float, dict[str, list[bool]]] = {t: {"yes": [], "no": []} for t in grid}
    for corpus, questions_path in sets:
        questions = load_questions(questions_path)
        with tempfile.TemporaryDirectory(prefix="newsdesk-calibrate-") as tmp:
            store_settings = open_settings.model_copy(
                update={"store": Path(tmp), "chroma_url": None}
            )
            store = open_store(store_settings, embedder, create=True)
            ingest_paths([corpus], store)
            service = QAService(store_settings, store)
            for q in questions:
                answer = service.ask(q.question, q.history, Filters())
                if not answer.abstained:
                    scores.append(answer.evidence_score)
                    labels.append(q.answerable)
            verdicts = [q for q in questions if metrics.gold_verdict(q.answers)]
            for threshold in grid:
                service.settings = store_settings.model_copy(
                    update={"verdict_threshold": threshold}
                )
                for q in verdicts:
                    answer = service.ask(q.question, q.history, Filters())
                    gold = metrics.gold_verdict(q.answers)
                    correct = metrics.is_correct(answer.answer, False, q.answers, True)
                    verdict_hits[threshold][gold].append(correct)
            store.close()
    abstain, f1 = fit_threshold(scores, labels)
    result: dict[str, Any] = {
        "abstain_threshold": abstain,
        "abstention_f1": f1,
        "questions": len(scores),
        "unanswerable": labels.count(False),
    }
    worse = {
        t: min(sum(h["yes"]) / len(h["yes"]), sum(h["no"]) / len(h["no"]))
        for t, h in verdict_hits.items()
        if h["yes"] and h["no"]
    }
    if worse:
        best = max(worse, key=lambda t: (round(worse[t], 9), -t))
        result["verdict_threshold"] = best
        result["verdict_accuracy_worse_side"] = round(worse[best], 4)
    return result
