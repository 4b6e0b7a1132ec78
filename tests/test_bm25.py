"""BM25's exact top-k shortcut (ingest.bm25) against ranking every chunk, on random archives."""

from __future__ import annotations

import random

from ingest import bm25


def score(chunk: list[str], words: list[str], idfs: dict[str, float], average: float) -> float:
    total = 0.0
    for w in words:
        tf = chunk.count(w)
        if tf:
            norm = bm25.K1 * (1 - bm25.B + bm25.B * len(chunk) / average)
            total += idfs[w] * tf * (bm25.K1 + 1) / (tf + norm)
    return total


def one_archive(rng: random.Random) -> bool:
    """Ranks a random archive both ways and compares; whether the shortcut left words out."""
    vocabulary = [f"w{i}" for i in range(60)]
    popularity = [1 / (i + 1) for i in range(60)]  # a few common words, many rare ones
    chunks = [rng.choices(vocabulary, popularity, k=rng.randint(5, 40)) for _ in range(300)]
    words = rng.sample(vocabulary[:30], 5)
    counts = {w: sum(w in c for c in chunks) for w in words}
    words = sorted((w for w in words if counts[w]), key=lambda w: (counts[w], w))
    idfs = {w: bm25.idf(len(chunks), counts[w]) for w in words}
    average = sum(map(len, chunks)) / len(chunks)
    k = rng.choice([1, 5, 20])
    asked: list[int] = []

    def rank(cut: int) -> list[tuple[str, float]]:
        asked.append(cut)
        held = [i for i, c in enumerate(chunks) if any(w in c for w in words[:cut])]
        scored = [(str(i), score(chunks[i], words, idfs, average)) for i in held]
        return sorted(scored, key=lambda r: (-r[1], r[0]))[:k]

    everything = rank(len(words))
    asked.clear()
    found = bm25.exact_top([counts[w] for w in words], len(chunks), k, rank)
    assert [s for _, s in found] == [s for _, s in everything]
    assert asked == sorted(set(asked))  # each round takes in more words, never the same
    return asked[-1] < len(words)


def test_the_shortcut_finds_the_same_top_k_as_ranking_every_chunk() -> None:
    rng = random.Random(7)
    shortened = sum(one_archive(rng) for _ in range(40))
    assert shortened >= 10  # the common words were left out often enough to matter


def test_a_word_in_half_the_chunks_or_more_has_the_clamped_idf() -> None:
    assert bm25.idf(100, 50) == 1e-6 and bm25.idf(100, 80) == 1e-6
    assert bm25.idf(100, 1) > bm25.idf(100, 10) > bm25.idf(100, 49) > 0


def test_rare_count_keeps_out_only_words_that_cannot_reach_the_threshold() -> None:
    frequencies = [2, 30, 400, 450]  # of 1,000 chunks
    ceilings = [bm25.ceiling(bm25.idf(1000, n)) for n in frequencies]
    assert bm25.rare_count(frequencies, 1000, threshold=ceilings[3] + 1e-9) == 3
    assert bm25.rare_count(frequencies, 1000, threshold=sum(ceilings[2:]) + 1e-9) == 2
    assert bm25.rare_count(frequencies, 1000, threshold=0.0) == 4
