"""Rates: a figure counted per something else is not a count of that thing.

"three prisoners for every hostage", "500 trucks a day", "40 ships per week", "2
deaths per 1,000 residents", "200 tonnes daily": the qualifier after the counted
words says what the figure is counted per, and two figures per different things (or
one per something and one plain count) are never one fact nor a conflict.

    rate_after(text, position, sent_end) -> tuple[str, int] | None
        the qualifier starting at `position` (a few linking words such as "in
        exchange" may come first), as written, and where it ends;
    rate_phrase(counted) -> str | None
        the qualifier of counted words, as written;
    split_rate(counted) -> tuple[str, str | None]
        counted words with a qualifier -> the words before it and what the figure is
        counted per, folded ("for every hostage", "per hostage" -> "hostage";
        "a day", "daily", "per day" -> "day"; "for every 10 hostages" -> "10 hostage").

Percentages ("46 per cent of voters") carry the unit "percent" already and are kept
apart from counts by it.
"""

from __future__ import annotations

import re

from storydesk.analyze.number_words import PARTICIPLES, VERBS
from storydesk.lexicon import NUMBER_STOP_WORDS

_PERIODS = "day|night|week|weekend|month|year|hour|minute|second|decade|quarter|season"
_ADVERBS = {"daily": "day", "nightly": "night", "weekly": "week", "monthly": "month",
            "yearly": "year", "annually": "year", "hourly": "hour"}  # fmt: skip
# Words that may stand between the counted words and the qualifier ("three prisoners
# in exchange for every hostage").
_LINK = r"(?:\s+(?:in\s+exchange|in\s+return|on\s+average|or\s+so))?"
_BASE_WORD = r"(?:\d[\d,.]*|[A-Za-z][\w'’-]*)"
_BASE = _BASE_WORD + r"(?:\s+" + _BASE_WORD + r"){0,3}"
# "a day" must not be "a day after the storm", "a day earlier", "a day of mourning".
_NOT_A_PERIOD_RATE = (
    r"(?![\w-])(?!\s+(?:after|before|earlier|later|ago|of|or\s+two|and\s+a\s+half|long|"
    r"in\s+advance|since|when|into|to\s+go)\b)"
)
_QUALIFIER = re.compile(
    _LINK
    + r"\s+(?P<phrase>(?:for|in)\s+(?:every|each)\s+(?P<every>" + _BASE + ")"
    + r"|per\s+(?P<per>" + _BASE + ")"
    + r"|(?:a|an|each|every)\s+(?P<period>" + _PERIODS + ")" + _NOT_A_PERIOD_RATE
    + r"|(?P<adverb>" + "|".join(_ADVERBS) + r")\b)"
)  # fmt: skip
# In counted words (as `counted.counted_thing` writes them): where a qualifier starts.
_IN_COUNTED = re.compile(
    r"\s+(?:(?:for|in)\s+(?:every|each)\b|per\b|(?:a|an|each|every)\s+(?=(?:" + _PERIODS + r")\b)"
    r"|(?=(?:" + "|".join(_ADVERBS) + r")\b))\s*"
)  # fmt: skip
_MAX_BASE_WORDS = 3
_WORD = re.compile(_BASE_WORD)


def _base_end(text: str, start: int, stop: int) -> tuple[int, int] | None:
    """Where the words of what a figure is counted per end ("hostage released by
    Hamas" -> after "hostage"), and how many words they are; None when the first word
    names nothing ("for each of them")."""
    end, count, lower_noun = start, 0, False
    for match in _WORD.finditer(text, start, stop):
        word = match.group(0)
        lowered = word.lower()
        numeric = word[:1].isdigit()
        ends = lowered in NUMBER_STOP_WORDS or lowered in VERBS or lowered in PARTICIPLES
        if ends and not numeric:
            if count == 0:
                return None
            break
        if lower_noun and word[:1].isupper():
            break  # "for every hostage Hamas frees": a new phrase begins
        end, count = match.end(), count + 1
        lower_noun = not numeric and word[:1].islower()
        if count >= _MAX_BASE_WORDS or (lower_noun and count > 1):
            break
    return (end, count) if count else None


def rate_after(text: str, position: int, sent_end: int) -> tuple[str, int] | None:
    """The rate qualifier at `position` (after the counted words or the number), as
    written without its linking words, and its end; None when there is none."""
    match = _QUALIFIER.match(text, position, sent_end)
    if match is None:
        return None
    if match.group("period") or match.group("adverb"):
        return match.group("phrase"), match.end("phrase")
    group = "every" if match.group("every") else "per"
    found = _base_end(text, match.start(group), match.end(group))
    if found is None:
        return None
    end = found[0]
    return re.sub(r"\s+", " ", text[match.start("phrase") : end]), end


def _fold(word: str) -> str:
    word = word.lower().replace(",", "").rstrip(".")
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "sis")):
        return word[:-1]
    return word


def rate_phrase(counted: str) -> str | None:
    """The rate qualifier of counted words, as written ("for every hostage"), or None."""
    match = _IN_COUNTED.search(counted)
    return counted[match.start() :].strip() if match and counted[match.end() :].strip() else None


def split_rate(counted: str) -> tuple[str, str | None]:
    """`counted` without its rate qualifier, and the folded thing it is counted per
    (every word kept, so "every two hostages" is not "every hostage")."""
    match = _IN_COUNTED.search(counted)
    if match is None:
        return counted, None
    rest = counted[match.end() :].split()
    if not rest:
        return counted, None
    head = counted[: match.start()]
    if rest[0].lower() in _ADVERBS:
        return head, _ADVERBS[rest[0].lower()]
    words = [w.lower().replace(",", "") for w in rest[:-1]]
    return head, " ".join([*words, _fold(rest[-1])])
