"""Hostile input to per-article analysis, claim extraction and the per-story steps.

Each test is a fault a user hit: an exception escaping an extractor (which, before
per-article isolation, wedged every later run) or work that grew without bound. The
texts are fictional and generated here, never stored as big files.
"""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

import pytest

from storydesk.analyze.claims import extract_claims
from storydesk.analyze.dates import find_dates
from storydesk.model import Analysis, Article, Mention, NumericClaim, Provenance, Sentence
from storydesk.reconcile.entities import canonical_entities
from storydesk.reconcile.facts import reconcile_story
from storydesk.reconcile.ranges import describe, plausible_range, precision


@contextmanager
def within(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging the suite) when the block runs longer than `seconds`."""

    def expire(*_: object) -> None:
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _article(text: str, published: datetime | None = None, key: str = "a1") -> Article:
    return Article(id=key, text=text, provenance=Provenance(key, "text"), published=published)


def _analysis_by_hand(article: Article, labels: dict[str, str] | None = None) -> Analysis:
    """Sentences at full stops and line breaks, and each (name -> label) at every
    occurrence: an Analysis without loading spaCy."""
    text = article.text
    sentences = [
        Sentence(m.start(), m.end())
        for m in re.finditer(r"[^\n.!?]+[.!?]?", text)
        if m.group().strip()
    ]
    mentions = [
        Mention(m.start(), m.end(), m.group(), label)
        for name, label in (labels or {}).items()
        for m in re.finditer(re.escape(name), text)
    ]
    mentions.sort(key=lambda m: (m.start, m.end))
    return Analysis(article.id, tuple(sentences), tuple(mentions), "by-hand")


# --- 1. date arithmetic at the ends of the calendar ---------------------------------

RELATIVE = (
    "The talks ended on Tuesday and resume next Friday. Yesterday the envoy left; "
    "tomorrow she returns. Last month and next month, last year and next year, this "
    "week and next week, three days ago, two weeks ago, 999 years ago and 12 months "
    "ago the harbour of Quellmouth was busy. In December, early January and by March "
    "the ferries ran; since May 3 and on Oct. 7 they did not."
)


@pytest.mark.parametrize(
    "published",
    [
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(1, 1, 7, tzinfo=UTC),
        date(1, 2, 28),
        datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
        date(9999, 12, 25),
        date(500, 6, 1),
    ],
)
def test_relative_dates_at_the_ends_of_the_calendar_do_not_raise(published: date) -> None:
    mentions = find_dates(RELATIVE, published)
    assert len(mentions) >= 15
    for mention in mentions:
        assert RELATIVE[mention.start : mention.end] == mention.text
        if mention.value is not None:
            assert date.fromisoformat(mention.value) <= date.fromisoformat(mention.value_end or "")
    # What can be resolved still is.
    values = {m.text: m.value for m in mentions}
    if published.year == 9999 and published.month == 12 and published.day == 25:
        assert values["Yesterday"] == "9999-12-24"


def test_an_article_dated_year_one_gets_its_claims() -> None:
    article = _article(
        "Ferries to Quellmouth stopped on Tuesday, the port said. About 40 crossings "
        "were cancelled last week.",
        datetime(1, 1, 1, tzinfo=UTC),
    )
    claims = extract_claims(article, _analysis_by_hand(article))
    assert [n.value for n in claims.numbers] == [40]
    tuesday = next(d for d in claims.dates if d.text == "Tuesday")
    assert tuesday.value is None  # the Tuesday before 1 Jan 0001 is not in the calendar


# --- 2. numbers too large for a float ------------------------------------------------

HUGE = "7" * 10_000


@pytest.mark.parametrize(
    "text",
    [
        f"The ministry of Brell counted {HUGE} ballots in the vote.",
        f"More than {'9' * 400} residents of Brell were evacuated, officials said.",
        f"About {'1' * 320}.5 million people live in Brell, the census said.",
        "Some one " + " ".join(["hundred"] * 200) + " sheep grazed near Brell.",
        f"Between {'3' * 330} and {'4' * 330} boats left Brell on Friday.",
    ],
)
def test_huge_numbers_do_not_raise_anywhere_in_a_story(text: str) -> None:
    first = _article(text, datetime(2026, 5, 1, tzinfo=UTC), "a1")
    second = _article(text.replace("Brell", "Brell Bay"), datetime(2026, 5, 2, tzinfo=UTC), "a2")
    claims = {a.id: extract_claims(a, _analysis_by_hand(a)) for a in (first, second)}
    for found in claims.values():
        for number in found.numbers:
            assert abs(number.value) < float("inf")
    facts = reconcile_story([first, second], claims)
    for fact in facts.facts:
        describe(fact.value_low, fact.value_high)


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), 1e308, 10.0**300])
def test_ranges_of_unbounded_values_do_not_raise(value: float) -> None:
    precision(value)
    claim = NumericClaim(0, 3, "big", value, value, value, "exact", "ballots", None, None)
    for hedge in ("exact", "more_than", "at_most", "about", "range"):
        low, high = plausible_range(NumericClaim(**{**_fields(claim), "hedge": hedge}))
        describe(low, high)
    describe(value, None)
    describe(None, value)


def _fields(claim: NumericClaim) -> dict[str, object]:
    return {name: getattr(claim, name) for name in claim.__slots__}  # type: ignore[attr-defined]


# --- 3. an entity known only by its title --------------------------------------------


def test_an_entity_cluster_with_only_title_mentions() -> None:
    """A name spaCy tags PERSON in one report and ORG in another joins the person of a
    close spelling; the title it carried ("Prime Minister") must not leave behind a
    cluster of title mentions without a name."""
    first = _article("Prime Minister Ilse Vargha spoke in Corran on Monday.", key="a1")
    second = _article("Ilse Vargha announced a ferry subsidy for Corran.", key="a2")
    third = _article(
        "Ilse Varga visited the harbour. Later the Prime Minister said the fleet would "
        "grow. The crews cheered the Prime Minister.",
        key="a3",
    )
    items = [
        (first, _analysis_by_hand(first, {"Ilse Vargha": "PERSON", "Corran": "GPE"}), None),
        (second, _analysis_by_hand(second, {"Ilse Vargha": "ORG", "Corran": "GPE"}), None),
        (third, _analysis_by_hand(third, {"Ilse Varga": "PERSON"}), None),
    ]
    entities = canonical_entities(items)
    for entity in entities:
        assert entity.name and entity.id
    varga = next(e for e in entities if "Ilse Varga" in (e.name, *e.variants))
    titles = [m.text for m in varga.mentions if "Prime Minister" in m.text]
    assert titles == ["the Prime Minister", "the Prime Minister"]
    assert "Prime Minister" in varga.roles


def test_an_office_of_a_title_holder_known_only_by_title() -> None:
    first = _article("Prime Minister Ilse Vargha spoke in Corran on Monday.", key="a1")
    second = _article("Ilse Vargha announced a ferry subsidy for Corran.", key="a2")
    third = _article(
        "Ilse Varga visited the harbour. The Prime Minister's office said the fleet would grow.",
        key="a3",
    )
    items = [
        (first, _analysis_by_hand(first, {"Ilse Vargha": "PERSON", "Corran": "GPE"}), None),
        (second, _analysis_by_hand(second, {"Ilse Vargha": "ORG", "Corran": "GPE"}), None),
        (third, _analysis_by_hand(third, {"Ilse Varga": "PERSON"}), None),
    ]
    entities = canonical_entities(items)
    assert all(e.name for e in entities)
