"""Articles as read, and what per-article analysis finds in them (sentences,
named-entity mentions); the failures a reader or a stage reports instead."""

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


BasisKind = Literal[
    "url",  # the outlet a known domain belongs to
    "site_name",  # a page's og:site_name (or the extractor's site name)
    "field",  # a JSONL field named in `evidence`
    "feed",  # the feed's channel title
    "feed_entry",  # a feed entry's own element (its date, its author)
    "sitemap",  # a news sitemap's entry (news:publication_date, news:name)
    "byline",  # a "By NAME, OUTLET" line
    "house_line",  # "Top Stories from The Hill"
    "copyright",  # "(c) 2026 Harbor Ledger"
    "dateline",  # "(CNN) —": where the copy came from, a guess at the publisher
    "template",  # a page template an outlet is known to use: a guess
    "date_line",  # a plain-text file's leading " date YYYY-MM-DD"
    "published_line",  # a "Published: 3 March 2026" line in the text
    "page_meta",  # a meta tag (article:published_time)
    "json_ld",  # the page's JSON-LD datePublished
    "page_text",  # a date the page extractor found somewhere on the page: a guess
    "page_author",  # the page's author metadata or byline, as the extractor found it
    "crawl_date",  # an archive's capture date standing in for the publication date
]

# How each kind reads after "from" in a sentence ("outlet: CNN (from the byline ...)").
_BASIS_NOUNS: dict[str, str] = {
    "url": "the URL",
    "site_name": "the page's site name",
    "field": "the JSONL field",
    "feed": "the feed",
    "feed_entry": "the feed entry's",
    "sitemap": "the news sitemap's",
    "byline": "the byline",
    "house_line": "a house line",
    "copyright": "a copyright line",
    "dateline": "the dateline",
    "template": "a page template",
    "date_line": "the file's date line",
    "published_line": "a publication line in the text",
    "page_meta": "the page's meta tag",
    "json_ld": "the page's structured data",
    "page_text": "a date found on the page",
    "page_author": "the page's author",
    "crawl_date": "the archive's capture date",
}


@dataclass(frozen=True, slots=True)
class Basis:
    """Where one piece of an article's metadata came from.

    `inferred` marks a guess (a page template, a dateline credit, a crawl date): the
    article states nothing of the kind, and every rendering says so."""

    kind: BasisKind
    evidence: str | None = None  # the field, tag or words it was read from
    inferred: bool = False

    def describe(self) -> str:
        """ "from the byline “By Ana Ruiz, CNN”", "inferred from a page template with
        an “Also read-” cross-link": read after the value it is the basis of."""
        noun = _BASIS_NOUNS.get(self.kind, self.kind.replace("_", " "))
        said = f"{'inferred from' if self.inferred else 'from'} {noun}"
        return f"{said} {self.evidence}" if self.evidence else said


@dataclass(frozen=True, slots=True)
class MetadataBasis:
    """The basis of an article's outlet, publication date and byline (None: the value
    is missing, or was stored before bases were recorded)."""

    outlet: Basis | None = None
    published: Basis | None = None
    byline: Basis | None = None


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
    basis: MetadataBasis = field(default_factory=MetadataBasis, compare=False, hash=False)

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
    stage: str  # "analyse", "embed", "claims", "cluster", "stories"
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
class NotNews:
    """Why an article is not news (a wire advisory, memo, budget, sales notice or
    corrections notice): it is stored, but never placed in a story."""

    kind: str  # "wire budget", "advisory", "staffing memo", "sales notice", ...
    reason: str  # one line: the kind and the signals counted
