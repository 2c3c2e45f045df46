"""The fictional Brannock ferry strike (tests/story_render_fixture.py) with what the
desk pages show beyond it: two corroborated figures, a conflict between two crew
counts, a day conflict, the rewrite's aligned spans, and the articles in full for
the side-by-side view. Everything is invented.

`HOSTILE` goes into every piece of article-derived text (titles, outlets, claims,
attributions, explanations) when asked, to check that nothing of it becomes markup.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from story_render_fixture import OTHERS, OUTLETS, REWRITE, SOURCE, fictional_story

from storydesk.model import (
    AlignedSpan,
    ArticleRecord,
    ArticleSource,
    Basis,
    CanonicalEntity,
    Citation,
    Conflict,
    ConflictCheck,
    DayConflict,
    Discrepancy,
    EntityMention,
    Fact,
    FactClaim,
    Link,
    MetadataBasis,
    StoryReport,
)

HOSTILE = '<script>alert(1)</script> javascript:alert(2) "><img src=x onerror=alert(3)>'
UNNAMED = OTHERS[5]  # an article no outlet is stated for, crediting nobody

SOURCE_TEXT = (
    "Ferry crews walked out at the Brannock terminal on Friday. "
    "The union said 400 crew members joined the strike for every shift. "
    "A spokesman for the port declined to comment. "
    "Talks are set to resume next week."
)
REWRITE_TEXT = (
    "Brannock ferry crews began their strike on Saturday. "
    "The union said 40 crew members joined the strike. "
    "A spokesman for the port declined to comment. "
    "Passengers were told to expect delays."
)


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def _claim(article_id: str, text: str, value: float, attribution: str) -> FactClaim:
    return FactClaim(
        article_id=article_id,
        start=40,
        end=40 + len(text),
        text=text,
        value=value,
        value_low=value,
        value_high=value,
        hedge="exact",
        counted="crew members on strike",
        scope=(),
        attribution=attribution,
        attribution_kind="official",
        attribution_start=None,
        attribution_end=None,
        as_of="2026-04-10",
        as_of_stated=True,
        as_of_note=None,
        period=None,
        source=f"group:{article_id}",
        relayed_from=None,
        sentence_start=30,
        sentence_end=90,
    )


def _fact(fact_id: str, claims: tuple[FactClaim, ...], support: int, value: float) -> Fact:
    return Fact(
        id=fact_id,
        topic="crew/strike",
        counted="crew members on strike",
        unit=None,
        scope=(),
        claims=claims,
        value_low=value,
        value_high=value,
        support=support,
        sources=tuple((c.article_id,) for c in claims),
        source_names=(),
        attributions=tuple(c.attribution or "" for c in claims),
        attribution_kinds=tuple(c.attribution_kind for c in claims),
    )


def aligned_spans() -> tuple[AlignedSpan, ...]:
    """The rewrite's first three sentences against the source's first three."""
    pairs = (
        ("Ferry crews walked out at the Brannock terminal on Friday.",
         "Brannock ferry crews began their strike on Saturday.", "paraphrase"),
        ("The union said 400 crew members joined the strike for every shift.",
         "The union said 40 crew members joined the strike.", "paraphrase"),
        ("A spokesman for the port declined to comment.",
         "A spokesman for the port declined to comment.", "verbatim"),
    )  # fmt: skip
    spans = []
    for source, derived, label in pairs:
        s0, s1 = _span(SOURCE_TEXT, source)
        d0, d1 = _span(REWRITE_TEXT, derived)
        spans.append(
            AlignedSpan(s0, s1, d0, d1, "verbatim" if label == "verbatim" else "paraphrase")
        )
    return tuple(spans)


def desk_link(direction: str = "known") -> Link:
    return Link(
        source_id=SOURCE,
        derived_id=REWRITE,
        kind="rewrite",
        direction="known" if direction == "known" else "unknown",
        verbatim_share=0.25,
        paraphrase_share=0.5,
        spans=aligned_spans(),
        reason=f"rewrite: {REWRITE} credits {SOURCE}",
    )


def desk_story(hostile: str = "", direction: str = "known") -> StoryReport:
    """The fictional story with figures, conflicts and an aligned rewrite."""
    story = fictional_story(hostile, direction)
    union_a = _claim(SOURCE, "400" + hostile, 400, "the union" + hostile)
    union_b = _claim(OTHERS[0], "400", 400, "the union")
    port = _claim(OTHERS[1], "250", 250, "the port authority" + hostile)
    kept = _fact("f1", (union_a, union_b), 2, 400)
    other = _fact("f2", (port,), 1, 250)
    conflict = Conflict(
        topic="crew/strike",
        fact_ids=("f1", "f2"),
        first=union_a,
        second=port,
        kind="different_attribution",
        explanation=f"Conflicting figures for crew members on strike: 400 vs 250 ({SOURCE})."
        + hostile,
        reason="both count crew members on strike on the same day" + hostile,
        checks=(
            ConflictCheck("scope", False, "both are for the Brannock terminal"),
            ConflictCheck("source", True, "the union and the port authority may count apart"),
        ),
    )
    day = DayConflict(
        event="the walkout began" + hostile,
        first=Citation(OTHERS[2], 10, 16),
        second=Citation(OTHERS[3], 12, 20),
        first_day="Friday (2026-04-10)",
        second_day="Thursday (2026-04-09)",
        explanation="Fenwick Post dates the walkout to Friday, Gullhaven Herald to Thursday."
        + hostile,
        reason="both date the start of the walkout",
        checks=(ConflictCheck("time", False, "both speak of the start"),),
    )
    articles = tuple(
        replace(
            a,
            title=a.title + hostile,
            outlet=None if a.id == UNNAMED else (a.outlet or "") + hostile,
        )
        for a in story.articles
    )
    inferred = MetadataBasis(outlet=Basis("template", "with a cross-link", inferred=True))
    articles = tuple(replace(a, basis=inferred) if a.id == OTHERS[4] else a for a in articles)
    return replace(
        story,
        title="BRANNOCK-FERRY-STRIKE-UPDATE | Brannock ferry strike (Pelham Courier) | "
        "Brannock ferry crews strike over pay in a dispute that the union says has now lasted "
        "for far too many months without any offer at all",
        articles=articles,
        sources=replace(story.sources, derivations=(desk_link(direction),)),
        facts=(kept, other),
        conflicts=(conflict,),
        day_conflicts=(day,),
    )


def record(article_id: str, text: str, hostile: str = "") -> ArticleRecord:
    """One of the story's articles in full, as the article page reads it."""
    return ArticleRecord(
        id=article_id,
        title=f"Brannock ferry strike ({OUTLETS[article_id]})" + hostile,
        display_title=f"Brannock ferry strike ({OUTLETS[article_id]})" + hostile,
        outlet=OUTLETS[article_id] + hostile,
        byline=None,
        published=datetime(2026, 4, 10, 9, 0, tzinfo=UTC),
        dateline=None,
        url=None,
        language="en",
        summary_only=False,
        source=ArticleSource("fixture.txt", "text", None),
        metadata={},
        text=text,
        analysis=None,
        claims=None,
        basis=MetadataBasis(
            outlet=Basis("byline", "“By Ada Lind, Pelham Courier”"),
            published=Basis("crawl_date", None, inferred=True),
        ),
    )


def source_record(hostile: str = "") -> ArticleRecord:
    return record(SOURCE, SOURCE_TEXT + hostile, hostile)


def rewrite_record(hostile: str = "") -> ArticleRecord:
    return record(REWRITE, REWRITE_TEXT + hostile, hostile)


def pair_discrepancies(hostile: str = "") -> tuple[Discrepancy, ...]:
    """What the rewrite changed, at the offsets of SOURCE_TEXT and REWRITE_TEXT: a
    figure (flagged) and a dropped qualifier (listed, not flagged)."""
    s400, d40 = _span(SOURCE_TEXT, "400"), _span(REWRITE_TEXT, " 40 ")
    shift = _span(SOURCE_TEXT, " for every shift")
    after = _span(REWRITE_TEXT, "joined the strike")[1]
    return (
        Discrepancy(
            derived_id=REWRITE,
            source_id=SOURCE,
            kind="number",
            source_text="400",
            derived_text="40",
            source_span=Citation(SOURCE, *s400),
            derived_span=Citation(REWRITE, d40[0] + 1, d40[1] - 1),
            source_sentence=Citation(SOURCE, 59, 126),
            derived_sentence=Citation(REWRITE, 53, 102),
            explanation="The rewrite gives 40 crew members where its source gives 400." + hostile,
        ),
        Discrepancy(
            derived_id=REWRITE,
            source_id=SOURCE,
            kind="qualifier",
            source_text="for every shift",
            derived_text="",
            source_span=Citation(SOURCE, shift[0] + 1, shift[1]),
            derived_span=Citation(REWRITE, after, after),
            source_sentence=Citation(SOURCE, 59, 126),
            derived_sentence=Citation(REWRITE, 53, 102),
            explanation="The rewrite drops 'for every shift'." + hostile,
            not_a_conflict="a qualifier dropped from a count the story gives elsewhere" + hostile,
        ),
    )


def lind(
    hostile: str = "", spellings: tuple[str, ...] = ("Ada Lind", "Ada Lindh")
) -> CanonicalEntity:
    """The union's spokeswoman, spelt two ways across the story's articles."""
    mentions = tuple(
        EntityMention(article_id, 30 + n, 30 + n + len(spellings[n % len(spellings)]),
                      spellings[n % len(spellings)] + hostile)
        for n, article_id in enumerate((SOURCE, OTHERS[0], OTHERS[1]))
    )  # fmt: skip
    return CanonicalEntity(
        id="e1",
        name=spellings[0] + hostile,
        label="PERSON",
        variants=tuple(s + hostile for s in spellings),
        roles=("union spokeswoman" + hostile,),
        mentions=mentions,
    )
