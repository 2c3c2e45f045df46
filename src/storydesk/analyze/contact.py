"""Contact details and calls to action: text addressed to the reader, not the news.

    contact_details("Anyone with a missing relative can call 0800 555 0142.")
    -> ("phone number",)

A brief or a timeline row states what happened; a phone number, an e-mail address, or
an invitation to the reader ("for more information contact ...", "email us at ...",
"visit www....", "subscribe") is not news however often the outlets repeat it, and a
desk that pastes a brief must never pass on a number to call. The not-news classifier
(`analyze.not_news`) counts the same details, and bare web addresses, as one of its
signals: staffing and contact lines are what wire advisories are made of.

The patterns are narrow on purpose: a figure ("13,300"), a date ("2023-12-02"), a
score ("3-2"), a year range ("1998-2000") or "subscribe to the theory" is not a
contact detail. What is missed here is a sentence the brief keeps; what is matched
wrongly is only a sentence it leaves out.
"""

from __future__ import annotations

import re

# North American numbers: 404-526-5456, (212) 499-3333, 404 526-5456, 1-800-444-0267,
# 800.950.3739; and vanity numbers (1-800-FLOWERS).
_NANP = r"(?<![\w.,-])(?:\+?1[-. ])?(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-.]\d{4}(?![\w-])"
_VANITY = r"\b1-8[0-9]{2}-[A-Z0-9]{3}-?[A-Z0-9]{4}\b"
# Numbers written with a trunk 0 or a country code: 0800 555 0142, +44 20 7946 0000.
_TRUNK = r"(?<![\w.,-])0\d{2,4}[ -]\d{3}[ -]?\d{3,4}(?![\w-])"
_INTERNATIONAL = r"(?<![\w+])\+\d{1,3}(?:[ -]?\(?\d{1,4}\)?){2,4}[ -]?\d{3,4}(?![\w-])"
PHONE = re.compile("|".join((_NANP, _VANITY, _TRUNK, _INTERNATIONAL)))

# news@valleysentinel.example, and the wire's spam-proof "pfoutch(at)coxnews.com".
EMAIL = re.compile(
    r"\b[\w.+-]+(?:@|\s?\((?:at|AT)\)\s?)[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b"
)
WEB_ADDRESS = re.compile(r"\bhttps?://\S+|\bwww\.[\w-]+\.\S+", re.IGNORECASE)

# An invitation to the reader to do something: call, write, visit, subscribe.
CALL_TO_ACTION = re.compile(
    r"\bfor (?:more |further |additional )?(?:information|details|info)\b[^.]{0,80}?"
    r"\b(?:call|contact|visit|write|e-?mail|go to|see|log on)\b"
    r"|\b(?:call|contact|e-?mail|write to|reach|visit) us\b"
    r"|\bplease (?:call|contact|e-?mail|write|visit)\b"
    r"|\bsubscribe (?:now|today|here|online|at\b|to (?:our|the) (?:newsletter|service|paper))"
    r"|\b(?:sign up|register) (?:now|today|here|online|for (?:our|the|a) (?:free )?"
    r"(?:newsletter|trial|alerts?))\b"
    r"|\bhow to subscribe\b|\babout subscribing\b|\bfree trial\b"
    r"|\bclick here\b|\bfollow us\b|\bvisit (?:our|the) (?:web ?site|website|page)\b"
    r"|\bto (?:order|donate|subscribe|book tickets)\b[^.]{0,40}?\b(?:call|visit|go to)\b"
    r"|\b(?:visit|see|go to|log on to|register at|apply at|sign up at)\s+(?:https?://|www\.)"
    r"|\b(?:address|send|direct) (?:your )?(?:questions|comments|letters|inquiries|tips) to\b",
    re.IGNORECASE,
)

_KINDS = (
    ("phone number", PHONE),
    ("e-mail address", EMAIL),
    ("web address", WEB_ADDRESS),
    ("call to action", CALL_TO_ACTION),
)


def contact_details(text: str) -> tuple[str, ...]:
    """The kinds of contact detail in `text` ("phone number", "e-mail address", "web
    address", "call to action"), in that order; empty when there is none."""
    return tuple(kind for kind, pattern in _KINDS if pattern.search(text))


def has_contact_details(text: str) -> bool:
    """Whether `text` holds a phone number, an e-mail address or a call to action
    ("visit www...." included): such a sentence never enters a brief or a timeline row.
    A web address alone is not enough: "the site (www.starwars.com) announced advance
    screenings" is news that names a site, not an invitation."""
    return any(pattern.search(text) for kind, pattern in _KINDS if kind != "web address")
