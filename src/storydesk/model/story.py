"""Stories and what is computed per story: derivation links between its
articles, facts with their support, conflicts, the brief and the timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from storydesk.model.claims import QuoteGroup


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
    "published" for an article's publication and "event" for a dated event (a claim
    group whose sentences date what they report). `sources` counts the independent
    sources among the citations; `background` marks an event dated before the story's
    own time window (folded away by default); `claim_id` names the claim group.
    """

    date: str
    date_end: str
    granularity: str  # day, month, year
    kind: Literal["published", "event"]
    text: str  # the sentence (or headline) that describes it
    citations: tuple[Citation, ...]  # the first is where `text` comes from
    sources: int = 1
    background: bool = False
    claim_id: str | None = None


# --- Claims stated across a story (reconcile/statements.py) --------------------------


@dataclass(frozen=True, slots=True)
class StoryClaim:
    """What several sentences of a story state alike: one claim, with every article
    that states it and how many independent sources that makes.

    `text` is the best-worded member (`citations[0]`); `citations` hold one sentence
    per article. `sources` lists, per independent source (derivation groups and one
    outlet's reports collapsed), the ids of its articles that state the claim;
    `support` is their number. A rewrite's sentence adds its article to its source's
    entry, never an entry of its own.
    """

    id: str
    text: str
    citations: tuple[Citation, ...]
    sources: tuple[tuple[str, ...], ...]
    support: int


# --- What a derivation changed (reconcile/discrepancies.py) --------------------------

DiscrepancyKind = Literal["number", "date", "name", "negation", "qualifier", "quote", "event_date"]


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """A difference a derived article (copy or rewrite) introduced into what it took
    from its source: both spans, the kind of change, and why it matters.

    `source_span` and `derived_span` are the differing words (an empty span where
    words were dropped or added: it sits where they were or would be);
    `source_sentence` and `derived_sentence` are the aligned sentences around them.
    `others` cite further articles that side with the source (for an "event_date":
    the story's other statements dating the same event differently from the rewrite).
    Every discrepancy is listed under its derivation; only those whose
    `not_a_conflict` is empty are also flagged as conflicts.
    """

    derived_id: str
    source_id: str
    kind: DiscrepancyKind
    source_text: str
    derived_text: str
    source_span: Citation
    derived_span: Citation
    source_sentence: Citation
    derived_sentence: Citation
    explanation: str
    others: tuple[Citation, ...] = ()
    # Why this change is listed but not raised as a conflict ("the same name spelt
    # another way"); "" when it is a conflict (reconcile/discrepancy_weight.py).
    not_a_conflict: str = ""


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
    # The period the count holds for, when the sentence gives one ("since Oct. 7",
    # "last week", "in 1999", "so far this year"): ISO bounds, None where the text
    # gives none or it cannot be dated ("until the truce began"). None and None: the
    # count is as of `as_of`.
    period_from: str | None = None
    period_to: str | None = None


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
    source_names: tuple[str, ...]  # per independent source: its outlets, and whom it credits
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
    reason: str = ""  # why the two figures were taken to count one thing
    # Each obvious explanation (scope, time, source): whether it accounts for the gap.
    checks: tuple[ConflictCheck, ...] = ()


ConflictCheckKind = Literal["scope", "time", "source"]


@dataclass(frozen=True, slots=True)
class DayConflict:
    """Two independent sources dating one event to different days ("Friday" /
    "Saturday"): a conflict of its own kind, each side cited by its sentence."""

    event: str  # the event in words ("the dam burst")
    first: Citation
    second: Citation
    first_day: str  # "Friday (2031-05-02)"
    second_day: str
    explanation: str  # one human paragraph, no ids or offsets
    reason: str  # why the two were taken to date one event
    checks: tuple[ConflictCheck, ...] = ()


@dataclass(frozen=True, slots=True)
class ConflictCheck:
    """One obvious explanation of a conflict, and whether the data bear it out."""

    kind: ConflictCheckKind
    applies: bool
    reason: str  # in words a reader understands: no ids, no offsets


@dataclass(frozen=True, slots=True)
class StoryFacts:
    """What reconciliation found in one story."""

    facts: tuple[Fact, ...]
    conflicts: tuple[Conflict, ...]
    quote_variants: tuple[QuoteGroup, ...]  # statements quoted with different wording
