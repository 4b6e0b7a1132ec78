"""Evidence sentences: retrieved chunks cut into sentences with absolute article offsets."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ingest.catalog import SentenceVector
from ingest.models import StoredChunk
from ingest.sentences import split_sentences
from qa.retrieval import Retrieved


@dataclass(frozen=True)
class Sentence:
    chunk: StoredChunk
    start: int  # offsets into the article text
    end: int
    text: str
    rank: int  # rank of its chunk in retrieval, from 0


def sentences_of(
    retrieved: Sequence[Retrieved],
    stored: Mapping[str, Sequence[SentenceVector]],
    embed: Callable[[list[str]], np.ndarray],
) -> tuple[list[Sentence], np.ndarray]:
    """Every sentence of the retrieved chunks once, with its vector.

    Vectors come from the store (written at ingest); sentences of articles stored before
    sentence vectors existed are embedded now.
    """
    seen: set[tuple[str, int]] = set()
    out: list[Sentence] = []
    vectors: list[np.ndarray | None] = []
    for rank, r in enumerate(retrieved):
        chunk = r.chunk
        spans: list[tuple[int, int, np.ndarray | None]] = [
            (s, e, v)
            for s, e, v in stored.get(chunk.article_id, ())
            if chunk.start <= s and e <= chunk.end
        ]
        if not spans:
            spans = [
                (chunk.start + s, chunk.start + e, None) for s, e in split_sentences(chunk.text)
            ]
        for start, end, vector in spans:
            key = (chunk.article_id, start)
            if key in seen:
                continue
            seen.add(key)
            text = chunk.text[start - chunk.start : end - chunk.start]
            out.append(Sentence(chunk, start, end, text, rank))
            vectors.append(vector)
    missing = [i for i, v in enumerate(vectors) if v is None]
    if missing:
        fresh = embed([out[i].text for i in missing])
        for i, v in zip(missing, fresh, strict=True):
            vectors[i] = v
    ready = [v for v in vectors if v is not None]
    matrix = np.stack(ready) if ready else np.zeros((0, 0), dtype=np.float32)
    return out, matrix


def rescored(
    scores: np.ndarray,
    vectors: np.ndarray,
    queries: np.ndarray,
    new_vectors: np.ndarray,
    new_queries: np.ndarray,
) -> np.ndarray:
    """Evidence scores (sentences x query texts) with their similarity part, `vectors` against
    `queries`, recomputed from other vectors of the same texts; the rest of each score (term
    coverage, outlet, year, context) kept."""
    return scores - vectors @ queries.T + new_vectors @ new_queries.T


def coverage(words: Collection[str], haves: Sequence[set[str]]) -> list[float]:
    """Per sentence (its content words in `haves`), the share of the question's content
    `words` it writes, each word weighted by how rare it is among these sentences (an inverse
    document frequency over the evidence itself): "molestation" tells the sentence asked about
    from the others, "Assange", written in most of them, hardly does. A word none of them
    writes lowers every share alike, no more than the rarest written word does."""
    asked = set(words)
    if not asked:
        return [0.0] * len(haves)
    weight = {  # a word no sentence writes weighs as much as one a single sentence writes
        w: math.log(1 + len(haves) / (1 + max(1, sum(w in have for have in haves)))) for w in asked
    }
    total = sum(weight.values())
    return [sum(weight[w] for w in asked & have) / total for have in haves]
