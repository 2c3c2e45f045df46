"""From a source's answer to the work of a poll: articles to store as they are, pages
to fetch, and what was already done.

A feed entry with its full text is an article as it stands; one with only a summary
(or a title) and a link is a page to fetch, read as the HTML reader reads a page. A
sitemap's URLs are pages to fetch. Every listed item has a signature (the entry's
content and dates, the sitemap's lastmod and publication date): an item whose
signature is the one recorded when it was last handled is not handled again, so
polls and restarts fetch nothing twice; a changed signature fetches the page again,
conditionally, and a changed page is stored as a new version of the same URL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from storydesk.ingest.feeds import read_feed_bytes
from storydesk.ingest.http import FetchResult, Validators
from storydesk.ingest.limits import Limits
from storydesk.ingest.sitemaps import Sitemap, SitemapEntry, parse_sitemap
from storydesk.ingest.web_page import Listing
from storydesk.model import Article, Basis, ReadFailure
from storydesk.model.source import FetchedPage, FollowKind, Source

# The rows of the items among these keys handled before (Store.fetched_pages).
Lookup = Callable[[Sequence[str]], dict[str, FetchedPage]]

# A page that failed this many polls in a row is given up (its row says why).
MAX_PAGE_ATTEMPTS = 5


def signature(*parts: object) -> str:
    text = "\x1f".join("" if part is None else str(part) for part in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def body_hash(body: bytes) -> str:
    return hashlib.sha1(body).hexdigest()


@dataclass(frozen=True, slots=True)
class PageRequest:
    """One article page to fetch for a source."""

    url: str
    source_url: str
    signature: str | None
    validators: Validators | None = None  # from the last fetch: a conditional GET
    listing: Listing | None = None
    fallback: Article | None = None  # the feed's summary, kept if the page cannot be read
    stored_hash: str | None = None  # the body's hash when last fetched
    stored_article: str | None = None


@dataclass(frozen=True, slots=True)
class Handled:
    """A listed item stored without a fetch (a feed entry with its full text)."""

    key: str
    source_url: str
    signature: str
    article: Article


@dataclass
class SourceWork:
    """What one source's answer asks of this poll."""

    source: Source
    result: FetchResult
    kind: FollowKind | None = None
    error: str | None = None
    listed: int = 0  # items the document lists
    handled: list[Handled] = field(default_factory=list)
    pages: list[PageRequest] = field(default_factory=list)
    failures: list[ReadFailure] = field(default_factory=list)  # items it could not read
    child_sitemaps: list[SitemapEntry] = field(default_factory=list)


def _page_validators(page: FetchedPage | None) -> Validators | None:
    if page is None or not (page.etag or page.last_modified):
        return None
    return Validators(page.etag, page.last_modified)


def is_done(page: FetchedPage | None, sig: str | None) -> bool:
    """The item was handled under this signature (or given up on)."""
    if page is None:
        return False
    if page.state == "failed":
        return page.attempts >= MAX_PAGE_ATTEMPTS and page.signature == sig
    return page.signature == sig


def page_request(
    url: str,
    source_url: str,
    sig: str | None,
    known: FetchedPage | None,
    *,
    listing: Listing | None = None,
    fallback: Article | None = None,
) -> PageRequest:
    return PageRequest(
        url,
        source_url,
        sig,
        validators=_page_validators(known),
        listing=listing,
        fallback=fallback,
        stored_hash=known.content_hash if known else None,
        stored_article=known.article_id if known else None,
    )


def _feed_listing(entry: Article, source_url: str) -> Listing:
    return Listing(
        source=source_url,
        title=entry.title,
        published=entry.published,
        published_basis=entry.basis.published,
        outlet=entry.outlet,
        outlet_basis=entry.basis.outlet,
    )


def _link(entry: Article) -> str | None:
    url = entry.url
    return url if url and url.startswith(("http://", "https://")) else None


def plan_feed(work: SourceWork, body: bytes, lookup: Lookup, limits: Limits) -> None:
    url = work.source.url
    entries: list[Article] = []
    for item in read_feed_bytes(body, url, limits):
        if isinstance(item, ReadFailure):
            work.failures.append(item)
        else:
            entries.append(item)
    if not entries:
        hard = [f for f in work.failures if not f.skipped]
        work.error = hard[0].reason if hard else None
        return
    work.listed = len(entries)
    known = lookup([_link(entry) or entry.key for entry in entries])
    for entry in entries:
        sig = signature(entry.id, entry.published, entry.metadata.get("updated"))
        link = _link(entry)
        key = link or entry.key
        if is_done(known.get(key), sig):
            continue
        if entry.summary_only and link:
            request = page_request(
                link, url, sig, known.get(key), listing=_feed_listing(entry, url), fallback=entry
            )
            work.pages.append(request)
        else:
            work.handled.append(Handled(key, url, sig, entry))


def _sitemap_listing(entry: SitemapEntry, source_url: str) -> Listing:
    return Listing(
        source=source_url,
        title=entry.title,
        published=entry.published,
        published_basis=Basis("sitemap", "“news:publication_date”") if entry.published else None,
        outlet=entry.publication,
        outlet_basis=Basis("sitemap", "“news:name”") if entry.publication else None,
    )


def plan_sitemap_pages(work: SourceWork, sitemap: Sitemap, listed_in: str, lookup: Lookup) -> None:
    """The pages a `<urlset>` lists (the source's own, or one its index lists)."""
    work.listed += len(sitemap.pages)
    known = lookup([entry.url for entry in sitemap.pages])
    for entry in sitemap.pages:
        if not entry.url.startswith(("http://", "https://")):
            continue
        sig = signature(entry.signature, entry.title)
        if is_done(known.get(entry.url), sig):
            continue
        listing = _sitemap_listing(entry, listed_in)
        work.pages.append(
            page_request(entry.url, work.source.url, sig, known.get(entry.url), listing=listing)
        )


def plan_sitemap(work: SourceWork, body: bytes, lookup: Lookup, limits: Limits) -> None:
    parsed = parse_sitemap(body, work.source.url, limits)
    if isinstance(parsed, ReadFailure):
        work.error = parsed.reason
        return
    plan_sitemap_pages(work, parsed, work.source.url, lookup)
    for child in parsed.sitemaps:
        if child.url.startswith(("http://", "https://")) and child.url != work.source.url:
            work.child_sitemaps.append(child)
