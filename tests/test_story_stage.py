"""The story stage over a process pool gives what the single-process stage gives.

The demo corpus is read, analysed and clustered once; each test runs the story stage
on a copy of that store. Failures are injected through the stage's `compute` (the
pipeline passes `story_results`): a module-level function here, which the forked
workers inherit along with the module's globals.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from storydesk import pipeline, story_stage
from storydesk.store.store import Store

_PARENT = os.getpid()
_POISONED: set[str] = set()  # article ids whose story raises (set before the pool forks)
_REAL = pipeline.story_results


def _raising(articles: Any, *args: Any, **kwargs: Any) -> Any:
    if any(a.id in _POISONED for a in articles):
        raise ValueError(f"poisoned story in process {os.getpid()}")
    return _REAL(articles, *args, **kwargs)


def _dying(articles: Any, *args: Any, **kwargs: Any) -> Any:
    if os.getpid() != _PARENT and any(a.id in _POISONED for a in articles):
        os._exit(3)  # a worker killed mid-task (a crash, the OOM killer)
    return _REAL(articles, *args, **kwargs)


@pytest.fixture(scope="module")
def clustered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus read, analysed, with claims and stories, but no story results."""
    from conftest import CORPUS

    path = tmp_path_factory.mktemp("clustered") / "s.sqlite"
    with Store(path) as store:
        pipeline.ingest(store, [CORPUS])
        pipeline.analyze_pending(store, processes=1)
        pipeline.extract_pending_claims(store)
        pipeline.cluster_pending(store)
        assert len(store.dirty_story_ids()) >= 2
    return path


@pytest.fixture(scope="module")
def single(clustered: Path) -> Path:
    """The story stage run in this process (processes=1): the reference."""
    path = clustered.with_name("single.sqlite")
    shutil.copy(clustered, path)
    with Store(path) as store:
        pipeline.update_stories(store, processes=1)
    return path


def _copy(clustered: Path, tmp_path: Path) -> Store:
    shutil.copy(clustered, tmp_path / "s.sqlite")
    return Store(tmp_path / "s.sqlite")


def _vectors(store: Store) -> list[tuple[bytes, bytes]]:
    rows = store.db.execute("SELECT key, vector FROM sentence_vectors_q8 ORDER BY key")
    return [(bytes(r["key"]), bytes(r["vector"])) for r in rows]


def _smallest_story(store: Store) -> tuple[str, list[str]]:
    """The smallest story of the demo corpus, and its article ids."""
    stories = sorted(store.list_stories(), key=lambda s: (s.size, s.id))
    story = stories[0]
    return story.id, store.story_article_ids(story.id)


def _stories_with_poison(store: Store, articles: list[str]) -> list[Any]:
    """The story stage on two processes, the story of `articles` poisoned; its failures."""
    _POISONED.update(articles)  # before the pool forks: the workers inherit it
    try:
        failures: list[Any] = []
        pipeline.update_stories(store, processes=2, failures=failures)
    finally:
        _POISONED.clear()
    return failures


def test_two_processes_give_what_one_gives(clustered: Path, single: Path, tmp_path: Path) -> None:
    work: dict[str, tuple[int, float]] = {}
    with _copy(clustered, tmp_path) as pooled, Store(single, read_only=True) as reference:
        assert pipeline.update_stories(pooled, processes=2, work=work) >= 2
        stories = [s.id for s in reference.list_stories()]
        assert [s.id for s in pooled.list_stories()] == stories
        for story_id in stories:
            assert pooled.story_results(story_id) == reference.story_results(story_id)
            assert pooled.links_of(story_id) == reference.links_of(story_id)
        assert pooled.links_of(stories[0]) or pooled.links_of(stories[-1])  # links were found
        # The vectors the workers embedded were handed back and stored, bit for bit.
        assert _vectors(pooled) and _vectors(pooled) == _vectors(reference)
        assert pooled.dirty_story_ids() == [] and pooled.list_failures() == []
        # The timing hook: each story's size and seconds of work.
        assert sorted(work) == sorted(stories)
        assert all(n == len(pooled.story_article_ids(s)) and t > 0 for s, (n, t) in work.items())

        # Running again adds nothing: no story is dirty, and nothing changes.
        before = [(pooled.story_results(s), pooled.links_of(s)) for s in stories]
        vectors = _vectors(pooled)
        assert pipeline.update_stories(pooled, processes=2) == 0
        assert [(pooled.story_results(s), pooled.links_of(s)) for s in stories] == before
        assert _vectors(pooled) == vectors


def test_a_story_that_raises_in_a_worker_is_recorded_and_the_others_are_saved(
    clustered: Path, single: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _copy(clustered, tmp_path) as store, Store(single, read_only=True) as reference:
        bad, articles = _smallest_story(store)
        monkeypatch.setattr(pipeline, "story_results", _raising)
        failures = _stories_with_poison(store, articles)
        assert [f.item_id for f in failures] == [bad]
        assert "ValueError: poisoned story in process" in failures[0].reason
        assert f"process {os.getpid()}" not in failures[0].reason  # it failed in a worker
        assert [f.item_id for f in store.list_failures()] == [bad]
        assert store.story_results(bad) is None and store.dirty_story_ids() == []
        others = [s.id for s in store.list_stories() if s.id != bad]
        assert others
        for story_id in others:
            assert store.story_results(story_id) == reference.story_results(story_id)


def test_a_worker_that_dies_loses_no_story(
    clustered: Path, single: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _copy(clustered, tmp_path) as store, Store(single, read_only=True) as reference:
        bad, articles = _smallest_story(store)
        monkeypatch.setattr(pipeline, "story_results", _dying)
        here: list[str] = []  # stories computed in this process (workers' calls are theirs)
        real_compute = story_stage.compute_story

        def compute(store: Store, story_id: str, **kwargs: Any) -> Any:
            if os.getpid() == _PARENT:
                here.append(story_id)
            return real_compute(store, story_id, **kwargs)

        monkeypatch.setattr(story_stage, "compute_story", compute)
        failures = _stories_with_poison(store, articles)
        # The stories not back when the worker died were computed in this process.
        assert bad in here
        assert failures == [] and store.dirty_story_ids() == []
        for story in reference.list_stories():
            assert store.story_results(story.id) == reference.story_results(story.id)
            assert store.links_of(story.id) == reference.links_of(story.id)
