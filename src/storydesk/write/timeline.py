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

import bisect
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storydesk.analyze.dates import find_dates
from storydesk.model import Analysis, Article, Citation, DateMention, Sentence, TimelineEntry
from storydesk.write.brief import story_order
from storydesk.write.brief_near import jaccard
from storydesk.write.brief_params import DEFAULT, BriefParams
from storydesk.write.brief_text import (
    content_stems,
    count_words,
    is_briefable,
    stems,
    trim_dateline,
)

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


class _SameDate:
    """The entries of one date, indexed so that a new sentence is compared only with
    entries it could match. Two word sets with Jaccard >= t share a word among the
    first |A| - ceil(t|A|) + 1 of each in one global order (prefix filtering, as in
    brief_near), so only entries sharing such a word are candidates: a story whose
    thousands of sentences all say "on Friday" stays linear."""

    def __init__(self, rank: Mapping[str, int], same_wording: float) -> None:
        self.rank = rank
        self.same_wording = same_wording
        self.drafts: list[_Draft] = []
        self.index: dict[str, list[int]] = {}

    def _prefix(self, words: set[str]) -> list[str]:
        ranked = sorted(words, key=lambda w: (self.rank.get(w, 0), w))
        return ranked[: len(words) - math.ceil(self.same_wording * len(words)) + 1]

    def add(self, draft: _Draft) -> None:
        """Add `draft`, or fold its citation into the first entry reporting the same
        event (the first in the order entries were added, as a scan would find it)."""
        prefix = self._prefix(draft.words)
        candidates = sorted({i for word in prefix for i in self.index.get(word, ())})
        for i in candidates:
            existing = self.drafts[i]
            if jaccard(existing.words, draft.words) >= self.same_wording:
                cited = {c.article_id for c in existing.citations}
                existing.citations.extend(c for c in draft.citations if c.article_id not in cited)
                return
        for word in prefix:
            self.index.setdefault(word, []).append(len(self.drafts))
        self.drafts.append(draft)


def _inside(mentions: Sequence[DateMention], starts: list[int], sentence: Sentence
            ) -> list[DateMention]:  # fmt: skip
    """The resolved date mentions (not "since") starting within `sentence`; mentions
    sorted by start, `starts` their starts."""
    low = bisect.bisect_left(starts, sentence.start)
    high = bisect.bisect_left(starts, sentence.end)
    return [m for m in mentions[low:high] if m.value and not m.since]


def build_timeline(
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    dated_events: Mapping[str, Sequence[DateMention]] | None = None,
    *,
    params: BriefParams = DEFAULT,
) -> list[TimelineEntry]:
    """The dated entries of a story, in date order (earliest article first on a tie).

    `dated_events` maps an article id to its resolved date mentions (as
    `extract_claims` produced them); an article missing from it is read with
    `find_dates` against its publication date. `params`: the thresholds (`brief_params`).
    """
    found: list[_Draft] = []  # in story order; merged per date below
    for article in story_order(articles):
        sentences = [s for s in _sentences(article, analyses.get(article.id)) if s.end > s.start]
        if article.published is not None and sentences:
            day = article.published.date().isoformat()
            # The lead: the first sentence that reads as one (not a byline or a kicker).
            lead = next((s for s in sentences if is_briefable(_span(article, s)[2], params=params)),
                        sentences[0])  # fmt: skip
            start, end, text = _span(article, lead)
            found.append(_Draft(day, day, "day", "published", text, content_stems(stems(text)),
                                [Citation(article.id, start, end)]))  # fmt: skip
        if dated_events is not None and article.id in dated_events:
            mentions = dated_events[article.id]
        else:
            mentions = find_dates(article.text, article.published)
        mentions = sorted(mentions, key=lambda m: m.start)
        starts = [m.start for m in mentions]
        for sentence in sentences:
            inside = _inside(mentions, starts, sentence)
            if not inside:
                continue
            start, end, text = _span(article, sentence)
            if count_words(text) < params.min_event_words:
                continue
            words = content_stems(stems(text))
            seen: set[tuple[str, str]] = set()
            for mention in inside:
                value = mention.value or ""
                value_end = mention.value_end or value
                if (value, value_end) in seen:
                    continue
                seen.add((value, value_end))
                found.append(_Draft(value, value_end, mention.granularity, "event", text,
                                    words, [Citation(article.id, start, end)]))  # fmt: skip
    # Rarest words first in every prefix: they make the fewest candidates.
    frequency = Counter(w for draft in found for w in draft.words)
    drafts: dict[_Key, _SameDate] = {}
    for draft in found:
        key = (draft.kind, draft.date, draft.date_end)
        drafts.setdefault(key, _SameDate(frequency, params.same_wording)).add(draft)
    # Stable sort: within a date, finer dates first, then story order (already applied).
    ordered = sorted(
        (d for group in drafts.values() for d in group.drafts),
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
