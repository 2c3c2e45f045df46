"""The timeline's word-level rules: which date is a sentence's own, and which subjects
are only a pronoun."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storydesk.analyze.dates import find_dates
from storydesk.write.pronoun_subject import subject_is_pronoun
from storydesk.write.timeline_dates import EventDate, event_dates

SATURDAY = datetime(2024, 6, 8, tzinfo=UTC)  # 8 June 2024 was a Saturday
FRIDAY = EventDate("2024-06-07", "2024-06-07", "day")


def _dates(sentence: str) -> list[EventDate]:
    return event_dates(sentence, 0, len(sentence), find_dates(sentence, SATURDAY))


@pytest.mark.parametrize(
    "sentence",
    [
        # A "since" phrase, however far the date sits in it.
        "Minister Ada Lorne, in Karsby for the third time since the strike began in March, "
        "blamed the union.",
        "The union has lost 40 members since the start of the strike in the first days of March.",
        "More than 200 homes have been flooded since Monday.",
        # A relative clause.
        "The army hit 40 targets, including the port, where families were evacuated last "
        "month, a radio station reported.",
        "The ferry which sank on Tuesday carried 30 people.",
        # A bound, not the event's date.
        "Pilots raised concerns before Friday's grounding.",
        "Talks continued until Friday.",
        "Ferry traffic has improved markedly from 2019, the port said.",
        # An apposition relating the date to another event.
        "Lorne toured the harbour, her second visit since the floods in March.",
        "Lorne toured the harbour, the first such visit in March.",
        "The council resigned, two days after the vote on Monday.",
    ],
)
def test_dates_merely_mentioned_date_nothing(sentence: str) -> None:
    assert _dates(sentence) == []


def test_an_event_right_after_before_is_still_dated() -> None:
    # "before collapsing on Friday": the collapse is the news, and it is Friday's.
    assert _dates("The truce lasted seven days before collapsing on Friday morning.") == [FRIDAY]


def test_the_main_clause_keeps_its_date_beside_a_relative_clause() -> None:
    tuesday = EventDate("2024-06-04", "2024-06-04", "day")
    assert _dates("The mayor, who resigned on Monday, spoke to reporters on Tuesday.") == [tuesday]


def test_consecutive_days_make_one_range_and_others_stay_apart() -> None:
    visit = _dates("Lorne was in Karsby on Thursday and Friday, her second visit since March.")
    assert visit == [EventDate("2024-06-06", "2024-06-07", "day")]
    apart = _dates("Crews worked on Monday and Friday.")
    assert [d.date for d in apart] == ["2024-06-03", "2024-06-07"]


def test_a_range_opened_by_from_and_a_subject_after_a_comma_keep_their_dates() -> None:
    (closed,) = _dates("The port was closed from Monday to Wednesday.")
    assert (closed.date, closed.date_end) == ("2024-06-03", "2024-06-05")
    charged = _dates(
        "Lorne, a second pilot and three officers are charged with negligence in March 2023."
    )
    assert [d.date for d in charged] == ["2023-03-01"]


def test_the_verb_may_is_no_month() -> None:
    assert _dates("Officials said this may delay the reopening.") == []


def test_a_date_restated_in_parentheses_is_one_date() -> None:
    assert _dates("On Friday (June 7), the council met in Karsby.") == [FRIDAY]


def test_only_the_sentence_span_is_read() -> None:
    text = "KARSBY, June 1 (KW) -- The council met on Friday."
    start = text.index("The council")
    assert event_dates(text, start, len(text), find_dates(text, SATURDAY)) == [FRIDAY]


def test_unresolved_dates_place_nothing() -> None:
    sentence = "The council met on Friday."
    assert event_dates(sentence, 0, len(sentence), find_dates(sentence, None)) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "He was taken hostage during the raid.",
        "They said the port would reopen.",
        "Many of them died in the storm.",
        "Two of those were children.",
        "“The channel is safe,” he said Thursday.",
        '"We saw the plans," she continued Friday.',
        "On Friday, she ordered the port closed.",
        "But it was too late.",
        "However, they kept the ferries in port.",
        "This was the third closure in a year.",
        "Others fled by boat.",
    ],
)
def test_pronoun_subjects(sentence: str) -> None:
    assert subject_is_pronoun(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Israel recalled its team of negotiators.",
        "Italy sent two ships.",
        "Iran denied the report.",
        "This week the port closed twice.",
        "Their targets included the port.",
        "The two sides met on Friday.",
        "As fighting resumed Saturday, the army struck 400 targets.",
        "“The channel is safe,” the harbour master said.",
        "On Friday, the council ordered the port closed.",
        "Theodora Vance, the mayor, said the port would reopen.",
    ],
)
def test_named_subjects(sentence: str) -> None:
    assert not subject_is_pronoun(sentence)
