"""Named entities: tagged at ingest by the real spaCy model, stored with their offsets, and used
to type answers (a "who" question wants a person, a "which company" one an organisation)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.entities import SEGMENT_CHARS, Entity, _segments, decode, default_tagger, encode
from ingest.pipeline import ingest_paths
from ingest.store import Store
from newsdesk.settings import Settings
from qa import lexicon, voting
from qa.spans import answer_type, tagged_candidates, type_weight
from tests.conftest import FakeEmbedder
from tests.test_store import article, write_jsonl

STORY = (
    "Harlow Motors said on Monday that Mira Okafor will become its chief executive in March. "
    "Okafor previously ran the battery maker Voltline in Lisbon, which paid $40 million for "
    "a plant in 2022."
)


def spans(text: str) -> list[tuple[str, str]]:
    (found,) = default_tagger().tag([text])
    return [(text[e.start : e.end], e.label) for e in found]


def test_tagger_finds_people_organisations_places_and_money() -> None:
    found = spans(STORY)
    assert ("Mira Okafor", "PERSON") in found
    assert ("Lisbon", "GPE") in found
    assert ("$40 million", "MONEY") in found
    assert any(label == "ORG" and "Harlow" in text for text, label in found)


def test_long_texts_are_tagged_in_segments_with_true_offsets() -> None:
    filler = "The weather stayed calm all week.\n" * (SEGMENT_CHARS // 30)
    text = filler + "Mira Okafor spoke in Lisbon."
    pieces = _segments(text)
    assert len(pieces) > 1 and all(len(p) <= SEGMENT_CHARS for _, p in pieces)
    assert "".join(p for _, p in pieces) == text
    (found,) = default_tagger().tag([text])
    assert any(text[e.start : e.end] == "Mira Okafor" for e in found)


def test_encoding_round_trips() -> None:
    entities = [Entity(0, 4, "PERSON"), Entity(10, 22, "ORG")]
    assert decode(encode(entities)) == entities


def _store(tmp_path: Path) -> Store:
    return Store(Settings(store=tmp_path / "store"), FakeEmbedder())


def test_ingest_stores_entities_and_delete_removes_them(tmp_path: Path) -> None:
    store = _store(tmp_path)
    ingest_paths([write_jsonl(tmp_path / "a.jsonl", [article("a1", STORY)])], store)
    stored = store.catalog.entities(["a1"], store.tagger.name)["a1"]
    text = store.article("a1").text  # type: ignore[union-attr]
    assert ("Mira Okafor", "PERSON") in [(text[e.start : e.end], e.label) for e in stored]
    store.delete(["a1"])
    assert store.catalog.entities(["a1"], store.tagger.name) == {}
    (count,) = store.catalog.db.execute("SELECT COUNT(*) FROM entities").fetchone()
    assert count == 0


def test_an_article_stored_without_entities_is_tagged_on_read_and_on_the_next_ingest(
    tmp_path: Path,
) -> None:
    store = _store(tmp_path)
    path = write_jsonl(tmp_path / "a.jsonl", [article("a1", STORY)])
    ingest_paths([path], store)
    with store.catalog.db:  # as a store written before entities were stored
        store.catalog.db.execute("DELETE FROM entities")
    assert "a1" in store.entities(["a1"])  # answering still gets them, tagged now
    embedder = store.embedder
    assert isinstance(embedder, FakeEmbedder)
    calls = len(embedder.calls)
    report = ingest_paths([path], store)
    assert (report.tagged, report.unchanged, report.repaired) == (1, 1, 0)
    assert len(embedder.calls) == calls, "tagged without embedding anything again"
    assert "a1" in store.catalog.entities(["a1"], store.tagger.name)
    assert ingest_paths([path], store).tagged == 0


@pytest.mark.parametrize(
    ("question", "wh", "kind"),
    [
        ("Who will run Harlow Motors?", "who", "person"),
        ("Who is the boss of Harlow Motors?", "who", "role"),  # only a person is a boss
        ("Who was the judge who heard the case?", "who", "role"),
        ("Who is the owner of the plant?", "who", "person"),  # a firm may own it
        ("Which doctor led the study?", "which", "role"),
        ("Which company did Okafor run before?", "which", "org"),
        ("Which firms bid for the plant?", "which", "org"),
        ("Where is the plant?", "where", "place"),
        ("In which city will the choir sing?", "which", "area"),  # not the hall it sings in
        ("At which stadium was the final played?", "which", "venue"),  # not the city
        ("Which institute ran the trial?", "which", "org"),
        ("What festival did the band play?", "what", "event"),
        ("Which phone did the firm launch?", "which", "product"),
        ("What was the talk about?", "what", ""),
    ],
)
def test_answer_type_comes_from_the_question(question: str, wh: str, kind: str) -> None:
    assert answer_type(wh, question) == kind


def test_type_weight_prefers_the_asked_type_and_trusts_full_names() -> None:
    assert type_weight({"PERSON"}, "person") == 1.0
    assert type_weight({"ORG"}, "person") < 1.0
    assert type_weight({"DATE"}, "person") < type_weight({"ORG"}, "person")
    assert type_weight({"ORG"}, "person", person=True) == 1.0  # a surname of a tagged person
    assert type_weight(set(), "") == 1.0


def test_a_role_is_not_held_by_a_lone_word_no_tagger_saw_as_a_person() -> None:
    assert type_weight(set(), "role", lone=True) == 0.0  # "Which executive ...?" -> "Quorbit"
    assert type_weight(set(), "role") == lexicon.UNTAGGED  # an untagged full name may be one
    assert type_weight(set(), "person", lone=True) == lexicon.UNTAGGED  # "Who ...?": a firm too
    assert type_weight({"ORG"}, "role", person=True, lone=True) == 1.0  # a tagged person's surname


def test_a_city_asked_is_not_the_hall_in_it_nor_a_hall_asked_the_city() -> None:
    sentence = "The Kessel Choir played the Orin Auditorium in Lisbon on Friday."
    (found,) = default_tagger().tag([sentence])
    labels = [[(e.start, e.end, e.label) for e in found]]
    city = voting.best_span(
        "In which city did the Kessel Choir play?", "entity", [(sentence, 0.9)], labels=labels
    )
    assert city is not None and city[0] == "Lisbon"
    hall = voting.best_span(
        "At which auditorium did the Kessel Choir play?", "entity", [(sentence, 0.9)], labels=labels
    )
    assert hall is not None and hall[0] == "Orin Auditorium"


@pytest.mark.parametrize("quote", ["'", "’"])
def test_a_title_the_capitalisation_rules_cut_is_taken_whole(quote: str) -> None:
    title = f"Rollin{quote} Down the Valley Road"
    sentence = f"The band closed with {title} at the end."
    start = sentence.index("Rollin")
    labels = [(start, start + len(title), "WORK_OF_ART")]
    found = [c for c in voting.candidates(sentence, "entity") if c.text == "Rollin"]
    extra = tagged_candidates(sentence, labels, "work", found)
    assert [(c.text, c.start) for c in extra] == [(title, start)]


def test_a_role_only_a_person_holds_is_not_answered_by_the_firm_near_it() -> None:
    sentences = [
        ("Harlow Motors said Brightline Holdings will buy its van unit.", 0.9),
        ("Tessa Marlowe, Harlow's chief executive, said the sale was agreed.", 0.7),
    ]
    labels = []
    for text, _ in sentences:
        (found,) = default_tagger().tag([text])
        labels.append([(e.start, e.end, e.label) for e in found])
    question = "Who is the boss of Harlow Motors?"
    found = voting.best_span(question, "entity", sentences, labels=labels)
    assert found is not None and found[0] == "Tessa Marlowe"


def test_who_question_votes_for_the_person_not_the_organisation() -> None:
    sentences = [
        ("Voltline hired Mira Okafor as chief executive, Voltline said.", 0.9),
        ("Voltline, led by Okafor, opened a plant.", 0.8),
    ]
    labels = []
    for text, _ in sentences:
        (found,) = default_tagger().tag([text])
        labels.append([(e.start, e.end, e.label) for e in found])
    found = voting.best_span("Who leads the battery maker?", "entity", sentences, labels=labels)
    assert found is not None and found[0] == "Mira Okafor"


def test_tagging_in_a_fresh_context_does_not_look_the_backend_up_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # each LangChain step and each server thread runs in a context without thinc's backend;
    # looking it up goes through the package registry (milliseconds) on every question
    import contextvars

    import thinc.backends

    tagger = default_tagger()
    assert tagger.names("Mira Okafor runs Voltline.")  # loaded

    def no_lookup(name: str, **kwargs: object) -> None:
        raise AssertionError(f"thinc looked up its {name} backend again")

    monkeypatch.setattr(thinc.backends, "get_ops", no_lookup)
    found = contextvars.Context().run(tagger.names, "Mira Okafor runs Voltline in Lisbon.")
    assert ("Lisbon", "GPE") in found


def test_a_tagged_span_with_no_capital_or_digit_is_no_name() -> None:
    sentence = "The home of Harbour Bowl news, apparel & event info."
    at = sentence.index("& event")
    labels = [(at, at + len("& event"), "ORG")]
    assert tagged_candidates(sentence, labels, "org", []) == []
    at = sentence.index("Harbour Bowl")
    named = tagged_candidates(sentence, [(at, at + len("Harbour Bowl"), "ORG")], "org", [])
    assert [c.text for c in named] == ["Harbour Bowl"]


@pytest.mark.parametrize(
    "lead_in", ["", "Considering the Ledger's report on the Harlow Motors van sale, "]
)
def test_a_lead_in_does_not_hide_the_type_or_verb_asked(lead_in: str) -> None:
    sentences = [
        ("Harlow Motors said Brightline Holdings will buy its van unit.", 0.9),
        ("Tessa Marlowe, Harlow's chief executive, said the sale was agreed.", 0.7),
    ]
    labels = []
    for text, _ in sentences:
        (found,) = default_tagger().tag([text])
        labels.append([(e.start, e.end, e.label) for e in found])
    question = f"{lead_in}which executive agreed the sale of the van unit?"
    found = voting.best_span(question[0].upper() + question[1:], "entity", sentences, labels=labels)
    assert found is not None and found[0] == "Tessa Marlowe"
    assert voting.question_verb(f"{lead_in}who won the Kessel Cup?".capitalize()) == "won"
    role = f"{lead_in}who is the chief executive of Harlow Motors?".capitalize()
    assert voting.head_noun(role) == "executive"
