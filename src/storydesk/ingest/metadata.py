"""Metadata that articles carry in their text: byline, dateline, outlet, date.

Readers call `detect_metadata` with whatever structured metadata their format gave
(a URL, a site name, a feed title); the text cues fill the gaps. Structured metadata
wins over text cues, and stronger text cues over weaker ones:
URL domain > site name > byline ("By Ana Ruiz, CNN") > house signatures ("Top
Stories from The Hill", "© 2026 Harbor Ledger") > page template (ABP Live's "Also
read-" cross-links) > dateline "(CNN) —".

Each value comes with its `Basis`: where it was read, and whether it is a guess. A
page template or a dateline credit says who *might* have published the text (another
outlet can write the same way, or run the credited copy), so an outlet found that way
is marked inferred.
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
from storydesk.model import Basis, BasisKind

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
_HOUSE_LINES: tuple[tuple[BasisKind, re.Pattern[str]], ...] = (
    (
        "house_line",
        re.compile(
            r"^[ \t]*(?:Top|More) (?:Stories|News) from (?P<outlet>[A-Z][\w&.'’ -]{1,40}?)[ \t]*$",
            re.M,
        ),
    ),
    (
        "copyright",
        re.compile(
            r"^[ \t]*(?:©|\(c\)|Copyright)[ \t]*(?:\d{4}[ \t]*)?(?P<outlet>[A-Z][\w&.'’ -]{1,40}?)"
            r"(?:\.|,|[ \t]+All rights reserved|[ \t]*$)",
            re.M | re.I,
        ),
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


def _quoted(words: str) -> str:
    return f"“{' '.join(words.split())}”"


def outlet_from_url(url: str | None) -> tuple[str, Basis] | None:
    if not url:
        return None
    try:
        host = urlparse(url).hostname or ""
    except ValueError:
        return None
    known = outlet_for_domain(host)
    return (known.name, Basis("url", host.lower())) if known else None


def outlet_from_house_lines(text: str) -> tuple[str, Basis] | None:
    """The outlet a house or copyright line names, else the outlet whose page template
    the text follows (inferred)."""
    signed = outlet_from_signatures(text)
    if signed and not signed.template:
        return signed.outlet.name, Basis("house_line", _quoted(signed.words))
    for kind, pattern in _HOUSE_LINES:
        match = pattern.search(text)
        if match:
            basis = Basis(kind, _quoted(match.group().strip()))
            return canonical_outlet_name(match.group("outlet")), basis
    if signed:
        return signed.outlet.name, Basis("template", signed.words, inferred=True)
    return None


def published_from_text(text: str) -> tuple[datetime, Basis] | None:
    """A "Published: 3 March 2026 10:30" style line near the top of the text, and the
    line as its basis."""
    match = _PUBLISHED_LINE.search(text[:2000])
    if not match:
        return None
    when = parse_datetime(match.group("when"))
    return (when, Basis("published_line", _quoted(match.group().strip()))) if when else None


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
    outlet_basis: Basis | None = None
    byline_basis: Basis | None = None


def _outlet(
    text: str,
    url: str | None,
    site_name: str | None,
    site_basis: Basis | None,
    byline: Byline | None,
    byline_line: str | None,
    dateline: Dateline | None,
) -> tuple[str, Basis] | None:
    """The outlet and its basis, strongest cue first (see the module docstring)."""
    if found := outlet_from_url(url):
        return found
    if site_name:
        basis = site_basis or Basis("site_name", _quoted(site_name))
        return canonical_outlet_name(site_name), basis
    if byline and byline.outlet and byline_line:
        return byline.outlet, Basis("byline", _quoted(byline_line))
    if found := outlet_from_house_lines(text):
        return found
    # Last: a "(Meridian Press) —" dateline names where the copy came from, which is
    # the publisher only when nothing else names one, and then only as a guess.
    if dateline and dateline.source:
        words = _quoted(f"({dateline.source}) —")
        return canonical_outlet_name(dateline.source), Basis("dateline", words, inferred=True)
    return None


def detect_metadata(
    text: str,
    *,
    url: str | None = None,
    site_name: str | None = None,
    site_basis: Basis | None = None,
    byline_line: str | None = None,
    author: str | None = None,
    author_basis: Basis | None = None,
) -> DetectedMetadata:
    """Outlet, byline and dateline, each with its basis, from structured hints
    (`site_basis`, `author_basis`: where the reader found them) and the body text."""
    byline = parse_byline(byline_line) if byline_line else None
    dateline = parse_dateline(text)
    found = _outlet(text, url, site_name, site_basis, byline, byline_line, dateline)
    if byline and byline_line:
        names: str | None = byline.names
        names_basis: Basis | None = Basis("byline", _quoted(byline_line))
    else:
        names, names_basis = author, (author_basis if author else None)
    return DetectedMetadata(
        outlet=found[0] if found else None,
        byline=names,
        dateline=dateline.place if dateline else None,
        dateline_source=dateline.source if dateline else None,
        outlet_basis=found[1] if found else None,
        byline_basis=names_basis,
    )
