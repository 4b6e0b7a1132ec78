"""Language data the answerer reads: which entity types answer which questions.

Labels are the NER tagger's (OntoNotes, see ingest.entities). Word lists are general English,
written from the meaning of the words, never from benchmark questions.
"""

from __future__ import annotations

# The kind of thing a "which/what NOUN" question asks for, by its head noun. Nouns outside
# these lists leave the answer untyped (every candidate weighs the same).
PERSON_NOUNS = frozenset(
    """person people man woman men women boy girl player players footballer cricketer athlete
    actor actress singer rapper musician artist author writer novelist director producer
    ceo cfo cto chief executive founder cofounder co-founder chairman chairwoman chair president
    minister secretary senator governor mayor lawmaker politician leader candidate official
    judge lawyer attorney spokesperson spokesman spokeswoman coach manager captain
    quarterback pitcher driver rider golfer boxer swimmer champion winner runner-up finalist
    nominee host presenter journalist reporter editor scientist researcher engineer doctor
    inventor investor billionaire owner head boss star celebrity member suspect victim""".split()
)
ORG_NOUNS = frozenset(
    """company companies firm business corporation organisation organization group team club
    agency bank university college school party network broadcaster channel studio publisher
    outlet newspaper magazine startup start-up brand maker manufacturer automaker carmaker
    airline retailer label band charity union league federation ministry department court
    regulator government fund""".split()
)
PLACE_NOUNS = frozenset(
    """country nation state city town village region province county capital place location
    venue stadium arena island continent area site""".split()
)
EVENT_NOUNS = frozenset(
    """event tournament championship championships competition contest race match final cup
    festival conference summit ceremony election war battle game games olympics""".split()
)
WORK_NOUNS = frozenset(
    """film movie book novel song album show series documentary play painting single track
    episode""".split()
)
PRODUCT_NOUNS = frozenset(
    """product device phone smartphone tablet laptop computer console chip processor car vehicle
    model app application software system platform service tool drug vaccine rocket capsule
    spacecraft aircraft plane""".split()
)

# How much a candidate of each label counts for a question asking for a given type. A label not
# listed counts UNLISTED; a candidate the tagger left unlabelled counts UNTAGGED. Set by hand
# from what the types mean (a "who" question is sometimes answered by a team or a country), then
# checked on both halves of the dev splits and our own sets.
UNLISTED = 0.3
UNTAGGED = 0.6
ANSWER_LABELS: dict[str, dict[str, float]] = {
    "person": {"PERSON": 1.0, "ORG": 0.6, "NORP": 0.5, "GPE": 0.5},
    "org": {"ORG": 1.0, "PERSON": 0.5, "GPE": 0.5, "NORP": 0.5, "PRODUCT": 0.5, "FAC": 0.5},
    "place": {"GPE": 1.0, "LOC": 1.0, "FAC": 1.0, "ORG": 0.6},
    "event": {"EVENT": 1.0, "ORG": 0.5, "WORK_OF_ART": 0.5, "FAC": 0.4},
    "work": {"WORK_OF_ART": 1.0, "PRODUCT": 0.7, "EVENT": 0.5, "ORG": 0.5},
    "product": {"PRODUCT": 1.0, "ORG": 0.6, "WORK_OF_ART": 0.6},
}
NOUN_TYPES = (
    (PERSON_NOUNS, "person"),
    (ORG_NOUNS, "org"),
    (PLACE_NOUNS, "place"),
    (EVENT_NOUNS, "event"),
    (WORK_NOUNS, "work"),
    (PRODUCT_NOUNS, "product"),
)

# Named entities of a question that evidence must mention (qa.constraints): names of people,
# organisations, places, events, works, products and laws. Dates, amounts and nationalities
# ("Turkish") are left out: articles write them in too many other ways.
CONSTRAINT_LABELS = frozenset("PERSON ORG GPE LOC FAC EVENT WORK_OF_ART PRODUCT LAW".split())
# Words of names that articles often leave out ("Halden" for "Halden Group", "the Oscars" for
# "the Academy Awards ceremony"): not required when a name is checked.
GENERIC_NAME_WORDS = frozenset(
    """group inc corp corporation company co ltd llc plc holdings foundation university
    association institute agency council committee club team fc department ministry
    award awards prize prizes cup trophy championship championships tournament festival
    conference summit ceremony games season series event annual international national
    world global north south east west new city state county republic united edition
    version""".split()
)
