"""What a figure counts, read closely enough that one figure across outlets is one fact:
the people a toll is of, a number coordinated under an earlier verb, and rates.

Fictional sentences (Veldoria, Ostria, Port Ardel); the extractor runs without spaCy.
"""

from __future__ import annotations

from storydesk.analyze.dates import find_dates
from storydesk.analyze.numbers import find_numeric_claims
from storydesk.analyze.peoples import people_named, people_of_country
from storydesk.analyze.rates import rate_after, split_rate
from storydesk.reconcile.topics import Subject, same_subject, subject_of


def _counted(text: str) -> dict[str, str | None]:
    return {c.text: c.counted for c in find_numeric_claims(text, None, find_dates(text, None))}


def _subject(text: str, figure: str) -> Subject:
    claim = next(c for c in find_numeric_claims(text, None, find_dates(text, None))
                 if c.text == figure)  # fmt: skip
    return subject_of(claim.counted, text[: claim.start], text[claim.end : claim.end + 30],
                      claim.scope, claim.unit)  # fmt: skip


# --- Peoples and tolls -----------------------------------------------------------------


def test_a_number_coordinated_under_a_casualty_verb_counts_that_event() -> None:
    found = _counted("The war has raged for two months, killing over 13,000 Ostrians, "
                     "including thousands of children, and about 1,200 Veldorians.")  # fmt: skip
    assert found["about 1,200"] == "Veldorians killed"
    assert _counted("The blast killed 12 soldiers and 30 civilians.")["30"] == "civilians killed"


def test_coordination_stops_at_places_and_other_clauses() -> None:
    # The "and" joins two places, not two counts of the dead.
    found = _counted("Blasts killed some 300 people in Port Ardel and two other Ostrian towns.")
    assert found["two"] == "Ostrian towns"
    assert _counted("Floods killed 12 people and 3,000 homes were damaged.")["3,000"] == (
        "homes damaged")  # fmt: skip


def test_a_toll_keeps_the_country_it_is_of() -> None:
    assert _counted("The official death toll in Veldoria is around 1,200.")["around 1,200"] == (
        "death toll in Veldoria")  # fmt: skip
    # The nearest toll names the number, not the first one in the sentence.
    found = _counted("The Veldorian death toll is 1,200, and the death toll in Ostria is 30.")
    assert found["30"] == "death toll in Ostria"
    # "the Veldoria blast" is an event: its toll is of the blast, not of a people.
    blast = _counted("The death toll in the Veldoria blast, initially 10, has risen to 12.")
    assert blast["12"] == "death toll"


def test_a_toll_meets_its_own_people_and_no_other() -> None:
    toll = _subject("The official death toll in Veldoria is around 1,200.", "around 1,200")
    assert toll.people == "veldorian" and toll.head is None and toll.places == ("veldoria",)
    same = _subject("Some 1,200 Veldorians have been killed.", "Some 1,200")
    other = _subject("Some 1,200 Ostrians have been killed.", "Some 1,200")
    soldiers = _subject("Some 1,200 soldiers have been killed.", "Some 1,200")
    assert same_subject(toll, same)
    assert not same_subject(toll, other)
    assert same_subject(toll, soldiers)  # who the soldiers were is not said


def test_peoples_fold_onto_one_name_and_countries_onto_their_people() -> None:
    assert people_named(["briton"]) == people_named(["brit"]) == "british"
    assert people_named(["south", "korean"]) == "south korean"
    assert people_named(["soldier"]) is None and people_named(["pole"]) is None
    assert people_named(["ostrian"], head_capitalised=True) == "ostrian"
    assert people_named(["median"], head_capitalised=False) is None
    assert people_of_country(["the", "United", "States"]) == "american"
    assert people_of_country(["Veldoria"]) == "veldorian"
    assert people_of_country(["Port", "Ardel"]) is None


# --- Rates -----------------------------------------------------------------------------


def test_a_rate_qualifier_is_part_of_what_is_counted() -> None:
    found = _counted("Veldoria released three prisoners in exchange for every hostage.")
    assert found["three"] == "prisoners for every hostage"
    found = _counted("The port handles 500 trucks a day and 40 ships per week.")
    assert found["500"] == "trucks a day" and found["40"] == "ships per week"
    assert _counted("Clinics saw 2 patients per 1,000 residents.")["2"] == (
        "patients per 1,000 residents")  # fmt: skip
    # A list breaking one count down keeps each part's own qualifier.
    found = _counted("The healer used 20 needles, nine in each leg and two in the belly.")
    assert found["nine"] == "needles in each leg" and found["two"] == "needles"


def test_what_only_looks_like_a_rate_is_none() -> None:
    assert _counted("Some 30 people a day after the storm were found.")["Some 30"] == "people"
    assert _counted("Ardel freed 12 prisoners for each of them.")["12"] == "prisoners"
    # "per" inside a word is no rate.
    assert _counted("Ten others perished; 16 persons were hurt.")["Ten"] == "others perished"
    assert rate_after(" for each of them", 0, 17) is None


def test_rates_fold_onto_what_they_are_counted_per() -> None:
    assert split_rate("prisoners for every hostage") == ("prisoners", "hostage")
    assert split_rate("prisoners per hostage") == ("prisoners", "hostage")
    assert split_rate("trucks daily") == ("trucks", "day")
    assert split_rate("trucks a day") == ("trucks", "day")
    assert split_rate("prisoners for every 10 hostages") == ("prisoners", "10 hostage")
    assert split_rate("one person") == ("one person", None)


def test_a_rate_meets_only_a_rate_per_the_same_thing() -> None:
    ratio = _subject("Ardel released three prisoners for every hostage.", "three")
    count = _subject("Ardel released three prisoners.", "three")
    per_day = _subject("Ardel released three prisoners a day.", "three")
    again = _subject("Ardel freed three prisoners per hostage.", "three")
    assert ratio.rate == "hostage" and count.rate is None and per_day.rate == "day"
    assert not same_subject(ratio, count) and not same_subject(ratio, per_day)
    assert same_subject(ratio, again)
    # Percentages carry their unit: "46 per cent of voters" is no count of voters.
    share = _subject("About 46 per cent of voters backed the plan.", "About 46 per cent")
    voters = _subject("About 46 voters backed the plan.", "About 46")
    assert not same_subject(share, voters)
