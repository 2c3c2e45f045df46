"""The online clusterer's state, and saving it whole as compressed JSON.

JSON rather than pickle: the state lives in the store, and loading it must never run
code. Everything that influences later decisions is saved, including the order of
the posting lists (it decides which stories a capped look-up reads), so a resumed
clusterer makes exactly the decisions an uninterrupted one would.

The store keeps the state in rows (link.cluster_rows), read and written only where
an add touches it; the whole-state blob remains for the in-memory clusterer
(`OnlineClusterer.to_state`) and to read stores written before the rows existed.
"""

from __future__ import annotations

import json
import zlib
from collections import deque
from collections.abc import MutableMapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from storydesk.link.article_index import ArticleIndex
from storydesk.link.cluster_params import ClusterParams
from storydesk.link.story_index import Member, StoryIndex, StoryRecord
from storydesk.link.tfidf import OnlineIdf

STATE_VERSION = 1


@dataclass
class ClusterState:
    """Everything an `OnlineClusterer` decides from, as `to_state` saves it. The
    mappings are dicts in memory, or lazy rows (link.lazy_rows) over a store."""

    params: ClusterParams
    idf: OnlineIdf
    index: StoryIndex
    articles: ArticleIndex
    stories: MutableMapping[str, StoryRecord]  # live stories by id, in creation order
    alias: MutableMapping[str, str]  # merged id -> id it was merged into
    article_story: MutableMapping[str, str]
    next_story: int
    next_seq: int
    clock: float | None  # latest publication time seen
    recent_new: deque[tuple[int, str]]  # (arrival seq, id) of recently started stories


def dump_state(s: ClusterState) -> bytes:
    state: dict[str, Any] = {
        "version": STATE_VERSION,
        "params": params_to_json(s.params),
        "idf": {"n_docs": s.idf.n_docs, "df": s.idf.df},
        "postings": {k: list(v) for k, v in s.index.postings.items()},
        "article_postings": s.articles.postings,
        "stories": [story_to_json(story) for story in s.stories.values()],
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
    stories = {story.id: story for story in map(story_from_json, state["stories"])}
    # The postings were saved as ids: each weight is the story's centroid weight (see
    # StoryIndex), so it is read back from the centroid.
    postings = {
        key: {sid: stories[sid].centroid.get(key, 0.0) for sid in ids}
        for key, ids in state["postings"].items()
    }
    return ClusterState(
        params=params_from_json(state["params"]),
        idf=OnlineIdf(state["idf"]["n_docs"], state["idf"]["df"]),
        index=StoryIndex(postings),
        articles=ArticleIndex(state["article_postings"]),
        stories=stories,
        alias=state["alias"],
        article_story=state["article_story"],
        next_story=state["next_story"],
        next_seq=state["next_seq"],
        clock=state["clock"],
        recent_new=deque((int(seq), str(sid)) for seq, sid in state.get("recent_new", [])),
    )


def params_from_json(raw: dict[str, Any]) -> ClusterParams:
    """Saved parameters; a knob this version no longer has is ignored."""
    known = {f.name for f in fields(ClusterParams)}
    return ClusterParams(**{k: v for k, v in raw.items() if k in known})


def params_to_json(params: ClusterParams) -> dict[str, Any]:
    return asdict(params)


def story_to_json(s: StoryRecord) -> dict[str, Any]:
    # Field by field rather than dataclasses.asdict, which deep-copies every dict: a
    # grown story holds thousands of member terms, and the row store saves a story at
    # every change.
    raw = {f.name: getattr(s, f.name) for f in fields(StoryRecord)}
    raw["members"] = [
        [m.article_id, m.published, m.effective, m.seq, m.title] for m in s.members
    ]
    return raw


def story_from_json(raw: dict[str, Any]) -> StoryRecord:
    members = [Member(*m) for m in raw.pop("members")]
    return StoryRecord(members=members, **raw)
