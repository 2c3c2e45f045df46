"""Online split: undo a mix of two topics that happened while a story was small.

A story of one to three reports is joined (or merged into) on little evidence, and
once two topics share a story both keep joining it. So when a story grows past
given sizes (``split_first``, then each ``split_growth`` times larger) its members
are clustered in two (2-means on cosine, seeded by the member farthest from the
story and the member farthest from that one). If both groups hold at least
``split_min`` members and their centroids' cosine, over how tight the groups
are, is below the split threshold (``split_short`` to ``split_long`` by length),
the group with the oldest member keeps the story id and the other becomes a new
story (``split_from`` names the story it came from). Only articles already seen
are used. The moved articles' earlier Assignments are not rewritten: the
Assignment of the article that set the split off names the other story in
``split_into``, so the caller saves both stories again.

The clusterer decides with ``split_off`` (which members go) and moves them with
``carve``; both work on the story records alone, so this module knows nothing of
the clusterer.
"""

from __future__ import annotations

import math

from storydesk.link.cluster_params import ClusterParams
from storydesk.link.story_index import StoryRecord, _accumulate, _centroid
from storydesk.link.tfidf import OnlineIdf, Vector, dot, normalise, top_terms

_ROUNDS = 8  # 2-means converges in a few rounds on a few dozen members


def remember(story: StoryRecord, article_id: str, tf: Vector, vec: Vector, k: int) -> None:
    """Keep a member's `k` heaviest terms (chosen by TF-IDF, stored idf-free so the
    split re-weighs them with the IDF of its own time), bounding per-member state."""
    story.member_terms[article_id] = {t: tf[t] for t in top_terms(vec, k) if t in tf}


def _group_centroid(ids: list[str], story: StoryRecord, idf: OnlineIdf, terms: int) -> Vector:
    total: dict[str, float] = {}
    for aid in ids:
        _accumulate(total, story.member_terms.get(aid, {}))
    return _centroid(total, idf, terms)


def two_groups(
    story: StoryRecord, idf: OnlineIdf, terms: int
) -> tuple[list[str], list[str], float] | None:
    """Members (oldest first) in two groups, and the cosine of the groups' centroids."""
    order = [m.article_id for m in sorted(story.members, key=lambda m: m.seq)]
    vecs = {aid: normalise(idf.weights(story.member_terms.get(aid, {}))) for aid in order}
    whole = _group_centroid(order, story, idf, terms)
    # Seeds: the member least like the story, then the member least like that one.
    a = min(order, key=lambda x: dot(vecs[x], whole))
    b = min(order, key=lambda x: dot(vecs[x], vecs[a]))
    if a == b:
        return None
    ca, cb = vecs[a], vecs[b]
    groups: tuple[list[str], list[str]] = ([], [])
    for _ in range(_ROUNDS):
        new: tuple[list[str], list[str]] = ([], [])
        for aid in order:
            new[0 if dot(vecs[aid], ca) >= dot(vecs[aid], cb) else 1].append(aid)
        if new == groups or not new[0] or not new[1]:
            groups = new
            break
        groups = new
        ca = _group_centroid(groups[0], story, idf, terms)
        cb = _group_centroid(groups[1], story, idf, terms)
    if not groups[0] or not groups[1]:
        return None
    ca = _group_centroid(groups[0], story, idf, terms)
    cb = _group_centroid(groups[1], story, idf, terms)
    # Two halves of one topic can be as far apart as two topics of a loose story;
    # what tells them apart is the gap between the groups against their tightness.
    tight = min(
        sum(dot(vecs[x], ca) for x in groups[0]) / len(groups[0]),
        sum(dot(vecs[x], cb) for x in groups[1]) / len(groups[1]),
    )
    first, second = groups if order.index(groups[0][0]) == 0 else groups[::-1]
    return first, second, dot(ca, cb) / max(tight, 1e-9)


def split_off(story: StoryRecord, idf: OnlineIdf, p: ClusterParams) -> set[str] | None:
    """The members to split off `story` if it reached a check size and holds two
    apart groups, or None (the check size moves on either way)."""
    size = len(story.members)
    if not story.split_check:
        story.split_check = p.split_first
    if size < story.split_check:
        return None
    story.split_check = max(size + 1, math.ceil(size * p.split_growth))
    found = two_groups(story, idf, p.centroid_terms)
    if found is None:
        return None
    keep_ids, move_ids, ratio = found
    # Like the join thresholds, the split threshold depends on the texts' length:
    # 2-means on headlines of a few words is noisier than on full reports.
    terms = sum(len(t) for t in story.member_terms.values()) / max(len(story.member_terms), 1)
    threshold = p.length_threshold(round(terms), p.split_short, p.split_long)
    if min(len(keep_ids), len(move_ids)) < p.split_min or ratio >= threshold:
        return None
    return set(move_ids)


def carve(story: StoryRecord, new: StoryRecord, move: set[str]) -> None:
    """Move the members in `move` from `story` to the empty story `new`; the caller
    re-points the moved articles at `new` and refreshes both stories."""
    new.split_from = story.id
    mean = story.join_sum / story.joins if story.joins else 0.0
    kept = [m for m in story.members if m.article_id not in move]
    moved = [m for m in story.members if m.article_id in move]
    for record, members in ((story, kept), (new, moved)):
        terms = {m.article_id: story.member_terms.get(m.article_id, {}) for m in members}
        record.members, record.member_terms, record.term_sum = [], terms, {}
        record.first = record.last = None
        for m in members:
            record.absorb(terms[m.article_id], m)
        # Join scores were not kept per member: each part keeps the story's mean.
        record.joins = len(members) - 1
        record.join_sum = mean * record.joins
        record.split_check = max(record.split_check, len(members) + 1)
