"""Answer text and citations from chosen evidence sentences (pure: no store, no model)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.terms import content_words
from qa.evidence import Sentence
from qa.lexicon import QUOTE_WORDS
from qa.models import Citation

ABSTAIN_TEXT = "The articles don't say."


@dataclass(frozen=True)
class Quote:
    sentence: Sentence
    start: int  # absolute offsets of the quoted span (inside the sentence)
    end: int
    score: float


def clip(
    sentence: Sentence,
    focus: Sequence[str],
    max_words: int = QUOTE_WORDS,
    held: Sequence[str] = (),
) -> tuple[int, int]:
    """The window of at most `max_words` words of the sentence holding most focus words; one
    that holds every `held` word (the short answer's: the quote shows what it states) first."""
    words = list(re.finditer(r"\S+", sentence.text))
    if len(words) <= max_words:
        return sentence.start, sentence.end
    wanted, needed = set(focus), set(held)
    read = [set(content_words(w.group(0))) for w in words]
    hits = [bool(w & wanted) for w in read]

    def order(i: int) -> tuple[bool, int, int]:
        window = set().union(*read[i : i + max_words])
        return (needed <= window, sum(hits[i : i + max_words]), -i)

    best = max(range(len(words) - max_words + 1), key=order)
    first, last = words[best], words[best + max_words - 1]
    end = last.end()
    while end > first.start() and sentence.text[end - 1] in ",;:—-":
        end -= 1
    return sentence.start + first.start(), sentence.start + end


def quote_text(q: Quote) -> str:
    offset = q.sentence.start
    return q.sentence.text[q.start - offset : q.end - offset]


def attribution(sentence: Sentence) -> str:
    chunk = sentence.chunk
    date = chunk.published_at[:10]
    if chunk.source and date:
        return f"According to {chunk.source} ({date}): "
    if chunk.source:
        return f"According to {chunk.source}: "
    return ""


def citations_for(quotes: Sequence[Quote]) -> list[Citation]:
    out = []
    for n, q in enumerate(quotes, start=1):
        chunk = q.sentence.chunk
        out.append(
            Citation(
                n=n,
                article_id=chunk.article_id,
                title=chunk.title,
                source=chunk.source,
                url=chunk.url,
                published_at=chunk.published_at,
                quote=quote_text(q),
                start=q.start,
                end=q.end,
                score=round(q.score, 4),
            )
        )
    return out


def with_marker(q: Quote, n: int, attribute: bool) -> str:
    text = quote_text(q).rstrip()
    clipped = q.end < q.sentence.end
    body = f"{text}…" if clipped else text
    if attribute and attribution(q.sentence):
        body = attribution(q.sentence) + body
    if body[-1:] not in ".!?…\"”'’":
        body += "."
    return f"{body} [{n}]"


def answer_text(
    lead: str, quotes: Sequence[Quote], attribute: bool = True, every: bool = False
) -> str:
    """`lead` (a verdict or short span) then each quote with its marker; the first quote is
    attributed to its outlet, or (`every`) each one is."""
    parts = [lead] if lead else []
    parts += [
        with_marker(q, n, attribute and (every or n == 1)) for n, q in enumerate(quotes, start=1)
    ]
    return " ".join(parts)
