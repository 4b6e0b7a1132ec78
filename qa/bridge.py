"""Bridge questions: a question that names one thing by what another article says of it ("Who
runs the battery maker that Harlow Motors is buying?") is answered in two hops: first the thing
("Which battery maker that Harlow Motors is buying?" -> Voltline), then the question about it
("Who runs Voltline?"), citing both passages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language

from qa import lexicon

_RELATIVE = re.compile(r"\s(?:that|which|who|whom|whose)\s", re.IGNORECASE)
_TYPED = frozenset().union(*(nouns for nouns, _ in lexicon.NOUN_TYPES))
# What a question says before a described entity when it asks for that entity itself.
_ASKS_FOR_IT = re.compile(
    r"\bname\s+of\s*$|^\s*(?:who|what)\s+(?:is|was|are|were)\s*$", re.IGNORECASE
)  # "What is the name of the man who ...?", "Who is the chairman who ...?": the man, the chairman


@dataclass(frozen=True)
class Bridge:
    phrase: str  # the words that name the bridge entity ("the robot company that Corvane ...")
    inner: str  # the question that finds it ("Which robot company that Corvane is buying?")


def find_bridge(nlp: Language, question: str) -> Bridge | None:
    """The outermost relative clause on a typed noun ("company", "band", "man"), if any."""
    if not _RELATIVE.search(question):
        return None
    doc = nlp(question)
    for token in doc:
        head = token.head
        if token.dep_ != "relcl" or head.lower_ not in _TYPED or head.i == 0:
            continue
        first = head.left_edge.i
        words = [t for t in doc[first : head.i + 1] if t.dep_ not in ("det", "poss")]
        if not words or first == 0:
            continue
        phrase = doc[first : token.right_edge.i + 1].text
        if _ASKS_FOR_IT.search(question[: question.find(phrase)]):
            return None  # "What is the name of the man who ...?" asks for the man himself
        clause = doc[token.left_edge.i : token.right_edge.i + 1].text
        named = " ".join(t.text for t in words)
        return Bridge(phrase, f"Which {named} {clause}?")
    return None
