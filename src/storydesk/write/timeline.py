"""The timeline: a story's dated events, each cited to the sentences that report it.

    entries = build_timeline(articles, analyses, dated_events)

Two kinds of entry:
- "published": when each article came out, described by its lead sentence;
- "event": a sentence that names a date ("on Friday", "Oct. 7", "in March 1999"),
  placed on the day (or month, or year) the expression resolves to against the
  article's publication date (analyze/dates.py does the resolving).

The same event reported in near-identical words by several articles is one entry
citing all of them, worded as the earliest article has it. A date expression that
cannot be resolved (a weekday in an undated article) places nothing: a wrong date is
worse than a missing one. "since June 3" describes a state, not an event on that day,
and is left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storydesk.analyze.dates import find_dates
from storydesk.model import Analysis, Article, Citation, DateMention, Sentence, TimelineEntry
from storydesk.write.brief import story_order
from storydesk.write.brief_near import jaccard
from storydesk.write.brief_text import (
    content_stems,
    count_words,
    is_briefable,
    stems,
    trim_dateline,
)

MIN_EVENT_WORDS = 5  # shorter dated pieces are datelines, captions and bylines
SAME_WORDING = 0.7  # content-word Jaccard at which two sentences report one event
_GRANULARITY_ORDER = {"day": 0, "month": 1, "year": 2}


@dataclass(slots=True)
class _Draft:
    date: str
    date_end: str
    granularity: str
    kind: str
    text: str
    words: set[str]
    citations: list[Citation]


def _sentences(article: Article, analysis: Analysis | None) -> Sequence[Sentence]:
    if analysis is not None:
        return analysis.sentences
    # No analysis: line by line, which is exact if coarse (a line is a paragraph).
    found, offset = [], 0
    for line in article.text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = offset + line.index(stripped)
            found.append(Sentence(start, start + len(stripped)))
        offset += len(line) + 1
    return found


def _span(article: Article, sentence: Sentence) -> tuple[int, int, str]:
    start = trim_dateline(article.text, sentence.start, sentence.end)
    return start, sentence.end, article.text[start : sentence.end]


_Key = tuple[str, str, str]  # kind, first day, last day


def _add(drafts: dict[_Key, list[_Draft]], draft: _Draft) -> None:
    """Add `draft`, or fold its citation into an entry reporting the same event."""
    same_date = drafts.setdefault((draft.kind, draft.date, draft.date_end), [])
    for existing in same_date:
        if jaccard(existing.words, draft.words) >= SAME_WORDING:
            cited = {c.article_id for c in existing.citations}
            existing.citations.extend(c for c in draft.citations if c.article_id not in cited)
            return
    same_date.append(draft)


def build_timeline(
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    dated_events: Mapping[str, Sequence[DateMention]] | None = None,
) -> list[TimelineEntry]:
    """The dated entries of a story, in date order (earliest article first on a tie).

    `dated_events` maps an article id to its resolved date mentions (as
    `extract_claims` produced them); an article missing from it is read with
    `find_dates` against its publication date.
    """
    drafts: dict[_Key, list[_Draft]] = {}
    for article in story_order(articles):
        sentences = [s for s in _sentences(article, analyses.get(article.id)) if s.end > s.start]
        if article.published is not None and sentences:
            day = article.published.date().isoformat()
            # The lead: the first sentence that reads as one (not a byline or a kicker).
            spans = [_span(article, s) for s in sentences]
            start, end, text = next((x for x in spans if is_briefable(x[2])), spans[0])
            _add(drafts, _Draft(day, day, "day", "published", text,
                                content_stems(stems(text)),
                                [Citation(article.id, start, end)]))  # fmt: skip
        if dated_events is not None and article.id in dated_events:
            mentions = dated_events[article.id]
        else:
            mentions = find_dates(article.text, article.published)
        for sentence in sentences:
            inside = [
                m for m in mentions
                if sentence.start <= m.start < sentence.end and m.value and not m.since
            ]  # fmt: skip
            if not inside:
                continue
            start, end, text = _span(article, sentence)
            if count_words(text) < MIN_EVENT_WORDS:
                continue
            words = content_stems(stems(text))
            seen: set[tuple[str, str]] = set()
            for mention in inside:
                value = mention.value or ""
                value_end = mention.value_end or value
                if (value, value_end) in seen:
                    continue
                seen.add((value, value_end))
                _add(drafts, _Draft(value, value_end, mention.granularity, "event", text,
                                    words, [Citation(article.id, start, end)]))  # fmt: skip
    # Stable sort: within a date, finer dates first, then story order (already applied).
    ordered = sorted(
        (d for group in drafts.values() for d in group),
        key=lambda d: (d.date, _GRANULARITY_ORDER.get(d.granularity, 3), d.date_end),
    )
    return [
        TimelineEntry(
            date=d.date,
            date_end=d.date_end,
            granularity=d.granularity,
            kind="published" if d.kind == "published" else "event",
            text=d.text,
            citations=tuple(d.citations),
        )
        for d in ordered
    ]
