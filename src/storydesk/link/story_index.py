"""Stories as the clusterer keeps them, and the inverted index that finds candidates.

A story keeps the running sum of its members' term vectors (words and entities); its
centroid (the heaviest terms only, re-weighted with the current IDF) is what articles
are compared with. The index posts each story under its heaviest terms, so a
new article meets only the stories that share one of its own heaviest terms. Each
posting list keeps stories in order of their last update and is read from the most
recent end, up to a cap: the cost of a look-up stays flat however many stories exist,
and the stories it drops are the ones a news stream has moved on from.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from itertools import islice

from storydesk.link.tfidf import OnlineIdf, Vector, normalise, top_terms, words


@dataclass
class Member:
    """One article of a story, as the story needs to remember it."""

    article_id: str
    published: float | None  # POSIX seconds, None when the article had no date
    effective: float  # published, or the stream clock when it arrived undated
    seq: int  # arrival order, the tie-breaker for equal times
    title: str


@dataclass
class StoryRecord:
    id: str
    seq: int  # creation order: the older of two merged stories keeps its id
    members: list[Member] = field(default_factory=list)
    term_sum: dict[str, float] = field(default_factory=dict)
    centroid: Vector = field(default_factory=dict)
    first: float | None = None  # earliest and latest dated member
    last: float | None = None
    aliases: list[str] = field(default_factory=list)
    posted: list[str] = field(default_factory=list)  # index keys the story is posted under
    join_sum: float = 0.0  # sum of the scores with which articles joined...
    joins: int = 0  # ...and how many did (the founding report and merges excluded)
    # Each member's own heaviest (idf-free) terms, so that a story that mixed two
    # topics while it was small can later be split by its members (cluster_split).
    member_terms: dict[str, dict[str, float]] = field(default_factory=dict)
    split_check: int = 0  # size at which the story is next checked for a split
    split_from: str | None = None  # the story this one was split off

    def gap_days(self, when: float | None) -> float:
        """Days between `when` and the story's time span (0 inside it or when unknown)."""
        if when is None or self.first is None or self.last is None:
            return 0.0
        if when < self.first:
            return (self.first - when) / 86400.0
        if when > self.last:
            return (when - self.last) / 86400.0
        return 0.0

    def absorb(self, terms: Vector, member: Member, score: float | None = None) -> None:
        """Add one member's (idf-free, normalised) term weights; `score` is what it
        joined with (None for the report that started the story)."""
        self.members.append(member)
        if score is not None:
            self.join_sum += score
            self.joins += 1
        _accumulate(self.term_sum, terms)
        if member.published is not None:
            t = member.published
            self.first = t if self.first is None else min(self.first, t)
            self.last = t if self.last is None else max(self.last, t)

    def cohesion(self, min_joins: int) -> float:
        """Mean score with which articles joined, once `min_joins` have (else 0): how
        tight the story is, so that an outlier can be told from a typical member."""
        return self.join_sum / self.joins if self.joins >= min_joins else 0.0

    def absorb_story(self, other: StoryRecord) -> None:
        self.members.extend(other.members)
        self.members.sort(key=lambda m: m.seq)
        _accumulate(self.term_sum, other.term_sum)
        self.member_terms.update(other.member_terms)
        self.join_sum += other.join_sum
        self.joins += other.joins
        for t in (other.first, other.last):
            if t is not None:
                self.first = t if self.first is None else min(self.first, t)
                self.last = t if self.last is None else max(self.last, t)
        self.aliases.extend([other.id, *other.aliases])

    def representative_title(self) -> str:
        """The member title that best covers the story's central terms."""
        best, best_score = "", -1.0
        for m in self.members:
            terms = set(words(m.title))
            if not terms:
                continue
            score = sum(self.centroid.get(t, 0.0) for t in terms) / math.sqrt(len(terms) + 2)
            if score > best_score:
                best, best_score = m.title, score
        return best or (self.members[0].title if self.members else "")

    def refresh(self, idf: OnlineIdf, centroid_terms: int, max_sum_terms: int) -> None:
        """Recompute the centroids with the current IDF, keeping the heaviest terms."""
        self.term_sum = _cap(self.term_sum, max_sum_terms)
        self.centroid = _centroid(self.term_sum, idf, centroid_terms)


def _accumulate(total: dict[str, float], vec: Vector) -> None:
    for t, w in vec.items():
        total[t] = total.get(t, 0.0) + w


def _cap(weights: dict[str, float], limit: int) -> dict[str, float]:
    """Bound a story's memory: a story of thousands of reports keeps its main vocabulary."""
    if len(weights) <= limit:
        return weights
    return {t: weights[t] for t in top_terms(weights, limit)}


def _centroid(weights: dict[str, float], idf: OnlineIdf, k: int) -> Vector:
    weighted = idf.weights(weights)
    return normalise({t: weighted[t] for t in top_terms(weighted, k)})


class StoryIndex:
    """Posting lists: index key -> {story id: the key's centroid weight in that story},
    least recently updated first.

    The weight is the story's centroid weight for the key when it was posted. A
    centroid changes only when the story is refreshed, and every refresh re-posts the
    story, so the stored weight is always the centroid's own: scoring the candidates
    needs no story record. The in-memory lists live in `postings`; a row-backed index
    (link.cluster_rows) overrides the three storage methods at the end."""

    def __init__(self, postings: dict[str, dict[str, float]] | None = None) -> None:
        self.postings: dict[str, dict[str, float]] = postings if postings is not None else {}

    def post(self, story: StoryRecord, keys: list[str]) -> None:
        """(Re)post a story under `keys`, moving it to the recent end of each list."""
        self.unpost(story)
        centroid = story.centroid
        for key in keys:
            self._append(key, story.id, centroid.get(key, 0.0))
        story.posted = keys

    def unpost(self, story: StoryRecord) -> None:
        for key in story.posted:
            self._remove(key, story.id)
        story.posted = []

    def candidates(self, query: list[tuple[str, float]], per_key: int, limit: int) -> list[str]:
        """Story ids sharing the query's keys, best approximate overlap first."""
        recent = self.recent([key for key, _ in query], per_key)
        scores: dict[str, float] = {}
        for key, weight in query:
            for sid, posted in recent.get(key, ()):
                scores[sid] = scores.get(sid, 0.0) + weight * posted
        return heapq.nlargest(limit, scores, key=scores.__getitem__)

    # ---- storage ----------------------------------------------------------------------

    def recent(self, keys: list[str], per_key: int) -> dict[str, list[tuple[str, float]]]:
        """Up to `per_key` (story id, weight) of each key's list, most recent first."""
        out: dict[str, list[tuple[str, float]]] = {}
        for key in keys:
            plist = self.postings.get(key)
            if plist:
                out[key] = list(islice(reversed(plist.items()), per_key))
        return out

    def _append(self, key: str, story_id: str, weight: float) -> None:
        self.postings.setdefault(key, {})[story_id] = weight

    def _remove(self, key: str, story_id: str) -> None:
        plist = self.postings.get(key)
        if plist is not None:
            plist.pop(story_id, None)
            if not plist:
                del self.postings[key]
