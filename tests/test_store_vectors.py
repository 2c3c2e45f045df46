"""Sentence vectors kept in the store: a growing story does not embed old reports again."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

import storydesk.embed_stage as embed_stage
import storydesk.link.align as align
from storydesk.link.align import EmbeddingCache
from storydesk.link.embed import EMBEDDING_DIM, MODEL_ID
from storydesk.link.text import sentence_spans
from storydesk.model import Article
from storydesk.pipeline import process
from storydesk.store.store import Store
from storydesk.store.vectors import (
    SentenceVectors,
    decode_vector,
    encode_vector,
    quantize,
    vector_key,
)


def _vectors(store: Store, model_id: str = MODEL_ID) -> SentenceVectors:
    return SentenceVectors(store, model_id=model_id, dimensions=EMBEDDING_DIM)


def _fake_embed(calls: list[int]):  # type: ignore[no-untyped-def]
    def embed(texts: Sequence[str]) -> np.ndarray:
        calls.append(len(texts))
        rows = np.array([[len(t), t.count("e"), 1.0] + [0.0] * (EMBEDDING_DIM - 3) for t in texts])
        return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)

    return embed


def test_vectors_round_trip_as_saved_and_per_model(store: Store) -> None:
    vectors = _vectors(store)
    value = np.random.default_rng(1).standard_normal(EMBEDDING_DIM).astype(np.float32)
    value /= np.linalg.norm(value)
    kept = vectors.save({"The dam held.": value})
    loaded = vectors.load(["The dam held.", "Never stored."])
    assert list(loaded) == ["The dam held."]
    # What save says it kept is bit for bit what comes back, and close to what was given.
    assert np.array_equal(loaded["The dam held."], kept["The dam held."])
    assert np.array_equal(loaded["The dam held."], quantize(value))
    assert float(loaded["The dam held."] @ value) > 0.9999
    assert np.abs(loaded["The dam held."] - value).max() < np.abs(value).max() / 200
    assert _vectors(store, "another-model").load(["The dam held."]) == {}


def test_a_vector_is_stored_in_a_quarter_of_float32() -> None:
    value = np.linspace(-1, 1, EMBEDDING_DIM, dtype=np.float32)
    assert len(encode_vector(value)) == 4 + EMBEDDING_DIM
    assert np.array_equal(decode_vector(encode_vector(np.zeros(3))), np.zeros(3))


def test_a_stored_vector_of_the_wrong_size_is_recomputed(store: Store) -> None:
    store.db.execute(
        "INSERT INTO sentence_vectors_q8 (key, vector) VALUES (?, ?)",
        (vector_key("Short.", MODEL_ID), encode_vector(np.zeros(3))),
    )
    assert _vectors(store).load(["Short."]) == {}


def test_the_caller_names_the_width_of_its_vectors(store: Store) -> None:
    small = SentenceVectors(store, model_id="tiny-model", dimensions=3)
    small.save({"Short.": np.ones(3, dtype=np.float32)})
    assert list(small.load(["Short."])) == ["Short."]
    assert SentenceVectors(store, model_id="tiny-model", dimensions=4).load(["Short."]) == {}


def test_cache_uses_the_backing_before_the_model(store: Store) -> None:
    calls: list[int] = []
    first = EmbeddingCache(_fake_embed(calls), backing=_vectors(store))
    made = first.vectors(["One sentence here.", "Another sentence.", "One sentence here."])
    assert calls == [2] and first.computed == 2
    second = EmbeddingCache(_fake_embed(calls), backing=_vectors(store))
    again = second.vectors(["Another sentence.", "A third one."])
    assert calls == [2, 1] and second.computed == 1  # only the new sentence is embedded
    assert np.array_equal(again[0], made[1])


_REWORDED = {"the": "that", "a": "one", "of": "from", "and": "as well as", "in": "inside",
             "was": "had been", "were": "had been", "on": "upon", "said": "stated",
             "to": "towards", "at": "around", "by": "through"}  # fmt: skip


def _rewrite_of(text: str) -> str:
    """Every sentence reworded (so no sentence is a verbatim copy), facts kept."""
    return " ".join(_REWORDED.get(w.lower(), w) for w in text.split(" ")) + "\nMore to follow."


def _fully_embedded(store: Store, article_ids: Sequence[str]) -> Article:
    """A report all of whose sentences an earlier run embedded and stored."""
    vectors = _vectors(store)
    for article in store.articles(article_ids):
        body = f"{article.title}\n\n{article.text}" if article.title else article.text
        sentences = [body[a:b] for a, b in sentence_spans(body)]
        if sentences and len(vectors.load(sentences)) == len(set(sentences)):
            return article
    raise AssertionError("no report of the story has stored vectors")


def test_growing_story_reuses_the_stored_vectors(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        process(store, [corpus])
        story = store.list_stories()[0].id
        old = _fully_embedded(store, store.story_article_ids(story))
        embedded: list[str] = []  # by the embed pass
        in_story_stage: list[str] = []  # by alignment, when a vector is missing
        real = align.embed_texts

        def counting(into: list[str]):  # type: ignore[no-untyped-def]
            def embed(texts: Sequence[str]) -> np.ndarray:
                into.extend(texts)
                return real(texts)

            return embed

        monkeypatch.setattr(align, "embed_texts", counting(in_story_stage))
        monkeypatch.setattr(embed_stage, "embed_texts", counting(embedded))
        late = tmp_path / "late.jsonl"
        record = {
            "title": f"{old.title} (update)",
            "text": _rewrite_of(old.text),
            "published": old.published.isoformat() if old.published else None,
            "url": "https://late.example/update",
            "outlet": "Late Gazette",
        }
        late.write_text(json.dumps(record) + "\n")
        process(store, [late])
        new_id = next(a.id for a in store.articles() if a.outlet == "Late Gazette")
        assert story in store.stories_of_articles([new_id])
        links = store.links_of(story)
        kinds = {frozenset((k.source_id, k.derived_id)): k for k in links}
        assert kinds[frozenset((old.id, new_id))].kind == "rewrite"  # by paraphrase...
        # The embed pass embedded the new report's reworded sentences, and none of the
        # old report's; the story stage found every vector it needed stored.
        assert embedded
        assert not [s for s in embedded if s in old.text]
        assert in_story_stage == []
