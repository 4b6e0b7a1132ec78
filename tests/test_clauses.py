"""Who did what in a sentence (qa.clauses): whose figure, who was beaten, what happened on a
date; read from the real spaCy parse."""

from __future__ import annotations

import pytest

from ingest.entities import default_tagger
from qa.clauses import (
    beaten,
    counted,
    counted_names,
    kind_asked,
    kind_written,
    owners,
    question_subject,
    question_verb,
    verb_of,
    won,
)
from qa.spans import asks_kind_of


def owners_of(sentence: str, figure: str) -> list[str]:
    at = sentence.index(figure)
    (names,) = default_tagger().tag([sentence])  # as ingest stores them
    tagged = [(e.start, e.end, e.label) for e in names]
    return owners(default_tagger().nlp, sentence, at, at + len(figure), tagged)


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
        ("Tom Ashby was defeated by Rosa Vidal.", "Tom Ashby", True),
    ],
)  # fmt: skip
def test_the_one_beaten_is_the_object_of_beating_or_the_subject_of_losing(
    sentence: str, name: str, expected: bool
) -> None:
    at = sentence.index(name)
    assert beaten(default_tagger().nlp, sentence, at, at + len(name)) is expected


def test_each_date_belongs_to_the_verb_of_its_clause() -> None:
    nlp = default_tagger().nlp
    sentence = (
        "The Kessel Bay ferry will sail on May 4, 2026, the harbour board announced on March 2."
    )
    for date, verb in (("May 4, 2026", "sail"), ("March 2", "announce")):
        at = sentence.index(date)
        assert verb_of(nlp, sentence, at, at + len(date)) == verb
    assert question_verb(nlp, "On what date did the harbour board announce the sailing?") == (
        "announce"
    )
    assert question_verb(nlp, "What is the sailing date of the Kessel Bay ferry?") == ""


@pytest.mark.parametrize(
    ("sentence", "figure", "expected"),
    [
        ("Dealers sold nearly 12.4 million new cars last year.", "12.4 million", "cars"),
        ("The club has 2 million members.", "2 million", "members"),
        ("Corvane reported revenue of 4.2 billion yuan.", "4.2 billion", ""),  # money
        ("It sold the unit for 40 million dollars.", "40 million", ""),
        ("Revenue rose to 4.2 billion in the quarter.", "4.2 billion", ""),  # counts nothing
        ("The order is worth 3 billion at list prices.", "3 billion", ""),
    ],
)  # fmt: skip
def test_a_figure_counts_the_noun_it_numbers_unless_that_is_money(
    sentence: str, figure: str, expected: str
) -> None:
    at = sentence.index(figure)
    assert counted(default_tagger().nlp, sentence, at, at + len(figure)) == expected


@pytest.mark.parametrize(
    ("sentence", "name", "expected"),
    [
        ("Rosa Vidal was elected mayor, defeating incumbent Tom Ashby.", "Rosa Vidal", True),
        ("Rosa Vidal was elected mayor, defeating incumbent Tom Ashby.", "Tom Ashby", False),
        ("Lena Okafor has won the 2024 Kessel Book Prize.", "Lena Okafor", True),
        ("The Kessel Book Prize was won by Lena Okafor.", "Lena Okafor", True),
        ("Mira Holt lost to Ada Mwangi in three sets.", "Ada Mwangi", False),
        ("Rosa Vidal praised Tom Ashby, who won the cup.", "Tom Ashby", True),
        ("Rosa Vidal praised Tom Ashby, who won the cup.", "Rosa Vidal", False),
    ],
)  # fmt: skip
def test_the_winner_is_the_subject_of_winning_or_of_being_elected(
    sentence: str, name: str, expected: bool
) -> None:
    at = sentence.index(name)
    assert won(default_tagger().nlp, sentence, at, at + len(name)) is expected


def test_the_subject_of_a_question_is_a_name_or_nothing() -> None:
    nlp = default_tagger().nlp
    assert question_subject(nlp, "Did Tom Ashby win re-election as mayor?") == "Tom Ashby"
    assert question_subject(nlp, "Did the home team win the cup?") == ""


def test_what_kind_of_thing_is_read_from_the_words_before_its_noun() -> None:
    nlp = default_tagger().nlp
    question = "What type of Ruritanian drone did the army say it shot down?"
    assert asks_kind_of(question) and not asks_kind_of("Which drone did the army shoot down?")
    assert kind_asked(nlp, question) == "drone"
    assert kind_asked(nlp, "What kind of drone hit the Halden depot?") == "drone"
    assert kind_asked(nlp, "What kind of batteries does the Tessel arm use?") == "batteries"
    asked = set(question.lower().rstrip("?").split())
    said = "The damaged drone, a Ruritanian Falcon drone, was shot down near the border."
    assert kind_written(nlp, said, "drone", asked) == "Falcon drone"
    assert kind_written(nlp, "The army said the new drone was shot down.", "drone", asked) == ""
    cells = "The arm runs on two solid-state batteries."
    assert kind_written(nlp, cells, "batteries", set()) == "solid-state batteries"


@pytest.mark.parametrize(
    ("text", "figure", "names"),
    [
        ("Halden ordered 30 Vesta jets on Monday.", "30", {"vesta"}),
        ("Halden agreed to buy 30 of Vesta's 787 jets.", "30", {"vesta"}),
        ("How many Orin jets did Halden order?", "many", {"orin"}),
        ("Halden ordered 30 new jets on Monday.", "30", set()),
        ("Sales rose to 12 on Monday.", "12", set()),
    ],
)
def test_the_names_that_qualify_what_a_figure_counts(
    text: str, figure: str, names: set[str]
) -> None:
    at = text.index(figure)
    assert counted_names(default_tagger().nlp, text, at, at + len(figure)) == names
