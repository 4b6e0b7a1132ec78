"""Key constraints of a question (pure): years and named entities evidence must mention."""

from __future__ import annotations

from qa.constraints import fold, key_constraints, meets, name_words, unmet


def test_a_person_is_met_by_the_surname_and_an_organisation_by_its_distinctive_words() -> None:
    assert name_words("Priya Sandoval", "PERSON") == ("sandoval",)
    assert name_words("Halden Group", "ORG") == ("halden",)
    assert name_words("the Ashwick Prize for Poetry", "WORK_OF_ART") == ("ashwick", "poetry")
    wanted = key_constraints(
        "Who did Priya Sandoval hire at Halden Group?",
        [("Priya Sandoval", "PERSON"), ("Halden Group", "ORG")],
    )
    assert unmet(wanted, "Sandoval, who runs Halden, hired two engineers.") == []
    assert unmet(wanted, "Sandoval hired two engineers.") == ["Halden Group"]


def test_an_award_of_another_kind_does_not_meet_the_question() -> None:
    wanted = key_constraints(
        "Who won the Ashwick Prize for Poetry?", [("the Ashwick Prize for Poetry", "WORK_OF_ART")]
    )
    assert unmet(wanted, "Jonah Prewitt won the Ashwick Prize for Fiction.") == [
        "the Ashwick Prize for Poetry"
    ]


def test_one_typo_in_a_long_name_is_forgiven_but_not_in_a_short_one() -> None:
    wanted = key_constraints("What did Bankman-Freid say?", [("Bankman-Freid", "PERSON")])
    assert unmet(wanted, "Sam Bankman-Fried said nothing.") == []
    short = key_constraints("What did Lowe say?", [("Lowe", "PERSON")])
    assert unmet(short, "Love said nothing.") == ["Lowe"]


def test_outlets_dates_and_amounts_are_not_name_constraints() -> None:
    wanted = key_constraints(
        "What did the Harbour Times report about $5 million in 2024?",
        [("the Harbour Times", "ORG"), ("$5 million", "MONEY"), ("2024", "DATE")],
        outlets=["Harbour Times"],
    )
    assert wanted.names == () and wanted.years == ("2024",)
    assert unmet(wanted, "Nothing about that year.", published_at="2024-02-01") == []


def test_fold_drops_accents_case_and_possessives() -> None:
    assert fold("Chloé’s") == "chloe"


def test_plurals_demonyms_and_other_endings_meet_a_name() -> None:
    wanted = key_constraints(
        "Who sold Boeing 787s to the Ecuadorian team?",
        [("Boeing 787s", "PRODUCT"), ("Ecuador", "GPE"), ("Definite Edition", "WORK_OF_ART")],
    )
    assert unmet(wanted, "The Ecuadorian side bought a Boeing 787, the Definitive Edition.") == []
    assert unmet(wanted, "The Peruvian side bought a Boeing 787, the Definitive Edition.") == [
        "Ecuador"
    ]


def test_an_article_of_a_two_story_question_needs_one_of_its_names() -> None:
    wanted = key_constraints(
        "Which platform offers a Bonus Bet and covers the PGA Tour?",
        [("Bonus Bet", "ORG"), ("the PGA Tour", "ORG")],
    )
    assert meets(wanted, "Caesars offers a $1,000 Bonus Bet to new users.")
    assert not meets(wanted, "Caesars offers free spins.")
    single = key_constraints("What did Lowe's earn?", [("Lowe's", "ORG")])
    assert not meets(single, "Target earned $1.85 a share.")
    assert not meets(key_constraints("Who won in 2025?"), "He won in 2024.", "2024-06-01")


def test_a_surname_that_is_also_a_word_must_be_written_as_a_name() -> None:
    wanted = key_constraints("What did Timothy Weeks say?", [("Timothy Weeks", "PERSON")])
    assert unmet(wanted, "The talks took two weeks.") == ["Timothy Weeks"]
    assert unmet(wanted, "Weeks, a teacher, was freed.") == []
    assert unmet(wanted, "Professor Weeks-Hall spoke.") == ["Timothy Weeks"]
