"""Numeric claims: counts stated in an article, with the hedge kept as a range.

`find_numeric_claims(text, analysis, dates, published)` returns `NumericClaim`s in
text order. Each one has:

- the value and the hedge as a range: "more than 400" is (400, ∞) with hedge
  more_than, "at least 23" [23, ∞), "about 1,200" ±10 %, "nearly 300" [270, 300],
  "between 5 and 7" [5, 7], "dozens" [24, 99];
- its unit when it measures one (percent, dollars, yuan);
- what is counted (`counted.counted_thing`); a number introduced by "including"
  that names nothing itself ("189, including 65 in tornadoes") counts what the
  number before it in the sentence counts;
- its scope: places ("in southern Gaza") and "including 17 women and children";
- who it is attributed to (`speakers.find_source`) and its as-of date (a day named
  in the same sentence, else the article's date).

Not counts, hence skipped: dates and years (spans of `dates.find_dates`), clock
times, ages ("45-year-old", "aged 15", "Jane Doe, 45,"), ordinals, durations
("seven days"), measures used as adjectives ("16-foot boat", "10-year low"),
denominators ("per 1,000", "out of 100"), identifiers ("COP28", "F-16", "Flight
217"), and numbers inside URLs, e-mail addresses or phone numbers. "one" and "a"
alone count nothing ("one of the", "a day") unless hedged ("less than one").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from datetime import date, datetime

from storydesk.analyze.budget import Deadline
from storydesk.analyze.counted import counted_thing, scope_of
from storydesk.analyze.number_words import (
    DURATION_UNITS,
    HEDGE_RANGES,
    NUMBER_RE,
    NUMBER_TRIGGER,
    currency_name,
    hedge_of,
    parse_number,
)
from storydesk.analyze.rates import rate_phrase, split_rate
from storydesk.analyze.speakers import find_source
from storydesk.analyze.windows import trigger_windows
from storydesk.lexicon import MONTHS, alternation
from storydesk.model import Analysis, DateMention, NumericClaim

WINDOW = 300  # characters around a number searched for its noun, scope and source

_IDENTIFIER_BEFORE = re.compile(
    r"(?:[A-Za-z]-?|No\.\s*|#|\b(?:Number|Article|Resolution|Level|Chapter|Section|Route|"
    r"[Ff]light|Highway|Interstate|Room|Gate|Phase|Category|Class|Proposition|Prop\.|Amendment|"
    r"Channel|[Pp]ages?|Vol\.|[Vv]ersion|Model|Stage|Grade|Type|Apollo|Windows|Game|Week|"
    r"Division|Squadron|Brigade|Battalion|Regiment|Unit|Block|Lot|Bus|Line|Platform|"
    r"Terminal|Boeing|Airbus|Pier|Exit|Apartment|Suite|Floor|Box|Station|District|North|"
    r"South|East|West)\s)$"
)
_DENOMINATOR_BEFORE = re.compile(r"\b(?:per|in\s+every|every)\s+$", re.IGNORECASE)
_OUT_OF_BEFORE = re.compile(r"\bout\s+of\s+$")
_ROUND_BASES = frozenset({"10", "100", "1000", "1,000", "10,000", "100,000"})
_AGE_BEFORE = re.compile(r"\b(?:aged?|ages?(?:\s+of)?|aged\s+between|ages\s+between)\s+$",
                         re.IGNORECASE)  # fmt: skip
_NAME_COMMA_BEFORE = re.compile(r"[A-Z][\w'’.-]+,\s$")
_AGE_AFTER = re.compile(r"^(?:-|\s)(?:years?-old|year-old|years?\s+old|-year-old|yo\b)")
_MEASURE_ADJECTIVE = re.compile(r"^-(?:[a-z]+)\s+[a-z]")  # "16-foot boat", "10-year low"
_TIME_AFTER = re.compile(r"^(?::\d\d|\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock|GMT|UTC|EST|EDT|ET\b"
                         r"|PST|PDT|local time|hrs\b|h\b))")  # fmt: skip
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b")
_DURATION_AFTER = re.compile(r"^[\s-]+(?:(?:more|full|straight|consecutive|long|whole)\s+)?(?:"
                             + DURATION_UNITS + r")\b")  # fmt: skip
_MEASURE_AFTER = re.compile(
    r"^\s+(?:square\s+)?(?:kilometres?|kilometers?|km|miles?|metres?|meters?|feet|foot|ft|"
    r"inches|inch|cm|mm|yards?|tonnes?|tons?|kg|kilos?|kilograms?|litres?|liters?|"
    r"gallons?|degrees?|hectares?|acres?|mph|knots?)\b"
)
# "Kestra 2 kettles", "Windows 10": a small number right after a capitalised word
# inside a sentence names a model or an edition.
_NAME_BEFORE = re.compile(r"(?<=[a-z0-9,;] )[A-Z][a-z]+ $")
_MONTH_OR_DAY = re.compile(r"(?:" + alternation(m.capitalize() for m in MONTHS) + r"|day) $")
_URL_CHARS = ("/", "@", "=", "_", "www.", "http", ".com", ".org", "#")
_UNIT_WORDS = re.compile(r"^\s+(dollars|euros|pounds|yen|yuan|rupees|rubles|francs|pesos|won|"
                         r"dinars|shekels|riyals|dirhams|lira|rand|naira)\b")  # fmt: skip


class _SentenceIndex:
    def __init__(self, analysis: Analysis | None, length: int) -> None:
        spans = [(s.start, s.end) for s in analysis.sentences] if analysis else []
        self.spans = spans or [(0, length)]
        self.starts = [s for s, _ in self.spans]

    def around(self, position: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(self.starts, position) - 1)
        return self.spans[i]


def _in_url(text: str, start: int, end: int) -> bool:
    left = text.rfind(" ", max(0, start - 200), start) + 1
    right = text.find(" ", end, end + 200)
    token = text[left : right if right >= 0 else min(len(text), end + 200)]
    return any(marker in token for marker in _URL_CHARS)


def _not_a_count(text: str, start: int, end: int, value: float, raw: str, hedged: bool) -> bool:
    before, after = text[max(0, start - 30) : start], text[end : end + 40]
    if raw.lower() in ("one", "a", "an") and not hedged:
        return True
    if _DENOMINATOR_BEFORE.search(before) or _DURATION_AFTER.match(after):
        return True
    if _OUT_OF_BEFORE.search(before) and raw in _ROUND_BASES:
        return True  # "14 out of 100 Kenyans": a rate's base, not a count
    if _AGE_BEFORE.search(before) or _AGE_AFTER.match(after) or _MEASURE_ADJECTIVE.match(after):
        return True
    if not raw[:1].isdigit():
        return False
    if _IDENTIFIER_BEFORE.search(before) or _ORDINAL_AFTER.match(after):
        return True
    if _TIME_AFTER.match(after) or _in_url(text, start, end) or _MEASURE_AFTER.match(after):
        return True  # clock times, links, distances and weights
    if raw.startswith("0") and raw[1:2].isdigit():
        return True  # "0800 555 0142": phone numbers and codes
    if re.search(r"\d[ .-]?$", before[-2:]) or re.match(r"[ .-]?\d", after[:2]):
        return True  # a group inside a longer digit run: "0800 555 0142", "555-0142"
    if _NAME_BEFORE.search(before) and value < 100 and not _MONTH_OR_DAY.search(before):
        return True
    if _NAME_COMMA_BEFORE.search(before) and after[:1] == "," and value < 130:
        return True  # "Ana Vell, 45, said"
    if re.fullmatch(r"(?:1[89]|2[01])\d\d", raw) and not re.match(r"\s+[a-z]+s\b", after):
        return True  # a year ("the 1998 season"), unless "2000 people"
    # phone numbers and version strings: digits glued to more digits by - or .
    return bool(re.match(r"[-.]\d", after) or (before[-1:] in "-." and before[-2:-1].isdigit()))


def _continues_list(text: str, start: int, end: int) -> bool:
    """A number that breaks down the one before it: "including 65 in ...", ", 14 who"."""
    before = text[max(0, start - 12) : start]
    if re.search(r"\bincluding\s+$", before):
        return True
    return bool(re.search(r"(?:,|\band)\s+$", before)) and bool(
        re.match(r"\s+(?:who|in|from|at|on|during|while)\b", text[end : end + 12])
    )


def _unit(match: re.Match[str], text: str) -> str | None:
    if match.group("pct"):
        return "percent"
    word = _UNIT_WORDS.match(text, match.end())
    return currency_name(match.group("currency")) or (word.group(1) if word else None)


def _day_named(dates: Sequence[DateMention], starts: list[int], start: int, end: int) -> str | None:
    """The first day-precise date (not a "since") that starts in [start, end); `dates`
    sorted by start and `starts` their starts, so only the dates in the span are read."""
    for i in range(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)):
        d = dates[i]
        if d.value and not d.since and d.granularity == "day":
            return d.value
    return None


def find_numeric_claims(
    text: str,
    analysis: Analysis | None,
    dates: Sequence[DateMention] = (),
    published: datetime | date | None = None,
    deadline: Deadline | None = None,
) -> list[NumericClaim]:
    """Counts stated in `text`; `dates` (from `find_dates`) mark spans that are not.
    `deadline`, when given, is checked for each number (it raises when time is up)."""
    sentences = _SentenceIndex(analysis, len(text))
    mentions = analysis.mentions if analysis else ()
    date_spans = sorted((d.start, d.end) for d in dates)
    date_starts = [s for s, _ in date_spans]
    dates_in_order = sorted(dates, key=lambda d: d.start)
    dates_starts = [d.start for d in dates_in_order]
    reference = published.date() if isinstance(published, datetime) else published
    claims: list[NumericClaim] = []
    windows = trigger_windows(text, NUMBER_TRIGGER, before=40, after=60)
    window_index, position = 0, 0
    while window_index < len(windows):
        window_start, window_end = windows[window_index]
        match = NUMBER_RE.search(text, max(position, window_start), window_end)
        if match is None:
            window_index += 1
            continue
        position = match.end()
        if deadline is not None:
            deadline.check()
        number_start, number_end = match.span("number")
        parsed = parse_number(match)
        if parsed is not None and parsed[3] != "range" and match.group("upper"):
            # "from 86,392 to 39,855" is no range: read the second number on its own.
            position = match.start("upper")
        i = bisect.bisect_right(date_starts, number_end) - 1
        if parsed is None or (i >= 0 and date_spans[i][1] > number_start):
            continue
        value, low, high, hedge_hint = parsed
        hedged = bool(match.group("hedge") or match.group("post"))
        # A second number not taken as a range's end is read on its own: the first one
        # ends where its own digits do.
        own_end = number_end if position != match.end() else match.end()
        if _not_a_count(text, number_start, own_end, value, match.group("number"), hedged):
            continue
        hedge = hedge_of(match.group("hedge"), match.group("post"), hedge_hint)
        if hedge in HEDGE_RANGES:
            low, high = HEDGE_RANGES[hedge](value)
        start, end = match.start(), own_end
        sent_start, sent_end = sentences.around(start)
        # A 50 KB "sentence" (a table, a run-on transcript) must not make every number
        # scan all of it: look at most a window either side.
        sent_start = max(sent_start, start - WINDOW)
        sent_end = min(max(sent_end, end), end + WINDOW)
        unit = _unit(match, text)
        counted, counted_span = counted_thing(text, start, end, unit, sent_start, sent_end)
        previous = claims[-1] if claims and claims[-1].end >= sent_start else None
        if previous and counted_span is None and _continues_list(text, start, end):
            # "189, including 65 in tornadoes, 42 from ..."; "20 needles, nine in each
            # leg and two in the belly": each keeps its own rate, none its neighbour's.
            rate = rate_phrase(counted) if counted else None
            whole = split_rate(previous.counted)[0] if previous.counted else None
            counted = f"{whole} {rate}" if rate and whole else whole
        if claims and counted in ("them", "those", "these") and claims[-1].counted:
            counted = claims[-1].counted  # "87 of the injured, 14 of them"
        source = find_source(text, sent_start, sent_end, mentions)
        as_of = _day_named(dates_in_order, dates_starts, sent_start, sent_end)
        if as_of is None and reference is not None:
            as_of = reference.isoformat()
        claims.append(
            NumericClaim(
                start=start, end=end, text=text[start:end], value=value, value_low=low,
                value_high=high, hedge=hedge, counted=counted,
                counted_start=counted_span[0] if counted_span else None,
                counted_end=counted_span[1] if counted_span else None,
                scope=scope_of(text, end, sent_end),
                attribution=source[0] if source else None,
                attribution_start=source[1] if source else None,
                attribution_end=source[2] if source else None,
                as_of=as_of, unit=unit,
            )
        )  # fmt: skip
    return claims
