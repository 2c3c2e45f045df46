"""The data model: the one vocabulary every stage speaks.

All records are frozen dataclasses. Offsets (`start`, `end`) are character offsets
into `Article.text`, so every output of every stage can point at its evidence.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

SourceKind = Literal["text", "jsonl", "html", "rss", "atom", "warc"]

_SPACE_RE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """The form of a text that identity is computed on.

    Unicode-normalised, case-folded and whitespace-collapsed, so that re-encoding a
    file or re-wrapping its lines does not change the article's identity.
    """
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def content_id(text: str, title: str | None = None, outlet: str | None = None) -> str:
    """Stable article id: a hash of the normalised title and body (and outlet).

    The same report read again, from another file, re-encoded or re-wrapped, keeps its
    id, so ingest is idempotent. The outlet is part of the identity because two outlets
    publishing the same wire copy are two publications, and the rewrite detector must
    see both to say so.
    """
    basis = "\n".join(
        (normalise_text(outlet or ""), normalise_text(title or ""), normalise_text(text))
    )
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


def display_title(title: str | None, text: str) -> str:
    """The title, or for an untitled article the start of its first line."""
    if title:
        return title
    first = text.strip().split("\n", 1)[0]
    return first if len(first) <= 90 else first[:89].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where an article was read from, precisely enough to read it again."""

    source: str  # file path or URL of the container (file, feed, archive)
    kind: SourceKind
    locator: str | None = None  # line number, feed entry id, WARC record id


@dataclass(frozen=True, slots=True)
class Article:
    """One news report as read from its source, before any analysis."""

    id: str
    text: str
    provenance: Provenance
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: datetime | None = None  # timezone-aware (UTC) when known
    dateline: str | None = None  # place in the dateline, e.g. "Tel Aviv, Israel"
    language: str | None = None
    summary_only: bool = False  # a feed entry that carried only a summary
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def build(cls, text: str, provenance: Provenance, **fields: Any) -> Article:
        """An Article whose id is computed from its content (see `content_id`)."""
        article_id = content_id(text, fields.get("title"), fields.get("outlet"))
        return cls(id=article_id, text=text, provenance=provenance, **fields)

    @property
    def display_title(self) -> str:
        return display_title(self.title, self.text)

    @property
    def key(self) -> str:
        """The identity of the *document* across versions: its URL, or where it was read.

        Two articles with the same key and different ids are two versions of one
        document (the later is recorded as an update of the earlier).
        """
        if self.url:
            return self.url
        source = self.provenance.source
        if "://" not in source:  # a local file: the same file by any relative path
            source = os.path.abspath(source)
        locator = f"#{self.provenance.locator}" if self.provenance.locator else ""
        return f"{source}{locator}"


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input that could not be turned into an article, and why (one line)."""

    source: str
    reason: str
    skipped: bool = False  # True: deliberately passed over (empty, binary); False: an error


@dataclass(frozen=True, slots=True)
class StageFailure:
    """One article (or story) that a stage could not process, and why (one line).

    Stages return these instead of raising, so one bad article never stops the others;
    the store keeps them so the same input is not retried until it or the code changes.
    """

    item_id: str  # an article id, or a story id for the "stories" stage
    stage: str  # "analyse", "claims", "cluster", "stories"
    reason: str


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity mention: a span of the text with its entity type."""

    start: int
    end: int
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, LOC, NORP, DATE, ...


@dataclass(frozen=True, slots=True)
class Analysis:
    """What per-article analysis found in one article."""

    article_id: str
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    analyzer: str  # name and version of the analyzer, so stale analyses can be redone


@dataclass(frozen=True, slots=True)
class AlignedSpan:
    """A span of a source article aligned with a span of an article derived from it."""

    source_start: int
    source_end: int
    derived_start: int
    derived_end: int
    label: Literal["verbatim", "paraphrase"]


@dataclass(frozen=True, slots=True)
class Link:
    """A derivation relation between two articles of a story."""

    source_id: str
    derived_id: str
    kind: Literal["duplicate", "rewrite", "independent"]
    direction: Literal["known", "unknown"]  # "unknown": the order of the pair is arbitrary
    verbatim_share: float  # share of the derived article copied verbatim
    paraphrase_share: float  # share of the derived article paraphrased
    spans: tuple[AlignedSpan, ...] = ()
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Story:
    """The reports of one real-world event."""

    id: str
    title: str
    article_ids: tuple[str, ...]  # ordered by publication time
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    aliases: tuple[str, ...] = ()  # ids of stories merged into this one


# --- What each article claims (analyze/claims.py) ---------------------------------


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation with its speaker and cue verb.

    `start`/`end` cover the whole quotation with its marks; a quotation split around
    "he said" spans from the first opening mark to the last closing one and lists
    each quoted piece in `parts` (spans of the words inside the marks).
    """

    start: int
    end: int
    text: str  # the quoted words, pieces joined with " … "
    parts: tuple[tuple[int, int], ...]
    speaker: str | None  # who said it, resolved to a named entity where possible
    speaker_start: int | None  # the local mention of the speaker ("he", "the statement")
    speaker_end: int | None
    cue: str | None  # the verb of saying ("said", "told", "stated")
    cue_start: int | None
    cue_end: int | None
    partial: bool  # a fragment woven into the writer's own sentence


@dataclass(frozen=True, slots=True)
class NumericClaim:
    """A count stated in the text, with its hedge as a range.

    "more than 400" is value_low=400, low_inclusive=False, value_high=None (no upper
    bound); "about 1,200" is a range around 1,200 with hedge "about".
    """

    start: int
    end: int
    text: str  # the number expression, hedge included ("more than 400")
    value: float  # the number as written (400 for "more than 400")
    value_low: float | None  # None: unbounded below
    value_high: float | None  # None: unbounded above
    hedge: str  # exact, more_than, at_least, less_than, at_most, about, range
    counted: str | None  # what is counted ("Palestinians killed", "strikes")
    counted_start: int | None
    counted_end: int | None
    scope: tuple[str, ...] = ()  # place and group qualifiers ("in southern Gaza")
    attribution: str | None = None  # who says so ("the Health Ministry in Gaza")
    attribution_start: int | None = None
    attribution_end: int | None = None
    as_of: str | None = None  # ISO date the figure is stated as of, when known
    unit: str | None = None  # percent, dollars, euros, ... when the number measures one


@dataclass(frozen=True, slots=True)
class Credit:
    """An outlet or agency an article says it draws on."""

    start: int
    end: int
    source: str  # "AFP", "The Associated Press", "CNN"
    kind: str  # according_to, reported, dateline, contributed, agency_tag


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression resolved against the article's publication date.

    `value` is the first day the expression denotes and `value_end` the last (equal
    for a single day); both None when it cannot be resolved (no article date).
    """

    start: int
    end: int
    text: str
    value: str | None  # ISO date
    value_end: str | None  # ISO date
    granularity: str  # day, month, year
    relative: bool  # resolved against the article date ("Friday", "last month")
    since: bool = False  # "since Oct. 7": a period starting then


@dataclass(frozen=True, slots=True)
class ArticleClaims:
    """Everything `extract_claims` found in one article."""

    article_id: str
    quotes: tuple[Quote, ...]
    numbers: tuple[NumericClaim, ...]
    credits: tuple[Credit, ...]
    dates: tuple[DateMention, ...]


@dataclass(frozen=True, slots=True)
class EntityMention:
    """One mention of a canonical entity in one article."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class CanonicalEntity:
    """One real-world entity of a story, with every mention that refers to it."""

    id: str
    name: str  # the fullest name seen ("Benjamin Netanyahu")
    label: str  # PERSON, ORG, GPE, ...
    variants: tuple[str, ...]  # distinct surface forms ("Netanyahu", "Barnia")
    roles: tuple[str, ...]  # titles and roles seen with it ("Mossad chief")
    mentions: tuple[EntityMention, ...]
    related: tuple[str, ...] = ()  # ids of entities it belongs to (an office -> its head)


@dataclass(frozen=True, slots=True)
class QuoteVariant:
    """One outlet's wording of a statement quoted in several articles."""

    article_id: str
    quote_index: int  # index into that article's ArticleClaims.quotes
    text: str
    differences: tuple[str, ...]  # word edits from the group's wording: "fulfill -> fulfil"


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """The same statement as quoted by different articles, wording differences kept."""

    id: str
    speaker: str | None
    text: str  # the fullest wording
    variants: tuple[QuoteVariant, ...]


# --- The brief and the timeline (write/brief.py, write/timeline.py) ----------------


@dataclass(frozen=True, slots=True)
class Citation:
    """A span of one article that a written sentence rests on."""

    article_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class BriefSentence:
    """One sentence of a brief: an exact slice of `source`, and who else says it.

    `supported_by` lists the other articles that carry the same or a near-identical
    sentence; `sources` is the number of independent sources among all of them
    (rewrites of one another count once).
    """

    text: str
    source: Citation
    supported_by: tuple[Citation, ...]
    sources: int

    @property
    def citations(self) -> tuple[Citation, ...]:
        return (self.source, *self.supported_by)


@dataclass(frozen=True, slots=True)
class Brief:
    """An extractive, cited summary of a story."""

    sentences: tuple[BriefSentence, ...]
    words: int  # words used
    budget: int  # words allowed

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated event of a story, with the sentences that report it.

    `date` and `date_end` are ISO dates (equal for a single day); `kind` is
    "published" for an article's publication and "event" for a dated sentence.
    """

    date: str
    date_end: str
    granularity: str  # day, month, year
    kind: Literal["published", "event"]
    text: str  # the sentence (or headline) that describes it
    citations: tuple[Citation, ...]  # the first is where `text` comes from


# --- Facts, corroboration and conflicts (reconcile/facts.py) ------------------------

AttributionKind = Literal["official", "outlet", "anonymous", "person", "other", "unattributed"]
ConflictKind = Literal["different_attribution", "different_as_of", "different_scope", "unexplained"]


@dataclass(frozen=True, slots=True)
class FactClaim:
    """One article's statement of a count, as the fact it supports reads it.

    `value_low`/`value_high` are the range the wording allows as news prose uses it
    ("more than 400" is a little over 400, not any number above it); None is unbounded.
    `source` names the independent source the claim counts as: the agency it is
    relayed from when the article credits one, else the article's derivation group.
    """

    article_id: str
    start: int  # the number expression, hedge included
    end: int
    text: str
    value: float
    value_low: float | None
    value_high: float | None
    hedge: str
    counted: str | None
    scope: tuple[str, ...]
    attribution: str | None
    attribution_kind: AttributionKind
    attribution_start: int | None
    attribution_end: int | None
    as_of: str | None  # ISO date
    as_of_stated: bool  # the sentence names the day; False: the article's date stands in
    as_of_note: str | None  # a time qualifier in the sentence ("until the truce began")
    period: str | None  # start of the period counted: "since Oct. 7" -> ISO date, else words
    source: str  # the independent source: "agency:afp" or "group:<first article id>"
    relayed_from: str | None  # the credited agency or outlet, when relayed
    sentence_start: int
    sentence_end: int


@dataclass(frozen=True, slots=True)
class Fact:
    """Claims from one or more articles about the same count, with compatible values."""

    id: str
    topic: str  # shared by the facts about one counted thing (conflicting facts share it)
    counted: str  # the fullest wording of what is counted
    unit: str | None
    scope: tuple[str, ...]
    claims: tuple[FactClaim, ...]
    value_low: float | None  # the consensus: the range every claim allows
    value_high: float | None
    support: int  # independent sources
    sources: tuple[tuple[str, ...], ...]  # per independent source, the article ids
    source_names: tuple[str, ...]  # per independent source: the agency or the group key
    attributions: tuple[str, ...]  # who the claims are attributed to
    attribution_kinds: tuple[str, ...]

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(Citation(c.article_id, c.start, c.end) for c in self.claims)


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two values for one counted thing that cannot both be true, and the likely why."""

    topic: str
    fact_ids: tuple[str, str]
    first: FactClaim
    second: FactClaim
    kind: ConflictKind
    explanation: str  # one human sentence


@dataclass(frozen=True, slots=True)
class StoryFacts:
    """What reconciliation found in one story."""

    facts: tuple[Fact, ...]
    conflicts: tuple[Conflict, ...]
    quote_variants: tuple[QuoteGroup, ...]  # statements quoted with different wording


# --- The read model: what renderers read (store -> CLI, report.json, HTML, web) ------
#
# JSON exists only at the edges (report.json, /api): `codec.to_data` of these records.
# Their shape is documented by the JSON Schema `codec.json_schema(RunReport)` writes
# (docs/report.schema.json).


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


@dataclass(frozen=True, slots=True)
class RunReport:
    """Everything `storydesk run` reports: report.json is this record as JSON."""

    storydesk: str  # the version that wrote it
    generated_at: datetime
    run: RunInfo
    articles: tuple[ArticleRecord, ...]
    entities: tuple[EntityCount, ...]
    stories: tuple[StoryReport, ...]
