"""Wording that moves a date to another event: "As fighting ramped up again Saturday"
rewritten "As fighting resumed Saturday", where the story dates the resumption Friday.

A derived passage keeps a date of its source but re-words the clause around it with
an event word the source clause lacks (not a verb of saying). What that event is: the
new word's stem with the clause's other words next to it as its subject ("fighting"),
or, when the word is in `change_words.EQUIVALENT_EVENTS`, every phrasing of that event
("fighting resumed" = "the truce collapsed" = "the end of the ceasefire"). Every
sentence of the story is then read for a clause stating that event with a single day
(the event word within `event_window` words of the date, its subject in the same
clause). When some date it another day and none (but the derived article and its own
copies) the derived one, the rewrite moved the date to another event.

Days compare by their resolved dates; a weekday whose article has no publication date
(so no resolved date) compares by its name, as within one story a reader would.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from storydesk.lexicon import WEEKDAYS
from storydesk.model import Citation
from storydesk.reconcile.change_words import (
    EQUIVALENT_EVENTS,
    SAYING,
    EventPhrasing,
    looks_like_verb,
    stem,
)
from storydesk.reconcile.diff_tokens import ArticleText, Token
from storydesk.reconcile.discrepancy_params import DEFAULT, DiscrepancyParams
from storydesk.reconcile.word_changes import Change, diff

Span = tuple[int, int]
# Words next to the event word that are read as its subject.
_SUBJECT_REACH = 3


@dataclass(frozen=True, slots=True)
class Day:
    """A single day as a sentence gives it: resolved, or only a weekday's name."""

    iso: str | None
    weekday: str | None

    def same(self, other: Day) -> bool | None:
        """Whether the two are one day; None when that cannot be told."""
        if self.iso and other.iso:
            return self.iso == other.iso
        if self.weekday and other.weekday:
            return self.weekday == other.weekday
        return None

    def __str__(self) -> str:
        name = (self.weekday or "").capitalize()
        return f"{name} ({self.iso})" if name and self.iso else name or str(self.iso)


@dataclass(frozen=True, slots=True)
class DatedClause:
    """A clause of the story that dates something to a single day."""

    article_id: str
    sentence: Span
    day: Day
    near: frozenset[str]  # stems of the words within the event window of the date
    clause: frozenset[str]  # stems of every word of the clause


@dataclass(frozen=True, slots=True)
class EventDateChange:
    change: Change
    others: tuple[Citation, ...]
    event: str  # the event as the rewrite names it ("fighting resumed")
    day: Day  # the day the derived passage gives it
    other_day: Day  # the day the others give it


def clause_of(tokens: Sequence[Token], index: int) -> tuple[int, int]:
    """Token indices [lo, hi) of the clause around `tokens[index]`."""
    lo = index
    while lo > 0 and not tokens[lo].breaks:
        lo -= 1
    hi = index + 1
    while hi < len(tokens) and not tokens[hi].breaks:
        hi += 1
    return lo, hi


def _reach(tokens: Sequence[Token], index: int, window: int) -> list[int]:
    """Indices of the words the date at `index` can belong to: within `window` words
    in its clause, and on each side up to the first verb, included ("the first trucks
    since the end of the truce crossed on Saturday": Saturday reaches "crossed" and
    stops there, short of "end")."""
    lo, hi = clause_of(tokens, index)
    found = []
    for step in (-1, 1):
        k = index + step
        while lo <= k < hi and abs(k - index) <= window:
            found.append(k)
            if tokens[k].kind == "word" and looks_like_verb(tokens[k].norm):
                break
            k += step
    return sorted(found)


def single_day(token: Token) -> Day | None:
    if token.kind != "date":
        return None
    if token.day:
        if token.day[0] != token.day[1]:
            return None
        return Day(token.day[0], WEEKDAYS[date.fromisoformat(token.day[0]).weekday()])
    return Day(None, token.norm) if token.norm in WEEKDAYS else None


def _words(tokens: Sequence[Token]) -> frozenset[str]:
    return frozenset(t.key for t in tokens if t.kind == "word" and t.content)


def dated_clauses(doc: ArticleText, params: DiscrepancyParams = DEFAULT) -> list[DatedClause]:
    found = []
    for sentence in doc.sentences:
        tokens = doc.tokens(*sentence)
        for index, token in enumerate(tokens):
            day = single_day(token)
            if day is None:
                continue
            lo, hi = clause_of(tokens, index)
            near = [tokens[k] for k in _reach(tokens, index, params.event_window)]
            found.append(DatedClause(doc.id, sentence, day, _words(near), _words(tokens[lo:hi])))
    return found


@dataclass(frozen=True, slots=True)
class _Event:
    """What the derived clause now says happened, as the phrasings that state it."""

    phrasings: tuple[EventPhrasing, ...]
    label: str
    # From the lexicon of equivalent phrasings; else one action word's stem, whose
    # synonyms are unknown: then the rewrite's own source must date the event apart
    # (it may have said "ended" where the rewrite says "collapsed", the story
    # disagreeing with both).
    lexicon: bool

    def stated_by(self, near: frozenset[str], clause: frozenset[str]) -> bool:
        return any(actions & near and (not subjects or subjects & clause)
                   for actions, subjects in self.phrasings)  # fmt: skip


def _event(word: Token, clause: Sequence[Token], subject_words: Sequence[Token]) -> _Event | None:
    action = stem(word.norm)
    words = _words(clause)
    for equivalents in EQUIVALENT_EVENTS:
        for actions, subjects in equivalents:
            if action in actions and subjects & words:
                named = next(t.norm for t in clause if t.key in subjects)
                return _Event(equivalents, f"{named} {word.norm}", lexicon=True)
    subject = _words(subject_words)
    if not subject:
        return None  # no subject: an action word alone says too little to match on
    label = " ".join(t.norm for t in subject_words)
    return _Event(((frozenset({action}), subject),), f"{label} {word.norm}", lexicon=False)


def _kept_days(source: Sequence[Token], derived: Sequence[Token]) -> Iterator[
        tuple[int, int, list[tuple[int, int, int, int]]]]:  # fmt: skip
    """(source date index, derived date index, changed stretches) for each single day
    both passages keep, with the stretches the rewrite changed."""
    ops = diff(source, derived)
    changed = [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in ops if tag != "equal"]
    for tag, i1, i2, j1, _ in ops:
        if tag != "equal":
            continue
        for k in range(i2 - i1):
            if single_day(derived[j1 + k]) is not None:
                yield i1 + k, j1 + k, changed


def _new_event_words(
    tokens: Sequence[Token], date: int, changed: Sequence[tuple[int, int, int, int]], window: int
) -> Iterator[tuple[Token, _Event, Span]]:
    """Each word the rewrite put in the date's clause, near the date, that names an
    event (not a verb of saying, not a name): with that event and the source words
    it replaced (an empty span when it was added)."""
    lo, hi = clause_of(tokens, date)
    reach = set(_reach(tokens, date, window))
    for i1, i2, j1, j2 in changed:
        for k in range(j1, j2):
            word = tokens[k]
            if k not in reach:
                continue
            if word.kind != "word" or not word.content or word.proper or word.norm in SAYING:
                continue
            around = tokens[max(lo, k - _SUBJECT_REACH) : min(hi, k + _SUBJECT_REACH + 1)]
            subject = [t for t in around if t is not word and t.kind == "word" and t.content
                       and not t.proper and t.norm not in SAYING]  # fmt: skip
            event = _event(word, tokens[lo:hi], subject)
            if event is not None:
                yield word, event, (i1, i2)


def event_date_changes(
    source: ArticleText,
    derived: ArticleText,
    passage: tuple[Span, Span],
    story: Sequence[DatedClause],
    copies: Collection[str],
    params: DiscrepancyParams = DEFAULT,
) -> list[EventDateChange]:
    """Dates the derived passage kept while re-wording the event they belong to,
    where the story dates that event to another day (at most one per kept date)."""
    src_tokens = source.tokens(*passage[0])
    der_tokens = derived.tokens(*passage[1])
    w = params.event_window
    found = []
    for i, j, changed in _kept_days(src_tokens, der_tokens):
        day = single_day(der_tokens[j])
        assert day is not None  # _kept_days yields single days only
        s_lo, s_hi = clause_of(src_tokens, i)
        source_near = _words([src_tokens[k] for k in _reach(src_tokens, i, w)])
        source_clause = _words(src_tokens[s_lo:s_hi])
        for word, event, (i1, i2) in _new_event_words(der_tokens, j, changed, w):
            if event.stated_by(source_near, source_clause):
                continue  # the source already names this event here
            against = _against_story(event, day, story, source.id, derived, passage[1], copies)
            if against is None:
                continue
            others, other_day = against
            src_span = ((src_tokens[i1].start, src_tokens[i2 - 1].end) if i2 > i1
                        else (src_tokens[i].start, src_tokens[i].start))  # fmt: skip
            change = Change("event_date", src_span, (word.start, word.end), "event")
            found.append(EventDateChange(change, others, event.label, day, other_day))
            break
    return found


def _against_story(
    event: _Event,
    day: Day,
    story: Sequence[DatedClause],
    source_id: str,
    derived: ArticleText,
    derived_sentence: Span,
    copies: Collection[str],
) -> tuple[tuple[Citation, ...], Day] | None:
    """The story's statements dating `event` to another day than `day`, when none
    but the derived article's and its copies' (`copies`) dates it to `day` (and, for
    an event outside the lexicon, the source is among them)."""
    other: list[DatedClause] = []
    for clause in story:
        if clause.article_id == derived.id and clause.sentence == derived_sentence:
            continue
        if not event.stated_by(clause.near, clause.clause):
            continue
        same = clause.day.same(day)
        if same is None:
            continue
        if same:
            if clause.article_id not in copies and clause.article_id != derived.id:
                return None  # a statement not copied from the rewrite agrees with it
            continue
        other.append(clause)
    if not other or not (event.lexicon or any(c.article_id == source_id for c in other)):
        return None
    if any(c.day.same(other[0].day) is not True for c in other[1:]):
        return None  # the story itself does not agree on the day
    citations = tuple(dict.fromkeys(Citation(c.article_id, *c.sentence) for c in other))
    return citations, other[0].day
