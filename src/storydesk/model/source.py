"""Sources followed over HTTP (`storydesk follow`) and the pages they led to.

A `Source` is a feed, a news sitemap or a single article page, with its health: when
it was last fetched, what it answered, the validators for the next conditional GET,
when it is due again and how many times in a row it failed. A `FetchedPage` is one
article page fetched for a feed entry or sitemap URL (or a page source): what a restart
needs to fetch nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

FollowKind = Literal["feed", "sitemap", "page"]
FOLLOW_KINDS: tuple[FollowKind, ...] = ("feed", "sitemap", "page")

PageState = Literal["ok", "failed", "skipped"]


@dataclass(frozen=True, slots=True)
class Source:
    url: str
    kind: FollowKind
    added_at: datetime
    interval: float  # seconds between polls now (it adapts: see follow.py)
    next_poll: float  # Unix time the source is due
    label: str | None = None
    last_fetch: datetime | None = None
    last_status: int | None = None  # HTTP status of the last answer (None: no answer)
    etag: str | None = None
    last_modified: str | None = None
    consecutive_errors: int = 0
    last_error: str | None = None
    items_seen: int = 0  # articles stored from this source, all polls together
    last_change: datetime | None = None  # the last poll that found something new


@dataclass(frozen=True, slots=True)
class FetchedPage:
    url: str  # as the feed or sitemap listed it (the article keeps it)
    source_url: str  # the source that listed it
    state: PageState  # ok: stored; failed: to try again; skipped: not an article
    signature: str | None = None  # the listing's date/summary when fetched: a change refetches
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None  # sha1 of the body as fetched
    article_id: str | None = None
    attempts: int = 0  # failed fetches in a row
    error: str | None = None
    fetched_at: datetime | None = None
