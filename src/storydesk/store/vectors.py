"""Sentence vectors kept in the store between runs (table `sentence_vectors_q8`).

    SentenceVectors(store, *, model_id, dimensions)   a `link.align.VectorBacking`:
        load(texts) -> {text: vector}  the vectors stored for these sentences
        save({text: vector})           store new ones (one transaction); returns them
                                       as they read back (rounded)
        write({text: vector})          the same, inside the caller's transaction
        mark_embedded(article_ids)     these articles' sentences are all stored
    ids_needing_vectors(store, model_id, failed_version=None) -> list[str]
                                       current articles not yet marked

The caller names the embedding model and its vector width (the pipeline passes
`link.embed`'s MODEL_ID and EMBEDDING_DIM): the store knows nothing of the model.
Rows are keyed by a hash of the model id and the sentence text, so a vector made by
another model is never returned, and a sentence shared by several articles (a copy,
a quoted statement) is stored once; a stored vector of another width is ignored.

Vectors are stored as int8 with one float32 scale per vector (388 bytes for 384
values, a quarter of float32): `quantize` is the one rounding, so a story computed
from stored vectors and one computed from freshly embedded ones see the same values
(the embedder's callers quantize fresh vectors too). The error of a cosine after
rounding is below 0.002, well inside the margins the paraphrase thresholds were set
with (bench_rewrites shows the figures unchanged).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from storydesk.store.store import Store

_LOOKUP_CHUNK = 500  # keys per SELECT (SQLite's default variable limit is higher)
_LEVELS = 127.0


def vector_key(text: str, model_id: str) -> bytes:
    return hashlib.sha1(f"{model_id}\x00{text}".encode()).digest()[:16]


def encode_vector(vector: np.ndarray) -> bytes:
    """float32 scale (little-endian), then one int8 per value."""
    values = np.asarray(vector, dtype=np.float32)
    scale = float(np.abs(values).max()) / _LEVELS if values.size else 0.0
    codes = np.zeros(values.shape, dtype=np.int8) if scale == 0.0 else (
        np.clip(np.rint(values / scale), -_LEVELS, _LEVELS).astype(np.int8)
    )
    return np.float32(scale).astype("<f4").tobytes() + codes.tobytes()


def decode_vector(data: bytes) -> np.ndarray:
    scale = np.frombuffer(data[:4], dtype="<f4")[0]
    return np.frombuffer(data[4:], dtype=np.int8).astype(np.float32) * scale


def quantize(vector: np.ndarray) -> np.ndarray:
    """The vector as it reads back from the store."""
    return decode_vector(encode_vector(vector))


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
                f"SELECT key, vector FROM sentence_vectors_q8 WHERE key IN ({marks})", chunk
            ).fetchall()
            for row in rows:
                data = bytes(row["vector"])
                if len(data) == 4 + self.dimensions:  # anything else is not ours: recompute
                    found[keys[bytes(row["key"])]] = decode_vector(data)
        return found

    def save(self, vectors: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Store new vectors (one transaction); returns them as they read back."""
        with self.store.transaction():
            self.write(vectors)
        return {text: quantize(v) for text, v in vectors.items()}

    def write(self, vectors: Mapping[str, np.ndarray]) -> None:
        """Store vectors inside a transaction the caller holds (the story stage saves a
        story's new vectors with its results, as one write)."""
        rows = [(vector_key(text, self.model_id), encode_vector(v)) for text, v in vectors.items()]
        self.store.db.executemany(
            "INSERT OR REPLACE INTO sentence_vectors_q8 (key, vector) VALUES (?, ?)", rows
        )

    def mark_embedded(self, article_ids: Iterable[str]) -> None:
        """Inside the caller's transaction: these articles' sentences are all stored."""
        self.store.db.executemany(
            "INSERT OR REPLACE INTO embedded (article_id, model) VALUES (?, ?)",
            [(article_id, self.model_id) for article_id in article_ids],
        )


def ids_needing_vectors(store: Store, model_id: str, failed_version: str | None = None
                        ) -> list[str]:
    """Current (not superseded) analysed articles, in arrival order, whose sentences are
    not all stored under `model_id`, less those the embed pass failed on at
    `failed_version`. An article without an analysis (one over the analysis budget, say:
    100,000 sentences) goes in no story, so nothing reads its vectors: embedding it
    would only cost minutes, and again at every run that it is killed in."""
    rows = store.db.execute(
        """SELECT a.id FROM articles a JOIN analyses n ON n.article_id = a.id
           LEFT JOIN embedded e ON e.article_id = a.id AND e.model = ?
           WHERE a.superseded_by IS NULL AND e.article_id IS NULL
             AND NOT EXISTS (SELECT 1 FROM stage_failures f WHERE f.item_id = a.id
                             AND f.stage = 'embed' AND f.version = ?)
           ORDER BY a.seq""",
        (model_id, failed_version or ""),
    ).fetchall()
    return [row["id"] for row in rows]

