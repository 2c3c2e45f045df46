"""Conflicts only between comparable figures (issue 14): the same counted thing with
the same modifiers, a real count, the same event, place and period; whole-number
ranges for counts; periods read from the text; each conflict says why it was raised
and which of scope, time and source explain it; days of one event that independent
sources give apart.

Fictional articles (the Halden valley, Ostby, Port Ardel, Veldoria), read by the
cheap extractors (dates and numbers, no spaCy), one sentence or two each.
"""

from __future__ import annotations

from datetime import UTC, datetime

from storydesk.analyze.dates import count_period, find_dates
from storydesk.analyze.numbers import find_numeric_claims
from storydesk.model import Article, ArticleClaims, Provenance, StoryFacts
from storydesk.reconcile.day_conflicts import find_day_conflicts
from storydesk.reconcile.facts import reconcile_story


def article(key: str, text: str, day: int = 6, month: int = 5, year: int = 2031,
            outlet: str | None = None) -> Article:  # fmt: skip
    return Article(id=key, text=text, provenance=Provenance(f"{key}.txt", "text"),
                   outlet=outlet, published=datetime(year, month, day, 12, tzinfo=UTC))  # fmt: skip


def claims_of(a: Article) -> ArticleClaims:
    dates = find_dates(a.text, a.published)
    numbers = find_numeric_claims(a.text, None, dates, a.published)
    return ArticleClaims(a.id, (), tuple(numbers), (), tuple(dates))


def story(*articles: Article) -> StoryFacts:
    claims = {a.id: claims_of(a) for a in articles}
    return reconcile_story(list(articles), claims, groups=[[a.id] for a in articles])


def values(result: StoryFacts) -> list[set[float]]:
    return [{c.first.value, c.second.value} for c in result.conflicts]


# Most of the Nordair story's reports name its own crash; one recalls another.
NORDAIR = [
    article(f"n{i}", f"The Nordair jet crashed near Eastport, killing 212 people, {who} said.")
    for i, who in enumerate(("the airline", "the police", "officials", "the mayor", "witnesses"))
]


def test_a_figure_told_of_a_background_event_is_no_rival() -> None:
    # "the Brandt Airways jet crashed, killing 229" is another crash the story
    # recalls: few of its reports name it, and the Nordair sentences do not.
    recall = article("recall", "In Eastport the Brandt Airways jet crashed, killing 229 people, "
                               "the airline said.")  # fmt: skip
    assert values(story(*NORDAIR, recall)) == []


def test_the_same_event_disagreeing_is_still_a_conflict() -> None:
    other = article("other", "The Nordair jet crashed near Eastport, killing 229 people, "
                             "the airline said.")  # fmt: skip
    assert {212.0, 229.0} in values(story(*NORDAIR, other))


def test_all_and_both_count_nothing() -> None:
    # "All 96 on board died, as did four on the ground": "All" heads the counted
    # words, and "four" vs "five" is then no count of a thing the reader can name.
    one = article("one", "All 96 on board died, as did four on the ground in Eastport.")
    two = article("two", "All 96 on board died, as did five on the ground in Eastport.")
    assert values(story(one, two)) == []


def test_a_qualified_count_is_another_thing() -> None:
    # "two boys with the fever" is part of "three boys", not a rival figure.
    one = article("one", "The Orvel family in Ostby have three boys, neighbours said.")
    two = article("two", "The Orvel family in Ostby have two boys with the fever, neighbours said.")
    assert values(story(one, two)) == []
    # "68 more lives" is an increment, not the lives counted so far.
    saved = article("saved", "The Ostby seat belt law saved 100 lives, the agency estimated.")
    more = article("more", "The Ostby seat belt law saved 68 more lives, the agency estimated.")
    assert values(story(saved, more)) == []


def test_figures_of_different_years_are_apart() -> None:
    old = article("old", "In 2029, 223 cases of the Halden fever were reported in Ostby.")
    new = article("new", "In 2030, 62 cases of the Halden fever were reported in Ostby.")
    assert values(story(old, new)) == []
    # An undated running count against a year long past: another period.
    now = article("now", "There have been 62 cases of the Halden fever in Ostby.", year=2033)
    assert values(story(old, now)) == []


def test_running_counts_told_months_apart_are_updates() -> None:
    early = article("early", "Ostby has signed trade agreements with 25 countries, the "
                             "ministry said.", month=1)  # fmt: skip
    late = article("late", "Ostby has signed trade agreements with 28 countries, the "
                           "ministry said.", month=5)  # fmt: skip
    assert values(story(early, late)) == []
    same_week = article("week", "Ostby has signed trade agreements with 28 countries, the "
                                "ministry said.", month=1, day=7)  # fmt: skip
    assert {25.0, 28.0} in values(story(early, same_week))


TRUCE = ("Since May 3 and until the ceasefire began, according to the Health Office in "
         "Veldoria-ruled Port Ardel, more than 2,300 Veldorians have been killed.")  # fmt: skip
SINCE = ("According to Kestrel Radio, at least 3,507 Veldorians have been killed in Port Ardel "
         "since May 3.")  # fmt: skip


def test_an_as_of_period_is_shown_as_a_period_with_its_reasons() -> None:
    result = story(article("truce", TRUCE), article("since", SINCE))
    assert len(result.conflicts) == 1
    conflict = result.conflicts[0]
    truce = next(c for c in (conflict.first, conflict.second) if c.article_id == "truce")
    since = next(c for c in (conflict.first, conflict.second) if c.article_id == "since")
    assert (truce.period_from, truce.period_to) == ("2031-05-03", None)
    assert (since.period_from, since.period_to) == ("2031-05-03", "2031-05-06")
    text = conflict.explanation
    assert "from 2031-05-03 until the ceasefire began" in text
    assert "as of 2031-05-06" not in text  # the article's day is when it was told
    # No article ids, no offsets in the sentence a reader gets.
    assert "truce" not in text.replace("ceasefire", "") and "[" not in text
    # The count's range has whole bounds.
    assert since.value_high is not None and since.value_high == int(since.value_high)
    assert "3,857" in text and "3,857.70" not in text
    # Each explanation checked: the place applies to neither (both are for Port
    # Ardel, one through its source), time and source may explain the gap.
    checks = {c.kind: c for c in conflict.checks}
    assert not checks["scope"].applies and "Ardel" in checks["scope"].reason
    assert checks["time"].applies and checks["source"].applies
    assert conflict.reason.startswith("both count")


def test_count_period_reads_last_week_and_so_far_this_year() -> None:
    text = "Last week, 40 boats sank off Ostby. So far this year, 300 boats have sunk there."
    published = datetime(2031, 5, 14, tzinfo=UTC)  # a Wednesday
    mentions = find_dates(text, published)
    first = text.index("40")
    # The calendar week before, or the seven days before the report: up to 13 May.
    assert count_period(text, mentions, (first, first + 2), (0, 36), "2031-05-14") == (
        "2031-05-05", "2031-05-13")
    second = text.index("300")
    assert count_period(text, mentions, (second, second + 3), (37, len(text)), "2031-05-14") == (
        "2031-01-01", "2031-05-14")


def test_independent_outlets_dating_one_event_apart_conflict() -> None:
    courier = article("courier", "The Halden dam burst on Friday, flooding the lower valley of "
                                 "Ostby.", outlet="Valley Courier")  # fmt: skip
    post = article("post", "The Halden dam burst on Saturday, flooding the lower valley near "
                           "Ostby.", outlet="Ostby Post")  # fmt: skip
    copy = article("copy", "The Halden dam burst on Saturday, flooding the lower valley near "
                           "Ostby.", outlet="Ostby Post Online")  # fmt: skip
    items = [courier, post, copy]
    claims = {a.id: claims_of(a) for a in items}
    found = find_day_conflicts(items, {}, claims, [["courier"], ["post", "copy"]])
    assert len(found) == 1  # one per event and pair of sources, the copy adds none
    day = found[0]
    assert {day.first_day, day.second_day} == {"Friday (2031-05-02)", "Saturday (2031-05-03)"}
    assert "Valley Courier" in day.explanation and "Ostby Post" in day.explanation
    # A rewrite's changed day is what discrepancies report: a derived article is left out.
    assert find_day_conflicts(items, {}, claims, [["courier", "post"], ["copy"]],
                              derived={"copy"}) == []  # fmt: skip
    # Talks go on every day: "talks resumed on Friday" and "on Saturday" are both true.
    talks = [article("x", "Talks resumed on Friday in Ostby, officials said."),
             article("y", "Talks resumed on Saturday in Ostby, officials said.")]
    assert find_day_conflicts(talks, {}, {a.id: claims_of(a) for a in talks},
                              [["x"], ["y"]]) == []  # fmt: skip
