"""The embed pass: every article's sentence vectors, computed once, early, in parallel.

    embed_pending(store, *, processes=None, engine=None, version="", progress=...,
                  failures=None) -> int
    embed_sentences(texts, engine) -> list[np.ndarray]   the model over length-sorted tasks

It runs right after the analysis, over the articles not embedded yet. The texts are
the ones linking reads (`link.links.sentences_to_embed`); a sentence already stored
(a copy's, a quoted statement) is not embedded again. The model runs on an engine's
workers (a local fork pool, one process per core, or a Dask cluster; see
`storydesk.engine`) in tasks of length-sorted sentences (so a model batch pads
little), one thread each (see `link.embed`); a task carries its sentences. A batch of
articles is written in one transaction, vectors and `embedded` marks together, so an
interrupted pass resumes where it stopped. Later stages only read the vectors: the
story stage embeds nothing unless a vector is missing (a store written before this
pass existed).

Should the model fail on a batch, its articles are recorded as failed (stage
"embed") and the pass goes on; the story stage then embeds what it needs itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from storydesk.engine import Engine, EngineUnavailable, LocalEngine
from storydesk.link.embed import EMBEDDING_DIM, MODEL_ID, embed_texts
from storydesk.link.links import sentences_to_embed
from storydesk.model import StageFailure
from storydesk.store.store import Store
from storydesk.store.vectors import SentenceVectors, ids_needing_vectors

EMBED_BATCH = 256  # articles read, embedded and committed together
TASK_SENTENCES = 256  # sentences per task handed to a worker
MIN_SENTENCES_FOR_POOL = 512  # fewer are embedded here: starting local workers costs more

Progress = Callable[[Iterable[Any], str, int | None], Iterator[Any]]


def _no_progress(items: Iterable[Any], _label: str, _total: int | None) -> Iterator[Any]:
    yield from items


def embed_pending(
    store: Store,
    *,
    processes: int | None = None,
    engine: Engine | None = None,
    version: str = "",
    progress: Progress = _no_progress,
    failures: list[StageFailure] | None = None,
) -> int:
    """Store the sentence vectors of every article that lacks them; returns how many
    articles were embedded. The model runs on `engine` when given, else on a local
    pool of `processes` (default: one per core)."""
    failures = failures if failures is not None else []
    ids = ids_needing_vectors(store, MODEL_ID, failed_version=version)
    if not ids:
        return 0
    vectors = SentenceVectors(store, model_id=MODEL_ID, dimensions=EMBEDDING_DIM)
    engine = engine if engine is not None else LocalEngine(processes)
    embedded = 0
    try:
        for start in progress(range(0, len(ids), EMBED_BATCH), "embedding", None):
            part = ids[start : start + EMBED_BATCH]
            texts = list(dict.fromkeys(
                text for article in store.articles(part) for text in sentences_to_embed(article)
            ))
            stored = vectors.load(texts)
            missing = [t for t in texts if t not in stored]
            try:
                fresh = embed_sentences(missing, engine)
            except EngineUnavailable:
                raise  # the cluster is gone: nothing to blame on these articles
            except Exception as error:
                reason = f"{type(error).__name__}: {error}"
                failed = [StageFailure(article_id, "embed", reason) for article_id in part]
                failures.extend(failed)
                with store.transaction():
                    store.record_failures(failed, version)
                continue
            with store.transaction():
                vectors.write(dict(zip(missing, fresh, strict=True)))
                vectors.mark_embedded(part)
                store.clear_failures("embed", part)
            embedded += len(part)
    finally:
        engine.release()
    return embedded


def embed_sentences(texts: Sequence[str], engine: Engine | None = None) -> list[np.ndarray]:
    """One vector per text, in order. The same length-sorted tasks are made wherever
    they run (each model batch then holds sentences of about one length), so a
    sentence's vector does not depend on how many processes or workers ran. Without
    an engine, or for fewer than MIN_SENTENCES_FOR_POOL texts on a local one, here."""
    order = sorted(range(len(texts)), key=lambda i: (len(texts[i]), i))
    tasks = [
        [texts[i] for i in order[lo : lo + TASK_SENTENCES]]
        for lo in range(0, len(order), TASK_SENTENCES)
    ]
    # The tasks of the longest sentences cost the most: they are handed out first, so
    # that the workers finish together (what a task holds, so its vectors, is unchanged).
    heaviest_first = list(reversed(range(len(tasks))))
    ordered = [tasks[i] for i in heaviest_first]
    small = len(texts) < MIN_SENTENCES_FOR_POOL
    # `embed_texts` is looked up here, at call time, so that tests can replace it.
    results = map(embed_texts, ordered) if engine is None else engine.map(
        embed_texts, ordered, small=small
    )
    out: list[np.ndarray] = [np.empty(0)] * len(texts)
    for task, rows in zip(heaviest_first, results, strict=True):
        first = task * TASK_SENTENCES
        for offset, row in enumerate(rows):
            out[order[first + offset]] = row
    return out
