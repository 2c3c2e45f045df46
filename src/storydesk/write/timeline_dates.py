"""Which of a sentence's dates is the date of what the sentence reports.

    event_dates(text, start, end, mentions) -> [EventDate, ...]

A sentence often names dates that belong to other events than its own: "Blinken, in
Israel for the third time since the war began in October, blamed Hamas" reports a
statement, not something that happened in October. spaCy parses are not stored, so
the rules read the words around each date (`DateMention` offsets from
analyze/dates.py) within its clause, the stretch back to the nearest comma, semicolon,
colon or dash (parentheses are transparent: "Friday (December 1)" is one clause):

1. A "since" period: the mention's own `since` flag, or "since" anywhere earlier in
   its clause ("since the start of the conflict in October", "since the war began in
   October"). A since-phrase describes the start of a state, so every date in it is
   background, however far into the phrase it sits.
2. A bound, not a date: "before", "until", "till", "by", "ahead of", "prior to" right
   before the date ("before Friday's collapse", "until Friday"), or "from" opening no
   range ("improvement from 1990"): the event happened (or is due) on the other side
   of that day, or is a state since then. Only right before: in "lasted seven days
   before collapsing on Friday" the collapse, dated Friday, is the news.
3. A relative clause: "who", "whom", "whose", "which" or "where" earlier in the clause
   ("where thousands were evacuated last month", "the man who was arrested on
   Monday"): the clause describes a noun, not the sentence's event. ("that" is left
   alone: "said that the army struck 400 targets on Saturday" dates the strikes.)
4. An apposition after a comma that relates the date to another event: ", his third
   trip ... in October", ", the first time since ...", ", two days after ...". (Only
   these shapes: ", a second doctor ... charged ... from 1978 to 1989" is a subject.)

What is left, in sentence order, are the event's dates. Two dates joined as a range
("Thursday and Friday" on consecutive days, "Monday to Wednesday", "May-June") are one
date spanning both; a date restated in parentheses ("Saturday (December 2)") or twice
is one date. A lower-case "may" is the verb, not the month. Unresolved mentions (no
article date to resolve "Friday" against) are skipped: a wrong date is worse than a
missing one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from storydesk.model import DateMention

# How far back (in words) a clause is read for "since" or a relative pronoun: a clause
# longer than this is a run-on whose start says nothing about the date.
_LOOKBACK_WORDS = 15

_CLAUSE_BREAK = re.compile(r"[,;:—–]|\s-{1,2}\s")
_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
_SINCE = frozenset({"since"})
_RELATIVE = frozenset({"who", "whom", "whose", "which", "where"})
# A bound right before the date ("the" and a possessive date allowed: "before Friday's").
_BOUND_BEFORE = re.compile(
    r"\b(?:before|until|till|by|ahead\s+of|prior\s+to)(?:\s+the)?\s*$", re.IGNORECASE
)
# "improvement from 1990" is a period since then; "from Monday to Wednesday" a range.
_FROM_BEFORE = re.compile(r"\bfrom\s*$", re.IGNORECASE)
# "this may be due to": analyze/dates.py reads any-case "may" as the month; the month
# is capitalised in prose, the verb is not.
_MAY_THE_VERB = re.compile(r"\bmay\b")
_ORDINAL = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|latest|last"
    r"|previous|most\s+recent|\d+(?:st|nd|rd|th))"
)
_COUNT = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few|\d+)"
# An apposition placing the sentence's event relative to another one.
_RELATING_APPOSITION = re.compile(
    rf"\s*(?:(?:his|her|its|their)\s+{_ORDINAL}\b"
    rf"|(?:the|a|an)\s+{_ORDINAL}\s+(?:time|such|since|visit|trip)\b"
    rf"|(?:just\s+|only\s+)?{_COUNT}\s+(?:day|week|month|year)s?\s+(?:after|before|since|later"
    rf"|earlier)\b)",
    re.IGNORECASE,
)
# What may stand between two dates that make one range.
_RANGE_JOIN = re.compile(r"\s*(?:to|through|thru|until|till|-|–|—)\s*", re.IGNORECASE)
_AND_JOIN = re.compile(r"\s*and\s*", re.IGNORECASE)
_RESTATEMENT = re.compile(r"\s*\(\s*")  # "Saturday (December 2"


@dataclass(frozen=True, slots=True)
class EventDate:
    """A date an event is placed on: ISO first and last day, and how fine it is."""

    date: str
    date_end: str
    granularity: str

    def contains(self, other: EventDate) -> bool:
        """Whether `other` lies within this date (a day within its month)."""
        return self.date <= other.date and other.date_end <= self.date_end


def _clause_before(text: str, start: int, position: int) -> str:
    """The text of the clause that leads up to `position` (no further back than `start`)."""
    before = text[start:position]
    last_break = None
    for match in _CLAUSE_BREAK.finditer(before):
        last_break = match
    return before[last_break.end() :] if last_break is not None else before


def _is_background(text: str, start: int, mention: DateMention, ranged: bool) -> bool:
    """Whether `mention` dates something other than the sentence's event (rules 1-4);
    `ranged`: it opens a range ("from Monday to Wednesday")."""
    if mention.since:
        return True
    clause = _clause_before(text, start, mention.start)
    words = [w.lower() for w in _WORD.findall(clause)][-_LOOKBACK_WORDS:]
    if _SINCE.intersection(words) or _RELATIVE.intersection(words):
        return True
    if _BOUND_BEFORE.search(clause) or (not ranged and _FROM_BEFORE.search(clause)):
        return True
    clause_opens_after_comma = len(clause) < mention.start - start and (
        text[mention.start - len(clause) - 1] == ","
    )
    return clause_opens_after_comma and _RELATING_APPOSITION.match(clause) is not None


def _joined_range(text: str, first: DateMention, second: DateMention) -> bool:
    """Whether two dates, in this order, make one range ("Thursday and Friday")."""
    between = text[first.end : second.start]
    if first.granularity != second.granularity or not first.value or not second.value:
        return False
    if (first.value_end or first.value) > second.value:
        return False
    if _RANGE_JOIN.fullmatch(between):
        return True
    if _AND_JOIN.fullmatch(between) and first.granularity == "day":
        # "on Monday and Friday" is two days, not the week between: only adjacent days.
        gap = date.fromisoformat(second.value) - date.fromisoformat(first.value_end or first.value)
        return gap.days <= 1
    return False


def event_dates(
    text: str, start: int, end: int, mentions: Sequence[DateMention]
) -> list[EventDate]:
    """The dates of the event the sentence `text[start:end]` reports, in sentence order.

    `mentions`: the article's date mentions, sorted by start (any outside the sentence
    are ignored).
    """
    inside = [
        m
        for m in mentions
        if start <= m.start and m.end <= end and m.value and not _MAY_THE_VERB.search(m.text)
    ]
    found: list[EventDate] = []
    index = 0
    while index < len(inside):
        first = inside[index]
        last = first
        if index + 1 < len(inside) and _joined_range(text, first, inside[index + 1]):
            last = inside[index + 1]
            index += 1
        index += 1
        # A date restated in parentheses ("Saturday (December 2)") is that date again.
        while index < len(inside) and _RESTATEMENT.fullmatch(text[last.end : inside[index].start]):
            index += 1
        if _is_background(text, start, first, ranged=last is not first):
            continue
        found_date = EventDate(
            first.value or "", last.value_end or last.value or "", first.granularity
        )
        if found_date not in found:
            found.append(found_date)
    return found
