"""Content words: what keyword search and term-coverage scores look at (pure)."""

from __future__ import annotations

import re

STOPWORDS = frozenset(
    """a an and are as at be been but by can could did do does for from had has have he her his
    how i if in is it its of on or she so than that the their them then there these they this
    to was were what when where which while who whom whose why will with would you your about
    after into over under also not no yes""".split()
)
_WORD = re.compile(r"\w+")


def content_words(text: str) -> list[str]:
    """Lower-cased words of `text` without stopwords, in order, each once."""
    words = (w for w in _WORD.findall(text.lower()) if w not in STOPWORDS)
    return list(dict.fromkeys(words))
