"""Citation spans: every quote must be verbatim at its offsets in the stored article (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from qa.models import Citation


class CitationError(AssertionError):
    """A citation whose quote is not the stored text at its offsets: never shown to a user."""


def verify_citations(citations: Sequence[Citation], texts: Mapping[str, str]) -> None:
    for c in citations:
        text = texts.get(c.article_id)
        if text is None or text[c.start : c.end] != c.quote or not c.quote:
            raise CitationError(
                f"citation [{c.n}] does not match {c.article_id}[{c.start}:{c.end}]"
            )
