"""The embed pass: every article's sentences embedded once, early, and only once."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

import storydesk.embed_stage as embed_stage
from storydesk.embed_stage import embed_pending
from storydesk.link.embed import EMBEDDING_DIM, MODEL_ID
from storydesk.link.links import sentences_to_embed
from storydesk.model import Analysis, Sentence
from storydesk.pipeline import ingest
from storydesk.store.store import Store
from storydesk.store.vectors import SentenceVectors, ids_needing_vectors


def _fake_embed(texts: Sequence[str]) -> np.ndarray:
    """Deterministic unit vectors from the text alone (the real model is slow here)."""
    rows = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
    for i, text in enumerate(texts):
        rows[i, : min(len(text), EMBEDDING_DIM)] = [ord(c) % 7 + 1 for c in text[:EMBEDDING_DIM]]
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _analysed(store: Store) -> None:
    """Each stored article analysed as one sentence: the embed pass takes analysed
    articles only, and spaCy is not what these tests are about."""
    with store.transaction():
        for article in store.articles():
            store.save_analysis(Analysis(article.id, (Sentence(0, len(article.text)),), (), "t"))


def _stored(store: Store) -> list[tuple[bytes, bytes]]:
    rows = store.db.execute("SELECT key, vector FROM sentence_vectors_q8 ORDER BY key")
    return [(bytes(r["key"]), bytes(r["vector"])) for r in rows]


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []

    def counting(texts: Sequence[str]) -> np.ndarray:
        calls.append(len(texts))
        return _fake_embed(texts)

    monkeypatch.setattr(embed_stage, "embed_texts", counting)
    return calls


def test_every_sentence_linking_reads_is_stored_once(
    store: Store, corpus: Path, fake_model: list[int]
) -> None:
    ingest(store, [corpus])
    assert embed_pending(store, processes=1) == 0  # nothing analysed yet: nothing to embed
    _analysed(store)
    assert embed_pending(store, processes=1) == store.count_articles()
    vectors = SentenceVectors(store, model_id=MODEL_ID, dimensions=EMBEDDING_DIM)
    texts = {t for a in store.articles() for t in sentences_to_embed(a)}
    assert set(vectors.load(sorted(texts))) == texts
    assert len(_stored(store)) == len(texts)  # a sentence shared by copies: one row
    assert ids_needing_vectors(store, MODEL_ID) == []
    # Nothing is embedded twice: a second pass has no work, and costs no model call.
    before = len(fake_model)
    assert embed_pending(store, processes=1) == 0
    assert len(fake_model) == before


def test_the_vectors_do_not_depend_on_the_number_of_processes(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embed_stage, "embed_texts", _fake_embed)
    monkeypatch.setattr(embed_stage, "MIN_SENTENCES_FOR_POOL", 1)  # the pool, even here
    monkeypatch.setattr(embed_stage, "TASK_SENTENCES", 7)  # several tasks
    stored = []
    for processes in (1, 2):
        with Store(tmp_path / f"p{processes}.sqlite") as store:
            ingest(store, [corpus])
            _analysed(store)
            embed_pending(store, processes=processes)
            stored.append(_stored(store))
    assert stored[0] and stored[0] == stored[1]


def test_a_model_failure_is_recorded_and_the_pass_goes_on(
    store: Store, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(texts: Sequence[str]) -> np.ndarray:
        raise RuntimeError("model file unreadable")

    monkeypatch.setattr(embed_stage, "embed_texts", broken)
    ingest(store, [corpus])
    _analysed(store)
    failures: list = []
    assert embed_pending(store, processes=1, version="v1", failures=failures) == 0
    assert failures and all(f.stage == "embed" for f in failures)
    assert {f.item_id for f in failures} == {a.id for a in store.articles()}
    assert "model file unreadable" in failures[0].reason
    # Not retried by the same code; retried (and stored) once the code changes.
    assert embed_pending(store, processes=1, version="v1") == 0
    monkeypatch.setattr(embed_stage, "embed_texts", _fake_embed)
    assert embed_pending(store, processes=1, version="v2") == store.count_articles()
    assert store.failed_ids("embed") == set()  # cleared by the success


def test_an_article_without_an_analysis_is_not_embedded(
    store: Store, tmp_path: Path, fake_model: list[int]
) -> None:
    """One over the analysis budget goes in no story, so nothing would read its vectors:
    embedding 100,000 sentences would only cost minutes (and again after a killed run)."""
    (tmp_path / "short.txt").write_text("The Varn bridge reopened on Monday after repairs.")
    (tmp_path / "long.txt").write_text("Tolls rose again today on the old road. " * 40)
    ingest(store, [tmp_path / "short.txt", tmp_path / "long.txt"])
    short, _ = sorted(store.articles(), key=lambda a: a.text.startswith("Tolls"))
    with store.transaction():
        store.save_analysis(Analysis(short.id, (Sentence(0, len(short.text)),), (), "test"))
    assert ids_needing_vectors(store, MODEL_ID) == [short.id]
    assert embed_pending(store, processes=1) == 1
    assert ids_needing_vectors(store, MODEL_ID) == []
    assert [r["article_id"] for r in store.db.execute("SELECT * FROM embedded")] == [short.id]
