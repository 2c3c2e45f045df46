"""What each article claims (analyze/): quotes, counts, credits, dates; and the
story-level entities and quote groups built from them (reconcile/)."""

from __future__ import annotations

from dataclasses import dataclass


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
    # How the speaker was found: "named" (the attribution names them), "pronoun" (a
    # "he"/"she" resolved to the nearest person of agreeing gender), "statement" (the
    # issuer of "the statement"), "continues" (a quotation right after the same
    # speaker's), "paragraph" (a quotation paragraph after one whose subject is the
    # speaker), "unknown" (speaker is None: the text does not say who); "" in stores
    # written before this field existed.
    speaker_basis: str = ""


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
    # Named once in the whole story, with a weak label (`reconcile.entity_evidence`):
    # listed apart, under "also mentioned", not in the story's entity list.
    also_mentioned: bool = False


@dataclass(frozen=True, slots=True)
class QuoteVariant:
    """One outlet's wording of a statement quoted in several articles."""

    article_id: str
    quote_index: int  # index into that article's ArticleClaims.quotes
    text: str
    differences: tuple[str, ...]  # word edits from the group's wording: "fulfill -> fulfil"
    speaker: str | None = None  # who this article says spoke (the story's name for them)

    def speaker_note(self, group_speaker: str | None) -> str:
        """This article's own attribution, when it differs from the group's speaker
        (" (says Israel)", " (speaker unknown here)"); empty when it agrees."""
        if self.speaker is None:
            return " (speaker unknown here)" if group_speaker else ""
        return f" (says {self.speaker})" if self.speaker.replace("’", "'") != group_speaker else ""


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """The same statement as quoted by different articles, wording differences kept."""

    id: str
    speaker: str | None  # None: no article says who (shown as "speaker unknown")
    text: str  # the fullest wording
    variants: tuple[QuoteVariant, ...]
    # The other names the articles give `speaker` (an office by its holder's title:
    # "Israeli leader's office" for "Benjamin Netanyahu's office").
    speaker_forms: tuple[str, ...] = ()


UNKNOWN_SPEAKER = "speaker unknown"


def speaker_label(speaker: str | None) -> str:
    """What a reader is shown for a speaker: the name, or plainly that nobody knows."""
    return speaker if speaker else UNKNOWN_SPEAKER
