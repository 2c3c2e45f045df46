"""Date expressions, absolute and relative, resolved against the article's date.

`find_dates(text, published)` returns `DateMention`s in text order. A regular
expression finds each expression; resolution is plain calendar arithmetic, because
dateparser (~300 expressions/s) would dominate the per-article budget.

Resolution rules (news convention: reports look back more often than forward):
- a bare weekday ("Friday") is the latest such day on or before the article's date;
  "next Friday" is the first one after it;
- a month without a year ("in March", "Oct. 7") is the latest one not after the
  article's date, unless "next" says otherwise;
- "last month", "this week", "yesterday", "three days ago" are offsets from the date;
- without an article date, only expressions that carry their own year are resolved.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from storydesk.analyze.windows import finditer_in_windows, trigger_windows, word_trigger
from storydesk.lexicon import MONTHS as MONTH_NAMES
from storydesk.lexicon import WEEKDAYS, alternation
from storydesk.model import DateMention

# The abbreviations of each month, January first ("may" has none).
_MONTH_ABBREVIATIONS = (
    ("jan",), ("feb",), ("mar",), ("apr",), (), ("jun",), ("jul",), ("aug",), ("sept", "sep"),
    ("oct",), ("nov",), ("dec",),
)  # fmt: skip
MONTHS = {
    name: index
    for index, (month, short) in enumerate(zip(MONTH_NAMES, _MONTH_ABBREVIATIONS, strict=True), 1)
    for name in (month, *short)
}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

# Full month names, or abbreviations that carry a full stop ("Oct."), so that "may"
# the verb and "mar" the word are not read as months.
_MONTH = (
    r"(?P<month>"
    + alternation(m.capitalize() for m in MONTH_NAMES)
    + r"|(?:"
    + alternation(a.capitalize() for short in _MONTH_ABBREVIATIONS for a in short)
    + r")\.?(?=\s))"
)
_DAY = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_QUALIFIER = r"(?:(?P<qual>last|next|this|on|since|until|by|early|late)\s+)?"

_PATTERNS: list[tuple[str, str]] = [
    ("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])\b"),
    ("month_day", _QUALIFIER + _MONTH + r"\s+" + _DAY + r"\b(?:,?\s+" + _YEAR + r"\b)?"),
    ("day_month", _QUALIFIER + r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+" + _YEAR
     + r"\b)?"),
    ("month_year", _QUALIFIER + _MONTH + r"(?:\s+of)?,?\s+" + _YEAR + r"\b"),
    ("weekday", _QUALIFIER + r"\b(?P<weekday>" + alternation(d.capitalize() for d in WEEKDAYS)
     + r")\b"),
    ("deixis", r"\b(?P<deixis>yesterday|today|tomorrow|tonight)\b"),
    ("period", r"\b(?P<qual>last|next|this|past)\s+(?P<unit>week|month|year)\b"),
    ("ago", r"\b(?P<count>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
     r"|twelve)\s+(?P<unit>day|week|month|year)s?\s+ago\b"),
    ("month", r"\b(?P<qual>in|last|next|this|since|until|by|early|late|mid-)\s*" + _MONTH
     + r"(?!\s+\d)"),
    ("year", r"(?:\b(?P<qual>in|since|until|by|of|from|during|before|after|early|late|mid-)\s*)"
     + _YEAR + r"\b(?![,.]?\d)"),
]  # fmt: skip
# Every alternative starts a word: the leading \b makes most positions fail at once.
_DATE_RE = re.compile(
    r"\b(?:"
    + "|".join(
        f"(?P<{name}>{pattern.replace('(?P<', f'(?P<{name}__')})" for name, pattern in _PATTERNS
    )
    + ")",
    re.IGNORECASE,
)


# Every date expression holds one of these; the full expression runs only near them.
_TRIGGER = word_trigger(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "mon",
     "tue", "wed", "thu", "fri", "sat", "sun", "yesterday", "today", "tomorrow", "tonight",
     "week", "month", "year", "day"],
    digits=r"\b(?:1[89]\d\d|20\d\d)\b",
)  # fmt: skip


_FUTURE = re.compile(
    r"\b(?:will|shall|would|is due|are due|expected to|plans? to|scheduled|set to|next|"
    # not "until": "talks continued until the collapse on Friday" looks back; a future
    # "until Friday" comes with its own "will".
    r"forecast)\b[^.;!?\n]*$",
    re.IGNORECASE,
)


def _month_index(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")]


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _shift_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _latest_not_after(ref: date | None, month: int, day: int, forward: bool) -> date | None:
    """The month-day in the year that puts it nearest `ref` on the side news implies."""
    if ref is None:
        return None
    candidate = _safe_date(ref.year, month, day)
    if candidate is None:
        return None
    if forward and candidate <= ref:
        return _safe_date(ref.year + 1, month, day)
    if not forward and candidate > ref:
        return _safe_date(ref.year - 1, month, day)
    return candidate


def _resolve(
    kind: str, g: dict[str, str | None], ref: date | None, future: bool = False
) -> tuple[date, date, str] | None:
    """(first day, last day, granularity) of one match, or None when unresolvable."""
    try:
        return _calendar(kind, g, ref, future)
    except (OverflowError, ValueError):
        # An article dated 1 Jan 0001 or 31 Dec 9999 (a made-up date line) or "999
        # years ago" can name a day outside the calendar `date` covers: no such day.
        return None


def _calendar(
    kind: str, g: dict[str, str | None], ref: date | None, future: bool
) -> tuple[date, date, str] | None:
    qual = (g.get("qual") or "").lower()
    forward = qual == "next" or (future and qual not in ("last", "since"))
    year_text = g.get("year")
    year = int(year_text) if year_text else None
    if kind == "iso":
        d = _safe_date(int(g["year"] or 0), int(g["mnum"] or 0), int(g["day"] or 0))
        return (d, d, "day") if d else None
    if kind in ("month_day", "day_month"):
        month, day = _month_index(g["month"] or ""), int(g["day"] or 0)
        d = _safe_date(year, month, day) if year else _latest_not_after(ref, month, day, forward)
        return (d, d, "day") if d else None
    if kind == "month_year" and year:
        first, last = _month_range(year, _month_index(g["month"] or ""))
        return first, last, "month"
    if kind == "year" and year:
        return date(year, 1, 1), date(year, 12, 31), "year"
    if ref is None:
        return None
    if kind == "weekday":
        target = WEEKDAYS.index((g["weekday"] or "").lower())
        if forward:
            d = ref + timedelta(days=(target - ref.weekday() - 1) % 7 + 1)
        else:
            back = (ref.weekday() - target) % 7
            if qual == "last" and back == 0:
                back = 7
            d = ref - timedelta(days=back)
        return d, d, "day"
    if kind == "deixis":
        offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[
            (g["deixis"] or "").lower()
        ]
        d = ref + timedelta(days=offset)
        return d, d, "day"
    if kind in ("period", "ago"):
        unit = (g["unit"] or "").lower()
        if kind == "period":
            steps = {"last": -1, "past": -1, "next": 1, "this": 0}[qual]
        else:
            count = g["count"] or "1"
            steps = -(int(count) if count.isdigit() else _NUMBER_WORDS[count.lower()])
        if unit == "day":
            d = ref + timedelta(days=steps)
            return d, d, "day"
        if unit == "week":
            monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=steps)
            if kind == "ago":
                d = ref + timedelta(weeks=steps)
                return d, d, "day"
            return monday, monday + timedelta(days=6), "week"
        if unit == "month":
            y, m = _shift_months(ref, steps)
            first, last = _month_range(y, m)
            return first, last, "month"
        y = ref.year + steps
        return date(y, 1, 1), date(y, 12, 31), "year"
    if kind == "month":
        month = _month_index(g["month"] or "")
        y = ref.year
        if forward and month <= ref.month:
            y += 1
        elif not forward and qual != "this" and month > ref.month:
            y -= 1
        first, last = _month_range(y, month)
        return first, last, "month"
    return None


def _reference_date(published: datetime | date | None) -> date | None:
    if isinstance(published, datetime):
        return published.date()
    return published


def find_dates(text: str, published: datetime | date | None) -> list[DateMention]:
    """Every date expression in `text`, resolved against `published` where needed."""
    ref = _reference_date(published)
    found: list[DateMention] = []
    windows = trigger_windows(text, _TRIGGER, before=24, after=40)
    for match in finditer_in_windows(_DATE_RE, text, windows):
        kind = match.lastgroup or ""
        prefix = kind + "__"
        groups = {
            key[len(prefix) :]: value
            for key, value in match.groupdict().items()
            if key.startswith(prefix)
        }
        start, end = match.span(kind)
        qual = (groups.get("qual") or "").lower()
        if qual in ("in", "on", "of", "from", "during", "before", "after", "by", "until"):
            # The preposition is context, not part of the date's text.
            start = match.start(prefix + "qual") + len(groups["qual"] or "")
            while start < end and text[start] in " -":
                start += 1
        # "will publish an update on Friday": a weekday in a future clause looks ahead.
        future = kind == "weekday" and bool(_FUTURE.search(text, max(0, start - 80), start))
        resolved = _resolve(kind, groups, ref, future)
        relative = kind in ("weekday", "deixis", "period", "ago", "month") or (
            kind in ("month_day", "day_month") and not groups.get("year")
        )
        first, last, granularity = resolved if resolved else (None, None, "day")
        found.append(
            DateMention(
                start=start,
                end=end,
                text=text[start:end],
                value=first.isoformat() if first else None,
                value_end=last.isoformat() if last else None,
                granularity=granularity,
                relative=relative,
                since=qual == "since",
            )
        )
    return found


# A year written bare ("the 1994 election", "the 1997-98 school year"): a period that
# `find_dates` leaves alone (it reads "in 1994", never a year used as an adjective).
_BARE_YEAR = re.compile(r"(?<![\w$.,/-])((?:19|20)\d\d)(?:[-–/]((?:19|20)?\d\d))?(?![\w,/]|\.\d)")
_UNTIL = re.compile(r"\b(?:until|till|up\s+to|through|before)\b", re.IGNORECASE)
_LAST_WEEK = re.compile(r"(?:last|past)\s+week\b", re.IGNORECASE)
_AFTER_REACH = 24  # "3,900 students in 1997-98": characters from the number to its period
_CLAUSE_MARK = re.compile(r"[,;:()]|\s(?:when|while|after|before|but)\s")


def _bare_years(text: str, start: int, end: int) -> list[DateMention]:
    found = []
    for match in _BARE_YEAR.finditer(text, start, end):
        first = int(match.group(1))
        last_text = match.group(2)
        last = first
        if last_text:
            last = int(last_text) if len(last_text) == 4 else first // 100 * 100 + int(last_text)
            if not first < last <= first + 1:
                continue  # "1994-2010", "2000-1": a span or something else, not one season
        found.append(DateMention(start=match.start(), end=match.end(), text=match.group(0),
                                 value=f"{first}-01-01", value_end=f"{last}-12-31",
                                 granularity="year", relative=False, since=False))  # fmt: skip
    return found


def count_period(
    text: str,
    mentions: list[DateMention],
    number: tuple[int, int],
    sentence: tuple[int, int],
    as_of: str | None,
) -> tuple[str | None, str | None]:
    """The period a count at `number` holds for, as (first day, last day) in ISO, from
    the date expressions of its sentence (`mentions`, those of `find_dates` in it):

    - "since Oct. 7" runs from that day to `as_of` (the day the sentence names, else
      the article's date), or to a day given by "until"; "until the truce began"
      leaves the end undated (None);
    - "last week", "in 1999", "so far this year", "the 1997-98 school year": the
      period right after the number in its clause ("3,900 in 1997-98"), else the
      nearest one before it in its sentence, else one later in its clause; it ends
      by `as_of` at the latest;
    - a day named between that period and the number makes it a count of that day:
      (None, None), as is a sentence with no period at all.
    """
    start, end = number
    sent_start, sent_end = sentence
    since = next((m for m in mentions if m.since and m.value), None)
    if since is not None:
        until = _UNTIL.search(text, since.end, sent_end)
        if until is None:
            return since.value, as_of
        dated = next((m for m in mentions if m.start >= until.end() and m.value
                      and not m.since), None)  # fmt: skip
        close = dated is not None and dated.start - until.end() < 12
        return since.value, dated.value_end if dated is not None and close else None
    bare = [y for y in _bare_years(text, sent_start, sent_end)
            if not any(m.start < y.end and y.start < m.end for m in mentions)]  # "Aug. 7, 1998"
    candidates = sorted([*mentions, *bare], key=lambda m: m.start)
    before = [m for m in candidates if m.end <= start]
    after = [m for m in candidates
             if m.start >= end and not _CLAUSE_MARK.search(text, end, m.start)]  # fmt: skip
    # "roughly 3,900 in 1997-98": a period right after the number is its own, even
    # when another stands earlier in the sentence ("5,700 in 1996-97 and ...").
    close_after = after[0] if after and after[0].start - end <= _AFTER_REACH else None
    chosen = close_after or (before[-1] if before else (after[0] if after else None))
    if chosen is None or chosen.value is None or chosen.granularity == "day":
        return None, None
    first, last = chosen.value, chosen.value_end or chosen.value
    if _LAST_WEEK.match(chosen.text) and as_of is not None and last < as_of:
        # "last week" in news is the calendar week before or the seven days before the
        # report: on a Saturday it still covers Tuesday.
        last = (date.fromisoformat(as_of) - timedelta(days=1)).isoformat()
    if as_of is not None and first <= as_of < last:
        last = as_of  # "so far this year", "this week": up to the day it is told
    return first, last
