"""What an answer's buttons carry: enough to record a vote on it or share it, in 2000 characters.

The answer travels in the button's `value` rather than in process memory, so a vote still finds its
answer after a restart, on another `--workers` process, or for an ephemeral message (whose payload
Slack does not send back). Citations go as (n, article id, start, end) and are filled in from the
store; a question over 500 characters or an answer too long for the value is shortened.
"""

from __future__ import annotations

import json

from pydantic import BaseModel, Field, ValidationError

from ingest.store import Store
from newsdesk.errors import InputError
from qa.models import Answer, Citation

VALUE_CHARS = 2000  # Slack's limit on a button value
QUESTION_CHARS = 500  # kept whole up to this; the answer text gets what is left
MAX_CITATIONS = 10


class AnswerRef(BaseModel):
    """An answer in short field names (they count against the 2000 characters)."""

    q: str = Field(description="the question")
    a: str = Field(description="the answer text, with its [n] markers")
    x: bool = Field(default=False, description="abstained")
    m: str = Field(default="extractive", description="mode")
    c: list[tuple[int, str, int, int]] = Field(default_factory=list, description="n, id, span")
    t: str = Field(default="", description="ts of the question's message; '' for /newsdesk")
    h: str = Field(default="", description="ts of the thread the answer is in")
    cut: bool = Field(default=False, description="the answer text was shortened to fit")

    @classmethod
    def of(
        cls, question: str, answer: Answer, question_ts: str = "", thread_ts: str = ""
    ) -> AnswerRef:
        cites = [(c.n, c.article_id, c.start, c.end) for c in answer.citations[:MAX_CITATIONS]]
        return cls(
            q=question[:QUESTION_CHARS],
            a=answer.answer,
            x=answer.abstained,
            m=answer.mode,
            c=cites,
            t=question_ts,
            h=thread_ts,
        )

    def encode(self) -> str:
        """Compact JSON of at most `VALUE_CHARS` characters.

        Citations beyond what fits with an empty answer go first, then the answer text is cut,
        and only then (a question of escaped control characters) the question.
        """
        ref = self
        while ref.c and len(ref.model_copy(update={"a": ""})._json()) > VALUE_CHARS - 100:
            ref = ref.model_copy(update={"c": ref.c[:-1]})
        value = ref._json()
        while len(value) > VALUE_CHARS:
            excess = len(value) - VALUE_CHARS + 1
            if ref.a:
                ref = ref.model_copy(
                    update={"a": ref.a[: max(0, len(ref.a) - excess)], "cut": True}
                )
            else:
                ref = ref.model_copy(update={"q": ref.q[: max(0, len(ref.q) - excess)]})
            value = ref._json()
        return value

    @classmethod
    def decode(cls, value: str) -> AnswerRef:
        """The reference in a button value; InputError for anything this bot did not write."""
        try:
            return cls.model_validate_json(value)
        except ValidationError as exc:
            raise InputError(f"not a Newsdesk answer reference: {value[:80]!r}") from exc

    def answer(self, store: Store) -> Answer:
        """The `Answer` again: citation titles, outlets and quotes come back from the store."""
        return Answer(
            answer=self.a + ("…" if self.cut and self.a else ""),
            abstained=self.x,
            mode=self.m,
            citations=[_citation(store, *c) for c in self.c],
        )

    def _json(self) -> str:
        return json.dumps(self.model_dump(), ensure_ascii=False, separators=(",", ":"))


def _citation(store: Store, n: int, article_id: str, start: int, end: int) -> Citation:
    """The citation with its quote re-read from the article (empty if it has since been deleted)."""
    article = store.article(article_id)
    if article is None:
        return Citation(n=n, article_id=article_id, quote="", start=start, end=end)
    quote = article.text[start:end] if 0 <= start <= end <= len(article.text) else ""
    return Citation(
        n=n,
        article_id=article_id,
        title=article.title,
        source=article.source,
        url=article.url,
        published_at=article.published_at,
        quote=quote,
        start=start,
        end=end,
    )
