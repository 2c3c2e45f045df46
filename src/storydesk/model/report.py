"""The read model: what renderers read (store -> CLI, report.json, HTML, web).

JSON exists only at the edges (report.json, /api): `codec.to_data` of these records.
Their shape is documented by docs/report.schema.json (`write.json_report.report_schema`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from storydesk.model.article import (
    Analysis,
    Article,
    Mention,
    MetadataBasis,
    ReadFailure,
    Sentence,
    SourceKind,
)
from storydesk.model.claims import ArticleClaims, CanonicalEntity, QuoteGroup
from storydesk.model.story import (
    Brief,
    Conflict,
    DayConflict,
    Discrepancy,
    Fact,
    Link,
    StoryClaim,
    TimelineEntry,
)


@dataclass(frozen=True, slots=True)
class StoryResults:
    """Everything the story stage computed for one story; the store saves it whole.

    Every field has a default so that results saved by an earlier version load.
    """

    linked_ids: tuple[str, ...] = ()  # the articles the links were computed for
    independent_groups: tuple[tuple[str, ...], ...] = ()  # rewrites and copies grouped
    dates_inferred: tuple[str, ...] = ()  # articles dated like the rest of the story
    facts: tuple[Fact, ...] = ()  # best supported first
    conflicts: tuple[Conflict, ...] = ()
    brief: Brief | None = None
    timeline: tuple[TimelineEntry, ...] = ()
    entities: tuple[CanonicalEntity, ...] = ()
    quote_groups: tuple[QuoteGroup, ...] = ()
    claims: tuple[StoryClaim, ...] = ()  # best supported first
    discrepancies: tuple[Discrepancy, ...] = ()  # what each derivation changed
    day_conflicts: tuple[DayConflict, ...] = ()  # independent sources, different days


@dataclass(frozen=True, slots=True)
class Placement:
    """Why the clusterer put an article where it is (None: not recorded)."""

    score: float | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """One article of a story as a story page lists it."""

    id: str
    title: str  # the display title (the start of the text when untitled)
    outlet: str | None
    published: datetime | None
    url: str | None
    summary_only: bool
    assignment: Placement
    basis: MetadataBasis = field(default_factory=MetadataBasis)  # where outlet/date came from
    credits: tuple[str, ...] = ()  # the outlets and agencies it credits, not its own


@dataclass(frozen=True, slots=True)
class StorySources:
    """How many independent sources a story has, and who derived from whom."""

    independent: int
    groups: tuple[tuple[str, ...], ...]  # per independent source, its article ids
    derivations: tuple[Link, ...]  # rewrites and copies (no "independent" links)


@dataclass(frozen=True, slots=True)
class StoryListing:
    """A story as lists and search show it: no per-story results."""

    id: str
    title: str
    size: int  # current articles
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    outlets: tuple[str, ...] = ()
    # Outlets no article of the story states, only inferred (a page template, a
    # dateline credit): shown marked, as the story's article list marks them.
    inferred_outlets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryReport:
    """One story with everything a reader sees: its articles, its sources and what
    the story stage computed (empty until the stage has run on it)."""

    id: str
    title: str
    aliases: tuple[str, ...]  # ids of stories merged into this one
    first_seen: datetime | None
    last_seen: datetime | None
    size: int
    outlets: tuple[str, ...]
    articles: tuple[ArticleSummary, ...]
    sources: StorySources
    dates_inferred: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    brief: Brief | None = None
    timeline: tuple[TimelineEntry, ...] = ()
    entities: tuple[CanonicalEntity, ...] = ()
    quote_groups: tuple[QuoteGroup, ...] = ()
    claims: tuple[StoryClaim, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    day_conflicts: tuple[DayConflict, ...] = ()

    @classmethod
    def assemble(
        cls,
        listing: StoryListing,
        aliases: tuple[str, ...],
        articles: tuple[ArticleSummary, ...],
        links: tuple[Link, ...],
        results: StoryResults | None,
    ) -> StoryReport:
        """The one way a report is built: the story as stored now, its current
        articles and links, and the story stage's latest results."""
        results = results or StoryResults()
        # Results older than the story's articles (the stage failed on it since) keep
        # their groups; an article they do not know counts as a source of its own.
        current = {a.id for a in articles}
        kept = [
            g
            for group in results.independent_groups
            if (g := tuple(i for i in group if i in current))
        ]
        grouped = {i for group in kept for i in group}
        groups = (*kept, *((a.id,) for a in articles if a.id not in grouped))
        return cls(
            id=listing.id,
            title=listing.title,
            aliases=aliases,
            first_seen=listing.first_seen,
            last_seen=listing.last_seen,
            size=len(articles),
            outlets=tuple(sorted({a.outlet for a in articles if a.outlet})),
            articles=articles,
            sources=StorySources(
                independent=len(groups),
                groups=groups,
                derivations=tuple(k for k in links if k.kind != "independent"),
            ),
            dates_inferred=results.dates_inferred,
            facts=results.facts,
            conflicts=results.conflicts,
            brief=results.brief,
            timeline=results.timeline,
            entities=results.entities,
            quote_groups=results.quote_groups,
            claims=results.claims,
            discrepancies=results.discrepancies,
            day_conflicts=results.day_conflicts,
        )


@dataclass(frozen=True, slots=True)
class SearchHit:
    """An article matching a search, with a snippet in which the matched words are
    wrapped in the store's mark characters."""

    id: str
    title: str | None
    outlet: str | None
    published: datetime | None
    snippet: str


@dataclass(frozen=True, slots=True)
class StoryMatches:
    """A story with the articles of it that match a search (id None: in no story)."""

    id: str | None
    title: str
    size: int
    matches: int
    articles: tuple[SearchHit, ...]


@dataclass(frozen=True, slots=True)
class WordVariants:
    """A search word and the other spellings of it that the stories' entities use
    ("Barnia": "Barnea"), which the search looked for as well."""

    word: str
    variants: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SearchResults:
    """A search's answer: the matching stories, and the words it also looked for."""

    stories: tuple[StoryMatches, ...]
    expansions: tuple[WordVariants, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleVersion:
    """One recorded update of a document: `old_id` was replaced by `new_id`."""

    old_id: str
    new_id: str
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class RecordedFailure:
    """A stage failure as the store keeps it."""

    item_id: str
    stage: str
    version: str
    reason: str
    failed_at: datetime
    source: str | None = None  # where the failed article was read from


@dataclass(frozen=True, slots=True)
class ArticleSource:
    path: str
    kind: SourceKind
    locator: str | None


@dataclass(frozen=True, slots=True)
class ArticleAnalysis:
    """An article's analysis as the report shows it."""

    analyzer: str
    sentences: tuple[Sentence, ...]
    entities: tuple[Mention, ...]


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """One article in full, with its analysis and claims: the report's and the
    article page's view of it."""

    id: str
    title: str | None
    display_title: str
    outlet: str | None
    byline: str | None
    published: datetime | None
    dateline: str | None
    url: str | None
    language: str | None
    summary_only: bool
    source: ArticleSource
    metadata: dict[str, Any]
    text: str
    analysis: ArticleAnalysis | None
    claims: ArticleClaims | None
    basis: MetadataBasis = field(default_factory=MetadataBasis)  # where outlet/date came from

    @classmethod
    def of(
        cls, article: Article, analysis: Analysis | None, claims: ArticleClaims | None
    ) -> ArticleRecord:
        return cls(
            id=article.id,
            title=article.title,
            display_title=article.display_title,
            outlet=article.outlet,
            byline=article.byline,
            published=article.published,
            dateline=article.dateline,
            url=article.url,
            language=article.language,
            summary_only=article.summary_only,
            source=ArticleSource(
                article.provenance.source, article.provenance.kind, article.provenance.locator
            ),
            metadata=article.metadata,
            text=article.text,
            analysis=(
                ArticleAnalysis(analysis.analyzer, analysis.sentences, analysis.mentions)
                if analysis is not None
                else None
            ),
            claims=claims,
            basis=article.basis,
        )


@dataclass(frozen=True, slots=True)
class EntityCount:
    """An entity named by `articles` of the report's articles."""

    text: str
    label: str
    articles: int


@dataclass(frozen=True, slots=True)
class RunCounts:
    read: int
    new: int
    updated: int
    unchanged: int
    analyzed: int
    stories_changed: int
    skipped: int
    failed: int
    stage_failures: int


@dataclass(frozen=True, slots=True)
class RunInfo:
    """What the run that wrote a report read, stored and failed on."""

    counts: RunCounts | None = None
    failures: tuple[ReadFailure, ...] = ()


def publication_key(published: datetime | None, title: str | None) -> tuple[str, str]:
    """The order of a report's articles: earliest first, undated last, then by title."""
    return (published.isoformat() if published else "9999", title or "")


@dataclass(frozen=True, slots=True)
class RunReport:
    """Everything `storydesk run` reports: report.json is this record as JSON."""

    storydesk: str  # the version that wrote it
    generated_at: datetime
    run: RunInfo
    articles: tuple[ArticleRecord, ...]
    entities: tuple[EntityCount, ...]
    stories: tuple[StoryReport, ...]
