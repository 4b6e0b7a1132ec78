"""What users and bots leave in a store beside its articles: votes on answers, and the messages
a process has taken up (so a Slack retry that reaches another worker is not answered twice).

Plain rows in the catalog (no vectors, so no writer lock): each catalog backend stores them
(`add_feedback`, `feedback`, `claim`); this module holds the record and its constants.
"""

from __future__ import annotations

from dataclasses import dataclass

CLAIM_SECONDS = 86_400.0  # Slack retries within minutes; a day of claims is plenty


@dataclass(frozen=True)
class FeedbackRow:
    """One vote on one answer; `history` and `answer` are JSON text (their types live in qa/)."""

    vote: int  # +1 or -1
    question: str
    history: str
    answer: str
    user: str = ""
    channel: str = ""
    origin: str = ""  # "slack", "web", ...
    key: str = ""  # one vote per user and answer: a second click replaces the first
    id: int = 0
    created_at: str = ""
