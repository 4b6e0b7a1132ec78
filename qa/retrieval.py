"""Hybrid retrieval: dense (Chroma) and BM25 (FTS5) candidates, fused, then re-scored.

Re-scoring looks at what the question says beyond its topic: the outlets and dates it names, the
years and numbers it mentions, how many of its terms a chunk covers. Multi-part questions retrieve
for each part and interleave, so every part's evidence reaches the top k.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ingest.models import Filters, StoredChunk
from ingest.store import Store
from ingest.terms import content_words
from qa import lexicon, spans
from qa.query import Query, date_matches, qualifiers

log = logging.getLogger("newsdesk.retrieval")


@dataclass(frozen=True)
class Weights:
    """How much each signal adds to a chunk's score (defaults: `lexicon`'s retrieval weights)."""

    dense: float = lexicon.RETRIEVAL_DENSE_WEIGHT
    rrf: float = lexicon.RETRIEVAL_RRF_WEIGHT
    keyword: float = lexicon.RETRIEVAL_KEYWORD_WEIGHT
    coverage: float = lexicon.RETRIEVAL_COVERAGE_WEIGHT
    outlet: float = lexicon.RETRIEVAL_OUTLET_WEIGHT
    date: float = lexicon.RETRIEVAL_DATE_WEIGHT
    year: float = lexicon.RETRIEVAL_YEAR_WEIGHT
    year_miss: float = lexicon.RETRIEVAL_YEAR_MISS_WEIGHT
    answer: float = lexicon.RETRIEVAL_ANSWER_WEIGHT
    qualifier: float = lexicon.RETRIEVAL_QUALIFIER_WEIGHT


@dataclass(frozen=True)
class Retrieved:
    chunk: StoredChunk
    score: float
    dense: float  # cosine similarity to the question


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]],
    weights: Sequence[float] | None = None,
    k: int = lexicon.RRF_K,
) -> dict[str, float]:
    """Sum of weight / (k + rank) over the rankings each id appears in (rank from 1)."""
    weights = weights or [1.0] * len(rankings)
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return fused


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def year_signal(years: Sequence[str], text: str) -> int:
    """+1 when the text mentions a year the question names, -1 when it names only others."""
    if not years:
        return 0
    found = set(_YEAR.findall(text))
    if found & set(years):
        return 1
    return -1 if found else 0


def qualifier_signal(wanted: frozenset[tuple[str, int]], text: str) -> int:
    """+1 when the text names the season / edition / quarter the question asks about, -1 when it
    names only another one of the same series ("Season 3" for "season 4")."""
    if not wanted:
        return 0
    found = qualifiers(text)
    if found & wanted:
        return 1
    nouns = {noun for noun, _ in wanted}
    return -1 if any(noun in nouns for noun, _ in found) else 0


def answer_signal(kind: str, question_words: set[str], chunk: StoredChunk) -> float:
    """How strongly the chunk holds something of the kind asked for (a date for "when"...)."""
    found = [
        c.weight
        for c in spans.candidates(chunk.text, kind)
        if not spans.in_question(c.text, question_words)
    ]
    return min(1.0, max(found, default=0.0))


def coverage(words: Sequence[str], chunk: StoredChunk) -> float:
    if not words:
        return 0.0
    have = set(content_words(f"{chunk.title} {chunk.text}"))
    return sum(w in have for w in words) / len(words)


def interleave(rankings: Sequence[Sequence[str]]) -> list[str]:
    """Round-robin over rankings, each id once: every round, each ranking adds its best id not
    yet taken, so a part whose top passage another part already took still gets one of its own."""
    out: list[str] = []
    seen: set[str] = set()
    cursors = [0] * len(rankings)
    while True:
        added = False
        for n, ranking in enumerate(rankings):
            while cursors[n] < len(ranking) and ranking[cursors[n]] in seen:
                cursors[n] += 1
            if cursors[n] < len(ranking):
                seen.add(ranking[cursors[n]])
                out.append(ranking[cursors[n]])
                added = True
        if not added:
            return out


def merge_rankings(
    per_text: Sequence[dict[str, float]], rankings: Sequence[Sequence[str]]
) -> list[str]:
    """One ranking from the question's and its parts': round-robin, so every part gets its best
    in, but a chunk that scores nearly as well as some part's best moves up beside it (a part
    with three strong passages should not wait for a part with one)."""
    order = interleave(rankings)
    if len(rankings) == 1:
        return order
    tops = [max(scores.values()) for scores in per_text]
    gap = {
        i: min(top - scores[i] for scores, top in zip(per_text, tops, strict=True)) for i in order
    }
    rounds = {i: n / len(rankings) for n, i in enumerate(order)}
    return sorted(order, key=lambda i: rounds[i] + lexicon.CLOSENESS * gap[i])


def cap_per_article(
    ids: Sequence[str],
    chunks: dict[str, StoredChunk],
    cap: int,
    numbers: frozenset[str] = frozenset(),
) -> list[str]:
    """Diversity: one story (or its near-duplicates) cannot fill every slot; but a chunk past
    the cap that writes a number of the question ("a season-high 31 points") that the story's
    kept chunks do not write stays: it is the passage that number points to."""
    counts: dict[str, int] = {}
    written: dict[str, set[str]] = {}
    kept: list[str] = []
    spill: list[str] = []
    for i in ids:
        story = chunks[i].duplicate_of or chunks[i].article_id
        counts[story] = counts.get(story, 0) + 1
        has = numbers & set(_NUMBER.findall(chunks[i].text))
        if counts[story] <= cap or has - written.get(story, set()):
            kept.append(i)
            written.setdefault(story, set()).update(has)
        else:
            spill.append(i)
    return kept + spill


_NUMBER = re.compile(r"(?<![\d.,])\d[\d,.]*\d(?![\d])|(?<![\d.,])\d(?![\d.,]\d)")


def question_numbers(question: str) -> frozenset[str]:
    """The numbers a question writes, years left out ("31" and "112-107" of "a season-high 31
    points in the 112-107 loss"): each points to the passage that writes it."""
    return frozenset(n for n in _NUMBER.findall(question) if not re.fullmatch(r"(1[89]|20)\d\d", n))


def promote_answer_bearing(
    retrieved: Sequence[Retrieved], span: str, first: str = ""
) -> list[Retrieved]:
    """Chunks that contain the voted answer first, in their order: the evidence that agrees.
    `first` (the chunk the answer cites) leads, whether it spells the answer out or not."""
    needle = re.sub(r"\s+", " ", span.lower())
    bearing = [
        r
        for r in retrieved
        if r.chunk.id == first or needle in re.sub(r"\s+", " ", r.chunk.text.lower())
    ]
    bearing.sort(key=lambda r: r.chunk.id != first)
    return bearing + [r for r in retrieved if r not in bearing]


class HybridRetriever:
    def __init__(self, store: Store, weights: Weights = Weights()) -> None:
        self.store = store
        self.weights = weights

    def search(
        self, query: Query, k: int, filters: Filters = Filters(), vectors: np.ndarray | None = None
    ) -> list[Retrieved]:
        """The best `k` chunks; `vectors` are the embedded [query.text, *query.parts], if known."""
        texts = [query.text, *query.parts]
        if vectors is None:
            vectors = self.store.embedder.embed(texts)
        candidates: dict[str, float] = {}
        keyword_scores: list[dict[str, float]] = []
        for text, vec in zip(texts, vectors, strict=True):
            dense = self.store.dense_search(vec, lexicon.POOL, filters)
            keyword = self.store.keyword_search(text, lexicon.POOL, filters)
            fused = reciprocal_rank_fusion([[i for i, _ in dense], [i for i, _ in keyword]])
            for i, score in fused.items():
                candidates[i] = max(candidates.get(i, 0.0), score)
            top = max((s for _, s in keyword), default=1.0) or 1.0
            keyword_scores.append({i: s / top for i, s in keyword})
        ids = list(candidates)
        chunks = self.store.chunks(ids)
        ids = [i for i in ids if i in chunks]
        if not ids:
            return []
        stored = self.store.chunk_vectors(ids)
        if len(stored) < len(ids):  # a damaged store: the next ingest repairs it
            lost = [i for i in ids if i not in stored]
            log.warning("%d retrieved chunks have no vector, skipped: %s", len(lost), lost[:3])
            ids = [i for i in ids if i in stored]
            if not ids:
                return []
        matrix = np.stack([stored[i] for i in ids])
        sims = matrix @ vectors.T  # candidates x texts
        about = {i: self._about(query, chunks[i]) for i in ids}  # the same for every text
        per_text = [
            self._scores(query, text, t, ids, chunks, candidates, sims[:, t], keyword_scores[t])
            for t, text in enumerate(texts)
        ]
        per_text = [{i: score + about[i] for i, score in scores.items()} for scores in per_text]
        rankings = [sorted(ids, key=scores.__getitem__, reverse=True) for scores in per_text]
        main_scores = per_text[0]
        numbers = question_numbers(query.question)
        merged = merge_rankings(per_text, rankings)
        order = cap_per_article(merged, chunks, lexicon.PER_ARTICLE, numbers)[:k]
        position = {i: n for n, i in enumerate(ids)}
        return [Retrieved(chunks[i], main_scores[i], float(sims[position[i], 0])) for i in order]

    def _scores(
        self,
        query: Query,
        text: str,
        text_index: int,
        ids: Sequence[str],
        chunks: dict[str, StoredChunk],
        fused: dict[str, float],
        sims: np.ndarray,
        keyword: dict[str, float],
    ) -> dict[str, float]:
        w = self.weights
        outlets = query.outlets_of(text_index)
        dates = query.dates_of(text_index)
        words = content_words(text)
        kind = spans.expected_kind(query.wh, query.question) if text_index == 0 else ""
        question_words = set(re.findall(r"\w+", text.lower()))
        scores = {}
        for n, i in enumerate(ids):
            c = chunks[i]
            score = w.dense * float(sims[n]) + w.rrf * fused[i] + w.keyword * keyword.get(i, 0.0)
            score += w.coverage * coverage(words, c)
            if outlets and c.source in outlets:
                score += w.outlet
            if dates and any(date_matches(d, c.published_at) for d in dates):
                score += w.date
            if kind:
                score += w.answer * answer_signal(kind, question_words, c)
            scores[i] = score
        return scores

    def _about(self, query: Query, c: StoredChunk) -> float:
        """Whether the chunk is about the year and the season / edition the question names."""
        w = self.weights
        signal = year_signal(query.years, f"{c.title} {c.text} {c.published_at[:4]}")
        score = w.year * signal if signal > 0 else w.year_miss * signal
        return score + w.qualifier * qualifier_signal(query.qualifiers, f"{c.title} {c.text}")
