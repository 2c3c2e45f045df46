"""Word-shingle MinHash fingerprints and an incremental, persistable LSH index.

Public API
----------
``signature(text: str) -> np.ndarray``
    The MinHash signature (``NUM_PERM`` uint32) of the text's word 3-shingles.
``estimate_jaccard(a: np.ndarray, b: np.ndarray) -> float``
    The shingle Jaccard similarity two signatures estimate.
``FingerprintIndex(num_perm=128, bands=64)``
    ``add(article_id, text) -> list[str]``: index the text and return the ids of
    already-indexed articles that are candidate copies of it (LSH collisions).
    ``add_article(article) -> list[str]``: the same for an ``Article``.
    ``query(text) -> list[str]``: candidates without indexing.
    ``remove(article_id)``, ``signature_of(article_id)``, ``len()``, ``in``.
    ``to_bytes() -> bytes`` / ``FingerprintIndex.from_bytes(data)``: a compact blob
    (signatures only; the band tables are rebuilt on load) for a SQLite BLOB column.

Why these settings: a copy with 20% of its tokens edited keeps about half of its
3-shingles (Jaccard ~0.35), so the LSH must fire well below that. 64 bands of 2 rows
catch a pair at Jaccard 0.3 with probability 0.998 and unrelated news (Jaccard
~0.01) with probability 0.006; the alignment step verifies every candidate anyway.
MinHash itself is computed by rensa (Rust); the band tables are plain dicts so the
index can be serialised and updated one article at a time (rensa's own LSH cannot
be saved or rebuilt from stored signatures).
"""

from __future__ import annotations

import string
import struct
from collections import defaultdict

import numpy as np
import rensa

from storydesk.model import Article

NUM_PERM = 128
SEED = 1729  # fixed: persisted signatures must stay comparable across runs
SHINGLE = 3
_FORMAT = b"SDFP1"
# Punctuation becomes a space: "Hamas," and "Hamas" are one token. A translate table
# plus str.split is ~5x faster than a regex, and tokenising is the bottleneck here.
_PUNCT = str.maketrans({c: " " for c in string.punctuation + "“”‘’—–…«»"})
_MIX1 = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xC2B2AE3D27D4EB4F)


def shingle_hashes(text: str) -> np.ndarray:
    """64-bit hashes of the text's word 3-shingles (fewer words: the words themselves)."""
    tokens = text.lower().translate(_PUNCT).split()
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    hashes = np.asarray(rensa.RMinHash.hash_token_sets([tokens])[0], dtype=np.uint64)
    if len(hashes) < SHINGLE:
        return hashes
    # Position-mixed combination of three word hashes = the hash of the 3-shingle,
    # without building a Python string per shingle.
    return (hashes[:-2] * _MIX1) ^ (hashes[1:-1] * _MIX2) ^ hashes[2:]


def signature(text: str, num_perm: int = NUM_PERM) -> np.ndarray:
    hashes = shingle_hashes(text)
    if len(hashes) == 0:
        # An empty text gets a signature of maximal values: it collides with nothing.
        return np.full(num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    offsets = np.array([0, len(hashes)], dtype=np.uint64)
    matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(hashes, offsets, num_perm, SEED)
    return np.asarray(matrix.to_rows()[0], dtype=np.uint32)


def estimate_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


class FingerprintIndex:
    """An incremental MinHash-LSH index from article id to signature."""

    def __init__(self, num_perm: int = NUM_PERM, bands: int = 64) -> None:
        if num_perm % bands:
            raise ValueError(f"num_perm ({num_perm}) must be a multiple of bands ({bands})")
        self.num_perm = num_perm
        self.bands = bands
        self._rows = num_perm // bands
        self._signatures: dict[str, np.ndarray] = {}
        self._tables: list[defaultdict[bytes, list[str]]] = [
            defaultdict(list) for _ in range(bands)
        ]

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def signature_of(self, article_id: str) -> np.ndarray:
        return self._signatures[article_id]

    def _keys(self, sig: np.ndarray) -> list[bytes]:
        # One opaque bytes value per band, straight from numpy (5x faster than slicing).
        return np.ascontiguousarray(sig, dtype=np.uint32).view(f"V{self._rows * 4}").tolist()

    def _candidates(self, keys: list[bytes], exclude: str | None = None) -> list[str]:
        found: dict[str, None] = {}  # insertion-ordered set
        for table, key in zip(self._tables, keys, strict=True):
            bucket = table.get(key)
            if bucket:
                found.update(dict.fromkeys(bucket))
        found.pop(exclude, None)  # type: ignore[arg-type]
        return list(found)

    def query(self, text: str) -> list[str]:
        return self._candidates(self._keys(signature(text, self.num_perm)))

    def add(self, article_id: str, text: str) -> list[str]:
        """Index a text; return the ids of earlier articles that are candidate copies."""
        return self.add_signature(article_id, signature(text, self.num_perm))

    def add_article(self, article: Article) -> list[str]:
        basis = f"{article.title}\n{article.text}" if article.title else article.text
        return self.add(article.id, basis)

    def add_signature(self, article_id: str, sig: np.ndarray) -> list[str]:
        if article_id in self._signatures:
            self.remove(article_id)  # re-adding replaces (a corrected version)
        keys = self._keys(sig)
        candidates = self._candidates(keys)
        for table, key in zip(self._tables, keys, strict=True):
            table[key].append(article_id)
        self._signatures[article_id] = sig
        return candidates

    def remove(self, article_id: str) -> bool:
        sig = self._signatures.pop(article_id, None)
        if sig is None:
            return False
        for table, key in zip(self._tables, self._keys(sig), strict=True):
            bucket = table[key]
            bucket.remove(article_id)
            if not bucket:
                del table[key]
        return True

    def to_bytes(self) -> bytes:
        """Header, then per article: id length, utf-8 id, signature (little-endian u32)."""
        parts = [_FORMAT, struct.pack("<III", self.num_perm, self.bands, len(self))]
        for article_id, sig in self._signatures.items():
            encoded = article_id.encode("utf-8")
            parts.append(struct.pack("<H", len(encoded)))
            parts.append(encoded)
            parts.append(sig.astype("<u4").tobytes())
        return b"".join(parts)

    @classmethod
    def from_bytes(cls, data: bytes) -> FingerprintIndex:
        if not data.startswith(_FORMAT):
            raise ValueError("not a storydesk fingerprint index")
        pos = len(_FORMAT)
        num_perm, bands, count = struct.unpack_from("<III", data, pos)
        pos += 12
        index = cls(num_perm=num_perm, bands=bands)
        for _ in range(count):
            (length,) = struct.unpack_from("<H", data, pos)
            pos += 2
            article_id = data[pos : pos + length].decode("utf-8")
            pos += length
            sig = np.frombuffer(data, dtype="<u4", count=num_perm, offset=pos).astype(np.uint32)
            pos += num_perm * 4
            index.add_signature(article_id, sig)
        return index
