"""Sentence vectors kept in a pickle between benchmark runs (scratch files, never
shipped): shared by the benchmarks that compute whole DUC 2006 stories."""

from __future__ import annotations

import os
import pickle
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np


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
