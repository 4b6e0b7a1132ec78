"""Answer candidates: what kind of span a question asks for (a name, a date, an amount) and the
spans of that kind a sentence holds. Which one answers is voted on in `qa.voting`."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from qa import lexicon
from qa.constraints import described_noun, measured_noun, noun_near
from qa.lexicon import STOPWORDS
from qa.query import after_lead_in

# a capitalised month name or short form, longest first ("September", "Sept", "Sep")
_MONTH_FORMS = [form.capitalize() for forms in lexicon.MONTH_FORMS for form in forms]
_MONTH = rf"(?:{'|'.join(_MONTH_FORMS)})\.?"
_MONTHS = [month[:3].lower() for month in lexicon.MONTHS]  # "jan" is month 1
_DAY_RANGE = r"(?:st|nd|rd|th)?\s*(?:-|–|to|through|until)\s*\d{1,2}(?:st|nd|rd|th)?"
# An event's days: "July 25 to 27, 2025", "25-27 July 2025" (read as their first day, written
# whole in the answer).
_RANGES = [  # the year may be left out ("18-24 November")
    re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}}){_DAY_RANGE}(?:,?\s+(?P<y>\d{{4}}))?\b"),
    re.compile(
        rf"\b(?P<d>\d{{1,2}}){_DAY_RANGE}\s+(?P<m>{_MONTH})(?:,?\s+(?P<y>\d{{4}})\b|(?![\w.]))"
    ),
]
_DATES = [
    *_RANGES,
    re.compile(
        rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?:of\s+)?(?P<y>\d{{4}})\b"
    ),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH}),?\s+(?P<y>\d{{4}})\b"),
    re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MONTH})(?![\w.])"),  # "15 November"
    re.compile(rf"\b(?P<m>{_MONTH}),?\s+(?P<y>\d{{4}})\b"),
    re.compile(r"\b(?P<y>1[89]\d\d|20\d\d)\b"),
]
_CURRENCY_WORD = rf"(?:{'|'.join(lexicon.CURRENCY_WORDS)})\b"
_QUANTITY = re.compile(
    r"(?<![\w.])(?:[$€£¥]\s?)?(?>\d[\d,]*(?:\.\d+)?)"  # whole: "$1.5tn" is never "$1"
    r"(?:\s?(?:%|percent|per cent|million|billion|trillion|thousand|bn\b|mn\b|tn\b|m\b|k\b)"
    r"|(?<=\d)[KMB]\b"  # "$449K", "$1.2M", "$3B"
    rf"|(?<=\d)(?i:{'|'.join(lexicon.GLUED_UNITS)})\b"  # "60fps", "300km"
    # "176 Hong Kong dollars", "500 U.S. dollars"
    rf"|\s(?:(?:[A-Z][a-z]+|[A-Z]{{2,3}}|(?:[A-Z]\.){{2}})\s){{0,2}}{_CURRENCY_WORD})?"
    r"(?![A-Za-z0-9]|[.,]\d)"  # not "777x" (a model), "1990s", "5G"
)
CURRENCY_SIGN = re.compile(rf"[$€£¥]|\s{_CURRENCY_WORD}")
AMOUNT = re.compile(rf"[$€£¥]|million|billion|trillion|thousand|bn\b|\s{_CURRENCY_WORD}")
_UNIT = re.compile(
    rf"[$€£¥%]|percent|million|billion|trillion|thousand|bn|\bm\b|\bk\b|\s{_CURRENCY_WORD}"
)
_NUMBER_WORDS = re.compile(rf"\b(?:{'|'.join(lexicon.NUMBER_WORDS)})\b", re.IGNORECASE)
# "a third", "two-thirds", "half" (not "the first half", "half-time", "a third term", "one and
# a half"): a share, written in words
_FRACTION = re.compile(
    rf"(?<![-\w])(?:(?<!and )(?:a|one|{'|'.join(lexicon.NUMBER_WORDS[1:10])})[- ]"
    rf"(?:{'|'.join(lexicon.FRACTIONS)})s?(?=\s+(?:of|by|in|on|to|from|than|and|or)\b|\s*[^\w\s-]|\s*$)"
    r"|(?<!first )(?<!second )(?<!a )half(?![-\w]))",
    re.IGNORECASE,
)
# capital letters, accented ones included ("Émile Zola", "Ángel Di María")
UPPER = "[" + "".join(ch for ch in map(chr, range(0x41, 0x250)) if ch.isupper()) + "]"
_NAME = re.compile(  # not starting inside a word: "5G", "4K", "1MDB", "eBay"
    rf"(?<![^\W_])(?:{UPPER}[\w'’.\-]*[\w]|{UPPER})(?:\s+(?:(?:of|de|del|la|van|von|der|bin|al)\s+)?"
    rf"(?:{UPPER}[\w'’.\-]*[\w]|{UPPER}\.?))*"
)
# Where one capitalised run holds two names: "SpaceX's Dragon", "Blue Origin CEO Dave Limp".
_NAME_BREAK = re.compile(rf"['’]s\s+|\s+(?:{'|'.join(lexicon.NAME_BREAK_TITLES)})\s+")
AUX_WORDS = "|".join(lexicon.AUXILIARIES)  # a regex alternation
# month and day names: a capitalised run of nothing else is no name
_MONTH_NAMES = frozenset(
    name.lower() for name in (*lexicon.MONTHS, *lexicon.MONTH_ABBREVIATIONS, *lexicon.WEEKDAYS)
)


CANDIDATE_CACHE = 65_536  # texts x kinds remembered (a few MB); passages recur across questions


@dataclass(frozen=True)
class Candidate:
    text: str
    start: int  # in its sentence
    key: str  # what votes are pooled under (dates: month-day-year)
    weight: float = 1.0  # a priori: money beats a bare number, a full date beats a month


# A question that starts with "which", "what" or "where", after a preposition or not ("In
# which town ...?", "At what venue ...?").
WH_START = re.compile(
    rf"\s*(?:(?:{'|'.join(sorted(lexicon.HEAD_NOUN_ENDS | {'to', 'into', 'under'}))})\s+)?"
    r"(which|what|where)\b",
    re.IGNORECASE,
)


def expected_kind(wh: str, question: str) -> str:
    """ "date", "quantity", "entity" or "" (no short span: answer with the sentence), read past
    a lead-in ("On the day of the launch, who ...?" asks for a name, not a date)."""
    question = question[after_lead_in(question) :]
    q = question.lower()
    if asks_score(question):
        return "score"  # "By what score did ... win?": "6-4, 6-3" or "4 out of 5", not a name
    if wh in ("when", "what year", "which year", "what date") or re.search(
        r"\b(date|what year|which year"
        r"|(?:which|what) (?:day|month|night|morning|afternoon|evening|weekend))\b",
        q,
    ):
        return "date"
    if re.match(r"\s*(?:which|what)\s+(?:kinds?|types?|sorts?)\s+of\b", q):
        return ""  # "What kind of keyboard ...?": a description ("scissor switch"), not a name
    noun = head_noun(question) if wh in ("which", "what") else ""
    opening = WH_START.match(q) or WH_START.match(q, after_lead_in(q))  # "In the report, which"
    if noun and noun not in lexicon.QUANTITY_NOUNS and opening and opening.group(1) != "where":
        return "entity"  # "Which company ..., and what did its revenue do?" names a company
    if wh in ("who", "whom", "whose") and re.match(r"\s*(?:who|whom|whose)\b", q):
        return "entity"  # "Who ... up to the amount of its revenue?" still asks for a person
    if (
        wh in ("how many", "how much", "how long", "how old")
        or re.match(r"\s*how\s+(?:big|large)\b", q)  # "How big a loan ...?", "How big is it?"
        or asks_measure(question)  # "How tall is ...?": "330 metres"
        or noun in lexicon.QUANTITY_NOUNS  # "What sales growth ...?": a figure
        or _AGE_QUESTION.search(question)  # "What is Owen Talbot's age?"
        or re.search(r"\b(revenue|price|cost|number of|amount|percentage|how often)\b", q)
        or MONEY_QUESTION.search(q)  # "What is Halden paying for ...?": a sum of money
    ):
        return "quantity"
    if wh == "what" and re.search(rf"\bwhat\s+(?:{AUX_WORDS})\s+(?:the\s+)?{_NAME_NOUN}\s+of\b", q):
        return "entity"  # "What is the name / codename of Corvane's robot?": a name
    if wh == "what" and asks_name(question):
        return "entity"  # "What is Corvane's new robot called?": a name
    if wh == "what" and re.search(rf"\bwhat\s+(?:{AUX_WORDS})\b", q):
        return ""  # "What was the talk about?": a description, not a name
    if wh in ("who", "whom", "whose", "which", "what", "where"):
        return "entity"
    return ""


# The nouns of "What is the name of X?": a name, a nickname, a codename ("code name").
_NAME_NOUN = r"(?:nick|code[\s-]?)?names?"

_MEASURE = re.compile(r"\s*how\s+(?:tall|wide|deep|fast|heavy|hot|cold|warm)\b", re.IGNORECASE)


def asks_measure(question: str) -> bool:
    """Whether a question asks "How tall / wide / deep / fast / heavy / hot ...?": a measure
    in units where the evidence gives one ("310 metres"); said of a debate or of losses ("How
    heavy were the losses?") it is answered by the sentence."""
    return _MEASURE.match(question, after_lead_in(question)) is not None


_CALLED = re.compile(
    r"\b(?:called|named|titled|dubbed|codenamed|nicknamed)\s*\??\s*$", re.IGNORECASE
)


def asks_name(question: str) -> bool:
    """Whether a question asks what something is called ("What is the new robot called?",
    "What was the phone's codename?", "What is the codename of the phone?")."""
    asked = question[after_lead_in(question) :]
    if not re.match(r"\s*what\b", asked, re.IGNORECASE):
        return False
    return bool(_CALLED.search(asked) or _CODENAME.match(asked))


# "What was the codename of X?", "What is its code name?", "What was X's nickname?": the
# noun asked right after "what is" (not "What does the nickname ... refer to?").
_CODENAME = re.compile(
    rf"\s*what\s+(?:{AUX_WORDS})\s+(?:the\s+|its\s+|his\s+|her\s+|their\s+|"
    r"(?:[A-Z][\w'’.-]*\s+){0,3}?[\w.-]+['’]s?\s+)?"
    r"(?P<noun>(?:code[\s-]?|nick)names?)\s*(?:of\b|\??\s*$)",
    re.IGNORECASE,
)


_KIND_OF = re.compile(r"\s*(?:which|what)\s+(?:kinds?|types?|sorts?)\s+of\b", re.IGNORECASE)


def asks_kind_of(question: str) -> bool:
    """Whether a question asks "What kind / type / sort of X ...?"."""
    return _KIND_OF.match(question, after_lead_in(question)) is not None


def asks_figure(wh: str, question: str) -> bool:
    """Whether a question asks for a figure in so many words ("How many ...?", "How much
    ...?", "What is the average salary ...?", "At what price ...?"), not only by a word of a
    clause ("... based on the amount of money wagered")."""
    return (
        wh in ("how many", "how much", "how long", "how old")
        or (wh in ("what", "which") and head_noun(question) in lexicon.QUANTITY_NOUNS)
        or bool(_AGE_QUESTION.search(question))
    )


def is_date_range(text: str) -> bool:
    """Whether a date as written spans days ("July 25 to 27, 2025")."""
    return any(pattern.fullmatch(text) for pattern in _RANGES)


def canonical_date(key: str, text: str) -> str:
    """ "November 21 of 1998" and "21st Nov. 1998" both read "November 21, 1998"."""
    month, day, year = key.split("-")
    if not month:
        return text
    name = lexicon.MONTHS[int(month) - 1]
    if day and year:
        return f"{name} {int(day)}, {year}"
    if day:
        return f"{name} {int(day)}"
    return f"{name} {year}" if year else text


def _date_key(m: re.Match[str]) -> tuple[str, float]:
    groups = m.groupdict()
    month = (groups.get("m") or "").lower().rstrip(".")[:3]
    month_no = str(_MONTHS.index(month) + 1) if month in _MONTHS else ""
    day, year = groups.get("d") or "", groups.get("y") or ""
    weight = 0.4 + 0.3 * bool(month_no) + 0.2 * bool(day) + 0.4 * bool(year)
    return f"{month_no}-{day}-{year}", weight


MONEY_QUESTION = re.compile(
    r"\b(how much|revenue|price|cost|costs|paid|pay|pays|paying|worth|spend|spent|spending|earn"
    r"|earned|earnings|sales|salary|salaries|wages?|bail|bond|ransom|compensation)\b",
    re.IGNORECASE,
)
# Sums of money a figure question may ask for ("What budget ...?", "How big a fine ...?"); only
# where a figure is asked (they are no figure question themselves: "Why was Google fined?").
_MONEY_NOUNS = re.compile(
    r"\b(budgets?|fines?|fined|fees?|funding|loans?|grants?|bonus(?:es)?|subsid(?:y|ies)"
    r"|donations?|tuition)\b",
    re.IGNORECASE,
)


_RELATIVE = re.compile(
    r"\b(percent|percentage|%|rate|(?<!per )share|grow|grew|growth|rise|rose|fall|fell|increase"
    r"|decrease|drop|dropped|gain|gained|lose|lost|by how much|proportion|fraction|discount)\b",
    # "per share" is an amount, not a share
    re.IGNORECASE,
)


def wants_amount(question: str) -> bool:
    """ "What was Tesla's revenue?" needs a sum of money, not a bare number or a percentage."""
    money = (
        MONEY_QUESTION.search(question)
        or (_MONEY_NOUNS.search(question) and not _COUNT_QUESTION.search(question))
        or described_noun(question) in ("value", "valuation")  # "What was the deal's value?"
    )  # "How many people were fined?" counts people
    return bool(money) and not _RELATIVE.search(question)


_UNIT_PRICE = re.compile(
    rf"\b(?:{'|'.join(lexicon.PRICE_WORDS)}|how\s+much)\b.*\b(?:per|a|each)\s+"
    rf"(?:{'|'.join(lexicon.PRICE_UNITS)})\b(?!\s+(?:ago|after|later|earlier|before)\b)"
    r"|\b(?:share|ticket|ipo|offer)\s+price\b"
    r"|\bmonthly\s+(?:price|fee|subscription|charge)\b"
    r"|\bshares\s+(?:(?:were|are)\s+)?(?:close|closed|open|opened|end|ended|trade|traded|trading)\b",
    re.IGNORECASE,
)
_SCALED = re.compile(r"\d\s*(?:million|billion|trillion|bn|mn|tn|m|b)\b", re.IGNORECASE)


def asks_unit_price(question: str) -> bool:
    """ "At what price did the shares close?", "What is the monthly price of ...?": the price
    of one share, one month, one ticket, which no sum in millions is."""
    return bool(_UNIT_PRICE.search(question))


def scaled(amount: str) -> bool:
    """Whether an amount is written in millions or more ("$600 million", "$12.9bn")."""
    return bool(_SCALED.search(amount))


_HAPPENED_QUESTION = re.compile(
    r"\b(?:did|was|were)\b(?!.*\b(?:could|would|might|may|will|faces?)\b)", re.IGNORECASE
)
_HYPOTHETICAL = re.compile(
    rf"\b(?:(?:{'|'.join(lexicon.HYPOTHETICAL_MODALS)})\s+(?:have\s+)?"
    rf"(?:{'|'.join(lexicon.HYPOTHETICAL_VERBS)})(?:d|n|s|ed)?"
    r"|faces?|facing)\s+(?:up\s+to|a\s+maximum\s+(?:of\s+)?|as\s+(?:much|many)\s+as)?",
    re.IGNORECASE,
)


def asks_what_happened(question: str) -> bool:
    """ "What sentence did X receive?", "How much was Y fined?": a past fact, not a prospect."""
    return bool(_HAPPENED_QUESTION.search(question))


def hypothetical(sentence: str, span: str) -> bool:
    """Whether the figure is one someone could face or faces at most, in the same clause
    ("could face up to 10 years in prison"; "faces a maximum of $250,000"), not one they got."""
    at = sentence.find(span)
    if at < 0:
        return False
    for match in _HYPOTHETICAL.finditer(sentence[:at]):
        between = sentence[match.end() : at]
        if len(between) <= HYPOTHETICAL_REACH and not re.search(r"[.;]|\bbut\b", between):
            return True
    return False


HYPOTHETICAL_REACH = 40  # characters from "could face up to" to its figure, within the clause


_COUNT_QUESTION = re.compile(r"\bhow many\b(?!\s+(?:dollars|euros|pounds|percent))", re.IGNORECASE)
_AGE_QUESTION = re.compile(  # "How old is X?", "What is X's age?", "the age of X"
    r"(?i:\bhow old\b)|['’]s\s+(?i:age)\b|(?i:\bage\s+of)\s+[A-Z]"
    r"|(?i:\bwhat\s+(?:is|was)\s+(?:his|her|their)\s+age\b)"
)
_DURATION_QUESTION = re.compile(r"\bhow long\b|\b(?:prison|jail) sentence\b", re.IGNORECASE)
_TIMES_QUESTION = re.compile(r"\bhow (?:often|frequently|many times)\b", re.IGNORECASE)
_SCHEDULED = "|".join(verb.replace(" ", r"\s+") for verb in lexicon.SCHEDULE_VERBS)
_FUTURE_QUESTION = re.compile(
    rf"\bwhen\s+(?:will|(?:{AUX_WORDS})\b.*\b(?:going|expected|due|scheduled|set|planned)\s+to"
    r"|do(?:es)?\b(?:(?!\b(?:say|said|think|believe|report|claim)\w*\b).)*"
    rf"\b(?:{_SCHEDULED}))\b",
    re.IGNORECASE,
)


def fits(
    question: str, kind: str, candidate: Candidate, published_at: str = "", sentence: str = ""
) -> bool:
    """Whether a span is the sort of thing the question asks for, beyond its kind: "How much
    ..." wants an amount of money (not "six" or "4.20%"; a percentage where it asks a share of
    one), "How many ..." a count and "How long ..." a length or time (neither a sum of money nor
    a percentage), "How old ..." an age written as one (in its `sentence`, where given), and
    "When will ...?" (or "When does X start ...?") a date no earlier than the year of the article
    that writes it (`published_at`, ISO; "" when unknown). No quantity is answered by
    "millions" alone."""
    text = candidate.text
    if kind == "quantity":
        if text.lower() in lexicon.VAGUE_AMOUNTS and not (
            sentence
            and re.search(r"(?i:\b(?:tens|hundreds)\s+of\s+)$", sentence[: candidate.start])
        ):
            return False  # "killed millions of people": no figure ("tens of thousands" is one)
        if text.lower() in lexicon.TIMES_WORDS:  # "scored twice" counts goals, not saves
            return bool(_TIMES_QUESTION.search(question))
        if sentence and (unit := _COUNTED_UNIT.search(question)):  # "how many hours": "10 hours"
            return _written_in(sentence, candidate, unit.group(1).lower())
        if _PERCENT_QUESTION.search(question):  # "What percentage stake ...?": "30%", "half"
            after = sentence[candidate.start + len(text) :] if sentence else ""
            return bool(_FRACTION.fullmatch(text) or _PERCENT.match(f"{text} {after[:12]}"))
        if sentence and (stuff := measured_stuff(question)):  # "How much water": "2,300 tons"
            return _measured(sentence, candidate, stuff)
        if sentence and (units := asked_units(question)):  # "What frame rate": "60 fps"
            return _in_units(sentence, candidate, units)
        if _FRACTION.fullmatch(text):  # a share answers for a share or a change: no age,
            return bool(_RELATIVE.search(question)) and not _COUNT_QUESTION.search(question)
        if MONEY_QUESTION.search(question) or wants_amount(question):  # "What share of its
            return bool((AMOUNT if wants_amount(question) else _UNIT).search(text))
        if _AGE_QUESTION.search(question):  # an age: "58", "fifty", not "5,980" or "$9 million"
            number = text.isalpha() or (text.isdigit() and int(text) <= lexicon.OLDEST)
            return number and (
                not sentence
                or (
                    _written_as_age(sentence, candidate)
                    and not _age_of_another(question, sentence, candidate)
                )
            )
        if _DURATION_QUESTION.search(question) and sentence:  # "four years", not "Mott, 61,"
            return bool(_UNIT_AFTER.match(sentence[candidate.start + len(text) :]))
        if (
            _COUNT_QUESTION.search(question)
            and sentence
            and _counts_units(question, sentence, candidate)
        ):
            return False  # "observed it for 17 nights" counts no flybys
        if _COUNT_QUESTION.search(question) and re.fullmatch(r"[\d,]*\.\d+", text):
            return False  # "88.5" counts nothing ("1.5 million" may)
        if _COUNT_QUESTION.search(question) or _DURATION_QUESTION.search(question):
            return not re.search(r"[$€£¥%]|percent|per cent", text)  # "How long ...": not "$5"
    if kind == "date" and published_at[:4].isdigit() and _FUTURE_QUESTION.search(question):
        return _not_before(candidate.key, published_at)
    return True


# "How many hours / pounds / miles ...?": a count of units, answered by a figure written in them.
_COUNTED_UNIT = re.compile(
    r"\bhow\s+many\s+("
    + "|".join(
        sorted(
            {*lexicon.DURATION_UNITS, *lexicon.MEASURE_UNITS, *lexicon.CURRENCY_SIGNS, "percent"},
            key=len,
            reverse=True,
        )
    )
    + r")(?:e?s)?\b",
    re.IGNORECASE,
)
_PERCENT_QUESTION = re.compile(r"\bwhat\s+(?:percentage|percent)\b", re.IGNORECASE)


def _written_in(sentence: str, candidate: Candidate, unit: str) -> bool:
    """Whether a figure is written in the unit counted ("10 hours", "£45m" for pounds, "12%" for
    percent): "day one" counts no hours, "nine games" no pounds."""
    text, after = candidate.text, sentence[candidate.start + len(candidate.text) :]
    unit = unit.removesuffix("s") if unit not in lexicon.DURATION_UNITS else unit
    sign = lexicon.CURRENCY_SIGNS.get(unit, "")
    if sign and sign in text:
        return True
    if unit == "percent":
        return bool(_PERCENT.match(f"{text} {after[:12]}"))
    if sign and sign in sentence[max(0, candidate.start - 3) : candidate.start]:
        return True  # "US$5m"
    forms = "|".join(re.escape(form) for form in lexicon.UNIT_FORMS.get(unit, (unit,)))
    scale = r"(?:\s*(?:million|billion|thousand|m|bn))?"
    more = r"(?:\s+(?:more|extra|additional|straight|consecutive|full))?"
    written = rf"{scale}{more}[\s-]*(?:{forms})(?:e?s)?\b"  # "10 hours", "20lb", "300-foot"
    glued = re.search(rf"\d(?:{forms})(?:e?s)?$", text, re.IGNORECASE)
    return bool(glued or re.match(written, after, re.IGNORECASE))


# A figure written as a percentage: "25%", "30 percent", "52.3 per cent", "3.5pc".
_PERCENT = re.compile(r"\S*?(?:%|\s?per\s?cent\b|\s?pct?\b)", re.IGNORECASE)


def _not_before(key: str, published_at: str) -> bool:
    """Whether a date (a candidate's month-day-year key; a missing year is the article's)
    can be after the article's date: the same year or month may be, a day must be later (the
    day an article is dated is the day something was announced, not the day it will be)."""
    month, day, year = key.split("-")
    year = year or published_at[:4]
    if (
        year != published_at[:4]
        or not month
        or not re.fullmatch(r"\d{4}-\d\d-\d\d.*", published_at)
    ):
        return year >= published_at[:4]
    at = (int(published_at[5:7]), int(published_at[8:10]))
    next_year = int(month) < at[0] and (int(month) - at[0]) % 12 <= lexicon.NEXT_YEAR_MONTHS
    if not key.split("-")[2] and next_year:
        return True  # "January 1" in an article of December 20: next year's
    if not day:
        return int(month) >= at[0]
    return (int(month), int(day)) > at


_MEASURE_FAMILIES = [
    (re.compile(rf"\b(?:{asked})\b", re.IGNORECASE), re.compile(rf"(?:{units})\b", re.IGNORECASE))
    for asked, units in lexicon.MEASURE_FAMILIES
]
_FIGURE_START = re.compile(r"[\d.,]+(?:\s*(?:million|billion|thousand))?", re.IGNORECASE)


def asked_units(question: str) -> re.Pattern[str] | None:
    """The units of the measure a question asks for (lexicon.MEASURE_FAMILIES), or None where
    it asks for none of them, or for money or a count."""
    if MONEY_QUESTION.search(question) or _COUNT_QUESTION.search(question):
        return None
    return next((units for asked, units in _MEASURE_FAMILIES if asked.search(question)), None)


def _in_units(sentence: str, candidate: Candidate, units: re.Pattern[str]) -> bool:
    """Whether a figure is written in the units asked ("60 fps", "1440p", "3,200 miles")."""
    written = sentence[candidate.start : candidate.start + len(candidate.text) + 30]
    figure = _FIGURE_START.match(written)
    rest = written[figure.end() :] if figure else written[len(candidate.text) :]
    return bool(units.match(rest.lstrip(" -")))


def with_title_number(
    sentence: str, span: str, entities: Sequence[tuple[int, int, str]] = ()
) -> str:
    """A title with the number that ends it ("Toy Story" -> "Toy Story 4"), where the tagger
    read the number as part of the name; not a side of a score ("Halden 2, Corvane 1")."""
    at = sentence.find(span)
    number = _TITLE_NUMBER.match(sentence, at + len(span)) if at >= 0 else None
    if number is None or _SCORE_AFTER.match(sentence, number.end()):
        return span
    tagged = any(a <= at and b == number.end() for a, b, _ in entities)
    return sentence[at : number.end()] if tagged else span


_TITLE_NUMBER = re.compile(  # then a comma, a stop or the end: not "Halden Open 2 weeks ago"
    r" (?:\d{1,2}[a-z]?|[IVX]{1,4})\b(?![-–.,:/]?\d)(?=[,.;:!?)’'\"]|\s*$|\s+[-–—])"
)
_SCORE_AFTER = re.compile(  # "Halden 2, Corvane 1", "Halden 3, visiting Corvane 1"
    r"\s*[,;-]?\s*(?:[a-z]+\s+){0,2}(?:[A-Z][\w'’.-]*\s+)+\d"
)


def respective(question: str, sentence: str) -> str:
    """The figure a sentence gives the thing asked in "A and B ... X and Y, respectively" ("the
    Pixel 6 and Pixel 6 Pro start at $599 and $899, respectively" -> "$899" for the Pro): the
    one of A and B whose words the question writes, the longer where both are; "" otherwise."""
    found = list(_RESPECTIVELY.finditer(sentence))
    if not found:
        return ""
    figures = found[-1]  # the last: the sentence asked about ends the text
    pairs = list(_NAME_PAIR.finditer(sentence, 0, figures.start()))
    if not pairs:
        return ""
    names = pairs[-1].group(1, 2)
    asked = set(re.findall(r"\w+", question.lower()))
    fitting = [
        (len(words), i)
        for i, name in enumerate(names)
        if (words := re.findall(r"\w+", name.lower())) and set(words) <= asked
    ]
    return figures.group(max(fitting)[1] + 1) if fitting else ""


_FIGURE = r"([$€£]?\d(?:[\d.,]*\d)?(?:\s*(?:million|billion|bn|m)\b)?%?)"
_RESPECTIVELY = re.compile(rf"{_FIGURE}\s+and\s+{_FIGURE},?\s+respectively\b")
_TITLED_RUN = r"(?-i:[A-Z][\w'’-]*)(?:\s+(?:(?-i:[A-Z][\w'’-]*)|\d\w*))*"
_NAME_PAIR = re.compile(rf"({_TITLED_RUN})\s+and\s+({_TITLED_RUN})")


def with_unit(sentence: str, span: str, units: re.Pattern[str]) -> str:
    """The figure with the unit the sentence writes after it ("310" -> "310 metres"), where
    that unit is one asked for; the figure as it is otherwise."""
    written = re.search(rf"(?<![\w.,]){re.escape(span)}(?![\w]|[.,]\d)", sentence)
    if written is None:  # (the figure as a whole: "2" is not the "2" of "12 m")
        return span
    at = written.start()
    rest = sentence[at + len(span) : at + len(span) + 30]
    gap = len(rest) - len(rest.lstrip(" -"))
    unit = units.match(rest[gap:])
    if not (unit and gap and unit.group(0)):
        return span
    return sentence[at : at + len(span) + gap + unit.end()]  # as written: "1,900-mile"


def measured_stuff(question: str) -> str:
    """The stuff a "How much X ...?" question measures ("methamphetamine", "vapour"), where X
    is no sum of money (lexicon.MONEY_NOUNS) and nothing else in the question asks for one
    ("How much did the water cost?"); "" otherwise."""
    at = question.lower().find("how much")
    noun = measured_noun(question[at:]) if at >= 0 else ""
    if not noun or noun in lexicon.MONEY_NOUNS or noun in lexicon.NOT_MEASURED:
        return ""
    money_words = [w.lower() for w in MONEY_QUESTION.findall(question)]
    return noun if all(w == "how much" for w in money_words) else ""


def _measured(sentence: str, candidate: Candidate, stuff: str) -> bool:
    """A figure in units of weight, volume or length ("2,300 tons"), or a sum of money spent on
    the stuff itself ("$2 million worth of cocaine", "$40 of fuel"): not a bail or a price of
    something else that the sentence also writes."""
    after = sentence[candidate.start + len(candidate.text) :]
    if _MEASURE_AFTER.match(after) or _UNIT_AFTER.match(after):
        return True
    of = re.match(r"[\s-]*(?:\w+\s+){0,2}?(?:of|in)\s+((?:[\w-]+\s+){0,2}[\w-]+)", after)
    written = of is not None and any(w.startswith(stuff[:5]) for w in of.group(1).lower().split())
    return bool(CURRENCY_SIGN.search(candidate.text)) and written


_UNIT_AFTER = re.compile(
    rf"[\s-]*(?:(?:and[\s-]a[\s-])?half[\s-]+)?(?:{'|'.join(lexicon.DURATION_UNITS)})(?:e?s)?\b",
    re.IGNORECASE,
)
_MEASURE_AFTER = re.compile(
    rf"[\s-]*(?:metric\s+)?(?:{'|'.join(lexicon.MEASURE_UNITS)})(?:e?s)?\b", re.IGNORECASE
)
_REPEAT_AFTER = re.compile(rf"[\s-]*(?:{'|'.join(lexicon.REPETITION_UNITS)})s?\b", re.IGNORECASE)
_AGE_BEFORE = re.compile(r"(?:\bag(?:e|ed)|\bage of|,)\s*$", re.IGNORECASE)
_AGE_AFTER = re.compile(r"^(?:[- ]years?[- ]old|[- ]year-old|,|\))", re.IGNORECASE)


def _counts_units(question: str, sentence: str, candidate: Candidate) -> bool:
    """Whether a number counts units of time or length ("for 17 nights") or occurrences ("four
    rounds of outages") where the question counts something else ("How many flybys ...?")."""
    asked = re.search(r"\bhow many\s+([a-z]+)", question, re.IGNORECASE)
    if asked is None:
        return False
    noun = asked.group(1).lower()
    units = (_UNIT_AFTER, _MEASURE_AFTER, _REPEAT_AFTER)
    if any(unit.fullmatch(f" {noun}") for unit in units):
        return False  # "How many years ...?" is answered in years
    after = sentence[candidate.start + len(candidate.text) :]
    if any(unit.match(after) for unit in units):
        return True
    asked_type = _count_type(question[asked.start(1) :])  # "people", "new vehicles"
    counted_type = _count_type(after)
    return bool(asked_type and counted_type and asked_type != counted_type)


def same_things(asked: str, counted: str) -> bool:
    """Whether a figure's noun counts the things asked: a form of the same word ("county" for
    "counties") or a noun of the same kind (lexicon.NOUN_TYPES: "cars" for "vehicles")."""
    if noun_near(asked, counted):
        return True
    kind = _count_type(asked)
    return bool(kind) and kind == _count_type(counted)


def _count_type(text: str) -> str:
    """The kind (lexicon.NOUN_TYPES) of the next two words, after the names that qualify them
    ("United States service members", "Western hostages"): "cities" a place, "new cars" a
    product, "people" a person; of a singular and a plural that both have one, the plural, the
    head of a compound ("service members" are people; not "cities host"); no word past a comma
    ("40 cars, officials said"); "" where neither has a kind."""
    words = re.findall(r"[A-Za-z]+", re.split(r"[,;:.()]", text, maxsplit=1)[0])
    named = next((i for i, word in enumerate(words[:3]) if not word[0].isupper()), 3)
    pair = words[named : named + 2]
    kinds = [_noun_type(word.lower()) for word in pair]
    compound = len(pair) == 2 and not pair[0].endswith("s") and pair[1].endswith("s")
    return kinds[1] if compound and all(kinds) else next(filter(None, kinds), "")


def _noun_type(word: str) -> str:
    """The kind (lexicon.NOUN_TYPES) of one lower-case word or its singular; "" if none."""
    for form in (word, word.removesuffix("s"), word.removesuffix("ies") + "y"):
        kind = next((kind for nouns, kind in lexicon.NOUN_TYPES if form in nouns), "")
        if kind:
            return kind
    return ""


def _written_as_age(sentence: str, candidate: Candidate) -> bool:
    """ "aged 54", "age 54", "54 years old", "a 54-year-old" or "Marchetti, 54," (news style):
    not "three galleries" in an article that names the person asked about."""
    before = sentence[: candidate.start]
    after = sentence[candidate.start + len(candidate.text) :]
    if before.rstrip().endswith(",") and not re.match(r"\s*[,–—]", after):  # "Braun, 38 –"
        return bool(re.match(r"[- ]years?[- ]old", after, re.IGNORECASE))
    return bool(_AGE_BEFORE.search(before) or _AGE_AFTER.match(after))


def _age_of_another(question: str, sentence: str, candidate: Candidate) -> bool:
    """Whether an age written after a name ("Swift, 29,") is the age of someone the question
    does not name, where it names someone ("How old is Scooter Braun?")."""
    named = _age_asked_of(question)
    before = re.search(r"\b([A-Z][\w'’-]+)\s*,\s*$", sentence[: candidate.start])
    return before is not None and bool(named) and before.group(1).lower() not in named


def age_of_asked(question: str, sentence: str, span: str) -> bool:
    """Whether `span` is an age the sentence writes right after a word of the name a "How old
    is NAME?" question asks about ("Parise, 35," for "How old is Zach Parise?"): it is that
    person's age however little else of the sentence matches the question."""
    named = _age_asked_of(question)
    for m in re.finditer(re.escape(span), sentence):
        before = re.search(r"\b([A-Z][\w'’-]+)\s*,\s*$", sentence[: m.start()])
        if named and before is not None and before.group(1).lower() in named:
            return True
    return False


def _age_asked_of(question: str) -> set[str]:
    """The words of the name a "How old is NAME?" question asks about (lower case), or none."""
    asked = re.match(
        r"\s*(?i:how\s+old\s+(?:is|was|were|are))\s+((?:[A-Z][\w'’.-]*\s*)+)", question
    ) or re.search(  # "What is Owen Talbot's age?", "the age of Owen Talbot"
        r"((?:[A-Z][\w'’.-]*\s+)*[A-Z][\w.-]*)['’]s\s+age\b|\bage\s+of\s+((?:[A-Z][\w'’.-]*\s*)+)",
        question,
    )
    if not asked:
        return set()
    name = next(g for g in asked.groups() if g)
    return {w.lower() for w in name.split()}


def has_answer_of_kind(
    question: str, kind: str, sentences: Sequence[str], dated: Sequence[str] = ()
) -> bool:
    """Whether the evidence holds anything of the sort asked for (see `fits`; `dated` gives
    each sentence's publication date): an amount for a money question, a date for a "when"
    question; without one the articles do not answer it."""
    if kind not in ("quantity", "date", "score"):
        return True
    return any(
        fits(question, kind, c, dated[i] if i < len(dated) else "", s)
        for i, s in enumerate(sentences)
        for c in candidates(s, kind)
    )


@functools.lru_cache(maxsize=CANDIDATE_CACHE)
def candidates(sentence: str, kind: str) -> tuple[Candidate, ...]:
    """The spans of `kind` in a text (a pure function of both: cached, since every question
    re-reads the same retrieved passages)."""
    return tuple(_candidates(sentence, kind))


def _candidates(sentence: str, kind: str) -> list[Candidate]:
    found: list[Candidate] = []
    if kind == "date":
        taken: list[tuple[int, int]] = []
        for pattern in _DATES:
            for m in pattern.finditer(sentence):
                if any(s <= m.start() and m.end() <= e for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                key, weight = _date_key(m)
                found.append(Candidate(m.group(0), m.start(), key, weight))
    elif kind == "quantity":
        dates = [(d.start, d.start + len(d.text)) for d in candidates(sentence, "date")]
        for m in _QUANTITY.finditer(sentence):
            text = m.group(0).strip().rstrip(",")  # "in 2024, the": no comma
            if re.fullmatch(r"(?:1[89]\d\d|20\d\d)", text):
                continue
            if any(s <= m.start() < e for s, e in dates):
                continue  # the day of "March 12, 2024" counts nothing
            if _SCORE.fullmatch(text) and _in_score(sentence, m.start(), m.start() + len(text)):
                continue  # a side of "won 5-4" or "a 2-1 lead" counts nothing asked
            weight = 1.5 if _UNIT.search(text) else 0.6
            found.append(Candidate(text, m.start(), text.lower(), weight))
        for m in _NUMBER_WORDS.finditer(sentence):
            if not _FRACTION.match(sentence, m.start()):
                found.append(Candidate(m.group(0), m.start(), m.group(0).lower(), 1.0))
        for m in _FRACTION.finditer(sentence):
            found.append(Candidate(m.group(0), m.start(), m.group(0).lower(), 1.0))
    elif kind == "score":
        for m in _SCORE_SPAN.finditer(sentence):
            text = m.group(0)
            after = sentence[m.end() :]
            if not (  # "10-15 percent", "2-3 years", "aged 5-11", "11-19 March": ranges
                re.match(r"\s?(?:%|percent|per cent)", after)
                or _UNIT_AFTER.match(after)
                or _MEASURE_AFTER.match(after)
                or _NOT_A_SCORE.match(after)
                or _AGES_BEFORE.search(sentence, 0, m.start())
            ):
                found.append(Candidate(text, m.start(), re.sub(r"\s+", " ", text), 1.0))
    elif kind == "entity":
        for m in _NAME.finditer(sentence):
            # "SpaceX's Dragon" holds two names; "Musk-linked" is no name at all
            position = m.start()
            pieces = _NAME_BREAK.split(m.group(0))
            for n, piece in enumerate(pieces):
                piece_start = sentence.find(piece, position)
                position = piece_start + len(piece)
                name = _clean_name(piece)
                split_off = n + 1 < len(pieces)  # "Prime" of "Prime Minister Boris Johnson"
                if (
                    name
                    and not re.search(r"-[a-z]", name)
                    and not (split_off and _title_only(name))
                ):
                    start = piece_start + piece.find(name.split()[0])
                    found.append(Candidate(name, start, name.lower(), _name_weight(name)))
    return found


_SCORE = re.compile(r"\d{1,2}")
_SCORE_PAIR = re.compile(r"(?<![\w.,$€£¥])\d{1,2}[-–]\d{1,2}(?![\w%]|[.,]\d)")


# A whole score ("6-4, 6-3", "2–1"), not a range of ages or days ("aged 5-11", "11-19 March").
_SCORE_SPAN = re.compile(
    r"(?<![\w.,$€£¥/-])\d{1,3}[-–]\d{1,3}(?:,\s\d{1,2}[-–]\d{1,2})*(?![\w%/-]|[.,]\d)"
)
_NOT_A_SCORE = re.compile(rf"\s+(?:{'|'.join(lexicon.MONTHS)})\b")
_AGES_BEFORE = re.compile(r"\b(?:aged?|ages|between|from|grades?)\s+$", re.IGNORECASE)
_ASKS_SCORE = re.compile(
    r"\bby\s+what\s+score\b|\bfinal\s+score\b|\bscoreline\b"
    r"|\bwhat\s+(?:was|is|were)\s+the\s+score\s+(?:of|in|when)\b(?=.*\b(?:beat|won|win|lost|loss"
    r"|defeat\w*|match|game|tie|final|derby|victory|draw)\b)",
    re.IGNORECASE,
)


def asks_score(question: str) -> bool:
    """Whether the question asks for the score of a match ("By what score did ... win?", "What
    was the final score of ...?"); not a test score or a rating."""
    return bool(_ASKS_SCORE.search(question))


def _in_score(sentence: str, start: int, end: int) -> bool:
    """Whether the number at start:end is one side of a score ("5-4", "a 2–1 win"): a pair of
    small numbers joined by a dash, not followed by a unit ("10-15 percent", "2-3 years" are
    ranges)."""
    for m in _SCORE_PAIR.finditer(sentence, max(0, start - 3), min(len(sentence), end + 3)):
        if m.start() <= start and end <= m.end():
            after = sentence[m.end() :]
            return not (
                re.match(r"\s?(?:%|percent|per cent)", after)
                or _UNIT_AFTER.match(after)
                or _MEASURE_AFTER.match(after)
            )
    return False


_TITLE_ONLY = lexicon.TITLE_WORDS | {t.lower() for t in lexicon.NAME_BREAK_TITLES}


def title_before(sentence: str, start: int) -> tuple[str, ...]:
    """The title words written right before a name ("Prime Minister" in "Prime Minister Boris
    Johnson", "press secretary" in "press secretary Stephanie Grisham"), lower case; () where
    there is none."""
    words = sentence[max(0, start - 60) : start].split()
    title: list[str] = []
    while words and not words[-1].endswith(","):  # "Speaking at home, Smith said": no title
        word = words[-1].lower().strip(".")
        if word in ("of", "for") and title and len(words) > 1:
            if words[-2].lower().strip(".") not in _TITLE_ONLY:
                break
            words.pop()  # "Secretary of State Mike Pompeo"
            continue
        if word not in _TITLE_ONLY:
            break
        title.insert(0, words.pop().lower().strip("."))
    return tuple(title)


def _title_only(name: str) -> bool:
    """Whether a capitalised run is a title and no name ("Prime" of "Prime Minister Boris
    Johnson", "Foreign Secretary")."""
    return all(w.lower().strip(".") in _TITLE_ONLY for w in name.split())


def _name_weight(name: str) -> float:
    """Events and awards are rarely what "who"/"which" asks for; full names usually are."""
    words = name.split()
    if any(w.lower() in lexicon.NOT_ANSWERS for w in words):
        return 0.3
    return 1.0 if len(words) > 1 else 0.7


def _clean_name(name: str) -> str:
    words = name.replace("’", "'").split()
    while words and (
        words[0].lower().strip(".") in lexicon.LEADING_WORDS
        or (len(words) > 1 and words[0].lower() in lexicon.NUMBER_WORDS)
    ):
        words = words[1:]  # "Two United States service members": no "Two" in the name
    while len(words) > 1 and (
        ROLE.fullmatch(words[0]) or words[0].lower() in lexicon.LEADING_WORDS | {"of"}
    ):
        words = words[1:]  # "CEO Niels B. Christiansen" is Niels B. Christiansen
    while words and words[-1].lower() in lexicon.NAME_TRAILING_WORDS:
        words = words[:-1]
    if words and words[-1].endswith("'s"):
        words[-1] = words[-1][:-2]
    if not words or all(w.lower().strip(".") in _MONTH_NAMES for w in words):
        return ""
    return " ".join(words).strip(" .")


def in_question(span: str, question_words: set[str]) -> bool:
    """Whether the question writes every word of the span; an initial it lacks does not make
    another name ("Ada W. Marsh" for "Who is Ada Marsh's lawyer?")."""
    words = [w for w in _span_words(span) if len(w) > 1] or _span_words(span)
    return bool(words) and all(w in question_words for w in words)


@functools.lru_cache(maxsize=CANDIDATE_CACHE)
def _span_words(span: str) -> tuple[str, ...]:
    return tuple(w for w in re.findall(r"\w+", span.lower()) if w not in STOPWORDS)


ROLE = re.compile(f"(?:{'|'.join(lexicon.ROLE_TITLES)})", re.IGNORECASE)


def answer_type(wh: str, question: str) -> str:
    """What an entity question asks for, as a key of `lexicon.ANSWER_LABELS` ("person", "role",
    "org", "place", ...), or "" when the question does not say (every candidate then counts
    alike)."""
    noun = head_noun(question)
    noun = noun if noun in _TYPED_NOUNS or not noun.endswith("s") else noun[:-1]
    typed = next((kind for nouns, kind in lexicon.NOUN_TYPES if noun in nouns), "")
    if typed == "person" and (noun in lexicon.PEOPLE_ONLY_NOUNS or _NAMES_OF.match(question)):
        typed = "role"  # "Who is the judge ...?", "What are the names of the players?": people
    if wh in ("who", "whom", "whose"):
        return typed if typed in ("person", "role", "org") else "person"
    if wh == "where":
        return "place"
    return typed if wh in ("which", "what") else ""


_NAMES_OF = re.compile(rf"\s*what\s+(?:{AUX_WORDS})\s+(?:the\s+)?names\s+of\b", re.IGNORECASE)
_TYPED_NOUNS = frozenset().union(*(nouns for nouns, _ in lexicon.NOUN_TYPES))


def label_of(start: int, end: int, labels: Sequence[tuple[int, int, str]]) -> str:
    """The label of the tagged entity that overlaps the span most ("" when none does)."""
    best, label = 0, ""
    for s, e, name in labels:
        overlap = min(end, e) - max(start, s)
        if overlap > best:
            best, label = overlap, name
    return label


_SCORE_WORD = re.compile(r"\d{1,2}[-–]\d{1,2}")  # "4-2", not "737-800"


def tagged_candidates(
    sentence: str,
    labels: Sequence[tuple[int, int, str]],
    kind: str,
    found: Sequence[Candidate],
) -> list[Candidate]:
    """Entities tagged with the asked type that the capitalisation rules missed or cut
    ("Rollin' Down the Valley Road", "de Blasio")."""
    weights = lexicon.ANSWER_LABELS.get(kind, {})
    out = []
    for start, end, label in labels:
        if weights.get(label, 0.0) < 1.0:
            continue
        words = sentence[start:end].split()
        while len(words) > 1 and words[0].islower() and words[0] not in lexicon.NAME_PARTICLES:
            words = words[1:]  # "using Caroline Ellison": the tagger took a verb in
        while len(words) > 1 and _SCORE_WORD.fullmatch(words[-1]):
            words = words[:-1]  # "Croatia 4-2": a team and the score, not a name
        name = _clean_name(" ".join(words))
        if not re.search(r"[^\W_a-z]", name):
            continue  # "apparel & event": no capital or digit, no name
        # where the cleaned name is written (curly apostrophes and line breaks as they are)
        written = re.compile(r"\s+".join(map(re.escape, name.split()))) if name else None
        match = written.search(sentence.replace("’", "'"), start) if written else None
        if match is None:
            continue
        at, text = match.start(), sentence[match.start() : match.end()]
        inside = [c for c in found if c.start < end and start < c.start + len(c.text)]
        if any(not _cut(c, at, text) for c in inside):
            continue  # the rules found this name (or another reading of these words)
        out.append(Candidate(text, at, name.lower(), _name_weight(name)))
    return out


def without_nationality(
    found: Sequence[Candidate], labels: Sequence[tuple[int, int, str]]
) -> list[Candidate]:
    """Names without the nationality the tagger read before them ("American Kevin King" is
    Kevin King): an adjective describes the person, it is not part of the name."""
    out = []
    for c in found:
        end = c.start + len(c.text)
        cut = next((e for s, e, label in labels if label == "NORP" and s == c.start < e < end), 0)
        rest = c.text[cut - c.start :].lstrip() if cut else ""
        if rest and rest[0].isupper():
            c = Candidate(rest, end - len(rest), rest.lower(), _name_weight(rest))
        out.append(c)
    return out


def _cut(c: Candidate, start: int, name: str) -> bool:
    """A one-word candidate that a longer tagged name holds ("Rollin" of "Rollin' Down the ...")."""
    return " " not in c.text and start <= c.start and len(c.text) < len(name)


def type_weight(labels: set[str], kind: str, person: bool = False, lone: bool = False) -> float:
    """How much a name counts as an answer of type `kind`, by the best of the labels its mentions
    were tagged with (`person`: it is the surname of a name tagged PERSON; `lone`: one word)."""
    weights = lexicon.ANSWER_LABELS.get(kind)
    if not weights:
        return 1.0
    if person:
        labels = labels | {"PERSON"}
    if not labels:  # a lone word no tagger saw as a person ("ChatGPT") names no one
        return 0.0 if kind == "role" and lone else lexicon.UNTAGGED
    if kind == "role" and "PERSON" not in labels:
        return 0.0  # "Who is the judge ...?": a court, a city or a firm never answers
    return max(weights.get(label, lexicon.UNLISTED) for label in labels)


def _named_noun(phrase: str) -> str:
    """The noun ending the phrase a "name of" names: past articles and possessives, up to a
    function word or a participle ("the man who ...", "the chatbot developed by ...")."""
    kept: list[str] = []
    for word in re.findall(r"[\w'’-]+", phrase):
        lower = word.lower()
        if not kept and (
            lower in ("the", "a", "an")
            or lower in lexicon.NUMBER_WORDS
            or lower.endswith(("'s", "’s"))
        ):
            continue
        if lower in STOPWORDS or re.fullmatch(AUX_WORDS, lower) or (kept and lower.endswith("ed")):
            break
        kept.append(lower)
    return kept[-1] if kept else ""


def head_noun(question: str) -> str:
    """The noun a question asks about: "Which SpaceX capsule is ..." -> "capsule", "Who was the
    runner-up of ..." -> "runner-up", "Who was the Canadian freed ..." -> "canadian"; after a
    lead-in ("Considering the story on X, who is the chief executive of ...?")."""
    question = question[after_lead_in(question) :]
    role = re.match(
        rf"\s*who\s+(?:{AUX_WORDS})\s+(?:the\s+|an?\s+)?((?:[\w'’-]+\s+){{0,2}}?[\w'’-]+)"
        r"\s+(?:of|in|at|for|on|behind|from|who|that|(?-i:[a-z]+ed)\s+by)\b",
        question,
        re.IGNORECASE,
    )
    if role:
        return role.group(1).split()[-1].lower()
    named = re.match(
        rf"\s*what\s+(?:{AUX_WORDS})\s+(?:the\s+)?{_NAME_NOUN}\s+of\s+(.*)",
        question,
        re.IGNORECASE,
    )
    code = _CODENAME.match(question)
    if code:
        return "nickname" if "nick" in code["noun"].lower() else "codename"  # any kind of name
    if named:  # "What is the name of Corvane's new robot arm?" -> "arm"
        return _named_noun(named.group(1))
    noun = described_noun(question)  # "What is the average teacher salary in ...?" -> "salary"
    if noun in lexicon.QUANTITY_NOUNS or noun in _TYPED_NOUNS:
        return noun  # other nouns ("What is the reason for ...?") ask for a description
    match = re.search(r"\b(?:which|what)\s+(.*)", question, re.IGNORECASE)
    if not match:
        return ""
    words: list[str] = []
    end = ""  # what ended the noun phrase: an auxiliary or comma, a preposition, or nothing
    for word in re.findall(r"[\w'’-]+|,", match.group(1))[:5]:
        if word == "," or re.fullmatch(AUX_WORDS, word.lower()):  # "Which AI tool, ..."
            end = "aux"
            break
        if word in lexicon.HEAD_NOUN_ENDS:  # "Which firms bid for ...", "At which college in"
            end = "preposition"
            break
        words.append(word)
    words = words[:4]
    # a capitalised word is part of a name ("West Bank"), not the kind of thing asked for
    typed = [
        i for i, w in enumerate(words) if w in _TYPED_NOUNS or w.removesuffix("s") in _TYPED_NOUNS
    ]
    if typed:  # "Which Minnesota ad agency made ...", "Which firm agreed to take on ...": typed;
        following = words[typed[0] + 1 : typed[0] + 2]
        if len(typed) > 1 or (following and following[0].isalpha() and following[0].islower()):
            determined = _determined_noun(question)  # a compound's head is its last noun
            if determined in _TYPED_NOUNS:  # ("Which government minister", "Which student
                return determined  # loan company"), as the parse reads it, not "Which
        return words[typed[0]]  # country hosts ..."'s verb
    determined = _determined_noun(question)  # "Which US diplomat said he ...": the parse's
    if determined:
        return determined
    if end == "aux":  # "Which settlement bloc did ...": the noun phrase ends before "did"
        return words[-1].lower() if words else ""
    if not words or words[0].lower() in STOPWORDS or verb_follows(question):
        return ""  # "What won the Oscar for ...?" asks for no kind of thing
    return words[0].lower()


def verb_follows(question: str) -> bool:
    """Whether "which" or "what" is followed by a verb in the past tense in the question's parse
    ("What won ...?", "What caused ...?")."""
    from ingest.entities import default_tagger
    from qa.clauses import parsed

    doc = parsed(default_tagger().nlp, question)
    for token in doc:
        if token.lower_ in ("which", "what") and token.i + 1 < len(doc):
            return doc[token.i + 1].tag_ == "VBD"  # "won", "caused"; not "deals" read as a verb
    return False


def _determined_noun(question: str) -> str:
    """The noun "which" or "what" determines in the question's parse ("diplomat" in "Which US
    diplomat said he ...?"), lower case; "" where there is none."""
    from ingest.entities import default_tagger  # the question's own parse (qa.clauses)
    from qa.clauses import parsed

    for token in parsed(default_tagger().nlp, question):
        if token.lower_ in ("which", "what") and token.dep_ == "det":
            return token.head.lower_ if token.head.pos_ in ("NOUN", "PROPN") else ""
    return ""
