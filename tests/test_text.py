"""Sentence splitting, chunking, normalisation, ids and near-duplicate detection (pure)."""

from __future__ import annotations

import re

from ingest import dedup
from ingest.chunking import chunk_article, embedding_input
from ingest.models import ArticleDraft
from ingest.normalize import article_id, clean_text, normalise, normalise_date
from ingest.sentences import split_sentences
from tests.conftest import FakeEmbedder


def texts(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_sentences_respect_abbreviations_initials_and_quotes() -> None:
    text = 'Mr. J. Smith met U.S. officials. He said "It is done." Then left!\nA new line'
    assert texts(text) == [
        "Mr. J. Smith met U.S. officials.",
        'He said "It is done."',
        "Then left!",
        "A new line",
    ]


def test_a_dateline_with_a_dotted_abbreviation_stays_with_its_sentence() -> None:
    text = "KESSEL, N.D. (AP) — Ferry crews met on Friday. They left for Harlow, D.C. at noon."
    assert texts(text) == [
        "KESSEL, N.D. (AP) — Ferry crews met on Friday.",
        "They left for Harlow, D.C. at noon.",
    ]


def test_sentences_do_not_split_decimals_or_lowercase_continuations() -> None:
    assert texts("Shares rose 3.5 percent. and more. Next one") == [
        "Shares rose 3.5 percent. and more.",
        "Next one",
    ]


def test_chunks_index_the_text_exactly_fit_the_window_and_overlap_by_a_sentence() -> None:
    counter = FakeEmbedder().count_tokens
    text = " ".join(f"Sentence number {i} says something about topic {i}." for i in range(40))
    chunks = chunk_article("a1", text, "A title", counter, max_tokens=40, overlap=1)
    assert len(chunks) > 3
    for c in chunks:
        assert text[c.start : c.end] == c.text
        assert counter([embedding_input("A title", c.text)])[0] <= 40
    for prev, nxt in zip(chunks, chunks[1:], strict=False):
        last_sentence = texts(prev.text)[-1]
        assert nxt.text.startswith(last_sentence)
    assert chunks[-1].end == len(text)


def test_an_over_long_sentence_is_cut_to_fit() -> None:
    counter = FakeEmbedder().count_tokens
    text = " ".join(["word"] * 300) + "."
    chunks = chunk_article("a1", text, "", counter, max_tokens=50, overlap=1)
    assert all(counter([c.text])[0] <= 50 for c in chunks)
    assert "".join(c.text for c in chunks).replace(" ", "") == text.replace(" ", "")


def test_chunk_ids_are_stable_and_change_with_content() -> None:
    counter = FakeEmbedder().count_tokens
    one = chunk_article("a", "First one. Second one.", "", counter, 40)
    two = chunk_article("a", "First one. Second one.", "", counter, 40)
    three = chunk_article("a", "First one. Second two.", "", counter, 40)
    assert [c.id for c in one] == [c.id for c in two]
    assert [c.id for c in one] != [c.id for c in three]


def test_boilerplate_lines_are_dropped_but_article_lines_kept() -> None:
    raw = "Real news line.\nJoin the 365247 Community here.\nIMAGE: Blue Origin\n\n\n\nMore news."
    assert clean_text(raw) == "Real news line.\n\nMore news."
    assert clean_text("Subscribers to the plan said the image of the city changed.") != ""


def test_dates_normalise_to_iso_and_unknown_stays_empty() -> None:
    assert normalise_date("2023-09-26T17:01:22+00:00") == "2023-09-26T17:01:22+00:00"
    assert normalise_date("Tue, 10 Jun 2003 04:00:00 GMT") == "2003-06-10T04:00:00+00:00"
    assert normalise_date("October 4, 2023") == "2023-10-04"
    assert normalise_date("not a date") == ""
    assert normalise_date("2023-02-30") == ""


def test_ids_prefer_given_then_url_then_text() -> None:
    assert article_id("mh-1", "http://x", "t") == "mh-1"
    assert article_id("", "http://x/a", "t") == article_id("", "HTTP://X/A/", "other")
    assert article_id("", "", "text one") != article_id("", "", "text two")
    assert re.fullmatch(r"t-[0-9a-f]{16}", article_id("", "", "text"))


def test_normalise_keeps_metadata_and_hash_tracks_content() -> None:
    a = normalise(ArticleDraft(body="Body.", title=" T ", published_at="2023-01-02"))
    b = normalise(ArticleDraft(body="Body changed.", title="T", published_at="2023-01-02"))
    assert (a.title, a.published_at) == ("T", "2023-01-02")
    assert a.id != b.id and a.content_hash != b.content_hash


def test_near_duplicates_score_high_and_different_stories_low() -> None:
    story = " ".join(f"word{i}" for i in range(200))
    wire = story + " Reporting by Reuters."
    other = " ".join(f"term{i}" for i in range(200))
    a, b, c = dedup.shingles(story), dedup.shingles(wire), dedup.shingles(other)
    assert dedup.jaccard(a, b) >= 0.9 > dedup.jaccard(a, c)
    sigs = [dedup.signature(s) for s in (b, c)]
    import numpy as np

    assert list(dedup.candidates(dedup.signature(a), np.stack(sigs), 0.9)) == [0]


def test_signature_index_finds_near_duplicates_among_many_by_band() -> None:
    import numpy as np

    rng = np.random.default_rng(7)
    story = " ".join(f"word{i}" for i in range(300))
    wire = dedup.signature(dedup.shingles(story + " Reporting by a wire service."))
    rewrite = dedup.signature(dedup.shingles(story[: len(story) // 2]))  # Jaccard about 0.5
    others = rng.integers(0, 2**61, (2000, dedup.SIGNATURE_SIZE), dtype=np.uint64)  # unrelated
    stored = dedup.SignatureIndex()  # as ingest starts: the stored ones loaded in bulk ...
    stored.load([f"other-{n}" for n in range(2000)] + ["wire", "rewrite"], [*others, wire, rewrite])
    added = dedup.SignatureIndex()  # ... or added one by one as a batch is planned
    for n, row in enumerate(others):
        added.add(f"other-{n}", row)
    added.add("wire", wire)
    added.add("rewrite", rewrite)
    original = dedup.signature(dedup.shingles(story))
    assert stored.candidates(original, 0.9) == added.candidates(original, 0.9) == ["wire"]
    stored.add("copy", original)
    assert stored.candidates(original, 0.9) == ["wire", "copy"]
