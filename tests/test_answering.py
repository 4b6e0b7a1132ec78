"""The answering chain over a real store (fake embedder): citations, abstention, follow-ups."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from langchain_core.runnables import Runnable

from ingest.models import Filters
from ingest.pipeline import ingest_paths
from ingest.store import Store
from newsdesk.errors import QuestionError
from newsdesk.settings import Settings
from qa.langchain_retriever import NewsdeskRetriever
from qa.models import Turn
from qa.query import prepare_query
from qa.retrieval import Retrieved
from qa.service import QAService

ARTICLES = [
    {
        "id": "space",
        "title": "Blue Origin courts the White House",
        "source": "Orbit Daily",
        "published_at": "2025-06-10",
        "body": "Blue Origin chief executive Dave Limp met the White House chief of staff on"
        " Monday. The meeting lasted two hours. Blue Origin has seven government launches.",
    },
    {
        "id": "port",
        "title": "Port strike ends",
        "source": "Harbour Times",
        "published_at": "2024-03-14",
        "body": "Dock workers returned to work after the union accepted a pay offer. "
        "Union secretary Maria Lopez said members approved the deal by a wide margin.",
    },
    {
        "id": "port-2",
        "title": "Strike over at the port",
        "source": "City Wire",
        "published_at": "2024-03-15",
        "body": "The port authority said ships would be cleared within ten days after the strike.",
    },
]


@pytest.fixture
def service(tmp_path: Path, store: Store) -> QAService:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in ARTICLES), encoding="utf-8")
    assert ingest_paths([corpus], store).added == 3
    return QAService(Settings(store=tmp_path, abstain_threshold=0.5), store)


def verbatim(store: Store, answer) -> None:  # type: ignore[no-untyped-def]
    for c in answer.citations:
        assert store.article(c.article_id).text[c.start : c.end] == c.quote


def test_answers_lead_with_the_span_and_cite_verbatim(service: QAService, store: Store) -> None:
    answer = service.ask("Who met the White House chief of staff?")
    assert not answer.abstained and answer.mode == "extractive"
    assert answer.answer.startswith("Dave Limp.") and "[1]" in answer.answer
    assert answer.lead == "Dave Limp"
    assert answer.citations[0].article_id == "space" and answer.citations[0].n == 1
    verbatim(store, answer)
    assert set(answer.timings_ms) == {"retrieve", "answer", "total"}


def test_unrelated_questions_abstain_plainly(service: QAService, store: Store) -> None:
    answer = service.ask("What is the boiling point of mercury in kelvin?")
    assert answer.abstained and answer.answer.startswith("The articles don't say.")
    verbatim(store, answer)


def test_questions_about_missing_outlets_abstain(service: QAService) -> None:
    answer = service.ask("What did the Bloomberg article say about the port strike pay offer?")
    assert answer.abstained and "Bloomberg" in answer.answer


def test_an_answer_from_another_outlet_than_the_one_named_abstains(service: QAService) -> None:
    named = service.ask("According to Harbour Times, who met the White House chief of staff?")
    assert named.abstained and "Orbit Daily, not Harbour Times" in named.answer, named.answer
    assert service.ask("According to Orbit Daily, who met the White House chief of staff?").lead


def test_follow_up_uses_the_conversation_but_not_its_citations(service: QAService) -> None:
    first = service.ask("Who accepted the pay offer at the port?")
    history = [
        Turn(role="user", content="Who accepted the pay offer at the port?"),
        Turn(role="assistant", content=first.answer),
    ]
    follow = service.ask("And who said members approved it?", history)
    assert not follow.abstained and "Maria Lopez" in follow.answer
    switch = service.ask("How many government launches does Blue Origin have?", history)
    assert "seven" in switch.answer
    assert {c.article_id for c in switch.citations} == {"space"}, "no citation carried over"


def test_filters_restrict_the_evidence(service: QAService) -> None:
    answer = service.ask(
        "What happened after the port strike?", filters=Filters(source="city wire")
    )
    assert answer.citations and {c.source for c in answer.citations} == {"City Wire"}
    dated = service.ask("What happened at the port?", filters=Filters(until="2024-03-14"))
    assert dated.retrieved and all(r.startswith("port#") for r in dated.retrieved)
    window = Filters(since="2024-03-15", until="2024-12-31")
    assert {r.split("#")[0] for r in service.ask("port strike", filters=window).retrieved} == {
        "port-2"
    }


def test_the_chain_is_a_langchain_runnable(service: QAService) -> None:
    assert isinstance(service.chain, Runnable)


def test_retriever_plugs_into_langchain(service: QAService, store: Store) -> None:
    retriever = NewsdeskRetriever(store=store, k=2)
    docs = retriever.invoke("union pay offer dock workers")
    assert docs and docs[0].metadata["article_id"] == "port"
    for doc in docs:
        meta = doc.metadata
        assert store.article(meta["article_id"]).text[meta["start"] : meta["end"]] == (
            doc.page_content
        )


def test_odd_questions_get_clear_errors_or_answers(service: QAService) -> None:
    with pytest.raises(QuestionError, match="too long"):
        service.ask("Who met the chief of staff? " * 200)
    with pytest.raises(QuestionError, match="empty"):
        service.ask(" \x00 ")
    assert service.ask("Who met the \x005\x00 chief of staff?").citations


def test_a_year_no_evidence_mentions_is_not_answered_from_another_year(
    tmp_path: Path, store: Store
) -> None:
    regattas = [
        {
            "id": f"regatta-{year}",
            "title": f"{year} harbour regatta",
            "source": "Harbour Times",
            "published_at": f"{year}-06-02",
            "body": f"The crew from {crew} won the harbour regatta in {year} by two lengths. "
            "Thousands of spectators lined the quay.",
        }
        for year, crew in (("2023", "Kessel Bay"), ("2024", "Port Amber"))
    ]
    corpus = tmp_path / "r.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in regattas), encoding="utf-8")
    ingest_paths([corpus], store)
    service = QAService(Settings(store=tmp_path, abstain_threshold=0.5), store)
    assert "Port Amber" in service.ask("Which crew won the harbour regatta in 2024?").answer
    missing = service.ask("Which crew won the harbour regatta in 2025?")
    assert missing.abstained and "do not mention 2025" in missing.answer


def test_a_name_no_evidence_mentions_is_not_answered_from_another_one(
    tmp_path: Path, store: Store
) -> None:
    results = [
        {
            "id": "target",
            "title": "Target lifts its outlook",
            "source": "Market Desk",
            "published_at": "2024-11-20",
            "body": "Target reported third-quarter earnings of $1.85 per share on Tuesday. "
            "Chief executive Brian Cornell said shoppers returned for the holidays.",
        }
    ]
    corpus = tmp_path / "t.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in results), encoding="utf-8")
    ingest_paths([corpus], store)
    service = QAService(Settings(store=tmp_path, abstain_threshold=0.3), store)
    assert "1.85" in service.ask("What were Target's third-quarter earnings per share?").answer
    other = service.ask("What were Walmart's third-quarter earnings per share?")
    assert other.abstained and "do not mention Walmart" in other.answer


def test_an_amount_is_never_taken_from_an_article_set_aside_by_the_constraints(
    tmp_path: Path, store: Store
) -> None:
    results = [
        {
            "id": "target",
            "title": "Target lifts its outlook",
            "source": "Market Desk",
            "published_at": "2024-11-20",
            "body": "Target reported third-quarter earnings of $1.85 per share on Tuesday.",
        },
        {
            "id": "walmart",
            "title": "Walmart to report on Thursday",
            "source": "Market Desk",
            "published_at": "2024-11-19",
            "body": "Walmart will report third-quarter earnings on Thursday, after Target.",
        },
    ]
    corpus = tmp_path / "t.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in results), encoding="utf-8")
    ingest_paths([corpus], store)
    service = QAService(Settings(store=tmp_path, abstain_threshold=0.3), store)
    answer = service.ask("How much were Walmart's third-quarter earnings per share?")
    assert answer.abstained, answer.answer
    assert "1.85" not in answer.answer


def test_a_passage_about_another_event_does_not_answer_for_the_one_asked(
    tmp_path: Path, store: Store
) -> None:
    snippets = [  # search snippets: no titles, so no article-level name check
        {
            "id": "halden-open",
            "title": "",
            "source": "Court Wire",
            "published_at": "2025-09-08",
            "body": "Mira Holt won the women's title at the 2025 Halden Open, beating Ada Mwangi"
            " in the final.",
        },
        {
            "id": "corvane-tickets",
            "title": "",
            "source": "Court Wire",
            "published_at": "2025-03-02",
            "body": "Tickets for the women's draw of the 2025 Corvane Open go on sale in May.",
        },
    ]
    corpus = tmp_path / "s.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in snippets), encoding="utf-8")
    ingest_paths([corpus], store)
    service = QAService(Settings(store=tmp_path, abstain_threshold=0.1), store)
    asked = "Who won the women's title at the Corvane Open in 2025?"
    other = service.ask(asked)  # the only Corvane passage names no winner
    assert other.abstained, other.answer
    assert "Mira Holt" not in other.answer
    halden = service.ask(asked.replace("Corvane", "Halden")).answer
    assert halden.startswith("Mira Holt."), halden
    snippets.append(
        {
            "id": "corvane-open",
            "title": "",
            "source": "Court Wire",
            "published_at": "2025-07-12",
            "body": "Lena Okafor took the 2025 Corvane Open women's title in three sets.",
        }
    )
    corpus.write_text("\n".join(json.dumps(a) for a in snippets), encoding="utf-8")
    ingest_paths([corpus], store)
    assert service.ask(asked).answer.startswith("Lena Okafor."), service.ask(asked).answer


def test_a_figure_another_company_reported_does_not_answer_for_the_one_asked(
    tmp_path: Path, store: Store
) -> None:
    results = [
        {
            "id": "retail",
            "title": "Corvane and Halden report",
            "source": "Market Desk",
            "published_at": "2024-11-20",
            "body": "Corvane Industries reported third-quarter earnings of $2.10 per share. "
            "Halden Group, which reports next week, has lagged its rival all year.",
        }
    ]
    corpus = tmp_path / "t.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in results), encoding="utf-8")
    ingest_paths([corpus], store)
    service = QAService(Settings(store=tmp_path, abstain_threshold=0.3), store)
    asked = "What were {}'s third-quarter earnings per share?"
    assert service.ask(asked.format("Corvane")).lead == "$2.10"
    other = service.ask(asked.format("Halden Group"))
    assert other.abstained, other.answer
    assert "The closest figures are for Corvane Industries." in other.answer


def test_a_figure_the_best_passage_says_was_not_disclosed_is_not_taken_from_another_deal(
    tmp_path: Path, store: Store
) -> None:
    deals = [
        {
            "id": "deals",
            "title": "Corvane Shipping buys Tidewell Marine",
            "source": "Quay Post",
            "published_at": "2024-09-02",
            "body": "Corvane Shipping agreed to buy Tidewell Marine for $30 million in cash. "
            "It is Corvane's second deal this year, after it bought a tug operator in "
            "Brightwater in the spring for an undisclosed sum.",
        }
    ]
    corpus = tmp_path / "d.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in deals), encoding="utf-8")
    ingest_paths([corpus], store)
    service = QAService(Settings(store=tmp_path, abstain_threshold=0.3), store)
    assert service.ask("How much did Corvane pay for Tidewell Marine?").lead == "$30 million"
    tug = service.ask("How much did Corvane pay for the tug operator in Brightwater?")
    assert tug.abstained, tug.answer
    assert "Quay Post says the sum has not been made known." in tug.answer
    assert "undisclosed sum" in tug.citations[0].quote


def test_a_rivals_figure_sets_aside_that_figure_not_its_sentence(
    tmp_path: Path, store: Store
) -> None:
    results = [
        {
            "id": "retail",
            "title": "Halden beats Corvane",
            "source": "Market Desk",
            "published_at": "2024-11-20",
            "body": "Corvane Industries reported third-quarter earnings of $2.10 per share,"
            " while Halden Group earned $2.50 per share in the third quarter.",
        }
    ]
    corpus = tmp_path / "t.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in results), encoding="utf-8")
    ingest_paths([corpus], store)
    service = QAService(Settings(store=tmp_path, abstain_threshold=0.3), store)
    answer = service.ask("What were Halden Group's third-quarter earnings per share?")
    assert answer.lead == "$2.50", answer.answer


def test_who_won_is_not_answered_with_the_one_beaten(tmp_path: Path, store: Store) -> None:
    results = [
        {
            "id": "vote",
            "title": "Vidal ousts Ashby",
            "source": "Harbour Times",
            "published_at": "2024-11-06",
            "body": "Rosa Vidal was elected on Tuesday after a long count, defeating incumbent"
            " Tom Ashby in the Kessel Bay mayoral election.",
        }
    ]
    corpus = tmp_path / "v.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in results), encoding="utf-8")
    ingest_paths([corpus], store)
    service = QAService(Settings(store=tmp_path, abstain_threshold=0.3), store)
    assert service.ask("Who won the mayoral election in Kessel Bay?").lead == "Rosa Vidal"


def test_of_two_dates_in_a_sentence_the_one_of_the_asked_verb_answers(
    tmp_path: Path, store: Store
) -> None:
    results = [
        {
            "id": "ferry",
            "title": "Kessel Bay ferry date set",
            "source": "Harbour Times",
            "published_at": "2025-03-03",
            "body": "The Kessel Bay ferry will sail for the first time on May 4, 2025, the"
            " harbour board announced on March 2, 2025.",
        }
    ]
    corpus = tmp_path / "f.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in results), encoding="utf-8")
    ingest_paths([corpus], store)
    service = QAService(Settings(store=tmp_path, abstain_threshold=0.3), store)
    announced = service.ask("On what date did the harbour board announce the Kessel Bay sailing?")
    assert announced.lead == "March 2, 2025", announced.answer
    assert service.ask("When will the Kessel Bay ferry sail?").lead == "May 4, 2025"


def ingested(tmp_path: Path, store: Store, articles: list[dict[str, str]]) -> QAService:
    corpus = tmp_path / "a.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in articles), encoding="utf-8")
    ingest_paths([corpus], store)
    return QAService(Settings(store=tmp_path, abstain_threshold=0.3), store)


def ask_over(tmp_path: Path, store: Store, articles: list[dict[str, str]], question: str):  # type: ignore[no-untyped-def]
    return ingested(tmp_path, store, articles).ask(question)


def test_a_year_written_elsewhere_in_the_article_does_not_date_the_figure(
    tmp_path: Path, store: Store
) -> None:
    body = [
        "Corvane Industries shares closed at $14.20 on Tuesday, up 2%.",
        "The company makes pumps for water utilities.",
        "Its chief executive, Mira Holt, said demand was strong.",
        "Corvane was founded in 2019 by two engineers in Kessel Bay.",
    ]
    article = {
        "id": "corvane",
        "title": "Corvane shares rise",
        "source": "Market Desk",
        "published_at": "2024-05-21",
        "body": " ".join(body),
    }
    asked = "How much money did Corvane Industries raise when it listed in 2019?"
    answer = ask_over(tmp_path, store, [article], asked)
    assert answer.abstained, answer.answer  # $14.20 is Tuesday's price, sentences from 2019
    article["body"] += " When it listed in 2019, Corvane Industries raised $25 million."
    assert ask_over(tmp_path, store, [article], asked).lead == "$25 million"


def test_an_article_that_gives_no_details_of_the_price_is_not_answered_from_another(
    tmp_path: Path, store: Store
) -> None:
    ferry = {
        "id": "ferry",
        "title": "Kessel Bay to get a second-hand ferry from Brightwater",
        "source": "Quay Post",
        "published_at": "2024-09-02",
        "body": "Brightwater will hand its surplus ferry Marrow to the Kessel Bay harbour board. "
        "The harbour board chair, Mira Holt, thanked the city at a ceremony on the quay. "
        "She gave no details on payment or on when the ferry would sail.",
    }
    grants = {
        "id": "grants",
        "title": "Harbour grants announced",
        "source": "Market Desk",
        "published_at": "2024-09-03",
        "body": "Three northern harbour boards share grants with a combined value of $4 million.",
    }
    asked = "How much will Kessel Bay pay for the surplus ferry from Brightwater?"
    answer = ask_over(tmp_path, store, [ferry, grants], asked)
    assert answer.abstained, answer.answer
    assert "Quay Post says the payment has not been made known." in answer.answer
    assert "no details on payment" in answer.citations[0].quote


def test_how_many_is_not_answered_by_a_figure_that_counts_other_things(
    tmp_path: Path, store: Store
) -> None:
    article = {
        "id": "storm",
        "title": "Storm floods the Kessel valley",
        "source": "Valley Ledger",
        "published_at": "2024-03-02",
        "body": "The storm flooded roads across the Kessel valley counties on Friday. "
        "One Brightwater County weather station recorded 90 millimetres of rain in a day.",
    }
    asked = "How many Kessel valley counties were flooded by the storm?"
    answer = ask_over(tmp_path, store, [article], asked)
    assert answer.abstained, answer.answer  # one station, not one county
    article["body"] += " In all, four counties were flooded by the storm."
    assert ask_over(tmp_path, store, [article], asked).lead == "four"


def test_the_measure_of_one_thing_is_not_given_for_another_named_beside_it(
    tmp_path: Path, store: Store
) -> None:
    article = {
        "id": "rivers",
        "title": "The rivers of the Kessel valley",
        "source": "Valley Ledger",
        "published_at": "2024-03-02",
        "body": "The Kessel, with a length of 40 kilometres, is the longest river in the "
        "valley, ahead of the Marrow.",
    }
    asked = "What is the length of the Marrow river?"
    answer = ask_over(tmp_path, store, [article], asked)
    assert answer.abstained, answer.answer
    assert "The closest figures are for Kessel." in answer.answer
    article["body"] += " The Marrow has a length of 25 kilometres."
    assert ask_over(tmp_path, store, [article], asked).lead.startswith("25")


def test_a_figure_of_another_quarter_does_not_answer_for_the_one_asked(
    tmp_path: Path, store: Store
) -> None:
    article = {
        "id": "results",
        "title": "Corvane results",
        "source": "Market Desk",
        "published_at": "2024-10-02",
        "body": "Corvane Industries reported a loss of $4 million in the third quarter "
        "ended Sept. 29. Its shares fell 3%.",
    }
    service = ingested(tmp_path, store, [article])
    second = service.ask("How much did Corvane Industries lose in the second quarter?")
    assert second.abstained, second.answer
    third = service.ask("How much did Corvane Industries lose in the third quarter?")
    assert third.lead == "$4 million", third.answer


def test_a_sentence_naming_its_own_quarter_is_about_that_quarter_whatever_its_heading(
    tmp_path: Path, store: Store
) -> None:
    snippet = {
        "id": "snippet",
        "title": "",
        "published_at": "2024-07-22",
        "body": "Corvane Q2 2024 results. Analysts expected Corvane to lose $4 million in the "
        "first quarter.",
    }
    service = ingested(tmp_path, store, [snippet])
    asked = service.ask("How much did Corvane lose in the second quarter of 2024?")
    assert asked.abstained, asked.answer  # the heading's Q2 does not make Q1's loss Q2's


def test_a_measure_asked_is_looked_for_in_the_other_passages_of_the_best_articles(
    tmp_path: Path, store: Store
) -> None:
    filler = " ".join(
        f"Volunteers in Kessel Bay met on day {n} to plan the clinic's winter opening hours."
        for n in range(1, 40)
    )
    article = {
        "id": "clinic",
        "title": "Kessel Bay doctors offer flu shots to detained migrants",
        "source": "Harbour Times",
        "published_at": "2024-11-19",
        "body": "A group of Kessel Bay doctors offered to vaccinate migrants held at the Tarrow "
        f"centre. {filler} In a letter to officials they said they would provide 120 doses of "
        "flu vaccine and three volunteer nurses.",
    }
    service = ingested(tmp_path, store, [article])
    chunks = sorted(store.article_chunks(["clinic"]).values(), key=lambda c: c.start)
    assert len(chunks) > 1 and "doses" in chunks[-1].text and "doses" not in chunks[0].text
    asked = prepare_query("How many doses of flu vaccine did the Kessel Bay doctors offer?", "", [])
    first = [Retrieved(chunks[0], 1.0, 1.0)]
    found = service._measured_elsewhere(asked, first)
    assert [r.chunk.id for r in found] == [c.id for c in chunks if "doses" in c.text]
    assert service._measured_elsewhere(asked, [Retrieved(chunks[-1], 1.0, 1.0)]) == []
    who = prepare_query("Who offered the Tarrow migrants flu shots?", "", [])
    assert service._measured_elsewhere(who, first) == []  # no measure asked


def test_a_figure_that_counts_things_is_not_a_price(tmp_path: Path, store: Store) -> None:
    article = {
        "id": "cars",
        "title": "Car sales in Kessel Bay",
        "source": "Market Desk",
        "published_at": "2024-05-21",
        "body": "Dealers in Kessel Bay sold nearly 12.4 million new cars last year.",
    }
    asked = "What was the average price of a new car in Kessel Bay?"
    answer = ask_over(tmp_path, store, [article], asked)
    assert answer.abstained, answer.answer
    article["body"] += " The average price of a new car in Kessel Bay was $31,200."
    assert ask_over(tmp_path, store, [article], asked).lead == "$31,200"


def test_the_price_of_one_share_is_not_a_sum_in_millions(tmp_path: Path, store: Store) -> None:
    article = {
        "id": "stake",
        "title": "Halden buys a stake in Orin Cosmetics",
        "source": "Market Desk",
        "published_at": "2024-05-21",
        "body": "Halden shares rose 2% on Monday after the group took a majority stake in Orin "
        "Cosmetics in a deal worth $600 million.",
    }
    asked = "At what price did Halden shares close on Monday?"
    answer = ask_over(tmp_path, store, [article], asked)
    assert answer.abstained, answer.answer
    # a price asked of a whole deal may run to millions
    whole = ask_over(tmp_path, store, [article], "What price did Halden pay for the Orin stake?")
    assert whole.lead == "$600 million", whole.answer
    article["body"] += " Halden shares closed at $14.20."
    assert ask_over(tmp_path, store, [article], asked).lead == "$14.20"


def test_how_many_of_one_makers_things_is_not_answered_by_anothers(
    tmp_path: Path, store: Store
) -> None:
    article = {
        "id": "order",
        "title": "Halden orders jets at the air show",
        "source": "Market Desk",
        "published_at": "2024-05-21",
        "body": "At the air show Halden ordered 30 Vesta jets, a deal it signed on Monday.",
    }
    asked = "How many Orin jets did Halden order at the air show?"
    answer = ask_over(tmp_path, store, [article], asked)
    assert answer.abstained, answer.answer
    article["body"] += " Halden also ordered 50 Orin jets."
    assert ask_over(tmp_path, store, [article], asked).lead == "50"
    # a place qualifies what is counted, it is no other maker
    stores = {
        "id": "stores",
        "title": "Vesta to close stores",
        "source": "Market Desk",
        "published_at": "2024-05-22",
        "body": "Vesta will close 40 UK stores by the end of the year.",
    }
    closing = ask_over(tmp_path, store, [stores], "How many Vesta stores will close?")
    assert closing.lead == "40", closing.answer


def test_a_who_question_whose_evidence_names_no_one_abstains(tmp_path: Path, store: Store) -> None:
    article = {
        "id": "cup",
        "title": "Kessel Cup dates",
        "source": "Harbour Times",
        "published_at": "2024-06-17",
        "body": "The 2025 Kessel Cup regatta is scheduled for June 14 in the outer harbour.",
    }
    answer = ask_over(tmp_path, store, [article], "Who won the Kessel Cup in 2025?")
    assert answer.abstained, answer.answer
    article["body"] += " Rosa Vidal won the 2025 Kessel Cup regatta by a length."
    assert ask_over(tmp_path, store, [article], "Who won the Kessel Cup in 2025?").lead == (
        "Rosa Vidal"
    )


def test_did_x_win_is_no_where_the_evidence_says_another_won_or_x_was_beaten(
    tmp_path: Path, store: Store
) -> None:
    articles = [
        {
            "id": "vote",
            "title": "Vidal ousts Ashby",
            "source": "Harbour Times",
            "published_at": "2024-11-06",
            "body": "Rosa Vidal was elected mayor of Kessel Bay on Tuesday, defeating incumbent"
            " Tom Ashby after a long count.",
        },
        {
            "id": "prize",
            "title": "Kessel Book Prize",
            "source": "Harbour Times",
            "published_at": "2024-10-02",
            "body": "Lena Okafor has won the 2024 Kessel Book Prize for her first novel.",
        },
    ]
    service = ingested(tmp_path, store, articles)
    for question, lead in [
        ("Did Tom Ashby win re-election as mayor of Kessel Bay?", "No"),
        ("Did Rosa Vidal win the election for mayor of Kessel Bay?", "Yes"),
        ("Did Mira Holt win the 2024 Kessel Book Prize?", "No"),
        ("Did Lena Okafor win the 2024 Kessel Book Prize?", "Yes"),
    ]:
        answer = service.ask(question)
        assert answer.lead == lead, (question, answer.answer)


def test_the_division_asked_picks_its_winner(tmp_path: Path, store: Store) -> None:
    article = {
        "id": "marathon",
        "title": "Kessel Bay Marathon",
        "source": "Harbour Times",
        "published_at": "2024-04-14",
        "body": "Tomas Reyes won the men's race at the Kessel Bay Marathon on Sunday in 2 hours"
        " 14 minutes. The women's race was won by Ada Mwangi in 2:31:45, a course record.",
    }
    service = ingested(tmp_path, store, [article])
    assert service.ask("Who won the women's race at the Kessel Bay Marathon?").lead == (
        "Ada Mwangi"
    )
    assert service.ask("Who won the men's race at the Kessel Bay Marathon?").lead == "Tomas Reyes"


def test_a_placing_below_the_win_is_not_answered_with_the_winner(
    tmp_path: Path, store: Store
) -> None:
    article = {
        "id": "cup",
        "title": "Harbour take the Kessel Cup",
        "source": "Harbour Times",
        "published_at": "2024-06-17",
        "body": "Harbour Rowing Club won the Kessel Cup on Saturday, beating Ashwick Rowing Club"
        " by a length in the final of the men's eights.",
    }
    service = ingested(tmp_path, store, [article])
    assert service.ask("Which club won the Kessel Cup?").lead == "Harbour Rowing Club"
    assert service.ask("Which club were runners-up in the Kessel Cup?").lead == (
        "Ashwick Rowing Club"
    )


def test_how_much_of_a_thing_is_not_answered_by_a_figure_of_something_else(
    tmp_path: Path, store: Store
) -> None:
    article = {
        "id": "tram",
        "title": "Kessel Bay tram line opens",
        "source": "Harbour Times",
        "published_at": "2024-09-09",
        "body": "The Kessel Bay tram line opened on Monday. It cost $210 million, about $18"
        " million more than planned, because of delays on Mercer Road. Shops on Mercer Road"
        " say trade fell by a third during the works.",
    }
    asked = "How much compensation will the Mercer Road shops get for the tram works?"
    answer = ask_over(tmp_path, store, [article], asked)
    assert answer.abstained, answer.answer
    article["body"] += " The council said the shops will get $2 million in compensation."
    assert ask_over(tmp_path, store, [article], asked).lead == "$2 million"


def test_a_snippet_that_never_names_the_work_asked_does_not_answer_for_it(
    tmp_path: Path, store: Store
) -> None:
    snippets = [  # untitled search snippets, one about another film
        {
            "id": "harbour",
            "title": "",
            "source": "Screen Notes",
            "published_at": "2024-03-02",
            "body": "Its lead actress Nadia Brenner, who plays the harbour pilot, gave the"
            " film its best reviews of the year.",
        },
        {
            "id": "lantern",
            "title": "",
            "source": "Screen Notes",
            "published_at": "2024-02-11",
            "body": "The Salt Lantern, directed by Tomas Varga, opens in cinemas in May.",
        },
    ]
    answer = ask_over(
        tmp_path, store, snippets, "Who is the lead actress in the film The Salt Lantern?"
    )
    assert "Brenner" not in answer.answer, answer.answer


def test_a_winners_list_of_another_open_or_another_edition_does_not_answer(
    tmp_path: Path, store: Store
) -> None:
    snippets = [
        {  # untitled: a list of another tournament's winners (the tagger names no event)
            "id": "halden-list",
            "title": "",
            "source": "Court Wire",
            "published_at": "2024-09-10",
            "body": "Halden Open Winners ; 2024, Mira Holt (GBR) ; 2023, Ada Mwangi (KEN) ;"
            " 2022, Lena Okafor (NGR) ...",
        },
        {
            "id": "ashwick",
            "title": "Ashwick Open set for June",
            "source": "Court Wire",
            "published_at": "2024-05-02",
            "body": "Rosa Pell won the 2023 Ashwick Open by two shots. The 2024 event starts"
            " on June 6 at the Eastmoor links.",
        },
    ]
    asked = "Who won the Ashwick Open in 2024?"
    answer = ask_over(tmp_path, store, snippets, asked)
    assert "Holt" not in answer.answer and "Pell" not in answer.lead, answer.answer
    snippets[1]["body"] += " Sofia Marr won the 2024 Ashwick Open on Sunday."
    assert ask_over(tmp_path, store, snippets, asked).lead == "Sofia Marr"


def test_a_placing_is_answered_from_a_sentence_that_states_it(tmp_path: Path, store: Store) -> None:
    article = {
        "id": "marathon",
        "title": "Holt wins the Ashwick Marathon",
        "source": "Harbour Times",
        "published_at": "2024-10-07",
        "body": "Mira Holt won the Ashwick Marathon on Sunday in 2 hours 31 minutes."
        " Race director Tomas Varga said 2,000 runners started, and the course will follow the"
        " same route next year. Holt trains with the Eastmoor Harriers. The runner-up was Ada"
        " Mwangi, a teacher from Kessel Bay.",
    }
    service = ingested(tmp_path, store, [article])
    assert service.ask("Who came second in the Ashwick Marathon?").lead == "Ada Mwangi"
    third = service.ask("Who finished third in the Ashwick Marathon?")  # no one is placed third
    assert third.abstained, third.answer


def test_a_placing_is_read_from_any_sentence_that_writes_the_name(
    tmp_path: Path, store: Store
) -> None:
    articles = [
        {
            "id": "score",
            "title": "Kessel Cup 2024 final",
            "source": "Harbour Times",
            "published_at": "2024-06-17",
            "body": "Who was the runner-up? Harbour Athletic 0-1 Ashwick Town in the 2024"
            " Kessel Cup.",
        },
        {
            "id": "report",
            "title": "Ashwick lift the Kessel Cup",
            "source": "City Wire",
            "published_at": "2024-06-17",
            "body": "Ashwick Town have beaten Harbour Athletic to lift the trophy in 2024.",
        },
    ]
    service = ingested(tmp_path, store, articles)
    answer = service.ask("Who was the runner-up of the 2024 Kessel Cup?")
    assert answer.lead == "Harbour Athletic", answer.answer
    assert answer.citations[0].article_id == "report", "cited where the placing is stated"


def test_a_question_on_two_outlets_is_answered_with_the_name_both_report(
    tmp_path: Path, store: Store
) -> None:
    articles = [
        {
            "id": "testimony",
            "title": "Kestrel Bank trial: finance chief testifies",
            "source": "Halden Post",
            "published_at": "2024-10-03",
            "body": "Tomas Varga, the former finance chief of Kestrel Bank, admitted in court that"
            " he moved $40 million of customer deposits into a private fund. Varga said the"
            " founder had told him to do it. The founder, Mira Holt, denies the charges.",
        },
        {
            "id": "charges",
            "title": "Kestrel Bank founder faces fraud trial",
            "source": "Corvane Daily",
            "published_at": "2024-09-20",
            "body": "Mira Holt, the founder of Kestrel Bank, is accused of fraud over missing"
            " customer deposits. Her trial opens next month.",
        },
    ]
    service = ingested(tmp_path, store, articles)
    asked = (  # Varga is voted first (his sentence reads closest); only Holt is in both reports
        "Which person, according to Halden Post and Corvane Daily, had customer deposits moved"
        " into a private fund?"
    )
    assert service.ask(asked).lead == "Mira Holt", service.ask(asked).answer


def test_who_won_between_two_sides_is_one_of_them_or_not_said(tmp_path: Path, store: Store) -> None:
    articles = [
        {
            "id": "cup",
            "title": "Hosts open the Kessel Cup finals with a win",
            "source": "Halden Post",
            "published_at": "2024-11-20",
            "body": "Dunmore beat Ashby 2-1 on Tuesday in the opening tie of the Kessel Cup finals."
            " The teams were level after Rhea Voss beat Ada Lind in the first match. Corvane"
            " takes on Ashby on Thursday, and Dunmore plays Brill on Friday.",
        },
    ]
    service = ingested(tmp_path, store, articles)
    answer = service.ask("Who won the Kessel Cup tie between Dunmore and Ashby?")
    assert answer.lead == "Dunmore", answer.answer
    answer = service.ask("Who won the Kessel Cup tie between Corvane and Ashby?")
    assert answer.abstained, answer.answer
    assert "Neither Corvane nor Ashby" in answer.answer


def test_an_award_question_is_answered_from_the_sentence_naming_that_award(
    tmp_path: Path, store: Store
) -> None:
    prizes = [
        {
            "id": "prizes",
            "title": "Tarrow Press Awards 2024",
            "source": "Quay Post",
            "published_at": "2024-11-02",
            "body": "Nadia Brennan was named Reporter of the Year at the 2024 Tarrow Press Awards. "
            "The photography prize went to Luis Ferreira, for his pictures of the floods.",
        }
    ]
    corpus = tmp_path / "p.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in prizes), encoding="utf-8")
    ingest_paths([corpus], store)
    service = QAService(Settings(store=tmp_path, abstain_threshold=0.3), store)
    photo = service.ask("Who won the photography prize at the 2024 Tarrow Press Awards?")
    assert photo.lead == "Luis Ferreira", photo.answer
    reporter = service.ask("Who was named Reporter of the Year at the 2024 Tarrow Press Awards?")
    assert reporter.lead == "Nadia Brennan", reporter.answer


def test_a_sentence_someone_could_face_does_not_answer_what_they_received(
    tmp_path: Path, store: Store
) -> None:
    court = [
        {
            "id": "court",
            "title": "Two plead guilty in Tarrow fraud case",
            "source": "Quay Post",
            "published_at": "2024-03-02",
            "body": "Tom Vale, 41, could face up to 8 years in prison after pleading guilty to "
            "fraud; he will be sentenced in May. Ana Cole, 39, was sentenced to 6 years in "
            "prison for her part in the scheme.",
        }
    ]
    corpus = tmp_path / "court.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in court), encoding="utf-8")
    ingest_paths([corpus], store)
    service = QAService(Settings(store=tmp_path, abstain_threshold=0.3), store)
    cole = service.ask("What prison sentence did Ana Cole receive?")
    assert cole.lead in ("6", "6 years") and "sentenced to 6 years" in cole.answer, cole.answer
    vale = service.ask("What prison sentence did Tom Vale receive?")
    assert vale.abstained, vale.answer


def test_a_figure_from_a_passage_that_only_shares_the_topic_does_not_answer(
    tmp_path: Path, store: Store
) -> None:
    article = {
        "id": "protests",
        "title": "Fuel protests spread across Kessel",
        "source": "Valley Ledger",
        "published_at": "2024-03-02",
        "body": "People were arrested in the Kessel fuel tax protests on Friday, police "
        "said. About 300 drivers blocked the ring road with parked cars.",
    }
    asked = "How many people were arrested in the Kessel fuel tax protests?"
    answer = ask_over(tmp_path, store, [article], asked)
    assert answer.abstained, answer.answer  # the drivers blocked a road: no count of arrests
    assert "No figure is stated" in answer.answer
    article["body"] += " Police said 40 people were arrested in the Kessel fuel tax protests."
    assert ask_over(tmp_path, store, [article], asked).lead == "40"
    article["body"] = article["body"].replace("40 people were", "they had")
    article["body"] += " It said 40 people were held."  # as close as the sentence it follows
    assert ask_over(tmp_path, store, [article], asked).lead == "40"


def test_a_figure_is_not_taken_from_an_article_that_never_names_who_paid(
    tmp_path: Path, store: Store
) -> None:
    deals = [
        {
            "id": "stake",
            "title": "Halden buys into Mira Talbot's skincare brand",
            "source": "Quay Post",
            "published_at": "2024-09-02",
            "body": "The beauty group took a majority stake in Mira Talbot's skincare brand in a "
            "deal worth $600 million. Its shares rose 2% on the news.",
        },
        {
            "id": "fund",
            "title": "Corvane Capital raises a new fund",
            "source": "Market Desk",
            "published_at": "2024-09-03",
            "body": "Corvane Capital raised $2 billion for its fourth fund on Tuesday.",
        },
    ]
    corpus = tmp_path / "d.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in deals), encoding="utf-8")
    ingest_paths([corpus], store)
    service = QAService(Settings(store=tmp_path, abstain_threshold=0.3), store)
    asked = "How much did {} pay for its majority stake in Mira Talbot's skincare brand?"
    assert service.ask(asked.format("Halden")).lead == "$600 million"
    other = service.ask(asked.format("Corvane Capital"))
    assert other.abstained, other.answer


def test_which_report_came_first_is_read_from_each_named_outlets_article(
    tmp_path: Path, store: Store
) -> None:
    reports = [
        {
            "id": "ledger",
            "title": "Ferry rescue caught on camera",
            "source": "Harbour Ledger",
            "published_at": "2024-11-18",
            "body": "A video shows the crew of the Kessel ferry rescuing two swimmers on Monday.",
        },
        {
            "id": "courier",
            "title": "Watch: Kessel ferry crew rescue swimmers",
            "source": "Kessel Courier",
            "published_at": "2024-11-19",
            "body": "The Kessel ferry crew pulled two swimmers from the water, a video shows.",
        },
    ]
    corpus = tmp_path / "r.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in reports), encoding="utf-8")
    ingest_paths([corpus], store)
    service = QAService(Settings(store=tmp_path, abstain_threshold=0.1), store)
    asked = (
        "Was the {} report on the ferry rescue video published before the {} report on the"
        " same footage?"
    )
    assert service.ask(asked.format("Harbour Ledger", "Kessel Courier")).answer.startswith("Yes")
    assert service.ask(asked.format("Kessel Courier", "Harbour Ledger")).answer.startswith("No")


def test_reports_are_compared_on_the_passages_that_give_the_value_asked_about(
    tmp_path: Path, store: Store
) -> None:
    reports = [
        {
            "id": "ledger",
            "title": "Kessel ferry captain retires",
            "source": "Harbour Ledger",
            "published_at": "2024-11-18",
            "body": "The Kessel ferry captain Ruth Oakes retires this week."
            " Oakes, 61, sailed the Kessel route for decades.",
        },
        {
            "id": "courier",
            "title": "Captain Oakes leaves the Kessel ferry",
            "source": "Kessel Courier",
            "published_at": "2024-11-19",
            "body": "Ruth Oakes, the Kessel ferry captain, retires this week."
            " The 58-year-old Oakes sailed the Kessel route for decades.",
        },
    ]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in reports), encoding="utf-8")
    ingest_paths([corpus], store)
    service = QAService(Settings(store=tmp_path, abstain_threshold=0.1), store)
    answer = service.ask(
        "Are the Harbour Ledger and Kessel Courier reports consistent about the age of the"
        " Kessel ferry captain Ruth Oakes?"
    )
    assert answer.answer.startswith("No"), answer.answer
    assert "61" in answer.answer and "58" in answer.answer


def test_a_score_is_the_asked_matchs_and_no_other(tmp_path: Path, store: Store) -> None:
    results = [
        {
            "id": "cup",
            "title": "Hawks and Owls advance in the Kessel Cup",
            "source": "Harbour Ledger",
            "published_at": "2024-11-18",
            "body": "The Hawks beat the Owls 3-1 in the Kessel Cup semi-final on Monday."
            " The Ravens beat the Gulls 2-0 in the other semi-final.",
        },
    ]
    corpus = tmp_path / "s.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in results), encoding="utf-8")
    ingest_paths([corpus], store)
    service = QAService(Settings(store=tmp_path, abstain_threshold=0.1), store)
    answer = service.ask("By what score did the Hawks beat the Owls in the Kessel Cup?")
    assert answer.lead == "3-1", answer.answer
    other = service.ask("By what score did the Pelicans beat the Ravens in the Kessel Cup?")
    assert "2-0" not in other.answer, other.answer


def test_how_tall_is_answered_with_the_measure(tmp_path: Path, store: Store) -> None:
    body = (
        "The Halden tower, which cost 120 million euros, is 310 metres tall and opened on Monday."
    )
    tower = dict(id="tower", title="Halden tower opens", source="Valley Ledger", body=body)
    answer = ask_over(tmp_path, store, [tower], "How tall is the Halden tower?")
    assert answer.lead == "310 metres", answer.answer


def test_a_measure_said_of_losses_is_answered_by_the_sentence(tmp_path: Path, store: Store) -> None:
    body = "Voltline lost $300 million last year and cut 1,200 jobs at its Ashwick plant."
    losses = dict(id="losses", title="Voltline losses", source="Valley Ledger", body=body)
    answer = ask_over(tmp_path, store, [losses], "How heavy were Voltline's losses last year?")
    assert not answer.abstained and answer.citations, answer.answer


def test_an_edition_no_passage_writes_is_not_answered_from_the_others(
    tmp_path: Path, store: Store
) -> None:
    snippets = [  # search snippets: no titles, each on one edition or none
        {"id": "s1", "body": "The Harbour Bowl LV was won by the Kessel Rovers in Port Ellery."},
        {"id": "s2", "body": "Find out each Harbour Bowl winning team throughout history."},
    ]
    service = ingested(tmp_path, store, snippets)
    answer = service.ask("Which team won the Harbour Bowl LVII?")
    assert answer.abstained, answer.answer
    assert "do not mention Harbour Bowl LVII" in answer.answer
    assert service.ask("Which team won the Harbour Bowl 55?").lead == "Kessel Rovers"


def test_a_snippet_that_never_names_the_award_asked_does_not_answer_for_it(
    tmp_path: Path, store: Store
) -> None:
    snippets = [  # search snippets: no titles
        {"id": "s1", "body": "2013 Harbour Open final: Tam Ruddock beats Orla Venn in four sets."},
        {"id": "s2", "body": "The Heisler Trophy is given each year to the best college player."},
    ]
    service = ingested(tmp_path, store, snippets)
    asked = "Which player won the Heisler Trophy in 2013?"
    answer = service.ask(asked)
    assert answer.abstained, answer.answer
    snippets.append({"id": "s3", "body": "Dane Marlow won the 2013 Heisler Trophy easily."})
    found = ask_over(tmp_path, store, snippets, asked)
    assert found.lead == "Dane Marlow", found.answer


def test_a_follow_up_that_leans_on_the_conversation_keeps_to_its_story(
    tmp_path: Path, store: Store
) -> None:
    stories = [
        {
            "id": "virus",
            "title": "Second Orvane virus death in Ohio",
            "source": "Valley Ledger",
            "published_at": "2024-09-02",
            "body": "The Kestrel Health Department said Monday a resident of Ashby died of the"
            " Orvane virus, the second death this year. The department urged residents to drain"
            " standing water.",
        },
        {
            "id": "inmate",
            "title": "Inmate found dead in cell",
            "source": "City Wire",
            "published_at": "2024-09-03",
            "body": "The victim, a 66-year-old inmate, was found dead in his cell on Saturday,"
            " officials said.",
        },
    ]
    corpus = tmp_path / "stories.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in stories), encoding="utf-8")
    assert ingest_paths([corpus], store).added == 2
    service = QAService(Settings(store=tmp_path, abstain_threshold=0.3), store)
    asked = "In which town did the Kestrel Health Department find an Orvane virus death?"
    history = [
        Turn(role="user", content=asked),
        Turn(role="assistant", content=service.ask(asked).answer),
    ]
    assert "Ashby" in history[1].content, history[1].content
    follow = service.ask("How old was the victim?", history)
    assert follow.abstained, follow.answer  # the inmate's age is another story's
    assert "66" in service.ask("How old was the victim?").answer  # asked alone, it answers


def test_a_claim_is_no_where_the_passage_giving_its_figure_denies_it(
    tmp_path: Path, store: Store
) -> None:
    article = {
        "id": "clerks",
        "title": "Two Halden depot clerks charged with theft",
        "source": "Harbour Times",
        "published_at": "2024-05-07",
        "body": "Two clerks at the Halden fuel depot were charged on Monday with stealing fuel"
        " worth thousands of dollars over two years. Prosecutors said the pair sold the fuel"
        " to a boatyard in Kessel Bay. Both clerks pleaded not guilty in Kessel Bay county"
        " court and were released on the condition that each post $5,000 bail. The depot has"
        " since changed its locks.",
    }
    service = ingested(tmp_path, store, [article])
    answer = service.ask(
        "Does the Harbour Times say the two Halden depot clerks charged with stealing fuel were"
        " released on $5,000 bail after pleading guilty?"
    )
    assert answer.lead == "No", answer.answer
    assert any("not guilty" in c.quote for c in answer.citations), answer.answer
    verbatim(store, answer)


def test_who_won_is_answered_from_the_contest_asked_not_another_won_nearby(
    tmp_path: Path, store: Store
) -> None:
    articles = [
        {
            "id": "marathon",
            "title": "Vale wins Kessel Bay Marathon",
            "source": "Harbour Times",
            "published_at": "2024-04-15",
            "body": "Tom Vale won the Kessel Bay Marathon on Sunday in 2 hours 14 minutes,"
            " pulling away from the chasing group on the harbour road.",
        },
        {
            "id": "vote",
            "title": "Brenn to lead Kessel Bay",
            "source": "Harbour Times",
            "published_at": "2024-11-06",
            "body": "Ada Brenn was elected mayor of Kessel Bay on Tuesday, defeating the"
            " incumbent after a campaign about ferry fares.",
        },
    ]
    service = ingested(tmp_path, store, articles)
    assert service.ask("Who won the Kessel Bay mayoral election?").lead == "Ada Brenn"
    assert service.ask("Who won the Kessel Bay Marathon?").lead == "Tom Vale"
