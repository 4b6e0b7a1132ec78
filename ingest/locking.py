"""The store's writer lock: one writing process (and thread) at a time, readers never wait.

An advisory `flock` on a file in the store folder, held for a whole ingest or delete. The kernel
drops it when its holder dies (SIGKILL included), so a crashed writer never leaves the store
locked, and whoever takes the lock next may safely replay the write journal. A store whose
catalog is on PostgreSQL takes the same lock there instead (ingest/pg_locking.py).
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newsdesk.errors import StoreBusy

log = logging.getLogger("newsdesk.store")
POLL_SECONDS = 0.1


class WriterLockBase:
    """One writer at a time: a mutex across this process's threads (re-entrant in the thread
    that holds it) around an exclusive lock across processes, which subclasses take and give."""

    def __init__(self, wait_seconds: float) -> None:
        self.wait_seconds = wait_seconds
        self._mutex = threading.Lock()
        self._owner: int | None = None
        self._depth = 0
        self._taken = False

    @property
    def held(self) -> bool:
        """Whether some thread of this process holds the lock now."""
        return self._taken

    @property
    def owned_by_caller(self) -> bool:
        return self._owner == threading.get_ident()

    @contextmanager
    def hold(self, wait: float | None = None) -> Iterator[bool]:
        """Take the lock (re-entrant in one thread); yields True when this call took it first.
        `wait` overrides the configured seconds to wait for another writer."""
        me = threading.get_ident()
        if self._owner == me:
            self._depth += 1
            try:
                yield False
            finally:
                self._depth -= 1
            return
        wait = self.wait_seconds if wait is None else wait
        if not (self._mutex.acquire(timeout=wait) if wait > 0 else self._mutex.acquire(False)):
            raise StoreBusy("store is busy: another writer in this process is running")
        try:
            self._take(wait)
            self._taken = True
            self._owner, self._depth = me, 1
            try:
                yield True
            finally:
                self._owner, self._depth = None, 0
                self._taken = False
                self._give()
        finally:
            self._mutex.release()

    def _take(self, wait: float) -> None:
        """Take the cross-process lock, waiting up to `wait` s; StoreBusy naming the holder."""
        raise NotImplementedError

    def _give(self) -> None:
        raise NotImplementedError


class WriterLock(WriterLockBase):
    """Exclusive across processes (flock on a file in the store folder) and threads (a mutex)."""

    def __init__(self, path: Path, wait_seconds: float) -> None:
        super().__init__(wait_seconds)
        self.path = path
        self._fd: int | None = None

    def _take(self, wait: float) -> None:
        self._fd = self._acquire_file(wait)

    def _give(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _acquire_file(self, wait: float) -> int:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if not _try_lock(fd):
                _wait(fd, wait)
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            return fd
        except BaseException:
            os.close(fd)
            raise


def _wait(fd: int, seconds: float) -> None:
    holder = _holder(fd)
    busy = f"store is busy: another ingest is running (pid {holder})"
    if seconds <= 0:
        raise StoreBusy(busy)
    log.warning("%s; waiting up to %.0f s for it to finish", busy, seconds)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        if _try_lock(fd):
            return
    raise StoreBusy(f"{busy}; gave up after {seconds:.0f} s")


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(fd: int) -> str:
    raw = os.pread(fd, 32, 0).decode(errors="replace").strip()
    return raw if raw.isdigit() else "unknown"


class SharedLock:
    """Many readers at once, or one exclusive holder (a reload of the dense index)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._exclusive = False

    @contextmanager
    def shared(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._exclusive)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._exclusive and self._readers == 0)
            self._exclusive = True
        try:
            yield
        finally:
            with self._cond:
                self._exclusive = False
                self._cond.notify_all()
