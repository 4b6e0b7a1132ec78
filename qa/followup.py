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
- A follow-up that leans on the conversation continues its story: the earlier question's names
  (`topic`) hold for its evidence too (qa.service).

Lower-case chat is read with the capitals the earlier replies write ("stadia" -> "Stadia"), so
that it parses and tags as written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ingest.entities import NOT_NER
from ingest.terms import STOPWORDS, content_words
from qa import lexicon
from qa.models import Turn
from qa.query import plain_question


@dataclass(frozen=True)
class Reading:
    question: str  # standalone where it could be made so, else as asked
    context: str  # words of the earlier turns it still leans on ("" for a new question)
    topic: str = ""  # the earlier question a follow-up that leans on it continues


@dataclass(frozen=True)
class _Name:
    text: str
    label: str  # an entity label, or "" for a thing the tagger did not type
    lead: bool = False  # an earlier short answer
    winner: bool = False  # it answered "Who won ...?": a team as well as a person


def read_follow_up(nlp: Language, question: str, history: Sequence[Turn]) -> Reading:
    """The question as it stands alone, and the context it still leans on."""
    exchanges = _exchanges(history)
    if not exchanges:
        return Reading(question, "")
    cased = _cases(answer for _, answer in exchanges)
    exchanges = [(_truecased(plain_question(q), cased), answer) for q, answer in exchanges]
    asked = [exchanges[0][0]]  # each earlier question as it stands alone
    for n in range(1, len(exchanges)):
        asked.append(_resolve(nlp, exchanges[n][0], exchanges[:n], asked[:n])[0])
    resolved, leans = _resolve(nlp, _truecased(question, cased), exchanges, asked)
    context = ""
    if leans:
        context = " ".join(w for w in content_words(asked[-1]) if w not in content_words(resolved))
    topic = next(  # the latest earlier question that names something ("who's flying her
        (q for q in reversed(asked) if _named(nlp, q)),
        asked[-1],  # home?" names nothing)
    )
    return Reading(resolved, context, topic if leans else "")


def _named(nlp: Language, question: str) -> bool:
    """Whether a question names something (a tagged name that is no date or figure)."""
    return any(label not in lexicon.FOLLOW_UP_SKIPPED_LABELS for _, label in _tagged(nlp, question))


def _resolve(
    nlp: Language,
    question: str,
    exchanges: Sequence[tuple[str, str]],
    asked: Sequence[str],
) -> tuple[str, bool]:
    """(the question standing alone, whether it still leans on the earlier turns)."""
    question = _ACKNOWLEDGED.sub("", question) or question  # "thanks! and in 2022?"
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
    own = [t for t in doc if t.pos_ in ("PROPN", "NUM")] + [
        e for e in doc.ents if e.label_ not in lexicon.FOLLOW_UP_SKIPPED_LABELS
    ]
    subject = [  # a thing the question names itself, not only where ("in Port Ellery")
        t for t in doc if t.pos_ == "PROPN" and t.ent_type_ not in ("GPE", "LOC", "PERSON")
    ]
    chosen: dict[str, _Name] = {}  # "how old is he and where was he born?": one "he"
    for token in doc:
        kind = _pronoun_kind(token)
        if not kind or _named_before(doc, token, kind) or _says_nothing(token):
            continue
        if kind != "person" and subject:  # "Why is it called the Big Apple?"
            continue
        free = [n for n in names if n.text not in used and n.text not in question]
        same = _SAME_REFERENT.get(token.lower_, token.lower_)  # "he" and "his"; not "her"
        name = chosen.get(same) or next((n for n in free if _fits(n, kind)), None)
        if name is None:
            left = True
            continue
        chosen[same] = name
        used.add(name.text)
        weak = weak or not name.label
        swaps.append((token.idx, token.idx + len(token.text), _as_word(token, name.text)))
    for start, end, word in reversed(swaps):
        question = question[:start] + word + question[end:]
    if swaps:  # a phrase no tagger typed ("the new ferry") is a weaker reading: words carried
        return question, left or weak
    words = [t for t in doc if not t.is_punct]
    pointing = any(  # "these job losses", "the company": what the conversation was about
        t.dep_ == "det"
        and (t.lower_ in ("this", "that", "these", "those") or t.head.lemma_ in lexicon.ORG_NOUNS)
        for t in doc
    )
    short = len(words) <= lexicon.FOLLOW_UP_WORDS
    return question, left or (not own and (short or pointing))


def _cases(replies: Iterable[str]) -> dict[str, str]:
    """The capitalised spelling of each run of capitalised words the replies write inside a
    sentence, by its lower case ("south dakota" -> "South Dakota", "stadia" -> "Stadia"; not
    "bank" alone where only "Pellam Bank" is written)."""
    cased: dict[str, str] = {}
    for reply in replies:
        for m in _CAPITALISED_RUN.finditer(reply):
            if re.search(r"(?:^|[.!?:]\s*|\[\d+\]\s*)$", reply[: m.start()]):
                continue  # a sentence's first word is capitalised anyway
            cased.setdefault(m.group(0).lower(), m.group(0))
    return cased


def _truecased(question: str, cased: dict[str, str]) -> str:
    """A question typed in lower case with the names the replies before it write capitalised
    ("when did stadia launch" -> "when did Stadia launch"), so that it parses and tags as one
    written with capitals; longer names first."""
    for lower in sorted(cased, key=len, reverse=True):
        if lower in STOPWORDS:
            continue
        question = re.sub(rf"(?<![\w'’]){re.escape(lower)}(?![\w'’-])", cased[lower], question)
    return question


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
    Marsh"; "Owen Talbot, the company's finance chief." -> "Owen Talbot"); "" for an
    abstention, a verdict, a quote ("According to ...") or a reply with no short answer."""
    if answer.startswith(("According to", "The articles don")):
        return ""
    for m in re.finditer(r"\.\s+|\.$|,\s+", answer.strip()):
        lead = answer[: m.start()].strip()
        last = lead.split()[-1] if lead.split() else ""
        if (len(last) == 1 and last.isupper()) or last.lower() in lexicon.NAME_TITLE_ABBREVIATIONS:
            continue  # "Dr." or "J." before the rest of a name
        if len(lead.split()) > lexicon.FOLLOW_UP_LEAD_WORDS or lead.lower() in ("yes", "no"):
            return ""
        return "" if lead.lower().startswith("the articles don") else lead
    return ""


def _names(
    nlp: Language, exchanges: Sequence[tuple[str, str]], asked: Sequence[str]
) -> list[_Name]:
    """The names a pronoun may stand for, latest exchange first: its short answer (where its
    question asked for a name: not "where" or "how many"), or after a figure the thing its
    question measured; then its question's own phrases ("the abortion bill" of "Who signed the
    abortion bill in Alabama?"), then the names tagged in it."""
    names: list[_Name] = []
    for (written, answer), question in zip(reversed(exchanges), reversed(asked), strict=True):
        doc = _parse(nlp, written)  # its own names, not those a reading put in
        lead = _lead(answer)
        if re.match(r"(?:an?|some|several)\s", lead, re.IGNORECASE):
            lead = ""  # "A French striker.": a description, not a name
        label = _lead_label(nlp, lead, answer, question) if lead else ""
        if lead and _NAMING.match(question):  # (the tagger reads many teams as people)
            winner = bool(_WINNER.search(question.lower()))
            names.append(_Name(lead, label, lead=True, winner=winner))
        measured = _measured_thing(doc)
        if lead and label in lexicon.FOLLOW_UP_SKIPPED_LABELS and measured:
            names.append(_Name(measured, ""))  # "$0.10 per watt" for "what module cost ...?":
        names += _phrases(doc)  # then "what is it today?" asks of the cost
        names += [_Name(re.sub(r"['’]s?$", "", e.text), e.label_) for e in doc.ents]
    return [n for n in names if n.label not in lexicon.FOLLOW_UP_SKIPPED_LABELS]


def _phrases(doc: Doc) -> list[_Name]:
    """The things an earlier question is about, object first: each noun phrase's name where the
    tagger read one in it ("Pellam Bank" of "Pellam Bank's profit"), else the phrase itself
    ("the abortion bill" of "Who signed the abortion bill in Alabama?", "the Selby train
    crash"); not the wh-phrase, pronouns, people, nor a bare place."""
    found: list[tuple[int, _Name]] = []
    for chunk in doc.noun_chunks:
        rank = _PHRASE_ROLES.get(chunk.root.dep_)
        if rank is None or chunk.root.pos_ == "PRON" or any(t.tag_ in _WH_TAGS for t in chunk):
            continue
        if chunk[0].is_punct or chunk[0].text == "-":
            continue  # "-tron Sportback": the rest of a word cut at its hyphen
        inside = [e for e in doc.ents if chunk.start <= e.start and e.end <= chunk.end]
        if any(e.label_ == "PERSON" for e in inside) or (
            chunk.root.lemma_.lower() in lexicon.PERSON_NOUNS
        ):
            continue  # "it" is no one
        things = [e for e in inside if e.label_ in lexicon.FOLLOW_UP_THING_LABELS]
        named = [e for e in things if e.label_ not in ("GPE", "LOC")]
        whole = _whole(doc, chunk)
        if named and whole.endswith(named[0].text) and named[0].label_ != "ORG":
            found.append((rank, _Name(whole, named[0].label_)))  # "the new e-tron Roadster"
        elif named:
            found.append((rank, _Name(re.sub(r"['’]s?$", "", named[0].text), named[0].label_)))
        elif chunk.root.pos_ == "NOUN" and not chunk.root.ent_type_:
            found.append((rank, _Name(whole, "")))  # a place's thing: "the Selby crash"
    return [name for _, name in sorted(found, key=lambda pair: pair[0])]


def _whole(doc: Doc, chunk: Span) -> str:
    """A noun phrase with the rest of a word the parser cut at a hyphen, and the nouns that word
    is part of ("the new e-tron Sportback", not "the new e")."""
    end = chunk.end
    while end < len(doc) and doc[end - 1].whitespace_ == "" and doc[end].text not in "?!.,;:":
        end += 1  # "e" "-" "tron": one word
    if end == chunk.end:
        return chunk.text
    while end < len(doc) and any(t.head.i == end for t in doc[chunk.start : end]):
        end += 1  # "e-tron" is part of "e-tron Sportback"
    return doc[chunk.start : end].text


def _measured_thing(doc: Doc) -> str:
    """The thing a "What/Which NOUN ...?" question measures, with "the" ("What solar module
    cost is Korea aiming for?" -> "the solar module cost"), or ""."""
    for chunk in doc.noun_chunks:
        if chunk[0].tag_ in ("WDT", "WP") and len(chunk) > 1 and chunk.root.pos_ == "NOUN":
            return f"the {chunk[1:].text}"
    return ""


def _lead_label(nlp: Language, lead: str, answer: str, question: str) -> str:
    """The label of an earlier short answer: what its question asked for where that says
    ("Which club ...?": an organisation, whatever the tagger made of "Leeds United"; "Who ...?": a
    person, unless tagged a team, a firm or a country), else as tagged where its quote writes it
    (the small tagger reads names better in a sentence than alone), else alone."""
    tagged = _lead_tags(nlp, lead, answer)
    label = tagged[0] if tagged else ""
    if label == "PERSON" and not lead.split()[-1][:1].isupper():
        label = ""  # "Feather Duvet Lung disease" is no one's name
    if not label and re.match(r"(?:about |some |around )?[$€£¥]?\d", lead, re.IGNORECASE):
        label = "CARDINAL"  # a figure, however the tagger cut it: "$0.10 per watt"
    asked = _asked_label(question)
    if asked == "ORG" and label not in lexicon.FOLLOW_UP_GROUP_LABELS:
        return "ORG"
    if asked == "PERSON":  # "Who was arrested?": a person, however the tagger read the name
        return "PERSON"
    return label


def _lead_tags(nlp: Language, lead: str, answer: str) -> list[str]:
    """The labels the tagger gives a short answer as a whole ("Terminal 5", not its "5"), where
    its quote writes it, else alone."""
    quote = answer[len(lead) :]
    at = quote.find(lead)
    ents = _tagged_only(nlp, quote).ents
    end = at + len(lead)
    tagged = [e.label_ for e in ents if at >= 0 and e.start_char <= at and end <= e.end_char + 1]
    return tagged or [label for text, label in _tagged(nlp, lead) if text == lead.strip()]


def _tagged(nlp: Language, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in _parse(nlp, text).ents]


@functools.lru_cache(maxsize=lexicon.FOLLOW_UP_PARSES)
def _tagged_only(nlp: Language, text: str) -> Doc:
    """A reply's names, without its parse (a third of the time: replies are long)."""
    return nlp(text, disable=NOT_NER)


@functools.lru_cache(maxsize=lexicon.FOLLOW_UP_PARSES)
def _parse(nlp: Language, text: str) -> Doc:
    """The parse of a turn (cached: each follow-up of a conversation reads the earlier turns
    again, a few milliseconds each)."""
    return nlp(text)


def _asked_label(question: str) -> str:
    """The label the answer to an earlier question has by its asking: a person for "who" (not
    "who won": a team or a country wins too), an organisation for "which company"."""
    q = question.lower()
    if re.search(r"\bwho(m|'s)?\b", q):
        return "" if _WINNER.search(q) else "PERSON"
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


def _says_nothing(pronoun: Token) -> bool:
    """Whether "it" or "they" stands for nothing before it: "Is it true that ...?", "What time
    is it?", "it takes two hours to ...", "What do they call ...?"."""
    if pronoun.dep_ == "expl":
        return True
    head = pronoun.head
    verbs = {head.lemma_, *(t.lemma_ for t in head.children if t.dep_ == "xcomp")}
    if pronoun.lower_ == "it" and verbs & lexicon.FOLLOW_UP_WEATHER_VERBS:
        return True  # "is it going to rain"
    if pronoun.lower_ == "it" and head.lemma_ in ("be", "take"):
        after = [t for t in head.children if t.i > head.i]
        clause = [t for t in after if t.dep_ in ("xcomp", "ccomp")] + [
            c
            for t in after
            if t.dep_ in ("acomp", "attr")
            for c in t.children
            if c.dep_ in ("xcomp", "ccomp")
        ]
        if clause:  # "is it true that", "did it take years to"; not "is it waterproof?"
            return True
        if any(t.lower_ == "time" for t in pronoun.doc[: pronoun.i]):
            return True  # "what time is it"
    return pronoun.lower_ == "they" and head.lemma_ in lexicon.FOLLOW_UP_GENERIC_VERBS


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
    if kind == "group":  # or whoever won: "who's their manager?" after "Who won the cup?"
        return name.label in lexicon.FOLLOW_UP_GROUP_LABELS or name.winner
    return name.label in lexicon.FOLLOW_UP_THING_LABELS or not name.label


def _as_word(pronoun: Token, name: str) -> str:
    """The name in the pronoun's place: "his" -> "Parise's", "their" -> "Rovers'"."""
    if pronoun.tag_ == "PRP$" or pronoun.lower_ in ("his", "its", "their", "hers", "theirs"):
        return f"{name}'" if name.endswith("s") else f"{name}'s"
    return name


def _place(nlp: Language, item: str, earlier: str) -> str:
    """The earlier question asked again of `item` ("and 2022?", "what about the women's?",
    "and Colin Yates?", "and in Europe?"), or "" where it has no place in it."""
    if _OF_THE_SAME.match(item):  # "and in their division?": of the same subject
        return f"{earlier.rstrip(' ?')} {item}?"
    year = _year_for(_PREPOSITION.sub("", item), earlier)
    if year:
        if _YEAR.search(earlier):
            return _YEAR.sub(year, earlier, count=1)
        return f"{earlier.rstrip(' ?')} in {year}?"
    divided = _other_division(item, earlier)
    if divided or _mentions_division(item):
        return divided
    month = _MONTH.fullmatch(_PREPOSITION.sub("", item))
    if month:  # "and in February?": for the month the earlier asks about, or added
        if _MONTH.search(earlier):
            return _MONTH.sub(month.group(0), earlier, count=1)
        return f"{earlier.rstrip(' ?')} in {month.group(0)}?"
    words = set(re.findall(r"[\w'-]+", item.lower()))
    if words & lexicon.FOLLOW_UP_TIME_WORDS or words & lexicon.FOLLOW_UP_PRONOUNS_ALL:
        return ""  # "and the year before?", "and him?": no slot the rules can tell
    doc = _parse(nlp, earlier)
    preposition = _PREPOSITION.match(item)
    said = _parse(nlp, f"{_PREPOSITION.sub('', item)} said so.")
    bare = _PREPOSITION.sub("", item)
    item_ents = [e for e in said.ents if e.end_char <= len(bare)]
    if preposition:  # "and of Norland?": where the earlier says "of X", X; "and in Europe?":
        word = preposition.group(0).strip().lower()  # a place the earlier has none of, added
        for token in doc[1:]:
            if doc[token.i - 1].lower_ == word and token.pos_ == "PROPN":
                return _swap(earlier, doc, token.i, token.i + 1, bare)
        where = [e for e in doc.ents if e.label_ in ("GPE", "LOC")]
        if where and not _common(said, bare):  # "and in Ashby?" of the Selby by-election
            return _swap(earlier, doc, where[0].start, where[0].end, bare)
        places = [e for e in item_ents if e.label_ in ("GPE", "LOC", "FAC")]
        if places or (not item_ents and not _common(said, bare)):
            return f"{earlier.rstrip(' ?')} {item}?"
    item = bare
    named = [e for e in doc.ents if e.label_ not in lexicon.FOLLOW_UP_SKIPPED_LABELS]
    for ent in named:
        same = [e for e in item_ents if e.label_ == ent.label_]
        if same:  # "and the equaliser for Rovers?": Rovers for Pinecrest
            return _swap(earlier, doc, ent.start, ent.end, same[0].text)
    if not _common(said, item):  # a name: "and Reyburn?", "and gallinari?"
        asked = _wh_phrase(doc)
        proper = [  # not a title: "Who is the CEO of Halvard?"
            t.i
            for t in doc
            if t.pos_ == "PROPN" and t.i not in asked and t.text not in lexicon.NAME_BREAK_TITLES
        ]
        at = named[0].start if named else proper[0] if proper else None
        if at is None:
            return ""
        end = named[0].end if named else at + 1
        return _swap(earlier, doc, at, end, item)
    mine = set(content_words(item))
    for chunk in doc.noun_chunks:  # "a new sedan" for "a new car"
        if mine & set(content_words(chunk.text)) and not any(t.tag_ in _WH_TAGS for t in chunk):
            return earlier[: chunk.start_char] + item + earlier[chunk.end_char :]
    nouns = [t for t in said if t.idx < len(item) and t.pos_ == "NOUN"]
    two = any(t.pos_ == "ADP" for t in said if t.idx < len(item))
    if len(nouns) != 1 or two or len(words) > 2:
        return ""  # "X for Y": two things; "the Pro model": no slot the rules can tell
    head = nouns[-1]
    noun = _asked_noun(doc)  # "what about doctors?" of "How many nurses ...?"
    if noun is not None and _person(noun) != _person(head):
        noun = None  # "and the winner?" counts no votes
    if noun is None:
        noun = next(  # "and the CFO?" of "Who is the CEO of ...?"; "and revenue?" of profit
            (
                t
                for t in doc
                if (t.text in lexicon.ROLE_TITLES and head.text in lexicon.ROLE_TITLES)
                or (
                    t.lemma_.lower() in lexicon.QUANTITY_NOUNS
                    and head.lemma_.lower() in lexicon.QUANTITY_NOUNS
                )
            ),
            None,
        )
    if noun is None:
        return ""  # "and the runner-up?" is no other thing than a winner
    return earlier[: noun.idx] + head.text + earlier[noun.idx + len(noun.text) :]


def _year_for(item: str, earlier: str) -> str:
    """The year an item asks about ("2022", "the 2022 one"; "last year" of an earlier question
    on 2023 is 2022), or ""."""
    written = re.fullmatch(r"(?:the\s+)?((?:19|20)\d\d)(?:\s+one)?", item, re.IGNORECASE)
    if written:
        return written.group(1)
    shift = re.fullmatch(r"(?:the\s+)?(last|next|previous|following)\s+year", item, re.IGNORECASE)
    year = _YEAR.search(earlier)
    if shift and year:
        step = -1 if shift.group(1).lower() in ("last", "previous") else 1
        return str(int(year.group(0)) + step)
    return ""


def _other_division(item: str, earlier: str) -> str:
    """The earlier question of the division an item names ("and the women's race?" of a
    question on the men's), or ""."""
    for word in re.findall(r"\w+", item.lower()):
        stem = re.sub(r"(?:'s|s)$", "", word)
        for wanted in (word, stem):
            for group in lexicon.DIVISION_GROUPS:
                if wanted in group:
                    rival = re.compile(
                        rf"\b(?:{'|'.join(sorted(group - {wanted}))})(?=['’]s|s['’]|\b)", re.I
                    )
                    if rival.search(earlier):
                        return rival.sub(wanted, earlier, count=1)
    return ""


def _mentions_division(item: str) -> bool:
    return any(w.rstrip("s'’") in lexicon.DIVISIONS for w in re.findall(r"[\w'’]+", item.lower()))


def _common(said: Doc, item: str) -> bool:
    """Whether an item is a common noun phrase ("doctors", "revenue"), not a name."""
    return any(t.pos_ == "NOUN" for t in said if t.idx < len(item))


def _person(token: Token) -> bool:
    return token.lemma_.lower() in lexicon.PERSON_NOUNS


def _asked_noun(doc: Doc) -> Token | None:
    """The noun of the wh-phrase ("nurses" of "How many nurses went on strike?")."""
    for token in doc:
        if token.tag_ in _WH_TAGS:
            head = token.head
            while head.pos_ in ("ADJ", "ADV", "DET") and head.head.i != head.i:
                head = head.head
            if head.pos_ == "NOUN" and head.i > token.i:
                return head
    return None


def _swap(earlier: str, doc: Doc, start: int, end: int, item: str) -> str:
    """The earlier question with tokens start..end (widened to the proper nouns around them)
    written as `item`, keeping a possessive ("Pellam Bank's" for "Norland Energy's")."""
    first, last = _proper_run(doc, start, end)
    tail = earlier[last:]
    if re.match(r"['’]s\b", tail) or item.endswith(("'s", "’s")):
        item = re.sub(r"['’]s$", "", item)
    return earlier[:first] + item + tail


def _proper_run(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character bounds of tokens start..end widened to the proper nouns either side (the small
    tagger cuts names: "Samuel" of "Samuel Okonjo")."""
    while start > 0 and doc[start - 1].pos_ == "PROPN":
        start -= 1
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].tag_ != "POS":
        end += 1
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


_PREPOSITION = re.compile(rf"^(?:{'|'.join(lexicon.FOLLOW_UP_PREPOSITIONS)})\s+", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_MONTH = re.compile(rf"\b(?:{'|'.join(lexicon.MONTHS)})\b", re.IGNORECASE)
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
# Pronouns that stand for the same one in one question ("how old is he and where was he born?",
# "his"), by their first form.
_SAME_REFERENT = {
    "him": "he",
    "his": "he",
    "himself": "he",
    "her": "she",
    "hers": "she",
    "herself": "she",
    "them": "they",
    "their": "they",
    "theirs": "they",
    "its": "it",
}
_ACKNOWLEDGED = re.compile(  # "thanks!", "great, thanks.", "cool," before a follow-up
    rf"^\s*(?:(?:{'|'.join(lexicon.FOLLOW_UP_ACKNOWLEDGEMENTS)})\b[\s,.!;:-]*)+(?=\S)",
    re.IGNORECASE,
)
# "Who won ...?", "who beat ...": a team or a country answers as well as a person.
_WINNER = re.compile(rf"\bwho\s+(?:\w+\s+)?(?:{'|'.join(lexicon.WIN_FORMS)})\b")
# The roles of an earlier question's noun phrases "it" may stand for, by preference.
_PHRASE_ROLES = {"dobj": 0, "nsubj": 1, "nsubjpass": 1, "attr": 2, "pobj": 3}
# A run of capitalised words inside a sentence (not its first word).
_CAPITALISED_RUN = re.compile(r"(?<![\w&'’-])[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*)*")
