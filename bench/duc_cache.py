"""Scratch pickles kept between benchmark runs (never shipped): the spaCy analyses
and the sentence vectors of the DUC 2006 articles, shared by the benchmarks that
compute whole stories (brief, timeline, entities, conflicts)."""

from __future__ import annotations

import os
import pickle
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from storydesk.analyze.annotate import analyze_articles
from storydesk.model import Analysis, Article


class PickleVectors:
    """Sentence vectors kept in a pickle between runs (a `VectorBacking`): the first
    run embeds every sentence of DUC 2006 (minutes), later runs read them back."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.vectors: dict[str, np.ndarray] = {}
        self.changed = False
        if path is not None and path.exists():
            try:
                self.vectors = pickle.loads(path.read_bytes())
            except (pickle.UnpicklingError, EOFError):
                self.vectors = {}  # a truncated scratch file is simply redone

    def load(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        return {t: self.vectors[t] for t in texts if t in self.vectors}

    def save(self, vectors: Mapping[str, np.ndarray]) -> Mapping[str, np.ndarray]:
        self.vectors.update(vectors)
        self.changed = True
        return vectors

    def flush(self) -> None:
        if self.path is not None and self.changed:
            # Written aside and renamed: two runs sharing the scratch file never leave
            # it half written.
            partial = self.path.with_name(f"{self.path.name}.{os.getpid()}.partial")
            partial.write_bytes(pickle.dumps(self.vectors))
            partial.replace(self.path)
            self.changed = False


def analyses_cached(articles: Sequence[Article], cache: Path | None) -> dict[str, Analysis]:
    """Analyses of every article, read from `cache` when it has them all, else made
    (minutes) and written there."""
    if cache is not None and cache.exists():
        with cache.open("rb") as handle:
            stored: dict[str, Analysis] = pickle.load(handle)
        if all(a.id in stored for a in articles):
            return stored
    found = {a.article_id: a for a in analyze_articles(articles) if isinstance(a, Analysis)}
    if cache is not None:
        with cache.open("wb") as handle:
            pickle.dump(found, handle)
    return found
