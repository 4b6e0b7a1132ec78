"""Query preparation: what the question asks for, which outlets and dates it names, its parts."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from ingest.terms import content_words
from qa import lexicon

_AUX = f"(?:{'|'.join(lexicon.VERDICT_AUXILIARIES)})"
_VERDICT_START = re.compile(rf"^\s*{_AUX}\b", re.IGNORECASE)
_VERDICT_INNER = re.compile(
    rf",\s*(?i:{_AUX})\s+(?:(?i:there|the|both|this|it|they)\b|['\"‘“]?[A-Z])"
)
_WH_START = re.compile(r"^\s*(?:who|whom|whose|what|which|when|where|why|how)\b", re.IGNORECASE)
# "consistent or inconsistent?", "similar ..., or do they present different reasons?": the
# answer is one of the two words, the first meaning the reports agree.
_SAME_WORDS = "|".join(lexicon.SAME_WORDS)
_DIFFERENT_WORDS = "|".join(lexicon.DIFFERENT_WORDS)
# the two words close together ("consistent or inconsistent"), or the second in a clause of
# its own (", or do these articles present different reasons?")
_OR = r"(?:(?:\W+\w+){0,12}?\W+or|(?:\W+\w+){0,30}?,\s+or)\W+(?:\w+\W+){0,6}?"
_CHOICE = re.compile(
    rf"\b(?:(?P<same>{_SAME_WORDS})\b{_OR}(?P<different>{_DIFFERENT_WORDS})"
    rf"|(?P<different2>{_DIFFERENT_WORDS})\b{_OR}(?P<same2>{_SAME_WORDS}))\b",
    re.IGNORECASE,
)
_WH = re.compile(
    r"\b(how many|how much|how long|how old|what year|which year|what date|who|whom|whose|when"
    r"|where|which|what|why|how)\b",
    re.IGNORECASE,
)
# Wh-questions split only where a clause names another source; Yes/No questions more freely.
_WH_PART_SPLIT = re.compile(
    r",\s+(?:and\s+|while\s+|whereas\s+|but\s+)?|\s+and\s+(?=\w+ing\b)|;\s+"
)
_NEXT_NAME = r"(?=(?:the\s+|an?\s+|another\s+)?['\"‘“]?[A-Z])"
_PART_SPLIT = re.compile(
    r",\s+(?:while|whereas|whilst|but|and then|and|as well as|compared to|as opposed to)\s+"
    r"|\s+(?:while|whereas|whilst|and|before|after|compared (?:to|with)|as opposed to|agrees? with"
    rf"|in a similar way to how|as (?:described|reported|mentioned) (?:in|by))\s+{_NEXT_NAME}"
    # "... before Fortune reported ...", "while the Verge article ...": an outlet, held whole
    r"|\s+(?:while|whereas|whilst|before|after|compared (?:to|with)|as opposed to)\s+"
    r"(?=(?:the\s+)?\x00)"
    r"|,\s+with one\s+|\s+and the other\s+|;\s+"
)
# A list of names ("Dylan Cease, Corbin Burnes, and Tyler Glasnow") is one subject, not parts.
_LISTED = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*"
_NAME_LIST = re.compile(rf"\b{_LISTED}(?:,\s+{_LISTED})+,?\s+(?:and|or)\s+{_LISTED}")
# So are two names joined by "and" before a verb ("Ada Mwangi and Tom Ashby advocate ...").
_NAME_PAIR = re.compile(rf"(?-i:\b{_LISTED}\s+and\s+{_LISTED}(?=\s+[a-z]))")
# A quoted phrase ("'Taylor Swift and Travis Kelce'") is one thing too; an apostrophe inside a
# word ("individual's") neither opens nor closes one.
_QUOTED = re.compile(r"(?<!\w)(?:['‘](?![\dn]['’\s]|\d)|[\"“])[^\"“”]{1,60}?['’\"”](?!\w)")
_MONTHS = [month.lower() for month in lexicon.MONTHS]
# a month's name or short form, longest first ("september", "sept", "sep"), captured
_MONTH_FORMS = [form for forms in lexicon.MONTH_FORMS for form in forms]
_MONTH = rf"({'|'.join(_MONTH_FORMS)})\.?"
_DATE = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
_MONTH_WORD = re.compile(_MONTH, re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{4}})\b", re.I)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# "season 4", "Chronicles 2", "Q1" / "92nd Academy", "fourth season", "eleventh and final season"
_NOUN_NUMBER = re.compile(r"\b([a-z]+)\s+(\d{1,3})\b(?![.,]\d)(?!-\d)", re.IGNORECASE)  # not "2-0"
_QUARTER = re.compile(r"\bQ([1-4])\b")
_ORDINAL = "|".join(lexicon.ORDINALS)
_NUMBER_NOUN = re.compile(
    rf"\b(\d{{1,3}}(?:st|nd|rd|th)|{_ORDINAL})[\s-]+(?:and\s+final\s+)?([a-z]+)\b",
    re.IGNORECASE,
)
# "the Bloomberg article", "a report from Reuters", "'Polygon'": outlets a question relies on.
_NAMED_OUTLET = re.compile(
    r"(?:\b(?:the|an?)\s+|')((?:[A-Z][\w&.'-]*)(?:\s+(?:[A-Z][\w&.'-]*|-|&|of|and))*?)'?"
    r"(?:'s)?\s+(?:article|report|piece|story|coverage|feature|post)s?\b"
)


@dataclass(frozen=True)
class DateMention:
    year: int | None
    month: int
    day: int | None


@dataclass
class Query:
    """A question made ready for retrieval and answering."""

    question: str  # as asked
    text: str  # searched for: the question and the earlier turns' words it leans on
    verdict: bool  # answered Yes/No
    choice: tuple[str, ...] = ()  # answered by one of (agreeing word, differing word)
    wh: str = ""  # who / when / how many ...
    outlets: list[str] = field(default_factory=list)  # store sources the question names
    unknown_outlets: list[str] = field(default_factory=list)  # named outlets not in the store
    dates: list[DateMention] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    qualifiers: frozenset[tuple[str, int]] = frozenset()  # ("season", 4), ("quarter", 1)
    parts: list[str] = field(default_factory=list)  # sub-questions of a multi-part question
    part_outlets: list[list[str]] = field(default_factory=list)  # per part, like `outlets`
    part_dates: list[list[DateMention]] = field(default_factory=list)  # per part, like `dates`

    def outlets_of(self, text_index: int) -> list[str]:
        """Outlets named by query text `text_index`: 0 is the whole question, then each part."""
        return self.outlets if text_index == 0 else self.part_outlets[text_index - 1]

    def dates_of(self, text_index: int) -> list[DateMention]:
        return self.dates if text_index == 0 else self.part_dates[text_index - 1]


def outlet_aliases(source: str) -> list[str]:
    """Names a question may use for a stored source ("The Independent - Sports" -> ...)."""
    names = {source.strip()}
    for sep in (" | ", " - ", ": "):
        if sep in source:
            names.add(source.split(sep)[0].strip())
    return sorted((n for n in names if len(n) > 2), key=len, reverse=True)


def _outlet_mentions(text: str, sources: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, source) of each stored source named in `text`; where one mention lies
    inside a longer one ("The Independent" in "The Independent - Life and Style"), only the
    longer counts."""
    found: list[tuple[int, int, str]] = []
    lowered = text.lower()
    for source in sources:
        for alias in outlet_aliases(source):
            match = re.search(rf"(?<!\w){re.escape(alias.lower())}(?!\w)", lowered)
            if match:
                found.append((match.start(), match.end(), source))
                break
    return [
        (start, end, source)
        for start, end, source in found
        if not any(s <= start and end <= e and (e - s) > (end - start) for s, e, _ in found)
    ]


def find_outlets(text: str, sources: Sequence[str]) -> list[str]:
    """Stored sources named in `text`, in order of first mention."""
    return [source for _, _, source in sorted(_outlet_mentions(text, sources))]


def unknown_outlets(text: str, sources: Sequence[str]) -> list[str]:
    """Outlets the question leans on ("the Bloomberg article") that no stored article is from."""
    known = [a.lower() for s in sources for a in outlet_aliases(s)]
    unknown = []
    for match in _NAMED_OUTLET.finditer(text):
        name = match.group(1).strip(" '")
        low = name.lower()
        if low in lexicon.NOT_OUTLET_WORDS:
            continue
        if not any(k in low or low in k for k in known):
            unknown.append(name)
    return unknown


def find_dates(text: str) -> list[DateMention]:
    mentions = []
    for m in _DATE.finditer(text):
        month = _month_number(m.group(1))
        year = int(m.group(3)) if m.group(3) else None
        mentions.append(DateMention(year, month, int(m.group(2))))
    for m in _MONTH_YEAR.finditer(text):
        mentions.append(DateMention(int(m.group(2)), _month_number(m.group(1)), None))
    return mentions


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")[:3]
    return next(i for i, m in enumerate(_MONTHS, start=1) if m.startswith(key))


def date_matches(mention: DateMention, published_at: str) -> bool:
    if not published_at:
        return False
    try:
        day = date.fromisoformat(published_at[:10])
    except ValueError:
        return False
    return (
        day.month == mention.month
        and (mention.year is None or mention.year == day.year)
        and (mention.day is None or abs(mention.day - day.day) <= 1)  # time zones
    )


@functools.lru_cache(maxsize=4096)
def qualifiers(text: str) -> frozenset[tuple[str, int]]:
    """Numbers that pick one of a series: "season 4" / "fourth season", "92nd Academy Awards",
    "Q1" / "first quarter", "Xenoblade Chronicles 2", "Super Bowl LVII", as (noun, number)
    pairs (cached: every question re-reads the same retrieved passages)."""
    return frozenset(qualifier_phrases(text))


def qualifier_phrases(text: str) -> dict[tuple[str, int], str]:
    """The qualifiers of `text` (see `qualifiers`), each with the words that write it."""
    found: dict[tuple[str, int], str] = {}
    for m in _NOUN_NUMBER.finditer(text):
        word = m.group(1)
        noun = word.lower()
        titled = word[0].isupper() or any(ch.isupper() for ch in word[1:])
        if (noun in lexicon.SERIES_NOUNS or titled) and not _MONTH_WORD.fullmatch(noun):
            found[(noun.removesuffix("s") if len(noun) > 3 else noun, int(m.group(2)))] = m[0]
    for m in _QUARTER.finditer(text):
        found[("quarter", int(m.group(1)))] = m[0]
    for m in _NUMBER_NOUN.finditer(text):
        number, noun = m.group(1).lower(), m.group(2).lower()
        value = int(number[:-2]) if number[0].isdigit() else lexicon.ORDINALS.index(number) + 1
        found[(noun.removesuffix("s"), value)] = m[0]
    for m in _ROMAN.finditer(text):  # "Super Bowl LVII" is Super Bowl 57
        found[(m.group(1).lower(), roman_value(m.group(2)))] = m[0]
    return found


def named_editions(text: str) -> dict[tuple[str, int], str]:
    """The qualifiers of `text` that name one edition of a thing, which an article on it
    writes: a title's number ("Super Bowl LVII", "the 90th Academy Awards", "Chronicles 2") or
    the ordinal of a season (lexicon.EDITION_NOUNS); not "the first game", "second place"."""
    return {
        pair: phrase
        for pair, phrase in qualifier_phrases(text).items()
        if pair[0] in lexicon.EDITION_NOUNS
        or (
            pair[0] not in _NOT_EDITIONS
            and pair[0] not in lexicon.SERIES_WORDS  # "Top 40", "Week 12"
            and _TITLE_NUMBER.search(phrase) is not None
        )
    }


# "Which 2 players ...?", "World War II": numbers after these words name no edition of a title.
_NOT_EDITIONS = frozenset({"which", "what", "whose", "how", "the", "war", "quarter"})


# A capitalised word with a number in figures or numerals: "Bowl LVII", "90th Academy".
_TITLE_NUMBER = re.compile(r"(?=.*\b[A-Z])(?=.*(?:\d|\b[IVXL]{2,}\b))")


# A Roman numeral of two letters or more after a capitalised word ("Super Bowl LVII", "World War
# II"), of the letters up to L: "DC", "CD" and "MD" are more often abbreviations than numbers.
_ROMAN = re.compile(
    r"\b([A-Z][a-z]+)\s+((?=[IVXL]{2})(?:XL|L?X{0,3})(?:IX|IV|V?I{0,3}))(?![\w-])"
    r"(?!['’](?!s\b))"  # "Super Bowl LVII's"
)
_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_value(numeral: str) -> int:
    """The value of a Roman numeral ("LVII" -> 57, "XLIV" -> 44)."""
    total = 0
    for letter, following in zip(numeral, [*numeral[1:], ""], strict=True):
        value = _ROMAN_DIGITS[letter]
        total += -value if following and _ROMAN_DIGITS[following] > value else value
    return total


_CLAUSE_OPENERS = frozenset("that whether if did does do was were is are has have had both".split())


def _one_subject(text: str, pair: re.Match[str]) -> bool:
    """Whether a name pair is one thing: a noun phrase ("Mitchell and Rangnick's friendship",
    "FTX and Alameda due to ...") or the subject opening a clause ("that Ada Mwangi and Tom
    Ashby back ..."), not the end of one claim and the start of another ("Did Halden cut jobs
    in January and Corvane hire ...?")."""
    following = re.match(r"\s+([a-z]+)", text[pair.end() :])
    if pair.group(0).endswith(("'s", "’s")) or (
        following and following.group(1) in lexicon.PAIR_FOLLOWERS
    ):
        return True
    return _opens_clause(text, pair.start())


def _opens_clause(text: str, at: int) -> bool:
    """Whether text at `at` opens a clause (the question's start, after a comma or after
    "that" / an auxiliary)."""
    before = text[:at].rstrip()
    if not before or before.endswith((",", ";", ":")):
        return True
    words = re.findall(r"[\w'’]+", before)
    return bool(words) and words[-1].lower() in _CLAUSE_OPENERS


def split_parts(question: str, verdict: bool, sources: Sequence[str] = ()) -> list[str]:
    """The claims of a multi-part question, one per part. Outlet names are never split
    ("Life and Style"), and attributions join the claim they belong to."""
    protected = question
    names: list[str] = []
    spans = [(start, end) for start, end, _ in _outlet_mentions(question, sources)]
    spans += [m.span() for m in _DATE.finditer(question)]  # "October 2, 2023" is one thing
    spans += [m.span() for m in _NAME_LIST.finditer(question)]  # "Ada, Bo, and Cy are ..."
    spans += [m.span() for m in _NAME_PAIR.finditer(question) if _one_subject(question, m)]
    spans += [m.span() for m in _QUOTED.finditer(question)]
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda span: span[0] - span[1]):  # longest first
        if all(end <= s or e <= start for s, e in kept):
            kept.append((start, end))
    for start, end in sorted(kept, reverse=True):
        names.append(question[start:end])
        protected = f"{protected[:start]}\x00{len(names) - 1}\x00{protected[end:]}"
    pattern = _PART_SPLIT if verdict else _WH_PART_SPLIT
    raw = [p.strip(" ,?") for p in pattern.split(protected)]
    raw = [re.sub(r"\x00(\d+)\x00", lambda m: names[int(m.group(1))], p) for p in raw if p]
    parts: list[str] = []
    carry = ""  # a leading attribution waits for the claim after it
    for part in raw:
        part = f"{carry} {part}" if carry else part
        carry = ""
        if len(_claim_words(part, sources)) >= 3:
            parts.append(part)
        elif parts:
            parts[-1] = f"{parts[-1]}, {part}"
        else:
            carry = part
    if len(parts) > lexicon.MAX_PARTS:  # each part costs a search: the tail goes in one
        parts = [*parts[: lexicon.MAX_PARTS - 1], ", ".join(parts[lexicon.MAX_PARTS - 1 :])]
    return parts if len(parts) > 1 else []


def _claim_words(part: str, sources: Sequence[str]) -> list[str]:
    for start, end, _ in sorted(_outlet_mentions(part, sources), reverse=True):
        part = f"{part[:start]} {part[end:]}"
    return [
        w
        for w in content_words(part)
        if w not in lexicon.ATTRIBUTION_WORDS
        and not _WH.fullmatch(w)
        and not w.isdigit()
        and not _MONTH_WORD.fullmatch(w)
    ]


def _choice_words(match: re.Match[str]) -> tuple[str, str]:
    same = match.group("same") or match.group("same2")
    different = match.group("different") or match.group("different2")
    return same.lower(), different.lower()


def after_lead_in(question: str) -> int:
    """Where a question starts after a lead-in phrase and its comma ("In the report on car
    sales, which firm ...?", "Considering the Ledger's story on ..., what ...?"), or 0."""
    lead_in = _LEAD_IN.match(question)
    return lead_in.end() if lead_in else 0


_LEAD_IN = re.compile(  # "In which city did X, ...?", "In 2023 which firm ..., ...?": no lead-in
    r"\s*(?:(?:in|on|at|for|according to|from)\b"
    r"(?:(?!\b(?:which|what|who|whom|whose|where|when|how)\b)[^,?]){1,200}"
    r"|(?:considering|based on|given)\b[^,?]{1,200}),\s*",  # "Considering how X ..., what"
    re.IGNORECASE,
)


_WH_WORDS = r"(?:who|whom|whose|what|which|when|where|why|how)"
_OPENER = re.compile(  # "Hi, ...", "Quick question: ...", "So who ...": not "So far this year"
    rf"\s*(?:{'|'.join(lexicon.QUESTION_OPENERS)})"
    rf"(?:\s*[,:;!.–—-]+\s+|\s+(?={_WH_WORDS}\b|(?-i:{'|'.join(lexicon.QUESTION_OPENERS)})\b))",
    re.IGNORECASE,
)
_WRAPPED = re.compile(
    rf"\s*(?P<wrapper>{'|'.join(lexicon.QUESTION_WRAPPERS)})\b[\s,:]*"
    rf"(?:(?P<wh>{_WH_WORDS}\b.*)"
    r"|(?:if|whether)(?:\s+or\s+not)?\s+(?P<claim>.+?)(?:\s+or\s+not)?"
    r"|(?P<asked>(?:the|his|her|its|their)\s.+))\s*$",  # "I want to know the city where ..."
    re.IGNORECASE | re.DOTALL,
)
_NAMING = re.compile(
    rf"\s*(?P<wrapper>{'|'.join(lexicon.NAMING_IMPERATIVES)})\s+"
    r"(?P<asked>(?:the|his|her|its|their)\s.+)",
    re.IGNORECASE | re.DOTALL,
)
_THING = re.compile(  # what a request names: "the firm that bought X", "the date of X"
    r"(?P<det>the|his|her|its|their)\s+"
    r"(?:names?\s+of\s+(?:the|an?)\s+)?"  # "Give me the name of the judge who ..."
    r"(?:(?P<noun>(?:[\w'’-]+\s+){0,3}?[\w'’-]+)\s+(?:that|who|which|where|when)\s+"
    r"(?P<rest>.+)|(?P<thing>.+))",
    re.IGNORECASE | re.DOTALL,
)
_ANY_WH = re.compile(rf"\b{_WH_WORDS}\b", re.IGNORECASE)
# "Who's the boss ...?", "What're ...": at the start only ("The Who's first drummer" is a name)
_WH_CONTRACTED = re.compile(rf"^\s*({_WH_WORDS})['’](s|re)\b(?:\s+(\S+))?", re.IGNORECASE)
_PLEASE_END = re.compile(  # ", please" ("the album Please" is a title), or typed all lower case
    r"(?:\s*,\s*please|(?<=[a-z0-9])\s+please)\s*(?=[.!?]*$)"
)


def plain_question(question: str) -> str:
    """The question inside a chat-box wrapping, as a question ("Can you tell me who won the
    race?" -> "Who won the race?", "Do you know if Halden won?" -> "Did Halden win?", "Name the
    firm that bought Kestrel" -> "Which firm bought Kestrel?", "Give me the date of the launch"
    -> "What is the date of the launch?"); any other question unchanged. A wrapper written as a
    title ("Show Me the Money was ...", "Tell Me Why was ...") is no wrapper."""
    text = question
    while opener := _OPENER.match(text):
        text = text[opener.end() :]
    text = _PLEASE_END.sub("", text)
    text = _WH_CONTRACTED.sub(_uncontracted, text, count=1)
    wrapped = _WRAPPED.match(text)
    naming = None if wrapped else _NAMING.match(text)
    if wrapped and not _titled(wrapped.group("wrapper")):
        from ingest.entities import default_tagger  # the question's own parse
        from qa.clauses import question_order, yes_no_order

        nlp = default_tagger().nlp
        if wrapped.group("wh"):  # "what Halden paid": "what did Halden pay"
            clause = _WH_CONTRACTED.sub(_uncontracted, wrapped.group("wh"), count=1)
            text = question_order(nlp, clause.strip().rstrip(".!?"))
        elif wrapped.group("asked"):  # "I want to know the city where ...": "Which city ...?"
            text = _asked_thing(wrapped.group("asked")) or text
        elif claim := wrapped.group("claim").strip().rstrip(".!?").strip():
            text = yes_no_order(nlp, claim) or f"Is it true that {claim}"  # "did Halden win"
    elif naming and not _titled(naming.group("wrapper")):
        text = _asked_thing(naming.group("asked")) or text
    if text == question:
        return question
    text = text.strip().rstrip(".!?").rstrip()
    return f"{text[:1].upper()}{text[1:]}?" if text else question


def _asked_thing(asked: str) -> str:
    """A request's object as a question: "the firm that Halden bought" -> "Which firm did
    Halden buy", "the person who ..." -> "Who ...", "the date of the launch" -> "What is the
    date of the launch", "the towns hit by ..." -> "What are the towns hit by ..."; "" where
    it holds a question of its own ("the Money was a catchphrase from which film")."""
    thing = _THING.match(asked)
    if not thing or _ANY_WH.search(thing.group("rest") or thing.group("thing") or ""):
        return ""
    if thing.group("noun"):
        from ingest.entities import default_tagger
        from qa.clauses import question_order

        noun = thing.group("noun")  # "Name the person who ...": "Who ...?"
        asked_for = "Who" if noun.lower() in lexicon.GENERIC_PERSON_NOUNS else f"Which {noun}"
        clause = f"{asked_for} {thing.group('rest')}".strip().rstrip(".!?")
        return question_order(default_tagger().nlp, clause)  # "which firm did Halden buy"
    words = thing.group("thing").split()
    ends = [i for i, w in enumerate(words) if w.lower() in lexicon.HEAD_NOUN_ENDS]
    phrase = words[: ends[0] if ends else lexicon.NAMED_PHRASE_WORDS]  # "the 2020 X champion"
    person = any(
        w.lower().strip(".,;!?") in lexicon.PERSON_NOUNS
        or w.lower().strip(".,;!?").removesuffix("s") in lexicon.PERSON_NOUNS
        for w in phrase
    )
    plural = (
        words[0].lower() in lexicon.NUMBER_WORDS
        or (words[0].isdigit() and not _YEAR.fullmatch(words[0]))  # "two players", not "2020"
        or any(
            w.endswith("s") and not w.endswith(("ss", "us", "is", "'s", "’s"))
            for w in (words[0], phrase[-1] if person else words[0])  # "the 2024 ... champions"
        )
    )
    asked_for = f"{'Who' if person else 'What'} {'are' if plural else 'is'}"
    return f"{asked_for} {thing.group('det').lower()} {thing.group('thing')}"


def _titled(wrapper: str) -> bool:
    """Whether a wrapper is written as a title ("Show Me", "Tell Me Why"), capitals inside."""
    return any(c.isupper() for c in wrapper[1:])


def _uncontracted(m: re.Match[str]) -> str:
    """ "Who's" as "Who is", or "Who has" before a participle ("Who's won the most?")."""
    follower = m.group(3) or ""
    if m.group(2).lower() == "re":
        verb = "are"
    elif follower.lower() in lexicon.HAS_PARTICIPLES or follower.lower().endswith("ed"):
        verb = "has"
    else:
        verb = "is"
    return f"{m.group(1)} {verb}" + (f" {follower}" if follower else "")


def prepare_query(question: str, context: str, sources: Sequence[str]) -> Query:
    """What `question` asks; `context` (the earlier turns' words a follow-up leans on,
    qa.followup) joins its words for the search."""
    text = f"{question} {context}".strip()
    choice = None if _WH_START.search(question) else _CHOICE.search(question)
    wh = _WH.search(question, after_lead_in(question))  # not the "why" of a lead-in
    verdict = not choice and bool(
        _VERDICT_START.search(question)
        or (_VERDICT_INNER.search(question) and not _WH_START.search(question))
    )
    parts = split_parts(question, verdict or bool(choice), sources)
    return Query(
        question=question,
        text=text,
        verdict=verdict,
        choice=_choice_words(choice) if choice else (),
        wh=wh.group(1).lower() if wh else "",
        outlets=find_outlets(question, sources),
        unknown_outlets=unknown_outlets(question, sources),
        dates=find_dates(question),
        years=_YEAR.findall(question),
        qualifiers=qualifiers(question),
        parts=parts,
        part_outlets=[find_outlets(p, sources) for p in parts],
        part_dates=[find_dates(p) for p in parts],
    )


_DIVISION = re.compile(
    rf"\b({'|'.join(lexicon.DIVISIONS)})(?:['’]s|s['’]?|['’])?(?!\w)", re.IGNORECASE
)


_AWARD_NOUN = "|".join(lexicon.AWARD_NOUNS)
_AWARD = re.compile(
    rf"((?:[\w'’-]+\s+){{0,3}}?)\b(?:{_AWARD_NOUN})\b"
    rf"(?!\s+(?:{'|'.join(lexicon.AWARD_COMPOUNDS)})\b)"
    r"((?:\s+(?:in|for)(?:\s+(?!(?:and|or|with|at)\b)[\w'’-]+){1,3})?)"
    r"|((?:[A-Z][\w'’-]*\s+){1,3})of\s+the\s+Year\b",
    re.IGNORECASE,
)
_NOT_AWARD_WORDS = frozenset(["won", "win", "wins", "took", "take", "named", "given", "awarded"])


def award_phrases(text: str) -> list[frozenset[str]]:
    """The words that tell apart each award the text names ("the photography prize" ->
    {"photography"}; "the Prize for Poetry" -> {"poetry"}; "Reporter of the Year" ->
    {"reporter"}); not a compound ("prize money")."""
    phrases = []
    for match in _AWARD.finditer(text):
        before, after, year = match.group(1) or "", match.group(2) or "", match.group(3) or ""
        written = content_words(f"{before} {after} {year}")
        phrases.append(
            frozenset(w for w in written if len(w) > 1 and not w.isdigit()) - _NOT_AWARD_WORDS
        )
    return phrases


def award_words(question: str) -> frozenset[str]:
    """The words of the award a question asks about (empty: it names none)."""
    return frozenset().union(*award_phrases(question))


def award_signal(asked: frozenset[str], question: str, text: str) -> int:
    """+1 where the text writes every word of the award the question asks about; -1 where
    each award it names has a word the question lacks ("Reporter of the Year" or "the Prize
    for Poetry" for "the debut fiction award"): it is about another award; else 0."""
    if not asked:
        return 0
    if _stems(asked) <= _stems(content_words(text)):
        return 1
    phrases = [p for p in award_phrases(text) if p]
    known = _stems(content_words(question))
    return -1 if phrases and all(_stems(p) - known for p in phrases) else 0


def _stems(words: Iterable[str]) -> set[str]:
    """Words cut to their first lexicon.AWARD_STEM letters ("photographer" and "photography")."""
    return {w[: lexicon.AWARD_STEM] for w in words}


_WIN = r"\b(?:win|wins|won|winning|winner|winners)\b"
_CONTEST_AFTER = re.compile(rf"{_WIN}(?:\s+(?:of|in))?((?:\W+[\w'’.-]+){{1,6}})", re.IGNORECASE)
_CONTEST_BEFORE = re.compile(r"((?:[\w'’.-]+\W+){1,6})(?:was|were|is|are|been)\s+won\b", re.I)


def _contests(text: str) -> list[str]:
    """The heads of what a text says was won ("won the Port Ellery Marathon" -> "marathon",
    "The Songwriter's Cup ... was won by" -> "cup"), lower case, in order."""
    found = []
    for m in _CONTEST_AFTER.finditer(text):  # the first contest word after the verb
        words = re.findall(r"[\w'’-]+", m.group(1).lower())
        found += [w for w in words if w in lexicon.CONTEST_HEADS][:1]
    for m in _CONTEST_BEFORE.finditer(text):  # the last one before "was won"
        words = re.findall(r"[\w'’-]+", m.group(1).lower())
        found += [w for w in words if w in lexicon.CONTEST_HEADS][-1:]
    return found


# "Who won ...?", "Which team has won ...?", "Who was the winner of ...?": winning is what is
# asked (not "Who was stroke of the crew that won the Cup?", where it describes the crew)
_ASKS_WIN = re.compile(
    r"^\s*(?:who|(?:which|what)(?:\s+(?!that\b|who\b|which\b)[\w'’-]+){1,4})\s+"
    r"(?:(?:has|had|will|would|did|could|is|was|were)\s+(?:the\s+)?)?(?:won|win|wins|winners?)\b",
    re.IGNORECASE,
)


def asked_contest(question: str) -> str:
    """What a "Who won ...?" question asks about ("election" for "Who won the mayoral
    election?"), "" where it names nothing won or winning is not what it asks."""
    if not _ASKS_WIN.match(question[after_lead_in(question) :]):
        return ""
    contests = _contests(question)
    return contests[0] if contests else ""


def contest_signal(asked: str, question: str, text: str) -> int:
    """+1 where the text writes the asked contest ("elected" for "election"), -1 where it
    says something of another family was won (lexicon.CONTEST_FAMILIES) that the question does
    not name ("won the marathon" for the election), 0 otherwise."""
    if not asked:
        return 0
    if _contest_stem(asked) in {_contest_stem(w) for w in re.findall(r"[a-z-]+", text.lower())}:
        return 1
    named = {_contest_stem(w) for w in re.findall(r"[a-z-]+", question.lower())}
    kin = {w for family in lexicon.CONTEST_FAMILIES if asked in family for w in family}
    won = _contests(text)
    other = [w for w in won if w not in kin and _contest_stem(w) not in named]
    return -1 if won and len(other) == len(won) else 0


def _contest_stem(word: str) -> str:
    """A contest word without its ending: "election", "elected", "electoral" -> "elect" (not
    "electricity")."""
    return re.sub(r"(?:ions?|ed|oral|al|s)$", "", word)


def divisions(text: str) -> frozenset[str]:
    """The divisions a text names ("the women's race" -> {"women"}; "womens" and "Women's" too)."""
    return frozenset(m.group(1).lower() for m in _DIVISION.finditer(text))


def division_signal(asked: frozenset[str], text: str) -> int:
    """+1 where the text names a division the question asks about, -1 where it names only
    another of its group ("men's" for "women's"), 0 otherwise."""
    if not asked:
        return 0
    named = divisions(text)
    if named & asked:
        return 1
    rivals = {d for group in lexicon.DIVISION_GROUPS if group & asked for d in group - asked}
    return -1 if named & rivals else 0
