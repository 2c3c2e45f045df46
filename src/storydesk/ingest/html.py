"""HTML pages: main text and metadata extracted with trafilatura.

`article_from_html` is shared with the WARC reader, which hands it the pages it finds
in an archive together with their URL and crawl date. Every page first goes through
`guard_html` (attributes per tag capped, entity declarations refused); a page with
more than `Limits.max_html_tags` tags is read by the plain extractor instead, so no
page of 1 MB or less takes more than a few seconds.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from storydesk.ingest.clean import build_article, clean_text
from storydesk.ingest.decode import BinaryContent, decode_bytes
from storydesk.ingest.html_guard import guard_html
from storydesk.ingest.html_plain import plain_extraction
from storydesk.ingest.language import guess_language
from storydesk.ingest.limits import DEFAULT_LIMITS, Limits, cap_text, read_bounded
from storydesk.ingest.metadata import detect_metadata, parse_datetime
from storydesk.ingest.outlets import outlet_for_domain
from storydesk.model import Article, Basis, MetadataBasis, Provenance, ReadFailure

# trafilatura logs every page it cannot extract (at WARNING, and junk at ERROR); our
# summary reports them, once each.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", re.I)
# trafilatura keeps only the day; these give the time as well when the page has it.
# A meta tag is found first (bounded, so junk cannot make the search backtrack), then
# its attributes are looked at, in either order.
_META_TAG = re.compile(r"<meta\b[^<>]{0,2000}>", re.I)
_PUBLISHED_NAME = re.compile(
    r"(?:property|name|itemprop)=[\"'](article:published_time|datePublished|"
    r"pubdate|publishdate|og:published_time|dc\.date)[\"']",
    re.I,
)
_OG_SITE_NAME = re.compile(r"(?:property|name)=[\"']og:site_name[\"']", re.I)
_META_CONTENT = re.compile(r"content=[\"']([^\"']{6,40})[\"']", re.I)
_JSONLD_PUBLISHED = re.compile(r"\"datePublished\"\s*:\s*\"([^\"]{6,40})\"")
MIN_ARTICLE_WORDS = 8
FALLBACK_BELOW_WORDS = 120
_DOMAIN_LIKE = re.compile(r"^[\w-]+(\.[\w-]+)+$")


def _published(html: str, extracted_date: str | None) -> tuple[datetime, Basis] | None:
    """The publication time and where it was found: a meta tag, the JSON-LD, else the
    date the extractor found somewhere on the page (a guess: it may be any date)."""
    head = html[:200_000]
    for tag in _META_TAG.finditer(head):
        if name := _PUBLISHED_NAME.search(tag.group()):
            content = _META_CONTENT.search(tag.group())
            parsed = parse_datetime(content.group(1)) if content else None
            if parsed:
                return parsed, Basis("page_meta", f"“{name.group(1)}”")
            break
    match = _JSONLD_PUBLISHED.search(head)
    parsed = parse_datetime(match.group(1)) if match else None
    if parsed:
        return parsed, Basis("json_ld", "“datePublished”")
    parsed = parse_datetime(extracted_date)
    return (parsed, Basis("page_text", inferred=True)) if parsed else None


def _site_name(html: str, sitename: str | None) -> tuple[str, Basis] | None:
    """The page's site name and its basis (og:site_name when the page has that tag)."""
    if not sitename:
        return None
    name: str | None = sitename
    if _DOMAIN_LIKE.match(sitename):
        known = outlet_for_domain(sitename)
        name = known.name if known else None
    if name is None:
        return None
    tagged = any(
        _OG_SITE_NAME.search(tag.group())
        for tag in _META_TAG.finditer(html[:200_000])
        if sitename in tag.group()
    )
    return name, Basis("site_name", f"“{sitename}”{' (og:site_name)' if tagged else ''}")


def _drop_leading_title(text: str, title: str | None) -> str:
    """Pages often repeat the headline (and a kicker above it) as the first lines of
    the body; keep it once, as the title."""
    if not title:
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines[:3]):
        if line.strip() == title.strip():
            return "\n".join(lines[i + 1 :]).strip()
    return text


@dataclass(frozen=True, slots=True)
class _Extracted:
    """What either extractor found on a page."""

    text: str
    title: str | None = None
    url: str | None = None
    sitename: str | None = None
    author: str | None = None
    description: str | None = None
    categories: tuple[str, ...] = ()
    date: str | None = None


def _with_trafilatura(html: str, url: str | None, slow_pass: bool) -> _Extracted:
    """trafilatura's own extractor first; its slower fallbacks (readability, jusText)
    only when that finds little, which on news pages is rare and costs 2x."""
    doc = _bare_extraction(html, url, fast=True)
    text = getattr(doc, "text", None) or ""
    if slow_pass and len(text.split()) < FALLBACK_BELOW_WORDS:
        slow = _bare_extraction(html, url, fast=False)
        if len((getattr(slow, "text", None) or "").split()) > len(text.split()):
            doc = slow
    if doc is None:
        return _Extracted("")
    return _Extracted(
        text=(doc.text or "").strip(),
        title=(doc.title or "").strip() or None,
        url=doc.url,
        sitename=doc.sitename,
        author=doc.author,
        description=doc.description,
        categories=tuple(doc.categories or ()),
        date=doc.date,
    )


def _with_plain_extractor(html: str) -> _Extracted:
    page = plain_extraction(html)
    if page is None:
        return _Extracted("")
    return _Extracted(text=page.text, title=page.title, description=page.description)


def _bare_extraction(html: str, url: str | None, fast: bool) -> Any:
    import trafilatura  # imported lazily: it takes ~0.5 s and plain-text runs don't need it

    return trafilatura.bare_extraction(
        html,
        url=url,
        fast=fast,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
    )


def _extract(html: str, url: str | None, tags: int, limits: Limits) -> tuple[_Extracted, str]:
    """(what was found, which extractor found it). A page with more tags than
    trafilatura reads in a few seconds goes to the plain extractor; trafilatura's slow
    pass, which doubles its cost, only runs on pages a quarter of that size."""
    if tags > limits.max_html_tags:
        return _with_plain_extractor(html), "plain"
    return _with_trafilatura(html, url, slow_pass=tags <= limits.max_html_tags // 4), "trafilatura"


def article_from_html(
    html: str,
    provenance: Provenance,
    *,
    url: str | None = None,
    fallback_date: datetime | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Article | ReadFailure:
    where = (
        provenance.source
        if provenance.locator is None
        else f"{provenance.source}#{provenance.locator}"
    )
    guarded = guard_html(clean_text(html), limits.max_html_attributes)
    if guarded.entity_declarations:
        return ReadFailure(
            where,
            "XML entity declarations in an HTML page (an entity-expansion bomb or an "
            "external-entity probe?): not read",
            skipped=True,
        )
    html = guarded.html
    try:
        found, extractor = _extract(html, url, guarded.tags, limits)
    except Exception as error:  # trafilatura raises a variety of lxml errors on junk
        return ReadFailure(where, f"HTML could not be parsed: {type(error).__name__}")
    text = clean_text(found.text).strip()
    # Extractors fall back to navigation text ("Home") on pages without an article.
    if len(text.split()) < MIN_ARTICLE_WORDS:
        return ReadFailure(where, "HTML page has no article text", skipped=True)
    title = found.title
    text = cap_text(_drop_leading_title(text, title), limits) or text
    page_url = url or found.url
    site = _site_name(html, found.sitename)
    meta = detect_metadata(
        text,
        url=page_url,
        site_name=site[0] if site else None,
        site_basis=site[1] if site else None,
        author=found.author,
        author_basis=Basis("page_author"),
    )
    dated = _published(html, found.date)
    if dated is None and fallback_date is not None:
        dated = fallback_date, Basis("crawl_date", inferred=True)
    metadata: dict[str, Any] = {}
    if found.description:
        metadata["description"] = found.description
    if found.categories:
        metadata["categories"] = list(found.categories)
    if extractor != "trafilatura":
        metadata["extractor"] = extractor
    if guarded.dropped_attributes:
        metadata["dropped_attributes"] = guarded.dropped_attributes
    return build_article(
        text,
        provenance,
        title=title,
        url=page_url,
        outlet=meta.outlet,
        byline=meta.byline,
        published=dated[0] if dated else None,
        dateline=meta.dateline,
        language=guess_language(text),
        metadata=metadata,
        basis=MetadataBasis(meta.outlet_basis, dated[1] if dated else None, meta.byline_basis),
    )


def decode_html(data: bytes, declared: str | None = None) -> str:
    if not declared:
        match = _META_CHARSET.search(data[:4096])
        declared = match.group(1).decode("ascii", "ignore") if match else None
    return decode_bytes(data, declared)[0]


def read_html_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> Iterator[Article | ReadFailure]:
    source = str(path)
    data = read_bounded(path, limits.max_article_bytes, "page")
    if isinstance(data, ReadFailure):
        yield data
        return
    try:
        html = decode_html(data)
    except BinaryContent as error:
        yield ReadFailure(source, str(error), skipped=True)
        return
    yield article_from_html(html, Provenance(source, "html"), limits=limits)
