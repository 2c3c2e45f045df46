"""An article page fetched over HTTP, to an Article (`storydesk follow`).

    article_from_page(page: FetchedBody) -> Article | ReadFailure

A top-level function of one picklable argument, so a pool of processes (the engine)
extracts many pages at once. The page is read as the HTML reader reads a file
(`article_from_html`: trafilatura, behind the same guards), decoded with the charset
its Content-Type declares. The content type is a hint, not the truth: a page sent
without one, or as text/plain, is still read when its bytes look like HTML; one
declared as something else (an image, a PDF) whose bytes are not HTML is refused
with its type. The article keeps the URL it was listed under (a later version of
that URL is an update of it); the listing (a feed entry, a sitemap's news tags) fills
in the title, date and outlet the page itself does not state, with their basis.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from storydesk.ingest.decode import BinaryContent
from storydesk.ingest.html import article_from_html, decode_html
from storydesk.ingest.limits import DEFAULT_LIMITS, Limits, describe_size
from storydesk.model import Article, Basis, MetadataBasis, Provenance, ReadFailure, content_id

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title", b"<!--")


@dataclass(frozen=True, slots=True)
class Listing:
    """What the feed entry or sitemap said about a page before it was fetched."""

    source: str  # the feed or sitemap URL
    title: str | None = None
    published: datetime | None = None
    published_basis: Basis | None = None
    outlet: str | None = None
    outlet_basis: Basis | None = None


@dataclass(frozen=True, slots=True)
class FetchedBody:
    url: str  # as listed: the article keeps it
    body: bytes
    content_type: str | None
    final_url: str | None = None  # where redirects ended, when elsewhere
    listing: Listing | None = None
    limits: Limits = field(default=DEFAULT_LIMITS)


def _media_type(content_type: str | None) -> tuple[str, str | None]:
    """("text/html", "utf-8") from "text/html; charset=UTF-8"."""
    if not content_type:
        return "", None
    parts = [p.strip() for p in content_type.split(";")]
    charset = None
    for part in parts[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return parts[0].lower(), charset


def looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(_HTML_STARTS) or b"<p" in head or b"<div" in head


def _with_listing(article: Article, listing: Listing, final_url: str | None) -> Article:
    """Fill in what the page does not state from its listing; the id follows the
    title and outlet, as for any article."""
    title = article.title or listing.title
    outlet = article.outlet
    basis = article.basis
    if outlet is not None and article.url and outlet == urlsplit(article.url).netloc:
        # The extractor's "site name" of a page without one is its host (and port): no
        # outlet at all, where the listing may name one.
        outlet = None
        basis = replace(basis, outlet=None)
    if outlet is None and listing.outlet:
        outlet = listing.outlet
        basis = replace(basis, outlet=listing.outlet_basis)
    published = article.published
    if published is None and listing.published is not None:
        published = listing.published
        basis = replace(basis, published=listing.published_basis)
    metadata: dict[str, Any] = {**article.metadata, "listed_in": listing.source}
    if final_url and final_url != article.url:
        metadata["final_url"] = final_url
    return replace(
        article,
        id=content_id(article.text, title, outlet),
        title=title,
        outlet=outlet,
        published=published,
        metadata=metadata,
        basis=basis if isinstance(basis, MetadataBasis) else MetadataBasis(),
    )


def article_from_page(page: FetchedBody) -> Article | ReadFailure:
    media, charset = _media_type(page.content_type)
    if len(page.body) > page.limits.max_article_bytes:
        return ReadFailure(
            page.url,
            f"page is {describe_size(len(page.body))}, over the "
            f"{describe_size(page.limits.max_article_bytes)} limit",
            skipped=True,
        )
    if media not in _HTML_TYPES and not looks_like_html(page.body):
        return ReadFailure(
            page.url, f"not an HTML page (content type {media or 'missing'})", skipped=True
        )
    try:
        html = decode_html(page.body, charset)
    except BinaryContent as error:
        return ReadFailure(page.url, str(error), skipped=True)
    except LookupError:  # a charset Python does not know: let the bytes decide
        html = decode_html(page.body)
    found = article_from_html(
        html, Provenance(page.url, "html"), url=page.url, limits=page.limits
    )
    if isinstance(found, ReadFailure) or page.listing is None:
        return found
    return _with_listing(found, page.listing, page.final_url)
