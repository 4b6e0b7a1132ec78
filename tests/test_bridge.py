"""Bridge questions: the entity a question describes by a relative clause is found first, then
the question is asked of it (qa.bridge, QAService._bridged)."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.entities import default_tagger
from ingest.pipeline import ingest_paths
from ingest.store import Store
from newsdesk.settings import Settings
from qa.bridge import find_bridge
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
    corpus = tmp_path / "b.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in articles), encoding="utf-8")
    ingest_paths([corpus], store)
    service = QAService(Settings(store=tmp_path, abstain_threshold=0.2), store)
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
    corpus = tmp_path / "r.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in articles), encoding="utf-8")
    ingest_paths([corpus], store)
    service = QAService(Settings(store=tmp_path, abstain_threshold=0.2), store)
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
    corpus = tmp_path / "b.jsonl"
    corpus.write_text("\n".join(json.dumps(a) for a in articles), encoding="utf-8")
    ingest_paths([corpus], store)
    service = QAService(Settings(store=tmp_path, abstain_threshold=0.2), store)
    answer = service.ask("How old is the founder whose group bought the Varrow ferry line?")
    assert answer.lead == "61", answer.answer
    assert {c.article_id for c in answer.citations} == {"yard", "ferry"}
