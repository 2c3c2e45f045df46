"""XML entity declarations: the one part of a feed that is refused outright.

A document type with internal entity declarations is how an entity-expansion bomb
("billion laughs") and an external-entity probe (XXE, `SYSTEM "file:///..."`) are
built; no real news feed declares entities (RSS 0.91's public DOCTYPE declares none in
the document). feedparser survives both, but then stores the unexpanded "&lol9;" as an
article, so such a feed is skipped, with its reason, before it is parsed.

In well-formed XML a literal "<!ENTITY" outside comments, CDATA sections and
processing instructions can only be a declaration (text and attribute values must
escape "<"), so the whole document is searched for one, with those three skipped; that
is one pass of a regular expression, in C. UTF-16 and UTF-32 feeds are searched with
their zero bytes removed.
"""

from __future__ import annotations

import re

# Where a comment, CDATA section or processing instruction starts, or a declaration.
_START = re.compile(rb"<!--|<!\[CDATA\[|<\?|(?P<entity><!\s*ENTITY\b)", re.I)
_END = {b"<!--": b"-->", b"<![CDATA[": b"]]>", b"<?": b"?>"}
_ANY_DECLARATION = re.compile(rb"<!\s*ENTITY\b", re.I)
# Skipping sections costs a Python step each; past this many before the last candidate
# the feed is refused rather than scanned on (no real feed gets near it).
_MAX_SECTIONS = 100_000


def declares_entities(data: bytes) -> bool:
    if b"\x00" in data[:4096]:  # UTF-16 / UTF-32: look at the ASCII markup without zeros
        data = data.replace(b"\x00", b"")
    candidates = list(_ANY_DECLARATION.finditer(data))
    if not candidates:  # the common case, decided in C
        return False
    last = candidates[-1]
    at = 0
    for _ in range(_MAX_SECTIONS):
        start = _START.search(data, at, last.end())
        if start is None:
            return False
        if start.group("entity"):
            return True
        end = data.find(_END[start.group().upper()], start.end())
        if end < 0:
            return False
        at = end + 3 if start.group() != b"<?" else end + 2
        if at > last.start():  # the last candidate was inside a skipped section
            return False
    return True
