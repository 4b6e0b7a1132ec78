"""Yes/No verdicts decided from the evidence found for each part of a question (pure)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from qa import lexicon
from qa.query import outlet_aliases

_NEGATION = re.compile(
    r"\b(not|no|never|neither|nor|without|lack(?:s|ed|ing)?|fail(?:s|ed|ing|ures?)?"
    r"|n't|cannot|none)\b|n't\b",
    re.IGNORECASE,
)
# What states no part of a claim: an aside in brackets, "No." before a number ("No. 87"; a
# sentence splitter may have cut the number off), a capitalised "No" or "Not" after another
# capitalised word, which is part of a name ("Si No Estás", "Girls Not Brides"), and "no" as an
# exclamation ("Oh, no."), where it ends a sentence on its own.
_NOT_CLAIMED = re.compile(
    r"\([^()]*\)|\bNo\.(?=\s*\d|\s*$)|\b(?i:although|though|even if)\b[^,;]*"
    r"|(?<=[A-Z])[\w'’]*\s+(?:No|Not)\b|\b(?i:oh|ah|uh),?\s+(?i:no)\b"
)
_SAME = re.compile(
    r"\b(consisten(?:t|cy)|maintain(?:ed|s)?|similar(?:ity)?|same|agree(?:ment)?|align(?:ed)?"
    r"|both)\b",
    re.IGNORECASE,
)
_CHANGE = re.compile(r"\b(no\s+)?(change|shift)\b", re.IGNORECASE)
# "before"/"after" orders reports only where a report follows it: a report word, a reporting
# verb or a date within a few words ("before The Verge reported", "after November 6"), not an
# event inside a claim ("needs to improve before their game").
_ORDER = re.compile(
    r"\b(before|after|prior to|earlier than|later than)\b(?=(?:\W+[\w'’]+){0,6}?\W+"
    r"(?:reports?|article|story|coverage|piece|reported|published|publishing|mentioned"
    r"|discussed|covered|wrote|posted|said|\d{4}|January|February|March|April|May|June|July"
    r"|August|September|October|November|December)\b)",
    re.IGNORECASE,
)

# "Did X, reported by A on October 13, come before Y, reported by B on October 7?": what came
# first, however long the claim between the order word and its report.
_CAME_ORDER = re.compile(
    r"\b(?:come|came|comes|happen(?:ed|s)?|occur(?:red|s)?)\s+"
    r"(before|after|prior to|earlier than|later than)\b",
    re.IGNORECASE,
)


def _order_word(question: str) -> re.Match[str] | None:
    came = _CAME_ORDER.search(question)
    if came and not (  # "Did the layoffs happen before the merger?" orders events, not reports
        _REPORTED.search(question, 0, came.start()) and _REPORTED.search(question, came.end())
    ):
        came = None
    return _ORDER.search(question) or came


_REPORTED = re.compile(r"\b(?:reported|published|report|article|story|coverage)\b", re.IGNORECASE)


@dataclass(frozen=True)
class PartEvidence:
    """The best sentence found for one part of the question."""

    part: str
    sentence: str
    support: float  # similarity + term coverage of that sentence to the part
    published_at: str = ""
    vector: np.ndarray | None = None  # the sentence's unit vector
    figured: tuple[str, ...] = ()  # the article's other sentences that write the part's figures


@dataclass(frozen=True)
class Verdict:
    yes: bool | None  # None: the evidence does not settle it
    reason: str
    by: str = ""  # a sentence that decided it other than the parts' evidence (PartEvidence.figured)


def negation_mismatch(part: str, sentence: str) -> bool:
    """The part claims the opposite polarity of its best evidence ("do not offer" vs "offer").
    Asides in brackets state no part of the claim, and "No. 87" is a number, not a no."""
    return _negated(part) != _negated(sentence)


def _negated(text: str) -> bool:
    return bool(_NEGATION.search(_NOT_CLAIMED.sub(" ", text)))


def denied_near(part: str, sentence: str, reach: int = lexicon.NEGATION_REACH) -> bool:
    """Whether the sentence denies what the part claims right before the claim's own words
    ("which isn’t an all-time low" for "describe it as an all-time low"): a "not" (curly
    apostrophe or straight) at most `reach` words before a content word of the part."""
    if _negated(part):
        return False
    claimed = {w for w in re.findall(r"[a-z][\w-]+", part.lower()) if w not in lexicon.STOPWORDS}
    for clause in re.split(r"[,;:—–]|\bbut\b", _NOT_CLAIMED.sub(" ", sentence).lower()):
        words = re.findall(r"[\w'’-]+", clause)  # (a "not" reaches no further than its clause)
        for i, word in enumerate(words):
            denies = _NEGATION.fullmatch(word) or re.search(r"n['’]t$", word)
            if denies and any(w in claimed for w in words[i + 1 : i + 1 + reach]):
                return True
    return False


def numbers_in(text: str) -> set[float]:
    """Counts, ordinals and amounts ("ninth", "9th", "nine", "$6.99", "449,000"), years left out."""
    found: set[float] = set()
    for word in re.findall(r"[a-z]+|\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th)?", text.lower()):
        digits = re.match(r"\d[\d,]*(?:\.\d+)?", word)
        if digits:
            written = digits.group().rstrip(",")
            value = float(written.replace(",", ""))
            if not (1800 <= value <= 2100 and "." not in written and "," not in written):
                found.add(value)
        elif word in lexicon.NUMBER_VALUES and word not in ("one", "first"):  # often no count
            found.add(lexicon.NUMBER_VALUES[word])
    return found


def number_mismatch(part: str, sentence: str) -> bool:
    """The part says "ninth goal" where the evidence says "eighth goal", "$9.99" where it says
    "$6.99"."""
    claimed, found = numbers_in(part), numbers_in(sentence)
    return bool(claimed and found and not claimed & found)


def claimed_number_mismatch(part: str, sentence: str) -> bool:
    """number_mismatch for a claim against its evidence, a day of the month compared with days
    and a score ("7-6") with scores: "third place" is not contradicted by "on May 2", nor "15
    meetings" by a set won 7-6. (Two reports' passages are compared whole: their days are the
    days each was written.)"""
    (days, scores, rest), (said_days, said_scores, said_rest) = map(_number_kinds, (part, sentence))
    rounded = {  # "just over $39,000" is written "$39,014"
        value
        for m in _ROUNDED.finditer(part)
        for value in numbers_in(m.group(1))
        if any(abs(found - value) <= lexicon.ROUNDING * value for found in said_rest)
    }
    return (
        _differ(days, said_days)
        or _differ(scores, said_scores)
        or _differ(rest - rounded, said_rest)
    )


_ROUNDED = re.compile(
    rf"\b(?:{'|'.join(lexicon.ROUNDING_WORDS)})\s+([$€£]?\d[\d,]*(?:\.\d+)?)", re.IGNORECASE
)


def _differ(claimed: set[Any], found: set[Any]) -> bool:
    return bool(claimed and found and not claimed & found)


_DAY = re.compile(
    rf"\b(?:(?:{'|'.join(lexicon.MONTHS)})|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
    r"\s+(\d{1,2})(?:st|nd|rd|th)?\b"
    rf"|\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{'|'.join(lexicon.MONTHS)})\b"
)
_SCORE = re.compile(r"\b(\d{1,3})\s?[-–]\s?(\d{1,3})\b(?:\s*\(\d{1,2}\))?(?![-–]?\w)")


def _number_kinds(text: str) -> tuple[set[float], set[str], set[float]]:
    """The days of the month a text gives, its scores, and its other numbers (numbers_in)."""
    days = {float(m.group(1) or m.group(2)) for m in _DAY.finditer(text)}
    scores = {"-".join(sorted((m.group(1), m.group(2)))) for m in _SCORE.finditer(text)}  # 2-1, 1-2
    rest = _SCORE.sub(" ", _DAY.sub(" ", text))
    return days, scores, numbers_in(rest)


_MEASURED = re.compile(
    r"\b(\d[\d,]*(?:\.\d+)?|[a-z]+)[\s-]+"
    rf"({'|'.join(sorted(lexicon.TIME_UNITS, key=len, reverse=True))})s?\b",
    re.IGNORECASE,
)


def _measures(text: str) -> set[tuple[float, str]]:
    """The lengths a text gives ("two weeks" -> (2, "week"), "2-day" -> (2, "day"))."""
    found = set()
    for m in _MEASURED.finditer(text):
        value = numbers_in(m.group(1))
        if len(value) == 1:
            found.add((next(iter(value)), m.group(2).lower()))
    return found


def unit_mismatch(part: str, sentence: str) -> bool:
    """The part says "two weeks" where the evidence says "2 days": the same number of
    another unit, and not the part's."""
    claimed, found = _measures(part), _measures(sentence)
    return any(
        (value, unit) not in found and any(v == value and u != unit for v, u in found)
        for value, unit in claimed
    )


_BOUND = re.compile(
    r"\b(?:(?P<below>no more than|not more than|less than|fewer than|under|below|up to|at most)"
    r"|(?P<above>no (?:fewer|less) than|not (?:fewer|less) than|more than|over|above|at least"
    r"|upwards of|in excess of|exceeding))\s+"
    r"(?P<number>[$€£]?\d[\d,]*(?:\.\d+)?)",
    re.IGNORECASE,
)


def _directions(text: str) -> set[str]:
    """ "up" and "down" for the ways a text says a figure went (lexicon.RISE_WORDS,
    FALL_WORDS); a comparative before "than" ("a higher average than ...") compares two
    things, it says nothing went anywhere."""
    found = set()
    for clause in re.split(r"[,;:—–]", text.lower()):
        words = re.findall(r"[a-z]+", clause)
        for i, word in enumerate(words):
            if word.endswith("er") and "than" in words[i + 1 :]:
                continue
            if words[i + 1 : i + 2] == ["short"]:
                continue  # "fell short of 60 votes", "cut short": nothing fell
            if word in lexicon.RISE_WORDS:
                found.add("up")
            elif word in lexicon.FALL_WORDS or (
                word == "down" and words[i + 1 : i + 2] == ["from"]
            ):
                found.add("down")
    return found


def _moves(text: str) -> list[tuple[float, str]]:
    """Each figure a text says something moved by or to, with the way it went: "fell 102.2
    points" -> (102.2, "down"), "gained about 100 points" -> (100, "up"); the way is the
    nearest rise or fall word at most NEGATION_REACH words before the figure."""
    moves = []
    words = re.findall(r"[a-z]+|\$?\d[\d,]*(?:\.\d+)?", text.lower())
    for i, word in enumerate(words):
        value = numbers_in(word) if word[-1].isdigit() else set()
        if len(value) != 1:
            continue
        for before in reversed(words[max(0, i - lexicon.NEGATION_REACH - 1) : i]):
            way = (
                "up"
                if before in lexicon.RISE_WORDS
                else "down"
                if before in lexicon.FALL_WORDS
                else ""
            )
            if way:
                moves.append((next(iter(value)), way))
                break
    return moves


def figure_direction_mismatch(part: str, sentence: str) -> bool:
    """The part says a figure went one way ("gained about 100 points") where the evidence
    says about the same figure went the other ("fell 102.2 points")."""
    if _negated(part):
        return False
    said = _moves(sentence)
    rounded = {v for m in _ROUNDED.finditer(part) for v in numbers_in(m.group(1))}
    for value, way in _moves(part):
        near = [
            went
            for found, went in said
            if abs(found - value) <= (lexicon.ROUNDING * value if value in rounded else 0)
        ]
        if near and way not in near:  # ("rose 1.2% while the Nasdaq fell 1.3%" holds the rise)
            return True
    return False


def direction_mismatch(part: str, sentence: str) -> bool:
    """The part says a figure went up ("raised its outlook to 2.3 percent") where the evidence
    says only that it went down ("1.8 percent, down from previous guidance"), or the other way
    round; both must give a figure. A part that says both ways, or is negated, is left to the
    other checks."""
    if _negated(part):
        return False
    if not (numbers_in(part) and numbers_in(sentence)):
        return False  # "a tax cut", "fell short", "raise concerns": words of a figure moving
    claimed, said = _directions(part), _directions(sentence)
    return len(claimed) == 1 and len(said) == 1 and claimed != said


def _bounds(text: str) -> set[tuple[str, float]]:
    return {
        ("below" if m.group("below") else "above", next(iter(numbers_in(m.group("number")))))
        for m in _BOUND.finditer(text)
        if numbers_in(m.group("number"))
    }


def bound_mismatch(part: str, sentence: str) -> bool:
    """The part says "less than $400" where the evidence says "over $400"."""
    claimed, found = _bounds(part), _bounds(sentence)
    flipped = {("above" if side == "below" else "below", value) for side, value in claimed}
    return bool(flipped & found) and not claimed & found


_MONTH_NAME = re.compile(  # case-sensitive: "may" is a verb; "Sept." is a month, "Jan" a name
    rf"\b(?:({'|'.join(lexicon.MONTHS)})\b|(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)"
)
_WORD_BEFORE = re.compile(r"(?<![.!?;:]\s)\b([A-Z][a-z]+)\s+$")  # not a sentence's first word
_NAMED_AFTER = re.compile(r"\s+(?:[A-Z][a-z]|I\b)")
_MODAL_MAY = re.compile(r"\s+(?:be|have|not|also|well|soon|still|never)\b")  # "May be ..."


def months_in(text: str) -> set[int]:
    """The months a text names ("May", "Sept."), as 1-12."""
    found = set()
    for m in _MONTH_NAME.finditer(text):
        if m.group(1) == "May" and _MODAL_MAY.match(text, m.end()):
            continue
        before = _WORD_BEFORE.search(text, 0, m.start())
        named = before is not None and before.group(1).lower() not in lexicon.MONTH_LEAD_WORDS
        if named or _NAMED_AFTER.match(text, m.end()):
            continue  # "Theresa May", "April Ryan", "March Madness": names
        short = (m.group(1) or m.group(2))[:3]
        found.add([month[:3] for month in lexicon.MONTHS].index(short) + 1)
    return found


def month_mismatch(part: str, sentence: str) -> bool:
    """The part says "in September" where the evidence says "in May"."""
    claimed, found = months_in(part), months_in(sentence)
    return bool(claimed and found and not claimed & found)


def excluded_named(part: str, sentence: str) -> bool:
    """A part saying "someone other than X" while the evidence names X."""
    match = re.search(
        r"\b(?:other than|instead of|rather than)\s+([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)", part
    )
    return match is not None and match.group(1).lower() in sentence.lower()


def orders_reports(question: str, outlets: Sequence[str] = ()) -> bool:
    """Whether the question asks which of two reports came first ("Did A report X before B
    reported Y?"), not whether they agree. Given the `outlets` it names, in order, the second
    must follow the order word: "Did A and B report a launch before 2025?" orders nothing."""
    topic = _SAME_TOPIC.sub(" ", question)  # "the report on the same footage" names a topic
    match = _order_word(question)
    if match is None or _SAME.search(topic) or _CHANGE.search(topic):
        return False
    if len(outlets) >= 2:
        after = question[match.end() :].lower()
        return any(alias.lower() in after for alias in outlet_aliases(outlets[1]))
    return True


_SAME_TOPIC = re.compile(r"\b(?:on|about|of|regarding|covering)\s+the\s+same\b", re.IGNORECASE)


def _ordering(question: str, evidence: Sequence[PartEvidence]) -> Verdict | None:
    """ "Did A report X before B reported Y?": compare the publication dates of their evidence."""
    match = _order_word(question)
    if match is None or len(evidence) < 2 or not orders_reports(question):
        return None
    first, second = evidence[0].published_at[:19], evidence[1].published_at[:19]
    if not first or not second:
        return None
    earlier = first < second
    wants_earlier = match.group(1).lower() in ("before", "prior to", "earlier than")
    return Verdict(earlier == wants_earlier, "publication order of the two reports")


def _similarity(a: PartEvidence, b: PartEvidence) -> float:
    if a.vector is None or b.vector is None:
        return 0.0
    return float(np.dot(a.vector, b.vector))


def _contradict(a: PartEvidence, b: PartEvidence, asked: str = "") -> bool:
    """Two reports' best passages state the same claim with opposite polarity or other numbers
    or months; where the question asks about a month or a figure (`asked`), passages on the
    same topic that give other ones disagree on it, however else they are worded."""
    similarity = _similarity(a, b)
    if asked and similarity >= lexicon.SAME_TOPIC:
        differ = month_mismatch if asked == "month" else number_mismatch
        if differ(a.sentence, b.sentence):
            return True
    mismatch = (
        negation_mismatch(a.sentence, b.sentence)
        or number_mismatch(a.sentence, b.sentence)
        or month_mismatch(a.sentence, b.sentence)
    )
    return similarity >= lexicon.SAME_CLAIM and mismatch


# lower case: "The Age" is an outlet, not an age
_ASKED_MONTH = re.compile(r"\b(?:months?|dates?)\b")
_ASKED_FIGURE = re.compile(
    r"\b(?:number|how many|how much|cost|price|amount|figure|total|age|toll|size|count|sum"
    r"|percent(?:age)?|share|rate)\b"
)


def holds_value(asked: str, text: str) -> bool:
    """Whether a text gives a value of the kind asked about: a month, or a figure."""
    return bool(months_in(text) if asked == "month" else numbers_in(text))


_ABOUT = re.compile(
    r"\b(?:about|on|regarding|concerning|over|as to|the same)\s+(?:the\s+|its\s+|their\s+"
    r"|his\s+|her\s+)?((?:[\w'’-]+\s+){0,3}[\w'’-]+)"
)


def asked_value(question: str) -> str:
    """ "month" or "figure" where an agreement question asks about one ("consistent about the
    month in which ...", "... regarding the death toll"), "" otherwise: the word must be what
    the question is about, not any use of it ("a number of employees quit")."""
    for m in _ABOUT.finditer(question):
        about = m.group(1)
        if "a number of" in about:  # "a number of employees": some, not a figure asked
            continue
        if _ASKED_MONTH.search(about):
            return "month"
        if _ASKED_FIGURE.search(about):
            return "figure"
    return ""


def asks_agreement(question: str, choice: bool = False, reports: int = 1) -> bool:
    """Whether the question asks if reports agree or changed: a choice between agreeing and
    differing, or a change or consistency word in a question that names two reports (parts,
    outlets or dates) or speaks of reporting. "Did the firm change its logo?" asks about the
    firm, and "a different X" inside one report's claim is a claim to check."""
    if choice:
        return True
    if reports >= 2 and _TWO_AGREE.search(question):
        return True
    if not (_CHANGE.search(question) or _SAME_ASKED.search(question)):
        return False
    return reports >= 2 or bool(_REPORTING.search(question))


# "maintained its stance" asks about agreement; "acts to maintain a market" is part of a claim
_SAME_ASKED = re.compile(
    r"\b(?:in)?consisten(?:t|cy)\b|\binconsistently\b"
    r"|\bdiscrepanc(?:y|ies)\s+(?:between|in\s+(?:the\s+|their\s+)?(?:report|coverage|account|portrayal))"
    r"|\bmaintain(?:s|ed|ing)?\s+(?:(?:a|the|its|their|his|her)\s+)?(?:same\s+)?"
    r"(?:stance|position|view|portrayal|narrative|tone|perspective|outlook)\b",
    re.IGNORECASE,
)
# ... and, of a question naming two reports, "Do A and B agree that ...?", "give the same X"
_TWO_AGREE = re.compile(
    r"\bagree(?:s|d)?\s+(?:that|on|about)\b|\b(?:give|report|cite|state|name)s?\s+the\s+same\b",
    re.IGNORECASE,
)
_REPORTING = re.compile(
    r"\b(?:reports?|reporting|reported|coverage|portray(?:al|ed|s)?|articles?|account)\b",
    re.IGNORECASE,
)


def _agreement(
    question: str, evidence: Sequence[PartEvidence], found: float, choice: bool, reports: int
) -> Verdict | None:
    """Whether reports agree ("consistent?", "was there a change?", "similar or different?"),
    read from what the evidence for each report says: two passages stating the same claim with
    opposite polarity or other numbers contradict each other; a later report that restates the
    earlier one has not changed it. Without evidence for each report the question is left
    unsettled (`yes` None), never decided by its wording."""
    if not asks_agreement(question, choice, reports):
        return None
    change = _CHANGE.search(question)
    if len(evidence) < 2 or any(e.support < found or e.vector is None for e in evidence):
        return Verdict(None, "the evidence does not cover each report")
    pairs = list(zip(evidence, evidence[1:], strict=False))
    asked = asked_value(question)
    contradict = any(_contradict(a, b, asked) for a, b in pairs)
    if change:
        moved = contradict or any(_similarity(a, b) < lexicon.SAME_CLAIM for a, b in pairs)
        return Verdict(moved != bool(change.group(1)), "compared the earlier and later reports")
    if not choice and re.search(r"\b(?:inconsisten|discrepanc)", question, re.IGNORECASE):
        return Verdict(contradict, "compared the reports")  # "was there an inconsistency?"
    return Verdict(not contradict, "the reports contradict" if contradict else "they agree")


def decide(
    question: str,
    evidence: Sequence[PartEvidence],
    threshold: float,
    choice: bool = False,
    found: float = 0.0,
    reports: int = 1,
) -> Verdict:
    """Yes/No from the evidence; for a choice ("consistent or inconsistent?") Yes is the
    agreeing word; `yes` None where the evidence can not settle it. `threshold`: the support
    each part needs for a Yes; `found`: the least support that counts as evidence at all;
    `reports`: how many reports (parts, outlets or dates) the question names."""
    ordered = None if choice else _ordering(question, evidence)
    if ordered is not None:
        strong = [  # a claim of its own (not the whole question), as strong as any Yes needs
            e for e in evidence if e.support >= threshold and e.part != question
        ]
        wrong = next((why for e in strong if (why := _contradicted(e))), "")
        return Verdict(False, wrong) if wrong else ordered
    agreed = _agreement(question, evidence, found, choice, reports)
    if agreed is not None:
        return agreed
    for e in evidence:
        if e.support < threshold:
            return Verdict(False, f"no evidence for: {e.part[:80]}")
        if why := _contradicted(e):
            return Verdict(False, why)
        if other := _figure_denied(e):
            return Verdict(False, f"the passage giving its figure denies: {e.part[:80]}", other)
    return Verdict(True, "every part is supported")


def _figure_denied(e: PartEvidence) -> str:
    """The sentence of the evidence's article that writes a figure the part claims and denies
    one of the part's own words ("pleaded not guilty ... post $100,000 bond" for "released on
    $100,000 bond after pleading guilty"), or "": a part claiming several facts is matched best
    by a sentence on one of them, and the figure anchors the sentence on another. Only a denial
    next to a claimed word counts: any "not" of such a sentence (negation_mismatch) turned
    right Yes answers of an unseen set to No."""
    for other in e.figured:
        if denied_near(e.part, other, reach=1):  # "not guilty"; not "had not expected X to ..."
            return other
    return ""


def _contradicted(e: PartEvidence) -> str:
    """Why a part's evidence says otherwise than the part, or ""."""
    if (
        negation_mismatch(e.part, e.sentence)
        or denied_near(e.part, e.sentence)
        or excluded_named(e.part, e.sentence)
    ):
        return f"the evidence says the opposite of: {e.part[:80]}"
    if (
        claimed_number_mismatch(e.part, e.sentence)
        or bound_mismatch(e.part, e.sentence)
        or unit_mismatch(e.part, e.sentence)
    ):
        return f"the evidence gives another number than: {e.part[:80]}"
    if month_mismatch(e.part, e.sentence):
        return f"the evidence gives another month than: {e.part[:80]}"
    if direction_mismatch(e.part, e.sentence) or figure_direction_mismatch(e.part, e.sentence):
        return f"the evidence says it went the other way: {e.part[:80]}"
    return ""
