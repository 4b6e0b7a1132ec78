"""Keep an archive current: fetch feeds (and pages) round after round, ingesting what changed."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ingest.fetch import Fetcher
from ingest.models import IngestReport
from ingest.store import Store
from ingest.web import ingest_sources
from ingest.webstate import WebState
from newsdesk.errors import InputError, NewsdeskError

_UNITS = {"s": 1, "m": 60, "h": 3600}


def parse_every(text: str) -> float:
    """Seconds from a round interval written 30s, 15m or 1h."""
    match = re.fullmatch(r"\s*(\d+)\s*([smh])\s*", text.lower())
    if not match or int(match.group(1)) == 0:
        raise InputError(f"--every: expected a positive interval like 30s, 15m or 1h, got {text!r}")
    return float(int(match.group(1)) * _UNITS[match.group(2)])


@dataclass(frozen=True)
class Round:
    """One round's outcome: the ingest report of everything it fetched."""

    number: int
    started: datetime
    seconds: float
    report: IngestReport


def watch(
    urls: Sequence[str],
    store: Store,
    every: float,
    on_round: Callable[[Round], None],
    rounds: int | None = None,
) -> Round | None:
    """Run rounds `every` seconds apart (start to start) until `rounds` are done, or forever;
    Ctrl-C (KeyboardInterrupt) passes through, with the store and state left consistent.
    A busy store fails a round, not the watch: its pages are fetched again next round."""
    last: Round | None = None
    state = closing(WebState(Path(store.settings.store)))
    with Fetcher(store.settings) as fetcher, state as web_state:
        number = 0
        while rounds is None or number < rounds:
            number += 1
            began, started = time.monotonic(), datetime.now(UTC)
            fetcher.new_round()
            try:
                report = ingest_sources((), urls, store, fetcher=fetcher, state=web_state)
            except NewsdeskError as exc:
                report = IngestReport(error=str(exc))
            last = Round(number, started, time.monotonic() - began, report)
            on_round(last)
            if rounds is None or number < rounds:
                time.sleep(max(0.0, began + every - time.monotonic()))
    return last
