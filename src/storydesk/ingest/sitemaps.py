"""News sitemaps: the article URLs a site lists, with their titles and dates.

    parse_sitemap(data, source, limits) -> Sitemap | ReadFailure

A `<urlset>` lists pages (`<loc>`, `<lastmod>`, and in a Google News sitemap
`<news:news>` with `<news:title>`, `<news:publication_date>` and the publication's
`<news:name>`); a `<sitemapindex>` lists further sitemaps. Elements are matched by
local name, so a sitemap with a missing or wrong namespace still reads. A document
declaring XML entities is refused before it is parsed (`xml_guard`: no entity
expansion, no external entity); a gzipped sitemap (`sitemap.xml.gz`) is inflated up
to the feed size limit.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime
from xml.etree import ElementTree

from storydesk.ingest.decode import looks_binary
from storydesk.ingest.limits import DEFAULT_LIMITS, Limits, describe_size
from storydesk.ingest.metadata import parse_datetime
from storydesk.ingest.xml_guard import declares_entities
from storydesk.model import ReadFailure

_GZIP_MAGIC = b"\x1f\x8b"
# URLs kept from one sitemap: the protocol allows 50,000 per file.
MAX_SITEMAP_URLS = 50_000


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    url: str
    lastmod: str | None = None
    title: str | None = None  # news:title
    published: datetime | None = None  # news:publication_date
    publication: str | None = None  # news:publication/news:name

    @property
    def signature(self) -> str:
        """What changes when the site says the page changed."""
        return f"{self.lastmod or ''}|{self.published.isoformat() if self.published else ''}"


@dataclass(frozen=True, slots=True)
class Sitemap:
    pages: tuple[SitemapEntry, ...]  # a <urlset>'s URLs
    sitemaps: tuple[SitemapEntry, ...]  # a <sitemapindex>'s sitemaps


def _local(tag: object) -> str:
    name = tag if isinstance(tag, str) else ""
    return name.rsplit("}", 1)[-1].lower()


def _child_text(element: ElementTree.Element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name:
            text = (child.text or "").strip()
            return text or None
    return None


def _find(element: ElementTree.Element, name: str) -> ElementTree.Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _entry(element: ElementTree.Element) -> SitemapEntry | None:
    url = _child_text(element, "loc")
    if not url:
        return None
    news = _find(element, "news")
    title = published = publication = None
    if news is not None:
        title = _child_text(news, "title")
        published = parse_datetime(_child_text(news, "publication_date"))
        where = _find(news, "publication")
        publication = _child_text(where, "name") if where is not None else None
    return SitemapEntry(url, _child_text(element, "lastmod"), title, published, publication)


def _inflate(data: bytes, limit: int) -> bytes | None:
    """A gzipped body, inflated; None when it is damaged or inflates past `limit`."""
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error:
        return None
    return None if len(out) > limit else out


def parse_sitemap(
    data: bytes, source: str, limits: Limits = DEFAULT_LIMITS
) -> Sitemap | ReadFailure:
    if data.startswith(_GZIP_MAGIC):
        inflated = _inflate(data, limits.max_feed_bytes)
        if inflated is None:
            return ReadFailure(
                source,
                f"gzipped sitemap is damaged or over {describe_size(limits.max_feed_bytes)}",
                skipped=True,
            )
        data = inflated
    if len(data) > limits.max_feed_bytes or looks_binary(data):
        return ReadFailure(source, "not a sitemap (binary or oversized)", skipped=True)
    if declares_entities(data):
        return ReadFailure(
            source,
            "XML entity declarations (an entity-expansion bomb or an external-entity "
            "probe?): not read",
            skipped=True,
        )
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        return ReadFailure(source, f"malformed sitemap XML: {error}")
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        return ReadFailure(source, f"not a sitemap (root element <{kind}>)", skipped=True)
    wanted = "url" if kind == "urlset" else "sitemap"
    entries: list[SitemapEntry] = []
    for element in root:
        if _local(element.tag) != wanted:
            continue
        entry = _entry(element)
        if entry is not None:
            entries.append(entry)
        if len(entries) >= MAX_SITEMAP_URLS:
            break
    if kind == "urlset":
        return Sitemap(tuple(entries), ())
    return Sitemap((), tuple(entries))


def looks_like_sitemap(data: bytes) -> bool:
    head = data[:2048].lower()
    return data.startswith(_GZIP_MAGIC) or b"<urlset" in head or b"<sitemapindex" in head
