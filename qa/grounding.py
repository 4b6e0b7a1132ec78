"""Which sentences of an LLM reply may stand: those grounded in the passages they cite.

`GroundedStream` judges a reply sentence by sentence as it arrives, so a streamed answer shows
each kept sentence as soon as it is complete; `grounded` is the same over a whole reply.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

from ingest.terms import content_words
from qa import lexicon

_MARKERS = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")
_SENTENCE_END = re.compile(r"(?<=[.!?\]])[ \t]+(?=[A-Z\"“])|\n")
_LEAD_WORDS = (
    "yes no consistent inconsistent similar different agree disagree same change true false"
).split()


def _stems(text: str) -> set[str]:
    return {w[:5] for w in content_words(text)}


class GroundedStream:
    """Feed the reply as it arrives; `emit` gets each kept sentence (markers renumbered in order
    of first use) the moment it is complete, so what was emitted is always the answer so far.

    A sentence is kept when it cites passages it was shown and at least half of its content
    words occur in them; a short leading answer ("Simona Halep [2].") needs all of its words
    there. A bare leading verdict or choice word ("Yes.", "Consistent.") is emitted with the
    first kept sentence after it. Anything else (uncited claims, echoed scaffolding such as
    "[2] The answer is:") is dropped, and a reply opening with INSUFFICIENT keeps nothing.
    """

    def __init__(self, passages: Sequence[str], emit: Callable[[str], None] | None = None) -> None:
        self.passages = passages
        self.emit = emit or (lambda text: None)
        self.order: list[int] = []
        self.kept: list[str] = []
        self._buffer = ""
        self._seen = 0  # sentences judged (after a lead word)
        self._lead: str | None = None  # None until the first sentence is read
        self._refused = False

    def feed(self, text: str) -> None:
        self._buffer += text
        while (end := _SENTENCE_END.search(self._buffer)) is not None:
            sentence, self._buffer = self._buffer[: end.start()], self._buffer[end.end() :]
            self._judge(sentence.strip())

    def finish(self) -> tuple[str, list[int]] | None:
        """(kept text, passage numbers behind each new marker), or None when nothing is kept."""
        self._judge(self._buffer.strip())
        self._buffer = ""
        if not self.kept or self._refused:
            return None
        return " ".join([self._lead, *self.kept] if self._lead else self.kept), self.order

    def _judge(self, sentence: str) -> None:
        if not sentence or self._refused:
            return
        if self._lead is None:
            if sentence.upper().startswith("INSUFFICIENT"):
                self._refused = True
                return
            self._lead = _lead_word(sentence)
            if self._lead:
                return
        cited = [
            int(n)
            for group in _MARKERS.findall(sentence)
            for n in re.split(r"\s*,\s*", group)
            if 1 <= int(n) <= len(self.passages)
        ]
        position, self._seen = self._seen, self._seen + 1
        if not cited or not self._supported(sentence, cited, first=position == 0):
            return
        self.order.extend(n for n in dict.fromkeys(cited) if n not in self.order)
        kept = _MARKERS.sub(functools.partial(_renumber, order=self.order), sentence).strip()
        prefix = (self._lead + " ") if self._lead and not self.kept else ""
        self.emit((" " if self.kept else "") + prefix + kept)
        self.kept.append(kept)

    def _supported(self, sentence: str, cited: list[int], first: bool) -> bool:
        claim = _stems(_MARKERS.sub(" ", sentence))
        support = set().union(*(_stems(self.passages[n - 1]) for n in cited))
        if first and 0 < len(claim) <= 3 and claim <= support:
            return True  # a short answer, every word of it found
        return len(claim) >= 2 and len(claim & support) >= lexicon.SUPPORT * len(claim)


def _lead_word(sentence: str) -> str:
    """'Yes.' for a bare leading verdict or choice word, else ''."""
    if _MARKERS.sub("", sentence).strip(" .!,").lower() not in _LEAD_WORDS:
        return ""
    lead = re.sub(r"\s+(?=[.!,])", "", _MARKERS.sub("", sentence)).strip(" ,")
    return lead if lead.endswith((".", "!")) else f"{lead}."


def grounded(reply: str, passages: Sequence[str]) -> tuple[str, list[int]] | None:
    """The reply's grounded sentences (see GroundedStream), judged all at once."""
    stream = GroundedStream(passages)
    stream.feed(reply)
    return stream.finish()


def _renumber(match: re.Match[str], order: Sequence[int]) -> str:
    numbers = (int(n) for n in re.split(r"\s*,\s*", match.group(1)))
    return "".join(f"[{order.index(n) + 1}]" for n in numbers if n in order)
