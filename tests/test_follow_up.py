"""Follow-up questions read as the standalone questions they stand for (qa.followup)."""

from __future__ import annotations

import pytest

from ingest.entities import default_tagger
from qa.followup import Reading, read_follow_up
from qa.models import Turn
from qa.spans import age_of_asked, asks_figure, expected_kind, in_question


def turns(*texts: str) -> list[Turn]:
    return [
        Turn(role="user" if n % 2 == 0 else "assistant", content=t) for n, t in enumerate(texts)
    ]


RUNS = turns(
    "Who runs Orin Ferries?",
    "Mara Kestel. Mara Kestel, a former harbour pilot, has run Orin Ferries since 2019. [1]",
)
DOCTOR = turns(
    "Who is the new president of Selby College?",
    "Dr. Ines Varro. Selby College has appointed Dr. Ines Varro as its president. [1]",
)
CUP = turns(
    "who won the Kessel Cup in 2024",
    "Dunmore Rovers. Dunmore Rovers won the Kessel Cup on Sunday, beating Ashby Town 2-1. [1]",
)
VOTES = turns(
    "How many votes did Tom Brell get in the Selby mayoral race?",
    "6,412. Tom Brell won 6,412 votes to Ada Grint's 5,980, the clerk said. [1]",
)
MARATHON = turns(
    "What was the winning time in the men's Selby Marathon in 2023?",
    "2:14:09. Samuel Oyelaran won the Selby Marathon in 2:14:09. [1]",
)
COST = turns(
    "What module price is Norland aiming for by 2030?",
    "$0.10 per watt. Norland wants module prices to fall from $0.23 per watt today to $0.10. [1]",
)
RECORD = turns(
    "What is the Harriers' record now?",
    "4-7. At 4-7, and 0-3 in their division, the Harriers would miss the playoffs. [1]",
)
LOWER = turns(
    "when did orbix launch",
    "Tuesday. The game service, Orbix, launched on Tuesday in 14 countries. [1]",
)
KIDNAP = turns(
    "Who kidnapped the girl in Selby?",
    "Michael Dorne. The man who kidnapped the child, Michael Dorne, was sentenced to life. [1]",
    "where did police find her?",
    "In a clothes basket. Officers found her in a clothes basket in the attic. [1]",
)


@pytest.mark.parametrize(
    ("history", "question", "standalone"),
    [
        (RUNS, "How old is she?", "How old is Mara Kestel?"),
        (RUNS, "what did she do before that?", "what did Mara Kestel do before that?"),
        (DOCTOR, "where does she work now?", "where does Dr. Ines Varro work now?"),
        (DOCTOR, "what was her last job?", "what was Dr. Ines Varro's last job?"),
        (CUP, "who's their manager?", "who's Dunmore Rovers' manager?"),
        (VOTES, "and Ada Grint?", "How many votes did Ada Grint get in the Selby mayoral race?"),
        (
            MARATHON,
            "and the women's?",
            "What was the winning time in the women's Selby Marathon in 2023?",
        ),
        (MARATHON, "and 2022?", "What was the winning time in the men's Selby Marathon in 2022?"),
        (KIDNAP, "how old is he?", "how old is Michael Dorne?"),  # two turns back: a person
        (RECORD, "and in their division?", "What is the Harriers' record now in their division?"),
        (LOWER, "how much does it cost a month", "how much does Orbix cost a month"),
        (VOTES, "And Grint?", "How many votes did Grint get in the Selby mayoral race?"),
    ],
)
def test_follow_ups_are_read_as_standalone_questions(
    history: list[Turn], question: str, standalone: str
) -> None:
    reading = read_follow_up(default_tagger().nlp, question, history)
    assert reading.question == standalone
    assert reading.context == ""


def test_it_after_a_figure_is_the_thing_measured_and_the_topic_is_carried() -> None:
    reading = read_follow_up(default_tagger().nlp, "and what is it today?", COST)
    assert reading.question == "what is the module price today?"
    assert set(reading.context.split()) == {"norland", "aiming", "2030"}  # an untyped phrase


def test_a_new_question_is_left_alone_and_carries_nothing() -> None:
    nlp = default_tagger().nlp
    for question in (
        "Who founded Blue Harbor Labs in 2001?",
        "how many soldiers died when their helicopter crashed in Kandor?",  # their: the soldiers
        "Who is the director of Selby Transit? They run the trams.",
    ):
        reading = read_follow_up(nlp, question, RUNS)
        assert (reading.question, reading.context) == (question, ""), question


def test_a_question_that_still_leans_on_the_conversation_carries_its_words() -> None:
    nlp = default_tagger().nlp
    reading = read_follow_up(nlp, "who was the referee?", CUP)
    assert reading.question == "who was the referee?"
    assert {"kessel", "cup", "2024"} <= set(reading.context.split())
    # no earlier name fits: the pronoun stays and the words are carried
    unresolved = read_follow_up(nlp, "how old is he?", turns("When did the pier reopen?", "May 3."))
    assert unresolved.question == "how old is he?" and "pier" in unresolved.context


def test_no_earlier_name_is_taken_from_an_abstention_a_verdict_or_a_place() -> None:
    nlp = default_tagger().nlp
    abstained = turns("Who owns the Selby pier?", "The articles don't say.")
    assert read_follow_up(nlp, "how old is he?", abstained).question == "how old is he?"
    verdict = turns("Did Tom Brell win?", "Yes. Tom Brell won 6,412 votes. [1]")
    assert read_follow_up(nlp, "how old is he?", verdict).question == "how old is Tom Brell?"
    place = turns(
        "Where was the Orin ferry built?",
        "Ashby. The Orin ferry was built in Ashby by a local yard. [1]",
    )
    assert "Ashby" not in read_follow_up(nlp, "How much did it cost?", place).question
    assert read_follow_up(nlp, "How much did it cost?", turns()).question == "How much did it cost?"


def test_no_history_no_change() -> None:
    reading = read_follow_up(default_tagger().nlp, "How old is she?", [])
    assert reading == Reading("How old is she?", "")


def test_a_leaning_follow_up_keeps_the_earlier_question_as_its_topic() -> None:
    nlp = default_tagger().nlp
    assert (
        read_follow_up(nlp, "who was the referee?", CUP).topic == "who won the Kessel Cup in 2024"
    )
    assert read_follow_up(nlp, "Who did they beat?", CUP).topic == ""  # it stands alone
    longer = [*CUP, *turns("how many fans were there?", "8,300. There were 8,300 fans. [1]")]
    # the latest earlier question names nothing: the one before it gives the story
    assert read_follow_up(nlp, "who was the referee?", longer).topic == (
        "who won the Kessel Cup in 2024"
    )


PHONE = turns(
    "What phone did Orvex launch on Tuesday?",
    "The Nova 3. Orvex launched the Nova 3 on Tuesday, priced at $799. [1]",
)
BILL = turns(
    "Who signed the abortion bill in Alabama?",
    "Gov. Kay Ivey. Gov. Kay Ivey signed the bill on Wednesday night. [1]",
)
CLUB = turns(
    "Which club signed Tomas Brecht?",
    "Leeds United. Leeds United signed Tomas Brecht for £12m on Friday. [1]",
)
TERMINAL = turns(
    "Which terminal closed after the fire?",
    "Terminal 5. Terminal 5 closed after the fire on Sunday. [1]",
)
STRIKE = turns(
    "How many nurses went on strike in Selby?",
    "About 4,000. About 4,000 nurses walked out across Selby on Monday. [1]",
)
PREMIER = turns(
    "Who is the prime minister of Vellmark?",
    "Lena Dahl. Lena Dahl became prime minister of Vellmark in 2021. [1]",
)


@pytest.mark.parametrize(
    ("history", "question", "standalone"),
    [
        (
            BILL,
            "when does it take effect",
            "when does the abortion bill take effect",
        ),  # not Alabama
        (
            turns("Where did Orvex show off the new e-tron Roadster?", "Selby. It was shown. [1]"),
            "how much will it cost?",
            "how much will the new e-tron Roadster cost?",  # the word the parser cut at "-"
        ),
        (CLUB, "how old is he?", "how old is Tomas Brecht?"),  # a club is no "he"
        (CLUB, "who is their manager?", "who is Leeds United's manager?"),
        (TERMINAL, "when will it reopen?", "when will Terminal 5 reopen?"),
        (PHONE, "and in Europe?", "What phone did Orvex launch on Tuesday in Europe?"),
        (STRIKE, "and in Ashby?", "How many nurses went on strike in Ashby?"),
        (STRIKE, "what about doctors?", "How many doctors went on strike in Selby?"),
        (PREMIER, "and of Norland?", "Who is the prime minister of Norland?"),
        (
            MARATHON,
            "and last year?",
            "What was the winning time in the men's Selby Marathon in 2022?",
        ),
    ],
)
def test_review_cases(history: list[Turn], question: str, standalone: str) -> None:
    assert read_follow_up(default_tagger().nlp, question, history).question == standalone


@pytest.mark.parametrize(
    "question",
    [
        "How long did it take to build the Channel Tunnel?",
        "Is it true that Vantor bought Glimmer?",
        "What time is it in Tokyo?",
        "Is it going to rain in Selby tomorrow?",
        "Why is it called the Big Apple?",
    ],
)
def test_an_it_that_stands_for_nothing_earlier_is_left_alone(question: str) -> None:
    reading = read_follow_up(default_tagger().nlp, question, RUNS)
    assert (reading.question, reading.context) == (question, "")


SCORER = turns(
    "Who scored the winner for Dunmore Rovers?",
    "Liam Carter. Liam Carter scored the winner for Dunmore Rovers in the 88th minute. [1]",
)
ARREST = turns(
    "Who was arrested over the Marlow bank robbery?",
    "Dean Holt. Police arrested Dean Holt on Tuesday. [1]",
)
MEASLES = turns(
    "How many measles cases were reported in Ohio in January?",
    "41. Ohio reported 41 measles cases in January. [1]",
)
BOSS = turns(
    "Who is the CEO of Halvard Motors?",
    "Ines Okafor. Ines Okafor took over as chief executive of Halvard Motors in March. [1]",
)


@pytest.mark.parametrize(
    ("history", "question", "standalone"),
    [
        (
            SCORER,
            "how old is he and where was he born?",
            "how old is Liam Carter and where was Liam Carter born?",
        ),  # one "he", one name
        (ARREST, "has he been charged?", "has Dean Holt been charged?"),  # "Who ...?": a person
        (MEASLES, "and in February?", "How many measles cases were reported in Ohio in February?"),
        (CUP, "thanks! and in 2022?", "who won the Kessel Cup in 2022"),
        (CUP, "ok thanks. who is their manager?", "who is Dunmore Rovers' manager?"),
        (PHONE, "is it waterproof?", "is The Nova 3 waterproof?"),
    ],
)
def test_second_review_cases(history: list[Turn], question: str, standalone: str) -> None:
    assert read_follow_up(default_tagger().nlp, question, history).question == standalone


@pytest.mark.parametrize("question", ["and him?", "and the year before?", "and the winner?"])
def test_an_ellipsis_without_a_slot_leans_on_the_conversation(question: str) -> None:
    reading = read_follow_up(default_tagger().nlp, question, BOSS)
    assert reading.question == question and reading.topic == "Who is the CEO of Halvard Motors?"


def test_a_follow_up_that_cannot_be_placed_leans_instead() -> None:
    nlp = default_tagger().nlp
    runner = read_follow_up(
        nlp, "and the runner-up?", turns("Who won the Selby race?", "Ada Grint.")
    )
    assert runner.question == "and the runner-up?" and "selby" in runner.context


def test_an_age_written_after_the_asked_name_is_that_persons() -> None:
    sentence = "Barely a week ago, Marek, 35, had scored just once in ten games."
    assert age_of_asked("How old is Tomas Marek?", sentence, "35")
    assert not age_of_asked("How old is Ada Grint?", sentence, "35")
    assert not age_of_asked("How many games did Marek play?", sentence, "35")


def test_an_age_is_asked_in_other_words_too() -> None:
    sentence = "Barely a week ago, Marek, 35, had scored just once in ten games."
    assert age_of_asked("What is Tomas Marek's age?", sentence, "35")
    assert age_of_asked("What is the age of Tomas Marek?", sentence, "35")
    for question in ("What is Tomas Marek's age?", "What is his age?", "how old is he"):
        assert expected_kind("what", question) == "quantity" and asks_figure("what", question)
    assert expected_kind("what", "What is the minimum age of entry?") == "quantity"


def test_a_short_answer_ends_at_its_first_full_stop_or_comma() -> None:
    nlp = default_tagger().nlp
    reply = "Owen Talbot, currently the company's chief financial officer."
    history = turns("Who will run Brightwater Foods?", reply)
    assert read_follow_up(nlp, "How old is he?", history).question == "How old is Owen Talbot?"
    quote = turns(
        "What did Hal Voss say?", "According to Selby Post: Hal Voss, the chief, said no. [1]"
    )
    assert read_follow_up(nlp, "How old is he?", quote).question == "How old is Hal Voss?"


def test_an_initial_does_not_make_another_name() -> None:
    asked = {"who", "is", "patrick", "carlin", "s", "lawyer"}
    assert in_question("Patrick W. Carlin", asked)
    assert not in_question("Sonya A. Zoller", asked)
