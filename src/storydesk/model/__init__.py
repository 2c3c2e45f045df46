"""The data model: the one vocabulary every stage speaks.

All records are frozen dataclasses. Offsets (`start`, `end`) are character offsets
into `Article.text`, so every output of every stage can point at its evidence.

    article   articles, provenance, per-article analysis, read and stage failures
    claims    what an article claims: quotes, counts, credits, dates; entities and
              quote groups across a story
    story     stories, derivation links, facts, conflicts, the brief, the timeline
    report    the read model every renderer reads: StoryReport, ArticleRecord, RunReport

Import from `storydesk.model`; the submodules are its rooms, not separate vocabularies.
"""

from storydesk.model.article import (
    Analysis,
    Article,
    Mention,
    Provenance,
    ReadFailure,
    Sentence,
    SourceKind,
    StageFailure,
    content_id,
    display_title,
    normalise_text,
)
from storydesk.model.claims import (
    ArticleClaims,
    CanonicalEntity,
    Credit,
    DateMention,
    EntityMention,
    NumericClaim,
    Quote,
    QuoteGroup,
    QuoteVariant,
)
from storydesk.model.report import (
    ArticleAnalysis,
    ArticleRecord,
    ArticleSource,
    ArticleSummary,
    ArticleVersion,
    EntityCount,
    Placement,
    RecordedFailure,
    RunCounts,
    RunInfo,
    RunReport,
    SearchHit,
    StoryListing,
    StoryMatches,
    StoryReport,
    StoryResults,
    StorySources,
    publication_key,
)
from storydesk.model.story import (
    AlignedSpan,
    AttributionKind,
    Brief,
    BriefSentence,
    Citation,
    Conflict,
    ConflictKind,
    Fact,
    FactClaim,
    Link,
    Story,
    StoryFacts,
    TimelineEntry,
)

__all__ = [
    "AlignedSpan",
    "Analysis",
    "Article",
    "ArticleAnalysis",
    "ArticleClaims",
    "ArticleRecord",
    "ArticleSource",
    "ArticleSummary",
    "ArticleVersion",
    "AttributionKind",
    "Brief",
    "BriefSentence",
    "CanonicalEntity",
    "Citation",
    "Conflict",
    "ConflictKind",
    "Credit",
    "DateMention",
    "EntityCount",
    "EntityMention",
    "Fact",
    "FactClaim",
    "Link",
    "Mention",
    "NumericClaim",
    "Placement",
    "Provenance",
    "Quote",
    "QuoteGroup",
    "QuoteVariant",
    "ReadFailure",
    "RecordedFailure",
    "RunCounts",
    "RunInfo",
    "RunReport",
    "SearchHit",
    "Sentence",
    "SourceKind",
    "StageFailure",
    "Story",
    "StoryFacts",
    "StoryListing",
    "StoryMatches",
    "StoryReport",
    "StoryResults",
    "StorySources",
    "TimelineEntry",
    "content_id",
    "display_title",
    "normalise_text",
    "publication_key",
]
