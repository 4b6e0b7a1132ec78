"""The heavy objects (embedding model, store, answering chain), built once per process."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ingest.embedding import Embedder, make_embedder
from ingest.store import Store, open_store
from newsdesk.settings import Settings
from qa.service import QAService

API_WRITER_WAIT_S = 5.0  # a request waits this long for another process's ingest


class Runtime:
    """Builds the service on first use (or at start-up) and hands the same one to every request.

    A failed build is not remembered, so a server started before its store exists becomes ready
    once `newsdesk ingest` has made one. Tests inject a fake embedder, a store or a service.
    """

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        store: Store | None = None,
        service: QAService | None = None,
    ) -> None:
        self.settings = settings
        self._embedder = embedder
        self._store = store
        self._service = service
        self._owns_store = store is None and service is None
        self._build_lock = threading.RLock()  # service() builds the store under it too
        self._write_lock = threading.Lock()
        self._warm = False

    def service(self) -> QAService:
        if self._service is None:
            with self._build_lock:
                if self._service is None:
                    self._service = QAService(self.settings, self.store())
        return self._service

    def store(self, create: bool = False) -> Store:
        """The store; `create=True` (only the ingest route) makes one where none exists yet."""
        if self._store is None and self._service is not None:
            self._store = self._service.store
        if self._store is None:
            with self._build_lock:
                if self._store is None:
                    embedder = self._embedder or make_embedder(self.settings)
                    self._embedder = embedder
                    self._store = open_store(self.settings, embedder, create=create)
        return self._store

    def check_ready(self) -> None:
        """Raise unless the store answers and the model has embedded something."""
        service = self.service()
        service.store.check()
        if not self._warm:
            service.store.embedder.embed(["ready"])
            self._warm = True

    @contextmanager
    def writing(self, create: bool = False) -> Iterator[Store]:
        """One writer at a time inside this process; the store's own lock guards across them,
        waited on only briefly (409 store_busy, not a request held for minutes).

        Adding articles is the API's ingest, so it may create the store, as `newsdesk ingest` does.
        """
        with self._write_lock:
            store = self.store(create=create)
            with store.writing(wait=API_WRITER_WAIT_S):
                yield store

    def close(self) -> None:
        if self._owns_store and self._store is not None:
            self._store.close()
