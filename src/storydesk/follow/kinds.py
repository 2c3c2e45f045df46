"""What a followed URL is: a feed, a news sitemap or an article page.

The URL gives a first guess when a source is added (`/sitemap`, `.rss`, `/feed`); the
document decides when it arrives (a `<urlset>` is a sitemap whatever its URL), and the
source's kind is corrected then.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from storydesk.ingest.sitemaps import looks_like_sitemap
from storydesk.model.source import FollowKind

_SITEMAP_URL = re.compile(r"sitemap[^/]*\.xml(\.gz)?$|/sitemap", re.I)
_FEED_URL = re.compile(r"\.(rss|atom|rdf|xml)$|/(feeds?|rss|atom)(/|$|\.)|[?&](feed|format)=", re.I)
_FEED_TAGS = (b"<rss", b"<feed", b"<rdf:rdf", b"<channel")


def guess_kind(url: str) -> FollowKind:
    path = urlsplit(url)._replace(scheme="", netloc="").geturl()
    if _SITEMAP_URL.search(path):
        return "sitemap"
    if _FEED_URL.search(path):
        return "feed"
    return "page"


def sniff_kind(body: bytes, content_type: str | None, listed: FollowKind) -> FollowKind:
    """The kind of a fetched document: its markup first, its content type next, the
    kind it was added as last."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if looks_like_sitemap(body):
        return "sitemap"
    if any(tag in head for tag in _FEED_TAGS):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")):
        return "page"
    media = (content_type or "").split(";")[0].strip().lower()
    if media.endswith(("rss+xml", "atom+xml", "rdf+xml")):
        return "feed"
    if media in ("text/html", "application/xhtml+xml"):
        return "page"
    return listed
