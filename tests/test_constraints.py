"""Key constraints of a question (pure): years and named entities evidence must mention."""

from __future__ import annotations

from qa.constraints import (
    Constraints,
    Name,
    another_count,
    another_edition,
    another_month,
    another_quarter,
    counts_of,
    derived_thing,
    described_owner,
    editions_of,
    extended_event,
    fold,
    key_constraints,
    loose_names,
    measured_noun,
    meets,
    name_words,
    noun_near,
    other_thing,
    relative_years,
    same_party,
    unmet,
    unwritten_editions,
    withheld,
    year_near,
)


def test_a_person_is_met_by_the_name_and_an_organisation_by_its_distinctive_words() -> None:
    assert name_words("Priya Sandoval", "PERSON") == ("priya", "sandoval")
    assert name_words("Priya K. Sandoval", "PERSON") == ("sandoval",)
    assert name_words("Halden Group", "ORG") == ("halden",)
    assert name_words("the Ashwick Prize for Poetry", "WORK_OF_ART") == (
        "ashwick",
        "prize",
        "poetry",
    )
    wanted = key_constraints(
        "Who did Priya Sandoval hire at Halden Group?",
        [("Priya Sandoval", "PERSON"), ("Halden Group", "ORG")],
    )
    article = "Priya Sandoval joined in May. Sandoval, who runs Halden, hired two engineers."
    assert unmet(wanted, article) == []
    assert unmet(wanted, article.replace("Halden", "Corvane")) == ["Halden Group"]
    particle = key_constraints("Who was Ida von Marlow's father?", [("Ida von Marlow", "PERSON")])
    assert unmet(particle, "The daughter of Otto von Marlow, Ida von Marlow, was born here.") == []
    assert unmet(particle, "The daughter of Otto Marlow was born here.") == ["Ida von Marlow"]


def test_an_award_of_another_kind_does_not_meet_the_question() -> None:
    wanted = key_constraints(
        "Who won the Ashwick Prize for Poetry?", [("the Ashwick Prize for Poetry", "WORK_OF_ART")]
    )
    assert unmet(wanted, "Jonah Prewitt won the Ashwick Prize for Fiction.") == [
        "the Ashwick Prize for Poetry"
    ]


def test_an_event_of_another_kind_from_the_same_town_does_not_meet_the_question() -> None:
    wanted = key_constraints("Who won the Corvane Cup?", [("the Corvane Cup", "EVENT")])
    assert unmet(wanted, "Ada Mwangi won the Corvane Marathon.") == ["the Corvane Cup"]
    assert unmet(wanted, "Corvane's rowing cup went to the Harbour club.") == []


def test_an_awards_event_is_met_by_its_other_names_only() -> None:
    oscars = key_constraints("Who won at the Academy Awards?", [("the Academy Awards", "EVENT")])
    assert unmet(oscars, "Mira Tal won the Oscar for Best Actress.") == []
    assert unmet(oscars, "Mira Tal won the Marlow Award for Best Actress.") == [
        "the Academy Awards"
    ]
    globes = key_constraints(
        "Who hosted the Kessel Globe Awards?", [("Kessel Globe Awards", "EVENT")]
    )
    assert unmet(globes, "Ada Brenn hosted the Kessel Globes.") == []
    assert unmet(globes, "Ada Brenn hosted the Kessel Awards.") == ["Kessel Globe Awards"]


def test_a_surname_alone_meets_a_person_only_where_it_names_no_one_else() -> None:
    wanted = key_constraints("How many votes did Ada Brenn get?", [("Ada Brenn", "PERSON")])
    snippet = "Votes between Brenn and Tal in each county, and who is winning ..."
    assert unmet(wanted, snippet, surnames=True) == []
    assert unmet(wanted, "Senator Brenn conceded.", surnames=True) == []
    assert unmet(wanted, snippet) == ["Ada Brenn"]  # only where asked for
    for other in ("Otto Brenn conceded.", "Brenn Marlow conceded.", "Brenn and Otto Brenn"):
        assert unmet(wanted, other, surnames=True) == ["Ada Brenn"], other


def test_an_acronym_is_met_by_the_words_it_stands_for() -> None:
    wanted = key_constraints("How many migrants did KBP hold?", [("KBP", "ORG")])
    assert unmet(wanted, "Migrants held by Kessel Border Protection officers ...") == []
    assert unmet(wanted, "Migrants held by Kessel police ...") == ["KBP"]


def test_us_and_usa_write_one_name() -> None:
    wanted = key_constraints("Who won the US Open?", [("the US Open", "EVENT")])
    assert unmet(wanted, "List of winners of the USA Open: 2020, Ada Brenn.") == []


def test_one_typo_in_a_long_name_is_forgiven_but_not_in_a_short_one() -> None:
    wanted = key_constraints("What did Bankman-Freid say?", [("Bankman-Freid", "PERSON")])
    assert unmet(wanted, "Sam Bankman-Fried said nothing.") == []
    short = key_constraints("What did Rowe say?", [("Rowe", "PERSON")])
    assert unmet(short, "Rose said nothing.") == ["Rowe"]


def test_outlets_dates_and_amounts_are_not_name_constraints() -> None:
    wanted = key_constraints(
        "What did the Harbour Times report about $5 million in 2024?",
        [("the Harbour Times", "ORG"), ("$5 million", "MONEY"), ("2024", "DATE")],
        outlets=["Harbour Times"],
    )
    assert wanted.names == () and wanted.years == ("2024",)
    assert unmet(wanted, "Nothing about that year.", published_at="2024-02-01") == []


def test_a_model_code_the_tagger_missed_is_a_constraint() -> None:
    wanted = key_constraints("What will the TX-90 drone cost?", [])
    assert [n.text for n in wanted.names] == ["TX-90"]
    assert unmet(wanted, "The TX-90 drone will sell for $900.") == []
    assert unmet(wanted, "The TX-80 drone sells for $700.") == ["TX-90"]
    # measurements, short codes and years are not model codes
    assert key_constraints("Is the 13-inch Q3 model out in 2024?", []).names == ()


def test_fold_drops_accents_case_and_possessives() -> None:
    assert fold("Chloé’s") == "chloe"


def test_plurals_demonyms_and_other_endings_meet_a_name() -> None:
    wanted = key_constraints(
        "Who sold Airbus A350s to the team from Argentina?",
        [("Airbus A350s", "PRODUCT"), ("Argentina", "GPE"), ("Celebration Edition", "WORK_OF_ART")],
    )
    text = "The Argentine side bought an Airbus A350, the Celebratory Edition."
    assert unmet(wanted, text) == []
    assert unmet(wanted, text.replace("Argentine", "Chilean")) == ["Argentina"]


def test_an_article_of_a_two_story_question_needs_the_names_of_the_fact_asked() -> None:
    wanted = key_constraints(
        "Which airline ordered the Skyline jet and sponsors the Harbour Regatta?",
        [("Skyline", "PRODUCT"), ("the Harbour Regatta", "EVENT")],
    )
    # the second predicate's name may be written by another article
    second = frozenset({"the Harbour Regatta"})
    assert meets(wanted, "Bluewing Air ordered ten Skyline jets.", described=second)
    assert not meets(wanted, "Bluewing Air sponsors the Harbour Regatta.", described=second)
    assert not meets(wanted, "Bluewing Air ordered ten jets.", described=second)
    # where every name is in such a clause, one of them will do
    both = frozenset({"Skyline", "the Harbour Regatta"})
    assert meets(wanted, "Bluewing Air sponsors the Harbour Regatta.", described=both)
    # one fact: its article writes every name it asks about
    one = key_constraints(
        "Which doctor examined Mayor Ostrander at Linden Grove Hospital?",
        [("Ostrander", "PERSON"), ("Linden Grove Hospital", "ORG")],
    )
    assert meets(one, "Dr. Vale examined Ostrander at Linden Grove Hospital.")
    assert not meets(one, "Ostrander praised Dr. Vale, who treats asthma.")
    single = key_constraints("What did Halden earn?", [("Halden", "ORG")])
    assert not meets(single, "Corvane earned $1.85 a share.")
    assert not meets(key_constraints("Who won in 2025?"), "He won in 2024.", "2024-06-01")


def test_a_surname_that_is_also_a_word_must_be_written_as_a_name() -> None:
    wanted = key_constraints("What did Tomas Days say?", [("Tomas Days", "PERSON")])
    assert unmet(wanted, "The talks took two days.") == ["Tomas Days"]
    assert unmet(wanted, "Tomas Days, a teacher, was freed. Days thanked them.") == []
    assert unmet(wanted, "Professor Days-Hall spoke.") == ["Tomas Days"]


def test_a_given_name_is_met_whole_or_shortened_and_a_product_read_as_a_person_is_not_met() -> None:
    wanted = key_constraints("What did Sam Okafor sign?", [("Sam Okafor", "PERSON")])
    assert unmet(wanted, "Samuel Okafor signed. Okafor smiled.") == []
    assert unmet(wanted, "Grace Okafor signed.") == ["Sam Okafor"]
    product = key_constraints("What will the Lumo Pro cost?", [("Lumo Pro", "PERSON")])
    assert unmet(product, "The Orbit Pro costs $9.") == ["Lumo Pro"]


def test_apostrophes_suffixes_and_outlets_in_names() -> None:
    irish = key_constraints("Q?", [("Conan O'Brien", "PERSON"), ("Apple", "ORG")], ["AP"])
    assert [n.words for n in irish.names] == [("conan", "o'brien"), ("apple",)], "AP: not Apple"
    assert unmet(irish, "Conan O’Brien met Apple staff.") == []
    assert key_constraints("Q?", [("Ann Lee Jr.", "PERSON")]).names[0].words == ("ann", "lee")


def test_a_passage_naming_another_event_of_the_kind_asked_is_about_that_one() -> None:
    wanted = key_constraints("Who won the Corvane Open?", [("the Corvane Open", "EVENT")])
    passage = "Mira Holt won the 2025 Halden Open, beating Ada Mwangi."
    named = [("Mira Holt", "PERSON"), ("the 2025 Halden Open", "EVENT"), ("Ada Mwangi", "PERSON")]
    assert other_thing(wanted, passage, named) == "the 2025 Halden Open"
    # the asked one written in the passage, or nothing else of its kind named: no conflict
    assert other_thing(wanted, passage + " She won the Corvane Open too.", named) == ""
    assert other_thing(wanted, "Mira Holt won in three sets.", named[:1]) == ""
    # people and places are never "another event"
    assert other_thing(wanted, "Mira Holt of Halden won.", [("Halden", "GPE")]) == ""


def test_a_name_with_the_same_head_and_another_modifier_is_another_thing() -> None:
    # the tagger reads some events as places; the shared head word still tells them apart
    wanted = key_constraints("Who won the Ashwick Open?", [("Ashwick Open", "LOC")])
    assert other_thing(wanted, "Holt won the Halden Open.", [("the Halden Open", "ORG")]) == (
        "the Halden Open"
    )
    assert other_thing(wanted, "Holt won at Halden.", [("Halden", "ORG")]) == ""
    # or only written capitalised in the sentence, untagged: a winners list of another Open
    listed = "Halden Open Winners ; 2024, Mira Holt ; 2023, Ada Mwangi"
    assert other_thing(wanted, listed, [], listed) == "Halden Open"
    assert other_thing(wanted, "The Open went to Holt.", [], "The Open went to Holt.") == ""
    both = f"Ashwick Open, then {listed}"
    assert other_thing(wanted, both, [], listed) == "", "the asked one is written too"
    people = key_constraints("Who is Ada Mwangi's sister?", [("Ada Mwangi", "PERSON")])
    assert other_thing(people, "Rosa Mwangi spoke.", [("Rosa Mwangi", "PERSON")]) == ""


def test_a_party_is_named_whole_or_in_part() -> None:
    owen = Name("Owen Talbot", "PERSON", name_words("Owen Talbot", "PERSON"))
    halden = Name("Halden Group", "ORG", name_words("Halden Group", "ORG"))
    assert same_party(owen, "Talbot") and same_party(owen, "Owen Talbot")
    assert same_party(halden, "Halden") and same_party(halden, "the Halden Group board")
    assert not same_party(halden, "Corvane Industries") and not same_party(owen, "Mira Talbott")


def test_a_year_is_met_near_the_sentence_in_the_title_or_by_the_date() -> None:
    assert year_near(("2019",), "Corvane listed in 2019. It raised $25 million.")
    assert year_near(("2019",), "It raised $25 million.", title="Corvane's 2019 listing")
    assert year_near(("2019",), "It raised $25 million.", published_at="2019-05-02")
    assert not year_near(("2019",), "Shares closed at $14.20.", "Corvane", "2024-05-02")
    # a sentence naming another edition is about that one; a year in passing dates nothing
    edition = "Holt won the 2018 Halden Open."
    assert not year_near(("2019",), f"{edition} The 2019 draw is out.", sentence=edition)
    again = "Holt won the 2018 Halden Open and played it again in 2019."
    assert year_near(("2019",), again, sentence=again), "the asked year is written too"
    passing = "Holt won in a record set in 2018."
    assert year_near(("2019",), f"{passing} The 2019 draw is out.", sentence=passing)
    assert year_near(("2018", "2019"), "In 2018 it raised $25 million.")
    period = "Revenue was flat in Q2 2018, with $30 million from that unit."
    assert not year_near(("2019",), f"Corvane 2019 results. {period}", sentence=period)
    quarter = "In the second quarter of 2018 it lost $4 million."
    assert not year_near(("2019",), f"The 2019 report. {quarter}", sentence=quarter)


def test_a_year_said_relative_to_the_articles_date_is_met() -> None:
    assert relative_years("Their partnership began last November.", "2019-11-19") == {"2018"}
    assert relative_years("The line closed last March.", "2019-11-19") == {"2019"}
    assert relative_years("It opens next March.", "2019-11-19") == {"2020"}
    assert relative_years("Revenue fell last year; next year looks better.", "2024-02-01") == {
        "2023",
        "2025",
    }
    assert relative_years("Revenue fell last year.", "") == set()
    began = "The Tarrow partnership began last November."
    asked = Constraints(years=("2018",))
    assert unmet(asked, began, "2019-11-19") == []
    assert unmet(asked, began, "2020-11-19") == ["2018"]
    assert year_near(("2018",), began, published_at="2019-11-19")


def test_another_quarter_than_the_one_asked_does_not_meet_the_question() -> None:
    asked = key_constraints("How much did Corvane lose in the second quarter of 2024?")
    assert asked.quarters == (2,)
    assert key_constraints("What was Corvane's Q3 revenue?").quarters == (3,)
    assert key_constraints("What was Corvane's third-quarter revenue?").quarters == (3,)
    third = "Corvane lost $4 million in the third quarter ended Sept. 29."
    assert another_quarter(asked.quarters, third)
    assert not another_quarter(asked.quarters, "Corvane lost $3 million in Q2.")
    assert not another_quarter(asked.quarters, "Corvane lost $3 million this year.")
    assert not meets(asked, third, "2024-10-02")
    assert unmet(asked, third, "2024-10-02") == ["the second quarter"]


def test_another_month_than_the_one_asked_does_not_meet_the_question() -> None:
    asked = key_constraints("How many ferries did Halden sell in August 2024?")
    assert asked.months == (8,)
    assert key_constraints("What did Halden announce on August 12?").months == ()
    last = "Halden sold 14 ferries last month, its best month yet."
    assert another_month(asked.months, last, "2024-11-03")  # October's
    assert not another_month(asked.months, last, "2024-09-03")  # August's
    assert another_month(asked.months, "Halden sold 14 ferries in Oct. alone.")
    assert not another_month(asked.months, "Halden sold 14 ferries in August.")
    assert not another_month(asked.months, "Halden sold 14 ferries.", "2024-11-03")


def test_another_year_of_the_thing_asked_is_not_the_year_asked() -> None:
    asked = key_constraints("How much did Corvane give to Mira Talbot's 2024 re-election bid?")
    assert asked.years == ("2024",) and "re-election" in asked.dated
    other = "Corvane gave $40,000 to her 2020 election bid."
    assert not year_near(
        asked.years, f"{other} She runs in 2024.", sentence=other, dated=asked.dated
    )
    passing = "Corvane, founded in 2020, gave $40,000 to her bid."
    assert year_near(
        asked.years, f"{passing} She runs in 2024.", sentence=passing, dated=asked.dated
    )


def test_an_event_name_the_tagger_missed_is_a_constraint() -> None:
    asked = "How much did the Kessel Bay Marathon raise for the harbour hospice?"
    (name,) = key_constraints(asked, []).names  # as if the tagger found nothing
    assert (name.text, name.label, name.words) == (
        "Kessel Bay Marathon",
        "EVENT",
        ("kessel", "bay", "marathon"),
    )
    assert unmet(key_constraints(asked, []), "The Kessel Bay regatta raised $18,000.")
    tagged = key_constraints(asked, [("the Kessel Bay Marathon", "EVENT")])
    assert [n.text for n in tagged.names] == ["the Kessel Bay Marathon"]  # not twice
    assert key_constraints("Who won the 2019 Tour?", []).names == ()  # a head alone is no name
    assert key_constraints("Which Cup final went to penalties?", []).names == ()


def test_a_name_joined_by_a_particle_the_tagger_missed_is_a_constraint() -> None:
    asked = "Who was named Harbour Teacher of the Year for 2021?"
    wanted = key_constraints(asked, [("Year", "DATE"), ("2021", "DATE")])
    assert [n.text for n in wanted.names] == ["Harbour Teacher of the Year"]
    assert unmet(wanted, "Ada Brenn received the 2021 Marlow prize.")
    assert not unmet(wanted, "Ada Brenn was the 2021 Harbour Teacher of the Year.")
    assert [n.text for n in key_constraints("Who won the 2021 Tour de Kessel?").names] == [
        "Tour de Kessel"
    ]
    assert key_constraints("Who is the Secretary of State for Kessel?", []).names == ()


def test_what_how_much_measures_must_be_written_near_the_figure() -> None:
    assert measured_noun("How much compensation will the Kessel shops get?") == "compensation"
    assert measured_noun("How much ransom was paid for the two sailors?") == "ransom"
    assert measured_noun("How much prize money does she get?") == ""  # money is plain
    assert measured_noun("How much did Halden pay for Kestrel?") == ""
    assert measured_noun("How much is a ferry ticket?") == ""
    # a counted noun that starts like an auxiliary ("doses", "dollars"), and one with "of"
    assert measured_noun("How many doses of flu vaccine did the clinic offer?") == "doses"
    assert measured_noun("How much dough did the bakery waste?") == "dough"
    assert measured_noun("How big a grant did the Tarrow lab get?") == "grant"  # the same asks
    assert measured_noun("How long a ban did the rower receive?") == "ban"
    assert measured_noun("How long did the ban last?") == ""
    # things that are the subject: no auxiliary follows them
    assert measured_noun("How many fans attended the Kessel Cup final?") == "fans"
    assert measured_noun("How many close contacts of the two sailors were tested?") == "contacts"
    assert measured_noun("How many people attended the Kessel Cup final?") == ""  # plain
    assert measured_noun("Corvane's 2021 report showed total revenue of how much?") == "revenue"
    assert measured_noun("The deal was worth a sum of how much?") == ""  # a sum is any figure
    # not a word that only ends in "s": "US", "bus", "crisis"
    assert measured_noun("How many US dock workers joined the Kessel strike?") == "workers"
    assert measured_noun("How many bus drivers joined the Kessel strike?") == "drivers"
    assert measured_noun("How many crisis lines opened in Tarrow?") == "lines"
    assert key_constraints("How much ransom was paid?").measured == "ransom"
    assert noun_near("compensation", "Shops will be compensated with $2 million.")
    assert noun_near("ransom", "A ransom of $3 million was paid.")
    assert not noun_near("compensation", "The tram line cost $18 million more than planned.")


def test_the_owner_of_a_measure_is_what_the_question_names_after_of() -> None:
    owner = described_owner("What is the length of the Marrow river in Port Ellery?")
    assert [n.text for n in owner] == ["Marrow", "Port Ellery"]
    assert described_owner("What is the name of the Marrow ferry?") == ()  # no measure
    assert described_owner("How long is the Marrow?") == ()


def test_a_possessive_owner_is_the_owner_of_the_measure() -> None:
    question = "What was Corvane Tools' total revenue in the second quarter?"
    assert measured_noun(question) == "revenue"  # held to "revenue" near its figure
    assert [n.text for n in described_owner(question)] == ["Corvane Tools"]
    assert measured_noun("What was the company's profit in 2021?") == "profit"


def test_what_how_many_counts_must_be_written_near_the_figure_unless_it_is_people() -> None:
    assert measured_noun("How many ferries did the Kessel yard build?") == "ferries"
    assert measured_noun("How many rural districts were flooded in March?") == "districts"
    assert measured_noun("About how many people were evacuated?") == ""  # "30 were evacuated"
    assert measured_noun("How many years did Holt serve?") == ""  # written as a unit
    assert measured_noun("How many times has Halden won it?") == ""
    assert not noun_near("ferries", "The yard built three tugs and a barge in May.")
    assert noun_near("ferries", "The yard built its ninth ferry in May.")


def test_withheld_reads_what_a_sentence_says_is_not_known_and_matches_it_to_the_question() -> None:
    price = "What is the UK starting price of the Kestrel Nine?"
    said = "UK pricing has not been confirmed yet, but the car goes on sale in March."
    assert withheld(price, said, money=True) == "pricing"
    assert withheld(price, "Kestrel is yet to be announced in Japan.", money=True) == ""
    paid = "How much did Tarrow pay for the ferry line?"
    assert withheld(paid, "Tarrow bought the ferry line for an undisclosed sum.", True) == "sum"
    assert withheld(paid, "Tarrow declined to disclose the purchase price.", True) == "price"
    assert withheld(paid, "Tarrow did not say how much it paid.", True) == "amount"
    assert withheld(paid, "Tarrow paid $12 million; other terms were disclosed.", True) == ""
    assert withheld(paid, "She gave no details on payment or timing.", True) == "payment"
    assert withheld(paid, "Tarrow did not give any details of the price.", True) == "price"
    assert withheld(paid, "She gave no details on the route.", True) == ""  # not the figure
    buyer = "Who is the buyer of the ferry line?"
    assert withheld(buyer, "The buyer was not disclosed.", money=False) == "buyer"
    assert withheld(buyer, "Terms were not disclosed.", money=False) == ""  # not what is asked
    assert withheld("Who won the regatta?", "The winner was announced on Sunday.", False) == ""


def test_a_film_or_expansion_of_the_title_asked_is_another_thing() -> None:
    asked = "When was Halden Saga 2 released?"
    assert derived_thing(asked, "Halden Saga 2: Northern Lights comes out on 3 May 2024.")
    assert derived_thing("When was Halden Saga Rising released?", "The Halden Saga movie opened.")
    assert derived_thing(asked, "The Halden Saga 2 DLC arrived in March 2023.")
    assert not derived_thing(asked, "Corvane released Halden Saga 2 on 1 December 2022.")
    movie = "When was the Halden Saga movie released?"
    assert not derived_thing(movie, "The Halden Saga movie opened.")
    subtitled = "When was Halden Saga: Northern Lights released?"
    assert not derived_thing(subtitled, "Halden Saga: Northern Lights comes out on 3 May 2024.")


def test_a_nationality_asked_about_is_met_by_its_country_or_people() -> None:
    asked = key_constraints(
        "How many people were arrested in the Westish protests?",
        [("Westish", "NORP"), ("anti-meth", "NORP"), ("American", "NORP")],
    )
    assert [n.text for n in asked.names] == ["Westish"]  # capitalised, and not written many ways
    assert meets(asked, "Police in Westland arrested 40 protesters.")
    assert meets(asked, "Westish police arrested 40 protesters.")
    assert not meets(asked, "Police in Ashwick arrested six people on Monday.")


def test_what_is_the_measure_of_holds_the_figure_to_that_measure() -> None:
    assert measured_noun("What is the average nurse salary in Halden?") == "salary"
    assert measured_noun("What is the population of Port Ellery?") == "population"
    assert measured_noun("What was the price of a Halden ferry ticket?") == ""  # any price
    assert measured_noun("What is the name of the Halden ferry?") == ""
    assert noun_near("salary", "Halden nurses earn an average salary of $61,000.")
    assert not noun_near("salary", "The Halden budget has a $2 billion surplus for schools.")


def test_a_sentence_giving_another_count_of_what_the_question_counts_is_about_someone_else() -> (
    None
):
    asked = counts_of("Which Hawks guard scored 31 points in the 98-95 loss to the Owls in 2024?")
    assert asked == (("31", "point"),)  # no score, no year
    assert another_count(asked, "Ada Mott scored 34 points as the Owls won 98-95.")
    assert not another_count(asked, "Tom Ashby scored 20 of his 31 points in the first half.")
    assert not another_count(asked, "The Hawks lost 98-95.")  # no count of points at all
    assert counts_of("How many of the 3 classes passed?") == (("3", "class"),)
    # a number that ends a name counts nothing ("Skyrunner 2 runs", "its Halden 747 deal")
    assert counts_of("At what frame rate does Skyrunner 2 run on Verlo?") == ()
    assert counts_of("What did Emberline pay before its Halden 747 deal?") == ()
    assert counts_of("What did Ada Mott's 3 goals win?") == (("3", "goal"),)
    assert counts_of("Did Halden send Kessel 31 tanks?") == (("31", "tank"),)  # a count of things
    assert counts_of("Did Verlo give Ashwick 3,000 tonnes?") == (("3000", "tonne"),)


def test_a_title_ending_in_a_number_is_a_name_the_article_must_write() -> None:
    wanted = key_constraints("At what frame rate does Skyrunner 2 run on Verlo?")
    assert [(n.text, n.words) for n in wanted.names] == [("Skyrunner 2", ("skyrunner",))]
    assert unmet(wanted, "Skyrunner 2 runs at 60fps.") == []
    assert unmet(wanted, "Duskfall 3 runs at 60fps.") == ["Skyrunner 2"]
    # a quarter's year and a date are no titles
    assert key_constraints("What did Halden earn in Q3 2024?").names == ()
    assert key_constraints("What opened on March 5 in Ashwick?").names == ()
    # nor a part of a series, nor a count after a name
    assert key_constraints("Who won Stage 14 of the Kessel Tour?").names == (
        key_constraints("Who won the Kessel Tour?").names
    )
    assert key_constraints("What did Halden pay Verlo 3 times?").names == ()


def test_names_written_only_in_a_side_clause_or_as_alternatives_are_loose() -> None:
    names = key_constraints(
        "Did Corvane buy Voltline, which Corvane had sued?",
        [("Corvane", "ORG"), ("Voltline", "ORG")],
    ).names
    question = "Did Corvane buy Voltline, which Corvane had sued?"
    side = [(question.index("which"), len(question) - 1)]
    assert loose_names(question, names, side) == frozenset()  # both in the main fact too
    question = "Who is older, Ada Brenn or Tom Vale?"
    people = key_constraints(question, [("Ada Brenn", "PERSON"), ("Tom Vale", "PERSON")]).names
    assert loose_names(question, people, []) == {"Ada Brenn", "Tom Vale"}


def test_a_title_number_or_a_season_ordinal_names_the_edition_an_article_must_write() -> None:
    (bowl,) = editions_of("Which team won the Harbour Bowl LVII?")
    assert (bowl.noun, bowl.number, bowl.named) == ("bowl", 57, True)
    assert bowl.text == "Harbour Bowl LVII"
    (season,) = editions_of("When does the sixth season of Lantern Street premiere?")
    assert (season.number, season.text, season.named) == (6, "sixth season", True)
    (awards,) = editions_of("Who hosted the 41st Kessel Film Awards?")
    assert awards.text == "41st Kessel Film Awards" and awards.named
    (game,) = editions_of("Who scored in the first game of the series?")
    assert not game.named  # "the first game" is a member of a series, not a title's number
    assert editions_of("Did the Washington DC office open?") == ()  # no numeral
    # written in figures or in numerals alike; a snippet on another edition writes neither
    assert not unwritten_editions((bowl,), "The Harbour Bowl 57 was played in March.")
    assert unwritten_editions((bowl,), "Find every Harbour Bowl winner here.") == [bowl]
    assert not unwritten_editions((game,), "Find every winner here.")


def test_a_passage_on_another_edition_does_not_answer_for_the_one_asked() -> None:
    (season,) = editions_of("When does the sixth season of Lantern Street premiere?")
    assert another_edition((season,), "The fourth season of Lantern Street premiered in May.")
    assert not another_edition((season,), "Season 6 follows the fourth season's finale.")
    assert not another_edition((season,), "It premiered in May.")
    assert not another_edition((season,), "The fourth season ...", title="Season 6 review")


def test_a_longer_name_of_the_asked_event_is_another_event() -> None:
    asked = "Which arena hosted the 2022 Kessel League draft?"
    combine = "The 2022 Kessel League Draft Combine is set for June at Tarrow Arena."
    assert extended_event(asked, combine) == "Kessel League Draft Combine"
    assert extended_event(asked, "The 2022 Kessel League draft was held at Marlow Center.") == ""
    assert extended_event(asked, "The Kessel League Draft Lottery and the draft itself ...") != ""
    assert extended_event("Where is the Kessel League Draft Combine held?", combine) == ""


def test_review_cases_of_the_twelfth_round_constraints() -> None:
    may = key_constraints("What did Ada May say?", [("Ada May", "PERSON")])
    assert unmet(may, "Sales fell in May, the firm said.", surnames=True) == ["Ada May"]
    young = key_constraints("What did Ada Young say?", [("Ada Young", "PERSON")])
    assert unmet(young, "Young voters turned out in Kessel.", surnames=True) == ["Ada Young"]
    assert unmet(young, "Mr. Young said it went well.", surnames=True) == []
    game = key_constraints("Who hosted The Kessel Awards?", [("The Kessel Awards", "EVENT")])
    assert unmet(game, "The Kessels were hosted by Ada Brenn.") == []
    assert unmet(game, "She loves kessels.") == ["The Kessel Awards"]
    today = key_constraints("Where is USA Daily based?", [("USA Daily", "ORG")])
    assert unmet(today, "He told us daily.") == ["USA Daily"]
    asked = "Which arena hosted the 2022 Kessel League draft?"
    assert extended_event(asked, "in the Kessel League draft Thursday night at Tarrow Arena") == ""
    assert extended_event(asked, "Kessel League Draft Results: the picks") == ""
    assert key_constraints("Who is the Kessel Chief of Staff?", []).names == ()
    compared = "It made $4 billion, up from $3.6 billion in fiscal 2018."
    assert year_near(("2019",), f"The 2019 report. {compared}", sentence=compared)
    assert measured_noun("Because of how much rain fell, which roads closed?") == ""


def test_a_model_variant_is_part_of_the_name_asked() -> None:
    asked = "How much does the Kessel 7 Pro cost?"
    wanted = key_constraints(asked, [("Kessel 7", "PRODUCT")])
    assert [n.text for n in wanted.names] == ["Kessel 7 Pro"]
    assert unmet(wanted, "The Kessel 7 costs $599.") == ["Kessel 7 Pro"]
    assert unmet(wanted, "The Kessel 7 and Kessel 7 Pro cost $599 and $899.") == []
