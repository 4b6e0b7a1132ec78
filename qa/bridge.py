"""Bridge questions: a question that names one thing by what another article says of it ("Who
runs the battery maker that Harlow Motors is buying?") is answered in two hops: first the thing
("Which battery maker that Harlow Motors is buying?" -> Voltline), then the question about it
("Who runs Voltline?"), citing both passages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Span, Token

from qa import lexicon
from qa.clauses import parsed

_PRONOUNS = ("that", "which", "who", "whom", "whose")
_RELATIVE = re.compile(rf"\s(?:{'|'.join(_PRONOUNS)})\s", re.IGNORECASE)
_BY = re.compile(r"\w+ed\s+by\s")  # "the company led by ...": a passive participle
_VERB_GROUP = ("to", "be", "been", "being")
_TYPED = frozenset().union(*(nouns for nouns, _ in lexicon.NOUN_TYPES))
# What a question says before a described entity when it asks for that entity itself.
_ASKS_FOR_IT = re.compile(
    r"\bname\s+of\s*$|^\s*(?:who|what|which)\s+(?:is|was|are|were)\s*$"
    r"|^\s*(?:which|what)(?:\s+one)?\s+of\s*$|^\s*name\s*$",
    re.IGNORECASE,
)  # "What is the name of the man who ...?", "Who is the chairman who ...?", "Which of the firms
# owned by ...?", "Name the company that ...": the man, the chairman, the firm


@dataclass(frozen=True)
class Bridge:
    phrase: str  # the words that name the bridge entity ("the robot company that Corvane ...")
    inner: str  # the question that finds it ("Which robot company that Corvane is buying?")
    noun: str = ""  # what it is ("company"): the kind of name that can be it


def find_bridge(nlp: Language, question: str) -> Bridge | None:
    """The outermost relative clause on a typed noun ("company", "band", "man"), or a passive
    participle with its agent ("the company led by ..."), if any; the inner question is asked
    as a reader would ask it ("Which mayor beat ...?", "Which company is led by ...?")."""
    if not (_RELATIVE.search(question) or _BY.search(question)):
        return None
    doc = nlp(question)
    for token in doc:
        head = token.head
        if head.lower_ not in _TYPED or head.i == 0 or not _describes(token):
            continue
        first = head.left_edge.i
        words = [t for t in doc[first : head.i + 1] if t.dep_ not in ("det", "poss")]
        if not words or first == 0:
            continue
        end = token.right_edge.i + 1
        last = len(doc) - 1 if doc[-1].is_punct else len(doc)
        outside = [t for t in doc if t.i < first or t.i >= end]
        if (
            end == last
            and doc[end - 1].tag_.startswith("VB")
            and any(_auxiliary(t) for t in outside)
            and not any(t.pos_ == "VERB" and not _auxiliary(t) for t in outside)
        ):
            end -= 1  # "What position does the player who was traded to Kelso play?": the
            # question's own verb, which the parse took into the clause, with its verb group
            while end > token.i + 1 and (
                doc[end - 1].lower_ in _VERB_GROUP or doc[end - 1].tag_ in ("VB", "VBN")
            ):
                end -= 1  # "... to be let go?"
        if (
            any(t.text == "," for t in doc[head.i : end])
            and end < len(doc)
            and doc[end].text == ","
        ):
            end += 1  # "the company led by X, one of ..., based": the closing comma too
        phrase = doc[first:end].text
        if _ASKS_FOR_IT.search(question[: question.find(phrase)]):
            return None  # "What is the name of the man who ...?" asks for the man himself
        named = " ".join(t.text for t in words)
        inner = f"Which {_inner(named, doc[token.left_edge.i : end])}?"
        return Bridge(phrase, inner, head.lower_)
    return None


def side_clauses(nlp: Language, question: str) -> tuple[tuple[int, int], ...]:
    """Where the question adds a fact of its own to the one it asks about, as character ranges:
    a clause that describes a thing ("the man who told police he backs Halden", "the moon
    above which the team found water", "the firm led by Ada Brenn") or a second predicate
    ("Which app costs $5 and carries the Verlo Cup final?"). Another article than the one that
    answers may be the one that writes the names in them. Not a clause the question asks
    about ("Who is the man who founded Voltline?"), nor the question's own verb where the
    parse took it into the clause ("When did the firm that Ada Brenn founded sue Voltline?")."""
    doc = parsed(nlp, question)
    out = []
    for token in doc:
        if token.dep_ == "conj" and token.pos_ == "VERB" and token.head.dep_ == "ROOT":
            out.append((token.left_edge.i, token.right_edge.i + 1))
            continue  # (a verb joined to a clause's own is part of it: "who backs X and hates Y")
        if not _describes(token) or token.right_edge.i == token.left_edge.i:  # not a lone word
            continue
        noun = token.head.left_edge
        if _ASKS_FOR_IT.search(question[: noun.idx]):
            continue  # "What is the name of the firm that ...", "Name the firm that ..."
        first, end = token.left_edge.i, token.right_edge.i + 1
        outside = [t for t in doc if t.i < first or t.i >= end]
        if not any(
            (t.pos_ == "VERB" and not _auxiliary(t)) or (t.lemma_ == "be" and t.dep_ == "ROOT")
            for t in outside
        ):  # "When did the firm that ...": the question's own verb is in the clause
            verbs = [t for t in doc[token.i + 1 : end] if t.tag_.startswith("VB")]
            if not verbs:  # the question's own verb is in it, read as a noun ("... sue
                continue  # Voltline?"): where it ends is not known, so it is no side
            end = verbs[-1].i  # the question's own verb, with its auxiliaries ("is based in")
            while end > token.i + 1 and (
                _auxiliary(doc[end - 1]) or doc[end - 1].lower_ in _VERB_GROUP
            ):
                end -= 1
        out.append((first, end))
    return tuple(
        (doc[first].idx, doc[end - 1].idx + len(doc[end - 1].text))
        for first, end in out
        if end > first
    )


def _auxiliary(token: Token) -> bool:
    """ "does", "is", "has", "will": what the parse sometimes reads as a main verb."""
    return token.lemma_ in ("do", "be", "have") or token.tag_ == "MD"


def _describes(token: Token) -> bool:
    """A relative clause, or a passive participle with an agent ("led by Ada Brenn"); not one
    that only says who reported it ("the trial reported by the Ledger", "the deal that the
    Ledger reported on")."""
    if token.lemma_ in lexicon.REPORTING_LEMMAS:
        return False
    if token.dep_ == "relcl":
        return True
    return (
        token.dep_ == "acl"
        and token.tag_ == "VBN"
        and any(c.dep_ == "agent" for c in token.children)
    )


def _inner(named: str, clause: Span) -> str:
    """What the inner question says after "Which": the noun, then the clause as a question
    ("mayor beat ...", "company is led by ...", "company whose valuation fell ...": not
    "company's valuation", which asks for a valuation's kind of thing)."""
    appositions = [  # set off by a comma: "led by Ada Brenn, one of the founders,"
        child
        for t in clause
        for child in t.children
        if child.dep_ == "appos"
        and child.left_edge.i > 0
        and child.doc[child.left_edge.i - 1].text == ","
    ]
    aside = {t.i for a in appositions for t in a.subtree}
    kept = [t for t in clause if t.i not in aside]  # "led by Ada Brenn, one of the founders,"
    text = "".join(t.text_with_ws for t in kept).strip(" ,")
    if clause[0].dep_ == "acl":
        return f"{named} is {text}"
    pronoun = clause[0]
    rest = text[len(pronoun.text) :].lstrip()
    if pronoun.lower_ in _PRONOUNS and pronoun.dep_ in ("nsubj", "nsubjpass"):
        return f"{named} {rest}"
    return f"{named} {text}"
