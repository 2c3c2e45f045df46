"""The data model: the one vocabulary every stage speaks.

All records are frozen dataclasses. Offsets (`start`, `end`) are character offsets
into `Article.text`, so every output of every stage can point at its evidence.
"""

from __future__ import annotations

import hashlib
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


def content_id(text: str, title: str | None = None) -> str:
    """Stable article id: a hash of the normalised title and body."""
    basis = normalise_text(title or "") + "\n" + normalise_text(text)
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


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

    @property
    def key(self) -> str:
        """The identity of the *document* across versions: its URL, or where it was read.

        Two articles with the same key and different ids are two versions of one
        document (the later is recorded as an update of the earlier).
        """
        if self.url:
            return self.url
        locator = f"#{self.provenance.locator}" if self.provenance.locator else ""
        return f"{self.provenance.source}{locator}"


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input that could not be turned into an article, and why (one line)."""

    source: str
    reason: str
    skipped: bool = False  # True: deliberately passed over (empty, binary); False: an error


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
