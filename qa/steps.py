"""The values the answering chain passes from step to step (qa.service), each made by one step:

    Ask --prepare--> Prepared --retrieve--> Found --select--> Evidence --compose--> Drafted
        --verify--> Answer

Each holds the one before it, so a step reads everything decided so far and nothing is left
unset: no step has to check that an earlier one ran.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ingest.models import Filters
from qa.evidence import Sentence
from qa.models import Answer, Turn
from qa.query import Query
from qa.retrieval import Retrieved


@dataclass(frozen=True)
class Ask:
    """A checked question with its conversation and filters."""

    question: str
    history: Sequence[Turn]
    filters: Filters
    on_text: Callable[[str], None] | None  # streamed LLM answer text, as it is grounded
    started: float  # perf_counter() when asked
    bridged: bool = False  # the second hop of a bridge question (qa.bridge): its words are ours
    context: str = ""  # earlier turns' words a follow-up still leans on (qa.followup)
    topic: str = ""  # the earlier question a leaning follow-up continues: its names hold too


@dataclass(frozen=True)
class Prepared:
    """What the question asks for (qa.query), follow-ups rewritten."""

    ask: Ask
    query: Query


@dataclass(frozen=True)
class Found:
    """Passages retrieved for the question and its parts."""

    prepared: Prepared
    vectors: np.ndarray  # the query text's vector, then each part's
    passages: list[Retrieved]  # best first
    at: float  # perf_counter() when retrieval ended

    @property
    def ask(self) -> Ask:
        return self.prepared.ask

    @property
    def query(self) -> Query:
        return self.prepared.query


@dataclass(frozen=True)
class Evidence:
    """The sentences of the best passages, scored against the question and each part."""

    found: Found
    sentences: list[Sentence]
    vectors: np.ndarray  # one unit vector per sentence
    scores: np.ndarray  # sentences x (query text, parts...)

    @property
    def ask(self) -> Ask:
        return self.found.ask

    @property
    def query(self) -> Query:
        return self.found.query

    @property
    def passages(self) -> list[Retrieved]:
        return self.found.passages

    def best(self, column: int = 0) -> int:
        """The index of the best sentence for the question (0) or a part (1...)."""
        return int(np.argmax(self.scores[:, column]))


@dataclass(frozen=True)
class Drafted:
    """An answer before its citations are checked, with the passages in the order to report
    (the one holding the answer first)."""

    evidence: Evidence
    answer: Answer
    passages: list[Retrieved]
