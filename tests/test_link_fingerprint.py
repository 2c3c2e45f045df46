"""MinHash fingerprints and the incremental, persistable LSH index."""

from __future__ import annotations

import random

import numpy as np

from storydesk.link.fingerprint import FingerprintIndex, estimate_jaccard, signature

TOPICS = ["harbour", "council", "budget", "school", "river", "bridge", "festival", "orchard"]


def _text(seed: int, n: int = 250) -> str:
    rng = random.Random(seed)
    vocab = [f"{t}{i}" for t in TOPICS for i in range(60)]
    return " ".join(rng.choice(vocab) for _ in range(n))


def _edit(text: str, rate: float, seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(w if rng.random() >= rate else "edited" for w in text.split())


def test_signature_is_stable_and_sized() -> None:
    sig = signature("The council approved the harbour budget on Tuesday.")
    assert sig.dtype == np.uint32 and sig.shape == (128,)
    assert np.array_equal(sig, signature("the council approved the harbour budget on tuesday"))


def test_jaccard_estimate_separates_copies_from_unrelated_texts() -> None:
    original = _text(1)
    assert estimate_jaccard(signature(original), signature(_edit(original, 0.05, 2))) > 0.5
    assert estimate_jaccard(signature(original), signature(_text(3))) < 0.1


def test_index_returns_edited_copies_as_candidates() -> None:
    index = FingerprintIndex()
    for k in range(20):
        assert index.add(f"doc{k}", _text(100 + k)) == []
    assert index.add("copy", _edit(_text(105), 0.2, 9)) == ["doc5"]
    assert index.query(_text(107)) == ["doc7"]
    assert len(index) == 21 and "copy" in index


def test_index_round_trips_through_bytes_and_stays_incremental() -> None:
    index = FingerprintIndex()
    for k in range(5):
        index.add(f"doc{k}", _text(200 + k))
    restored = FingerprintIndex.from_bytes(index.to_bytes())
    assert len(restored) == 5
    assert np.array_equal(restored.signature_of("doc3"), index.signature_of("doc3"))
    assert restored.add("late copy", _text(203)) == ["doc3"]
    assert restored.remove("doc3") and not restored.remove("doc3")
    assert restored.query(_text(203)) == ["late copy"]


def test_empty_text_collides_with_nothing() -> None:
    index = FingerprintIndex()
    index.add("empty", "")
    assert index.add("also empty", "  ") == [] or index.query("") == ["empty", "also empty"]
    assert index.query(_text(1)) == []
