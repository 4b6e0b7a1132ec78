"""Thumbs-down answers as eval questions: a bad answer becomes a regression case."""

from __future__ import annotations

from typing import Any

from qa.feedback import Feedback


def feedback_questions(votes: list[Feedback]) -> list[dict[str, Any]]:
    """Question records (the `evals` JSONL format) for the thumbs-down votes.

    Nobody has said yet what the right answer is: `answers` stays empty (the case fails until
    someone fills it in, or sets `answerable` to false), and the rejected answer, its citations
    and the vote's origin ride along so the reviewer sees what went wrong.
    """
    records = []
    for vote in votes:
        if vote.vote > 0:
            continue
        records.append(
            {
                "id": f"feedback-{vote.id}",
                "question": vote.question,
                "history": [t.model_dump() for t in vote.history],
                "answers": [],
                "answerable": True,
                "evidence": [],
                "question_type": "feedback",
                "rejected_answer": vote.answer.answer,
                "rejected_abstained": vote.answer.abstained,
                "rejected_citations": [c.article_id for c in vote.answer.citations],
                "origin": vote.origin,
                "voted_at": vote.created_at,
            }
        )
    return records
