"""Files to stored articles: read, normalise, skip what is unchanged, chunk, embed, write."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from tqdm import tqdm

from ingest import dedup
from ingest.chunking import chunk_article, embedding_input
from ingest.models import Article, ArticleDraft, IngestReport
from ingest.normalize import normalise
from ingest.readers import ReadError, iter_files, read_file
from ingest.store import ArticleWrite, Store

WRITE_BATCH = 64  # articles embedded and written per step: bounds memory and lost work on a crash


@dataclass
class _Collected:
    articles: dict[str, Article]
    origins: dict[str, str]


def collect(paths: Iterable[Path], report: IngestReport) -> _Collected:
    """Read and normalise every article; failures go into the report, never abort the rest."""
    articles: dict[str, Article] = {}
    origins: dict[str, str] = {}
    for root in paths:
        if not root.exists():
            report.failed.append({"path": str(root), "error": "no such file or folder"})
            continue
        for path in iter_files(root):
            try:
                result = read_file(path)
            except ReadError as exc:
                report.failed.append({"path": str(path), "error": str(exc)})
                continue
            report.failed.extend({"path": p, "error": e} for p, e in result.failures)
            for draft in result.drafts:
                _add(draft, articles, origins, report)
    return _Collected(articles, origins)


def _add(
    draft: ArticleDraft, articles: dict[str, Article], origins: dict[str, str], report: IngestReport
) -> None:
    try:
        article = normalise(draft)
    except ValueError as exc:
        report.failed.append({"path": draft.origin, "error": str(exc)})
        return
    articles[article.id] = article  # the same id twice in one ingest: the last one wins
    origins[article.id] = draft.origin


def find_duplicate(
    article: Article, sig: np.ndarray, known: tuple[list[str], np.ndarray], store: Store,
    threshold: float, batch: dict[str, Article],
) -> str:
    """The id of an earlier article with (nearly) the same text, or ""."""
    ids, sigs = known
    mine = dedup.shingles(article.text)
    for row in dedup.candidates(sig, sigs, threshold):
        other_id = ids[row]
        if other_id == article.id:
            continue
        other = batch.get(other_id) or store.article(other_id)
        if other is not None and dedup.jaccard(mine, dedup.shingles(other.text)) >= threshold:
            return other.duplicate_of or other.id
    return ""


def ingest_paths(
    paths: Sequence[Path], store: Store, progress: bool = False
) -> IngestReport:
    report = IngestReport()
    collected = collect(paths, report)
    stored = store.catalog.hashes(collected.articles)
    todo = []
    for article_id, article in collected.articles.items():
        if stored.get(article_id) == article.content_hash:
            report.unchanged += 1
        else:
            todo.append(article)
    if not todo:
        return report
    known_ids, known_sigs = _known_signatures(store)
    bar = tqdm(total=len(todo), unit="article", disable=not progress, delay=1.0, leave=False)
    try:
        for start in range(0, len(todo), WRITE_BATCH):
            batch = todo[start : start + WRITE_BATCH]
            writes = _prepare(batch, store, known_ids, known_sigs, collected, report)
            store.write(writes)
            for w in writes:
                if w.article.id in stored:
                    report.updated += 1
                else:
                    report.added += 1
                report.chunks += len(w.chunks)
            bar.update(len(batch))
    finally:
        bar.close()
    return report


def _known_signatures(store: Store) -> tuple[list[str], list[np.ndarray]]:
    rows = store.catalog.minhashes()
    return [r[0] for r in rows], [np.frombuffer(r[1], dtype=np.uint64) for r in rows if r[1]]


def _prepare(
    batch: list[Article], store: Store, known_ids: list[str], known_sigs: list[np.ndarray],
    collected: _Collected, report: IngestReport,
) -> list[ArticleWrite]:
    settings = store.settings
    window = store.embedder.window - 2  # [CLS] and [SEP]
    max_tokens = min(settings.chunk_max_tokens, window)
    planned = []
    for article in batch:
        sig = dedup.signature(dedup.shingles(article.text))
        sigs = np.stack(known_sigs) if known_sigs else np.zeros((0, dedup.SIGNATURE_SIZE))
        dup = find_duplicate(
            article, sig, (known_ids, sigs), store, settings.duplicate_threshold,
            collected.articles,
        )
        if dup:
            article = replace(article, duplicate_of=dup)
            report.duplicates.append({"id": article.id, "duplicate_of": dup})
        known_ids.append(article.id)
        known_sigs.append(sig)
        chunks = chunk_article(
            article.id, article.text, article.title, store.embedder.count_tokens, max_tokens,
            settings.chunk_overlap_sentences,
        )
        planned.append((article, chunks, sig))
    texts = [embedding_input(a.title, c.text) for a, chunks, _ in planned for c in chunks]
    vectors = store.embedder.embed(texts)
    writes, offset = [], 0
    for article, chunks, sig in planned:
        writes.append(
            ArticleWrite(article, chunks, vectors[offset : offset + len(chunks)], sig.tobytes())
        )
        offset += len(chunks)
    return writes
