"""The records ingest produces and stores."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from newsdesk.errors import InputError


def check_day(name: str, value: str) -> date | None:
    """A YYYY-MM-DD filter bound as a date; InputError naming the option when it is not one."""
    if not value:
        return None
    try:
        return date.fromisoformat(value) if len(value) == 10 else _not_a_day(name, value)
    except ValueError:
        return _not_a_day(name, value)


def _not_a_day(name: str, value: str) -> date:
    raise InputError(f"{name}: expected a date as YYYY-MM-DD, got {value!r}")


@dataclass(frozen=True)
class ArticleDraft:
    """An article as read from a file, before normalisation and id assignment."""

    body: str
    title: str = ""
    source: str = ""
    author: str = ""
    url: str = ""
    published_at: str = ""
    category: str = ""
    id: str = ""
    origin: str = ""  # path (and line or item) it came from, for error messages
    updated_at: str = ""  # when the page says it was last changed; never the publication date


@dataclass(frozen=True)
class Article:
    """A normalised article: `text` is what citation offsets index into."""

    id: str
    text: str
    title: str = ""
    source: str = ""
    author: str = ""
    url: str = ""
    published_at: str = ""  # ISO 8601, or "" when unknown
    category: str = ""
    content_hash: str = ""
    duplicate_of: str = ""
    updated_at: str = ""  # ISO 8601 where the page gives a last-modified date, else ""

    def metadata(self) -> dict[str, str]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "author": self.author,
            "url": self.url,
            "published_at": self.published_at,
            "category": self.category,
            "duplicate_of": self.duplicate_of,
            "updated_at": self.updated_at,
        }


@dataclass(frozen=True)
class Chunk:
    """A sentence-aligned span of an article: `article.text[start:end] == text`."""

    id: str
    article_id: str
    index: int
    text: str
    start: int
    end: int


@dataclass
class IngestReport:
    """What an ingest did; the CLI prints it as the contract's JSON."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    repaired: int = 0  # unchanged articles whose vectors were missing, written again
    tagged: int = 0  # unchanged articles stored before entity spans were, tagged now
    chunks: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    duplicates: list[dict[str, str]] = field(default_factory=list)
    error: str = ""  # why the ingest stopped early (a dead backend); counts say what was stored

    def as_json(self) -> dict[str, object]:
        document: dict[str, object] = {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "repaired": self.repaired,
            "tagged": self.tagged,
            "failed": self.failed,
            "warnings": self.warnings,
            "chunks": self.chunks,
            "duplicates": self.duplicates,
        }
        if self.error:
            document["error"] = self.error
        return document


@dataclass(frozen=True)
class Filters:
    """Restrictions applied inside the store queries: outlet and publication date range."""

    source: str = ""
    since: str = ""  # YYYY-MM-DD, inclusive
    until: str = ""  # YYYY-MM-DD, inclusive

    def __post_init__(self) -> None:
        since, until = check_day("since", self.since), check_day("until", self.until)
        if since and until and since > until:
            raise InputError(
                f"the date range is empty: since {self.since} is after until {self.until}"
            )

    def __bool__(self) -> bool:
        return bool(self.source or self.since or self.until)


@dataclass(frozen=True)
class StoredChunk:
    """A chunk with the article fields retrieval and citations need."""

    id: str
    article_id: str
    index: int
    text: str
    start: int
    end: int
    title: str
    source: str
    url: str
    published_at: str
    duplicate_of: str = ""
