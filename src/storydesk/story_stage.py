"""The story stage's work, one story per task, on an engine's workers.

    story_outcomes(store, story_ids, *, compute, brief_words, processes=None, engine=None)
        -> Iterator[StoryOutcome]
    save_outcome(store, outcome, version, failures)     writes one story (one transaction)
    story_bundle(store, story_id) -> StoryBundle        what a story's task computes from
    compute_bundle(bundle, *, compute, brief_words) -> StoryOutcome    pure computation
    compute_story(store, story_id, *, compute, brief_words) -> StoryOutcome   both, here

The pipeline decides which stories are dirty and writes what comes back. For each
story this process reads a bundle from the store (the story's articles, analyses,
claims, its previous links, and the stored sentence vectors when links are to be
computed) and hands it to a worker (a local process, or a Dask worker on another
machine, which has no store); the worker computes the new links and the story's
results (`compute`, the pipeline's `story_results`) and returns them with the
sentence vectors it had to embed, which the parent saves with the story. One code
path, whatever the engine: a story computed here goes through the same bundle.
Stories are submitted biggest first, so the workers finish together.

One story never costs the others theirs: an error in a story's computation comes back
as a `StageFailure`. A task that a local worker could not finish (it could not be
pickled, or the worker died: a crash, the kernel's OOM killer) is computed here
instead; on a Dask cluster the scheduler has already rerun it elsewhere, so a task
that still fails is recorded as that story's failure, and the run goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from storydesk.engine import Engine, LocalEngine
from storydesk.link.align import EmbeddingCache
from storydesk.link.embed import EMBEDDING_DIM, MODEL_ID
from storydesk.link.links import candidate_pairs, find_links, sentences_to_embed
from storydesk.model import Analysis, Article, ArticleClaims, Link, StageFailure, StoryResults
from storydesk.store.store import Store
from storydesk.store.vectors import SentenceVectors, quantize

# pipeline.story_results: (articles, analyses, claims, links, *, brief_words, vectors)
#   -> StoryResults; `vectors` gives sentence vectors (stored, else embedded).
StoryCompute = Callable[..., StoryResults]


@dataclass
class StoryOutcome:
    """What one story's task computed: its links and results, or why it failed; the
    sentence vectors it embedded (to be stored); its size and its seconds of work (CPU
    seconds of the process that computed it, which computes one story at a time: on a
    busy machine, wall seconds would measure the neighbours too)."""

    story_id: str
    links: list[Link] = field(default_factory=list)
    results: StoryResults | None = None
    failure: StageFailure | None = None
    vectors: dict[str, np.ndarray] = field(default_factory=dict)
    articles: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class StoryBundle:
    """Everything one story's task reads, so that it needs no store."""

    story_id: str
    articles: tuple[Article, ...]
    analyses: dict[str, Analysis | None]
    claims: dict[str, ArticleClaims | None]
    linked_ids: frozenset[str]  # the articles the stored links were computed among
    links: tuple[Link, ...]  # the story's stored links
    # Stored sentence vectors of the articles' sentences: links and claim groups read them.
    vectors: dict[str, np.ndarray]

    @property
    def needs_links(self) -> bool:
        """New pairs may have to be compared: an article joined or left the story."""
        return len(self.articles) >= 2 and self.linked_ids != {a.id for a in self.articles}


def _sentence_vectors(store: Store) -> SentenceVectors:
    return SentenceVectors(store, model_id=MODEL_ID, dimensions=EMBEDDING_DIM)


def story_bundle(store: Store, story_id: str) -> StoryBundle:
    """A story's bundle, read from the store."""
    articles = tuple(store.articles(store.story_article_ids(story_id)))
    previous = store.story_results(story_id)
    bundle = StoryBundle(
        story_id=story_id,
        articles=articles,
        analyses={a.id: store.get_analysis(a.id) for a in articles},
        claims={a.id: store.claims_of(a.id) for a in articles},
        linked_ids=frozenset(previous.linked_ids if previous else ()),
        links=tuple(store.links_of(story_id)),
        vectors={},
    )
    # The vectors linking and the claim groups read (the embed pass stored them all): a
    # report joining a big story costs its own sentences, not the whole story's again.
    texts = [t for a in articles for t in sentences_to_embed(a)]
    bundle.vectors.update(_sentence_vectors(store).load(texts))
    return bundle


class _BundleVectors:
    """A `VectorBacking` over a bundle's stored vectors that keeps new ones in memory,
    for the parent to store (a worker has no store)."""

    def __init__(self, stored: Mapping[str, np.ndarray]) -> None:
        self.stored = stored
        self.new: dict[str, np.ndarray] = {}

    def load(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        return {t: self.stored[t] for t in texts if t in self.stored}

    def save(self, vectors: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        self.new.update(vectors)
        # As they will read back from the store: this run and the next see the same.
        return {text: quantize(v) for text, v in vectors.items()}


def compute_bundle(bundle: StoryBundle, *, compute: StoryCompute, brief_words: int) -> StoryOutcome:
    """One story's links and results from its bundle: pure computation."""
    started = time.process_time()
    vectors = _BundleVectors(bundle.vectors)
    outcome = StoryOutcome(bundle.story_id, vectors=vectors.new, articles=len(bundle.articles))
    try:
        cache = EmbeddingCache(backing=vectors)
        links = updated_links(bundle, cache)
        outcome.results = compute(
            list(bundle.articles),
            bundle.analyses,
            bundle.claims,
            links,
            brief_words=brief_words,
            vectors=cache.vectors,
        )
        outcome.links = links
    except Exception as error:
        outcome.failure = _failure(bundle.story_id, error)
    outcome.seconds = time.process_time() - started
    return outcome


def compute_story(
    store: Store, story_id: str, *, compute: StoryCompute, brief_words: int
) -> StoryOutcome:
    """One story's links and results, computed in this process; reads only."""
    try:
        bundle = story_bundle(store, story_id)
    except Exception as error:
        return StoryOutcome(story_id, failure=_failure(story_id, error))
    return compute_bundle(bundle, compute=compute, brief_words=brief_words)


def _failure(story_id: str, error: BaseException) -> StageFailure:
    return StageFailure(story_id, "stories", f"{type(error).__name__}: {error}")


def updated_links(bundle: StoryBundle, cache: EmbeddingCache) -> list[Link]:
    """The story's derivation links, computing only the pairs not compared before.

    The pairs are chosen over the story as it is now (`candidate_pairs`), and a pair
    already compared keeps its stored link: a story that grows by one report costs
    that report's pairs, not every pair again, and ends with the links a run over the
    whole story at once would give (a pair that a newcomer pushed out of the chosen
    ones loses its link, as do links to articles that left the story).
    """
    current = {a.id for a in bundle.articles}
    linked = bundle.linked_ids & current
    kept = [k for k in bundle.links if k.source_id in linked and k.derived_id in linked]
    if not bundle.needs_links:
        return kept
    articles = list(bundle.articles)
    known = {frozenset((k.source_id, k.derived_id)): k for k in kept}
    chosen = [(articles[i].id, articles[j].id) for i, j in candidate_pairs(articles, cache)]
    todo = [pair for pair in chosen if frozenset(pair) not in known]
    computed = iter(find_links(articles, cache=cache, pairs=todo))
    return [known.get(frozenset(pair)) or next(computed) for pair in chosen]


def _story_task(task: tuple[StoryBundle, StoryCompute, int]) -> StoryOutcome:
    """A worker's task (top level, so that any worker finds it by name)."""
    bundle, compute, brief_words = task
    return compute_bundle(bundle, compute=compute, brief_words=brief_words)


def story_outcomes(
    store: Store,
    story_ids: Sequence[str],
    *,
    compute: StoryCompute,
    brief_words: int,
    processes: int | None = None,
    engine: Engine | None = None,
) -> Iterator[StoryOutcome]:
    """Each story's outcome, as it is ready (in no set order), computed on `engine`
    (default: a local pool of at most `processes` workers, one per core; a single
    story is computed here)."""
    engine = engine if engine is not None else LocalEngine(processes)
    small = len(story_ids) < 2
    if engine.parallel(small):
        sizes = {s: len(store.story_article_ids(s)) for s in story_ids}
        story_ids = sorted(story_ids, key=lambda s: -sizes[s])  # sorted() is stable
    handed: list[str] = []  # story ids in the order their tasks were handed out
    unread: list[StoryOutcome] = []  # stories whose bundle could not be read

    def tasks() -> Iterator[tuple[StoryBundle, StoryCompute, int]]:
        for story_id in story_ids:
            try:
                bundle = story_bundle(store, story_id)
            except Exception as error:
                unread.append(StoryOutcome(story_id, failure=_failure(story_id, error)))
                continue
            handed.append(story_id)
            yield bundle, compute, brief_words

    try:
        for index, outcome in engine.as_completed(_story_task, tasks(), small=small):
            yield from _drain(unread)
            if isinstance(outcome, BaseException):
                yield _not_finished(store, handed[index], outcome, engine, compute, brief_words)
            else:
                yield outcome
        yield from _drain(unread)
    finally:
        engine.release()


def _drain(outcomes: list[StoryOutcome]) -> Iterator[StoryOutcome]:
    while outcomes:
        yield outcomes.pop(0)


def _not_finished(
    store: Store,
    story_id: str,
    error: BaseException,
    engine: Engine,
    compute: StoryCompute,
    brief_words: int,
) -> StoryOutcome:
    """The outcome of a story whose task ended without one. A local worker that died
    or a task that could not be sent: the story is computed here. A cluster already
    reran the task (on another worker, `retries` times): the story is recorded as
    failed rather than risk this process on it."""
    if engine.remote:
        reason = f"its task failed on the cluster: {type(error).__name__}: {error}"
        return StoryOutcome(story_id, failure=StageFailure(story_id, "stories", reason))
    return compute_story(store, story_id, compute=compute, brief_words=brief_words)


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
