"""Online story clustering: one pass over articles in publication order.

Public API
----------
``OnlineClusterer(params: ClusterParams | None = None)``
    ``add(article: Article, analysis: Analysis | None = None) -> Assignment``
        Put one article into a story (an existing one or a new one). Articles should
        arrive in publication order; ``add_many`` sorts a batch for you.
    ``add_many(articles: Sequence[Article], analyses: Sequence[Analysis | None] | None)
        -> list[Assignment]``  in input order, processed in publication order.
    ``stories() -> list[Story]``  every live story, oldest first; a story's
        ``article_ids`` are ordered by time and ``aliases`` lists the stories merged in.
    ``story(story_id: str) -> Story | None``  also resolves a merged (alias) id.
    ``story_of(article_id: str) -> str | None``  the live story holding an article.
    ``aliases() -> dict[str, str]``  merged story id -> the id it lives on as.
    ``similarity(a: Article, b: Article, analysis_a=None, analysis_b=None)
        -> tuple[float, float]``  the score ``b`` would get against a story made of
        ``a`` alone, and the threshold it would need to join it (current IDF; no
        state changes).
    ``live_id(story_id: str) -> str``  the id a (possibly merged) story lives on as.
    ``to_state() -> bytes`` / ``OnlineClusterer.from_state(data: bytes)``  the whole
        clusterer (IDF, stories, index, aliases) as compressed JSON, to persist between
        runs; resuming gives exactly the stories an uninterrupted run gives.
    ``parts() -> ClusterState`` / ``OnlineClusterer.from_parts(state)``  the live
        containers themselves: the store keeps them as rows read on demand
        (``link.cluster_rows``), where ``stories``, ``aliases`` and ``to_state``, which
        read every story, are not available.
``Assignment``: ``article_id``, ``story_id`` (None when unassigned), ``new_story``,
    ``score``, ``reason``, ``merged`` (ids of stories merged into ``story_id``),
    ``split_into`` (the other story of a split this article set off, if any),
    ``rehomed`` (stories that a sweep run after this article gave lone reports to).

How an article is placed
------------------------
1. Its title and lead become a TF-IDF vector, IDF learned online from the articles
   already seen (never from later ones). Named entities, when an ``Analysis`` is
   given, join the vector as extra terms ("e:netanyahu"), so a surname or a place
   written differently in the body still counts once as an entity. An article with
   no usable words is left unassigned.
2. Candidate stories come from an inverted index over the stories' heaviest terms
   (``StoryIndex``), never from a scan of every story.
3. Score = cosine with the story centroid (or, if higher, the votes of the
   article's nearest earlier articles for that story, from ``ArticleIndex``) times a time
   decay on the distance in days from the article's date to the story's time span,
   down to a floor; beyond ``max_gap_days`` a story cannot take the article at all.
   An undated article is not decayed.
4. The best candidate at or above the join threshold (which depends on the
   article's length and, for a grown story, on how closely its members joined it,
   see ``ClusterParams``) takes the article; otherwise a new story starts. Ids are
   "S000001", "S000002", ... in creation order.
5. A story that grew is compared with its own candidates: two stories whose
   centroids converge (the merge threshold) merge into the older id, and the
   younger id is recorded as an alias (``Story.aliases``, ``aliases()``).
6. A story that reached a check size may split in two (``cluster_split``): the
   split-off part gets a new id, its articles move there, and the ``Assignment``
   names the other story in ``split_into`` so that both are saved again.
7. Every ``sweep_every`` articles, the lone reports among the most recent
   ``sweep_window`` are offered again to their best grown candidate story, at its
   join threshold: a report that came before its topic's story had grown joins it
   now (its story of one becomes an alias of the grown story, which keeps its id;
   ``Assignment.rehomed`` names the stories).

Parameters: see ``storydesk.link.cluster_params``; how they were tuned: bench/TUNING.md.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from storydesk.link.article_index import ArticleIndex
from storydesk.link.cluster_order import publication_order
from storydesk.link.cluster_params import ClusterParams
from storydesk.link.cluster_split import carve, remember, split_off
from storydesk.link.cluster_state import ClusterState, dump_state, load_state
from storydesk.link.lazy_rows import prefetch
from storydesk.link.story_index import Member, StoryIndex, StoryRecord
from storydesk.link.tfidf import (
    OnlineIdf,
    Vector,
    article_terms,
    dot,
    entity_terms,
    normalise,
    top_terms,
    weigh,
)
from storydesk.model import Analysis, Article, Story


@dataclass(frozen=True)
class Assignment:
    """Where one article went, and why (`reason` is one line for logs and the CLI)."""

    article_id: str
    story_id: str | None
    new_story: bool
    score: float
    reason: str
    merged: tuple[str, ...] = field(default_factory=tuple)
    split_into: tuple[str, ...] = field(default_factory=tuple)  # other stories a split left
    rehomed: tuple[str, ...] = field(default_factory=tuple)  # stories a sweep added reports to


def _timestamp(when: datetime | None) -> float | None:
    return None if when is None else when.timestamp()


def _fallback_title(article: Article) -> str:
    if article.title and article.title.strip():
        return article.title.strip()
    first_line = next((ln.strip() for ln in article.text.splitlines() if ln.strip()), "")
    return first_line[:120]


class OnlineClusterer:
    """Single-pass story clustering over a stream; see the module docstring."""

    def __init__(self, params: ClusterParams | None = None) -> None:
        self.params = params or ClusterParams()
        self.idf = OnlineIdf()
        self.index = StoryIndex()
        self.articles = ArticleIndex()
        # Dicts here; lazy rows over a store when built by `from_parts`. A story changed
        # in place is assigned again (see `_update`), so lazy rows know to save it.
        self._stories: MutableMapping[str, StoryRecord] = {}
        self._alias: MutableMapping[str, str] = {}  # merged id -> id it was merged into
        self._article_story: MutableMapping[str, str] = {}
        self._next_story = 1
        self._next_seq = 0
        self._clock: float | None = None  # latest publication time seen
        # (arrival seq, id) of the stories started by the last sweep_window articles: the
        # sweep looks only at these, so its cost does not grow with the index.
        self._recent_new: deque[tuple[int, str]] = deque()

    # ---- placing articles -------------------------------------------------------

    def add(self, article: Article, analysis: Analysis | None = None) -> Assignment:
        p = self.params
        if article.id in self._article_story:
            sid = self._resolve(self._article_story[article.id])
            return Assignment(article.id, sid, False, 1.0, "already clustered")
        counts = self._counts(article, analysis)
        if not counts:
            blank = not (article.text or "").strip() and not (article.title or "").strip()
            reason = "empty article" if blank else "no content words"
            return Assignment(article.id, None, False, 0.0, f"unassigned: {reason}")
        self.idf.observe(counts)
        vec = weigh(counts, self.idf)

        published = _timestamp(article.published)
        if published is not None:
            self._clock = published if self._clock is None else max(self._clock, published)
        effective = published if published is not None else (self._clock or 0.0)
        member = Member(article.id, published, effective, self._next_seq, _fallback_title(article))
        self._next_seq += 1

        query = {t: vec[t] for t in top_terms(vec, p.query_terms)}
        near = self._near_stories(query)
        best_id, best_score = self._best_story(vec, published, near)
        if best_id is not None and best_score >= self._join_threshold(vec, best_id):
            story, new, reason = self._stories[best_id], False, "joined"
        else:
            story, new, reason = self._new_story(), True, "new story"
            self._recent_new.append((member.seq, story.id))
        tf = _tf_only(counts)
        story.absorb(tf, member, None if new else best_score)
        remember(story, article.id, tf, vec, p.member_terms)
        self._article_story[article.id] = story.id
        self._update(story)
        self.articles.add(article.id, vec, p.neighbour_terms, p.neighbour_cap)
        # A new story scored below the join threshold against every candidate, and the
        # merge thresholds are not lower: only a grown story can have converged.
        merged = [] if new else self._merge_converging(story)
        if best_id is not None and new:
            reason += f" (best candidate {best_id} scored {best_score:.3f})"
        final = self._resolve(story.id)  # the story may just have merged into an older one
        split = self._split(self._stories[final])
        rehomed = self._sweep() if p.sweep_every and self._next_seq % p.sweep_every == 0 else ()
        here = self._resolve(self._article_story[article.id])
        if split is None or split == final:  # no split, or the part merged straight back
            return Assignment(article.id, here, new, best_score, reason, tuple(merged),
                              rehomed=rehomed)  # fmt: skip
        other = self._resolve(split if here == final else final)
        reason += f" (story split: {other})"
        return Assignment(article.id, here, new, best_score, reason, tuple(merged), (other,),
                          rehomed)  # fmt: skip

    def add_many(
        self, articles: Sequence[Article], analyses: Sequence[Analysis | None] | None = None
    ) -> list[Assignment]:
        """Add a batch in publication order (undated articles keep their place after
        the dated ones before them); assignments come back in input order."""
        analyses = analyses if analyses is not None else [None] * len(articles)
        order = publication_order(articles)
        out: list[Assignment | None] = [None] * len(articles)
        for i in order:
            out[i] = self.add(articles[i], analyses[i])
        return [a for a in out if a is not None]

    def _near_stories(self, query: Vector) -> dict[str, float]:
        """Story id -> votes of the query's nearest earlier articles for their stories.

        Each neighbour adds a share of its cosine, so a story that several close
        reports belong to outvotes a single look-alike headline elsewhere."""
        near: dict[str, float] = {}
        vote = self.params.neighbour_vote
        found = self.articles.neighbours(query, self.params.neighbours)
        prefetch(self._article_story, [aid for aid, _ in found])
        prefetch(self._alias, [self._article_story[aid] for aid, _ in found])
        for aid, sim in found:
            sid = self._resolve(self._article_story[aid])
            near[sid] = min(1.0, near.get(sid, 0.0) + sim * vote)
        return near

    def _score(self, story: StoryRecord, vec: Vector, when: float | None, near: float) -> float:
        p = self.params
        sim = max(dot(vec, story.centroid), p.neighbour_weight * near)
        gap = story.gap_days(when)
        if gap > p.max_gap_days:
            return 0.0
        decay = p.decay_floor + (1.0 - p.decay_floor) * math.exp(-gap / p.decay_days)
        return sim * decay

    def _scored_candidates(
        self, vec: Vector, when: float | None, near: dict[str, float], exclude: str | None
    ) -> list[tuple[float, str]]:
        """(score, story id) of the candidate stories, best first; ties go to the
        older id, so the outcome never depends on dict order."""
        p = self.params
        query = [(t, vec[t]) for t in top_terms(vec, p.query_terms)]
        found = self.index.candidates(query, p.postings_cap, p.candidates)
        ids = [sid for sid in set(found) | near.keys() if sid != exclude]
        prefetch(self._stories, ids)
        scored = [
            (self._score(self._stories[sid], vec, when, near.get(sid, 0.0)), sid) for sid in ids
        ]
        scored.sort(key=lambda x: (-x[0], x[1]))
        return scored

    def _best_story(
        self, vec: Vector, when: float | None, near: dict[str, float]
    ) -> tuple[str | None, float]:
        """The best-scoring candidate that clears its own join threshold, or else the
        best-scoring one (which then does not clear it)."""
        scored = self._scored_candidates(vec, when, near, None)
        for score, sid in scored:
            if score >= self._join_threshold(vec, sid):
                return sid, score
        return (scored[0][1], scored[0][0]) if scored else (None, 0.0)

    def _join_threshold(self, vec: Vector, sid: str | None) -> float:
        """Joining a lone report compares two articles, whose cosine runs higher for
        unrelated pairs than an article's cosine with a grown story's centroid. A grown
        story also asks for a share of its members' mean join score: an outlier that
        joined a tight story would pull its own topic in after it."""
        p = self.params
        threshold = p.length_threshold(len(vec), p.join_short, p.join_long)
        if sid is None or len(self._stories[sid].members) == 1:
            return threshold * p.lone_story_factor
        cohesion = self._stories[sid].cohesion(p.cohesion_joins)
        return max(threshold, p.cohesion_factor * cohesion)

    def _new_story(self) -> StoryRecord:
        sid = f"S{self._next_story:06d}"
        self._next_story += 1
        story = StoryRecord(id=sid, seq=self._next_story)
        self._stories[sid] = story
        return story

    def _update(self, story: StoryRecord) -> None:
        p = self.params
        story.refresh(self.idf, p.centroid_terms, p.max_sum_terms)
        self.index.post(story, top_terms(story.centroid, p.posted_terms))
        self._stories[story.id] = story  # changed in place: lazy rows save it

    def _merge_threshold(self, a: StoryRecord, b: StoryRecord) -> float:
        """Absorbing a story of one or two reports is a late join, held to a multiple
        of the join threshold; two grown stories must agree more to become one,
        because related but distinct events (two storms, two trials) share words."""
        p = self.params
        terms = min(len(a.centroid), len(b.centroid))
        merge = p.length_threshold(terms, p.merge_short, p.merge_long)
        small = a if len(a.members) <= len(b.members) else b
        if len(small.members) <= p.late_join_size:
            join = p.length_threshold(len(small.centroid), p.join_short, p.join_long)
            return min(merge, p.late_join_factor * join)
        return merge

    def _sweep(self) -> tuple[str, ...]:
        """Offer the recent lone reports to the grown stories again: a report that
        arrived before its topic's story had grown (or while the story was about
        another facet) joins it now if it scores the join threshold against it.
        Returns the live ids of the stories that took reports."""
        p = self.params
        since = self._next_seq - p.sweep_window
        while self._recent_new and self._recent_new[0][0] < since:
            self._recent_new.popleft()
        took: list[str] = []
        prefetch(self._stories, [sid for _, sid in self._recent_new])
        for _, story_id in list(self._recent_new):
            story = self._stories.get(story_id)
            if story is None or len(story.members) != 1:
                continue  # merged, split or grown since
            vec = story.centroid
            for score, sid in self._scored_candidates(vec, story.last, {}, story.id):
                other = self._stories[sid]
                if len(other.members) < p.sweep_min_size:
                    continue
                if score >= p.sweep_factor * self._join_threshold(vec, sid):
                    # The grown story keeps its id: readers follow it, not the lone report.
                    took.append(self._merge(story, other, keep=other).id)
                break  # only the best grown candidate is offered the report
        return tuple(dict.fromkeys(self._resolve(s) for s in took))

    def _merge(
        self, a: StoryRecord, b: StoryRecord, keep: StoryRecord | None = None
    ) -> StoryRecord:
        """One story of two; `keep`'s id (by default the older one) lives on and the
        other becomes its alias."""
        if keep is None:
            keep = a if a.seq < b.seq else b
        gone = b if keep is a else a
        keep.absorb_story(gone)
        self.index.unpost(gone)
        del self._stories[gone.id]
        self._alias[gone.id] = keep.id
        for m in gone.members:
            self._article_story[m.article_id] = keep.id
        self._update(keep)
        return keep

    def _split(self, story: StoryRecord) -> str | None:
        """Split `story` if due (see `cluster_split`); the live id of the split-off part."""
        if self.params.split_long <= 0:
            return None
        move = split_off(story, self.idf, self.params)
        self._stories[story.id] = story  # its next check size may have moved
        if move is None:
            return None
        part = self._new_story()
        carve(story, part, move)
        for m in part.members:
            self._article_story[m.article_id] = part.id
        self._update(story)
        self._update(part)
        # The split-off group may belong to a story that its topic started elsewhere.
        self._merge_converging(part)
        return self._resolve(part.id)

    def _merge_converging(self, story: StoryRecord) -> list[str]:
        """Merge `story` with stories whose centroids have converged onto it."""
        merged: list[str] = []
        while True:
            scored = self._scored_candidates(story.centroid, story.last, {}, story.id)
            other = next(
                (
                    self._stories[sid]
                    for score, sid in scored
                    if score >= self._merge_threshold(story, self._stories[sid])
                ),
                None,
            )
            if other is None:
                return merged
            keep = self._merge(story, other)
            merged.append(other.id if keep is story else story.id)
            story = keep

    def similarity(
        self,
        a: Article,
        b: Article,
        analysis_a: Analysis | None = None,
        analysis_b: Analysis | None = None,
    ) -> tuple[float, float]:
        vec_a, vec_b = self._vector(a, analysis_a), self._vector(b, analysis_b)
        if not vec_a or not vec_b:
            return 0.0, self._join_threshold(vec_b, None)
        story = StoryRecord(id="", seq=0)
        story.absorb({}, Member(a.id, _timestamp(a.published), 0.0, 0, ""))
        story.centroid = vec_a
        score = self._score(story, vec_b, _timestamp(b.published), 0.0)
        return score, self._join_threshold(vec_b, None)

    def _counts(self, article: Article, analysis: Analysis | None) -> dict[str, float]:
        """Word counts plus entity keys; empty when the article has no content words
        (entities alone are not enough to place a report)."""
        counts = article_terms(article, self.params.title_weight, self.params.lead_words)
        if counts:
            for key, n in entity_terms(article, analysis).items():
                counts[key] = n * self.params.entity_weight
        return counts

    def _vector(self, article: Article, analysis: Analysis | None) -> Vector:
        return weigh(self._counts(article, analysis), self.idf)

    # ---- reading stories --------------------------------------------------------

    def _resolve(self, sid: str) -> str:
        while sid in self._alias:
            sid = self._alias[sid]
        return sid

    def live_id(self, story_id: str) -> str:
        """The id `story_id` lives on as (itself unless it was merged into another)."""
        return self._resolve(story_id)

    def aliases(self) -> dict[str, str]:
        return {old: self._resolve(old) for old in self._alias}

    def story_of(self, article_id: str) -> str | None:
        sid = self._article_story.get(article_id)
        return None if sid is None else self._resolve(sid)

    def story(self, story_id: str) -> Story | None:
        record = self._stories.get(self._resolve(story_id))
        return None if record is None else self._as_story(record)

    def stories(self) -> list[Story]:
        records = sorted(self._stories.values(), key=lambda s: s.seq)
        return [self._as_story(r) for r in records]

    def _as_story(self, record: StoryRecord) -> Story:
        members = sorted(record.members, key=lambda m: (m.effective, m.seq))
        dated = [m.published for m in members if m.published is not None]
        first = min(dated) if dated else None
        last = max(dated) if dated else None
        return Story(
            id=record.id,
            title=record.representative_title(),
            article_ids=tuple(m.article_id for m in members),
            first_seen=None if first is None else _utc(first),
            last_seen=None if last is None else _utc(last),
            aliases=tuple(record.aliases),
        )

    # ---- persistence ------------------------------------------------------------

    def parts(self) -> ClusterState:
        """The clusterer's state: its live containers (not copies) and counters."""
        return ClusterState(
            self.params, self.idf, self.index, self.articles, self._stories, self._alias,
            self._article_story, self._next_story, self._next_seq, self._clock,
            self._recent_new,
        )

    def to_state(self) -> bytes:
        return dump_state(self.parts())

    @classmethod
    def from_state(cls, data: bytes) -> OnlineClusterer:
        return cls.from_parts(load_state(data))

    @classmethod
    def from_parts(cls, state: ClusterState) -> OnlineClusterer:
        """A clusterer working on `state`'s containers (dicts or lazy rows) in place."""
        c = cls(state.params)
        c.idf, c.index, c.articles = state.idf, state.index, state.articles
        c._stories, c._alias, c._article_story = state.stories, state.alias, state.article_story
        c._next_story, c._next_seq, c._clock = state.next_story, state.next_seq, state.clock
        c._recent_new = state.recent_new
        return c


def _tf_only(counts: dict[str, float]) -> Vector:
    """Sublinear term frequencies, L2-normalised, without IDF (re-weighted later)."""
    return normalise({t: 1.0 + math.log(c) for t, c in counts.items() if c > 0})


def _utc(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, tz=UTC)
