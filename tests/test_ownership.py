"""Whose figure a sentence gives (qa.ownership): the named subject of the amount's clause, read
from the real spaCy parse."""

from __future__ import annotations

import pytest

from ingest.entities import default_tagger
from qa.ownership import beaten, owners


def owners_of(sentence: str, figure: str) -> list[str]:
    at = sentence.index(figure)
    return owners(default_tagger().nlp, sentence, at, at + len(figure))


@pytest.mark.parametrize(
    ("sentence", "figure", "expected"),
    [
        ("Corvane Industries reported $2.10 a share.", "$2.10", ["Corvane Industries"]),
        ("Halden Group agreed to buy Kestrel for $48 million.", "$48 million", ["Halden Group"]),
        ("Analysts at Wall Street predicted $2.05 a share.", "$2.05", []),  # no name: "Analysts"
        ("Wall Street predicted $2.05 a share.", "$2.05", ["Wall Street"]),
        ("Both clubs received $250,000 fines.", "$250,000", []),
        ("The order is valued at $8.8 billion at list prices.", "$8.8 billion", []),
        ("It paid $31.5 million for the dairy, the company said.", "$31.5 million", []),
    ],
)  # fmt: skip
def test_the_named_subject_of_the_figures_clause_owns_it(
    sentence: str, figure: str, expected: list[str]
) -> None:
    assert owners_of(sentence, figure) == expected


@pytest.mark.parametrize(
    ("sentence", "name", "expected"),
    [
        ("Rosa Vidal was elected mayor, defeating incumbent Tom Ashby.", "Tom Ashby", True),
        ("Rosa Vidal was elected mayor, defeating incumbent Tom Ashby.", "Rosa Vidal", False),
        ("Holt Rowing won, beating Kessel Rowing Club by a length.", "Kessel Rowing Club", True),
        ("Mira Holt was defeated in the final by Ada Mwangi.", "Ada Mwangi", False),
        ("Mira Holt lost to Ada Mwangi in three sets.", "Mira Holt", True),
        ("Mira Holt lost to Ada Mwangi in three sets.", "Ada Mwangi", False),
    ],
)  # fmt: skip
def test_the_one_beaten_is_the_object_of_beating_or_the_subject_of_losing(
    sentence: str, name: str, expected: bool
) -> None:
    at = sentence.index(name)
    assert beaten(default_tagger().nlp, sentence, at, at + len(name)) is expected
