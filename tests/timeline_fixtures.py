"""A fictional story for the timeline tests: a tanker runs aground at Tellmouth.

Saturday 8 June 2024: North Star (N) reports, Coast Daily (R) rewrites N, South
Gazette (S) and East Ledger (E) report independently; on Sunday Western Post (W)
follows up. Every line is one sentence. The claims are written here as the
integrator's reconciliation would give them (the sentences of several articles that
state one thing), so the tests exercise the timeline alone.
"""

from __future__ import annotations

from datetime import UTC, datetime

import brief_fixtures

from storydesk.model import Analysis, Article, Citation, StoryClaim

TEXTS = {
    "n": (
        "North Star",
        datetime(2024, 6, 8, 9, 0, tzinfo=UTC),
        "TELLMOUTH (NS) -- The Karsby harbour authority closed the port of Tellmouth on "
        "Friday after a tanker ran aground in the channel.\n"
        "Harbour master Ilse Varro, in office for the fourth year since the port reopened "
        "in March 2020, ordered all ferries to stay at their moorings.\n"
        "He said divers had inspected the hull of the tanker on Friday evening.\n"
        "The tanker Morwen first ran aground near Tellmouth in May 2019 during a storm.\n"
        "The tanker's crew of 14 was taken ashore on Friday.\n"
        "Salvage crews began pumping fuel from the Morwen on Saturday morning.",
    ),
    "r": (
        "Coast Daily",
        datetime(2024, 6, 8, 18, 0, tzinfo=UTC),
        "The harbour authority of Karsby closed Tellmouth port on Friday after a tanker "
        "grounded in the channel.\n"
        "The tanker Morwen first ran aground near Tellmouth in May 2019 during a storm.",
    ),
    "s": (
        "South Gazette",
        datetime(2024, 6, 8, 11, 0, tzinfo=UTC),
        "Port officials shut Tellmouth harbour to all shipping on Friday when the tanker "
        "Morwen grounded in the main channel.\n"
        "Many of them were stranded on the quay on Friday night.\n"
        "Stranded passengers waited at the terminal in Karsby, where a similar grounding "
        "closed the port last month.\n"
        "Pilots had warned the harbour authority about the shifting sandbank before "
        "Friday's grounding.\n"
        "The crew of 14 was brought ashore on Friday.\n"
        "Crews started to pump fuel out of the tanker on Saturday.",
    ),
    "e": (
        "East Ledger",
        datetime(2024, 6, 8, 15, 0, tzinfo=UTC),
        "Shipping into Tellmouth was halted on Friday, the harbour authority said, after "
        "the tanker Morwen struck a sandbank.\n"
        "They said the channel was closed to ferries on Friday.\n"
        "Inspectors from the maritime agency visited the channel on Thursday and Friday.\n"
        "All 14 crew members were brought ashore on Saturday.",
    ),
    "w": (
        "Western Post",
        datetime(2024, 6, 9, 8, 0, tzinfo=UTC),
        "Fishing crews in Tellmouth demanded compensation for a lost week of work at sea.\n"
        "Ferry passengers were stranded on the Tellmouth quay on Friday night.",
    ),
}
GROUPS = [["n", "r"], ["s"], ["e"], ["w"]]



def make_articles(order: str = "nrsew") -> list[Article]:
    return brief_fixtures.make_articles(order, TEXTS)


def analyse(articles: list[Article]) -> dict[str, Analysis]:
    """Line sentences, with the wire dateline left in as the segmenter leaves it."""
    return brief_fixtures.analyse(articles)


def cite(article_id: str, words: str) -> Citation:
    """The sentence of `article_id` that contains `words`, dateline trimmed."""
    text = TEXTS[article_id][2]
    at = text.index(words)
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    end = len(text) if end == -1 else end
    if text.startswith("TELLMOUTH (NS) -- ", start):
        start += len("TELLMOUTH (NS) -- ")
    return Citation(article_id, start, end)


def claim(claim_id: str, *members: tuple[str, str]) -> StoryClaim:
    """A claim whose best-worded member is the first one given."""
    citations = tuple(cite(article_id, words) for article_id, words in members)
    first = citations[0]
    groups = {a: g[0] for g in GROUPS for a in g}
    by_source: dict[str, list[str]] = {}
    for c in citations:
        by_source.setdefault(groups[c.article_id], []).append(c.article_id)
    sources = tuple(tuple(ids) for ids in by_source.values())
    return StoryClaim(
        claim_id,
        TEXTS[first.article_id][2][first.start : first.end],
        citations,
        sources,
        len(sources),
    )


CLAIMS = [
    # One event in different words by three independent outlets (and N's rewrite).
    claim(
        "closure",
        ("n", "closed the port of Tellmouth"),
        ("s", "Port officials shut"),
        ("e", "Shipping into Tellmouth was halted"),
        ("r", "closed Tellmouth port"),
    ),
    # Members agreeing on the date.
    claim("salvage", ("n", "began pumping fuel"), ("s", "pump fuel out")),
    # Members disagreeing: Friday (N, S) against Saturday (E).
    claim(
        "crew",
        ("e", "All 14 crew members"),
        ("n", "crew of 14 was taken ashore"),
        ("s", "crew of 14 was brought ashore"),
    ),
    # The best-worded member speaks through "They": E's other sentence names nobody.
    claim("ferries", ("e", "They said the channel"), ("n", "He said divers")),
    # The best-worded member is pronoun-led; W's names who was stranded.
    claim("stranded", ("s", "Many of them"), ("w", "Ferry passengers were stranded")),
    # Copied background: before the window, in one source.
    claim("history", ("n", "first ran aground"), ("r", "first ran aground")),
]
