"""Questions as people type them into a chat box read as the questions they wrap
(qa.query.plain_question)."""

from __future__ import annotations

import pytest

from qa.query import plain_question, prepare_query


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("Can you tell me who won the Kessel Cup?", "Who won the Kessel Cup?"),
        (
            "Could you please let me know when the Orin ferry starts",
            "When does the Orin ferry start?",
        ),
        ("Tell me who runs Brightline Holdings.", "Who runs Brightline Holdings?"),
        ("Do you know who runs Brightline Holdings?", "Who runs Brightline Holdings?"),
        ("Does anyone know how much Harlow paid?", "How much did Harlow pay?"),
        ("I'd like to know what Harlow sold", "What did Harlow sell?"),
        ("I’m wondering which team won the Kessel Cup", "Which team won the Kessel Cup?"),
        ("I wonder who sentenced the treasurer.", "Who sentenced the treasurer?"),
        ("Quick question: who runs Brightline?", "Who runs Brightline?"),
        ("Hi, when does the Orin ferry start?", "When does the Orin ferry start?"),
        ("hey - who won the kessel cup please", "Who won the kessel cup?"),
        ("Who won the Kessel Cup, please?", "Who won the Kessel Cup?"),
        ("Name the firm that bought Orin Ferries.", "Which firm bought Orin Ferries?"),
        ("Identify the two clubs that merged", "Which two clubs merged?"),
        ("Name the person who sentenced the treasurer", "Who sentenced the treasurer?"),
        ("Give me the name of the judge who sentenced him", "Which judge sentenced him?"),
        ("Give me the date of the Orin ferry launch", "What is the date of the Orin ferry launch?"),
        ("Tell me the price of the Harlow deal.", "What is the price of the Harlow deal?"),
        ("Name the winner of the Kessel Cup", "Who is the winner of the Kessel Cup?"),
        (
            "Name the 2021 Kessel Open women's singles champion.",
            "Who is the 2021 Kessel Open women's singles champion?",
        ),
        ("Name the 2024 Kessel Cup champions", "Who are the 2024 Kessel Cup champions?"),
        ("Give me his age.", "What is his age?"),
        ("ok so which team won the Kessel Cup?", "Which team won the Kessel Cup?"),
        ("Any idea when building work will begin?", "When will building work begin?"),
        (
            "I want to know the town where the Kessel Choir played on Friday.",
            "Which town did the Kessel Choir play on Friday?",
        ),
        (
            "could you tell me what the new 13-inch Orin Pad with the folding keyboard will cost",
            "What will the new 13-inch Orin Pad with the folding keyboard cost?",
        ),
        (
            "Could you tell me how many people died in the fire?",
            "How many people died in the fire?",
        ),
        ("Tell me which New York team won the series", "Which New York team won the series?"),
        ("Tell me what Halden's chief executive said", "What did Halden's chief executive say?"),
        ("Do you know if it's raining in Orin?", "Is it true that it's raining in Orin?"),
        ("Do you know whether or not Harlow won?", "Did Harlow win?"),
        ("Who's won the most Kessel Cups?", "Who has won the most Kessel Cups?"),
        ("Name the towns hit by the storm", "What are the towns hit by the storm?"),
        ("Who's the boss of Brightline?", "Who is the boss of Brightline?"),
        ("what’re the Orin ferry's fares", "What are the Orin ferry's fares?"),
        ("Tell me what's on at the Orin Hall", "What is on at the Orin Hall?"),
        (
            "Tell me what Harlow is paying for Orin Ferries",
            "What is Harlow paying for Orin Ferries?",
        ),
        (
            "Do you know what Harlow Motors paid for the van unit?",
            "What did Harlow Motors pay for the van unit?",
        ),
        ("Any idea where the Kessel Choir played?", "Where did the Kessel Choir play?"),
        ("Tell me who the boss of Brightline is.", "Who is the boss of Brightline?"),
        (
            "I wonder when work will begin on the Orin pier",
            "When will work begin on the Orin pier?",
        ),
        ("Can you tell me which firm Harlow bought?", "Which firm did Harlow buy?"),
        ("Do you know which firms are bidding for Orin?", "Which firms are bidding for Orin?"),
        ("Tell me how many jobs the Orin plant lost", "How many jobs did the Orin plant lose?"),
        (
            "Can you tell me whether the Orin ferry runs on Sundays?",
            "Is it true that the Orin ferry runs on Sundays?",
        ),
        ("Do you know if Harlow sold its van unit?", "Did Harlow sell its van unit?"),
        ("Could you tell me if the pier was rebuilt?", "Was the pier rebuilt?"),
        (
            "Do you know if there is a ferry on Sundays?",
            "Is it true that there is a ferry on Sundays?",
        ),
        ("Do you know if Harlow did not sell?", "Is it true that Harlow did not sell?"),
    ],
)
def test_a_wrapped_question_reads_as_the_question_it_wraps(typed: str, asked: str) -> None:
    assert plain_question(typed) == asked


@pytest.mark.parametrize(
    "question",
    [
        "Who won the Kessel Cup?",
        "Tell me about the Orin ferry",  # no question inside: a topic, kept as typed
        "So-called experts said what?",
        "Did Harlow sell its van unit?",
        "Is it true that Harlow sold its van unit?",
        "Which firm told me nothing?",
        "Name?",
        "So far this year, how many ferries ran?",  # openers only before punctuation or a
        "OK Orin was released in which year?",  # wh-word; wrappers and titles in capitals
        "Please Please Orin was recorded where?",
        "Show Me the Orin was a catchphrase from which film?",
        "Tell Me Why was written by whom?",
        "Who was The Who's first drummer?",
        "Who sang Pretty Please?",
        "So-called experts said what?",
        "Hi there",
        "Tell me a joke",
        "Tell me if ?",
    ],
)
def test_other_questions_are_kept_as_typed(question: str) -> None:
    assert plain_question(question) == question


def test_a_wrapped_yes_no_question_is_a_verdict_and_a_wrapped_wh_question_is_not() -> None:
    wrapped = prepare_query(plain_question("Do you know if the Orin ferry runs?"), "", [])
    assert wrapped.verdict
    asked = prepare_query(plain_question("Can you tell me who runs the Orin ferry?"), "", [])
    assert not asked.verdict and asked.wh == "who"
    assert prepare_query("Can you tell me who runs the Orin ferry?", "", []).verdict  # unwrapped
