from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from storydesk.model import Analysis, Article, Mention, Provenance, Sentence
from storydesk.store.database import connect
from storydesk.store.schema import SCHEMA_VERSION
from storydesk.store.store import AmbiguousId, Store, add_articles


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
    assert add_articles(store, [article, article]) == {"new": 1, "updated": 0, "unchanged": 1}
    assert add_articles(store, [article]) == {"new": 0, "updated": 0, "unchanged": 1}
    assert store.count_articles() == 1


def test_changed_version_is_recorded_as_update(store: Store) -> None:
    first = _article("Toll: 23 dead.", source="feed.txt", url="https://x.example/a")
    second = _article("Toll: 27 dead.", source="feed.txt", url="https://x.example/a")
    add_articles(store, [first])
    assert add_articles(store, [second]) == {"new": 0, "updated": 1, "unchanged": 0}
    assert [a.id for a in store.articles()] == [second.id]  # the current version only
    assert len(list(store.articles(current_only=False))) == 2
    assert store.versions_of(second.id)[0]["old_id"] == first.id


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
    add_articles(store, [article])
    assert store.get_article(article.id) == article
    assert store.get_article(article.id).metadata == {"k": [1, 2]}


def test_analysis_round_trip_and_pending(store: Store) -> None:
    article = _article("Ana Ruiz reported from Marrowvale.")
    add_articles(store, [article])
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
    add_articles(store, articles)
    target = articles[7]
    assert store.resolve_article_id(target.id[:10]) == target.id
    assert store.resolve_article_id("zzzz") is None
    with pytest.raises(AmbiguousId):
        store.resolve_article_id("")


def test_failure_mid_batch_keeps_earlier_batches(store: Store) -> None:
    def articles():
        for i in range(5):
            yield _article(f"Good article {i}.")
        raise RuntimeError("reader crashed")

    with pytest.raises(RuntimeError):
        add_articles(store, articles(), batch=2)
    assert store.count_articles() == 4  # two full batches were committed


def test_same_text_from_two_outlets_is_two_articles(store: Store) -> None:
    wire = _article("Identical wire copy.", outlet="Meridian Press")
    copy = replace(
        _article("Identical wire copy.", outlet="Eastland Courier"), url="https://c.example/1"
    )
    assert wire.id != copy.id
    assert add_articles(store, [wire, copy])["new"] == 2
