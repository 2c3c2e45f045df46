"""Saving and restoring the online clusterer's state as compressed JSON.

JSON rather than pickle: the state lives in the store, and loading it must never run
code. Everything that influences later decisions is saved, including the order of
the posting lists (it decides which stories a capped look-up reads), so a resumed
clusterer makes exactly the decisions an uninterrupted one would.
"""

from __future__ import annotations

import json
import zlib
from collections import deque
from dataclasses import asdict, dataclass, fields
from typing import Any

from storydesk.link.article_index import ArticleIndex
from storydesk.link.cluster_params import ClusterParams
from storydesk.link.story_index import Member, StoryIndex, StoryRecord
from storydesk.link.tfidf import OnlineIdf

STATE_VERSION = 1


@dataclass
class ClusterState:
    """Everything an `OnlineClusterer` decides from, as `to_state` saves it."""

    params: ClusterParams
    idf: OnlineIdf
    index: StoryIndex
    articles: ArticleIndex
    stories: dict[str, StoryRecord]  # live stories by id, in creation order
    alias: dict[str, str]  # merged id -> id it was merged into
    article_story: dict[str, str]
    next_story: int
    next_seq: int
    clock: float | None  # latest publication time seen
    recent_new: deque[tuple[int, str]]  # (arrival seq, id) of recently started stories


def dump_state(s: ClusterState) -> bytes:
    state: dict[str, Any] = {
        "version": STATE_VERSION,
        "params": asdict(s.params),
        "idf": {"n_docs": s.idf.n_docs, "df": s.idf.df},
        "postings": {k: list(v) for k, v in s.index.postings.items()},
        "article_postings": s.articles.postings,
        "stories": [_story_to_json(story) for story in s.stories.values()],
        "alias": s.alias,
        "article_story": s.article_story,
        "next_story": s.next_story,
        "next_seq": s.next_seq,
        "clock": s.clock,
        "recent_new": list(s.recent_new),
    }
    # Level 1: the state of a long stream is tens of MB; speed matters more than size.
    return zlib.compress(json.dumps(state, separators=(",", ":")).encode("utf-8"), 1)


def load_state(data: bytes) -> ClusterState:
    state = json.loads(zlib.decompress(data).decode("utf-8"))
    if state.get("version") != STATE_VERSION:
        raise ValueError(f"unsupported clusterer state version {state.get('version')!r}")
    known = {f.name for f in fields(ClusterParams)}
    stories = [_story_from_json(raw) for raw in state["stories"]]
    return ClusterState(
        params=ClusterParams(**{k: v for k, v in state["params"].items() if k in known}),
        idf=OnlineIdf(state["idf"]["n_docs"], state["idf"]["df"]),
        index=StoryIndex({k: dict.fromkeys(v) for k, v in state["postings"].items()}),
        articles=ArticleIndex(state["article_postings"]),
        stories={story.id: story for story in stories},
        alias=state["alias"],
        article_story=state["article_story"],
        next_story=state["next_story"],
        next_seq=state["next_seq"],
        clock=state["clock"],
        recent_new=deque((int(seq), str(sid)) for seq, sid in state.get("recent_new", [])),
    )


def _story_to_json(s: StoryRecord) -> dict[str, Any]:
    raw = asdict(s)
    raw["members"] = [
        [m.article_id, m.published, m.effective, m.seq, m.title] for m in s.members
    ]
    return raw


def _story_from_json(raw: dict[str, Any]) -> StoryRecord:
    members = [Member(*m) for m in raw.pop("members")]
    return StoryRecord(members=members, **raw)
