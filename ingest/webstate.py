"""What the web last answered, kept in the store folder so a restarted watch asks conditionally.

A small SQLite file of its own beside the catalog: per page, the validators that make the next
GET conditional and the article it became; per feed, its validators, its items and the items
to try again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ingest.fetch import Validators

STATE_FILE = "web.sqlite3"
SCHEMA = """
PRAGMA journal_mode=WAL;
-- Pages stored from the web: how to ask whether each changed, and the article it became.
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY, etag TEXT NOT NULL, last_modified TEXT NOT NULL,
    article_id TEXT NOT NULL, checked_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS pages_article ON pages(article_id);
-- Feeds read: their validators, their items' links (JSON list) and the links to try again
-- (JSON object: link -> id of the feed-summary article stored in the page's place, or "").
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY, etag TEXT NOT NULL, last_modified TEXT NOT NULL,
    items TEXT NOT NULL, retry TEXT NOT NULL, checked_at TEXT NOT NULL
);
"""
BUSY_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class PageState:
    url: str
    validators: Validators
    article_id: str


@dataclass(frozen=True)
class FeedState:
    url: str
    validators: Validators
    items: tuple[str, ...]  # the item links, in feed order
    retry: dict[str, str] = field(default_factory=dict)  # link -> summary article id, or ""


class WebState:
    """The file `web.sqlite3` in a store folder."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(folder / STATE_FILE), timeout=BUSY_TIMEOUT_S)
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        self._db.close()

    def page(self, url: str) -> PageState | None:
        row = self._db.execute(
            "SELECT etag, last_modified, article_id FROM pages WHERE url = ?", (url,)
        ).fetchone()
        return PageState(url, Validators(row[0], row[1]), row[2]) if row else None

    def feed(self, url: str) -> FeedState | None:
        row = self._db.execute(
            "SELECT etag, last_modified, items, retry FROM feeds WHERE url = ?", (url,)
        ).fetchone()
        if row is None:
            return None
        return FeedState(
            url, Validators(row[0], row[1]), tuple(json.loads(row[2])), json.loads(row[3])
        )

    def refers_to(self, article_id: str) -> bool:
        """Whether some page's stored article is this one."""
        query = "SELECT 1 FROM pages WHERE article_id = ? LIMIT 1"
        return self._db.execute(query, (article_id,)).fetchone() is not None

    def save(self, pages: Iterable[PageState], feeds: Iterable[FeedState]) -> None:
        """Remember what a round stored, in one transaction."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?)",
                [
                    (p.url, p.validators.etag, p.validators.last_modified, p.article_id, now)
                    for p in pages
                ],
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO feeds VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        f.url,
                        f.validators.etag,
                        f.validators.last_modified,
                        json.dumps(list(f.items)),
                        json.dumps(f.retry),
                        now,
                    )
                    for f in feeds
                ],
            )
