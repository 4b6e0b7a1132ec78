"""What users and bots leave in a store beside its articles: votes on answers, and the messages
a process has taken up (so a Slack retry that reaches another worker is not answered twice).

Plain SQLite rows in the catalog file (no vectors, so no writer lock); functions of a connection.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime

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


def add_feedback(db: sqlite3.Connection, row: FeedbackRow) -> int:
    """Store a vote; the same `key` (one user's vote on one answer) replaces the earlier one."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with db:
        cur = db.execute(
            "INSERT INTO feedback (created_at, vote, question, history, answer, user, channel,"
            " origin, key) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET"
            " vote = excluded.vote, created_at = excluded.created_at",
            (
                now,
                row.vote,
                row.question,
                row.history,
                row.answer,
                row.user,
                row.channel,
                row.origin,
                row.key or None,
            ),
        )
    return int(cur.lastrowid or 0)


def feedback(db: sqlite3.Connection, vote: int | None = None) -> list[FeedbackRow]:
    """Stored votes, oldest first; only those with `vote` when given."""
    where, params = ("WHERE vote = ?", [vote]) if vote is not None else ("", [])
    rows = db.execute(
        "SELECT id, created_at, vote, question, history, answer, user, channel, origin, key"
        f" FROM feedback {where} ORDER BY id",
        params,
    )
    return [
        FeedbackRow(
            vote=r["vote"],
            question=r["question"],
            history=r["history"],
            answer=r["answer"],
            user=r["user"] or "",
            channel=r["channel"] or "",
            origin=r["origin"] or "",
            key=r["key"] or "",
            id=r["id"],
            created_at=r["created_at"],
        )
        for r in rows
    ]


def claim(db: sqlite3.Connection, key: str, keep_seconds: float = CLAIM_SECONDS) -> bool:
    """True for the first process (of any) to claim `key`; claims older than a day lapse."""
    now = time.time()
    with db:
        db.execute("DELETE FROM claims WHERE at < ?", (now - keep_seconds,))
        cur = db.execute("INSERT OR IGNORE INTO claims VALUES (?, ?)", (key, now))
    return cur.rowcount == 1
