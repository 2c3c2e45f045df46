"""The clusterer's state in store rows: the same decisions as the in-memory clusterer,
whether articles come all at once or one add at a time, a failed add rolled back, the
blob of older stores converted, and an add that reads only what it needs."""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from test_cluster import (  # the fixture streams of the clusterer's own tests
    MIXING,
    T0,
    _rehoming_stream,
    make,
    mixed_stream,
    stream,
)

from storydesk import pipeline
from storydesk.cluster_stage import CLUSTER_STATE_KEY, open_clusterer, save_clusterer
from storydesk.link.cluster import Assignment, ClusterParams, OnlineClusterer
from storydesk.link.cluster_rows import RowStoryIndex, state_rows
from storydesk.link.lazy_rows import LazyRows
from storydesk.link.story_index import StoryIndex, StoryRecord
from storydesk.model import Article, StageFailure
from storydesk.store.store import Store

SWEEPING = ClusterParams(lone_story_factor=4.0, merge_short=0.99, merge_long=0.99,
                         late_join_factor=100.0, cohesion_factor=0.0, sweep_min_size=3,
                         sweep_every=2)  # fmt: skip
MERGING = ClusterParams(join_short=0.2, join_long=0.2, merge_short=0.3, merge_long=0.3)


def merging_stream() -> list[Article]:
    """Two stories that a run of bridging reports brings together (see test_cluster)."""
    bridge = "Kessington bridge collapses; Morrow river divers rescue commuters"
    return [
        make(1, "Kessington bridge collapses", "Kessington bridge cables corroded.", 0),
        make(2, "Morrow river divers rescue commuters",
             "Divers in the Morrow river rescued commuters.", 1),
        *[make(i, bridge, "Kessington bridge cables corroded; Morrow river divers rescued "
               "commuters.", i) for i in range(3, 7)],
    ]  # fmt: skip


SCENARIOS = {
    "three events": (stream, ClusterParams()),
    "split": (mixed_stream, MIXING),
    "sweep": (_rehoming_stream, SWEEPING),
    "merge": (merging_stream, MERGING),
}


def rows(store: Store) -> dict[str, Any]:
    """Every clusterer row, in a form that compares the order where order decides:
    story records as their JSON text (term order breaks ties), posting lists in order.
    Positions themselves and the next position are left out (only order matters)."""
    db = store.db
    header = json.loads(store.cluster_header() or b"{}")
    header.pop("next_pos", None)
    postings: dict[str, list[tuple[str, float]]] = {}
    for term, sid, weight in db.execute(
        "SELECT term, story_id, weight FROM cluster_story_postings ORDER BY term, pos"
    ):
        postings.setdefault(term, []).append((sid, weight))
    return {
        "header": header,
        "stories": {
            sid: zlib.decompress(data).decode()
            for sid, data in db.execute("SELECT id, data FROM cluster_stories")
        },
        "df": dict(db.execute("SELECT term, n FROM cluster_df").fetchall()),
        "postings": postings,
        "article_postings": dict(
            db.execute("SELECT term, data FROM cluster_article_postings").fetchall()
        ),
        "aliases": dict(db.execute("SELECT alias, story_id FROM cluster_aliases").fetchall()),
        "article_stories": dict(
            db.execute("SELECT article_id, story_id FROM cluster_article_stories").fetchall()
        ),
    }


def saved(clusterer: OnlineClusterer) -> Store:
    """A new in-memory store holding `clusterer`'s whole state as rows."""
    store = Store(":memory:")
    with store.transaction():
        store.save_cluster_rows(state_rows(clusterer.parts()))
    return store


def add_and_save(store: Store, article: Article) -> Assignment:
    clusterer = open_clusterer(store)
    assignment = clusterer.add(article)
    with store.transaction():
        save_clusterer(store, clusterer)
    return assignment


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_one_add_at_a_time_on_rows_ends_in_the_rows_of_an_uninterrupted_run(
    scenario: str,
) -> None:
    make_stream, params = SCENARIOS[scenario]
    articles = make_stream()
    batch = OnlineClusterer(params)
    expected = batch.add_many(articles)

    store = saved(OnlineClusterer(params))  # an empty clusterer with these parameters
    got = [add_and_save(store, a) for a in sorted(articles, key=_when)]
    assert sorted(got, key=lambda a: a.article_id) == sorted(expected, key=lambda a: a.article_id)
    assert rows(store) == rows(saved(batch))
    reopened = open_clusterer(store)
    for story in batch.stories():
        assert reopened.story(story.id) == story
        for alias in story.aliases:
            assert reopened.live_id(alias) == story.id


def test_a_whole_chunk_on_rows_equals_one_add_at_a_time() -> None:
    articles = mixed_stream()
    one = saved(OnlineClusterer(MIXING))
    for article in articles:
        add_and_save(one, article)
    chunk = saved(OnlineClusterer(MIXING))
    clusterer = open_clusterer(chunk)
    clusterer.add_many(articles)
    with chunk.transaction():
        save_clusterer(chunk, clusterer)
    assert rows(chunk) == rows(one)


def _when(article: Article) -> Any:
    return article.published


def test_the_blob_of_an_older_store_becomes_rows_on_first_use(tmp_path: Path) -> None:
    articles = stream()
    whole = OnlineClusterer()
    whole.add_many(articles)
    half = OnlineClusterer()
    half.add_many(articles[:4])
    with Store(tmp_path / "old.sqlite") as store:
        with store.transaction():
            store.set_state(CLUSTER_STATE_KEY, half.to_state())  # as stores before v6 did
        assert store.cluster_header() is None
        with store.transaction():  # as the cluster stage opens it
            converted = open_clusterer(store)
        assert store.get_state(CLUSTER_STATE_KEY) is None
        assert rows(store) == rows(saved(half))
        assert converted.story_of("a03") == half.story_of("a03")
        for article in articles[4:]:
            add_and_save(store, article)
        assert rows(store) == rows(saved(whole))


def test_a_failed_add_rolls_back_its_unsaved_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    articles = mixed_stream()
    poisoned = articles[3].id
    clean = OnlineClusterer(MIXING)
    clean.add_many([a for a in articles if a.id != poisoned])

    store = saved(OnlineClusterer(MIXING))
    for article in articles[:2]:  # saved before the chunk
        add_and_save(store, article)
    before = rows(store)
    real_add = OnlineClusterer.add

    def add(self: OnlineClusterer, article: Article, analysis: Any = None) -> Assignment:
        assignment = real_add(self, article, analysis)  # changes the state, then fails
        if article.id == poisoned:
            raise RuntimeError("clusterer bug")
        return assignment

    monkeypatch.setattr(OnlineClusterer, "add", add)
    failed: list[StageFailure] = []
    chunk = articles[2:]
    clusterer, assignments = pipeline._add_isolated(
        store, open_clusterer(store), chunk, [None] * len(chunk), failed
    )
    assert [f.item_id for f in failed] == [poisoned]
    assert rows(store) == before  # nothing of the chunk was written yet
    with store.transaction():
        save_clusterer(store, clusterer)
    assert rows(store) == rows(saved(clean))
    assert poisoned not in {a.article_id for a in assignments}


# ---- an add reads what it needs, not the store ----------------------------------------


def filler(n: int) -> list[Article]:
    """`n` unrelated one-report stories, on words of their own, before the stream."""
    rng = random.Random(n)
    letters = "bcdfghjklmnpqrstvwxz"
    out = []
    for i in range(n):
        words = ["".join(rng.choice(letters) for _ in range(7)) for _ in range(40)]
        out.append(Article(
            id=f"f{i:05d}", text=" ".join(words[5:]), title=" ".join(words[:5]),
            published=T0 - timedelta(days=30, hours=n - i), provenance=stream()[0].provenance,
        ))  # fmt: skip
    return out


@contextmanager
def statements(store: Store) -> Iterator[list[str]]:
    seen: list[str] = []
    store.db.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        store.db.set_trace_callback(None)


def test_an_add_reads_a_few_rows_however_many_stories_are_stored() -> None:
    counts = []
    for size in (20, 200):
        base = OnlineClusterer()
        base.add_many(filler(size) + stream()[:-1])
        store = saved(base)
        clusterer = open_clusterer(store)
        loaded: list[int] = []
        real = store.cluster_stories

        def counting(ids: Any, real: Any = real, loaded: list[int] = loaded) -> Any:
            loaded.append(len(ids))
            return real(ids)

        store.cluster_stories = counting  # type: ignore[method-assign]
        with statements(store) as reads:
            clusterer.add(stream()[-1])
        # (The tracer sees each row of an executemany as a statement.)
        with statements(store) as writes, store.transaction():
            save_clusterer(store, clusterer)
        counts.append((len(reads), sum(loaded), len(writes)))
    (small_reads, small_stories, small_writes), (large_reads, large_stories, large_writes) = counts
    assert large_reads <= 12 and large_reads <= small_reads + 2  # queries, each for many rows
    assert large_stories <= small_stories + 3  # story records read
    assert large_writes <= small_writes + 5  # rows written


# ---- the parts -------------------------------------------------------------------------


def test_lazy_rows_load_in_bulk_cache_and_track_changes() -> None:
    stored = {"a": 1, "b": 2}
    calls: list[list[str]] = []

    def load(keys: Any) -> dict[str, int]:
        calls.append(list(keys))
        return {k: stored[k] for k in keys if k in stored}

    rows_: LazyRows[int] = LazyRows(load)
    rows_.prefetch(["a", "b", "c"])
    assert calls == [["a", "b", "c"]]
    assert rows_["a"] == 1 and rows_.get("c") is None and "c" not in rows_
    assert len(calls) == 1  # known present and known absent are not asked again
    rows_["c"] = 3
    del rows_["a"]
    assert rows_.changed() == {"c": 3} and rows_.deleted() == {"a"}
    assert "a" not in rows_ and len(calls) == 1
    rows_.saved()
    assert rows_.changed() == {} and rows_.deleted() == set()
    with pytest.raises(TypeError):
        list(rows_)  # a full scan is what the rows are there to avoid


class _Postings:
    """A stand-in for the store's posting rows: term -> [(pos, story id, weight)]."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, tuple[int, float]]] = {}

    def load(self, limits: Mapping[str, int]) -> dict[str, list[tuple[str, float]]]:
        out = {}
        for term, limit in limits.items():
            entries = sorted(self.rows.get(term, {}).items(), key=lambda e: -e[1][0])
            if entries:
                out[term] = [(sid, w) for sid, (_, w) in entries[:limit]]
        return out

    def apply(self, index: RowStoryIndex) -> None:
        deleted, added, next_pos = index.changes()
        for term, sid in deleted:
            self.rows.get(term, {}).pop(sid, None)
        for term, sid, pos, weight in added:
            self.rows.setdefault(term, {})[sid] = (pos, weight)
        index.saved(next_pos)


def test_row_posting_lists_read_like_the_in_memory_ones() -> None:
    rng = random.Random(7)
    keys = [f"k{i}" for i in range(6)]
    stored = _Postings()
    memory, rowed = StoryIndex(), RowStoryIndex(stored.load, 0)
    twins = {sid: (StoryRecord(sid, i), StoryRecord(sid, i)) for i, sid in
             enumerate(f"S{i}" for i in range(12))}  # fmt: skip
    for step in range(400):
        a, b = twins[rng.choice(list(twins))]
        if rng.random() < 0.2:
            memory.unpost(a)
            rowed.unpost(b)
        else:
            posted = rng.sample(keys, rng.randint(1, 4))
            a.centroid = b.centroid = {k: rng.random() for k in posted}
            memory.post(a, list(posted))
            rowed.post(b, list(posted))
        if rng.random() < 0.1:
            stored.apply(rowed)
        per_key = rng.randint(1, 8)
        assert rowed.recent(keys, per_key) == memory.recent(keys, per_key), step
