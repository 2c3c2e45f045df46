"""A fictional story built by hand for the renderers: the Brannock ferry strike, told
by eight outlets, one of which (the Daily Quay) rewrote the Pelham Courier and changed
what it took: a re-dated event, a figure and a dropped qualifier.

`story_results` writes the same results over any article ids (the demo store's, for
the end-to-end tests); `fictional_story` is the whole StoryReport. `hostile` is put
into every piece of article-derived text, to check that renderers escape it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from storydesk.model import (
    ArticleSummary,
    Brief,
    BriefSentence,
    Citation,
    Discrepancy,
    Link,
    Placement,
    StoryClaim,
    StoryReport,
    StoryResults,
    StorySources,
    TimelineEntry,
)
from storydesk.store.store import Store

SOURCE, REWRITE = "aaaa1111aaaa1111", "dddd4444dddd4444"
OTHERS = (
    "bbbb2222bbbb2222",
    "cccc3333cccc3333",
    "eeee5555eeee5555",
    "ffff6666ffff6666",
    "abab7777abab7777",
    "cdcd8888cdcd8888",
)
OUTLETS = {
    SOURCE: "Pelham Courier",
    REWRITE: "Daily Quay",
    OTHERS[0]: "North Shore Wire",
    OTHERS[1]: "Lindqvist Radio",
    OTHERS[2]: "Fenwick Post",
    OTHERS[3]: "Gullhaven Herald",
    OTHERS[4]: "Harrow Bay News",
    OTHERS[5]: "Isle Tribune",
}

WALKOUT = "Ferry crews walked out at the Brannock terminal on Friday."
UNION = "The union said 400 crew members joined the strike."
SPOKESMAN = "A spokesman for the port declined to comment."
EVENT_DATE_EXPLANATION = (
    "The Daily Quay dates the start of the walkout to Saturday; the Pelham Courier says "
    "it spread again that day, and North Shore Wire and Lindqvist Radio put its start "
    "on Friday."
)
NUMBER_EXPLANATION = "The rewrite gives 40 crew members where its source gives 400."
QUALIFIER_EXPLANATION = "The rewrite drops 'for every shift', which changes what is counted."


def _cite(article_id: str, start: int = 0, length: int = 40) -> Citation:
    return Citation(article_id, start, start + length)


def story_results(
    source: str, rewrite: str, others: Sequence[str], hostile: str = ""
) -> StoryResults:
    """Claims, a brief, discrepancies of `rewrite` against `source` and a timeline with
    two background events, over the given article ids (`others`: at least two more)."""
    everyone = (source, rewrite, *others)
    walkout = StoryClaim(
        id="c1",
        text=WALKOUT + hostile,
        citations=tuple(_cite(i, 10 * n) for n, i in enumerate(everyone)),
        sources=((source, rewrite), *((i,) for i in others)),
        support=1 + len(others),
    )
    union = StoryClaim(
        id="c2",
        text=UNION + hostile,
        citations=(_cite(source, 200), _cite(others[0], 220), _cite(rewrite, 180)),
        sources=((source, rewrite), (others[0],)),
        support=2,
    )
    # Stated by two articles, but a rewrite of one source: not established.
    spokesman = StoryClaim(
        id="c3",
        text=SPOKESMAN + hostile,
        citations=(_cite(source, 400), _cite(rewrite, 380)),
        sources=((source, rewrite),),
        support=1,
    )
    discrepancies = (
        Discrepancy(
            derived_id=rewrite,
            source_id=source,
            kind="event_date",
            source_text="spread again Saturday" + hostile,
            derived_text="began Saturday" + hostile,
            source_span=Citation(source, 120, 141),
            derived_span=Citation(rewrite, 98, 112),
            source_sentence=Citation(source, 100, 170),
            derived_sentence=Citation(rewrite, 80, 140),
            explanation=EVENT_DATE_EXPLANATION + hostile,
            others=(_cite(others[0], 30), _cite(others[1], 50)),
        ),
        Discrepancy(
            derived_id=rewrite,
            source_id=source,
            kind="number",
            source_text="400",
            derived_text="40",
            source_span=Citation(source, 215, 218),
            derived_span=Citation(rewrite, 195, 197),
            source_sentence=Citation(source, 200, 240),
            derived_sentence=Citation(rewrite, 180, 220),
            explanation=NUMBER_EXPLANATION,
        ),
        Discrepancy(
            derived_id=rewrite,
            source_id=source,
            kind="qualifier",
            source_text="for every shift",
            derived_text="",
            source_span=Citation(source, 250, 265),
            derived_span=Citation(rewrite, 230, 230),
            source_sentence=Citation(source, 241, 280),
            derived_sentence=Citation(rewrite, 221, 260),
            explanation=QUALIFIER_EXPLANATION,
        ),
    )
    timeline = (
        TimelineEntry(
            "2019-01-01",
            "2019-12-31",
            "year",
            "event",
            "The Brannock terminal opened in 2019." + hostile,
            (_cite(others[0], 600),),
            sources=1,
            background=True,
        ),
        TimelineEntry(
            "2024-05-01",
            "2024-05-31",
            "month",
            "event",
            "Crews last struck in May 2024." + hostile,
            (_cite(others[1], 700),),
            sources=1,
            background=True,
        ),
        TimelineEntry(
            "2026-04-10",
            "2026-04-10",
            "day",
            "event",
            WALKOUT + hostile,
            walkout.citations,
            sources=walkout.support,
            claim_id="c1",
        ),
    )
    brief = Brief(
        sentences=tuple(
            BriefSentence(c.text, c.citations[0], c.citations[1:], c.support)
            for c in (walkout, union)
        ),
        words=20,
        budget=150,
    )
    return StoryResults(
        linked_ids=everyone,
        independent_groups=((source, rewrite), *((i,) for i in others)),
        brief=brief,
        timeline=timeline,
        claims=(walkout, union, spokesman),
        discrepancies=discrepancies,
    )


def rewrite_link(direction: str = "known") -> Link:
    return Link(
        source_id=SOURCE,
        derived_id=REWRITE,
        kind="rewrite",
        direction="known" if direction == "known" else "unknown",
        verbatim_share=0.1,
        paraphrase_share=0.8,
        reason="rewrite: the Daily Quay credits the Pelham Courier",
    )


def fictional_story(hostile: str = "", direction: str = "known") -> StoryReport:
    """The whole story as a renderer reads it."""
    results = story_results(SOURCE, REWRITE, OTHERS, hostile)
    when = datetime(2026, 4, 10, 9, 0, tzinfo=UTC)
    articles = tuple(
        ArticleSummary(
            i,
            f"Brannock ferry strike ({OUTLETS[i]})",
            OUTLETS[i],
            when,
            None,
            False,
            Placement(None, None),
        )
        for i in (SOURCE, REWRITE, *OTHERS)
    )
    return StoryReport(
        id="S000042",
        title="Brannock ferry crews strike",
        aliases=(),
        first_seen=when,
        last_seen=when,
        size=len(articles),
        outlets=tuple(sorted(OUTLETS.values())),
        articles=articles,
        sources=StorySources(
            independent=len(results.independent_groups),
            groups=results.independent_groups,
            derivations=(rewrite_link(direction),),
        ),
        brief=results.brief,
        timeline=results.timeline,
        claims=results.claims,
        discrepancies=results.discrepancies,
    )


def inject_results(db: Path, story_id: str = "S000001", hostile: str = "") -> Link:
    """Give a stored story (the demo's) these claims, brief, discrepancies and timeline
    over its own articles, keeping the rest of its results; the discrepancies are put
    on the story's first rewrite, which is returned."""
    with Store(db) as store:
        link = next(k for k in store.links_of(story_id) if k.kind == "rewrite")
        others = [
            i
            for i in store.story_article_ids(story_id)
            if i not in (link.source_id, link.derived_id)
        ]
        made = story_results(link.source_id, link.derived_id, others, hostile)
        kept = store.story_results(story_id) or StoryResults()
        store.save_story_results(
            story_id,
            replace(
                kept,
                brief=made.brief,
                timeline=made.timeline,
                claims=made.claims,
                discrepancies=made.discrepancies,
            ),
        )
    return link
