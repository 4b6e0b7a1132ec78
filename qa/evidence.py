"""Evidence sentences: retrieved chunks cut into sentences with absolute article offsets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ingest.models import StoredChunk
from ingest.sentences import split_sentences
from ingest.terms import content_words
from qa.retrieval import Retrieved


@dataclass(frozen=True)
class Sentence:
    chunk: StoredChunk
    start: int  # offsets into the article text
    end: int
    text: str
    rank: int  # rank of its chunk in retrieval, from 0


def sentences_of(retrieved: Sequence[Retrieved]) -> list[Sentence]:
    """Every sentence of the retrieved chunks once (overlapping chunks share sentences)."""
    seen: set[tuple[str, int]] = set()
    out: list[Sentence] = []
    for rank, r in enumerate(retrieved):
        chunk = r.chunk
        for s, e in split_sentences(chunk.text):
            key = (chunk.article_id, chunk.start + s)
            if key in seen:
                continue
            seen.add(key)
            out.append(Sentence(chunk, chunk.start + s, chunk.start + e, chunk.text[s:e], rank))
    return out


def term_coverage(question: str, sentence: str) -> float:
    """Share of the question's content words that the sentence contains."""
    wanted = set(content_words(question))
    if not wanted:
        return 0.0
    return len(wanted & set(content_words(sentence))) / len(wanted)
