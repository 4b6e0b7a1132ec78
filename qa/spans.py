"""Short answer spans: the entity, date or number a question asks for, voted across evidence."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from ingest.terms import STOPWORDS

SHARPNESS = 0.08  # score gap at which a sentence's vote drops by a factor of e

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATES = [
    re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"),  # May 29, 2020
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}\b"),  # 29 May 2020
    re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"),  # May 29
    re.compile(rf"\b{_MONTH},?\s+\d{{4}}\b"),  # May 2020
    re.compile(r"\b(?:1[89]\d\d|20\d\d)\b"),
]
_QUANTITY = re.compile(
    r"(?:[$€£¥]\s?)?\d[\d,]*(?:\.\d+)?(?:\s?(?:%|percent|per cent|million|billion|trillion|"
    r"thousand|bn|m\b|k\b))?(?:\s(?:million|billion))?"
)
_NUMBER_WORDS = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twice|thrice|dozens"
    r"|hundreds|thousands|millions)\b",
    re.IGNORECASE,
)
_NAME = re.compile(
    r"(?:[A-Z][\w'’.\-]*[\w]|[A-Z])(?:\s+(?:(?:of|de|del|la|van|von|der|bin|al|and|&)\s+)?"
    r"(?:[A-Z][\w'’.\-]*[\w]|[A-Z]\.?))*"
)
_LEADING = frozenset(
    """the a an according in on at by for from after before as this that these those it its
    his her their our we they he she i but and or so yet while when where who what which how
    why update however meanwhile also then there here mr mrs ms dr""".split()
)
_MONTH_NAMES = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday""".split()
)


def expected_kind(wh: str, question: str) -> str:
    """"date", "quantity", "entity" or "" (no short span: answer with the sentence)."""
    q = question.lower()
    if wh in ("when", "what year", "which year", "what date") or re.search(
        r"\b(date|year|day|month)\b", q
    ):
        return "date"
    if wh in ("how many", "how much", "how long", "how old") or re.search(
        r"\b(revenue|price|cost|number of|amount|percentage|how often)\b", q
    ):
        return "quantity"
    if wh in ("who", "whom", "whose", "which", "what", "where"):
        return "entity"
    return ""


def candidates(sentence: str, kind: str) -> list[str]:
    if kind == "date":
        found: list[str] = []
        for pattern in _DATES:
            for m in pattern.finditer(sentence):
                if not any(m.group(0) in f for f in found):
                    found.append(m.group(0))
        return found
    if kind == "quantity":
        spans = [m.group(0).strip() for m in _QUANTITY.finditer(sentence)]
        spans += [m.group(0) for m in _NUMBER_WORDS.finditer(sentence)]
        return [s for s in spans if s and not re.fullmatch(r"(?:1[89]\d\d|20\d\d)", s)]
    if kind == "entity":
        return [c for c in (_clean_name(m.group(0)) for m in _NAME.finditer(sentence)) if c]
    return []


def _clean_name(name: str) -> str:
    words = name.replace("’", "'").split()
    while words and words[0].lower().strip(".") in _LEADING:
        words = words[1:]
    while words and words[-1].lower() in ("of", "de", "and", "&", "the"):
        words = words[:-1]
    if words and words[-1].endswith("'s"):
        words[-1] = words[-1][:-2]
    if not words or all(w.lower().strip(".") in _MONTH_NAMES for w in words):
        return ""
    return " ".join(words).strip(" .")


def _in_question(span: str, question_words: set[str]) -> bool:
    words = [w for w in re.findall(r"\w+", span.lower()) if w not in STOPWORDS]
    return bool(words) and all(w in question_words for w in words)


def best_span(
    question: str, kind: str, sentences: Sequence[tuple[str, float]]
) -> tuple[str, int] | None:
    """The span voted for by the best evidence sentences, with the index of its best sentence.

    Each sentence votes for its candidates with its score; spans that repeat the question's own
    words are not answers ("Who acquired Instagram?" is not answered by "Instagram").
    """
    if not kind:
        return None
    question_words = set(re.findall(r"\w+", question.lower()))
    votes: dict[str, float] = {}
    where: dict[str, tuple[float, int]] = {}
    top = max((score for _, score in sentences), default=0.0)
    for index, (sentence, score) in enumerate(sentences):
        weight = math.exp((score - top) / SHARPNESS)  # the best sentences carry the vote
        for span in dict.fromkeys(candidates(sentence, kind)):
            if _in_question(span, question_words):
                continue
            key = span.lower()
            votes[key] = votes.get(key, 0.0) + weight
            if key not in where or score > where[key][0]:
                where[key] = (score, index)
    if not votes:
        return None
    key = max(votes, key=lambda s: (votes[s], len(s)))
    index = where[key][1]
    sentence = sentences[index][0]
    start = sentence.lower().find(key)
    return sentence[start : start + len(key)], index
