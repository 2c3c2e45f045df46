"""Which changes a rewrite made are flagged as conflicts and which are only listed
(reconcile.discrepancy_weight), on hand-made pairs of fictional articles."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from test_discrepancies import FILLER, _article, _compare, _only

from storydesk.model import Discrepancy, Link
from storydesk.reconcile.discrepancies import find_discrepancies

TOLL = "The flood has killed {} people in the Ostrian hills, the health office says."
QUOTE = '"We will settle {}this week," Voss said in Marsel on Saturday.'


def _flagged(d: Discrepancy) -> bool:
    return not d.not_a_conflict


def test_a_changed_number_is_flagged() -> None:
    d = _only(_compare(TOLL.format("300") + FILLER, TOLL.format("500") + FILLER))
    assert d.kind == "number" and _flagged(d)


def test_an_added_about_is_listed_not_flagged() -> None:
    d = _only(_compare(TOLL.format("300") + FILLER, TOLL.format("about 300") + FILLER))
    assert (d.kind, d.derived_text) == ("qualifier", "about")
    assert "hedged differently" in d.not_a_conflict


def test_a_lower_bound_turned_upper_is_flagged() -> None:
    d = _only(_compare(TOLL.format("more than 300") + FILLER,
                       TOLL.format("fewer than 300") + FILLER))  # fmt: skip
    assert d.kind == "qualifier" and _flagged(d)


def test_a_name_spelt_another_way_is_listed_not_flagged() -> None:
    d = _only(_compare(
        "The negotiators were recalled by Mira Kestel, the head of the Sentry service." + FILLER,
        "The negotiators were recalled by Mira Ketsel, the head of the Sentry service." + FILLER,
    ))  # fmt: skip
    assert d.kind == "name" and d.not_a_conflict == "the same name spelt another way"


def test_another_name_is_flagged() -> None:
    d = _only(_compare(
        "The negotiators were recalled by Mira Kestel, the head of the Sentry service." + FILLER,
        "The negotiators were recalled by Mira Holloway, the head of the Sentry service." + FILLER,
    ))  # fmt: skip
    assert d.kind == "name" and _flagged(d)


def test_a_country_for_a_city_is_listed_not_flagged() -> None:
    text = "Rescuers in {} pulled two more survivors from the rubble of the bank on Friday."
    d = _only(_compare(text.format("Brava") + FILLER, text.format("Kenya") + FILLER))
    assert d.kind == "name" and "country" in d.not_a_conflict


def test_two_countries_are_flagged() -> None:
    text = "Rescuers from {} pulled two more survivors from the rubble of the bank on Friday."
    d = _only(_compare(text.format("Kenya") + FILLER, text.format("Uganda") + FILLER))
    assert d.kind == "name" and _flagged(d)


def test_a_small_word_in_a_quote_is_listed_not_flagged() -> None:
    d = _only(_compare(QUOTE.format("") + FILLER, QUOTE.format("within ") + FILLER))
    assert (d.kind, d.derived_text) == ("quote", "within")
    assert "small words" in d.not_a_conflict


def test_a_changed_word_in_a_quote_is_flagged() -> None:
    d = _only(_compare(QUOTE.format("") + FILLER, QUOTE.format("never ") + FILLER))
    assert d.kind in ("quote", "negation") and _flagged(d)


def test_a_negation_is_always_flagged() -> None:
    d = _only(_compare(
        "The Front has honoured its part of the deal on the release of hostages." + FILLER,
        "The Front has not honoured its part of the deal on the release of hostages." + FILLER,
    ))  # fmt: skip
    assert d.kind == "negation" and _flagged(d)


def test_a_rewrite_a_week_later_may_report_later_news() -> None:
    source = _article("src", TOLL.format("257") + FILLER)
    later = _article("der", TOLL.format("258") + FILLER)
    later = dataclasses.replace(later, published=later.published + timedelta(days=6))
    link = Link("src", "der", "rewrite", "known", 0.5, 0.3)
    d = _only(find_discrepancies([source, later], {}, {}, [link]))
    assert d.kind == "number" and d.not_a_conflict.startswith("published 6 days after")


def test_a_quote_changed_a_week_later_is_still_flagged() -> None:
    said = '"We made great strides," Voss said in Marsel on Saturday.'
    source = _article("src", said + FILLER)
    later = _article("der", said.replace("great strides", "big discoveries") + FILLER)
    later = dataclasses.replace(later, published=later.published + timedelta(days=6))
    link = Link("src", "der", "rewrite", "known", 0.5, 0.3)
    found = find_discrepancies([source, later], {}, {}, [link])
    assert found and all(d.kind == "quote" and _flagged(d) for d in found)
