"""Sentence-aware chunking sized in the embedding model's word pieces (pure)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np

from ingest.models import Chunk
from ingest.sentences import split_sentences

TITLE_WEIGHT = 0.5
TokenCounter = Callable[[Sequence[str]], list[int]]
"""Word pieces per text, special tokens excluded (batched: tokenizers are faster that way)."""


class BatchedCounter:
    """Counts many texts in one tokenizer call up front, then answers chunking from memory."""

    def __init__(self, count: TokenCounter) -> None:
        self._count = count
        self._known: dict[str, int] = {}

    def prime(self, texts: Sequence[str]) -> None:
        new = list({t for t in texts if t not in self._known})
        if new:
            self._known.update(zip(new, self._count(new), strict=True))

    def __call__(self, texts: Sequence[str]) -> list[int]:
        self.prime(texts)
        return [self._known[t] for t in texts]


def chunk_id(article_id: str, index: int, text: str) -> str:
    """Stable across re-ingests of unchanged content; changes when the content does."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return f"{article_id}#{index}:{digest}"


def embedding_input(title: str, text: str) -> str:
    """What gets embedded for a chunk: the title gives short passages their topic."""
    return f"{title}\n{text}" if title else text


def _split_long(text: str, start: int, end: int, pieces: int, budget: int) -> list[tuple[int, int]]:
    """Cut an over-long sentence at spaces into parts of about `budget` word pieces."""
    parts = max(2, -(-pieces // budget))
    target = (end - start) / parts
    spans, cursor = [], start
    while cursor < end:
        if end - cursor <= target * 1.2:
            spans.append((cursor, end))
            break
        cut = text.rfind(" ", cursor, int(cursor + target))
        cut = cut if cut > cursor else int(cursor + target)
        spans.append((cursor, cut))
        cursor = cut + 1 if text[cut : cut + 1] == " " else cut
    return spans


def sentence_units(text: str, count: TokenCounter, budget: int) -> list[tuple[int, int, int]]:
    """(start, end, word pieces) per sentence, with sentences over `budget` cut into parts."""
    spans = split_sentences(text)
    sizes = count([text[s:e] for s, e in spans])
    units: list[tuple[int, int, int]] = []
    for (s, e), n in zip(spans, sizes, strict=True):
        if n <= budget:
            units.append((s, e, n))
            continue
        parts = _split_long(text, s, e, n, budget)
        for (ps, pe), pn in zip(parts, count([text[a:b] for a, b in parts]), strict=True):
            if pn <= budget:
                units.append((ps, pe, pn))
            else:  # pathological (no spaces): halve until it fits
                units.extend(sentence_units_by_halving(text, ps, pe, count, budget))
    return units


def sentence_units_by_halving(
    text: str, start: int, end: int, count: TokenCounter, budget: int
) -> list[tuple[int, int, int]]:
    n = count([text[start:end]])[0]
    if n <= budget or end - start <= 1:
        return [(start, end, n)]
    mid = (start + end) // 2
    return sentence_units_by_halving(text, start, mid, count, budget) + sentence_units_by_halving(
        text, mid, end, count, budget
    )


def chunk_article(
    article_id: str,
    text: str,
    title: str,
    count: TokenCounter,
    max_tokens: int,
    overlap: int = 1,
) -> list[Chunk]:
    """Pack whole sentences into chunks whose embedding input fits `max_tokens` word pieces.

    Neighbouring chunks share their last/first `overlap` sentences. Offsets index `text` exactly.
    """
    return plan_article(article_id, text, title, count, max_tokens, overlap)[0]


def plan_article(
    article_id: str,
    text: str,
    title: str,
    count: TokenCounter,
    max_tokens: int,
    overlap: int = 1,
) -> tuple[list[Chunk], list[tuple[int, int]]]:
    """The chunks of an article and the sentence spans (long ones cut) that they are made of."""
    title_cost = count([title])[0] + 1 if title else 0
    budget = max(16, max_tokens - title_cost)
    units = sentence_units(text, count, budget)
    chunks: list[Chunk] = []
    i = 0
    while i < len(units):
        j, used = i, 0
        while j < len(units) and used + units[j][2] <= budget:
            used += units[j][2]
            j += 1
        j = max(j, i + 1)
        start, end = units[i][0], units[j - 1][1]
        piece = text[start:end]
        chunks.append(
            Chunk(
                chunk_id(article_id, len(chunks), piece), article_id, len(chunks), piece, start, end
            )
        )
        if j >= len(units):
            break
        i = max(i + 1, j - overlap)
    return chunks, [(s, e) for s, e, _ in units]


def chunk_vector(sentence_vectors: np.ndarray, title_vector: np.ndarray | None) -> np.ndarray:
    """A chunk's vector: the mean of its sentences' vectors, nudged towards its title.

    Embedding sentences (not whole chunks) lets answering reuse them without another model call;
    on the dev sets it retrieves as well as embedding the chunk text (see README).
    """
    vector = sentence_vectors.mean(axis=0)
    if title_vector is not None:
        vector = vector + TITLE_WEIGHT * title_vector
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector
