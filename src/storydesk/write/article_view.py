"""An article arranged for its HTML card (`templates/article_card.html`): its
metadata rows with where each value came from (plain values: the template escapes
them, and links only to http(s) addresses), and its text with entities marked,
escaped here (`highlighted`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import urlparse

from markupsafe import Markup

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


def highlighted(text: str, mentions: Sequence[Mention]) -> Markup:
    """The text, escaped, with each entity span in a <mark> of its label (escaped too);
    of overlapping spans the first is kept.

    Markup built here rather than in a template loop: an article has hundreds of
    mentions, and a loop in the template costs a Markup object and a call per piece,
    five times the page's other work. Every piece of text goes through `escape`."""
    pieces: list[str] = []
    marks: dict[str, str] = {}  # label -> its opening tag, escaped once
    cursor = 0
    for mention in sorted(mentions, key=lambda m: (m.start, -m.end)):
        start, end = mention.start, mention.end
        if start < cursor or end > len(text):
            continue
        opening = marks.get(mention.label)
        if opening is None:
            label = escape(mention.label)
            opening = marks[mention.label] = f'<mark class="{label}" title="{label}">'
        pieces += (escape(text[cursor:start]), opening, escape(text[start:end]), "</mark>")
        cursor = end
    pieces.append(escape(text[cursor:]))
    return Markup("".join(pieces))
