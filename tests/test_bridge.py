"""Bridge questions: the entity a question describes by a relative clause is found first, then
the question is asked of it (qa.bridge, QAService._bridged)."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.entities import default_tagger
from ingest.models import Filters
from ingest.pipeline import ingest_paths
from ingest.store import Store
from newsdesk.settings import Settings
from qa.bridge import find_bridge, side_clauses
from qa.models import Answer, Citation
from qa.service import QAService


def test_a_relative_clause_on_a_typed_noun_is_a_bridge() -> None:
    nlp = default_tagger().nlp
    bridge = find_bridge(nlp, "Who runs the battery maker that Harlow Motors is buying?")
    assert bridge is not None
    assert bridge.phrase == "the battery maker that Harlow Motors is buying"
    assert bridge.inner == "Which battery maker that Harlow Motors is buying?"
    assert find_bridge(nlp, "Who runs Voltline?") is None
    assert find_bridge(nlp, "What did the mayor say that surprised the council?") is None
    # asking for the described entity itself is one hop
    assert find_bridge(nlp, "What is the name of the man who founded Voltline?") is None
    assert find_bridge(nlp, "Who is the Voltline chairman who called the bid a gamble?") is None


def test_side_clauses_are_the_facts_a_question_adds_to_the_one_asked() -> None:
    nlp = default_tagger().nlp

    def sides(question: str) -> list[str]:
        return [question[start:end] for start, end in side_clauses(nlp, question)]

    assert sides("In what year was the man who backs Ada Brenn convicted?") == [
        "who backs Ada Brenn"
    ]
    assert sides("Which firm led by Ada Brenn bought Voltline?") == ["led by Ada Brenn"]
    assert sides("Which app costs $5 and carries the Verlo Cup final?") == [
        "carries the Verlo Cup final"
    ]
    assert sides("Which doctor examined Mayor Ostrander at Linden Grove Hospital?") == []
    assert sides("Which deal was reported by the Harlow Ledger?") == []
    # the question's own verb, where the parse took it into the clause, is not a side fact
    assert sides("Which company that makes the Skyline phone is based in Ashwick?") == [
        "that makes the Skyline phone"
    ]
    assert sides("When did the company that Ada Brenn founded sue Voltline?") == []
    # nor is a clause the question asks about
    assert sides("Who is the Verlo Labs executive who testified against Corvane?") == []
    assert sides("Name the Corvane subsidiary that Voltline acquired.") == []


def test_one_fact_is_not_answered_from_an_article_that_misses_one_of_its_names(
    tmp_path: Path, store: Store
) -> None:
    said = [
        (
            "praise",
            "Mayor Ostrander thanks doctors",
            "Mayor Ostrander was examined by Dr. Priya Vale, a doctor at Harlow Clinic, on Monday.",
        ),
        (
            "wing",
            "Linden Grove Hospital opens a wing",
            "Linden Grove Hospital opened a new wing for doctors on Monday.",
        ),
    ]
    articles = [
        {
            "id": id_,
            "title": title,
            "source": "Valley Ledger",
            "published_at": "2025-02-10",
            "body": body,
        }
        for id_, title, body in said
    ]
    service = _service(tmp_path, store, articles)
    answer = service.ask("Which doctor examined Mayor Ostrander at Linden Grove Hospital?")
    assert answer.abstained, answer.answer
    answer = service.ask("Which doctor examined Mayor Ostrander at Harlow Clinic?")
    assert answer.lead == "Priya Vale", answer.answer


def test_the_direct_answer_naming_the_described_entity_is_asked_again_of_it(
    tmp_path: Path, store: Store
) -> None:
    articles = [
        {
            "id": "deal",
            "title": "Harlow Motors to buy Voltline",
            "source": "Motor Wire",
            "published_at": "2025-02-10",
            "body": "On Monday the carmaker Harlow Motors agreed to acquire Voltline for "
            "$40 million.",
        },
        {
            "id": "spinout",
            "title": "Voltline spun out of the Tagus Institute",
            "source": "Lisbon Post",
            "published_at": "2023-10-16",
            "body": "The battery maker Voltline was spun out of the Tagus Institute in 2021.",
        },
    ]
    service = _service(tmp_path, store, articles)
    answer = service.ask(
        "Which company is buying the battery maker that was spun out of the Tagus Institute?"
    )
    assert answer.answer.startswith("Harlow Motors"), answer.answer
    assert {c.article_id for c in answer.citations} == {"deal", "spinout"}
    assert [c.n for c in answer.citations] == [1, 2]


def test_a_person_asked_for_is_not_taken_for_the_entity_the_question_describes(
    tmp_path: Path, store: Store
) -> None:
    articles = [
        {
            "id": "rally",
            "title": "Teachers rally in Harlow",
            "source": "Valley Ledger",
            "published_at": "2025-02-10",
            "body": "Kessel Teachers Association President Mira Holt told a few thousand "
            "teachers who covered the Harlow town hall lawn that pay must rise.",
        }
    ]
    service = _service(tmp_path, store, articles)
    asked = "Who is the president of the teachers' union that addressed the Harlow town hall rally?"
    answer = service.ask(asked)
    assert answer.lead == "Mira Holt", answer.answer


def test_a_bridge_answers_where_the_question_as_asked_finds_no_answer(
    tmp_path: Path, store: Store
) -> None:
    articles = [
        {
            "id": "yard",
            "title": "Ada Brenn opens a second boatyard",
            "source": "Quay Post",
            "published_at": "2025-03-02",
            "body": "Ada Brenn, 61, opened a second boatyard in Kessel on Friday. She said the "
            "yard would build electric ferries.",
        },
        {
            "id": "ferry",
            "title": "Halden Group buys the Varrow ferry line",
            "source": "Motor Wire",
            "published_at": "2025-02-10",
            "body": "Halden Group bought the Varrow ferry line for $12 million. The group's "
            "founder, Ada Brenn, said fares would not rise.",
        },
    ]
    service = _service(tmp_path, store, articles)
    answer = service.ask("How old is the founder whose group bought the Varrow ferry line?")
    assert answer.lead == "61", answer.answer
    assert {c.article_id for c in answer.citations} == {"yard", "ferry"}


def test_the_inner_question_is_asked_as_a_reader_would_ask_it() -> None:
    nlp = default_tagger().nlp
    whose = find_bridge(nlp, "Who audits the company whose valuation fell to $8 billion?")
    assert whose is not None
    assert whose.inner == "Which company whose valuation fell to $8 billion?"  # a company
    assert whose.noun == "company"
    subject = find_bridge(nlp, "How big was the budget passed under the mayor who beat Tom Brandt?")
    assert subject is not None
    assert subject.phrase == "the mayor who beat Tom Brandt"
    assert subject.inner == "Which mayor beat Tom Brandt?"
    # a passive participle with its agent describes too; an apposition is left out of the hop
    led = find_bridge(
        nlp, "In which city is the company led by Ada Brenn, one of the new lunar providers, based?"
    )
    assert led is not None
    assert led.phrase == "the company led by Ada Brenn, one of the new lunar providers,"
    assert led.inner == "Which company is led by Ada Brenn?"
    # who reported something describes no other thing
    assert find_bridge(nlp, "Which company won the contract reported by the Quay Post?") is None
    assert find_bridge(nlp, "Who runs the company profiled by the Ledger?") is None
    assert find_bridge(nlp, "Who runs the company that the Ledger reported on?") is None
    # the question's own verb, which the parse takes into the clause, stays outside
    played = find_bridge(nlp, "What position does the player who was traded to Kelso play?")
    assert played is not None
    assert played.phrase == "the player who was traded to Kelso"
    assert played.inner == "Which player was traded to Kelso?"
    let_go = find_bridge(
        nlp, "On what date are the staff of the company that Ada Brenn founded to be let go?"
    )
    assert let_go is not None and let_go.phrase == "the company that Ada Brenn founded"
    # an apposition without a comma is part of the clause
    whose = find_bridge(nlp, "Who chairs the company whose shares Harlow bought?")
    assert whose is not None and "Harlow" in whose.inner
    # these ask for the described entity itself
    assert find_bridge(nlp, "Which of the companies owned by Ada Brenn went bankrupt?") is None
    assert find_bridge(nlp, "Name the company acquired by Harlow.") is None
    assert find_bridge(nlp, "Which is the company owned by Ada Brenn?") is None


def test_a_direct_answer_of_another_kind_gives_way_to_the_bridge(
    tmp_path: Path, store: Store
) -> None:
    articles = [
        {
            "id": "contracts",
            "title": "Three companies win lunar delivery contracts",
            "source": "Space Wire",
            "published_at": "2025-02-10",
            "body": "Voltline is based in Lisbon, Portugal. The company modelled its lander on "
            "Orin Aerospace's Sky Moon vehicle.",
        },
        {
            "id": "ceo",
            "title": "Voltline readies its lander",
            "source": "Lisbon Post",
            "published_at": "2025-02-11",
            "body": '"We are ready to fly," said Ada Brenn, chief executive and founder of '
            "Voltline.",
        },
    ]
    service = _service(tmp_path, store, articles)
    asked = "In which city is the company led by Ada Brenn based?"
    quote = "Orin Aerospace's Sky Moon vehicle"
    start = articles[0]["body"].index(quote)
    cited = Citation(n=1, article_id="contracts", quote=quote, start=start, end=start + len(quote))
    # an organisation where a city is asked, read in an article that names Voltline
    direct = Answer(answer="Orin Aerospace. [1]", abstained=False, lead="Orin Aerospace")
    direct.citations = [cited]
    answer = service._bridged(asked, Filters(), direct)
    assert answer is not None
    assert answer.lead == "Lisbon", answer.answer
    assert {c.article_id for c in answer.citations} == {"contracts", "ceo"}
    # a direct answer of the kind asked stands
    direct.lead = "Kessel"
    assert service._bridged(asked, Filters(), direct) is None


def _service(tmp_path: Path, store: Store, articles: list[dict[str, str]]) -> QAService:
    """A service over the articles, ingested into the store."""
    corpus = tmp_path / "articles.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in articles), encoding="utf-8")
    ingest_paths([corpus], store)
    return QAService(Settings(store=tmp_path, abstain_threshold=0.2), store)
