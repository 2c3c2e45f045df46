"""Two independent sources dating one event to different days: a conflict of its own kind.

    find_day_conflicts(articles, analyses, claims, groups) -> list[DayConflict]

Every clause of the story that dates something to a single day ("the dam burst on
Friday") is read as `event_dates.dated_clauses` reads it. Two clauses state the same
event when they name one event of the lexicon (`change_words.EQUIVALENT_EVENTS`:
"fighting resumed" = "the truce collapsed") or the same one-off event word (a crash,
an explosion, a resignation: things that happen once, unlike talks that go on every
day) next to the date with at least `_SHARED_SUBJECT` other content words of their
clauses in common. When clauses of two different independent groups state one event
and give different days, that is a day conflict. Within one group (a rewrite and its
source) a changed day is what `discrepancies` reports: it is not repeated here.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from storydesk.lexicon import MONTHS, STOP_WORDS, WEEKDAYS
from storydesk.model import (
    Analysis,
    Article,
    ArticleClaims,
    Citation,
    ConflictCheck,
    DayConflict,
)
from storydesk.reconcile.change_words import EQUIVALENT_EVENTS, stem
from storydesk.reconcile.diff_tokens import ArticleText, Token, read_article
from storydesk.reconcile.event_dates import Day, clause_of, single_day

# Events that happen once: two days for one of them cannot both be right.
_ONE_OFF_WORDS = (
    "crashed crash exploded explosion erupted burst collapsed sank derailed resigned "
    "assassinated earthquake quake landslide flooded breached capsized"
)
_ONE_OFF = frozenset(stem(w) for w in _ONE_OFF_WORDS.split())
_CALENDAR = frozenset(stem(w) for w in (*WEEKDAYS, *MONTHS))
_SHARED_SUBJECT = 2  # content words besides the event word both clauses share
_ROUGH = re.compile(r"\bago\b|week|month|year")
_ADJACENT = 2  # tokens from the date to its event word, function words between only
_LEXICON_LABELS = ("fighting resumed (the truce ended)", "the truce began (fighting stopped)")


@dataclass(frozen=True, slots=True)
class _Dated:
    """An event word right next to a single day: "burst on Friday", "the July 25 crash"."""

    article_id: str
    sentence: tuple[int, int]
    day: Day
    key: str  # the event: "lexicon:<n>" or "word:<stem>"
    subject: frozenset[str]  # the clause's other content words (for one-off words)


def _next_to(tokens: Sequence[Token], index: int) -> list[Token]:
    """The words right before and after the date, past function words only ("sank on
    Aug. 12", "the July 25 crash"), within its clause."""
    found = []
    for step in (-1, 1):
        k = index + step
        while 0 <= k < len(tokens) and abs(k - index) <= _ADJACENT:
            if (tokens[k].breaks and step > 0) or tokens[k].kind != "word":
                break
            if tokens[k].content:
                found.append(tokens[k])
                break
            if tokens[k].breaks:
                break
            k += step
    return found


def _dated_events(doc: ArticleText) -> list[_Dated]:
    found = []
    for sentence in doc.sentences:
        tokens = doc.tokens(*sentence)
        for index, token in enumerate(tokens):
            day = single_day(token)
            if day is None or _ROUGH.search(token.norm):
                continue  # "two weeks ago" names a day only roughly
            lo, hi = clause_of(tokens, index)
            clause = frozenset(t.key for t in tokens[lo:hi] if t.kind == "word" and t.content)
            for word in _next_to(tokens, index):
                action = stem(word.norm)
                for n, equivalents in enumerate(EQUIVALENT_EVENTS):
                    if any(action in actions and (not subjects or subjects & clause)
                           for actions, subjects in equivalents):  # fmt: skip
                        found.append(_Dated(doc.id, sentence, day, f"lexicon:{n}", frozenset()))
                if action in _ONE_OFF:
                    subject = clause - {word.key} - _CALENDAR
                    found.append(_Dated(doc.id, sentence, day, f"word:{action}", subject))
    return found


def _label(key: str, text: str, sentence: tuple[int, int]) -> str:
    kind, _, value = key.partition(":")
    if kind == "lexicon":
        return _LEXICON_LABELS[int(value)] if int(value) < len(_LEXICON_LABELS) else "one event"
    words = re.findall(r"[A-Za-z]+", text[sentence[0] : sentence[1]])
    for i, word in enumerate(words):
        if stem(word) == value:
            before = words[i - 1].lower() if i and words[i - 1].lower() not in STOP_WORDS else ""
            return " ".join(w for w in ("the", before, word.lower()) if w)  # "the dam burst"
    return "one event"


def _name(article: Article) -> str:
    if article.outlet:
        return article.outlet
    if article.title:
        return f"the report “{article.title}”"
    return "a report of unknown outlet"


def _published(article: Article) -> str:
    when = article.published
    return when.date().isoformat() if isinstance(when, datetime) else "an unknown day"


def find_day_conflicts(
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis | None],
    claims: Mapping[str, ArticleClaims | None],
    groups: Sequence[Sequence[str]],
    derived: Collection[str] = (),
) -> list[DayConflict]:
    """Events that two independent sources of the story date to different days, one
    conflict per event and pair of sources (see the module docstring). The articles
    in `derived` (copies and rewrites of a known source) are left out: what they
    kept is their source's statement, what they changed `discrepancies` reports."""
    by_id = {a.id: a for a in articles}
    group_of = {i: n for n, group in enumerate(groups) for i in group}
    stated = [d for a in articles if a.id not in derived
              for d in _dated_events(read_article(a, analyses.get(a.id), claims.get(a.id)))]
    # Statements meet only statements of the same event; a story's other dated
    # clauses (most of them) are never paired.
    by_event: dict[str, list[_Dated]] = {}
    for item in stated:
        by_event.setdefault(item.key, []).append(item)
    found: dict[tuple[str, int, int], DayConflict] = {}
    for key, stating in by_event.items():
        for i, a in enumerate(stating):
            for b in stating[i + 1 :]:
                ga, gb = group_of.get(a.article_id, -1), group_of.get(b.article_id, -2)
                pair = (key, min(ga, gb), max(ga, gb))
                if ga == gb or pair in found or a.day.same(b.day) is not False:
                    continue
                if a.subject and len(a.subject & b.subject) < _SHARED_SUBJECT:
                    continue
                found[pair] = _conflict(key, a, b, by_id)
    return list(found.values())


def _conflict(key: str, a: _Dated, b: _Dated, by_id: Mapping[str, Article]
              ) -> DayConflict:  # fmt: skip
    first, second = by_id[a.article_id], by_id[b.article_id]
    event = _label(key, first.text, a.sentence)
    who_a, who_b = _name(first), _name(second)
    reason = (f"{who_a} and {who_b}, two independent sources, each date {event} to a "
              "single day in the same clause")  # fmt: skip
    resolved = a.day.iso is not None and b.day.iso is not None
    days_apart = _published(first) != _published(second)
    time = ConflictCheck(
        "time", days_apart and not resolved,
        f"the reports appeared on {_published(first)} and {_published(second)}"
        + (", and a weekday read against another day may name another week"
           if days_apart and not resolved else
           "; each day is read against its own report's date"),
    )  # fmt: skip
    source = ConflictCheck("source", False,
                           "they are independent sources: neither took its day from the other")
    scope = ConflictCheck("scope", False, f"both tell {event}, one event that happens once")
    checks = (scope, time, source)
    applies = [c.reason for c in checks if c.applies]
    tail = ("It may be explained: " + "; ".join(applies) + "." if applies
            else "Neither the time of the reports nor the sources explain it.")  # fmt: skip
    explanation = (f"Sources disagree on the day of {event}: {who_a} gives {a.day}, {who_b} "
                   f"gives {b.day}. {tail}")  # fmt: skip
    return DayConflict(
        event=event,
        first=Citation(a.article_id, *a.sentence),
        second=Citation(b.article_id, *b.sentence),
        first_day=str(a.day),
        second_day=str(b.day),
        explanation=explanation,
        reason=reason,
        checks=checks,
    )
