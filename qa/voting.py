"""Short answers voted across evidence: each sentence votes for the candidates it holds (see
`qa.spans`), weighted by how well the sentence fits the question and how the candidate is typed
by its context: the subject of the question's verb, a person for "who", the date beside the
event asked about. Spellings and surnames of one name pool their votes."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from qa import lexicon
from qa.lexicon import STOPWORDS
from qa.query import after_lead_in
from qa.spans import (
    AUX_WORDS,
    ROLE,
    UPPER,
    WH_START,
    Candidate,
    answer_type,
    asks_name,
    candidates,
    canonical_date,
    fits,
    head_noun,
    in_question,
    is_date_range,
    label_of,
    tagged_candidates,
    title_before,
    type_weight,
    verb_follows,
    without_nationality,
)


def _nearness(sentence: str, start: int, question_words: set[str]) -> float:
    """Answers sit near the question's own words ("2020, Dominic Thiem (AUT), ...")."""
    positions = [
        m.start()
        for m in re.finditer(r"\w+", sentence)
        if m.group(0).lower() in question_words and m.group(0).lower() not in STOPWORDS
    ]
    if not positions:
        return 0.5
    distance = min(abs(p - start) for p in positions)
    return 1.0 / (1.0 + distance / lexicon.NEARNESS)


# What introduces a name just before it, in quotes or not: "called 'Half Life: Alyx'", "dubbed
# the Beast", "named “Skyline”". General English naming verbs.
_NAMING = re.compile(  # "called 'Alyx'", "codenamed Barbet", "Codename: Barbet"
    r"\b(?:called|named|dubbed|titled|(?:code[\s-]?|nick)name[sd]?[,:]?)\s+(?:the\s+)?"
    r"['\"‘“]?[^'\"‘“’”.,;]{0,40}$",
    re.IGNORECASE,
)
_CAMEL = re.compile(r"^\w+[a-z][A-Z]")  # "WeWork", "PayPal", "YouTube"


def _proper_words(sentences: Sequence[str]) -> set[str]:
    """Words written capitalised somewhere other than at the start of a sentence."""
    found = set()
    for sentence in sentences:
        for m in re.finditer(rf"(?<=[\w,;:] )({UPPER}[\w'’-]*)", sentence):
            found.add(m.group(1).lower())
    return found


def _merge_amounts(votes: dict[str, float]) -> dict[str, float]:
    """An amount written rounded ("$6 billion") supports the one written in full closest to it,
    within lexicon.ROUNDED_WITHIN of it ("$6.04 billion"; not "$6.4 billion"): one figure,
    reported two ways."""
    merged = dict(votes)
    parsed = {key: _AMOUNT.fullmatch(key) for key in votes}
    for key, vote in votes.items():
        mine = parsed[key]
        if mine is None or "." in mine["number"]:
            continue
        value = float(mine["number"].replace(",", ""))
        unit = (mine["sign"], mine["scale"].lower())
        close = [
            (abs(full - value), other)
            for other, theirs in parsed.items()
            if theirs is not None
            and "." in theirs["number"]
            and (theirs["sign"], theirs["scale"].lower()) == unit
            and abs((full := float(theirs["number"].replace(",", ""))) - value)
            <= lexicon.ROUNDED_WITHIN * value
        ]
        if close:
            merged[min(close)[1]] += vote
    return merged


# An amount of money: a sign, a number and a scale ("$6.04 billion", "£45m").
_AMOUNT = re.compile(
    r"(?P<sign>[$€£¥]|US\$)(?P<number>\d[\d,]*(?:\.\d+)?)\s*(?P<scale>million|billion|trillion|m|bn|)"
)


def _merge_dates(votes: dict[str, float]) -> dict[str, float]:
    """A partial date ("April 29") supports the full dates it agrees with ("April 29, 2015")."""
    merged = dict(votes)
    for key, vote in votes.items():
        month, day, year = key.split("-")
        for other in votes:
            o_month, o_day, o_year = other.split("-")
            more = (o_month, o_day, o_year) != (month, day, year)
            if more and all(
                mine in ("", theirs)
                for mine, theirs in ((month, o_month), (day, o_day), (year, o_year))
            ):
                merged[other] += vote
    return merged


def _modifiers() -> str:
    """Up to two lowercase words between a name and the noun they modify ("Starship reusable
    launch vehicle"): not function words, numbers, or words ending -s or -ed, which are more often
    verbs ("said two companies", "plans") than modifiers."""
    skip = "|".join(sorted({*STOPWORDS, *lexicon.NUMBER_WORDS}, key=len, reverse=True))
    return rf"(?-i:(?!(?:{skip})\b)[a-z][a-z-]*(?<!s)(?<!ed)\s+){{0,2}}"


_MODIFIERS = _modifiers()


_PAST_ROLE = rf"(?:{'|'.join(lexicon.PAST_ROLE_WORDS)})\b"
_ROLE_APPOSED = re.compile(  # not "Sepp Blatter, the former president of FIFA"
    rf"\s*,\s+(?:the\s+|an?\s+)?(?:(?!{_PAST_ROLE})[\w-]+\s+){{0,2}}(?:{ROLE.pattern})\s+(?:of|at)\b",
    re.IGNORECASE,
)
# A question about who holds a role: "Who heads ...?", "Who is the chief executive of ...?"
_ROLE_QUESTION = re.compile(
    rf"\b(?:{ROLE.pattern}|{'|'.join(lexicon.ROLE_VERBS)})\b",
    re.IGNORECASE,
)
_APPOSITION_START = re.compile(r",\s+(?:the|an?)\s+$", re.IGNORECASE)


def _context_weight(
    sentence: str, c: Candidate, wh: str, noun: str, role_of: frozenset[str] = frozenset()
) -> float:
    """Typed context: "CEO Dave Limp" is a person, "Blue Origin CEO" an organisation, and
    "Dragon capsule" is the capsule a "Which ... capsule" question asks about."""
    before = sentence[max(0, c.start - 40) : c.start]
    after = sentence[c.start + len(c.text) : c.start + len(c.text) + 40]
    weight = 1.0
    if (
        noun
        and not any(w.lower() in lexicon.NOT_ANSWERS for w in c.text.split())
        and not _APPOSITION_START.search(before)  # "Kestrel, the Northgate maker": a modifier
        and (
            re.match(rf"[\s.,:;(–—-]*{re.escape(noun)}s?\b", after, re.IGNORECASE)
            or re.match(rf"\s+{_MODIFIERS}{re.escape(noun)}s?\b", after, re.IGNORECASE)
            or re.match(  # "Kestrel Robotics, the warehouse robot maker": the name described
                rf",\s+(?:the|an?)\s+(?:[\w-]+\s+){{0,2}}{re.escape(noun)}s?\b",
                after,
                re.IGNORECASE,
            )
            or re.search(rf"\b{re.escape(noun)}s?[\s,:–—-]*$", before, re.IGNORECASE)
            or _names_its_kind(c.text, noun)  # "Keck Observatory" for "Which observatory"
            or _titled(c.text, noun)  # "Judge Corinne Vasquez" for "Who was the judge ...?"
        )
    ):
        weight *= 3.0
    role_before = bool(re.search(rf"{ROLE.pattern}\s*,?\s*$", before, re.IGNORECASE))
    role_after = bool(ROLE.match(after.lstrip()))
    if wh == "who" and role_before:
        weight *= 2.0
    apposed = _ROLE_APPOSED.match(sentence, c.start + len(c.text)) if role_of else None
    if wh == "who" and apposed:  # "Will Tan, chief executive of Halden Foods": who heads it
        of = set(re.findall(r"\w+", sentence[apposed.end() : apposed.end() + 80].lower()))
        weight *= 3.0 if role_of & of else 1.0
    if noun in lexicon.ROLE_ORG_NOUNS and role_after:
        weight *= 2.0
    return weight


# A name described by what it is: "Gerald Mott, the former treasurer of the board".
_DESCRIBED_AS = re.compile(
    r"\s*,\s+(?:the|an?)\s+(?:[\w-]+\s+){0,2}?(?P<role>[A-Za-z][\w-]*)\s+(?:of|at|for)\b"
)
_ROLE_WORDS = frozenset(t.lower() for t in lexicon.ROLE_TITLES)


def _described_in(role: str, asked: str, question_words: set[str]) -> bool:
    """Whether a sentence's role for a name is another one than the asked role that the question
    writes ("treasurer" in "Who was the judge who sentenced the treasurer?")."""
    written = role in question_words or role.removesuffix("s") in question_words
    return written and not _same_role(role, asked)


def _same_role(written: str, asked: str) -> bool:
    """Whether the role a sentence gives someone is the asked one: the same word or its plural,
    or two titles of one who leads ("head" and "chief executive")."""
    return written in (asked, f"{asked}s") or (written in _ROLE_WORDS and asked in _ROLE_WORDS)


def _titled_as(title: Sequence[str], asked: str) -> bool:
    """Whether the title written before a name ("Prime Minister") is the asked role, one of its
    family (`lexicon.TITLE_FAMILIES`: "Press Secretary" for a spokeswoman), or the asked role
    is one any title fits ("Which official ...?")."""
    if asked in lexicon.ANY_TITLE_ROLES or asked in title or f"{asked}s" in title:
        return True
    return any(asked in family and family & set(title) for family in lexicon.TITLE_FAMILIES)


def _kind_follows(sentence: str, c: Candidate, noun: str) -> bool:
    """Whether the sentence writes the asked noun of a thing right after the candidate ("the
    Dragon capsule" names a capsule). Not for people, whose role comes first ("director Jane
    Roe"): "an Italian-American director" describes one, it does not name one."""
    if not noun or noun in lexicon.QUANTITY_NOUNS or noun in lexicon.PERSON_NOUNS:
        return False
    if _APPOSITION_START.search(sentence[max(0, c.start - 8) : c.start]):
        return False  # "Kestrel, the Northgate maker of ...": Northgate describes the maker
    after = sentence[c.start + len(c.text) : c.start + len(c.text) + 40]
    return bool(
        re.match(rf"\s+{_MODIFIERS}{re.escape(noun)}s?\b", after, re.IGNORECASE)
        or re.match(  # "Addison, a village southwest of Ithaca" names a village
            rf",\s+(?:the|an?)\s+(?:[\w-]+\s+){{0,2}}{re.escape(noun)}s?\b", after, re.IGNORECASE
        )
    )


def _titled(name: str, noun: str) -> bool:
    """Whether a name is written after the asked role as its title ("Judge Corinne Vasquez")."""
    words = name.lower().split()
    return noun in lexicon.PEOPLE_ONLY_NOUNS and len(words) > 1 and words[0] == noun


def _names_its_kind(name: str, noun: str) -> bool:
    """Whether a multi-word name ends with the asked noun ("Keck Observatory", "Kessel
    University" for "Which observatory/university ...?"), or starts with it before "of" ("Journal
    of Coastal Ecology" for "Which journal ...?")."""
    words = name.lower().split()
    kind = (noun, f"{noun}s")
    return (
        bool(noun)
        and len(words) > 1
        and (words[-1] in kind or (words[0] in kind and words[1] == "of"))
    )


_BEATEN = re.compile(
    r"\b(?:upsets?|beat|beats|beating|defeated|defeats|defeating|over|against|thrashed|edged|vs\.?"
    r"|versus)\s+$",
    re.IGNORECASE,
)
_PREPOSITION = re.compile(
    r"\b(?:in|on|at|of|for|from|during|after|before|with|about|into|to|by)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def question_verb(question: str) -> str:
    """The verb a who/which question asks about: "Who directed ...", "Which New York team won
    ..." (past the capitalised words and the noun), "take" for "Who agreed to take on ...", ""
    for "Who is ..." or "What did ...")."""
    question = question[after_lead_in(question) :]  # "Considering ..., who won ...?"
    match = re.match(r"\s*(who|whom|which|what)\s+(.*)", question, re.IGNORECASE)
    if not match:
        return ""
    words = re.findall(r"[\w'’-]+", match.group(2))
    if match.group(1).lower() in ("which", "what"):
        noun = head_noun(question)
        lower = [w.lower() for w in words[:6]]
        if noun and noun in lower:  # "Which top US military officer said ...": past "officer"
            words = words[lower.index(noun) + 1 :]
        elif not noun and words and verb_follows(question):
            pass  # "What won the Oscar ...?": the verb comes first
        else:
            while words and words[0][0].isupper():
                words = words[1:]  # "Which New York team ..."
            words = words[1:]  # the noun: "team", "actor"
    if (
        len(words) > 2
        and words[0] in lexicon.CONTROL_VERBS
        and words[1] == "to"
        and words[2] not in STOPWORDS
    ):
        words = words[2:]  # "agreed to take on": "take"
    verb = words[0] if words else ""
    if not verb.islower() or re.fullmatch(AUX_WORDS, verb) or verb in STOPWORDS:
        return ""
    return verb


def rivals(question: str) -> tuple[str, ...]:
    """The two sides a "who won" question names ("Who won the final between Halden and
    Corvane?" -> ("Halden", "Corvane")), one of which is the answer; () for other questions."""
    if question_verb(question) not in lexicon.WIN_FORMS:
        return ()
    match = re.search(r"\bbetween\s+(.+?)\s+and\s+(.+?)(?:[?,;]|$)", question)
    return match.groups() if match else ()


def verb_forms(verb: str) -> str:
    """A regex alternation of the verb's inflections (and, for "won", how wins are reported)."""
    if verb in lexicon.WIN_FORMS:
        return "|".join(lexicon.WIN_FORMS)
    for family in lexicon.VERB_SYNONYMS:
        if verb in family:
            return "|".join(sorted(family))
    stem = re.sub(r"(?:ied|ies|ed|es|s|d)$", "", verb) if len(verb) > 4 else verb
    return rf"{re.escape(stem)}\w{{0,3}}"


# A name inside an apposition, after ", the" or ", a" and before its closing comma ("X, the
# saga of Woody and Buzz, won"; not "On Sunday, the veteran director Ida Marsh won").
_APPOSED = re.compile(r"\s+(?:the|an?)\s+\S+\s+\S")  # not ", The Shape of Water won"


def _verb_weight(sentence: str, c: Candidate, verb: str, forms: str) -> float:
    """Agreement with the question's verb (`forms`: its `verb_forms`): the subject ("Halep beat
    ...", "Phoenix wins ...") or the agent ("directed by Joss Whedon") of that verb is what the
    question asks for; in a "who won" question, the one beaten ("defeated Serena Williams") is
    not."""
    if not verb:
        return 1.0
    before = sentence[max(0, c.start - 40) : c.start]
    after = sentence[c.start + len(c.text) : c.start + len(c.text) + 120]
    subject = re.match(
        rf"(?:\s+\d\w*)?"  # "Toy Story 4, the ..., won": the title's number
        rf"(?:\s+of\s+[A-Z][\w-]*)?(?:\s*\([^)]{{0,20}}\))?"
        r"(?:\s*,\s+(?:the\s+|an?\s+)?[a-z][^,]{0,60},)?"  # "Milley, chairman of the Joint Chiefs,"
        rf"\s*,?\s*(?:who\s+)?"
        rf"(?:has\s+|had\s+|have\s+|also\s+|was\s+)?(?:{forms})\b",
        after,
        re.IGNORECASE,
    )
    agent = re.search(rf"\b(?:{forms})\s+by\s+$", before, re.IGNORECASE)
    apposed = _APPOSED.match(sentence[: c.start].rsplit(",", 1)[-1]) and after.startswith(",")
    if _PREPOSITION.search(before) or apposed:
        subject = None  # "set during the Cold War won ...": the war won nothing; nor did Buzz
        # in "Toy Story 4, the next chapter in the saga of Woody and Buzz, won ..."
    if subject or agent or re.search(r"\blost\s+to\s+$", before, re.IGNORECASE):
        return 3.0
    if verb in lexicon.WIN_FORMS and (
        _BEATEN.search(before) or re.match(r"\s+lost\b", after, re.IGNORECASE)
    ):
        return 0.3
    return 1.0


def _fold(text: str) -> str:
    """ "Chloé Zhao" and "Chloe Zhao" are one name."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _merge_names(votes: dict[str, float]) -> dict[str, float]:
    """A surname alone ("Christiansen") supports the full name it ends ("Niels B. Christiansen");
    a place does not support a name that ends "of" it ("Kabul", "University of Kabul")."""
    merged = dict(votes)
    for key, vote in votes.items():
        if " " in key:
            continue
        for other in votes:
            words = other.split()
            if other != key and words[-1] == key and words[-2:-1] != ["of"]:
                merged[other] += vote
    return merged


def event_stems(question: str) -> list[str]:
    """What a "when" question asks the date of: its lower-case content words ("released",
    "premiere"), as stems; names ("The Walking Dead") are the subject, not the event."""
    words = re.findall(r"[A-Za-z]+", question)
    return [
        re.sub(r"(?:ed|es|s|d)$", "", w.lower())[:7]
        for w in words[1:]
        if w.islower()
        and w not in STOPWORDS
        and w not in lexicon.NOT_EVENT_WORDS
        and not re.fullmatch(AUX_WORDS, w)
        and len(w) > 3
    ]


# "HANOI, Vietnam (AP) — ", "LONDON (Reuters) - ": where a story was filed, not what it says
_DATELINE = re.compile(
    r"\s*[A-Z][A-Z.'-]{2,}(?:\s+[A-Z][A-Z.'-]+)*"  # the city, in capitals
    r"(?:,\s*[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*\s*(?:\([\w .&/-]+\)\s*)?"  # ", Vietnam (AP)"
    r"|\s*\([\w .&/-]+\)\s*)[—–-]+\s"  # or only the agency: "LONDON (Reuters) - "
)


def _asks_settlement(question: str, noun: str) -> bool:
    """Whether "Which city / town / village ...?" asks for one (not "Which city official
    ...?", "Which town council ...?": the noun after it is what is asked)."""
    if noun not in lexicon.SETTLEMENT_NOUNS:
        return False
    after = re.search(rf"\b{noun}\s+([a-z]+)", question, re.IGNORECASE)
    word = after.group(1).lower() if after else ""
    return not (word in _NOUNS_AFTER or word.removesuffix("s") in _NOUNS_AFTER)


# Nouns a settlement's name can describe ("city official", "town council", "village hall").
_NOUNS_AFTER = frozenset().union(*(nouns for nouns, _ in lexicon.NOUN_TYPES)) | frozenset(
    lexicon.CIVIC_NOUNS
)


def _names_a_place(sentence: str, named: Sequence[tuple[int, int, str]], after: int) -> bool:
    """Whether the sentence, past its dateline, names a place tagged as one that is no state or
    country (those are not what "In which city ...?" asks)."""
    return any(
        label in ("GPE", "LOC", "FAC")
        and start >= after
        and _fold(sentence[start:end]) not in lexicon.REGIONS
        for start, end, label in named
    )


_DATELINE_CITY = re.compile(r"\s*([A-Z][A-Z.'-]{2,}(?:\s+[A-Z][A-Z.'-]+)*)")


def _filed_from(sentence: str) -> Candidate:
    """The city of a sentence's dateline, as a name ("COLUMBIA, S.C. (AP) —": Columbia)."""
    city = _DATELINE_CITY.match(sentence)
    assert city is not None  # a dateline starts with it
    text = city.group(1).title()
    return Candidate(text, city.start(1), text.lower(), 1.0)


def _only_dates(sentence: str, found: Sequence[Candidate]) -> bool:
    rest = sentence
    for c in found:
        rest = rest.replace(c.text, " ")
    return not re.search(r"[^\W\d_]{2,}", rest)


_SUPERSEDED = re.compile(
    rf"\b(?:{'|'.join(lexicon.SUPERSEDED_MARKERS)})\s+(?!public\s+offering)(?:[\w'’-]+\s+){{0,3}}?"
    rf"(?:{'|'.join(lexicon.PLAN_WORDS)})\b",
    re.IGNORECASE,
)
_STILL_PLANNED = re.compile(r"\b(?:will|would|to|is|are|be)\s+$", re.IGNORECASE)
_TURN = re.compile(rf"\b(?:{'|'.join(lexicon.SUPERSEDED_TURNS)})\b|;", re.IGNORECASE)


def superseded(
    sentence: str, c: Candidate, question: str, found: Sequence[Candidate], reach: int = 60
) -> bool:
    """Whether the sentence gives the candidate as a plan or estimate since replaced ("the
    original release date was April 16, 2020"), where the question asks no such thing: the
    first candidate after the plan's words, before any turn ("but it was moved to ...")."""
    if re.search(
        rf"\b(?:{'|'.join((*lexicon.SUPERSEDED_MARKERS, 'first', 'earliest'))})\b",
        question,
        re.IGNORECASE,
    ):
        return False  # "When was it originally scheduled?", "When did it first air?"
    for plan in _SUPERSEDED.finditer(sentence, 0, c.start):
        if _STILL_PLANNED.search(sentence, 0, plan.start()):
            continue  # "will initially launch in 10 cities": the plan, not a replaced one
        between = sentence[plan.start() : c.start]
        first = not any(plan.end() <= d.start < c.start for d in found)
        if first and c.start - plan.end() <= reach and not _TURN.search(between):
            return True
    return False


def _near_event(sentence: str, c: Candidate, stems: Sequence[str], reach: int = 60) -> bool:
    if not stems:
        return False
    window = sentence[max(0, c.start - reach) : c.start + len(c.text) + reach].lower()
    return any(re.search(rf"\b{re.escape(stem)}", window) for stem in stems)


@dataclass
class Tally:
    """Votes for each answer key over one ranked list of sentences."""

    votes: dict[str, float]
    where: dict[str, tuple[float, int, str]]  # key -> (best single vote, sentence index, text)
    spellings: dict[str, dict[str, tuple[float, int]]]  # key -> text -> (best vote, index)
    # keys the best sentence names as the asked kind ("Dragon capsule"): voted first
    named: set[str] = field(default_factory=set)


_FIELD_START = re.compile(r"(?:^|[;·|•])\s*$")
_FIELD = re.compile(r"(?:^|[;·|•])\s*[A-Z][\w'’ ]{0,30}:")


def _field_label(sentence: str, c: Candidate, named: Sequence[tuple[int, int, str]] = ()) -> bool:
    """Whether a candidate names a field of a listing ("Date: May 2 ; Location: Bristol"): the
    sentence lists two fields or more, and the candidate opens one, a colon after it (or it is
    a headline's kicker, "ESPN Sources: ...", lexicon.KICKER_WORDS); not a
    dateline's place in capitals ("KESSEL: ...") nor a person's line ("• Ada Brenn: 31
    points • Cora Lind: 25 points")."""
    after = sentence[c.start + len(c.text) :]
    if not after.startswith(":") or c.text.isupper():
        return False
    kicker = c.text.split()[-1].lower() in lexicon.KICKER_WORDS  # "ESPN Sources: ..."
    if kicker and _FIELD_START.search(sentence, 0, c.start):
        return True
    if len(_FIELD.findall(sentence)) < 2:
        return False
    if label_of(c.start, c.start + len(c.text), named) == "PERSON":
        return False
    return bool(_FIELD_START.search(sentence, 0, c.start))


def tally(
    question: str,
    kind: str,
    sentences: Sequence[tuple[str, float]],
    context: str = "",
    labels: Sequence[Sequence[tuple[int, int, str]]] = (),
    dated: Sequence[str] = (),
) -> Tally:
    """Each sentence votes for its candidates, weighted by how close the sentence's score is to
    the best one and how near the candidate sits to the question's words; spans that only repeat
    the question ("Who acquired Instagram?" -> "Instagram") are not answers, and spans that share
    a word with it ("Who is the CEO of Lego?" -> "LEGO Group") rarely are."""
    question_words = set(re.findall(r"\w+", question.lower()))
    question_words |= {_fold(w) for w in question_words}  # "Pogacar" for "Pogačar"
    names_asked = {_fold(w) for w in re.findall(r"(?<=\s)[A-Z][\w'’-]*", question)}  # capitalised
    near_words = question_words | set(re.findall(r"\w+", context.lower()))
    asked = question[after_lead_in(question) :]  # "Considering the story on X, which firm ...?"
    wh_match = re.match(r"\s*(who|whom|whose)\b", asked, re.IGNORECASE)
    wh = "who" if wh_match else ""
    noun = head_noun(question)
    settlement = kind == "entity" and _asks_settlement(question, noun)
    verb = question_verb(question) if kind == "entity" else ""
    forms = verb_forms(verb) if verb else ""
    events = event_stems(question) if kind == "date" else []
    proper = _proper_words([s for s, _ in sentences])
    sides = {_fold(side) for side in rivals(question)} if kind == "entity" else set()
    wanted = answer_type(wh or _wh_word(asked), asked) if kind == "entity" else ""
    role_of = frozenset(  # "Who heads Full Fact?": the names whose head is asked for
        w.lower()
        for w in re.findall(r"(?<!^)\b[A-Z][\w'’-]*", question)
        if _ROLE_QUESTION.search(question)
    )
    asked_role = (
        noun
        if noun in lexicon.PEOPLE_ONLY_NOUNS and noun not in lexicon.GENERIC_PERSON_NOUNS
        else ""
    )
    called = kind == "entity" and asks_name(question)  # "What is the new game called?"
    named_surnames = _named_surnames(question) if wanted in ("person", "role") else frozenset()
    described: set[str] = set()  # names described as a role the question gives someone else
    key_labels: dict[str, set[str]] = {}
    result = Tally({}, {}, {})
    votes, where, spellings = result.votes, result.where, result.spellings
    top = max((score for _, score in sentences), default=0.0)
    for index, (sentence, score) in enumerate(sentences):
        weight = math.exp((score - top) / lexicon.SHARPNESS)
        found = candidates(sentence, kind)
        if wanted and index < len(labels):
            found = (*found, *tagged_candidates(sentence, labels[index], wanted, found))
        if kind == "entity" and index < len(labels):
            found = tuple(without_nationality(found, labels[index]))
        filed: Candidate | None = None
        if kind == "entity" and (dateline := _DATELINE.match(sentence)):
            found = tuple(c for c in found if c.start >= dateline.end())  # where it was filed
            named = labels[index] if index < len(labels) else ()
            if settlement and not _names_a_place(sentence, named, dateline.end()):
                filed = _filed_from(sentence)  # "In which city ...?": where it was filed,
                found = (*found, filed)  # where the sentence names no other place
        if kind == "date" and _only_dates(sentence, found):
            continue  # "Dec 19, 2016 ...": a dateline, not a statement about anything
        for c in found:
            side = _fold(c.text) in sides  # "between Halden and Corvane": one of them won
            if in_question(c.text, question_words) and not side:
                continue
            if named_surnames and not side and c.text.split()[-1].lower() in named_surnames:
                continue  # "Boris Johnson" for "... during the Johnson-Corbyn debate?"
            if (
                kind == "entity"
                and c.start == 0
                and " " not in c.text
                and c.key not in proper
                and not _CAMEL.search(c.text)
                and c is not filed
            ):
                continue  # "Sources indicate ...": capitalised only because it starts a sentence
                # (not "WeWork", whose capitals inside say it is a name)
            if kind == "entity" and _field_label(
                sentence, c, labels[index] if index < len(labels) else ()
            ):
                continue  # "Date: ... ; Location: Bristol": the field's name, not its value
            if settlement and c is not filed and _fold(c.text) in lexicon.REGIONS:
                continue  # "In which city ...?": not "South Carolina" ("LEBANON, Pa." is one)
            if not fits(question, kind, c, dated[index] if index < len(dated) else "", sentence):
                continue  # "How much ..." is answered by an amount, not by "six" or "4.20%"
            vote = weight * c.weight * _nearness(sentence, c.start, near_words)
            if kind == "date" and _near_event(sentence, c, events):
                vote *= 3.0  # "premiered on August 22": the date of the event asked about
            if kind != "entity" and superseded(sentence, c, question, found):
                vote *= lexicon.SUPERSEDED_WEIGHT  # "its original release date was April 16"
            key = c.key
            if kind == "entity":
                key = _fold(c.key)
                label = (
                    label_of(c.start, c.start + len(c.text), labels[index])
                    if index < len(labels)
                    else ""
                )
                if label:
                    key_labels.setdefault(key, set()).add(label)
                role = _DESCRIBED_AS.match(sentence, c.start + len(c.text)) if asked_role else None
                if role and _described_in(role.group("role").lower(), asked_role, question_words):
                    described.add(key)  # "Mott, the former treasurer of ..." for "Who was the
                    # judge who sentenced the treasurer?": the one the question describes
                title = title_before(sentence, c.start) if asked_role else ()
                if title and not _titled_as(title, asked_role):
                    if key.split()[-1] in question_words:
                        continue  # "President Donald Trump" for "Which doctor saw President
                        # Trump?": the one the question names, in another role
                    described.add(key)  # "Prime Minister Boris Johnson" for "Which chairman"
                # a nationality describes the noun after it ("a Japanese investment company"),
                # it does not name it
                kind_noun = "" if label == "NORP" else noun
                asks_person = "who" if wanted in ("person", "role") else wh  # "Which minister"
                vote *= _context_weight(
                    sentence, c, asks_person, kind_noun, role_of
                ) * _verb_weight(sentence, c, verb, forms)
                if called and _NAMING.search(sentence, 0, c.start):
                    vote *= 2.0  # "What is the game called?": "Valve called 'Half Life: Alyx'"
                if index == 0 and _kind_follows(sentence, c, kind_noun):
                    result.named.add(key)  # "SpaceX's Dragon capsule" for "Which capsule ...?"
                words = [w for w in re.findall(r"\w+", key) if w not in STOPWORDS]
                shared = [  # the question's own words, "Oscars" for its name "Oscar" too
                    w for w in words if w in question_words or w.removesuffix("s") in names_asked
                ]
                if (
                    shared
                    and not side
                    and not (shared == words[-1:] and _names_its_kind(c.text, noun))
                ):
                    vote *= 0.5  # but "Keck Observatory" answers "Which observatory ...?"
                if (wh == "who" or wanted in ("person", "role")) and (
                    (words and words[-1] in lexicon.ORG_SUFFIXES)
                    or re.fullmatch(r"[A-Z]{2,}", c.text)
                ):
                    vote *= 0.5  # a person is asked for: not "LEGO Group", not "FTX"
                seen = spellings.setdefault(key, {})
                if c.text not in seen or vote > seen[c.text][0]:
                    seen[c.text] = (vote, index)
            votes[key] = votes.get(key, 0.0) + vote
            if key not in where or vote > where[key][0]:
                where[key] = (vote, index, c.text)
    if kind == "date":
        result.votes = _merge_dates(votes)
    if kind == "quantity":
        result.votes = _merge_amounts(votes)
    if kind == "entity":
        surnames = {key.split()[-1] for key in described}
        for key in votes:
            if key in described or key in surnames:
                votes[key] *= lexicon.DESCRIBED_PARTY_WEIGHT
        if labels:
            people = _person_surnames(sentences, labels)
            for key in votes:
                tagged = key_labels.get(key, set())
                if tagged == {"NORP"} and wanted != "person":
                    votes[key] *= lexicon.NATIONALITY_WEIGHT  # "Israeli" names no bloc
                if not wanted:
                    continue
                if key.split()[-1:] and key.split()[-1] in lexicon.ORG_SUFFIXES:
                    tagged = {"ORG"}  # "Veltrane Pharma" names a company, whatever it was tagged
                votes[key] *= type_weight(tagged, wanted, key in people, " " not in key)
        result.votes = _merge_names(votes)
    return result


def _named_surnames(question: str) -> frozenset[str]:
    """The surnames a person question writes as people's ("johnson", "corbyn" in "... the
    Johnson-Corbyn debate?", "oakes" in "... Oakes's plan?"): a person of that surname is one
    the question names, not the one it asks for. A lone capitalised word may be a company
    ("Who founded Dell?"), so only a hyphenated pair of them or a possessive counts; none where
    the question asks about kin or a successor ("Who is Ada Marsh's husband?", lexicon.KIN_NOUNS)
    or who won (the pair may be the sides: "Who won the Johnson-Corbyn debate?")."""
    words = re.findall(r"[\w'’]+", question)
    if any(w.lower() in lexicon.KIN_NOUNS for w in words):
        return frozenset()
    if question_verb(question) in lexicon.WIN_FORMS:
        return frozenset()
    pairs = re.findall(r"\b([A-Z][a-z]+)-([A-Z][a-z]+)\b", question)  # not "Wilkes-barre"
    owners = re.findall(r"(?<!^)\b([A-Z][a-z]+)['’]s?\b(?!\s+[A-Z])", question)
    return frozenset(w.lower() for w in [*(w for pair in pairs for w in pair), *owners])


def _person_surnames(
    sentences: Sequence[tuple[str, float]], labels: Sequence[Sequence[tuple[int, int, str]]]
) -> set[str]:
    """Last words of the full names tagged PERSON: a surname alone ("Harte-Lindqvist") names the
    same person, whatever the tagger made of it on its own."""
    found = set()
    for (sentence, _), spans in zip(sentences, labels, strict=False):
        for start, end, label in spans:
            words = _fold(sentence[start:end]).replace("’s", "").replace("'s", "").split()
            if label == "PERSON" and len(words) > 1:
                found.add(words[-1])
    return found


def _wh_word(question: str) -> str:
    """ "which", "what" or "where" where the question starts with it, after a preposition or
    not ("In which city ...?", "At what venue ...?"); "" otherwise."""
    m = WH_START.match(question)
    return m.group(1).lower() if m else ""


def best_span(
    question: str,
    kind: str,
    sentences: Sequence[tuple[str, float]],
    context: str = "",
    labels: Sequence[Sequence[tuple[int, int, str]]] = (),
    dated: Sequence[str] = (),
) -> tuple[str, int] | None:
    """The span voted for by the best evidence sentences, with the index of its best sentence.

    `question` is what was asked (its words are not answers); `context` adds words carried over
    from earlier turns, used only to tell which candidates sit near the question's subject;
    `labels` and `dated` give each sentence's tagged entities and its article's date.
    """
    found = best_spans(question, kind, sentences, context, labels, dated, 1)
    return found[0][:2] if found else None


def best_spans(
    question: str,
    kind: str,
    sentences: Sequence[tuple[str, float]],
    context: str = "",
    labels: Sequence[Sequence[tuple[int, int, str]]] = (),
    dated: Sequence[str] = (),
    n: int = 3,
    exclude: frozenset[str] = frozenset(),
) -> list[tuple[str, int, str]]:
    """The `n` spans voted for most (as `best_span` gives the first), best first, each with the
    index of its sentence and its text as written there ("22 March 2025" for "March 22, 2025");
    none of the spans in `exclude`. A name the best sentence writes as the asked kind ("the
    Dragon capsule" for "Which capsule ...?") comes before any other, however often the
    others are named."""
    if not kind or not sentences:
        return []
    votes = tally(question, kind, sentences, context, labels, dated)
    keys = sorted(
        (k for k in votes.votes if votes.votes[k] > 0),  # none of a kind never asked for
        key=lambda k: (k in votes.named, votes.votes[k], len(k)),
        reverse=True,
    )
    found: list[tuple[str, int, str]] = []
    for key in keys:
        if len(found) == n:
            break
        span, index = _display(kind, key, votes)
        if span in exclude:
            continue
        surname = votes.where.get(key.split()[-1]) if key.split() else None
        written = next(
            (t for t, (_, i) in votes.spellings.get(key, {}).items() if i == index),
            surname[2] if surname and surname[1] == index else votes.where[key][2],
        )
        found.append((span, index, written))
    return found


def _display(kind: str, key: str, votes: Tally) -> tuple[str, int]:
    """How to write the chosen key, and the index of the sentence to cite for it."""
    vote, index, text = votes.where[key]
    if kind == "date":
        return (text if is_date_range(text) else canonical_date(key, text)), index
    spellings = votes.spellings.get(key, {})
    if kind == "entity" and len(spellings) > 1:
        # the spelling with its diacritics kept ("Chloé", not "Chloe"), cited where it is written
        text = max(spellings, key=lambda t: (sum(ord(ch) > 127 for ch in t), spellings[t][0]))
        index = spellings[text][1]
    surname = key.split()[-1]
    if kind == "entity" and surname != key and votes.where.get(surname, (0.0,))[0] > vote:
        index = votes.where[surname][1]  # the best evidence may use the surname alone
    return text, index


def complete_name(span: str, sentences: Sequence[str]) -> str:
    """A bare surname or team name written in full where the evidence has it ("Bankman-Fried"
    -> "Sam Bankman-Fried", "Astros" -> "Houston Astros"): the fullest form is the answer."""
    if " " in span.strip() or re.fullmatch(r"[A-Z][A-Z.&-]*", span.strip()):
        return span  # (an abbreviation is whole: "U.S", "FTX")
    folded = _fold(span)
    lower = {w for text in sentences for w in re.findall(r"\b[a-z][\w'’-]*", text)}
    counts: dict[str, int] = {}
    for sentence in sentences:
        for c in candidates(sentence, "entity"):
            words = c.text.split()
            folded_words = _fold(c.text).split()
            for k in range(1, len(words)):
                if folded_words[k] != folded or folded in folded_words[:k]:
                    continue
                # a name ending at the span, or in a title-case run ("How Did the Houston
                # Astros Cheat") just the word before it
                first = max(0, k - 2) if k == len(words) - 1 else k - 1
                extra = [w.lower() for w in words[first:k]]
                if k < len(words) - 1 and any(w in lower or w in STOPWORDS for w in extra):
                    continue  # "Tim Cook Says Apple Will ...": "says" is a word, not a name
                if any(w in STOPWORDS and w != "the" for w in extra):
                    continue  # "Academy of Vietnam" is not Vietnam; "If HP" starts a sentence
                heads = [i for i, w in enumerate(extra) if w in lexicon.EVENT_HEADS]
                if heads:  # "Tour de France" is an event, not France written in full; "the
                    first += heads[-1] + 1  # Halden Cup Ada Brenn" is Ada Brenn
                    if first >= k or words[first][:1].islower():
                        continue
                full = " ".join(words[first : k + 1])
                counts[full] = counts.get(full, 0) + 1
    return max(counts, key=lambda t: (counts[t], len(t))) if counts else span
