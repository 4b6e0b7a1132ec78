"""Who did what in one sentence, read from a dependency parse of that sentence alone (a few
milliseconds; only the sentence a short answer is taken from is parsed).

- Whose figure is it? The subject of the clause an amount sits in: "Corvane reported $2.10 a
  share" gives Corvane's earnings, not Halden's, however well the sentence matches a question on
  Halden's; "both teams received $250,000 fines" and "the order is valued at $8.8 billion" name
  no one, so they are nobody else's. Articles hold several parties' figures side by side (a
  rival's price, another firm's results), and a passage on the right topic then answers with
  the wrong party's number.
- Who won, and who was beaten? The subject of a verb of winning; the object of a verb of
  beating, the subject of a loss.
- What does a figure count? "17.3 million new vehicles" is not a price.
- What happened on a date? The verb of the clause the date sits in ("announced on September 6
  that the line opens on March 22": the announcement's date and the opening's).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc, Token

from qa import lexicon

# Entity labels of parties that own a figure (pay, earn, raise, spend, receive, are fined).
OWNER_LABELS = frozenset({"PERSON", "ORG"})
# Entity labels of parties that can win (a team, a country, a person; the small tagger also
# reads some people as places).
PARTY_LABELS = frozenset("PERSON ORG NORP GPE LOC FAC".split())
# Clause links a figure's verb is followed up through to find a subject: "agreed to buy X for
# $5m" (xcomp), "rose 4% and closed at $12" (conj).
_UP = frozenset({"xcomp", "conj", "advcl", "ccomp"})


def owners(
    nlp: Language,
    sentence: str,
    start: int,
    end: int,
    entities: Sequence[tuple[int, int, str]],
) -> list[str]:
    """The people and organisations named in the subject of the clause holding
    sentence[start:end], or [] where that subject names none (a pronoun, "the deal").
    `entities` are the sentence's tagged names (offsets into it, stored at ingest)."""
    doc = parsed(nlp, sentence)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return []
    verb = _clause_verb(span.root)
    subject = _subject(verb)
    if subject is None:
        return []
    first, last = doc[subject.left_edge.i], doc[subject.right_edge.i]
    begin, stop = first.idx, last.idx + len(last)
    named = [
        sentence[a:b]
        for a, b, label in entities
        if label in OWNER_LABELS and begin <= a and b <= stop
    ]
    if not named and subject.pos_ == "PROPN":  # "Wall Street predicted $2.52"
        named = [doc[_name_start(subject) : subject.i + 1].text]
    return named


def _name_start(token: Token) -> int:
    """Where the proper name ending at `token` begins ("Wall" of "Wall Street")."""
    start = token.i
    while start > 0 and token.doc[start - 1].pos_ == "PROPN" and token.doc[start - 1].head == token:
        start -= 1
    return start


def beaten(nlp: Language, sentence: str, start: int, end: int) -> bool:
    """Whether the name at sentence[start:end] is the one beaten: the object of a verb of
    beating ("defeating incumbent Tom Reyburn", "edged world number one Ada Mwangi", "Ashby was
    defeated by ..."), or the subject of a loss ("Reyburn lost to ...")."""
    doc = parsed(nlp, sentence)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    token = span.root
    while token.dep_ in ("appos", "compound", "conj") and token.head.i != token.i:
        token = token.head  # "beat the champion, Ada Mwangi", "beat Holt and Mwangi"
    lemma = token.head.lemma_.lower()
    if token.dep_ in ("dobj", "nsubjpass") and lemma in lexicon.BEAT_LEMMAS:
        return True
    return token.dep_ == "nsubj" and lemma in lexicon.LOSE_LEMMAS


def won(nlp: Language, sentence: str, start: int, end: int) -> bool:
    """Whether the name at sentence[start:end] is said to have won: the subject of a verb of
    winning ("Rosa Vidal took the cup"), the subject of being elected or awarded ("Vidal was
    elected mayor"), or the agent of a passive win ("the prize was won by Rosa Vidal")."""
    doc = parsed(nlp, sentence)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    token = span.root
    while token.dep_ in ("appos", "compound", "conj") and token.head.i != token.i:
        token = token.head
    head = token.head
    lemma = head.lemma_.lower()
    if token.dep_ == "nsubj" and lemma in lexicon.WIN_LEMMAS:
        return True
    if any(c.dep_ == "relcl" and c.lemma_.lower() in lexicon.WIN_LEMMAS for c in token.children):
        return True  # "Tom Ashby, who won the cup"
    if token.dep_ == "nsubjpass" and lemma in lexicon.WON_PASSIVE_LEMMAS:
        return True
    agent = head.head if head.dep_ == "agent" else None
    return (
        token.dep_ == "pobj"
        and agent is not None
        and agent.lemma_.lower() in lexicon.WIN_LEMMAS | lexicon.WON_PASSIVE_LEMMAS
    )


def counted(nlp: Language, sentence: str, start: int, end: int) -> str:
    """The noun the figure at sentence[start:end] counts ("vehicles" in "sold 17.3 million new
    vehicles"), or "" where it counts none ("revenue rose to 4.2 billion") or counts money
    ("4.2 billion yuan": lexicon.CURRENCY_LEMMAS)."""
    doc = parsed(nlp, sentence)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return ""
    root = span.root
    head = root.head
    if root.dep_ != "nummod" or head.i == root.i or head.i in range(span.start, span.end):
        return ""
    if head.pos_ not in ("NOUN", "PROPN") or head.lemma_.lower() in lexicon.CURRENCY_LEMMAS:
        return ""
    return head.text


def counted_names(nlp: Language, text: str, start: int, end: int) -> set[str]:
    """The names that qualify what the figure at text[start:end] counts, lower case ("boeing"
    in "an order of 30 Boeing jets"); none where it counts nothing."""
    doc = parsed(nlp, text)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return set()
    root = span.root
    of = [c for p in root.children if p.lower_ == "of" for c in p.children if c.dep_ == "pobj"]
    inside = root.head.i in range(span.start, span.end)
    if of:
        head = of[0]  # "30 of Boeing's 787-9 jets"
    elif root.dep_ in ("nummod", "amod", "advmod") and not inside:
        head = root.head  # "30 Boeing jets"
    else:
        return set()
    if head.pos_ not in ("NOUN", "PROPN"):
        return set()
    qualifiers = [t for t in head.children if t.dep_ in ("compound", "amod", "nmod", "poss")]
    return {  # the whole of each: "Marvel Studios", "Halden Group"
        w.lower_.replace(".", "")
        for t in qualifiers
        for w in t.subtree
        if w.pos_ == "PROPN" and w.i not in range(span.start, span.end)
    }


def kind_asked(nlp: Language, question: str) -> str:
    """The noun "What kind of X ...?" asks a kind of, from the question's parse ("drone" of
    "What kind of drone hit the depot?"), lower case; "" where there is none."""
    for token in parsed(nlp, question):
        if token.lower_ in _KIND_WORDS:
            for of in token.children:
                if of.dep_ == "prep" and of.lower_ == "of":
                    noun = next((c for c in of.children if c.dep_ == "pobj"), None)
                    return noun.lower_ if noun is not None else ""
    return ""


_KIND_WORDS = frozenset("kind kinds type types sort sorts".split())


def kind_written(nlp: Language, sentence: str, noun: str, question_words: set[str]) -> str:
    """The noun as the sentence writes it with the words that say what kind it is: the nouns
    and names compounded with it and the adjectives before it ("Chinook helicopter" in "US
    Chinook helicopter shot down"; "scissor-switch keyboards"), not words that only place or
    judge it (lexicon.NOT_KINDS: "new", "first"; participles: "damaged"), leading stopwords or
    words of the question. Of several mentions, the one with the most compounded words; ""
    where no mention says what kind it is."""
    stem = noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
    doc = parsed(nlp, sentence)
    best, most = "", 0
    for token in doc:
        if token.lower_ not in (stem, noun, f"{stem}s", f"{stem}es"):
            continue
        kinds = [c for c in token.lefts if _says_kind(c)]
        if not kinds:
            continue
        words = list(doc[min(c.left_edge.i for c in kinds) : token.i])
        while words and (
            words[0].lower_ in lexicon.STOPWORDS
            or words[0].lower_ in question_words
            or not _says_kind(words[0], inner=True)
        ):
            words = words[1:]
        compounded = sum(w.dep_ in ("compound", "nmod") for w in words)
        if words and (not best or compounded > most):
            best = sentence[words[0].idx : token.idx + len(token.text)]
            most = compounded
    return best


def _says_kind(word: Token, inner: bool = False) -> bool:
    """Whether a word before a noun says what kind it is (a compounded noun or name, or an
    adjective that is no participle and not in lexicon.NOT_KINDS); `inner`: a word inside such
    a modifier ("scissor" and "-" of "scissor-switch") that may be of any other part too."""
    lower = word.lower_
    if lower in lexicon.NOT_KINDS or word.tag_ in ("VBN", "VBG", "CD", "JJS", "JJR"):
        return False
    if word.dep_ in ("compound", "nmod"):
        return True
    if word.dep_ == "amod":
        return word.pos_ == "ADJ" or word.pos_ in ("NOUN", "PROPN")
    return inner and word.text[0].isalnum() and word.pos_ not in ("DET", "NUM", "PRON", "ADP")


def verb_of(nlp: Language, sentence: str, start: int, end: int) -> str:
    """The lemma of the verb whose clause holds sentence[start:end] ("" where none does)."""
    doc = parsed(nlp, sentence)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return ""
    verb = _clause_verb(span.root)
    return verb.lemma_.lower() if verb.pos_ in ("VERB", "AUX") else ""


def question_subject(nlp: Language, question: str) -> str:
    """The proper name that is the subject of the question's main verb ("Tom Reyburn" in "Did
    Tom Reyburn win re-election?"), or "" where the subject is not a name."""
    doc = parsed(nlp, question)
    roots = [t for t in doc if t.dep_ == "ROOT"]
    subject = _subject(roots[0]) if roots else None
    if subject is None or subject.pos_ != "PROPN":
        return ""
    return doc[_name_start(subject) : subject.i + 1].text


def question_verb(nlp: Language, question: str) -> str:
    """The lemma of the question's main verb where it is one of content ("announce" in "On
    what date did X announce ...?"); "" for "be", "do", "have" and the like."""
    roots = [t for t in parsed(nlp, question) if t.dep_ == "ROOT"]
    if not roots or roots[0].pos_ != "VERB":
        return ""
    return roots[0].lemma_.lower()


@functools.lru_cache(maxsize=256)
def parsed(nlp: Language, text: str) -> Doc:
    """The parse of one sentence (cached: a sentence's figures, names and dates are read from
    one parse; never modified)."""
    return nlp(text, disable=["ner"])  # names come from the spans tagged at ingest


def _clause_verb(token: Token) -> Token:
    while token.head.i != token.i and token.pos_ not in ("VERB", "AUX"):
        token = token.head
    return token


def _subject(verb: Token) -> Token | None:
    while True:
        found = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if found:
            return found[0]
        if verb.dep_ not in _UP or verb.head.i == verb.i:
            return None
        verb = verb.head


_DO_FORMS = {"VBD": "did", "VBN": "did", "VBZ": "does", "VBP": "do"}  # VBN: no auxiliary, so past
_SUBJECT_PARTS = frozenset(
    {"compound", "det", "amod", "poss", "case", "nummod", "nmod", "flat"}  # case: "Halden's"
)
_WH_TAGS = frozenset({"WP", "WDT", "WRB", "WP$"})


def question_order(nlp: Language, clause: str) -> str:
    """An embedded question ("... tell me what Halden paid") in the order of a question: its
    auxiliary before the subject ("what is Halden paying", "when will the work begin", "who is
    the boss of Halden"), or "did / does / do" and the verb's lemma ("what did Halden pay");
    unchanged where its wh-phrase is the subject ("who won", "which firms are bidding") or the
    parse finds no subject after it."""
    doc = parsed(nlp, clause)
    found = _subject_and_verb(doc)
    if found is None or found[0] == 0:
        return clause
    start, root = found
    subject = next(t for t in doc[start:] if t.dep_ in ("nsubj", "nsubjpass"))
    owned = any(t.dep_ in ("det", "poss", "case") for t in doc[start : subject.i + 1])
    if (
        doc[start - 1].lower_ in ("which", "what", "whose")
        and not owned
        and subject.text[:1].islower()
    ):
        return clause  # "which New York team won": the wh-phrase is the subject, not "what
        # the board said", "what Halden's chief said" or "what VX-411 will cost"
    return _inverted(doc, start, root) or clause


def yes_no_order(nlp: Language, claim: str) -> str:
    """A claim as a Yes/No question ("Halden won the cup" -> "did Halden win the cup", "the
    ferry is running" -> "is the ferry running"); "" where the parse finds no subject first."""
    doc = parsed(nlp, claim)
    found = _subject_and_verb(doc)
    if found is None or found[0] != 0:
        return ""
    return _inverted(doc, 0, found[1])


def _subject_and_verb(doc: Doc) -> tuple[int, Token] | None:
    """Where the main clause's subject starts (its name, "Judge Corinne Vasquez", or its noun
    with what comes before it, "the boss", "her company") and its verb; None where it has no
    subject, a wh-word is its subject ("who won") or it is negated."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or any(t.dep_ == "neg" for t in root.children):
        return None
    subject = next((t for t in root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.tag_ in _WH_TAGS or subject.i > root.i:
        return None
    if subject.text[:1].islower() and any(t.tag_ in _WH_TAGS for t in subject.subtree):
        return None  # "how many people died", "which New York team won": the wh-phrase's
    start = subject.left_edge.i  # "the new 13-inch MacBook Pro", "Halden's chief executive"
    while (
        0 < start < subject.i
        and doc[start - 1].lower_ in ("which", "what", "whose")
        and doc[start].pos_ == "NOUN"
    ):
        start += 1  # "which firm Halden bought": the asked noun is no part of the subject
    if not any(t.tag_ in _WH_TAGS for t in doc[start : subject.i]):
        return start, root
    start = subject.i  # the parse hung the wh-phrase on the subject ("how long a prison
    while start > 0:  # sentence Judge Corinne Vasquez gave"): the name, or the noun with
        before = doc[start - 1]  # what comes before it
        if before.tag_ in _WH_TAGS or before.dep_ not in _SUBJECT_PARTS:
            break
        if subject.pos_ == "PROPN" and before.pos_ not in ("PROPN", "DET"):
            break
        start -= 1
    return start, root


def _inverted(doc: Doc, start: int, root: Token) -> str:
    """The clause with its auxiliary (or "did / does / do" and the verb's lemma) moved before
    the subject starting at `start`; "" where the verb has neither."""
    aux = next((t for t in root.children if t.dep_ in ("aux", "auxpass") and t.i > start), None)
    if aux is None and root.pos_ == "AUX":
        aux = root  # "who the boss of Halden is"
    if aux is not None and aux.text[:1] in "'’":
        return ""  # "it's raining": a clitic is not moved
    words = [t.text_with_ws for t in doc]
    if aux is not None:
        words[aux.i] = ""
        words[start] = f"{aux.lower_} {words[start]}"
    elif root.tag_ in _DO_FORMS and root.i > start:
        words[root.i] = root.lemma_ + root.whitespace_
        words[start] = f"{_DO_FORMS[root.tag_]} {words[start]}"
    else:
        return ""
    return " ".join("".join(words).split())
