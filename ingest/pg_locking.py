"""The writer lock of a store whose catalog is on PostgreSQL: one writer across machines.

A session-level `pg_advisory_lock` on a connection of its own, held for a whole ingest or delete.
The server drops it when that session ends (its process killed, its machine gone once TCP gives
up), so, as with the file lock, whoever takes it next may safely replay the write journal.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import TYPE_CHECKING

from ingest.locking import WriterLockBase
from newsdesk.errors import StoreBusy

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger("newsdesk.store")
# Advisory lock keys are per database: one for writers, one for schema migrations (pg_catalog).
WRITER_LOCK_KEY = 0x6E657773  # "news"
CONNECT_TIMEOUT_S = 10
HOLDER_SQL = (
    "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
    " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = %s"
    " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
)


class PgWriterLock(WriterLockBase):
    """Exclusive across processes and machines (an advisory lock) and threads (a mutex)."""

    def __init__(self, url: str, wait_seconds: float) -> None:
        super().__init__(wait_seconds)
        self.url = url
        self._conn: psycopg.Connection | None = None

    def _take(self, wait: float) -> None:
        import psycopg

        # the holder's pid and host, shown to a writer that finds the lock taken
        name = f"newsdesk pid {os.getpid()} on {socket.gethostname()}"[:63]
        conn = psycopg.connect(
            self.url, autocommit=True, application_name=name, connect_timeout=CONNECT_TIMEOUT_S
        )
        try:
            if not _scalar(conn, "SELECT pg_try_advisory_lock(%s)", WRITER_LOCK_KEY):
                _wait(conn, wait)
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    def _give(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            conn.execute("SELECT pg_advisory_unlock(%s)", (WRITER_LOCK_KEY,))
        finally:
            conn.close()  # ending the session drops the lock even if the unlock failed


def _wait(conn: psycopg.Connection, seconds: float) -> None:
    """Queue for the lock (the server wakes us), giving up after `seconds` (lock_timeout)."""
    import psycopg

    holder = _scalar(conn, HOLDER_SQL, WRITER_LOCK_KEY) or ""
    busy = f"store is busy: another ingest is running ({_who(str(holder))})"
    if seconds <= 0:
        raise StoreBusy(busy)
    log.warning("%s; waiting up to %.0f s for it to finish", busy, seconds)
    conn.execute("SELECT set_config('lock_timeout', %s, false)", (f"{int(seconds * 1000)}ms",))
    try:
        conn.execute("SELECT pg_advisory_lock(%s)", (WRITER_LOCK_KEY,))
    except psycopg.errors.LockNotAvailable as exc:
        raise StoreBusy(f"{busy}; gave up after {seconds:.0f} s") from exc
    conn.execute("SELECT set_config('lock_timeout', '0', false)")


def _who(application_name: str) -> str:
    """ "pid N on HOST" from the holder's application name, as the file lock names its pid."""
    if application_name.startswith("newsdesk pid "):
        return application_name.removeprefix("newsdesk ")
    return "pid unknown"


def _scalar(conn: psycopg.Connection, sql: str, *params: object) -> object:
    row = conn.execute(sql, params).fetchone()
    return row[0] if row else None
