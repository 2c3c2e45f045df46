"""An article arranged for its HTML card (`templates/article_card.html`): its
metadata rows with where each value came from, and its text cut into plain and
entity-marked pieces. Plain values only: the template escapes everything it prints,
and links only to http(s) addresses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

from storydesk.model import ArticleRecord, Mention
from storydesk.write.outlet_names import UNKNOWN_OUTLET, with_basis
from storydesk.write.story_labels import iso


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    value: str
    href: str = ""  # the value links here (an http(s) address) when set


def http_url(url: str | None) -> str:
    """`url` when it is an http(s) address (safe to link), else ""."""
    return url if url and urlparse(url).scheme in ("http", "https") else ""


def card_rows(record: ArticleRecord) -> list[Row]:
    analysis, source, basis = record.analysis, record.source, record.basis
    locator = f" #{source.locator}" if source.locator else ""
    rows = [
        Row("Outlet", with_basis(record.outlet, basis.outlet, UNKNOWN_OUTLET)),
        Row("Published", with_basis(iso(record.published), basis.published, "unknown")),
        Row("Byline", with_basis(record.byline, basis.byline, "")),
        Row("Dateline", record.dateline or ""),
        Row("URL", record.url or "", http_url(record.url)),
        Row("Source", f"{source.kind}: {source.path}{locator}"),
        Row("Sentences", str(len(analysis.sentences) if analysis is not None else 0)),
    ]
    return [r for r in rows if r.value]


def text_pieces(text: str, mentions: Sequence[Mention]) -> list[tuple[str, str]]:
    """The text as (piece, entity label) pairs, label "" between entities; of
    overlapping spans the first is kept."""
    pieces: list[tuple[str, str]] = []
    cursor = 0
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        start, end = mention.start, mention.end
        if start < cursor or end > len(text):
            continue
        if start > cursor:
            pieces.append((text[cursor:start], ""))
        pieces.append((text[start:end], mention.label))
        cursor = end
    if cursor < len(text):
        pieces.append((text[cursor:], ""))
    return pieces
