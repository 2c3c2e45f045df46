"""Known news outlets: their canonical names, web domains and house signatures.

Outlet detection (see `metadata.py`) works for any outlet through generic cues (a
byline "By Ana Ruiz, Harbor Ledger", a dateline "(Harbor Ledger) —", a site name, a
feed title); this table only adds canonical spellings, domains and the few house
signatures that name an outlet without saying its name in a generic pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Outlet:
    name: str
    domains: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other spellings, abbreviations (matched case-insensitively)
    signatures: tuple[str, ...] = ()  # regexes of house lines that name this outlet
    agency: bool = False  # a wire agency, whose copy other outlets republish
    # (regex, what it is) of a page template this outlet is known to use: another
    # outlet could write the same way, so an outlet found this way is a guess.
    templates: tuple[tuple[str, str], ...] = ()
    patterns: tuple[re.Pattern[str], ...] = field(default=(), compare=False)
    template_patterns: tuple[tuple[re.Pattern[str], str], ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class SignatureMatch:
    """An outlet found by its house line (stated) or page template (a guess)."""

    outlet: Outlet
    words: str  # the house line as written, or what the template match is
    template: bool


_TABLE: tuple[Outlet, ...] = (
    Outlet(
        "Associated Press", ("apnews.com", "ap.org"), ("AP", "The Associated Press"), agency=True
    ),
    Outlet("Reuters", ("reuters.com",), ("Thomson Reuters",), agency=True),
    Outlet("AFP", ("afp.com",), ("Agence France-Presse", "Agence France Presse"), agency=True),
    Outlet("Xinhua", ("xinhuanet.com", "news.cn"), ("Xinhua News Agency",), agency=True),
    Outlet("Bloomberg", ("bloomberg.com",), ("Bloomberg News",)),
    Outlet("CNN", ("cnn.com",), ("CNN International",)),
    Outlet("The Hill", ("thehill.com",), (), (r"Top Stories from The Hill",)),
    Outlet(
        "ABP Live",
        ("abplive.com", "news.abplive.com"),
        ("ABP News", "ABP"),
        # ABP Live's article template ends sections with an "Also read-" cross-link
        # and writes dates as "Friday (December 1)".
        templates=(
            (r"(?m)^Also [Rr]ead\s?[-–:|]\s", "with an “Also read-” cross-link"),
            (
                r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day \((?:January|February|March"
                r"|April|May|June|July|August|September|October|November|December) \d{1,2}\)",
                "with dates written “Friday (December 1)”",
            ),
        ),
    ),
    Outlet("BBC", ("bbc.co.uk", "bbc.com"), ("BBC News",)),
    Outlet("Al Jazeera", ("aljazeera.com", "aljazeera.net"), ()),
    Outlet("The New York Times", ("nytimes.com",), ("New York Times", "NYT")),
    Outlet("The Washington Post", ("washingtonpost.com",), ("Washington Post",)),
    Outlet("The Wall Street Journal", ("wsj.com",), ("Wall Street Journal", "WSJ")),
    Outlet("The Guardian", ("theguardian.com", "guardian.co.uk"), ("Guardian",)),
    Outlet("Financial Times", ("ft.com",), ("FT",)),
    Outlet("Fox News", ("foxnews.com",), ()),
    Outlet("NBC News", ("nbcnews.com",), ()),
    Outlet("CBS News", ("cbsnews.com",), ()),
    Outlet("ABC News", ("abcnews.go.com", "abc.net.au"), ()),
    Outlet("NPR", ("npr.org",), ()),
    Outlet("Politico", ("politico.com", "politico.eu"), ()),
    Outlet("Axios", ("axios.com",), ()),
    Outlet("USA Today", ("usatoday.com",), ()),
    Outlet("Sky News", ("news.sky.com", "sky.com"), ()),
    Outlet("The Independent", ("independent.co.uk",), ()),
    Outlet("Deutsche Welle", ("dw.com",), ("DW",)),
    Outlet("France 24", ("france24.com",), ()),
    Outlet("Euronews", ("euronews.com",), ()),
    Outlet("The Times of Israel", ("timesofisrael.com",), ("Times of Israel",)),
    Outlet("Haaretz", ("haaretz.com",), ()),
    Outlet("The Jerusalem Post", ("jpost.com",), ("Jerusalem Post",)),
    Outlet("The Times of India", ("timesofindia.indiatimes.com",), ("Times of India",)),
    Outlet("Hindustan Times", ("hindustantimes.com",), ()),
    Outlet("NDTV", ("ndtv.com",), ()),
    Outlet("Al Arabiya", ("alarabiya.net",), ()),
)


def _compile(outlet: Outlet) -> Outlet:
    patterns = tuple(re.compile(s) for s in outlet.signatures)
    templates = tuple((re.compile(s), what) for s, what in outlet.templates)
    return Outlet(
        outlet.name,
        outlet.domains,
        outlet.aliases,
        outlet.signatures,
        outlet.agency,
        outlet.templates,
        patterns,
        templates,
    )


OUTLETS: tuple[Outlet, ...] = tuple(_compile(o) for o in _TABLE)
_BY_NAME: dict[str, Outlet] = {}
for _outlet in OUTLETS:
    for _name in (_outlet.name, *_outlet.aliases):
        _BY_NAME[_name.casefold()] = _outlet
    if _outlet.name.startswith("The "):
        _BY_NAME[_outlet.name[4:].casefold()] = _outlet


def canonical_outlet_name(name: str) -> str:
    """The table's spelling of a known outlet, or the name itself, tidied."""
    tidy = " ".join(name.split()).strip(" .,;:-–—|")
    known = _BY_NAME.get(tidy.casefold())
    return known.name if known else tidy


def is_known_outlet(name: str) -> bool:
    return name.strip().casefold() in _BY_NAME


def outlet_for_domain(host: str) -> Outlet | None:
    host = host.lower().split(":")[0]
    if host.startswith("www."):
        host = host[4:]
    for outlet in OUTLETS:
        for domain in outlet.domains:
            if host == domain or host.endswith("." + domain):
                return outlet
    return None


def outlet_from_signatures(text: str) -> SignatureMatch | None:
    """The outlet a house line names; failing that, the outlet whose page template
    the text follows (marked `template`: a guess)."""
    for outlet in OUTLETS:
        for pattern in outlet.patterns:
            if found := pattern.search(text):
                return SignatureMatch(outlet, " ".join(found.group().split()), template=False)
    for outlet in OUTLETS:
        for pattern, what in outlet.template_patterns:
            if pattern.search(text):
                return SignatureMatch(outlet, what, template=True)
    return None
