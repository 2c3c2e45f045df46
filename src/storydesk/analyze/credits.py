"""Credited sources: the outlets and agencies an article says it draws on.

`find_credits(text)` returns `Credit`s for "according to AFP", "The Hill reported",
"told CNN", "(CNN) —" and "BEIJING, May 3 (Xinhua) --" datelines, "By Jane Doe, CNN"
bylines and "Information from The Associated Press was used in this report".

An outlet is told apart from any other source ("according to the Health Ministry")
by a list of well-known agencies and outlets plus the words outlet names are built
from (Times, Post, Press, News, ...), so a newspaper nobody listed is still found.
"""

from __future__ import annotations

import re

from storydesk.analyze.windows import finditer_in_windows, trigger_windows
from storydesk.model import Credit

KNOWN_OUTLETS = (
    "Associated Press|AP|Reuters|AFP|Agence France-Presse|Agence France Presse|Xinhua|"
    "CNN|BBC|NPR|PBS|ABC|CBS|NBC|MSNBC|Fox News|Bloomberg|Axios|Politico|The Hill|"
    "Al Jazeera|Al Arabiya|Haaretz|Ynet|Kan|Channel 12|Channel 13|Axios|Tass|TASS|"
    "Interfax|RIA Novosti|Kyodo|Yonhap|dpa|DPA|ANSA|EFE|PTI|ANI|IANS|UPI|WAFA|"
    "Anadolu|Times of Israel|Jerusalem Post|Wall Street Journal|Financial Times|"
    "The Guardian|Guardian|Le Monde|Der Spiegel|Washington Post|New York Times|"
    "The Times|The Economist|Newsweek|Time|USA Today|CNBC|Sky News|ITV|"
    "Deutsche Welle|DW|France 24|Euronews|ABP Live|Breitbart|BuzzFeed|Vox|Slate|"
    "The Atlantic|The New Yorker|HuffPost|Huffington Post|Daily Mail|The Sun|"
    "Los Angeles Times|Chicago Tribune|Boston Globe|Miami Herald|Daily Beast|"
    "The Intercept|ProPublica|Mediaite|RealClearPolitics|FiveThirtyEight"
)
# Words that outlet names are made of; a capitalised name ending in one is an outlet.
_OUTLET_WORD = (
    r"(?:Times|Post|Press|News|Journal|Herald|Tribune|Telegraph|Guardian|Gazette|Courier|"
    r"Ledger|Sentinel|Dispatch|Chronicle|Observer|Agency|Wire|Radio|Television|TV|"
    r"Network|Daily|Review|Standard|Star|Mail|Express|Report|Magazine|Broadcasting|"
    r"Service|Live|Today|Examiner|Inquirer|Bulletin|Register|Monitor|Record)"
)
_CAP = r"(?:[A-Z][\w'’&.-]*|of|the|and|de|al|el)"
_GENERIC_OUTLET = r"(?:[Tt]he[ ]+)?(?:[A-Z][\w'’&.-]*[ ]+)(?:" + _CAP + r"[ ]+){0,4}" + _OUTLET_WORD
_OUTLET = r"(?P<src>(?:[Tt]he\s+)?(?:" + KNOWN_OUTLETS + r")(?!\w)|" + _GENERIC_OUTLET + r"(?!\w))"

_CREDIT_PATTERNS: list[tuple[str, str]] = [
    ("according_to", r"\b[Aa]ccording to\s+(?:a\s+report\s+(?:by|from|in)\s+|reports?\s+(?:by|"
     r"from|in)\s+)?" + _OUTLET),
    ("reported", _OUTLET + r"(?:'s?|’s?)?\s+(?:has\s+|had\s+)?(?:reported|reports|first reported"
     r"|said in a report|quoted|cited|wrote)\b"),
    ("reported", r"\b(?:reported|first reported|reports|told|quoted by|cited by|said to|"
     r"interview with|report by|report from|report in)\s+" + _OUTLET),
    ("dateline", r"\((?P<src>" + KNOWN_OUTLETS + r"|[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3})\)"
     r"\s*(?:[-—–]{1,2}|_)"),
    ("contributed", r"\b(?:[Ii]nformation|[Rr]eporting|[Mm]aterial)\s+from\s+" + _OUTLET
     + r"\s+(?:was|were|is)\s+used"),
    ("contributed", _OUTLET + r"\s+(?:contributed|also contributed)\s+(?:to\s+this\s+report|"
     r"reporting)"),
    ("byline", r"(?m)^\s*By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3},\s+" + _OUTLET + r"\s*$"),
]  # fmt: skip
_CREDIT_RE = [(kind, re.compile(pattern)) for kind, pattern in _CREDIT_PATTERNS]
_KNOWN_RE = re.compile(r"^(?:[Tt]he\s+)?(?:" + KNOWN_OUTLETS + r")$")
_GENERIC_RE = re.compile(r"^" + _GENERIC_OUTLET + r"$")
_LEADING_THE = re.compile(r"^[Tt]he\s+(?=(?:" + KNOWN_OUTLETS + r")$)")


# Every credit phrase holds one of these words or marks.
_TRIGGER = re.compile(
    r"[Aa]ccording to|reported|reports|told|quoted|cited|said (?:to|in a report)|interview|"
    r"report|wrote|contributed|\bused\b|\(|(?m:^\s*By\s)"
)


def _is_outlet(name: str) -> bool:
    return bool(_KNOWN_RE.match(name) or _GENERIC_RE.match(name))


def find_credits(text: str) -> list[Credit]:
    """Outlets and agencies credited in `text`, one `Credit` per credit phrase."""
    credits: dict[tuple[int, int], Credit] = {}
    windows = trigger_windows(text, _TRIGGER, before=120, after=120)
    for kind, pattern in _CREDIT_RE:
        for match in finditer_in_windows(pattern, text, windows):
            start, end = match.span("src")
            name = text[start:end]
            if kind == "dateline" and not _is_outlet(name) and not name.isupper():
                continue  # "(Reuters)" or "(AP)" yes; "(Ms Smith)" no
            # "The Hill" keeps its article; "the AP" does not.
            bare = _LEADING_THE.sub("", name) if name.lower() != "the hill" else name
            start += len(name) - len(bare)
            credits.setdefault((start, end), Credit(start, end, bare, kind))
    return sorted(credits.values(), key=lambda c: (c.start, c.end))
