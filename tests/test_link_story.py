"""The link stage on a small fictional story: every kind, both directions, edge cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from storydesk.link.align import EmbeddingCache
from storydesk.link.link_params import DEFAULT
from storydesk.link.links import (
    count_independent_sources,
    find_links,
    independent_groups,
    link_pair,
)
from storydesk.model import Article, Link, Provenance

SOURCE = "\n\n".join([
    (
        "By Ada Lin, Harbor Gazette"
    ),
    (
        "Ferry workers in Marlow Bay walked off the job on Monday, halting all crossings "
        "to Tern Island for the first time in twelve years."
    ),
    (
        "The Marlow Bay Ferry Union said about 340 deckhands and pilots joined the strike"
        " after talks with the Port Authority collapsed late on Sunday."
    ),
    (
        '"We have waited three years for a fair contract and we cannot wait any longer," '
        "union president Rosa Delgado said in a statement."
    ),
    (
        "Port Authority director Samuel Okafor said the agency had offered a 4 percent "
        "raise over two years and called the walkout premature."
    ),
    (
        "Commuters crowded the Pier 9 terminal on Monday morning before officials posted "
        "notices that no boats would sail."
    ),
    (
        "The island's only clinic said it had arranged a helicopter shuttle for patients "
        "who need treatment on the mainland."
    ),
    (
        "Negotiators from both sides are expected to meet again on Wednesday with a state"
        " mediator."
    ),
])

# A content-farm paraphrase that credits its source and carries no date.
REWRITE = "\n\n".join([
    (
        "Ferry crossings between Marlow Bay and Tern Island stopped on Monday after ferry"
        " workers walked off the job, the first stoppage in twelve years, according to "
        "the Harbor Gazette."
    ),
    (
        "Roughly 340 deckhands and pilots from the Marlow Bay Ferry Union joined the "
        "strike after negotiations with the Port Authority collapsed on Sunday night."
    ),
    (
        "Samuel Okafor, the director of the Port Authority, said the agency offered a "
        "raise of 4 percent over two years and described the walkout as premature."
    ),
    (
        "On Monday morning commuters packed the Pier 9 terminal until officials put up "
        "notices saying that no boats would sail."
    ),
    (
        "Both sides are expected to return to the table on Wednesday with a state "
        "mediator."
    ),
    (
        "Stay tuned for more updates on this developing story."
    ),
])

# A near-verbatim copy published three hours later.
COPY = "\n\n".join([
    (
        "Ferry workers in Marlow Bay walked off the job on Monday, halting all crossings "
        "to Tern Island for the first time in twelve years."
    ),
    (
        "The Marlow Bay Ferry Union said about 340 deckhands and pilots joined the strike"
        " after talks with the Port Authority collapsed late Sunday."
    ),
    (
        '"We have waited three years for a fair contract and we cannot wait any longer," '
        "union president Rosa Delgado said in a statement."
    ),
    (
        "Port Authority director Samuel Okafor said the agency had offered a 4 percent "
        "raise over two years and called the walkout premature."
    ),
    (
        "Commuters crowded the Pier 9 terminal on Monday morning before officials posted "
        "notices that no boats would sail."
    ),
    (
        "The island's only clinic said it had arranged a helicopter shuttle for patients "
        "who need treatment on the mainland."
    ),
    (
        "Negotiators from both sides are expected to meet again on Wednesday with a state"
        " mediator."
    ),
])

# Own reporting from the island; quotes the same union statement word for word.
INDEPENDENT = "\n\n".join([
    (
        "By Tomas Reyes, Island Courier"
    ),
    (
        "Tern Island residents woke up on Monday to an empty harbour and a silent ticket "
        "office."
    ),
    (
        "Fishermen mended nets on the quay while a handful of tourists asked when the "
        "next boat would leave."
    ),
    (
        '"We have waited three years for a fair contract and we cannot wait any longer," '
        "union president Rosa Delgado said in a statement."
    ),
    (
        "At the general store, manager Priya Nair said her shelves of milk and bread "
        "would last only a few more days."
    ),
    (
        "A nurse at the clinic said two patients had already been flown to the mainland "
        "by helicopter."
    ),
    (
        "Many islanders said they supported the strikers but feared a long and bitter "
        "dispute."
    ),
])

WIRE = "\n\n".join([
    (
        "MARLOW BAY (Wire Press) — Striking ferry crews and port officials traded blame "
        "on Monday as the first full stoppage in over a decade left island residents "
        "stranded."
    ),
    (
        "Union leaders said pay had fallen behind inflation for three straight years, "
        "while port managers said the agency's budget could not stretch further."
    ),
    (
        "A state mediator has been appointed and talks are scheduled to resume midweek, "
        "officials said."
    ),
])

HEADLINE = "Marlow Bay ferry workers strike"


def _article(
    aid: str, text: str, outlet: str | None, published: datetime | None = None
) -> Article:
    return Article(
        id=aid, text=text, provenance=Provenance(f"{aid}.txt", "text"),
        outlet=outlet, published=published,
    )


MONDAY = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
ARTICLES = [
    _article("gazette", SOURCE, "Harbor Gazette", MONDAY),
    _article("buzz", REWRITE, "Daily Buzz Hub", None),
    _article("coastline", COPY, "Coastline Daily", MONDAY.replace(hour=11)),
    _article("courier", INDEPENDENT, "Island Courier", MONDAY.replace(hour=9)),
    _article("northern", WIRE, "Northern Times", MONDAY.replace(hour=10)),
    _article("valley", WIRE, "Valley Post", MONDAY.replace(hour=10)),
    _article("flash", HEADLINE, "Flash News", MONDAY.replace(hour=12)),
]
BY_ID = {a.id: a for a in ARTICLES}


@pytest.fixture(scope="module")
def links() -> list[Link]:
    return find_links(ARTICLES, cache=EmbeddingCache())


def _link(links: list[Link], x: str, y: str) -> Link:
    (found,) = [lk for lk in links if {lk.source_id, lk.derived_id} == {x, y}]
    return found


def test_near_verbatim_copy_is_a_duplicate_of_the_earlier_article(links: list[Link]) -> None:
    link = _link(links, "gazette", "coastline")
    assert (link.kind, link.direction) == ("duplicate", "known")
    assert (link.source_id, link.derived_id) == ("gazette", "coastline")
    assert link.verbatim_share > 0.7
    assert "gazette was published first" in link.reason


def test_credited_paraphrase_without_a_date_is_a_rewrite_of_its_source(links: list[Link]) -> None:
    link = _link(links, "gazette", "buzz")
    assert (link.kind, link.direction) == ("rewrite", "known")
    assert (link.source_id, link.derived_id) == ("gazette", "buzz")
    assert link.paraphrase_share > 0.3
    assert "buzz credits 'the Harbor Gazette', the outlet of gazette" in link.reason
    assert "publication time unknown for buzz" in link.reason
    # Every span points at real text on both sides.
    assert link.spans and all(
        SOURCE[s.source_start : s.source_end] and REWRITE[s.derived_start : s.derived_end]
        for s in link.spans
    )
    assert {s.label for s in link.spans} <= {"verbatim", "paraphrase"}


def test_shared_quotation_does_not_make_a_rewrite(links: list[Link]) -> None:
    # Sharing a quotation and little else, the pair is not even a candidate...
    assert not [lk for lk in links if {lk.source_id, lk.derived_id} == {"gazette", "courier"}]
    # ...and compared anyway, it is judged independent.
    link = link_pair(BY_ID["gazette"], BY_ID["courier"], EmbeddingCache())
    assert link.kind == "independent"
    assert link.verbatim_share == 0.0  # the quoted union statement is not counted
    assert "independent" in link.reason


def test_identical_wire_copies_are_duplicates_of_unknown_direction(links: list[Link]) -> None:
    link = _link(links, "northern", "valley")
    assert (link.kind, link.direction) == ("duplicate", "unknown")
    assert "both credit 'Wire Press'" in link.reason
    assert "does not decide" in link.reason


def test_headline_only_article_is_explained() -> None:
    link = link_pair(BY_ID["gazette"], BY_ID["flash"], EmbeddingCache())
    assert link.kind == "independent"
    assert "too short" in link.reason


def test_independent_sources_count_each_copy_group_once(links: list[Link]) -> None:
    ids = [a.id for a in ARTICLES]
    groups = independent_groups(ids, links)
    assert sorted(map(sorted, groups)) == sorted(
        [["buzz", "coastline", "gazette"], ["courier"], ["northern", "valley"], ["flash"]]
    )
    assert count_independent_sources(ids, links) == 4


def test_direction_follows_the_articles_not_their_order() -> None:
    cache = EmbeddingCache()
    forward = link_pair(BY_ID["coastline"], BY_ID["gazette"], cache)
    backward = link_pair(BY_ID["gazette"], BY_ID["coastline"], cache)
    assert (forward.source_id, forward.derived_id) == (backward.source_id, backward.derived_id)


def test_lexical_only_linking_still_finds_literal_copies() -> None:
    link = link_pair(BY_ID["gazette"], BY_ID["coastline"], cache=None)
    assert link.kind == "duplicate"


def test_the_thresholds_come_from_the_params() -> None:
    gazette, coastline = BY_ID["gazette"], BY_ID["coastline"]
    strict = replace(DEFAULT, near_verbatim_share=1.01, near_verbatim_trigrams=1.01)
    assert link_pair(gazette, coastline, cache=None, params=strict).kind == "independent"
    undecided = replace(DEFAULT, direction_score=100.0)
    link = link_pair(gazette, coastline, cache=None, params=undecided)
    assert (link.kind, link.direction) == ("duplicate", "unknown")


def test_only_candidate_pairs_are_compared_and_no_copy_is_missed(links: list[Link]) -> None:
    # Without nearest neighbours, only pairs that share shingles or content words (or
    # a headline's word pairs) are compared: the copies, not the shared quotation.
    lean = replace(DEFAULT, neighbours=0)
    found = find_links(ARTICLES, cache=EmbeddingCache(), params=lean)
    compared = {frozenset((lk.source_id, lk.derived_id)) for lk in found}
    assert frozenset(("gazette", "courier")) not in compared
    assert len(compared) < len(ARTICLES) * (len(ARTICLES) - 1) // 2
    copies = {frozenset((lk.source_id, lk.derived_id)) for lk in found if lk.kind != "independent"}
    every_pair = {frozenset((lk.source_id, lk.derived_id)) for lk in links
                  if lk.kind != "independent"}
    assert copies == every_pair
    assert frozenset(("gazette", "buzz")) in copies  # a paraphrase: by content words
    ids = [a.id for a in ARTICLES]
    assert sorted(map(sorted, independent_groups(ids, found))) == sorted(
        map(sorted, independent_groups(ids, links)))


def test_each_article_meets_its_nearest_neighbours() -> None:
    one = replace(DEFAULT, neighbours=1)
    compared = {frozenset((lk.source_id, lk.derived_id))
                for lk in find_links(ARTICLES, cache=EmbeddingCache(), params=one)}
    assert all(any(a.id in pair for pair in compared) for a in ARTICLES)


def test_an_update_compares_only_the_pairs_of_the_new_article(links: list[Link]) -> None:
    fresh = find_links(ARTICLES, cache=EmbeddingCache(), involving={"buzz"})
    assert fresh and all("buzz" in (lk.source_id, lk.derived_id) for lk in fresh)
    assert set(fresh) <= set(links)
