"""The question-answering service: one call from (question, history, filters) to an `Answer`."""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from ingest.models import Filters
from ingest.store import Store
from newsdesk.settings import Settings
from qa.citations import verify_citations
from qa.evidence import Sentence, sentences_of, term_coverage
from qa.models import Answer, Citation, Turn
from qa.retrieval import HybridRetriever, Retrieved

ABSTAIN_TEXT = "The articles don't say."


class QAService:
    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self.retriever = HybridRetriever(store)

    def ask(
        self, question: str, history: Sequence[Turn] = (), filters: Filters = Filters()
    ) -> Answer:
        question = question.strip()
        if not question:
            raise ValueError("the question is empty")
        t0 = time.perf_counter()
        vector = self.store.embedder.embed([question])[0]
        retrieved = self.retriever.search(question, self.settings.top_k, filters, vector)
        t1 = time.perf_counter()
        answer = self._answer(question, vector, retrieved)
        t2 = time.perf_counter()
        answer.timings_ms = {
            "retrieve": round((t1 - t0) * 1000, 2),
            "answer": round((t2 - t1) * 1000, 2),
            "total": round((t2 - t0) * 1000, 2),
        }
        answer.retrieved = [r.chunk.id for r in retrieved]
        return answer

    def _answer(self, question: str, vector: np.ndarray, retrieved: list[Retrieved]) -> Answer:
        sentences = sentences_of(retrieved[:5])
        if not sentences:
            return Answer(answer=ABSTAIN_TEXT, abstained=True)
        sims = self.store.embedder.embed([s.text for s in sentences]) @ vector
        scores = [
            float(sim) + 0.2 * term_coverage(question, s.text)
            for s, sim in zip(sentences, sims, strict=True)
        ]
        best = int(np.argmax(scores))
        citation = _citation(1, sentences[best], scores[best])
        texts = {citation.article_id: self._text(citation.article_id)}
        verify_citations([citation], texts)
        if scores[best] < 0.45:
            return Answer(answer=ABSTAIN_TEXT, abstained=True, citations=[citation])
        return Answer(answer=f"{sentences[best].text} [1]", abstained=False, citations=[citation])

    def _text(self, article_id: str) -> str:
        article = self.store.article(article_id)
        return article.text if article else ""


def _citation(n: int, sentence: Sentence, score: float) -> Citation:
    chunk = sentence.chunk
    return Citation(
        n=n,
        article_id=chunk.article_id,
        title=chunk.title,
        source=chunk.source,
        url=chunk.url,
        published_at=chunk.published_at,
        quote=sentence.text,
        start=sentence.start,
        end=sentence.end,
        score=round(score, 4),
    )
