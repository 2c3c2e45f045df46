"""Sentence vectors kept in the store between runs (table `sentence_vectors`).

    SentenceVectors(store, *, model_id, dimensions)   a `link.align.VectorBacking`:
        load(texts) -> {text: vector}  the vectors stored for these sentences
        save({text: vector})           store new ones (one transaction)
        write({text: vector})          the same, inside the caller's transaction

The caller names the embedding model and its vector width (the pipeline passes
`link.embed`'s MODEL_ID and EMBEDDING_DIM): the store knows nothing of the model.
Rows are keyed by a hash of the model id and the sentence text, so a vector made by
another model is never returned, and a sentence shared by several articles (a copy,
a quoted statement) is stored once; a stored vector of another width is ignored.
Vectors are float32, exactly as computed, so a story recomputed from stored vectors
gets the links a fresh run would give.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import numpy as np

from storydesk.store.store import Store

_LOOKUP_CHUNK = 500  # keys per SELECT (SQLite's default variable limit is higher)


def vector_key(text: str, model_id: str) -> bytes:
    return hashlib.sha1(f"{model_id}\x00{text}".encode()).digest()[:16]


class SentenceVectors:
    def __init__(self, store: Store, *, model_id: str, dimensions: int) -> None:
        self.store = store
        self.model_id = model_id
        self.dimensions = dimensions

    def load(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        keys = {vector_key(t, self.model_id): t for t in dict.fromkeys(texts)}
        found: dict[str, np.ndarray] = {}
        wanted = list(keys)
        for lo in range(0, len(wanted), _LOOKUP_CHUNK):
            chunk = wanted[lo : lo + _LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self.store.db.execute(
                f"SELECT key, vector FROM sentence_vectors WHERE key IN ({marks})", chunk
            ).fetchall()
            for row in rows:
                vector = np.frombuffer(row["vector"], dtype="<f4")
                if vector.shape == (self.dimensions,):  # anything else is not ours: recompute
                    found[keys[bytes(row["key"])]] = vector.astype(np.float32)
        return found

    def save(self, vectors: Mapping[str, np.ndarray]) -> None:
        with self.store.transaction():
            self.write(vectors)

    def write(self, vectors: Mapping[str, np.ndarray]) -> None:
        """Store vectors inside a transaction the caller holds (the story stage saves a
        story's new vectors with its results, as one write)."""
        rows = [
            (vector_key(text, self.model_id), np.asarray(v, dtype="<f4").tobytes())
            for text, v in vectors.items()
        ]
        self.store.db.executemany(
            "INSERT OR REPLACE INTO sentence_vectors (key, vector) VALUES (?, ?)", rows
        )
