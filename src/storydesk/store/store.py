"""The embedded store: one SQLite file, and the one face the rest of storydesk uses.

`Store` is every query group in one class: articles and analyses, claims, stories and
their results (read back as `StoryReport`s), stage failures, search, runs and the
online clusterer's state rows. Methods take and return model objects; nothing
outside `store/` writes SQL.

Writes are grouped in short transactions (a batch of articles at a time), so an
interrupted run keeps everything it stored before the interruption, and a re-run
stores nothing twice: articles are keyed by their content id.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from storydesk.model import ArticleRecord
from storydesk.store.articles import AddStatus, AmbiguousId, ArticleQueries
from storydesk.store.claims import ClaimQueries
from storydesk.store.cluster_rows import ClusterRowQueries
from storydesk.store.database import connect
from storydesk.store.failures import FailureQueries
from storydesk.store.runs import RunQueries
from storydesk.store.search import SearchQueries

__all__ = ["AddStatus", "AmbiguousId", "Store"]


class Store(
    ArticleQueries, ClaimQueries, SearchQueries, FailureQueries, RunQueries, ClusterRowQueries
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
        found = {a.id: a for a in self.articles(ids)}
        return [
            ArticleRecord.of(found[i], self.get_analysis(i), self.claims_of(i))
            for i in dict.fromkeys(ids)
            if i in found
        ]
