from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from storydesk import pipeline
from storydesk.model import Analysis, Article, Mention, Provenance, Sentence
from storydesk.store.database import connect
from storydesk.store.schema import SCHEMA_VERSION
from storydesk.store.store import AmbiguousId, Store


def _article(text: str, source: str | None = None, **fields: object) -> Article:
    # Each text its own file unless a test says otherwise: one file is one document.
    return Article.build(text, Provenance(source or f"{text}.txt", "text"), **fields)


def test_schema_is_versioned_and_wal(tmp_path: Path) -> None:
    db = connect(tmp_path / "s.sqlite")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    # opening again migrates nothing and loses nothing
    assert (
        connect(tmp_path / "s.sqlite").execute("PRAGMA user_version").fetchone()[0]
        == SCHEMA_VERSION
    )


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    raw.close()
    with pytest.raises(RuntimeError, match="newer"):
        connect(path)


def test_adding_twice_stores_once(store: Store) -> None:
    article = _article("The dam failed at dawn.", published=None)
    assert store.add_batch([article, article]) == ["new", "unchanged"]
    assert store.add_batch([article]) == ["unchanged"]
    assert store.count_articles() == 1


def test_changed_version_is_recorded_as_update(store: Store) -> None:
    first = _article("Toll: 23 dead.", source="feed.txt", url="https://x.example/a")
    second = _article("Toll: 27 dead.", source="feed.txt", url="https://x.example/a")
    store.add_batch([first])
    assert store.add_batch([second]) == ["updated"]
    assert [a.id for a in store.articles()] == [second.id]  # the current version only
    assert len(list(store.articles(current_only=False))) == 2
    (version,) = store.versions_of(second.id)
    assert (version.old_id, version.new_id) == (first.id, second.id)


def test_round_trip_keeps_every_field(store: Store) -> None:
    from datetime import UTC, datetime

    article = _article(
        "Text body.",
        title="T",
        url="https://x.example/1",
        outlet="Harbor Ledger",
        byline="Ana Ruiz",
        published=datetime(2026, 3, 11, 21, 30, tzinfo=UTC),
        dateline="Marrowvale",
        language="en",
        summary_only=True,
        metadata={"k": [1, 2]},
    )
    store.add_batch([article])
    assert store.get_article(article.id) == article
    assert store.get_article(article.id).metadata == {"k": [1, 2]}


def test_analysis_round_trip_and_pending(store: Store) -> None:
    article = _article("Ana Ruiz reported from Marrowvale.")
    store.add_batch([article])
    assert store.ids_needing_analysis("v1") == [article.id]
    analysis = Analysis(
        article.id, (Sentence(0, 34),), (Mention(0, 8, "Ana Ruiz", "PERSON"),), "v1"
    )
    with store.transaction():
        store.save_analysis(analysis)
    assert store.get_analysis(article.id) == analysis
    assert store.ids_needing_analysis("v1") == []
    assert store.ids_needing_analysis("v2") == [article.id]  # a new analyzer redoes it


def test_id_prefix_lookup(store: Store) -> None:
    articles = [_article(f"Article {i}.") for i in range(40)]
    store.add_batch(articles)
    target = articles[7]
    assert store.resolve_article_id(target.id[:10]) == target.id
    assert store.resolve_article_id("zzzz") is None
    with pytest.raises(AmbiguousId):
        store.resolve_article_id("")


def test_failure_mid_batch_keeps_earlier_batches(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def articles(*_args: object) -> Iterator[Article]:
        for i in range(5):
            yield _article(f"Good article {i}.")
        raise RuntimeError("reader crashed")

    monkeypatch.setattr(pipeline, "read_inputs", articles)
    with pytest.raises(RuntimeError):
        pipeline.ingest(store, [], batch=2)
    assert store.count_articles() == 4  # two full batches were committed


def test_a_batch_is_stored_whole_or_not_at_all(store: Store) -> None:
    def articles() -> Iterator[Article]:
        yield _article("Stored with the batch, or not at all.")
        raise RuntimeError("reader crashed")

    with pytest.raises(RuntimeError):
        store.add_batch(articles())
    assert store.count_articles() == 0


def test_same_text_from_two_outlets_is_two_articles(store: Store) -> None:
    wire = _article("Identical wire copy.", outlet="Meridian Press")
    copy = replace(
        _article("Identical wire copy.", outlet="Eastland Courier"), url="https://c.example/1"
    )
    assert wire.id != copy.id
    assert store.add_batch([wire, copy]) == ["new", "new"]


def test_a_v4_store_keeps_its_mentions_and_search_after_migrating(tmp_path: Path) -> None:
    """A store made before mentions were packed into their analysis row keeps them."""
    from storydesk.store.database import _statements
    from storydesk.store.schema import MIGRATIONS

    path = tmp_path / "v4.sqlite"
    raw = sqlite3.connect(path)
    for number in range(4):
        for statement in _statements(MIGRATIONS[number]):
            raw.execute(statement)
    raw.execute("PRAGMA user_version = 4")
    article = _article("Mara Holt spoke in Tarnow.")
    raw.execute(
        "INSERT INTO articles (id, doc_key, seq, text, source, source_kind, ingested_at) "
        "VALUES (?, ?, 1, ?, 'a.txt', 'text', '2026-01-01')",
        (article.id, article.id, article.text),
    )
    raw.execute(
        "INSERT INTO analyses VALUES (?, 'spacy', '2026-01-01', '[[0, 26]]')", (article.id,)
    )
    raw.executemany(
        "INSERT INTO mentions (article_id, start, end, label, text) VALUES (?, ?, ?, ?, ?)",
        [(article.id, 19, 25, "GPE", "Tarnow"), (article.id, 0, 9, "PERSON", "Mara Holt")],
    )
    # ...and its search index, which kept word positions then
    from storydesk.store.search import _INDEX

    for statement in _INDEX:
        raw.execute(statement.replace(", detail=none", ""))
    raw.commit()
    raw.close()
    with Store(path) as store:
        analysis = store.get_analysis(article.id)
        found = store.search_stories("tarnow")
        index_sql = store.db.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'article_search'"
        ).fetchone()[0]
    assert [hit.id for match in found for hit in match.articles] == [article.id]
    assert "detail=none" in index_sql
    assert analysis is not None
    assert analysis.sentences == (Sentence(0, 26),)
    assert analysis.mentions == (
        Mention(0, 9, "Mara Holt", "PERSON"),
        Mention(19, 25, "Tarnow", "GPE"),
    )
