"""The hybrid retriever as a LangChain `BaseRetriever`, for use in other chains."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from ingest.models import Filters
from ingest.store import Store
from qa.query import prepare_query
from qa.retrieval import HybridRetriever


class NewsdeskRetriever(BaseRetriever):
    """Dense + BM25 retrieval with re-scoring; each Document is one chunk with its offsets.

    `metadata` carries `chunk_id`, `article_id`, `start`, `end` (into the stored article text),
    `title`, `source`, `url`, `published_at` and `score`.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    store: Store
    k: int = 10
    filters: Filters = Filters()

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, **kwargs: Any
    ) -> list[Document]:
        prepared = prepare_query(query, "", self.store.sources())
        found = HybridRetriever(self.store).search(prepared, self.k, self.filters)
        return [
            Document(
                page_content=r.chunk.text,
                id=r.chunk.id,
                metadata={
                    "chunk_id": r.chunk.id,
                    "article_id": r.chunk.article_id,
                    "start": r.chunk.start,
                    "end": r.chunk.end,
                    "title": r.chunk.title,
                    "source": r.chunk.source,
                    "url": r.chunk.url,
                    "published_at": r.chunk.published_at,
                    "score": round(r.score, 4),
                },
            )
            for r in found
        ]
