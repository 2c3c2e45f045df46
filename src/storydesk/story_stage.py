"""The story stage's work, one story per task, over a process pool.

    story_outcomes(store, story_ids, *, compute, brief_words, processes) -> Iterator[StoryOutcome]
    save_outcome(store, outcome, version, failures)     writes one story (one transaction)
    compute_story(store, story_id, *, compute, brief_words) -> StoryOutcome

The pipeline decides which stories are dirty and writes what comes back; a task is
pure computation. A worker opens the store read-only, reads the story's articles,
analyses, claims and previous links and results, computes the new links and the
story's results (`compute`, the pipeline's `story_results`) and returns them with the
sentence vectors it had to embed, which the parent saves with the story: a read-only
worker writes nothing. Stories are submitted biggest first, so the cores finish
together.

One story never costs the others theirs: an error in a story's computation comes back
as a `StageFailure`; a task that cannot run in a worker (it cannot be pickled, the
store cannot be opened there) is computed in this process instead; and should a
worker die (a crash, the kernel's OOM killer), the stories not yet back are computed
here, one after the other.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

import numpy as np

from storydesk.analyze.annotate import default_processes
from storydesk.link.align import EmbeddingCache
from storydesk.link.embed import EMBEDDING_DIM, MODEL_ID
from storydesk.link.links import find_links
from storydesk.model import Analysis, Article, ArticleClaims, Link, StageFailure, StoryResults
from storydesk.store.store import Store
from storydesk.store.vectors import SentenceVectors, quantize

# pipeline.story_results: (articles, analyses, claims, links, *, brief_words) -> StoryResults
StoryCompute = Callable[..., StoryResults]


@dataclass
class StoryOutcome:
    """What one story's task computed: its links and results, or why it failed; the
    sentence vectors it embedded (to be stored); its size and its seconds of work."""

    story_id: str
    links: list[Link] = field(default_factory=list)
    results: StoryResults | None = None
    failure: StageFailure | None = None
    vectors: dict[str, np.ndarray] = field(default_factory=dict)
    articles: int = 0
    seconds: float = 0.0


class _CollectedVectors:
    """A `VectorBacking` that reads the store's vectors and keeps new ones in memory,
    for the parent to store: a worker's store is read-only."""

    def __init__(self, stored: SentenceVectors) -> None:
        self.stored = stored
        self.new: dict[str, np.ndarray] = {}

    def load(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        return self.stored.load(texts)

    def save(self, vectors: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        self.new.update(vectors)
        return {text: quantize(v) for text, v in vectors.items()}


def _sentence_vectors(store: Store) -> SentenceVectors:
    return SentenceVectors(store, model_id=MODEL_ID, dimensions=EMBEDDING_DIM)


def compute_story(
    store: Store, story_id: str, *, compute: StoryCompute, brief_words: int
) -> StoryOutcome:
    """One story's links and results from what the store holds; reads only."""
    started = time.perf_counter()
    vectors = _CollectedVectors(_sentence_vectors(store))
    outcome = StoryOutcome(story_id, vectors=vectors.new)
    try:
        articles = list(store.articles(store.story_article_ids(story_id)))
        outcome.articles = len(articles)
        analyses: dict[str, Analysis | None] = {a.id: store.get_analysis(a.id) for a in articles}
        claims: dict[str, ArticleClaims | None] = {a.id: store.claims_of(a.id) for a in articles}
        links = updated_links(store, story_id, articles, vectors)
        outcome.results = compute(articles, analyses, claims, links, brief_words=brief_words)
        outcome.links = links
    except Exception as error:
        outcome.failure = StageFailure(story_id, "stories", _reason(error))
    outcome.seconds = time.perf_counter() - started
    return outcome


def _reason(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def updated_links(
    store: Store, story_id: str, articles: Sequence[Article], vectors: _CollectedVectors
) -> list[Link]:
    """The story's derivation links, computing only the pairs with a new article.

    A story that grows by one report needs that report compared with the others, not
    every pair again; links to articles that left the story (a newer version, a
    merge) are dropped.
    """
    ids = {a.id for a in articles}
    previous = store.story_results(story_id)
    linked = set(previous.linked_ids if previous else ()) & ids
    kept = [k for k in store.links_of(story_id) if k.source_id in linked and k.derived_id in linked]
    fresh = ids - linked
    if len(articles) < 2 or not fresh:
        return kept
    # Sentence vectors come from the store when an earlier run embedded them: a report
    # joining a big story costs its own sentences, not the whole story's again.
    return kept + find_links(articles, involving=fresh, cache=EmbeddingCache(backing=vectors))


def _work(path: str, story_id: str, compute: StoryCompute, brief_words: int) -> StoryOutcome:
    """A worker's task: the story computed from the store opened read-only."""
    with Store(path, read_only=True) as store:
        return compute_story(store, story_id, compute=compute, brief_words=brief_words)


def story_outcomes(
    store: Store,
    story_ids: Sequence[str],
    *,
    compute: StoryCompute,
    brief_words: int,
    processes: int | None = None,
) -> Iterator[StoryOutcome]:
    """Each story's outcome, as it is ready (in no set order). With `processes` 1, a
    single story or a store only in memory, in this process; else over a pool of at
    most `processes` workers (default: one per core)."""
    processes = default_processes() if processes is None else max(1, processes)
    workers = min(processes, len(story_ids))
    if workers <= 1 or str(store.path) == ":memory:":
        for story_id in story_ids:
            yield compute_story(store, story_id, compute=compute, brief_words=brief_words)
        return
    sizes = {s: len(store.story_article_ids(s)) for s in story_ids}
    biggest_first = sorted(story_ids, key=lambda s: -sizes[s])  # sorted() is stable
    yield from _pooled(store, biggest_first, workers, compute, brief_words)


def _pooled(
    store: Store,
    story_ids: Sequence[str],
    workers: int,
    compute: StoryCompute,
    brief_words: int,
) -> Iterator[StoryOutcome]:
    left = dict.fromkeys(story_ids)  # not yet handed back, in submission order

    def here(story_id: str) -> StoryOutcome:
        return compute_story(store, story_id, compute=compute, brief_words=brief_words)

    # fork, as the analysis pool: workers share the imported libraries copy-on-write.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    futures: dict[Future[StoryOutcome], str] = {}
    try:
        for story_id in story_ids:  # a worker may die while the rest are handed out
            futures[pool.submit(_work, str(store.path), story_id, compute, brief_words)] = story_id
        for future in as_completed(futures):
            story_id = futures[future]
            try:
                outcome = future.result()
            except BrokenProcessPool:
                raise
            except Exception:
                outcome = here(story_id)  # the task could not run in a worker
            del left[story_id]
            yield outcome
    except BrokenProcessPool:
        pass  # a worker died: the stories not back yet are computed here, below
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    finished = {futures[f]: f for f in futures if f.done() and not f.cancelled()}
    for story_id in list(left):
        del left[story_id]
        done = finished.get(story_id)
        yield done.result() if done and done.exception() is None else here(story_id)


def save_outcome(
    store: Store, outcome: StoryOutcome, version: str, failures: list[StageFailure]
) -> None:
    """Store one story's outcome in one transaction: its new sentence vectors, and its
    links and results (clearing an earlier failure), or its failure (the story keeps
    its previous results and is left alone until it or the code changes)."""
    with store.transaction():
        if outcome.vectors:
            _sentence_vectors(store).write(outcome.vectors)
        if outcome.failure is not None or outcome.results is None:
            failure = outcome.failure or StageFailure(outcome.story_id, "stories", "no results")
            failures.append(failure)
            store.record_failures([failure], version)
            store.mark_story_clean(outcome.story_id)
            return
        store.save_links(outcome.story_id, outcome.links)
        store.save_story_results(outcome.story_id, outcome.results)
        store.clear_failures("stories", [outcome.story_id])
