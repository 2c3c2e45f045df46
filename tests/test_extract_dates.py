from __future__ import annotations

from datetime import date

from storydesk.analyze.dates import find_dates

SATURDAY = date(2023, 12, 2)


def _resolved(text: str, ref: date | None = SATURDAY) -> dict[str, tuple[str | None, str | None]]:
    return {d.text: (d.value, d.value_end) for d in find_dates(text, ref)}


def test_weekday_resolves_to_the_latest_such_day() -> None:
    found = _resolved("Fighting resumed on Friday and talks ended on Saturday.")
    assert found["Friday"] == ("2023-12-01", "2023-12-01")
    assert found["Saturday"] == ("2023-12-02", "2023-12-02")  # the same day, not a week back


def test_next_and_last_weekday() -> None:
    found = _resolved("They meet next Monday; they last met last Saturday.")
    assert found["next Monday"] == ("2023-12-04", "2023-12-04")
    assert found["last Saturday"] == ("2023-11-25", "2023-11-25")


def test_relative_periods() -> None:
    found = _resolved("Last month, yesterday, this week, three days ago and last year.")
    assert found["Last month"] == ("2023-11-01", "2023-11-30")
    assert found["yesterday"] == ("2023-12-01", "2023-12-01")
    assert found["this week"] == ("2023-11-27", "2023-12-03")
    assert found["three days ago"] == ("2023-11-29", "2023-11-29")
    assert found["last year"] == ("2022-01-01", "2022-12-31")


def test_month_day_without_year_and_since() -> None:
    [mention] = find_dates("Since Oct. 7 more than 2,400 people were killed.", SATURDAY)
    assert mention.since and mention.relative
    assert mention.value == "2023-10-07"
    assert mention.text == "Since Oct. 7"


def test_absolute_dates_and_spans() -> None:
    text = "Signed on 2 December 2023, dated Dec. 1, 2023, filed 2023-11-30, in March 2019."
    found = find_dates(text, None)
    assert [(d.value, d.granularity) for d in found] == [
        ("2023-12-02", "day"),
        ("2023-12-01", "day"),
        ("2023-11-30", "day"),
        ("2019-03-01", "month"),
    ]
    for d in found:
        assert text[d.start : d.end] == d.text


def test_unresolvable_without_article_date_and_no_false_months() -> None:
    found = find_dates("He may go on Friday, or march to the office.", None)
    assert [(d.text, d.value) for d in found] == [("Friday", None)]


def test_numbers_are_not_years_unless_dated() -> None:
    assert find_dates("About 2000 people and 1,998 boats came.", SATURDAY) == []
    [year] = find_dates("It has grown since 1998.", SATURDAY)
    assert (year.value, year.value_end, year.since) == ("1998-01-01", "1998-12-31", True)


def test_until_in_a_past_clause_looks_back() -> None:
    saturday = date(2023, 12, 2)
    [past] = find_dates("Talks continued until the collapse of the truce on Friday.", saturday)
    assert past.value == "2023-12-01"
    [future] = find_dates("The bridge will stay closed until Friday.", saturday)
    assert future.value == "2023-12-08"
