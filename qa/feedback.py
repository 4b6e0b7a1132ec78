"""Votes on answers: what a user said of an `Answer`, kept in the store's catalog."""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, Field

from ingest.notes import FeedbackRow
from ingest.store import Store
from qa.models import Answer, Turn


class Feedback(BaseModel):
    vote: Literal[1, -1]
    question: str
    history: list[Turn] = Field(default_factory=list)
    answer: Answer
    user: str = ""
    channel: str = ""
    origin: str = ""  # where the vote came from: "slack", "web"
    key: str = ""  # one vote per user and answer (a second click replaces the first)
    id: int = 0
    created_at: str = ""


def record_feedback(store: Store, feedback: Feedback) -> int:
    history = json.dumps([t.model_dump() for t in feedback.history], ensure_ascii=False)
    answer = feedback.answer.model_dump_json(exclude={"retrieved"})
    row = FeedbackRow(
        vote=feedback.vote,
        question=feedback.question,
        history=history,
        answer=answer,
        user=feedback.user,
        channel=feedback.channel,
        origin=feedback.origin,
        key=feedback.key,
    )
    return store.catalog.add_feedback(row)


def stored_feedback(store: Store, vote: int | None = None) -> list[Feedback]:
    return [
        Feedback(
            vote=1 if r.vote > 0 else -1,
            question=r.question,
            history=[Turn.model_validate(t) for t in json.loads(r.history)],
            answer=Answer.model_validate_json(r.answer),
            user=r.user,
            channel=r.channel,
            origin=r.origin,
            key=r.key,
            id=r.id,
            created_at=r.created_at,
        )
        for r in store.catalog.feedback(vote)
    ]
