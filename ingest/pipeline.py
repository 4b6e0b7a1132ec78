"""Files to stored articles: read, normalise, skip what is unchanged, chunk, embed, write."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from tqdm import tqdm

from ingest import dedup
from ingest.chunking import BatchedCounter, chunk_vector, plan_article
from ingest.models import Article, ArticleDraft, Chunk, IngestReport
from ingest.normalize import normalise
from ingest.readers import ReadError, iter_files, read_file, too_long
from ingest.sentences import split_sentences
from ingest.store import ArticleWrite, Store
from ingest.vectors import first_line
from newsdesk.errors import NewsdeskError

log = logging.getLogger("newsdesk.ingest")

WRITE_BATCH = 128  # articles embedded and written per step: bounds memory and lost work on a crash


@dataclass
class _Collected:
    articles: dict[str, Article]
    origins: dict[str, str]


def collect(
    paths: Iterable[Path],
    report: IngestReport,
    max_chars: int,
    drafts: Iterable[ArticleDraft] = (),
) -> _Collected:
    """Read and normalise every article of the files, then the drafts read elsewhere (web pages,
    feeds); failures go into the report, never abort the rest."""
    articles: dict[str, Article] = {}
    origins: dict[str, str] = {}
    for root in paths:
        if not root.exists():
            report.failed.append({"path": str(root), "error": "no such file or folder"})
            continue
        for path in iter_files(root):
            try:
                result = read_file(path, max_chars)
            except ReadError as exc:
                report.failed.append({"path": str(path), "error": str(exc)})
                continue
            report.failed.extend({"path": p, "error": e} for p, e in result.failures)
            report.warnings.extend({"path": p, "warning": w} for p, w in result.warnings)
            for draft in result.drafts:
                _add(draft, articles, origins, report, max_chars)
    for draft in drafts:
        _add(draft, articles, origins, report, max_chars)
    return _Collected(articles, origins)


def _add(
    draft: ArticleDraft,
    articles: dict[str, Article],
    origins: dict[str, str],
    report: IngestReport,
    max_chars: int,
) -> None:
    try:
        article = normalise(draft)
    except ValueError as exc:
        report.failed.append({"path": draft.origin, "error": str(exc)})
        return
    if len(article.text) > max_chars:
        error = too_long(len(article.text), max_chars)
        report.failed.append({"path": draft.origin, "error": error})
        return
    articles[article.id] = article  # the same id twice in one ingest: the last one wins
    origins[article.id] = draft.origin


def find_duplicate(
    article: Article,
    sig: np.ndarray,
    index: dedup.SignatureIndex,
    store: Store,
    threshold: float,
    batch: dict[str, Article],
) -> str:
    """The id of an earlier article with (nearly) the same text, or ""."""
    mine = dedup.shingles(article.text)
    for other_id in index.candidates(sig, threshold):
        if other_id == article.id:
            continue
        other = batch.get(other_id) or store.article(other_id)
        if other is not None and dedup.jaccard(mine, dedup.shingles(other.text)) >= threshold:
            return other.duplicate_of or other.id
    return ""


def ingest_paths(paths: Sequence[Path], store: Store, progress: bool = False) -> IngestReport:
    """Ingest files under the store's writer lock; a dead backend stops it with `report.error`."""
    return ingest_drafts((), store, IngestReport(), paths=paths, progress=progress)


def ingest_drafts(
    drafts: Iterable[ArticleDraft],
    store: Store,
    report: IngestReport,
    *,
    paths: Sequence[Path] = (),
    progress: bool = False,
) -> IngestReport:
    """Ingest drafts read elsewhere (fetched pages and feeds), and any files, in one write; what
    `report` already holds (failed fetches) stays in it. Returns `report`."""
    collected = collect(paths, report, store.settings.max_article_chars, drafts)
    with store.writing():
        try:
            _ingest_collected(collected, store, report, progress)
        except NewsdeskError:
            raise
        except Exception as exc:  # a backend that died mid-ingest: say so, keep what is stored
            log.debug("ingest stopped", exc_info=True)
            stored_now = report.added + report.updated + report.repaired
            report.error = (
                f"ingest stopped after storing {stored_now} new or changed articles:"
                f" {describe_failure(exc, store)}"
            )
    return report


def _ingest_collected(
    collected: _Collected, store: Store, report: IngestReport, progress: bool
) -> None:
    store.check_encoder()  # before any embedding work, not at the first write
    stored = store.catalog.hashes(collected.articles)
    same = [i for i, a in collected.articles.items() if stored.get(i) == a.content_hash]
    damaged = store.incomplete(same)  # "unchanged" is checked, not assumed
    report.tagged = store.tag_missing([i for i in same if i not in damaged])
    store.remove_strays()
    todo = []
    for article_id, article in collected.articles.items():
        if article_id in same and article_id not in damaged:
            report.unchanged += 1
        else:
            todo.append(article)
    if not todo:
        return
    todo.sort(key=lambda a: len(a.text))  # similar lengths per batch: far less padding to embed
    known = _known_signatures(store)

    def commit(writes: list[ArticleWrite]) -> None:
        store.write(writes)
        for w in writes:  # counted only once both indexes hold them
            if w.article.id in damaged:
                report.repaired += 1
            elif w.article.id in stored:
                report.updated += 1
            else:
                report.added += 1
            report.chunks += len(w.chunks)

    bar = tqdm(total=len(todo), unit="article", disable=not progress, delay=1.0, leave=False)
    # One writer thread: batch N goes into Chroma and SQLite while batch N+1 is being embedded.
    with bar, ThreadPoolExecutor(max_workers=1) as writer:
        pending: Future[None] | None = None
        for start in range(0, len(todo), WRITE_BATCH):
            batch = todo[start : start + WRITE_BATCH]
            writes = _prepare(batch, store, known, collected, report)
            if pending is not None:
                pending.result()
            pending = writer.submit(commit, writes)
            bar.update(len(batch))
        if pending is not None:
            pending.result()
    store.catalog.merge_keywords()  # one keyword segment to read, not one per batch


def describe_failure(exc: BaseException, store: Store) -> str:
    """One line on what broke; a Chroma server that stopped answering is named as such."""
    text = first_line(exc)
    url = store.settings.chroma_url
    if url and any(w in text.lower() for w in ("connect", "refused", "timed out", "reset")):
        return f"the Chroma server at {url} is not answering ({text})"
    return text


def _known_signatures(store: Store) -> dedup.SignatureIndex:
    size = dedup.SIGNATURE_SIZE * 8
    stored = [(i, blob) for i, blob in store.catalog.minhashes() if blob and len(blob) == size]
    index = dedup.SignatureIndex()
    rows = np.frombuffer(b"".join(blob for _, blob in stored), dtype=np.uint64)
    index.load([i for i, _ in stored], rows)
    return index


@dataclass(frozen=True)
class _Planned:
    article: Article
    chunks: list[Chunk]
    sentences: list[tuple[int, int]]
    signature: np.ndarray


def _prepare(
    batch: list[Article],
    store: Store,
    known: dedup.SignatureIndex,
    collected: _Collected,
    report: IngestReport,
) -> list[ArticleWrite]:
    return _embed(_plan(batch, store, known, collected, report), store)


def _plan(
    batch: list[Article],
    store: Store,
    known: dedup.SignatureIndex,
    collected: _Collected,
    report: IngestReport,
) -> list[_Planned]:
    """Duplicate links, chunks and sentence spans of each article (tokens counted in one pass)."""
    settings = store.settings
    window = store.embedder.window - 2  # [CLS] and [SEP]
    max_tokens = min(settings.chunk_max_tokens, window)
    counter = BatchedCounter(store.embedder.count_tokens)
    counter.prime(
        [a.title for a in batch] + [a.text[s:e] for a in batch for s, e in split_sentences(a.text)]
    )
    planned = []
    for article in batch:
        sig = dedup.signature(dedup.shingles(article.text))
        dup = find_duplicate(
            article, sig, known, store, settings.duplicate_threshold, collected.articles
        )
        if dup:
            article = replace(article, duplicate_of=dup)
            report.duplicates.append({"id": article.id, "duplicate_of": dup})
        known.add(article.id, sig)
        chunks, sentences = plan_article(
            article.id,
            article.text,
            article.title,
            counter,
            max_tokens,
            settings.chunk_overlap_sentences,
        )
        planned.append(_Planned(article, list(chunks), list(sentences), sig))
    return planned


def _stored_sentences(store: Store, article_ids: list[str]) -> dict[str, np.ndarray]:
    """Sentence text -> (1, dims) stored vector, for the articles of the batch already stored
    (updates): an edit to one paragraph re-embeds that paragraph, not the whole article."""
    stored = store.catalog.hashes(article_ids)
    if not stored:
        return {}
    kept: dict[str, np.ndarray] = {}
    for article_id, spans in store.catalog.sentence_vectors(list(stored)).items():
        old = store.catalog.article(article_id)
        text = old.text if old is not None else ""
        for start, end, vector in spans if text else []:
            kept.setdefault(text[start:end], vector[None, :])
    return kept


def _embed(planned: list[_Planned], store: Store) -> list[ArticleWrite]:
    """Sentences and titles are embedded (once each; a sentence an updated article already had
    keeps its stored vector); a chunk's vector is built from them. Entities are tagged over each
    whole text (ingest.entities)."""
    kept = _stored_sentences(store, [p.article.id for p in planned])
    wanted = [p.article.text[s:e] for p in planned for s, e in p.sentences]
    wanted += [p.article.title for p in planned if p.article.title]
    texts = [t for t in dict.fromkeys(wanted) if t not in kept]
    articles = [p.article.text for p in planned]
    if store.embedder.tags_alongside:  # the NER on the core the encoder leaves idle
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ner") as ner:
            tagging = ner.submit(store.tagger.tag, articles)
            fresh = store.embedder.embed(texts)
            tags = tagging.result()
    else:
        fresh = store.embedder.embed(texts)
        tags = store.tagger.tag(articles)
    vectors = np.concatenate([fresh, *kept.values()]) if kept else fresh
    index = {t: i for i, t in enumerate([*texts, *kept])}
    writes = []
    for p, entities in zip(planned, tags, strict=True):
        spans, text = p.sentences, p.article.text
        sentence_vectors = np.stack([vectors[index[text[s:e]]] for s, e in spans])
        title = vectors[index[p.article.title]] if p.article.title else None
        chunk_vectors = np.stack(
            [
                chunk_vector(
                    sentence_vectors[
                        [k for k, (s, e) in enumerate(spans) if c.start <= s and e <= c.end]
                    ],
                    title,
                )
                for c in p.chunks
            ]
        )
        writes.append(
            ArticleWrite(
                p.article,
                p.chunks,
                chunk_vectors,
                p.signature.tobytes(),
                spans,
                sentence_vectors,
                entities,
            )
        )
    return writes
