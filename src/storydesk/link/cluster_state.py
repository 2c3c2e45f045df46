"""Saving and restoring an OnlineClusterer as compressed JSON.

JSON rather than pickle: the state lives in the store, and loading it must never run
code. Everything that influences later decisions is saved, including the order of
the posting lists (it decides which stories a capped look-up reads), so a resumed
clusterer makes exactly the decisions an uninterrupted one would.
"""

from __future__ import annotations

import json
import zlib
from collections import deque
from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any

from storydesk.link.article_index import ArticleIndex
from storydesk.link.cluster_params import ClusterParams
from storydesk.link.story_index import Member, StoryIndex, StoryRecord
from storydesk.link.tfidf import OnlineIdf

if TYPE_CHECKING:
    from storydesk.link.cluster import OnlineClusterer

STATE_VERSION = 1


def dump_state(c: OnlineClusterer) -> bytes:
    state: dict[str, Any] = {
        "version": STATE_VERSION,
        "params": asdict(c.params),
        "idf": {"n_docs": c.idf.n_docs, "df": c.idf.df},
        "postings": {k: list(v) for k, v in c.index.postings.items()},
        "article_postings": c.articles.postings,
        "stories": [_story_to_json(s) for s in c._stories.values()],
        "alias": c._alias,
        "article_story": c._article_story,
        "next_story": c._next_story,
        "next_seq": c._next_seq,
        "clock": c._clock,
        "recent_new": list(c._recent_new),
    }
    # Level 1: the state of a long stream is tens of MB; speed matters more than size.
    return zlib.compress(json.dumps(state, separators=(",", ":")).encode("utf-8"), 1)


def load_state(c: OnlineClusterer, data: bytes) -> None:
    state = json.loads(zlib.decompress(data).decode("utf-8"))
    if state.get("version") != STATE_VERSION:
        raise ValueError(f"unsupported clusterer state version {state.get('version')!r}")
    known = {f.name for f in fields(ClusterParams)}
    c.params = ClusterParams(**{k: v for k, v in state["params"].items() if k in known})
    c.idf = OnlineIdf(state["idf"]["n_docs"], state["idf"]["df"])
    c.index = StoryIndex({k: dict.fromkeys(v) for k, v in state["postings"].items()})
    c.articles = ArticleIndex(state["article_postings"])
    c._stories = {}
    for raw in state["stories"]:
        story = _story_from_json(raw)
        c._stories[story.id] = story
    c._alias = state["alias"]
    c._article_story = state["article_story"]
    c._next_story = state["next_story"]
    c._next_seq = state["next_seq"]
    c._clock = state["clock"]
    c._recent_new = deque((int(seq), str(sid)) for seq, sid in state.get("recent_new", []))


def _story_to_json(s: StoryRecord) -> dict[str, Any]:
    raw = asdict(s)
    raw["members"] = [
        [m.article_id, m.published, m.effective, m.seq, m.title] for m in s.members
    ]
    return raw


def _story_from_json(raw: dict[str, Any]) -> StoryRecord:
    members = [Member(*m) for m in raw.pop("members")]
    return StoryRecord(members=members, **raw)
