"""How numbers are written in news prose, and what their hedges mean as ranges.

`NUMBER_RE` finds a number expression with its hedge: digits ("13,300", "1.2
million", "$3.5bn", "40%"), words ("three", "two dozen", "half a million"), fractions
("two-thirds of"), vague plurals ("dozens of", "tens of thousands of") and ranges
("between 5 and 7", "400-500"). `parse_number` turns a match into a value and range;
`hedge_of` names the hedge and `HEDGE_RANGES` gives its range.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from storydesk.analyze.windows import word_trigger

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "bn": 1e9, "m": 1e6, "dozen": 12,
}  # fmt: skip
# Number words that name a count on their own ("four drivers"); "one" is left out, as
# in "one of the ..." it rarely counts anything.
COUNT_WORDS: dict[str, int] = {w: v for w, v in (*_SMALL.items(), *_TENS.items()) if v > 1}
_FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "tenth": 0.1}
# Vague plurals read as ranges: "dozens of" is two dozen up to a hundred.
_VAGUE = {
    "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2e3, 9999),
    "tens of thousands": (2e4, 99999), "hundreds of thousands": (2e5, 999999),
    "millions": (2e6, 9.99e6), "billions": (2e9, 9.99e9),
}  # fmt: skip
# Above this a "number" is a digit run (a serial, a checksum, pasted garbage), not a
# count news reports: the largest real ones are money, around 1e14 (world output in
# dollars). Capping also keeps 10,000-digit runs from becoming float infinity.
MAX_VALUE = 1e15
_CURRENCY = {"$": "dollars", "€": "euros", "£": "pounds", "¥": "yen"}
# Money named after the number ("58 yuan") is a unit, not the thing counted.
CURRENCY_WORDS = frozenset(
    "dollars euros pounds yen yuan rupees rubles roubles francs marks pesos won dinars "
    "shekels riyals dirhams lira rand naira".split()
)

DURATION_UNITS = (
    r"seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centuries|"
    r"century|hour-long|day-long|week-long|month-long|year-long|-hour|-day|-week|-month|-year"
)
PARTICIPLES = frozenset(
    "killed wounded injured dead missing held released displaced arrested detained "
    "evacuated freed taken affected infected sold employed hospitalized hospitalised "
    "rescued left kidnapped abducted captured deported fired launched destroyed damaged "
    "died fled".split()
)
# Verbs that end the noun phrase after a number ("500 Kenyans die of AIDS").
VERBS = frozenset(
    "die died believe believed remain remained went go want "
    " wanted need needed live lived work worked own hold "
    "hope think support supported voted vote reach reached see saw "
    "face faced get got become became begin began continue continued stay stayed "
    "use used can could may might must should will would shall make made take "
    "took come came run ran account rose fell grew spend spent "
    "earn earned pay paid receive received suffer suffered attend attended "
    "return returned arrive arrived flee fled cheered".split()
)

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD_NUMBER = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|" + "|".join(sorted(_SMALL, key=len, reverse=True)) + r")"
)
_SCALE = r"(?:hundred|thousand|million|billion|trillion|dozen)s?"
_NUMBER = (
    r"(?:" + _DIGITS + r")(?:\s+(?:" + _SCALE + r")|(?:bn|m)(?!\w))?"
    r"|(?:half\s+a|a\s+half|a|an|" + _WORD_NUMBER + r")(?:\s+" + _SCALE + r")+"
    # Fractions and vague plurals only where they quantify: "two-thirds of", "by a
    # third", "half the fleet", "dozens missing" (not "a third term", "hundreds").
    r"|(?:(?<=\bby\s)|(?<=\bthan\s)|(?<=\babout\s)|(?<=\bnearly\s)|(?<=\balmost\s)"
    r"|(?<=\bsome\s)|(?<=\broughly\s))"
    r"(?:one|two|three|a)[- ](?:half|thirds?|quarters?|fifths?)(?!\w)"
    r"|(?:one|two|three|a)[- ](?:half|halves|thirds?|quarters?|fifths?|tenths?)(?=\s+of\b)"
    r"|half(?=\s+(?:of|the|a|an|their|its|his|her|our)\b)"
    r"|(?:tens|hundreds)\s+of\s+thousands(?=\s+of\b)|(?:dozens|scores|hundreds|thousands|"
    r"millions|billions)(?=\s+(?:of|more|missing|dead|injured|killed|wounded|hurt)\b)"
    r"|" + _WORD_NUMBER
)
_HEDGE = (
    r"more\s+than|well\s+over|just\s+over|over|above|upwards\s+of|in\s+excess\s+of|exceeding|"
    r"at\s+least|no\s+fewer\s+than|no\s+less\s+than|a\s+minimum\s+of|"
    r"less\s+than|fewer\s+than|just\s+under|under|below|"
    r"at\s+most|up\s+to|no\s+more\s+than|a\s+maximum\s+of|as\s+many\s+as|"
    r"about|around|approximately|roughly|nearly|almost|close\s+to|some|an\s+estimated|"
    r"estimated|approx\.|between"
)
NUMBER_RE = re.compile(
    r"(?<![\w.,/-])(?:(?P<hedge>" + _HEDGE + r")\s+)?"
    r"(?P<currency>[$€£¥])?(?P<number>" + _NUMBER + r")"
    r"(?:\s*(?P<connector>-|–|to|and)\s*(?P=currency)?(?P<upper>"
    + _DIGITS
    + r"|"
    + _WORD_NUMBER
    + r")(?:\s+(?P<upper_scale>"
    + _SCALE
    + r"))?)?"
    r"(?P<pct>\s*(?:%|percent\b|per\s+cent\b|percentage\s+points?\b))?"
    r"(?P<post>-plus\b|\+|\s+or\s+more\b|\s+or\s+so\b|\s+plus\b|\s+or\s+fewer\b|\s+or\s+less\b)?"
    r"(?![\w%])",
    re.IGNORECASE,
)

# Every number expression holds a digit or one of these words.
NUMBER_TRIGGER = word_trigger(
    [*_SMALL, *_TENS, "half", "third", "quarter", "fifth", "dozen", "scores", "hundred",
     "thousand", "million", "billion"],
    digits=r"\d+",
)  # fmt: skip

_HEDGES = {
    "more than": "more_than", "well over": "more_than", "just over": "more_than",
    "over": "more_than", "above": "more_than", "upwards of": "more_than",
    "in excess of": "more_than", "exceeding": "more_than", "at least": "at_least",
    "no fewer than": "at_least", "no less than": "at_least", "a minimum of": "at_least",
    "less than": "less_than", "fewer than": "less_than", "just under": "less_than",
    "under": "less_than", "below": "less_than", "at most": "at_most", "up to": "at_most",
    "no more than": "at_most", "a maximum of": "at_most", "as many as": "at_most",
    "about": "about", "around": "about", "approximately": "about", "roughly": "about",
    "close to": "about", "some": "about", "an estimated": "about", "estimated": "about",
    "approx.": "about", "nearly": "nearly", "almost": "nearly",
}  # fmt: skip
_POST_HEDGES = {"-plus": "at_least", "+": "at_least", "or more": "at_least", "plus": "at_least",
                "or so": "about", "or fewer": "at_most", "or less": "at_most"}  # fmt: skip

Range = tuple[float | None, float | None]
HEDGE_RANGES: dict[str, Callable[[float], Range]] = {
    "more_than": lambda v: (v, None),
    "at_least": lambda v: (v, None),
    "less_than": lambda v: (0.0, v),
    "at_most": lambda v: (0.0, v),
    "about": lambda v: (v * 0.9, v * 1.1),
    "nearly": lambda v: (v * 0.9, v),
}


def _words_value(words: str) -> float | None:
    """Value of "two hundred thousand", "half a million", "twenty-five", "a dozen"."""
    total, current = 0.0, 0.0
    for token in re.split(r"[\s-]+", words.lower()):
        if token in ("a", "an"):
            current = current or 1
        elif token == "half":
            current = 0.5
        elif token in _SMALL:
            current += _SMALL[token]
        elif token in _TENS:
            current += _TENS[token]
        elif token.rstrip("s") in _SCALES:
            scale = _SCALES[token.rstrip("s")]
            current = (current or 1) * scale
            if scale >= 1000:
                total, current = total + current, 0.0
        elif token:
            return None
    return total + current


def number_value(raw: str) -> float | None:
    raw = raw.strip()
    if raw[:1].isdigit():
        match = re.match(r"(" + _DIGITS + r")\s*(.*)$", raw)
        if not match:
            return None
        value = float(match.group(1).replace(",", ""))
        scale = match.group(2).lower().rstrip("s")
        return value * _SCALES[scale] if scale in _SCALES else value
    return _words_value(raw)


def parse_number(match: re.Match[str]) -> tuple[float, float | None, float | None, str] | None:
    """(value, low, high, hedge hint) of a `NUMBER_RE` match; None when unreadable."""
    raw = re.sub(r"\s+", " ", match.group("number").lower())
    if raw in _VAGUE:
        low, high = _VAGUE[raw]
        return low, low, high, "range"
    fraction = re.fullmatch(r"(one|two|three|a)[- ](half|halves|thirds?|quarters?|fifths?|"
              r"tenths?)", raw)  # fmt: skip
    if fraction or raw == "half":
        count = 1 if not fraction else {"one": 1, "a": 1, "two": 2, "three": 3}[fraction.group(1)]
        part = "half" if not fraction else fraction.group(2).rstrip("s").replace("halve", "half")
        share = count * _FRACTIONS[part]
        return share, share, share, "exact"
    parsed = number_value(raw)
    if parsed is None or not _plausible_value(parsed):
        return None
    value = parsed
    upper = match.group("upper")
    connector = (match.group("connector") or "").lower()
    hedge = (match.group("hedge") or "").lower()
    if upper and (connector != "and" or hedge == "between"):
        top = number_value(upper + " " + (match.group("upper_scale") or ""))
        if top is not None and top > value:
            if not match.group("upper_scale") and re.search(r"[a-z]$", raw):
                top *= _SCALES.get(raw.split()[-1].rstrip("s"), 1)  # "2 to 3 million"
            if _plausible_value(top):
                return value, value, top, "range"
    return value, value, value, "exact"


def _plausible_value(value: float) -> bool:
    """A finite count no larger than `MAX_VALUE` (not NaN, not infinity)."""
    return math.isfinite(value) and abs(value) <= MAX_VALUE


def hedge_of(hedge: str | None, post: str | None, hint: str) -> str:
    """The hedge's name: exact, more_than, at_least, less_than, at_most, about, nearly, range."""
    if hint == "range":
        return "range"
    if post:
        return _POST_HEDGES.get(post.strip().lower(), "exact")
    if hedge:
        return _HEDGES.get(re.sub(r"\s+", " ", hedge.lower()), "exact")
    return "exact"


def currency_name(symbol: str | None) -> str | None:
    return _CURRENCY.get(symbol or "")
