"""A follow-up question read as the standalone question it stands for, from the turns before it
(no LLM): "how old is he?" after an answer naming Zach Parise is "how old is Zach Parise?", "and
Colin Yates?" after "How many votes did Marchetti get?" is "How many votes did Colin Yates get?".

Left to its words alone, a follow-up was typed, constrained and answered as written: "who's
their manager?" named the team itself, "how old is he?" took the first number near the earlier
answer, and the earlier answer's whole sentence, carried into the search, brought that same
sentence back as the new answer.

- A pronoun is replaced by the latest earlier name of its kind: he/she by a person, they by an
  organisation or group, it by an organisation, a work, a product, an event or a place. Names
  come from each earlier answer (its short answer, where its question asked for a name, typed
  as tagged in its quote or by the question: "who" names a person; after a figure, the thing its
  question measured: "what is it today?" after "What module cost ...?"), then from the question
  it answered, latest exchange first. A pronoun the question itself names a referent for ("how
  many soldiers died when their helicopter crashed?") is left alone, and so is one no earlier
  name fits.
- "And X?" / "What about X?" / "Same for X" asks the latest earlier question again of X: a year
  for its year, a division for its rival ("the women's" for "the men's"), a name for the name of
  its kind, a phrase for the phrase that shares its words or else for the subject; "and in their
  division?" is added to it.
- A question that still leans on the conversation (a pronoun left, one read as an untyped
  phrase, an ellipsis not placed, or a few words naming nothing of their own: "who was the
  referee?") carries the words of the latest earlier question as context for the search. A new
  question carries nothing.
- The names the asker gave in earlier questions are `given`: a follow-up does not ask for them
  ("where does she work now?" after "Who is the new president of Selby College?").

Lower-case chat is read with the capitals the earlier replies write ("stadia" -> "Stadia"), so
that it parses and tags as written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from ingest.terms import STOPWORDS, content_words
from qa import lexicon
from qa.models import Turn
from qa.query import plain_question


@dataclass(frozen=True)
class Reading:
    question: str  # standalone where it could be made so, else as asked
    context: str  # words of the earlier turns it still leans on ("" for a new question)
    given: tuple[str, ...] = ()  # names the asker gave earlier: not what a follow-up asks for


@dataclass(frozen=True)
class _Name:
    text: str
    label: str  # an entity label, or "" for a thing the tagger did not type
    latest: bool = False  # the latest earlier answer


def read_follow_up(nlp: Language, question: str, history: Sequence[Turn]) -> Reading:
    """The question as it stands alone, and the context it still leans on."""
    exchanges = _exchanges(history)
    if not exchanges:
        return Reading(question, "")
    cased = _cases(answer for _, answer in exchanges)
    asked = [_truecased(plain_question(exchanges[0][0]), cased)]  # each as it stands alone
    for n in range(1, len(exchanges)):
        earlier = _truecased(plain_question(exchanges[n][0]), cased)
        asked.append(_resolve(nlp, earlier, exchanges[:n], asked[:n])[0])
    resolved, leans = _resolve(nlp, question, exchanges, asked)
    context = ""
    if leans:
        context = " ".join(w for w in content_words(asked[-1]) if w not in content_words(resolved))
    given = [  # what the asker named: the earlier answers may be asked about again
        text
        for q in asked
        for text, label in _tagged(nlp, q)
        if label not in lexicon.FOLLOW_UP_SKIPPED_LABELS
    ]
    return Reading(resolved, context, tuple(dict.fromkeys(given)))


def _resolve(
    nlp: Language,
    question: str,
    exchanges: Sequence[tuple[str, str]],
    asked: Sequence[str],
) -> tuple[str, bool]:
    """(the question standing alone, whether it still leans on the earlier turns)."""
    names = _names(nlp, exchanges, asked)
    rest = _ELLIPSIS.match(question)
    if rest and not _QUESTION_START.match(rest.group("rest")):
        placed = _place(nlp, rest.group("rest").strip(" ?.!"), asked[-1])
        return (placed, False) if placed else (question, True)
    if rest:  # "and when did it open?": a question of its own after the "and"
        question = rest.group("rest")
    doc = _parse(nlp, question)
    swaps: list[tuple[int, int, str]] = []
    used: set[str] = set()
    left = weak = False
    for token in doc:
        kind = _pronoun_kind(token)
        if not kind or _named_before(doc, token, kind):
            continue
        free = [n for n in names if n.text not in used and n.text not in question]
        name = next((n for n in free if _fits(n, kind)), None)
        if name is None and kind == "group" and free and free[0].latest:
            name = free[0] if _fits(free[0], "person") else None  # a team tagged a person
        if name is None:
            left = True
            continue
        used.add(name.text)
        weak = weak or not name.label
        swaps.append((token.idx, token.idx + len(token.text), _as_word(token, name.text)))
    for start, end, word in reversed(swaps):
        question = question[:start] + word + question[end:]
    if swaps:  # a phrase no tagger typed ("the new ferry") is a weaker reading: words carried
        return question, left or weak
    own = [t for t in doc if t.pos_ in ("PROPN", "NUM")] + [
        e for e in doc.ents if e.label_ not in lexicon.FOLLOW_UP_SKIPPED_LABELS
    ]
    words = [t for t in doc if not t.is_punct]
    return question, left or (not own and len(words) <= lexicon.FOLLOW_UP_WORDS)


def _cases(replies: Iterable[str]) -> dict[str, str]:
    """The capitalised spelling of each word the replies capitalise inside a sentence (names:
    "Stadia", "Dakota")."""
    cased: dict[str, str] = {}
    for reply in replies:
        for m in re.finditer(r"(?<=[\w,;:'’\")] )([A-Z][\w&'’-]*)", reply):
            cased.setdefault(m.group(1).lower(), m.group(1))
    return cased


def _truecased(question: str, cased: dict[str, str]) -> str:
    """A question typed in lower case with the names the replies before it write capitalised
    ("when did stadia launch" -> "when did Stadia launch"), so that it parses and tags as one
    written with capitals."""
    return re.sub(
        r"\b[a-z][\w&'’-]*",
        lambda m: cased.get(m.group(0), m.group(0)) if m.group(0) not in STOPWORDS else m.group(0),
        question,
    )


def _exchanges(history: Sequence[Turn]) -> list[tuple[str, str]]:
    """(question, answer) of each earlier exchange, oldest first; the latest
    lexicon.FOLLOW_UP_EXCHANGES only."""
    pairs: list[tuple[str, str]] = []
    for turn in history:
        text = turn.content.strip()
        if not text:
            continue
        if turn.role == "user":
            pairs.append((text, ""))
        elif pairs and not pairs[-1][1]:
            pairs[-1] = (pairs[-1][0], text)
    return pairs[-lexicon.FOLLOW_UP_EXCHANGES :]


def _lead(answer: str) -> str:
    """The short answer an earlier reply opens with ("Dr. Ada Marsh. <quote> [1]" -> "Dr. Ada
    Marsh"); "" for an abstention, a verdict or a reply with no short answer."""
    for m in re.finditer(r"\.\s+", answer):
        lead = answer[: m.start()].strip()
        last = lead.split()[-1] if lead.split() else ""
        if len(last) == 1 or last.lower() in lexicon.NAME_TITLE_ABBREVIATIONS:
            continue  # "Dr." or "J." before the rest of a name
        if len(lead.split()) > lexicon.FOLLOW_UP_LEAD_WORDS or lead.lower() in ("yes", "no"):
            return ""
        return "" if lead.lower().startswith("the articles don") else lead
    return ""


def _names(
    nlp: Language, exchanges: Sequence[tuple[str, str]], asked: Sequence[str]
) -> list[_Name]:
    """The names a pronoun may stand for, latest first: each exchange's short answer (where its
    question asked for a name: not "where" or "how many"), then the names its question gives."""
    names: list[_Name] = []
    for (_, answer), question in zip(reversed(exchanges), reversed(asked), strict=True):
        lead = _lead(answer)
        label = _lead_label(nlp, lead, answer, question) if lead else ""
        if lead and _NAMING.match(question):
            names.append(_Name(lead, label, not names))
        measured = _measured_thing(_parse(nlp, question))
        if lead and label in lexicon.FOLLOW_UP_SKIPPED_LABELS and measured:
            names.append(_Name(measured, ""))  # "$0.10 per watt" for "what module cost ...?":
        names += [  # then "what is it today?" asks of the cost
            _Name(re.sub(r"['’]s?$", "", text), label) for text, label in _tagged(nlp, question)
        ]
        subject = _subject_phrase(_parse(nlp, question))
        if subject:
            names.append(_Name(subject, ""))
    return [n for n in names if n.label not in lexicon.FOLLOW_UP_SKIPPED_LABELS]


def _measured_thing(doc: Doc) -> str:
    """The thing a "What/Which NOUN ...?" question measures, with "the" ("What solar module
    cost is Korea aiming for?" -> "the solar module cost"), or ""."""
    for chunk in doc.noun_chunks:
        if chunk[0].tag_ in ("WDT", "WP") and len(chunk) > 1 and chunk.root.pos_ == "NOUN":
            return f"the {chunk[1:].text}"
    return ""


def _lead_label(nlp: Language, lead: str, answer: str, question: str) -> str:
    """The label of an earlier short answer: as tagged where its quote writes it (the small
    tagger reads names better in a sentence than alone), else alone; an answer to "who" is a
    person unless tagged a team, a firm or a country."""
    quote = answer[len(lead) :]
    at = quote.find(lead)
    tagged = [
        e.label_ for e in _parse(nlp, quote).ents if at >= 0 and e.start_char <= at < e.end_char
    ] or [label for _, label in _tagged(nlp, lead)]
    label = tagged[0] if tagged else ""
    asked = _asked_label(question)
    if asked == "PERSON" and label not in lexicon.FOLLOW_UP_GROUP_LABELS:
        return "PERSON"
    return label or asked


def _tagged(nlp: Language, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in _parse(nlp, text).ents]


@functools.lru_cache(maxsize=lexicon.FOLLOW_UP_PARSES)
def _parse(nlp: Language, text: str) -> Doc:
    """The parse of a turn (cached: each follow-up of a conversation reads the earlier turns
    again, a few milliseconds each)."""
    return nlp(text)


def _asked_label(question: str) -> str:
    """The label the answer to an earlier question has where its tagging gives none: a person
    for "who", an organisation for "which company"."""
    q = question.lower()
    if re.search(r"\bwho(m|'s)?\b", q):
        return "PERSON"
    m = re.search(r"\b(?:which|what)\s+(\w+)", q)
    if m and m.group(1) in lexicon.ORG_NOUNS:
        return "ORG"
    return ""


def _subject_phrase(doc: Doc) -> str:
    """The earlier question's subject or object when it is a thing, not the wh-word ("When did
    the new ferry start running?" -> "the new ferry")."""
    for chunk in doc.noun_chunks:
        if (
            chunk.root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
            and chunk.root.pos_ != "PRON"
            and not any(t.tag_ in _WH_TAGS for t in chunk)
        ):
            return chunk.text
    return ""


def _pronoun_kind(token: Token) -> str:
    word = token.lower_
    for kind, words in lexicon.FOLLOW_UP_PRONOUNS.items():
        if word in words:
            return kind
    return ""


def _named_before(doc: Doc, pronoun: Token, kind: str) -> bool:
    """Whether the question names the pronoun's referent before it ("when their helicopter
    crashed" after "how many soldiers"; "he" after a person's name)."""
    asked = _wh_phrase(doc)
    for token in doc[: pronoun.i]:
        if token.i in asked:
            continue  # "which observatory did he use?": the thing asked is not "he"
        if token.dep_ == "poss" or token.head.dep_ == "poss":
            continue  # "how many of Ada's passes went to him?": not Ada
        if token.ent_type_ and _fits(_Name(token.text, token.ent_type_), kind):
            return True
        if token.pos_ == "PROPN":
            return True
        if token.pos_ == "NOUN":
            person = token.lemma_.lower() in lexicon.PERSON_NOUNS
            if kind == "person" and person and token.tag_ == "NN":
                return True
            if kind == "group" and token.tag_ == "NNS":
                return True
            if kind == "thing" and not person:
                return True
    return False


def _wh_phrase(doc: Doc) -> set[int]:
    """Token indices of the question's wh-phrase where it is not the subject ("which display
    size will it have?"; but "how many soldiers died when their helicopter crashed?" names the
    soldiers their helicopter belongs to)."""
    found: set[int] = set()
    for token in doc:
        if token.tag_ in _WH_TAGS:
            phrase = {token.i}
            head = token.head
            while head.pos_ in ("ADJ", "ADV", "DET") and head.head.i != head.i:
                phrase.add(head.i)  # "how many patients": through "many"
                head = head.head
            if head.pos_ in ("NOUN", "PROPN") and head.i > token.i:
                if head.dep_ in ("nsubj", "nsubjpass"):
                    continue
                phrase.update(t.i for t in head.lefts)
                phrase.add(head.i)
            found |= phrase
    return found


def _fits(name: _Name, kind: str) -> bool:
    if kind == "person":
        return name.label == "PERSON"
    if kind == "group":
        return name.label in lexicon.FOLLOW_UP_GROUP_LABELS
    return name.label in lexicon.FOLLOW_UP_THING_LABELS or not name.label


def _as_word(pronoun: Token, name: str) -> str:
    """The name in the pronoun's place: "his" -> "Parise's", "their" -> "Rovers'"."""
    if pronoun.tag_ == "PRP$" or pronoun.lower_ in ("his", "its", "their", "hers", "theirs"):
        return f"{name}'" if name.endswith("s") else f"{name}'s"
    return name


def _place(nlp: Language, item: str, earlier: str) -> str:
    """The earlier question asked again of `item` ("and 2022?", "what about the women's?",
    "and Colin Yates?"), or "" where it has no place in it."""
    if _OF_THE_SAME.match(item):  # "and in their division?": of the same subject
        return f"{earlier.rstrip(' ?')} {item}?"
    item = _PREPOSITION.sub("", item)
    year = re.fullmatch(r"(?:the\s+)?((?:19|20)\d\d)", item)
    if year:
        if re.search(r"\b(?:19|20)\d\d\b", earlier):
            return re.sub(r"\b(?:19|20)\d\d\b", year.group(1), earlier, count=1)
        return f"{earlier.rstrip(' ?')} in {year.group(1)}?"
    division = re.fullmatch(r"(?:the\s+)?(\w+?)(?:['’]s|s['’])?", item, flags=re.IGNORECASE)
    if division and division.group(1).lower() in lexicon.DIVISIONS:
        wanted = division.group(1).lower()
        for group in lexicon.DIVISION_GROUPS:
            if wanted in group:
                rival = re.compile(
                    rf"\b(?:{'|'.join(sorted(group - {wanted}))})(?=['’]s|s['’]|\b)", re.I
                )
                if rival.search(earlier):
                    return rival.sub(wanted, earlier, count=1)
        return ""
    doc = _parse(nlp, earlier)
    said = _parse(nlp, f"{item} said so.")
    item_ents = [e for e in said.ents if e.end_char <= len(item)]
    named = [e for e in doc.ents if e.label_ not in lexicon.FOLLOW_UP_SKIPPED_LABELS]
    for ent in named:
        same = [e for e in item_ents if e.label_ == ent.label_]
        if same:  # "and the equaliser for Rovers?": Rovers for Pinecrest
            start, end = _proper_run(doc, ent.start, ent.end)
            return earlier[:start] + same[0].text + earlier[end:]
    if named and all(t.pos_ == "PROPN" for t in said if t.idx < len(item)):  # "and Reyburn?"
        start, end = _proper_run(doc, named[0].start, named[0].end)
        return earlier[:start] + item + earlier[end:]
    mine = set(content_words(item))
    shared = [
        (len(mine & set(content_words(c.text))), c)
        for c in doc.noun_chunks
        if not any(t.tag_ in _WH_TAGS for t in c)
    ]
    best = max(shared, key=lambda pair: pair[0], default=(0, None))[1] if shared else None
    if best is not None and mine & set(content_words(best.text)):  # "a new sedan" for "a new car"
        return earlier[: best.start_char] + item + earlier[best.end_char :]
    subject = _subject_phrase(doc)
    if subject and len(item.split()) <= lexicon.FOLLOW_UP_LEAD_WORDS:
        at = earlier.find(subject)
        return earlier[:at] + item + earlier[at + len(subject) :]
    return ""


def _proper_run(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character bounds of tokens start..end widened to the proper nouns either side (the small
    tagger cuts names: "Samuel" of "Samuel Okonjo")."""
    while start > 0 and doc[start - 1].pos_ == "PROPN":
        start -= 1
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].tag_ != "POS":
        end += 1
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


_PREPOSITION = re.compile(rf"^(?:{'|'.join(lexicon.FOLLOW_UP_PREPOSITIONS)})\s+", re.IGNORECASE)
_OF_THE_SAME = re.compile(
    rf"(?:{'|'.join(lexicon.FOLLOW_UP_PREPOSITIONS)})\s+(?:their|his|her|its)\b", re.IGNORECASE
)
# "and X?", "what about X?", "how about X", "same for X", "same question for X", "ok and X"
_ELLIPSIS = re.compile(
    r"\s*(?:(?:ok(?:ay)?|so|right)[,.]?\s+)?"
    r"(?:and\s+what\s+about|what\s+about|how\s+about|and|same(?:\s+question)?\s+for)\s+"
    r"(?P<rest>.+)$",
    re.IGNORECASE | re.DOTALL,
)
_QUESTION_START = re.compile(
    r"(?:who|whom|whose|what|which|when|where|why|how|is|are|was|were|do|does|did|has|have|had"
    r"|can|could|will|would|should|tell|give|name)\b",
    re.IGNORECASE,
)
# An earlier question whose answer is a name a pronoun may stand for ("Who ...?", "Which firm
# ...?"); not "where", "when", "how many".
_NAMING = re.compile(r"\s*(?:\S+\s+){0,3}?(?:who|whom|whose|which|what)\b", re.IGNORECASE)
_WH_TAGS = frozenset({"WP", "WDT", "WP$", "WRB"})
