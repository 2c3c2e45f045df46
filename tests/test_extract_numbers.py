from __future__ import annotations

import time

from claims_helpers import analysed, fixture_analyses

from storydesk.analyze.claims import extract_claims
from storydesk.analyze.dates import find_dates
from storydesk.analyze.numbers import find_numeric_claims
from storydesk.model import NumericClaim


def _claims(text: str) -> list[NumericClaim]:
    return find_numeric_claims(text, None, find_dates(text, None))


def _by_text(claims: list[NumericClaim]) -> dict[str, NumericClaim]:
    return {c.text: c for c in claims}


def test_hedges_become_ranges() -> None:
    text = (
        "more than 400 strikes; at least 23 dead; about 1,200 people; nearly 300 homes; "
        "between 5 and 7 boats; up to 3,000 jobs; fewer than 900 trawlers; 400-plus targets; "
        "a dozen plants; half a million residents; some two-thirds of the dead; three ships."
    )
    found = _by_text(_claims(text))
    assert (found["more than 400"].hedge, found["more than 400"].value_low,
            found["more than 400"].value_high) == ("more_than", 400, None)  # fmt: skip
    assert found["at least 23"].hedge == "at_least"
    about = found["about 1,200"]
    assert about.hedge == "about" and about.value_low < 1200 < (about.value_high or 0)
    assert found["nearly 300"].value_high == 300
    assert (found["between 5 and 7"].value_low, found["between 5 and 7"].value_high) == (5, 7)
    assert found["up to 3,000"].hedge == "at_most"
    assert found["fewer than 900"].hedge == "less_than"
    assert found["400-plus"].hedge == "at_least"
    assert found["a dozen"].value == 12
    assert found["half a million"].value == 500_000
    assert abs(found["some two-thirds"].value - 2 / 3) < 1e-9
    assert found["some two-thirds"].hedge == "about"
    assert found["three"].counted == "ships"


def test_counted_thing_scope_and_attribution() -> None:
    text = (
        "According to the Health Office in rebel-held Kesrin, more than 2,400 villagers "
        "have been killed. The army said 88 detainees were still held in Kesrin, including "
        "12 women and children."
    )
    item, analysis = analysed(text, "2023-12-02")
    found = _by_text(list(extract_claims(item, analysis).numbers))
    killed = found["more than 2,400"]
    assert killed.counted == "villagers killed"
    assert killed.attribution == "the Health Office in rebel-held Kesrin"
    assert killed.as_of == "2023-12-02"
    held = found["88"]
    assert held.counted == "detainees still held"
    assert held.attribution == "The army"
    assert "in Kesrin" in held.scope and "including 12 women and children" in held.scope
    assert found["12"].counted == "women and children"


def test_dates_times_ages_ordinals_years_and_identifiers_are_not_counts() -> None:
    item, analysis = fixture_analyses()["hostile_numbers.txt"]
    claims = extract_claims(item, analysis).numbers
    values = {c.value for c in claims}
    assert 1204 in values  # "1,204 ballots" in a paragraph with an unclosed quotation
    for not_a_count in (2026, 217, 10, 45, 3, 28, 16, 2019, 7, 412, 7781, 555, 142):
        assert not_a_count not in values, not_a_count
    for claim in claims:
        assert item.text[claim.start : claim.end] == claim.text


def test_numbers_in_urls_are_skipped() -> None:
    text = "See https://example.org/2026/report-412?page=7 or www.stats.vl/q1-99 for 12 tables."
    assert [c.value for c in _claims(text)] == [12]


def test_table_of_numbers_does_not_crash_and_keeps_offsets() -> None:
    rows = "\n".join(
        f"Row {i} | {i * 1000:,} | {i}.5% | 2024-01-0{i % 9 + 1}" for i in range(1, 400)
    )
    claims = _claims(rows)
    assert claims
    for claim in claims:
        assert rows[claim.start : claim.end] == claim.text


def test_50_kb_sentence_is_fast() -> None:
    text = "and 12 more boats, according to the port, " * 1300  # ~55 KB, no full stop
    started = time.process_time()
    claims = _claims(text)
    assert len(claims) == 1300
    assert time.process_time() - started < 3.0


def test_fixture_claims_against_what_the_text_says() -> None:
    item, analysis = fixture_analyses()["coastal_times.txt"]
    found = _by_text(list(extract_claims(item, analysis).numbers))
    assert found["338"].attribution == "Reuters"
    assert found["Between 30 and 40"].hedge == "range"
    assert found["1.2 million"].value == 1_200_000
    assert found["roughly $1,500"].unit == "dollars"


def test_flight_number_is_an_identifier_in_lower_case_too() -> None:
    # News writes "Nordair flight 612" as often as "Flight 612"; neither counts anything.
    text = "Investigators said Nordair flight 612 crashed off the coast, killing all 88 aboard."
    assert [c.value for c in _claims(text)] == [88]


def test_phone_number_groups_are_not_counts() -> None:
    text = "Relatives can call 0800 555 0142 or 555-0199. Some 3,200 residents fled."
    item, analysis = analysed(text, "2026-03-12")
    found = [n.text for n in extract_claims(item, analysis).numbers]
    assert found == ["Some 3,200"]
