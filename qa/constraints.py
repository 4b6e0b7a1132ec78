"""The key constraints of a question, and whether an article meets them (pure functions).

A passage about the right topic does not answer a question that names a year its article never
mentions ("Who won the 2025 regatta?" against an article on the 2024 one): such evidence cannot
support an answer, however similar it reads.

Only years are held to it. Proper names were tried too (a name counted as mentioned when half of
its words occur in the article): on the dev splits they cost correct answers and abstention
precision (rgb 0.926/0.750 -> 0.889/0.708 on the two halves, multihop abstention precision
0.95/1.0 -> 0.905/0.889) for one more abstention on our own set, because questions paraphrase
and misspell names. Years alone are neutral on both halves of both dev sets and fix wrong-year
answers on ours; names wait for a real NER with aliases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class Constraints:
    years: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.years)


def key_constraints(question: str) -> Constraints:
    """The years a supporting article must mention."""
    return Constraints(tuple(dict.fromkeys(_YEAR.findall(question))))


def unmet(constraints: Constraints, article_text: str, published_at: str = "") -> list[str]:
    """The constraints the article (its title and text) does not meet: a year is met when the
    text names it or the article was published in it."""
    return [y for y in constraints.years if y not in article_text and y != published_at[:4]]
