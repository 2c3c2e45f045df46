"""What each copy or rewrite changed (reconcile.discrepancies).

The recall story (tests/recall_story.py) goes through the real analysis, claims and
link stages; the small cases below give `find_discrepancies` a hand-made link between
two short articles (no spans: the passages are paired by their words) and no analysis.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

import pytest
from recall_story import recall_articles, recall_ids

from storydesk.analyze.annotate import analyze_articles
from storydesk.analyze.claims import extract_claims
from storydesk.link.align import EmbeddingCache
from storydesk.link.links import find_links
from storydesk.model import Article, Discrepancy, Link, Provenance
from storydesk.reconcile.discrepancies import find_discrepancies

# --- The recall story, end to end --------------------------------------------------


@lru_cache(maxsize=1)
def _story() -> tuple[list[Article], list[Link], list[Discrepancy]]:
    articles = recall_articles()
    analyses = dict(zip([a.id for a in articles], analyze_articles(articles, processes=1),
                        strict=True))  # fmt: skip
    claims = {a.id: extract_claims(a, analyses[a.id]) for a in articles}
    links = find_links(articles, cache=EmbeddingCache())
    return articles, links, find_discrepancies(articles, analyses, claims, links)


def _key() -> dict[str, str]:
    return {article_id: key for key, article_id in recall_ids().items()}


def _text(citation_article: str, start: int, end: int) -> str:
    by_id = {a.id: a for a in _story()[0]}
    return by_id[citation_article].text[start:end]


def test_the_link_stage_finds_both_rewrites_with_their_direction() -> None:
    _, links, _ = _story()
    key = _key()
    derivations = {(key[lk.source_id], key[lk.derived_id], lk.kind, lk.direction)
                   for lk in links if lk.kind != "independent"}  # fmt: skip
    assert derivations == {("A", "R1", "rewrite", "known"), ("B", "R2", "rewrite", "known")}


def test_recall_story_lists_exactly_the_three_changes() -> None:
    """The quote word, the moved date and the dropped ratio; nothing for the dropped
    "on Thursday and Friday", the paraphrases, or C's misspelt name (C is no copy)."""
    key = _key()
    found = sorted((key[d.derived_id], key[d.source_id], d.kind) for d in _story()[2])
    assert found == [("R1", "A", "event_date"), ("R1", "A", "quote"), ("R2", "B", "qualifier")]


def test_every_span_is_the_text_it_names() -> None:
    for d in _story()[2]:
        assert _text(d.derived_id, d.derived_span.start, d.derived_span.end) == d.derived_text
        assert _text(d.source_id, d.source_span.start, d.source_span.end) == d.source_text
        sentence = _text(d.derived_id, d.derived_sentence.start, d.derived_sentence.end)
        assert d.derived_span.start >= d.derived_sentence.start
        assert d.derived_span.end <= d.derived_sentence.end and sentence


def _one(kind: str) -> Discrepancy:
    [found] = [d for d in _story()[2] if d.kind == kind]
    return found


def test_fighting_resumed_saturday_is_dated_against_the_friday_resumption() -> None:
    d = _one("event_date")
    key = _key()
    assert (d.source_text, d.derived_text) == ("ramped up again", "resumed")
    derived_sentence = _text(d.derived_id, d.derived_sentence.start, d.derived_sentence.end)
    assert derived_sentence.startswith("As fighting resumed Saturday")
    others = [(key[c.article_id], _text(c.article_id, c.start, c.end)) for c in d.others]
    assert others[0][0] == "A"  # the source's own statement first
    cited = " | ".join(text for _, text in others)
    assert "Fighting resumed on Friday" in cited
    assert "collapsed on Friday morning" in cited  # B: a truce collapsing = fighting resuming
    assert "end of the ceasefire in the early hours of Friday" in cited  # C
    assert "trucks" not in cited  # C's Saturday dates the trucks' crossing, not the end
    assert {"A", "B", "C"} <= {k for k, _ in others}
    assert "Saturday" in d.explanation and "Friday" in d.explanation
    assert d.explanation.startswith("The rewrite")


def test_the_dropped_prisoner_ratio_is_a_qualifier_change() -> None:
    d = _one("qualifier")
    assert d.source_text == "for every hostage"
    source_sentence = _text(d.source_id, d.source_sentence.start, d.source_sentence.end)
    assert "three Ostrian prisoners for every hostage freed" in source_sentence
    derived_sentence = _text(d.derived_id, d.derived_sentence.start, d.derived_sentence.end)
    assert "having already released three Ostrian prisoners" in derived_sentence
    assert d.derived_text == "in exchange"


def test_the_changed_quote_word() -> None:
    d = _one("quote")
    assert (d.source_text, d.derived_text) == ("honour", "respect")


# --- Small cases ---------------------------------------------------------------------

SATURDAY = datetime(2031, 5, 10, 9, 0, tzinfo=UTC)


def _article(key: str, text: str, outlet: str | None = None) -> Article:
    return Article(id=key, text=text, provenance=Provenance(key, "text"), outlet=outlet,
                   published=SATURDAY)  # fmt: skip


def _compare(source: str, derived: str, *, direction: str = "known",
             kind: str = "rewrite", others: tuple[str, ...] = ()) -> list[Discrepancy]:  # fmt: skip
    articles = [_article("src", source), _article("der", derived)]
    articles += [_article(f"other{i}", text, "Other") for i, text in enumerate(others)]
    link = Link("src", "der", kind, direction, 0.5, 0.3)  # type: ignore[arg-type]
    return find_discrepancies(articles, {}, {}, [link])


FILLER = " Officials in Marsel said the negotiations would continue next week."


def _only(found: list[Discrepancy]) -> Discrepancy:
    assert len(found) == 1, found
    return found[0]


def test_a_changed_number() -> None:
    d = _only(_compare(
        "The army said it struck 300 targets in the Ostrian hills overnight." + FILLER,
        "The army said it hit 500 targets in the Ostrian hills overnight." + FILLER,
    ))  # fmt: skip
    assert (d.kind, d.source_text, d.derived_text) == ("number", "300", "500")
    assert d.explanation.startswith("The rewrite changes the figure")


def test_the_same_number_spelt_otherwise_is_no_change() -> None:
    assert _compare(
        "The Front released three Ostrian prisoners from the camp near Brava." + FILLER,
        "The Front released 3 Ostrian prisoners from the camp near Brava." + FILLER,
    ) == []  # fmt: skip


def test_a_changed_weekday() -> None:
    d = _only(_compare(
        "The truce between the two sides collapsed on Friday after nine days of calm." + FILLER,
        "The truce between the two sides collapsed on Thursday after nine days of calm." + FILLER,
    ))  # fmt: skip
    assert (d.kind, d.source_text, d.derived_text) == ("date", "Friday", "Thursday")


def test_a_changed_name() -> None:
    d = _only(_compare(
        "The negotiators were recalled by Mira Kestel, the head of the Sentry service." + FILLER,
        "The negotiators were recalled by Mira Kessler, the head of the Sentry service." + FILLER,
    ))  # fmt: skip
    assert (d.kind, d.source_text, d.derived_text) == ("name", "Kestel", "Kessler")


def test_a_name_in_another_form_is_no_change() -> None:
    assert _compare(
        "Talks between Veldoria and the Front stalled in Marsel on Saturday." + FILLER,
        "Talks between Veldorian officials and the Front stalled in Marsel on Saturday." + FILLER,
    ) == []  # fmt: skip


def test_an_inserted_negation() -> None:
    d = _only(_compare(
        "The Front has honoured its part of the deal on the release of hostages." + FILLER,
        "The Front has not honoured its part of the deal on the release of hostages." + FILLER,
    ))  # fmt: skip
    assert (d.kind, d.source_text, d.derived_text) == ("negation", "", "not")
    assert d.source_span.start == d.source_span.end  # where it would be in the source
    assert "inserts 'not'" in d.explanation


def test_a_dropped_hedge() -> None:
    d = _only(_compare(
        "The war has killed more than 9,000 Ostrians in the hills, the health office says."
        + FILLER,
        "The war has killed 9,000 Ostrians in the hills, the health office says." + FILLER,
    ))  # fmt: skip
    assert (d.kind, d.source_text, d.derived_text) == ("qualifier", "more than", "")


def test_a_hedge_of_the_same_kind_is_no_change() -> None:
    assert _compare(
        "The war has killed more than 9,000 Ostrians in the hills, the health office says."
        + FILLER,
        "The war has killed over 9,000 Ostrians in the hills, the health office says." + FILLER,
    ) == []  # fmt: skip


def test_a_dropped_rate() -> None:
    d = _only(_compare(
        "Veldoria released three Ostrian prisoners for every hostage freed by the Front."
        + FILLER,
        "Veldoria released three Ostrian prisoners freed by the Front." + FILLER,
    ))  # fmt: skip
    assert (d.kind, d.source_text) == ("qualifier", "for every hostage")


def test_a_dropped_place() -> None:
    d = _only(_compare(
        "The army struck 40 targets in northern Ostria overnight, the officers said." + FILLER,
        "The army struck 40 targets overnight, the officers said." + FILLER,
    ))  # fmt: skip
    assert (d.kind, d.source_text) == ("qualifier", "in northern Ostria")


def test_a_changed_quote_word_but_not_a_spelling_variant() -> None:
    said = " Voss told reporters in the capital on Saturday."
    d = _only(_compare(
        '"We will never accept a deal that leaves our people behind," he said.' + said,
        '"We will never accept a deal that leaves our citizens behind," he said.' + said,
    ))  # fmt: skip
    assert (d.kind, d.source_text, d.derived_text) == ("quote", "people", "citizens")
    assert _compare(
        '"The Front did not honour its part of the deal," the office said.' + said,
        '"The Front did not honor its part of the deal," the office said.' + said,
    ) == []  # fmt: skip


def test_unknown_direction_reports_without_naming_who_changed_it() -> None:
    d = _only(_compare(
        "The army said it struck 300 targets in the Ostrian hills overnight." + FILLER,
        "The army said it struck 500 targets in the Ostrian hills overnight." + FILLER,
        direction="unknown",
    ))  # fmt: skip
    assert d.kind == "number"
    assert "rewrite" not in d.explanation.lower() and "copy" not in d.explanation.lower()
    assert "not known" in d.explanation


def test_an_untouched_rewrite_has_nothing() -> None:
    source = (
        "Veldorian Prime Minister Aldran Voss recalled his negotiators from Marsel on "
        "Saturday. Eastmark Foreign Secretary Jonas Brell was in Veldoria on Thursday and "
        "Friday, his second visit since the war began in March. Both governments have "
        "turned down calls for a lasting pause, citing the civilian toll of 9,000 dead."
    )
    derived = (
        "Veldorian Prime Minister Aldran Voss has withdrawn his negotiators from Marsel on "
        "Saturday. Eastmark Foreign Secretary Jonas Brell, in Veldoria for his second visit "
        "since the war began in March, said little. Both governments have rejected calls "
        "for a lasting pause because of the civilian toll of 9,000 dead."
    )
    assert _compare(source, derived) == []
    assert _compare(source, derived, kind="duplicate") == []


def test_independent_articles_are_not_compared() -> None:
    a = "The army said it struck 300 targets in the Ostrian hills overnight." + FILLER
    b = "The army said it struck 500 targets in the Ostrian hills overnight." + FILLER
    articles = [_article("src", a), _article("der", b)]
    link = Link("src", "der", "independent", "unknown", 0.0, 0.0)
    assert find_discrepancies(articles, {}, {}, [link]) == []


EVENT_SOURCE = (
    "Fighting resumed on Friday after the Front fired mortars at the border towns. "
    "As fighting ramped up again Saturday, the army said it struck 300 targets."
)
EVENT_DERIVED = (
    "Fighting broke out after the Front fired mortars at the border towns. "
    "As fighting resumed Saturday, the army said it struck 300 targets."
)


def test_a_date_moved_to_another_event() -> None:
    d = _only(_compare(EVENT_SOURCE, EVENT_DERIVED))
    assert (d.kind, d.source_text, d.derived_text) == ("event_date", "ramped up again", "resumed")
    [other] = d.others
    assert other.article_id == "src"
    assert EVENT_SOURCE[other.start : other.end].startswith("Fighting resumed on Friday")


def test_no_moved_date_when_an_independent_report_agrees_with_the_rewrite() -> None:
    agreeing = "Fighting resumed on Saturday morning, the ministry in Marsel said."
    assert _compare(EVENT_SOURCE, EVENT_DERIVED, others=(agreeing,)) == []


@pytest.mark.parametrize("reworded", ["As fighting went on Saturday", "As fighting raged Saturday"])
def test_no_moved_date_when_the_new_wording_names_no_dated_event(reworded: str) -> None:
    derived = EVENT_DERIVED.replace("As fighting resumed Saturday", reworded)
    assert _compare(EVENT_SOURCE, derived) == []


BRIDGE_SOURCE = (
    "The bridge closed on Tuesday after the flood, officials said. "
    "As crews inspected the bridge Wednesday, traffic moved slowly through the town."
)
BRIDGE_DERIVED = "As crews closed the bridge Wednesday, traffic moved slowly through the town."


def test_a_date_moved_to_an_event_outside_the_lexicon_when_the_source_dates_it() -> None:
    d = _only(_compare(BRIDGE_SOURCE, BRIDGE_DERIVED))
    assert (d.kind, d.source_text, d.derived_text) == ("event_date", "inspected", "closed")
    assert [o.article_id for o in d.others] == ["src"]


def test_an_event_outside_the_lexicon_dated_apart_only_elsewhere_is_not_enough() -> None:
    source = BRIDGE_SOURCE.split(". ", 1)[1]
    elsewhere = "The bridge closed on Tuesday after the flood, the county said."
    assert _compare(source, BRIDGE_DERIVED, others=(elsewhere,)) == []


@pytest.mark.parametrize(
    ("source", "derived"),
    [
        ("Bertelsmann AG's purchase of two publishers drew more attention in Marsel.",
         "Bertelsmann A.G.'s purchase of two publishers drew more attention in Marsel."),
        ("Renters outnumbered cheap flats by a 4.4-million margin in Veldoria that year.",
         "Renters outnumbered cheap flats by 4.4 million in Veldoria that year."),
        ("Earners making $12,000 per year or less outnumber the cheap flats in Veldoria.",
         "Earners making $12,000 or less per year outnumber the cheap flats in Veldoria."),
        ("Parents struggle to fit 70 models of child seats in their cars each year, Hall said.",
         "Each year, parents struggle to fit 70 models of child seats in their cars, Hall said."),
        ('"We collected samples from a variety of places in the hills," Kestel told reporters.',
         '"We collected samples from variety of places in the hills," Kestel told reporters.'),
        ("In Marsel, State Department spokesman Jonas Brell welcomed the plan for Veldoria.",
         "U.S. State Department spokesman Jonas Brell welcomed the plan for Veldoria."),
    ],
)  # fmt: skip
def test_wording_that_changes_nothing(source: str, derived: str) -> None:
    """Written otherwise, said the same (each case a false alarm once seen on DUC's
    own rewrites)."""
    assert _compare(source + FILLER, derived + FILLER) == []


def test_a_weekday_and_tomorrow_naming_it_are_one_day() -> None:
    source = _article("src", "Similar ceremonies are set for Tuesday at the Marsel plant." + FILLER)
    later = datetime(2031, 5, 12, 9, 0, tzinfo=UTC)  # a Monday: "tomorrow" is Tuesday
    text = "Similar ceremonies are set for tomorrow at the Marsel plant." + FILLER
    derived = Article("der", text, Provenance("der", "text"), published=later)
    link = Link("src", "der", "rewrite", "known", 0.5, 0.3)
    assert find_discrepancies([source, derived], {}, {}, [link]) == []


def test_a_weekday_read_a_week_ahead_and_today_a_day_later_are_one_day() -> None:
    """ "will be available ..., officials said Wednesday" is read as next Wednesday by
    the dates extractor; "said today" a day later is the same report."""
    source = "The service will be available at 1,000 dealers, officials said Wednesday."
    derived = "The service will be available at 1,000 dealers, officials said today."
    thursday = datetime(2031, 5, 8, 9, 0, tzinfo=UTC)
    articles = [Article(key, text + FILLER, Provenance(key, "text"), published=thursday)
                for key, text in (("src", source), ("der", derived))]  # fmt: skip
    link = Link("src", "der", "duplicate", "known", 0.9, 0.0)
    assert find_discrepancies(articles, {}, {}, [link]) == []


def test_datelines_and_wire_furniture_are_not_changes() -> None:
    body = ("Chicago is the nation's murder capital for the year, despite a ten-year low in "
            "murders, according to preliminary data from the city police.")  # fmt: skip
    assert _compare("CHICAGO (AP) -- " + body, "WASHINGTON, January 2 (Xinhua) -- " + body) == []
    assert _compare(body + "\n&UR; NEW AMERICA NEWS SERVICE &QC; &UR; (Distributed) &QC;",
                    body + "\n&UR; (Distributed) &QL;") == []  # fmt: skip
    assert _compare(body + "\n(Cox News Service) ETA: 9 p.m.",
                    body + "\n(Cox News Service) ETA: 6 p.m.") == []  # fmt: skip
