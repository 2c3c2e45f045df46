"""Metadata that articles carry in their text: byline, dateline, outlet, date.

Readers call `detect_metadata` with whatever structured metadata their format gave
(a URL, a site name, a feed title); the text cues fill the gaps. Structured metadata
wins over text cues, and stronger text cues over weaker ones:
URL domain > site name > byline ("By Ana Ruiz, CNN") > house signatures ("Top
Stories from The Hill", "© 2026 Harbor Ledger") > dateline "(CNN) —".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlparse

from dateutil import parser as date_parser

from storydesk.ingest.outlets import (
    canonical_outlet_name,
    outlet_for_domain,
    outlet_from_signatures,
)

_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|da|al|bin|el|la|le))*"
_BYLINE = re.compile(
    rf"^\s*By\s+(?P<names>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*?)"
    r"(?:\s*(?:,|\||—|–|-)\s*(?P<outlet>[A-Z][\w&.'’ -]{1,40}?))?\s*$"
)
# "Tel Aviv, Israel (CNN) — ", "PINE RIDGE, S.D. (AP) -- ", "Marrowvale – "
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w.'’-]*(?:[ -][A-Z][\w.'’-]*){0,3}"
    r"(?:,\s*[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,2})?)"
    r"\s*(?:\((?P<source>[^()\n]{2,40})\))?\s*(?:—|–|--|-)\s+(?=\S)"
)
# Line-anchored patterns use [ \t]*, never \s*, at their ends: with re.M, "^\s*" tried
# at every line start of a run of blank lines re-scans the whole run (quadratic: ten
# thousand blank lines took 12 s).
_HOUSE_LINES = (
    re.compile(
        r"^[ \t]*(?:Top|More) (?:Stories|News) from (?P<outlet>[A-Z][\w&.'’ -]{1,40}?)[ \t]*$",
        re.M,
    ),
    re.compile(
        r"^[ \t]*(?:©|\(c\)|Copyright)[ \t]*(?:\d{4}[ \t]*)?(?P<outlet>[A-Z][\w&.'’ -]{1,40}?)"
        r"(?:\.|,|[ \t]+All rights reserved|[ \t]*$)",
        re.M | re.I,
    ),
)
_PUBLISHED_LINE = re.compile(
    r"^[ \t]*(?:Published|Updated|Posted|Last updated)[ \t]*(?:on|at)?[ \t]*:?[ \t]*"
    r"(?P<when>.{6,60}?)[ \t]*$",
    re.M | re.I,
)


@dataclass(frozen=True, slots=True)
class Byline:
    names: str
    outlet: str | None


@dataclass(frozen=True, slots=True)
class Dateline:
    place: str
    source: str | None  # the parenthesised outlet or agency, e.g. "CNN", "AP"
    end: int  # where the article's first sentence starts


def parse_byline(line: str) -> Byline | None:
    if len(line) > 120:
        return None
    match = _BYLINE.match(line)
    if not match:
        return None
    outlet = match.group("outlet")
    return Byline(match.group("names").strip(), canonical_outlet_name(outlet) if outlet else None)


def parse_dateline(text: str) -> Dateline | None:
    """The dateline at the very start of the body, if there is one."""
    match = _DATELINE.match(text[:120])
    if not match:
        return None
    place = match.group("place").strip()
    if len(place.split()) > 6:
        return None
    source = match.group("source")
    return Dateline(place, source.strip() if source else None, match.end())


def outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlparse(url).hostname or ""
    except ValueError:
        return None
    known = outlet_for_domain(host)
    return known.name if known else None


def outlet_from_house_lines(text: str) -> str | None:
    known = outlet_from_signatures(text)
    if known:
        return known.name
    for pattern in _HOUSE_LINES:
        match = pattern.search(text)
        if match:
            return canonical_outlet_name(match.group("outlet"))
    return None


def published_from_text(text: str) -> datetime | None:
    """A "Published: 3 March 2026 10:30" style line near the top of the text."""
    match = _PUBLISHED_LINE.search(text[:2000])
    if not match:
        return None
    return parse_datetime(match.group("when"))


def parse_datetime(value: str | None) -> datetime | None:
    """A timezone-aware UTC datetime from a date string, or None if it is not a date."""
    if not value:
        return None
    try:
        parsed = date_parser.parse(value, fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return None
    if not 1900 <= parsed.year <= 2100:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class DetectedMetadata:
    outlet: str | None
    byline: str | None
    dateline: str | None
    dateline_source: str | None


def detect_metadata(
    text: str,
    *,
    url: str | None = None,
    site_name: str | None = None,
    byline_line: str | None = None,
    author: str | None = None,
) -> DetectedMetadata:
    """Outlet, byline and dateline from structured hints and the body text."""
    byline = parse_byline(byline_line) if byline_line else None
    dateline = parse_dateline(text)
    outlet = (
        outlet_from_url(url)
        or (canonical_outlet_name(site_name) if site_name else None)
        or (byline.outlet if byline else None)
        or outlet_from_house_lines(text)
        # Last: a "(Meridian Press) —" dateline names where the copy came from, which
        # is the publisher only when nothing else names one.
        or (canonical_outlet_name(dateline.source) if dateline and dateline.source else None)
    )
    names = byline.names if byline else author
    return DetectedMetadata(
        outlet=outlet,
        byline=names,
        dateline=dateline.place if dateline else None,
        dateline_source=dateline.source if dateline else None,
    )
