"""The online clusterer's state as rows: read where an add looks, written where it changed.

The whole state (IDF, posting lists, every story) grows with the store, while one
article reads a few dozen stories and posting lists and changes fewer. So the store
keeps it in rows (store.cluster_rows): a header (parameters and counters), one row
per story record, per document-frequency term, per article-posting term, per merged
story id and per clustered article, and one row per (term, story) story posting with
its position in the list. `open_clusterer` gives an `OnlineClusterer` whose containers
are lazy rows (link.lazy_rows) over such a source; it makes exactly the decisions
the in-memory clusterer makes. `row_changes` collects the rows it changed since it
was opened or last saved, for the caller to write in its own transaction; then
`mark_saved`. To undo an add that failed half-way, open a new clusterer: the stored
rows are still the state before it.

The story posting lists are not loaded whole: a list can hold thousands of stories
while a look-up reads only its most recent `postings_cap`. `RowStoryIndex` reads
that tail from the source and lays this session's changes over it.
"""

from __future__ import annotations

import json
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from storydesk.link.article_index import ArticleIndex
from storydesk.link.cluster import OnlineClusterer
from storydesk.link.cluster_params import ClusterParams
from storydesk.link.cluster_state import (
    ClusterState,
    params_from_json,
    params_to_json,
    story_from_json,
    story_to_json,
)
from storydesk.link.lazy_rows import LazyRows
from storydesk.link.story_index import StoryIndex, StoryRecord
from storydesk.link.tfidf import OnlineIdf

HEADER_VERSION = 1

Postings = dict[str, list[tuple[str, float]]]  # term -> (story id, weight), most recent first


class ClusterRowSource(Protocol):
    """Where the rows are read from (the store). Each method reads many keys at once
    and leaves absent keys out of its answer."""

    def cluster_header(self) -> bytes | None: ...
    def cluster_df(self, terms: Sequence[str]) -> dict[str, int]: ...
    def cluster_stories(self, ids: Sequence[str]) -> dict[str, bytes]: ...
    def cluster_aliases(self, ids: Sequence[str]) -> dict[str, str]: ...
    def cluster_article_stories(self, ids: Sequence[str]) -> dict[str, str]: ...
    def cluster_article_postings(self, terms: Sequence[str]) -> dict[str, str]: ...

    def cluster_story_postings(self, limits: Mapping[str, int]) -> Postings:
        """Up to `limits[term]` entries of each term's list, most recent first."""
        ...


@dataclass
class ClusterRowChanges:
    """Rows to write: values to insert or replace, and rows to delete."""

    header: bytes
    df: dict[str, int]
    stories: dict[str, bytes]  # packed StoryRecord
    stories_deleted: list[str]
    postings_deleted: list[tuple[str, str]]  # (term, story id)
    postings_added: list[tuple[str, str, int, float]]  # (term, story id, position, weight)
    article_postings: dict[str, str]  # JSON [[article id, weight], ...], oldest first
    aliases: dict[str, str]
    article_stories: dict[str, str]
    next_pos: int  # the story postings' next position once these are written


# ---- encoding ----------------------------------------------------------------------


def pack_story(story: StoryRecord) -> bytes:
    # zlib level 1: a grown story's member terms run to tens of KB of JSON, and a
    # story is written at every change, so speed matters more than the last byte.
    text = json.dumps(story_to_json(story), separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 1)


def unpack_story(data: bytes) -> StoryRecord:
    return story_from_json(json.loads(zlib.decompress(data).decode("utf-8")))


def _pack_plist(plist: Mapping[str, float]) -> str:
    return json.dumps(list(plist.items()), separators=(",", ":"))


def _unpack_plist(text: str) -> dict[str, float]:
    return {aid: weight for aid, weight in json.loads(text)}


def _header(state: ClusterState, next_pos: int) -> bytes:
    raw = {
        "version": HEADER_VERSION,
        "params": params_to_json(state.params),
        "n_docs": state.idf.n_docs,
        "next_story": state.next_story,
        "next_seq": state.next_seq,
        "clock": state.clock,
        "recent_new": list(state.recent_new),
        "next_pos": next_pos,
    }
    return json.dumps(raw, separators=(",", ":")).encode("utf-8")


# ---- the lazy parts -----------------------------------------------------------------


class RowIdf(OnlineIdf):
    """Document frequencies in lazy rows: each bulk use loads its terms in one go."""

    df: LazyRows[int]

    def observe(self, terms: Iterable[str]) -> None:
        terms = list(terms)
        known = self.df.loaded(terms)
        self.n_docs += 1
        counts: dict[str, int] = {}
        for term in terms:
            counts[term] = counts.get(term, known.get(term, 0)) + 1
        self.df.set_many(counts)

    def _frequencies(self, terms: Iterable[str]) -> Mapping[str, int]:
        return self.df.loaded(terms)


@dataclass
class _Tail:
    limit: int  # entries asked for
    rows: list[tuple[str, float]]  # as stored, most recent first
    whole: bool  # fewer than `limit` came back: this is the whole stored list


class RowStoryIndex(StoryIndex):
    """Story posting lists in rows: the stored lists, read from their recent end, with
    this session's removals and appends laid over them.

    An append goes to the recent end (a re-posted story moves there) and hides the
    story's stored entry under that key, exactly as the in-memory lists behave."""

    def __init__(self, load: Callable[[Mapping[str, int]], Postings], next_pos: int) -> None:
        super().__init__()
        self._load = load
        self.next_pos = next_pos  # position of the next stored append, over all terms
        self._added: dict[str, dict[str, float]] = {}  # appended since saved, in order
        self._hidden: dict[str, set[str]] = {}  # stored entries removed or re-appended
        self._tails: dict[str, _Tail] = {}

    def recent(self, keys: list[str], per_key: int) -> dict[str, list[tuple[str, float]]]:
        # Enough stored entries that `per_key` remain once the hidden ones are skipped.
        limits: dict[str, int] = {}
        for key in keys:
            need = per_key + len(self._hidden.get(key, ()))
            tail = self._tails.get(key)
            if tail is None or (not tail.whole and tail.limit < need):
                limits[key] = need
        if limits:
            found = self._load(limits)
            for key, limit in limits.items():
                rows = found.get(key, [])
                self._tails[key] = _Tail(limit, rows, len(rows) < limit)
        out: dict[str, list[tuple[str, float]]] = {}
        for key in keys:
            added = self._added.get(key)
            entries = list(reversed(added.items()))[:per_key] if added else []
            if len(entries) < per_key:
                hidden = self._hidden.get(key, set())
                stored = (e for e in self._tails[key].rows if e[0] not in hidden)
                for entry in stored:
                    entries.append(entry)
                    if len(entries) == per_key:
                        break
            if entries:
                out[key] = entries
        return out

    def _append(self, key: str, story_id: str, weight: float) -> None:
        added = self._added.setdefault(key, {})
        added.pop(story_id, None)
        added[story_id] = weight
        self._hidden.setdefault(key, set()).add(story_id)

    def _remove(self, key: str, story_id: str) -> None:
        added = self._added.get(key)
        if added is not None:
            added.pop(story_id, None)
        self._hidden.setdefault(key, set()).add(story_id)

    def changes(self) -> tuple[list[tuple[str, str]], list[tuple[str, str, int, float]], int]:
        """(stored entries to delete, entries to add with their positions, next position)."""
        deleted = [(key, sid) for key, ids in self._hidden.items() for sid in ids]
        added: list[tuple[str, str, int, float]] = []
        pos = self.next_pos
        for key, plist in self._added.items():
            for sid, weight in plist.items():  # in order of appending
                added.append((key, sid, pos, weight))
                pos += 1
        return deleted, added, pos

    def saved(self, next_pos: int) -> None:
        self.next_pos = next_pos
        self._added.clear()
        self._hidden.clear()
        self._tails.clear()  # the stored lists changed under them


# ---- opening and saving -----------------------------------------------------------


def open_clusterer(source: ClusterRowSource) -> OnlineClusterer:
    """A clusterer on the rows `source` holds (a new one when it holds none)."""
    data = source.cluster_header()
    header: dict[str, Any] = json.loads(data) if data else {}
    if header and header.get("version") != HEADER_VERSION:
        raise ValueError(f"unsupported clusterer rows version {header.get('version')!r}")

    def stories(ids: Sequence[str]) -> dict[str, StoryRecord]:
        return {sid: unpack_story(raw) for sid, raw in source.cluster_stories(ids).items()}

    def article_postings(terms: Sequence[str]) -> dict[str, dict[str, float]]:
        found = source.cluster_article_postings(terms)
        return {term: _unpack_plist(text) for term, text in found.items()}

    state = ClusterState(
        params=params_from_json(header["params"]) if header else ClusterParams(),
        idf=RowIdf(header.get("n_docs", 0), LazyRows(source.cluster_df)),
        index=RowStoryIndex(source.cluster_story_postings, header.get("next_pos", 0)),
        articles=ArticleIndex(LazyRows(article_postings)),
        stories=LazyRows(stories),
        alias=LazyRows(source.cluster_aliases),
        article_story=LazyRows(source.cluster_article_stories),
        next_story=header.get("next_story", 1),
        next_seq=header.get("next_seq", 0),
        clock=header.get("clock"),
        recent_new=deque((int(seq), str(sid)) for seq, sid in header.get("recent_new", [])),
    )
    return OnlineClusterer.from_parts(state)


T = TypeVar("T")


def _lazy(mapping: object, kind: type[T]) -> T:
    if not isinstance(mapping, kind):
        raise TypeError("not a clusterer opened on rows (see open_clusterer)")
    return mapping


def row_changes(clusterer: OnlineClusterer) -> ClusterRowChanges:
    """The rows `clusterer` changed since it was opened or last saved."""
    state = clusterer.parts()
    index = _lazy(state.index, RowStoryIndex)
    stories: LazyRows[StoryRecord] = _lazy(state.stories, LazyRows)
    postings: LazyRows[dict[str, float]] = _lazy(state.articles.postings, LazyRows)
    df: LazyRows[int] = _lazy(state.idf.df, LazyRows)
    alias: LazyRows[str] = _lazy(state.alias, LazyRows)
    article_story: LazyRows[str] = _lazy(state.article_story, LazyRows)
    deleted, added, next_pos = index.changes()
    return ClusterRowChanges(
        header=_header(state, next_pos),
        df=df.changed(),
        stories={sid: pack_story(s) for sid, s in stories.changed().items()},
        stories_deleted=sorted(stories.deleted()),
        postings_deleted=deleted,
        postings_added=added,
        article_postings={t: _pack_plist(p) for t, p in postings.changed().items()},
        aliases=alias.changed(),
        article_stories=article_story.changed(),
        next_pos=next_pos,
    )


def mark_saved(clusterer: OnlineClusterer, changes: ClusterRowChanges) -> None:
    """`changes` (from `row_changes`) were written: they are no longer pending."""
    state = clusterer.parts()
    lazies = (state.stories, state.articles.postings, state.idf.df, state.alias,
              state.article_story)  # fmt: skip
    for part in lazies:
        _lazy(part, LazyRows).saved()
    _lazy(state.index, RowStoryIndex).saved(changes.next_pos)


def state_rows(state: ClusterState) -> ClusterRowChanges:
    """Every row of a whole in-memory state (a clusterer saved as one blob)."""
    added: list[tuple[str, str, int, float]] = []
    for key, plist in state.index.postings.items():
        for sid, weight in plist.items():  # oldest first: positions keep the order
            added.append((key, sid, len(added), weight))
    return ClusterRowChanges(
        header=_header(state, len(added)),
        df=dict(state.idf.df),
        stories={sid: pack_story(s) for sid, s in state.stories.items()},
        stories_deleted=[],
        postings_deleted=[],
        postings_added=added,
        article_postings={t: _pack_plist(p) for t, p in state.articles.postings.items()},
        aliases=dict(state.alias),
        article_stories=dict(state.article_story),
        next_pos=len(added),
    )
