"""The embedded store: one SQLite file, and the one face the rest of storydesk uses.

`Store` is every query group in one class: articles and analyses, claims, stories and
their results (read back as `StoryReport`s), stage failures, search, runs, the
online clusterer's state rows and the sources followed over HTTP. Methods take and
return model objects; nothing outside `store/` writes SQL.

Writes are grouped in short transactions (a batch of articles at a time), so an
interrupted run keeps everything it stored before the interruption, and a re-run
stores nothing twice: articles are keyed by their content id.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from storydesk.model import ArticleRecord, StoryReport, publication_key
from storydesk.store.articles import AddStatus, AmbiguousId, ArticleQueries
from storydesk.store.base import chunks, from_iso, marks
from storydesk.store.claims import ClaimQueries
from storydesk.store.cluster_rows import ClusterRowQueries
from storydesk.store.database import connect
from storydesk.store.failures import FailureQueries
from storydesk.store.not_news import NotNewsQueries
from storydesk.store.outlets import OutletQueries
from storydesk.store.runs import RunQueries
from storydesk.store.search import SearchQueries
from storydesk.store.sources import SourceQueries

__all__ = ["AddStatus", "AmbiguousId", "Store"]


class Store(
    ArticleQueries,
    ClaimQueries,
    SearchQueries,
    FailureQueries,
    RunQueries,
    ClusterRowQueries,
    NotNewsQueries,
    OutletQueries,
    SourceQueries,
):
    """One SQLite database file. Not thread-safe: one Store per thread or process."""

    def __init__(
        self,
        path: str | Path,
        *,
        read_only: bool = False,
        create: bool = True,
        busy_timeout_ms: int | None = None,
    ) -> None:
        """Open the store at `path`: read-only (never created, migrated or changed), or
        read-write (created when missing unless `create` is False, and migrated).
        `busy_timeout_ms` bounds each wait for another process's lock (default: long
        enough for any batch another `add` commits; a web request wants less)."""
        self.path = Path(path)
        self.read_only = read_only
        self.db = connect(
            self.path, read_only=read_only, create=create, busy_timeout_ms=busy_timeout_ms
        )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """Reads inside the block see one consistent state of the store (one read
        transaction: in WAL mode a concurrent `add` commits without changing it)."""
        self.db.execute("BEGIN DEFERRED")
        try:
            yield self
        finally:
            if self.db.in_transaction:
                with suppress(sqlite3.Error):  # keep the body's error, not the cleanup's
                    self.db.execute("ROLLBACK")  # nothing was written: this ends the read

    def article_records(self, ids: Sequence[str]) -> list[ArticleRecord]:
        """Articles in full, with their analysis and claims, in the order given."""
        unique = list(dict.fromkeys(ids))
        found = {a.id: a for a in self.articles(unique)}
        # One query a table, not two an article (a story page shows 70 in full).
        analyses = self.analyses_by_article(unique)
        claims = self.claims_by_article(unique)
        return [
            ArticleRecord.of(found[i], analyses.get(i), claims.get(i)) for i in unique if i in found
        ]

    def iter_article_records(self, ids: Sequence[str], batch: int = 256) -> Iterator[ArticleRecord]:
        """`article_records` a batch at a time: a big run's report streams them."""
        unique = list(dict.fromkeys(ids))
        for start in range(0, len(unique), batch):
            yield from self.article_records(unique[start : start + batch])

    def publication_order(self, ids: Sequence[str]) -> list[str]:
        """These articles' ids, earliest published first (undated last, then by title),
        read without their texts."""
        keys: dict[str, tuple[str, str]] = {}
        for chunk in chunks(list(dict.fromkeys(ids))):
            for row in self.db.execute(
                f"SELECT id, published, title FROM articles WHERE id IN ({marks(chunk)})", chunk
            ):
                keys[row["id"]] = publication_key(from_iso(row["published"]), row["title"])
        return sorted(keys, key=keys.__getitem__)

    def iter_story_reports_for(self, article_ids: Sequence[str]) -> Iterator[StoryReport]:
        """`story_reports_for` one story at a time (largest first, as it orders them)."""
        sizes = {}
        for story_id in self.stories_of_articles(article_ids):
            listing = self.story_listing(story_id)
            if listing is not None:
                sizes[story_id] = listing.size
        for story_id in sorted(sizes, key=lambda s: (-sizes[s], s)):
            report = self.story_report(story_id)
            if report is not None:
                yield report

