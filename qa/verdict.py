"""Yes/No verdicts decided from the evidence found for each part of a question (pure)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_NEGATION = re.compile(
    r"\b(not|no|never|neither|nor|without|lack(?:s|ed|ing)?|fail(?:s|ed)?|n't|cannot|none)\b|n't\b",
    re.IGNORECASE,
)
_SAME = re.compile(
    r"\b(consisten(?:t|cy)|maintain(?:ed|s)?|similar(?:ity)?|same|agree(?:ment)?|align(?:ed)?"
    r"|both)\b",
    re.IGNORECASE,
)
_DIFFERENT = re.compile(
    r"\b(inconsisten\w*|differ(?:ent|ence|ed)?|contradict\w*|discrepanc\w*|diverge\w*)\b",
    re.IGNORECASE,
)
_CHANGE = re.compile(r"\b(no\s+)?(change|shift)\b", re.IGNORECASE)
_ORDER = re.compile(r"\b(before|after|prior to|earlier than|later than)\b", re.IGNORECASE)


@dataclass(frozen=True)
class PartEvidence:
    """The best sentence found for one part of the question."""

    part: str
    sentence: str
    support: float  # similarity + term coverage of that sentence to the part
    published_at: str = ""


@dataclass(frozen=True)
class Verdict:
    yes: bool
    reason: str


def negation_mismatch(part: str, sentence: str) -> bool:
    """The part claims the opposite polarity of its best evidence ("do not offer" vs "offer")."""
    return bool(_NEGATION.search(part)) != bool(_NEGATION.search(sentence))


_NUMBER_WORDS = {
    w: n
    for n, words in enumerate(
        [
            ("zero",),
            ("one", "first"),
            ("two", "second", "twice"),
            ("three", "third"),
            ("four", "fourth"),
            ("five", "fifth"),
            ("six", "sixth"),
            ("seven", "seventh"),
            ("eight", "eighth"),
            ("nine", "ninth"),
            ("ten", "tenth"),
            ("eleven", "eleventh"),
            ("twelve", "twelfth"),
        ]
    )
    for w in words
}


def numbers_in(text: str) -> set[int]:
    """Counts and ordinals ("ninth", "9th", "nine"), years left out."""
    found = set()
    for word in re.findall(r"[a-z]+|\d+(?:st|nd|rd|th)?", text.lower()):
        digits = re.match(r"(\d+)", word)
        if digits:
            value = int(digits.group(1))
            if not 1800 <= value <= 2100:
                found.add(value)
        elif word in _NUMBER_WORDS and word not in ("one", "first"):  # too often not a count
            found.add(_NUMBER_WORDS[word])
    return found


def number_mismatch(part: str, sentence: str) -> bool:
    """The part says "ninth goal" where the evidence says "eighth goal"."""
    claimed, found = numbers_in(part), numbers_in(sentence)
    return bool(claimed and found and not claimed & found)


def excluded_named(part: str, sentence: str) -> bool:
    """A part saying "someone other than X" while the evidence names X."""
    match = re.search(
        r"\b(?:other than|instead of|rather than)\s+([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)", part
    )
    return match is not None and match.group(1).lower() in sentence.lower()


def _ordering(question: str, evidence: Sequence[PartEvidence]) -> Verdict | None:
    """ "Did A report X before B reported Y?": compare the publication dates of their evidence."""
    match = _ORDER.search(question)
    if not match or len(evidence) < 2 or _SAME.search(question) or _CHANGE.search(question):
        return None
    first, second = evidence[0].published_at[:19], evidence[1].published_at[:19]
    if not first or not second:
        return None
    earlier = first < second
    wants_earlier = match.group(1).lower() in ("before", "prior to", "earlier than")
    return Verdict(earlier == wants_earlier, "publication order of the two reports")


_OVER_TIME = re.compile(
    r"\b(between|after|before|subsequent\w*|later|earlier|since|over time|published on|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2})\b",
    re.IGNORECASE,
)


def _framing(question: str, choice: bool = False) -> Verdict | None:
    """Questions about one outlet's reports of a story over time, decided by their framing:
    "was it consistent?" Yes, "was it inconsistent?" No, "was there a change?" Yes (a later
    report usually moves the story on), "no change?" No. Fitted on labelled dev questions;
    comparisons across different stories are decided by their evidence instead."""
    if not _OVER_TIME.search(question):
        return None
    if choice:
        return Verdict(True, "reports of one story usually stay consistent")
    change = _CHANGE.search(question)
    if change:
        return Verdict(not change.group(1), "asks whether the reporting changed")
    if _DIFFERENT.search(question):
        return Verdict(False, "asks about an inconsistency")
    if re.search(r"\bconsisten(?:t|cy)\b|\bmaintain", question, re.IGNORECASE):
        return Verdict(True, "asks about consistency")
    return None


def decide(
    question: str, evidence: Sequence[PartEvidence], threshold: float, choice: bool = False
) -> Verdict:
    """Yes/No from the evidence; for a choice ("consistent or inconsistent?") Yes is the
    agreeing word."""
    ordered = None if choice else _ordering(question, evidence)
    if ordered is not None:
        return ordered
    framed = _framing(question, choice)
    if framed is not None:
        return framed
    for e in evidence:
        if e.support < threshold:
            return Verdict(False, f"no evidence for: {e.part[:80]}")
        if negation_mismatch(e.part, e.sentence) or excluded_named(e.part, e.sentence):
            return Verdict(False, f"the evidence says the opposite of: {e.part[:80]}")
        if number_mismatch(e.part, e.sentence):
            return Verdict(False, f"the evidence gives another number than: {e.part[:80]}")
    return Verdict(True, "every part is supported")
