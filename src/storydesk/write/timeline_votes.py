"""Counting for the timeline: independent sources, the date an event's reports agree
on, and the story's time window.

- An event's `sources` are the independent groups (rewrites and copies grouped, one
  outlet's reports collapsed) among the articles citing it; an article in no group is
  a source of its own.
- When the sentences of one claim date its event differently, the row takes the date
  given by most independent sources. A coarser date supports the finer dates inside it
  ("in December" supports "December 1"); on a tie the finer date wins (it says more and
  nothing contradicts it), then the one given first (the best-worded member comes
  first). A date no member gives is never produced.
- The story's window opens `WINDOW_LEAD_DAYS` before its first publication: a report
  says "on Thursday" of an event two days old, and a bare weekday resolves to at most
  six days before the article, so a week of lead-up is the story; anything that ended
  earlier is background.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta

from storydesk.model import Article
from storydesk.write.timeline_dates import EventDate

WINDOW_LEAD_DAYS = 6

GRANULARITY_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3}


def source_index(groups: Sequence[Sequence[str]]) -> dict[str, str]:
    """Each grouped article's source key (the first id of its group)."""
    source_of: dict[str, str] = {}
    for group in groups:
        if not group:
            continue
        key = group[0]
        for article_id in group:
            source_of.setdefault(article_id, key)
    return source_of


def source_of(article_id: str, index: dict[str, str]) -> str:
    return index.get(article_id, article_id)


def count_sources(article_ids: Iterable[str], index: dict[str, str]) -> int:
    return len({source_of(a, index) for a in article_ids})


def agreed_date(dated: Sequence[tuple[EventDate, str]]) -> EventDate | None:
    """The date most independent sources give, from (date, source key) pairs in member
    order; None when no member gives one."""
    best: EventDate | None = None
    best_key: tuple[int, int] = (0, 0)
    seen: set[EventDate] = set()
    for candidate, _ in dated:
        if candidate in seen:
            continue
        seen.add(candidate)
        supporters = {source for given, source in dated if given.contains(candidate)}
        key = (len(supporters), -GRANULARITY_ORDER.get(candidate.granularity, 4))
        if key > best_key:  # strictly better: on a full tie the earlier one stays
            best, best_key = candidate, key
    return best


def window_start(articles: Iterable[Article]) -> str | None:
    """The first day of the story's own time window (ISO), None when nothing is dated."""
    days = [a.published.date() for a in articles if a.published is not None]
    if not days:
        return None
    return (min(days) - timedelta(days=WINDOW_LEAD_DAYS)).isoformat()


def is_background(event: EventDate, start: str | None) -> bool:
    """Whether the event ended before the story's window opened."""
    return start is not None and event.date_end < start
