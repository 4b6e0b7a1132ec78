"""The key constraints of a question, and whether an article meets them (pure functions).

A passage about the right topic does not answer a question that names a year, a person, an
organisation, an award or a product its article never mentions ("Who won the 2025 regatta?"
against an article on the 2024 one; "What did Halden earn?" against one on Corvane's results):
such evidence cannot support an answer, however similar it reads.

Names are the question's own named entities (its parse, `ingest.entities`), not capitalised runs:
capitalised runs also catch sentence starts and paraphrased titles, and held to them the dev
splits lost correct answers. A name is met when the article writes its distinctive words (its
surname, for a person), each allowing a plural, one typo in words of six letters or more and
another ending in words of seven (a light stem: "Argentina" is met by "Argentine"); generic words
of names ("Group", "Prize", "the") are not required, and outlets are checked elsewhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ingest.terms import STOPWORDS
from qa import lexicon
from qa.query import after_lead_in, named_editions, qualifier_phrases, qualifiers

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_WORD = re.compile(r"\w+")
# A year naming an edition of something: "the 2019 Halden Open", "2024 World Cup"; not a year
# said in passing ("a record set in 2019").
_EDITION = re.compile(r"\b(1[89]\d\d|20\d\d)\s+(?=[^\W\d_a-z])")
# A quarter or fiscal year of a year ("Q2 2020", "the second quarter of 2020", "fiscal 2020"):
# a sentence about that period is not about another year's.
_PERIOD = re.compile(
    r"\b(?:Q[1-4]|(?:first|second|third|fourth)[- ]quarter(?:\s+of)?|fiscal(?:\s+year)?|FY)"
    r"\s*'?(?:1[89]\d\d|20\d\d)\b",
    re.IGNORECASE,
)
_HYPHENATED = re.compile(r"\w+(?:-\w+)+")
_CAPITALISED = re.compile(r"\b[^\W\d_a-z][\w'’]*(?:-\w+)*")  # a surname is written capitalised
_NAME_WORD = re.compile(r"\w+(?:['-]\w+)*")  # "bankman-fried", "o'brien"
# A title or model ending in a number ("Destiny 2", "Apollo 11", "Red Dead Redemption 2"), after
# the question's first word: the tagger reads the number alone. No share or decimal.
_NUMBERED_NAME = re.compile(
    r"(?<=\s)(?:[^\W\d_a-z][\w'’.-]*(?<!'s)(?<!’s)\s+)+\d{1,4}\b"
    r"(?![.,]\d|\s*(?:%|percent)|\s+[a-z]+s\b)"  # no share, no count ("Verlo 3 times")
)
# A model or product code: letters and digits with a capital ("VX-411", "A380", "COVID-19"),
# three characters at least ("Q3" is often written "third quarter"). NER rarely tags these, and
# no article about another product writes them.
_CODE = re.compile(r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[A-Z])[A-Za-z\d]+(?:-[A-Za-z\d]+)*(?![\w-])")


# An event's or an award's name the tagger may miss: capitalised words ending in an event noun
# ("the Port Ellery Marathon"); a year before it is not part of the name.
_EVENT_NAME = re.compile(
    r"(?:\b[^\W\d_a-z][\w'’.-]*\s+)+(?:"
    + "|".join(w.capitalize() for w in sorted(lexicon.EVENT_HEADS))
    + r")\b"
)
# The model words that end a product's name ("Pixel 6 Pro", "iPhone 13 Mini"; lexicon).
_VARIANTS = "|".join(lexicon.MODEL_VARIANTS)
# Words of titles ("Secretary of State", "President"): a run of only these names no one.
_TITLE_WORDS = (
    lexicon.TITLE_WORDS
    | {t.lower() for t in lexicon.NAME_BREAK_TITLES}
    | {t.lower() for t in lexicon.ROLE_TITLES}
)
# A capitalised name joined by a particle ("Tour de France", "Teacher of the Year") that the
# tagger missed: a name too.
_PARTICLED_NAME = re.compile(
    r"\b(?-i:[A-Z][\w'’.-]*\s+)+(?:de|du|des|of|of\s+the|for|del|di|la|le)"
    r"(?:\s+(?-i:[A-Z][\w'’.-]*))+"
)


@dataclass(frozen=True)
class Name:
    text: str
    label: str
    words: tuple[str, ...]  # the folded words an article must write


@dataclass(frozen=True)
class Edition:
    noun: str  # the series ("season", "bowl"), as qa.query.qualifiers reads it
    number: int
    text: str  # as the question writes it
    named: bool  # a title's number or a season's ordinal: an article on it writes it


@dataclass(frozen=True)
class Constraints:
    years: tuple[str, ...] = ()
    names: tuple[Name, ...] = ()
    measured: str = ""  # what "How much X ...?" measures ("compensation"), folded
    dated: tuple[str, ...] = ()  # words after a year of the question ("2020 re-election campaign")
    quarters: tuple[int, ...] = ()  # the quarters of a year it names ("the second quarter", "Q2")
    months: tuple[int, ...] = ()  # the months it asks about as a period ("sales in August")
    counts: tuple[tuple[str, str], ...] = ()  # numbers it gives of things ("31", "points")
    editions: tuple[Edition, ...] = ()  # members of a series: "the sixth season", "Super Bowl LVII"

    def __bool__(self) -> bool:
        return bool(
            self.years
            or self.names
            or self.measured
            or self.quarters
            or self.months
            or self.counts
            or self.editions
        )


def fold(text: str) -> str:
    """Lower case without accents, possessives or dots: "Chloé's" -> "chloe", "U.S." -> "us"."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'").replace(".", ""))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"'s\b", "", plain)


def name_words(text: str, label: str) -> tuple[str, ...]:
    """The words of a name an article must write: a person's given names and surname (only the
    surname where the name has an initial); otherwise every word that is not a generic part of
    names. A tagger that reads "MacBook Pro" as a person is then not met by "Stadia Pro"."""
    names = [w for w in _NAME_WORD.findall(fold(text)) if w not in lexicon.NAME_SUFFIXES]
    surname = names[-1:]
    if label == "PERSON" and surname and _lettered(surname[0]):  # "Harte-Lindqvist": one word
        return tuple(names) if all(_lettered(w) for w in names) else tuple(surname)
    words = [w for w in _WORD.findall(fold(text)) if w not in STOPWORDS]
    kinds = lexicon.KIND_NAME_WORDS if label in ("EVENT", "WORK_OF_ART") else frozenset()
    kept = [
        w for w in words if (w in kinds or w not in lexicon.GENERIC_NAME_WORDS) and not w.isdigit()
    ]
    return tuple(w for w in kept if len(w) > 1)


def key_constraints(
    question: str,
    entities: Iterable[tuple[str, str]] = (),
    outlets: Sequence[str] = (),
) -> Constraints:
    """The years a supporting article must mention, and the names among `entities` (text,
    label pairs from the question's parse) that are not outlets."""
    entities = list(entities)
    folded_outlets = [fold(o) for o in outlets]
    names = []
    for text, label in entities:
        if label == "NORP":  # "the Iranian protests": an article on them writes Iran(ian)
            stem = fold(text)[: lexicon.NATIONALITY_STEM]
            plain = fold(text) not in lexicon.NATIONALITIES_WRITTEN_MANY_WAYS
            if text[:1].isupper() and stem.isalpha() and plain:  # not "anti-meth"
                names.append(Name(text, label, (stem,)))
            continue
        if label not in lexicon.CONSTRAINT_LABELS:
            continue
        folded = fold(text).split()
        if len(folded) > 1 and folded[-1] in lexicon.AWARD_HEADS:
            label = "EVENT"  # "the Heisler Trophy", whatever the tagger made of it
        if any(_holds_words(fold(text), o) for o in folded_outlets if o):
            continue  # "the Reuters report": outlets are checked against the store's sources
        text = _with_variant(text, question)  # "Pixel 6 Pro", where the tagger read "Pixel 6"
        words = name_words(text, label)
        if words:
            names.append(Name(text, label, words))
    tagged = [text for text, label in entities if label in lexicon.CONSTRAINT_LABELS]
    every = [text for text, _ in entities]
    for run in _EVENT_NAME.finditer(question):
        text = run.group(0)
        if run.start() == 0 or any(text in t or t in text for t in tagged):
            continue
        words = name_words(text, "EVENT")
        if len(words) > 1:  # "the Valley Cup": "valley" and "cup"; never the head alone
            names.append(Name(text, "EVENT", words))
    for run in _PARTICLED_NAME.finditer(question):  # "the Tour de France", untagged
        text = run.group(0)
        if run.start() == 0 or any(text in t or t in text for t in tagged):
            continue
        words = name_words(text, "EVENT")
        if len(words) > 1 and not set(words) & _TITLE_WORDS:  # not "Chief of Staff"
            names.append(Name(text, "EVENT", words))
    for run in _NUMBERED_NAME.finditer(question):  # "Destiny 2", untagged
        text = _with_variant(run.group(0), question)
        words = name_words(text, "PRODUCT")
        if _YEAR.fullmatch(text.split()[-1]) or _dated(words):
            continue  # "Q3 2019", "March 5"
        if set(words) & lexicon.SERIES_WORDS or any(text.split()[0] in t for t in every):
            continue  # "Week 12", "Round 3": a part of a series, or a name the tagger read
        if words and not any(text in t or t in text for t in tagged):
            names.append(Name(text, "PRODUCT", words))
    for code in _CODE.findall(question):
        if len(code.replace("-", "")) >= 3 and not _YEAR.fullmatch(code):
            names.append(Name(code, "CODE", (fold(code),)))
    years = tuple(dict.fromkeys(_YEAR.findall(question)))
    dated = tuple(
        w
        for m in _YEAR_THEN.finditer(fold(question))
        for w in m.group(2).split()
        if w not in STOPWORDS and len(w) > 3
    )
    measured = measured_noun(question)
    return Constraints(
        years,
        tuple(dict.fromkeys(names)),
        measured,
        dated,
        quarters_of(question),
        months_of(question),
        counts_of(question),
        editions_of(question, [text for text, label in entities if label == "PERSON"]),
    )


_QUARTER = re.compile(
    r"\b(?:(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter|Q(?P<n>[1-4]))\b",
    re.IGNORECASE,
)
_QUARTER_NUMBERS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_QUARTER_NAMES = [f"the {w} quarter" for w in _QUARTER_NUMBERS]


_CARDINALS = {  # "three goals"; not "second half", "twice"
    w: v
    for w, v in lexicon.NUMBER_VALUES.items()
    if w.isalpha()
    and not w.endswith("th")
    and w not in ("first", "second", "third", "twice", "once")
}
_NUMBER_WORD = "|".join(_CARDINALS)
_COUNT = re.compile(rf"(?<![\w.,$€£-])(\d[\d,]*(?:\.\d+)?|(?i:{_NUMBER_WORD}))\s+([a-z]+)\b")
_MONTH_BEFORE = re.compile(rf"\b(?:{'|'.join(lexicon.MONTHS)})\.?\s+$")
# A number that ends a name ("Destiny 2", "Apollo 11", "Boeing 787"): after a capitalised word
# that opens no sentence and is no possessive ("Halden's 3 goals" counts goals).
_NAME_BEFORE = re.compile(r"(?<![.?!]\s)(?<!^)\b[^\W\d_a-z][\w'’.-]*(?<!'s)(?<!’s)\s+$")


def counts_of(text: str) -> tuple[tuple[str, str], ...]:
    """The numbers a text gives of things ("31 points" -> ("31", "point"), "three goals" ->
    ("3", "goal")); years and days ("March 5 primary") left out."""
    return tuple(
        dict.fromkeys(
            (_number_value(m.group(1)), _singular(m.group(2)))
            for m in _COUNT.finditer(text)
            if m.group(2) not in STOPWORDS
            and not _YEAR.fullmatch(m.group(1))
            and not _MONTH_BEFORE.search(text, 0, m.start())
            and not (  # "its Boeing 787 deal", "Destiny 2 run"; not "Halden 3 players"
                _NAME_BEFORE.search(text, 0, m.start())
                and re.fullmatch(r"\d{1,4}", m.group(1))
                and not m.group(2).endswith("s")
            )
        )
    )


def _dated(words: Sequence[str]) -> bool:
    """Whether a name's words are a month's or a weekday's ("March 5", "Monday 3")."""
    return any(w.capitalize() in (*lexicon.MONTHS, *lexicon.WEEKDAYS) for w in words)


def _number_value(written: str) -> str:
    word = written.lower()
    return (
        str(lexicon.NUMBER_VALUES[word])
        if word in lexicon.NUMBER_VALUES
        else written.replace(",", "")
    )


def _singular(noun: str) -> str:
    """ "points" -> "point", "classes" -> "class", "counties" -> "county"; "loss" stays."""
    if noun.endswith("ss"):
        return noun
    if noun.endswith("ies"):
        return f"{noun[:-3]}y"
    if noun.endswith(("sses", "xes", "ches", "shes")):
        return noun[:-2]
    return noun.removesuffix("s")


def another_count(counts: Sequence[tuple[str, str]], text: str) -> bool:
    """Whether a text gives another number of a thing the question counts ("34 points" for
    "Who scored 31 points?") and not the asked one: it is about someone or something else."""
    if not counts:
        return False
    written = counts_of(text)
    return any(
        (number, noun) not in written and any(n != number and w == noun for n, w in written)
        for number, noun in counts
    )


def quarters_of(text: str, own: bool = False) -> tuple[int, ...]:
    """The quarters of a year a text names: "the second quarter", "third-quarter", "Q4"; with
    `own`, not those it compares with ("up from the first quarter")."""
    found = []
    for m in _QUARTER.finditer(text):
        if own and compared(text, m.start()):
            continue
        if m.group("n"):
            found.append(int(m.group("n")))
        elif m.group("ordinal")[0].isdigit():
            found.append(int(m.group("ordinal")[0]))
        else:
            found.append(_QUARTER_NUMBERS[m.group("ordinal").lower()])
    return tuple(dict.fromkeys(found))


def compared(text: str, at: int) -> bool:
    """Whether what the text writes at `at` is what something is compared with ("up from $3.6
    billion in fiscal 2020", "compared with the first quarter")."""
    return _COMPARED.search(text[max(0, at - 40) : at]) is not None


_COMPARED = re.compile(
    r"\b(?:from|compared\s+(?:with|to)|versus|vs\.?|than|against|over|since|after)\s+"
    r"(?:[\w$.,%-]+\s+){0,5}$",
    re.IGNORECASE,
)


def another_quarter(quarters: Sequence[int], text: str) -> bool:
    """Whether a text names a quarter of a year but none of the asked `quarters` ("third quarter
    ended Sept. 29" for a question on the second): its figures are that quarter's."""
    written = quarters_of(text)
    return bool(quarters and written) and not set(written) & set(quarters)


def editions_of(question: str, people: Sequence[str] = ()) -> tuple[Edition, ...]:
    """The members of a series the question asks about (qa.query.qualifiers), each marked
    named where a title's number or a season's ordinal writes it (qa.query.named_editions);
    not a number inside the name of one of `people` ("Queen Elizabeth II", "Brenn III")."""
    named = named_editions(question)
    return tuple(
        Edition(noun, number, _with_name(question, text), (noun, number) in named)
        for (noun, number), text in sorted(qualifier_phrases(question).items())
        if not any(text in person for person in people)
    )


def _with_name(question: str, phrase: str) -> str:
    """The phrase with the capitalised words around it ("Super Bowl LVII" for "Bowl LVII", "90th
    Academy Awards" for "90th Academy")."""
    at = question.find(phrase)
    if at < 0:
        return phrase
    before = re.search(r"(?:\b[A-Z][\w'’.-]*\s+)*$", question[:at])
    after = re.match(r"(?:\s+[A-Z][\w'’.-]*)*", question[at + len(phrase) :])
    words = (before.group(0) if before else "").split()
    while words and words[0].lower() in STOPWORDS:
        words = words[1:]  # "Is Skyrunner 2 ...?": "Skyrunner 2"
    return " ".join([*words, phrase]) + (after.group(0) if after else "")


def another_edition(editions: Sequence[Edition], text: str, title: str = "") -> bool:
    """Whether a text names another member of a series asked about and not the asked one ("The
    fourth season ..." for a question on the sixth, "Super Bowl LV" for Super Bowl LVII), and
    its title does not name the asked one either: what it says is that member's."""
    editions = [e for e in editions if e.named]  # not "the first round": rounds of what?
    if not editions:
        return False
    written = qualifiers(text)
    asked = {(e.noun, e.number) for e in editions}
    if written & asked or qualifiers(title) & asked:
        return False
    return any(noun in {e.noun for e in editions} for noun, _ in written)


def unwritten_editions(editions: Sequence[Edition], article_text: str) -> list[Edition]:
    """The named editions (Edition.named) an article does not write, in words or in figures
    ("Super Bowl 57" writes Super Bowl LVII)."""
    written = qualifiers(article_text)
    return [e for e in editions if e.named and (e.noun, e.number) not in written]


_MONTH_NAME = "|".join(lexicon.MONTHS)
_PERIOD_MONTH = re.compile(  # "in August", "during October 2019"; not "on August 12", "May's"
    rf"\b(?i:in|during|for|of|through)\s+({_MONTH_NAME})\b(?!\s+\d{{1,2}}\b)(?!['’]s)"
)
_MONTH_WRITTEN = re.compile(  # a month as a period: not "May 3" (a day), "may" or "May's"
    rf"\b(?:({_MONTH_NAME})\b|(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)(?!['’]s)"
    r"(?!\s+\d{1,2}\b)"
    r"|\b((?i:last|this|next))\s+(?i:month)\b"
)


def months_of(question: str) -> tuple[int, ...]:
    """The months a question asks about as a period ("How many cars were sold in August?")."""
    return tuple(
        dict.fromkeys(
            lexicon.MONTHS.index(m.group(1)) + 1 for m in _PERIOD_MONTH.finditer(question)
        )
    )


def another_month(months: Sequence[int], text: str, published_at: str = "") -> bool:
    """Whether a text names months, by name or relative to its date ("last month" in an article
    of November is October), but none of the asked `months`: its figures are another month's."""
    if not months:
        return False
    written: set[int] = set()
    for m in _MONTH_WRITTEN.finditer(text):
        if m.group(1):
            written.add(lexicon.MONTHS.index(m.group(1)) + 1)
        elif m.group(2):
            written.add([n[:3] for n in lexicon.MONTHS].index(m.group(2)[:3]) + 1)
        elif published_at[5:7].isdigit():
            step = {"last": -1, "this": 0, "next": 1}[m.group(3).lower()]
            written.add((int(published_at[5:7]) - 1 + step) % 12 + 1)
    return bool(written) and not written & set(months)


_YEAR_THEN = re.compile(r"\b(1[89]\d\d|20\d\d)\s+((?:[a-z][\w-]*\s+)?[a-z][\w-]*)")


_AUX = "|".join(lexicon.AUXILIARIES)
_HOW_MUCH = re.compile(
    rf"^\s*how\s+(?:much|(?:long|big|large|high|heavy|deep|wide)\s+an?)\s+"
    rf"((?:(?!(?:{_AUX})\b)[a-z]+\s+){{1,2}}?)(?:{_AUX})\b"
)


# "How many fans attended ...?", "How many close contacts of ... were ...?": the things are the
# subject, no auxiliary follows them; the first plural in the next three words names them
# (not "us" of "How many US troops ...?", nor a singular such as "bus", "crisis", "news")
_HOW_MANY_SUBJECT = re.compile(
    r"^\s*(?:about\s+|roughly\s+)?how\s+many\s+"
    r"((?:[a-z-]+\s+){0,2}?[a-z-]+s(?<!ss)(?<!us)(?<!is)(?<!news)(?<!gas))\b"
)
_HOW_MANY = re.compile(
    rf"^\s*(?:about\s+|roughly\s+|approximately\s+)?how\s+many\s+"
    rf"((?:(?!(?:{_AUX})\b)[a-z]+\s+){{1,3}}?)"
    rf"(?:of\s+(?:(?!(?:{_AUX})\b)[\w'’-]+\s+){{1,3}}?)?(?:{_AUX})\b"  # "doses of flu vaccine did"
)


# "Its report showed total revenue of how much?": the noun before "of how much" is measured.
_OF_HOW_MUCH = re.compile(r"\b([a-z]+)\s+of\s+(?:about\s+)?how\s+much\s*\??\s*$")


def _with_variant(name: str, question: str) -> str:
    """A model's name with the variant word the question writes after it ("Pixel 6" -> "Pixel 6
    Pro"; lexicon.MODEL_VARIANTS)."""
    at = question.find(name)
    variant = (
        re.match(rf"{re.escape(name)}\s+(?:{_VARIANTS})\b", question[at:]) if at >= 0 else None
    )
    return variant.group(0) if variant else name


def measured_noun(question: str) -> str:
    """The noun a "How much X ...?" or "How long a X ...?" question measures ("compensation",
    "prize money" -> "money", "How big a loan" -> "loan"), or "" where it measures plain money
    or nothing named (lexicon.PLAIN_MEASURES); the things a "How many X ...?" question counts
    ("counties"), unless they are people or units of time (lexicon.PLAIN_COUNTS), which
    articles count without naming ("30 were hurt", "for a decade")."""
    question = question[after_lead_in(question) :]  # "In the Ledger's report, how many ...?"
    counted = _HOW_MANY.match(question.lower()) or _HOW_MANY_SUBJECT.match(question.lower())
    if counted:
        noun = counted.group(1).split()[-1]
        plain = noun in lexicon.PLAIN_COUNTS or noun.removesuffix("s") in lexicon.DURATION_UNITS
        return "" if plain else noun
    trailing = _OF_HOW_MUCH.search(question.lower())  # "... showed revenue of how much?"
    if trailing:
        noun = trailing.group(1)
        plain = noun in lexicon.PLAIN_MEASURES or noun in lexicon.GENERIC_MEASURES
        return "" if plain else noun
    match = _HOW_MUCH.match(question.lower())
    if not match:
        noun = described_noun(question)  # "What is the average teacher salary in ...?"
        measured = noun in lexicon.QUANTITY_NOUNS and noun not in lexicon.GENERIC_MEASURES
        return noun if measured else ""
    noun = match.group(1).split()[-1]
    return "" if noun in lexicon.PLAIN_MEASURES else noun


# "Home Depot's", "the company's": who owns the measure of "What was Home Depot's revenue in ...?"
_POSSESSOR = r"(?-i:(?:[A-Z][\w.&-]*\s+){0,3}[A-Z][\w.&-]*)['’]s?"
_WHAT_IS_THE = re.compile(
    rf"\s*what\s+(?:{_AUX})\s+(?:the\s+|an?\s+|(?P<owner>{_POSSESSOR})\s+)?"
    rf"((?:[\w'’-]+\s+){{0,2}}?[\w'’-]+)"
    rf"\s+(?:{'|'.join(sorted(lexicon.HEAD_NOUN_ENDS))})\b",
    re.IGNORECASE,
)


def _what_is_the(question: str) -> re.Match[str] | None:
    """ "What is the X of ...?" at the question's start or after its lead-in."""
    return _WHAT_IS_THE.match(question) or _WHAT_IS_THE.match(question, after_lead_in(question))


def described_noun(question: str) -> str:
    """The noun of "What is the X of / in ...?" ("salary" of "What is the average teacher
    salary in Indiana?"), lower case; "" for other questions."""
    named = _what_is_the(question)
    return named.group(2).split()[-1].lower() if named else ""


def described_owner(question: str) -> tuple[Name, ...]:
    """What has the measure a "What is the X of Y?" question asks (lexicon.QUANTITY_NOUNS): the
    capitalised words of Y, as names ("Ganymede" in "What is the diameter of Jupiter's moon
    Ganymede?"); () for other questions. A figure whose clause is about another name ("Titan,
    with a diameter of 3,200 miles, ...") is not Y's."""
    named = _what_is_the(question)
    if named is None or named.group(2).split()[-1].lower() not in lexicon.QUANTITY_NOUNS:
        return ()
    runs = _CAPITALISED_RUN.findall(question[named.end() :])  # "Port Ellery": one name
    if named.group("owner"):  # "What was Home Depot's revenue in ...?"
        runs.insert(0, re.sub(r"['’]s?$", "", named.group("owner")))
    return tuple(Name(run, "ORG", words) for run in runs if (words := name_words(run, "ORG")))


_CAPITALISED_RUN = re.compile(r"\b[^\W\d_a-z][\w'’-]*(?:\s+[^\W\d_a-z][\w'’-]*)*")


_WITHHELD_VERB = "|".join(v.replace(" ", r"\s+") for v in lexicon.WITHHELD_VERBS)
_WITHHELD = re.compile(
    rf"\b(?P<noun>[a-z]+)\s+(?:has|have|had|was|were|is|are|remains?)\s+"
    rf"(?:not\s+(?:yet\s+)?(?:been\s+)?|yet\s+to\s+be\s+)(?:{_WITHHELD_VERB})\b"
    rf"|\bundisclosed\s+(?P<undisclosed>[a-z]+)"
    rf"|\b(?:did\s+not|didn't|declined\s+to|would\s+not|wouldn't|refused\s+to)\s+"
    rf"(?:disclose|reveal|confirm|announce|say)\s+(?:(?P<much>how\s+much)|(?:the|its|their|his|her)\s+"
    rf"(?:\w+\s+)?(?P<object>[a-z]+))"
    rf"|\b(?:(?:gave|give|gives|given|giving|provided|offered)\s+no|(?:did\s+not|didn't|would\s+not|"
    rf"wouldn't|declined\s+to|refused\s+to)\s+(?:give|provide|offer)(?:\s+any)?)\s+details?\s+"
    rf"(?:on|of|about|regarding)\s+(?:the\s+|its\s+|their\s+)?(?P<detail>[a-z]+)"
)


def withheld(question: str, sentence: str, money: bool) -> str:
    """What the sentence says has not been made known, where that is what the question asks
    ("US pricing has not been confirmed" for "What is the US price ...?"), or "". For a money
    question a word for the figure counts (lexicon.WITHHELD_MONEY_NOUNS: "terms", "sum");
    otherwise the withheld noun must be written in the question ("the buyer was not disclosed"
    for "Who is the buyer ...?"), as a common noun: "Kestrel is yet to be announced in Japan"
    withholds no price of the Kestrel)."""
    named = {fold(w) for w in _CAPITALISED.findall(question)}
    asked = set(_WORD.findall(fold(question))) - named
    for match in _WITHHELD.finditer(fold(sentence)):
        if match.group("much"):
            noun = "amount"
        else:
            noun = (
                match.group("noun")
                or match.group("undisclosed")
                or match.group("object")
                or match.group("detail")
            )
        if noun in STOPWORDS:
            continue
        if (money and noun in lexicon.WITHHELD_MONEY_NOUNS) or _written(noun, asked):
            return noun
    return ""


def noun_near(noun: str, nearby: str) -> bool:
    """Whether the text near a sentence writes the measured noun (or its plural, or a form
    sharing its first STEM_LETTERS letters: "compensated")."""
    return _written(noun, set(_WORD.findall(fold(nearby))))


def _holds_words(text: str, words: str) -> bool:
    """Whether `words` occur in `text` as whole words ("the reuters" holds "reuters"; "apple"
    does not hold "ap")."""
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text) is not None


def unmet(
    constraints: Constraints, article_text: str, published_at: str = "", surnames: bool = False
) -> list[str]:
    """The constraints the article (its title and text) does not meet: a year is met when the
    text names it or the article was published in it; a name when its words are written (a
    person's surname capitalised: "Weeks" is not met by "two weeks"; with `surnames`, a
    surname written alone is enough, as a snippet writes "Trump and Biden")."""
    said = relative_years(article_text, published_at)
    missing = [
        y
        for y in constraints.years
        if y not in article_text and y != published_at[:4] and y not in said
    ]
    if another_quarter(constraints.quarters, article_text):
        missing += [_QUARTER_NAMES[q - 1] for q in constraints.quarters]
    if constraints.names:
        folded = fold(article_text)
        written = set(_WORD.findall(folded)) | set(_HYPHENATED.findall(folded))
        capitalised = {fold(w) for w in _CAPITALISED.findall(article_text)}
        missing += [
            n.text
            for n in constraints.names
            if not (
                _person_written(n.words, capitalised)
                or (surnames and _surname_alone(n.words, article_text))
                if n.label == "PERSON"
                else any(w.startswith(n.words[0]) for w in capitalised)
                if n.label == "NORP"
                else _name_written(n.words, written, capitalised)
                or _spelt_out(n.text, article_text)
            )
        ]
    return missing


def _spelt_out(acronym: str, text: str) -> bool:
    """Whether the text writes the capitalised words an acronym stands for ("Customs and Border
    Protection" for CBP; "of", "and", "the", "for" left out of the letters)."""
    letters = acronym.replace(".", "")
    if not (2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()):
        return False
    for run in _SPELT.finditer(text):
        initials = "".join(w[0] for w in run.group(0).split() if w[0].isupper())
        if letters in initials:
            return True
    return False


_SPELT = re.compile(r"(?-i:[A-Z][\w'’-]*)(?:\s+(?:(?:and|of|the|for|&)\s+)?(?-i:[A-Z][\w'’-]*))+")


def _name_written(words: tuple[str, ...], written: set[str], capitalised: set[str]) -> bool:
    """Whether a name's words are written, or the name another way (lexicon.NAME_ALIASES:
    "the Oscars" for the Academy Awards; "the Grammys", capitalised, for the Grammy Awards)."""
    if all(_written(w, written) for w in words):
        return True
    if len(words) > 1 and words[-1] == "awards" and {f"{w}s" for w in words[-2:-1]} & capitalised:
        return all(_written(w, written) for w in words[:-2])  # "the Golden Globes"
    return any(set(alias) <= written for alias in lexicon.NAME_ALIASES.get(words, ()))


def year_near(
    years: Sequence[str],
    nearby: str,
    title: str = "",
    published_at: str = "",
    sentence: str = "",
    dated: Sequence[str] = (),
) -> bool:
    """Whether a sentence is about one of the question's years: `nearby` (the sentence and one
    either side of it), its article's title or its publication year names one. An article that
    mentions 2013 once, in a paragraph on something else, does not make every sentence in it
    about 2013 ("shares closed at $185.25 on Tuesday" is not what was raised in 2013). A
    `sentence` that names another edition ("the 2019 Halden Open") or period ("Q2 2020") and
    does not write an asked year is about that one; a year said in passing ("a record set in
    2019") is not an edition. Nor is one that writes another year before a word the question
    writes after its year (`dated`: "his 2016 election campaign" for "the 2020 re-election
    campaign")."""
    periods = [m for m in _PERIOD.finditer(sentence) if not compared(sentence, m.start())]
    if not any(y in sentence for y in years) and (
        _EDITION.search(sentence) or periods or _another_year_of(dated, sentence)
    ):
        return False  # "won the 2019 Halden Open": that edition, whatever its neighbours say
    said = relative_years(nearby, published_at)
    return any(y in nearby or y in title or y == published_at[:4] or y in said for y in years)


_MONTH_NAMES = "|".join(lexicon.MONTHS)
_RELATIVE_YEAR = re.compile(
    rf"\b(?P<when>last|next)\s+(?:(?P<year>year)|(?P<month>{_MONTH_NAMES}))\b", re.IGNORECASE
)


def relative_years(text: str, published_at: str) -> set[str]:
    """The years the text names relative to its publication date: "last year" and "next
    year"; "last November" (the year before, in an article of November 2019 or earlier in
    the year; this year's after it) and "next March" likewise."""
    if not published_at[:4].isdigit():
        return set()
    year = int(published_at[:4])
    month = int(published_at[5:7]) if published_at[5:7].isdigit() else 0
    said = set()
    for m in _RELATIVE_YEAR.finditer(text):
        step = -1 if m.group("when").lower() == "last" else 1
        if m.group("year"):
            said.add(str(year + step))
        elif month:
            named = lexicon.MONTHS.index(m.group("month").capitalize()) + 1
            past = named >= month if step < 0 else named <= month  # already passed this year
            said.add(str(year + step if past else year))
    return said


def _another_year_of(dated: Sequence[str], sentence: str) -> bool:
    """Whether the sentence writes a year before one of the `dated` words (see `_written`; a
    prefixed form counts: "election" for "re-election")."""
    after_years = {w for m in _YEAR_THEN.finditer(fold(sentence)) for w in m.group(2).split()}
    return any(_written(d.split("-")[-1], after_years) for d in dated)


def _person_written(words: Sequence[str], capitalised: set[str]) -> bool:
    """A person's surname written capitalised ("Weeks" is not met by "two weeks"), and each given
    name too, whole or shortened ("Sam" and "Samuel" meet each other); a particle ("von",
    "de") is written in lower case."""
    *given, surname = words
    given = [g for g in given if g not in lexicon.NAME_PARTICLES]
    return _written(surname, capitalised) and all(
        any(
            w.startswith(g) or (g.startswith(w) and w not in STOPWORDS)
            for w in capitalised
            if len(w) >= 3
        )
        if len(g) >= 3
        else g in capitalised
        for g in given
    )


def _sentence_start(text: str, at: int) -> bool:
    """Whether `at` opens a sentence (or the text, a line, a quote): not after "Mr." or "Dr."."""
    before = re.search(r"(\w*)([.!?:\"“]?)\s*$", text[max(0, at - 12) : at])
    if at == 0 or (before and not before[0].strip()) or text[:at].endswith("\n"):
        return True
    return bool(before and before[2] and before[1].lower() not in lexicon.LEADING_WORDS)


_CALENDAR = frozenset(lexicon.MONTHS) | {
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
}


def _surname_alone(words: Sequence[str], text: str) -> bool:
    """Whether a person's surname is written capitalised, and never after another capitalised
    word than a title nor before a capitalised word ("Trump and Biden", "President Trump" for
    Donald Trump; not "Otto Marlow" for Ida Marlow, nor "Patrick Monahan" for Deval Patrick):
    a snippet or a second mention names people by surname."""
    surname = words[-1]
    if len(words) < 2 or len(surname) < 3 or surname.capitalize() in _CALENDAR:
        return False  # "in May" is no Theresa May
    found = [
        m
        for m in re.finditer(r"(?-i:[A-Z][\w'’-]*)", text)
        if (fold(m[0]).split("-")[0] == surname or fold(m[0]) == surname)
        and not _sentence_start(text, m.start())
    ]  # not at a sentence's start, where any word is capitalised ("Young voters ...")
    if not found:
        return False
    titles = lexicon.LEADING_WORDS | _TITLE_WORDS
    for m in found:
        before = re.search(r"([A-Z][\w'’-]*)(\.?)\s+$", text[max(0, m.start() - 30) : m.start()])
        ended = before and before[2] and fold(before[1]) not in titles  # "... London. Marlow"
        if before and not ended and fold(before[1]) not in titles:
            return False  # "Otto Marlow": another person of that name
        if re.match(r"\s+(?-i:[A-Z])", text[m.end() : m.end() + 3]):
            return False  # "Patrick Monahan": a given name here, or another name
    return True


def other_thing(
    constraints: Constraints,
    passage: str,
    entities: Iterable[tuple[str, str]],
    sentence: str = "",
) -> str:
    """Another thing of the kind the question names, where the passage never writes the one
    asked: another event, work, product or law ("the US Open" for a question on Wimbledon), or
    another name with the same head ("US Open" for "British Open"), tagged or only written
    capitalised in the `sentence` (the tagger misses many). Such a passage is about that other
    thing, however alike it reads; "" when there is none."""
    entities = list(entities)
    for asked in constraints.names:
        if asked.label in ("PERSON", "CODE"):
            continue
        if len(asked.words) > 1 and sentence and unmet(Constraints(names=(asked,)), passage):
            for run in _same_head(asked, sentence):
                return run
        for text, label in entities:
            if label not in lexicon.THING_LABELS and label in lexicon.PLAIN_LABELS:
                continue
            words = name_words(text, label)
            if not words or set(words) <= set(asked.words):
                continue
            same_kind = asked.label in lexicon.THING_LABELS and label in lexicon.THING_LABELS
            same_head = len(words) > 1 and len(asked.words) > 1 and words[-1] == asked.words[-1]
            if (same_kind or same_head) and unmet(Constraints(names=(asked,)), passage):
                return text
    return ""


def _same_head(asked: Name, sentence: str) -> list[str]:
    """Capitalised names in the sentence that end in the asked name's head word after another
    capitalised word ("Halden Open" for "Ashwick Open"; not "The Open": lexicon.LEADING_WORDS)."""
    head = re.escape(asked.words[-1])
    runs = re.finditer(rf"\b([^\W\d_][\w'’.-]*)\s+({head}s?)\b", sentence, re.IGNORECASE)
    return [
        m.group(0)
        for m in runs
        if m.group(2)[0].isupper()
        and m.group(1)[0].isupper()
        and fold(m.group(1)) not in lexicon.LEADING_WORDS
        and fold(m.group(1)) not in asked.words
    ]


def same_party(name: Name, other: str) -> bool:
    """Whether `other` (a name as an article writes it) is the party `name` asked about: one
    writes the other ("Halden Group" and "Halden"; "Owen Talbot" and "Talbot")."""
    words = name_words(other, "ORG")
    return not unmet(Constraints(names=(name,)), other) or (
        bool(words) and set(words) <= set(name.words)
    )


def _lettered(word: str) -> bool:
    letters = word.replace("-", "").replace("'", "")
    return letters.isalpha() and len(letters) > 1


def loose_names(
    question: str, names: Sequence[Name], sides: Sequence[tuple[int, int]]
) -> frozenset[str]:
    """The names another article than the answering one may write: those the question writes
    only inside `sides` (character ranges of clauses that add a fact of their own), and those
    it offers as alternatives ("Who is older, Ada Brenn or Tom Vale?")."""
    loose = set()
    for n in names:
        written = [m.start() for m in re.finditer(re.escape(n.text), question)]
        if written and all(any(a <= at < b for a, b in sides) for at in written):
            loose.add(n.text)
    for a in names:
        for b in names:
            if re.search(rf"{re.escape(a.text)},?\s+or\s+{re.escape(b.text)}", question):
                loose |= {a.text, b.text}
    return frozenset(loose)


def meets(
    constraints: Constraints,
    article_text: str,
    published_at: str = "",
    described: frozenset[str] = frozenset(),
) -> bool:
    """Whether one article can support the answer: it meets every year, and every name
    asked about but those in `described` (names in a clause that describes a thing, "the man
    who told police he backs Halden": a question joining two stories names things no single
    article holds together; that each is written somewhere is checked on the evidence as a
    whole). Where every name is in such a clause, at least one."""
    missing = set(unmet(constraints, article_text, published_at, surnames=True))
    if any(y in missing for y in constraints.years) or another_quarter(
        constraints.quarters, article_text
    ):
        return False
    names = [n.text for n in constraints.names]
    held = [n for n in names if n not in described]
    if len(names) <= 1 or held:
        return not missing.intersection(held or names)
    return any(n not in missing for n in names)


def _written(word: str, written: set[str]) -> bool:
    """Written as is, as a plural or singular ("787s", "ferries"), with its first
    lexicon.STEM_LETTERS letters ("Argentine" for "Argentina", "Celebratory" for "Celebration"),
    or with one typo."""
    forms = {
        word,
        word.removesuffix("s"),
        f"{word}s",
        f"{word}es",
        *lexicon.WORD_ALIASES.get(word, ()),
    }
    if word.endswith("ies"):
        forms.add(f"{word[:-3]}y")  # "counties": "county"
    elif word.endswith("y"):
        forms.add(f"{word[:-1]}ies")
    if forms & written:
        return True
    if len(word) < lexicon.TYPO_MIN_LETTERS:
        return False
    stem = word[: lexicon.STEM_LETTERS] if len(word) >= lexicon.STEM_LETTERS else ""
    return any(
        (stem and w.startswith(stem)) or (abs(len(w) - len(word)) <= 1 and _one_edit(word, w))
        for w in written
    )


def _one_edit(a: str, b: str) -> bool:
    """Whether a and b differ by at most one letter changed, added or dropped, or two adjacent
    letters swapped ("Freid" for "Fried")."""
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        swapped = a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :]
        return a[i + 1 :] == b[i + 1 :] or swapped
    return a[i:] == b[i + 1 :]


# A title as a question writes it: capitalised words and numbers, joined by a few small words
# ("Cyberpunk 2077", "Assassin's Creed Valhalla", "Game of Thrones").
_TITLE = re.compile(
    r"(?:[A-Z][\w'’.&-]*|\d[\w.]*)(?:\s+(?:of|the|and|&)?\s*(?:[A-Z][\w'’.&-]*|\d[\w.]*))*"
)
_DERIVED = "|".join(lexicon.DERIVED_NOUNS)


def extended_event(question: str, sentence: str) -> str:
    """A longer name the sentence makes of an event the question asks about, with a capitalised
    word the question lacks ("the 2021 NBA Draft Combine" for "the 2021 NBA draft"): another
    event, whose place and date are not the asked one's. "" where there is none."""
    for m in _TITLE.finditer(question):
        noun = re.match(r"\s+([a-z]+)\b", question[m.end() :])
        if m.start() == 0 or noun is None or noun.group(1) not in lexicon.EXTENDABLE_EVENTS:
            continue
        words = [w for w in m.group(0).split() if not _YEAR.fullmatch(w)]  # not "2021"
        phrase = r"\s+".join(map(re.escape, [*words, noun.group(1)]))
        longer = re.search(
            rf"\b{phrase}\s+((?-i:[A-Z])[\w'’-]+)\b(?!\s*[:\d])", sentence, re.IGNORECASE
        )  # not "the draft Thursday", "the draft June 23", "NBA Draft Results: ..."
        if (
            longer
            and longer.group(1) not in _CALENDAR
            and longer.group(1).lower() not in question.lower()
        ):
            return longer.group(0)
    return ""


def derived_thing(question: str, sentence: str) -> str:
    """A thing made from a title the question asks about, which the sentence is about instead:
    a subtitled work ("Cyberpunk 2077: Phantom Liberty"), or a film, expansion or update of the
    title or of its series ("the Assassin's Creed movie" for "Assassin's Creed Valhalla"). Its
    release date or price is not the title's. "" when there is none, or when the question asks
    about such a thing itself."""
    for m in _TITLE.finditer(question):
        words = m.group(0).split()
        if m.start() == 0 or not any(w[0].isupper() for w in words):
            continue  # "When ...", or a number alone
        if re.match(rf"\s*(?::|(?:{_DERIVED})\b)", question[m.end() :], re.IGNORECASE):
            continue  # "When was the Halden Saga movie released?" asks about the movie
        title = r"\s+".join(map(re.escape, words))
        subtitled = re.search(rf"\b{title}\s*:\s*[A-Z0-9][\w'’-]*", sentence)
        if subtitled:
            return subtitled.group(0)
        for n in range(len(words), 0, -1):
            prefix = r"\s+".join(map(re.escape, words[:n]))
            if n < len(words) and len(" ".join(words[:n])) < 6:
                break  # "The" of "The Ashwick Saga" names no series
            made = re.search(rf"\b{prefix}(?:['’]s)?\s+(?:{_DERIVED})\b", sentence, re.IGNORECASE)
            if made:
                return made.group(0)
    return ""
