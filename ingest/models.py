"""The records ingest produces and stores."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    chunks: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)
    duplicates: list[dict[str, str]] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "chunks": self.chunks,
            "duplicates": self.duplicates,
        }


@dataclass(frozen=True)
class Filters:
    """Restrictions applied inside the store queries: outlet and publication date range."""

    source: str = ""
    since: str = ""  # YYYY-MM-DD, inclusive
    until: str = ""  # YYYY-MM-DD, inclusive

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
