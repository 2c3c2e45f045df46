"""RSS 2.0 / RSS 1.0 / Atom feeds: one article per entry.

An entry with full content (`content:encoded`, Atom `<content>`, or a long
description) becomes an article; an entry with only a short summary is kept too,
marked `summary_only`, because a headline is still a report that something happened.
Malformed XML is tolerated as far as feedparser can recover entries; a feed with no
recoverable entry is reported as a failure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from storydesk.ingest.clean import build_article, clean_text
from storydesk.ingest.decode import looks_binary
from storydesk.ingest.html_text import fragment_to_text
from storydesk.ingest.language import guess_language
from storydesk.ingest.limits import DEFAULT_LIMITS, Limits, cap_text, read_bounded
from storydesk.ingest.metadata import detect_metadata
from storydesk.ingest.xml_guard import declares_entities
from storydesk.model import Article, Basis, MetadataBasis, Provenance, ReadFailure

# A description at least this long is the article itself, not a teaser.
_FULL_TEXT_WORDS = 150


# Character references past U+10FFFF (feedparser's lenient parser raises on them).
_HUGE_CHAR_REF = re.compile(rb"&#(?:0*\d{7,}|[xX]0*[0-9a-fA-F]{6,});")


def _defuse_char_refs(data: bytes) -> bytes:
    def replace(match: re.Match[bytes]) -> bytes:
        digits = match.group()[2:-1]
        value = int(digits[1:], 16) if digits[:1] in (b"x", b"X") else int(digits)
        return b"&#65533;" if value > 0x10FFFF else match.group()

    return _HUGE_CHAR_REF.sub(replace, data)


def _feed_outlet(feed_title: str | None) -> str | None:
    """ "BBC News - World" -> "BBC News", "CNN.com - RSS Channel" -> "CNN"."""
    if not feed_title:
        return None
    name = re.split(r"\s[-–—|:]\s", feed_title.strip(), maxsplit=1)[0].strip()
    name = re.sub(r"\.(com|org|net|co\.uk)$", "", name, flags=re.I)
    return name or None


def _entry_datetime(entry: Any) -> tuple[datetime, Basis] | None:
    """The entry's date, and the element it came from."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                year, month, day, hour, minute, second = value[:6]
                when = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
            except (TypeError, ValueError):
                continue
            return when, Basis("feed_entry", f"“{key.removesuffix('_parsed')}” date")
    return None


def _entry_text(entry: Any) -> tuple[str, bool]:
    """(text, summary_only)."""
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    if best.strip():
        return fragment_to_text(best), False
    summary = fragment_to_text(entry.get("summary", "") or "")
    return summary, len(summary.split()) < _FULL_TEXT_WORDS


def _entry_metadata(entry: Any, feed_title: str | None) -> dict[str, Any]:
    metadata: dict[str, Any] = {"feed": feed_title} if feed_title else {}
    # An entry revised in place keeps its publication date and says so here: whoever
    # follows the feed fetches the page again when this changes.
    # dict.get: feedparser's own get() maps a missing "updated" to "published", warning.
    updated = dict.get(entry, "updated")
    if isinstance(updated, str) and updated != dict.get(entry, "published"):
        metadata["updated"] = updated
    return metadata


def article_from_entry(
    entry: Any, feed_title: str | None, provenance: Provenance, limits: Limits
) -> Article | ReadFailure:
    title = " ".join(clean_text(entry.get("title") or "").split()) or None
    text, summary_only = _entry_text(entry)
    text = cap_text(clean_text(text), limits)
    if not text:
        if not title:
            return ReadFailure(
                f"{provenance.source}#{provenance.locator}", "feed entry has no text", skipped=True
            )
        text, summary_only = title, True
    url = entry.get("link")
    channel = _feed_outlet(feed_title)
    meta = detect_metadata(
        text,
        url=url,
        site_name=channel,
        site_basis=Basis("feed", f"channel “{feed_title}”") if channel else None,
        author=entry.get("author"),
        author_basis=Basis("feed_entry", "author"),
    )
    dated = _entry_datetime(entry)
    return build_article(
        text,
        provenance,
        title=title,
        url=url,
        outlet=meta.outlet,
        byline=meta.byline,
        published=dated[0] if dated else None,
        dateline=meta.dateline,
        language=guess_language(text),
        summary_only=summary_only,
        metadata=_entry_metadata(entry, feed_title),
        basis=MetadataBasis(meta.outlet_basis, dated[1] if dated else None, meta.byline_basis),
    )


def read_feed_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[Article | ReadFailure]:
    data = read_bounded(path, limits.max_feed_bytes, "feed")
    if isinstance(data, ReadFailure):
        yield data
        return
    yield from read_feed_bytes(data, str(path), limits)


def read_feed_bytes(
    data: bytes, source: str, limits: Limits = DEFAULT_LIMITS
) -> Iterator[Article | ReadFailure]:
    """The articles of a feed document already in memory (a file's bytes, or a feed
    fetched over HTTP by `storydesk follow`, with its URL as `source`)."""
    import feedparser

    if len(data) > limits.max_feed_bytes:
        yield ReadFailure(source, "feed is over the size limit", skipped=True)
        return
    if looks_binary(data):
        yield ReadFailure(source, "binary content (not a feed)", skipped=True)
        return
    if declares_entities(data):
        yield ReadFailure(
            source,
            "XML entity declarations (an entity-expansion bomb or an external-entity "
            "probe?): not read",
            skipped=True,
        )
        return
    # Parse bytes, never a path or URL string: feedparser would fetch a URL.
    try:
        parsed = feedparser.parse(
            _defuse_char_refs(data), sanitize_html=True, resolve_relative_uris=False
        )
    except Exception as parse_error:  # its lenient parser has bugs of its own on junk
        kind_of = type(parse_error).__name__
        yield ReadFailure(source, f"feed could not be parsed: {kind_of}: {parse_error}")
        return
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            error = parsed.get("bozo_exception")
            yield ReadFailure(source, f"malformed feed XML: {error}".strip())
        else:
            yield ReadFailure(
                source, "no entries (not an RSS/Atom feed, or an empty one)", skipped=True
            )
        return
    kind: Literal["atom", "rss"] = (
        "atom" if str(parsed.get("version", "")).startswith("atom") else "rss"
    )
    feed_title = (parsed.get("feed") or {}).get("title")
    for number, entry in enumerate(entries, start=1):
        locator = entry.get("id") or entry.get("link") or str(number)
        yield article_from_entry(entry, feed_title, Provenance(source, kind, locator), limits)
