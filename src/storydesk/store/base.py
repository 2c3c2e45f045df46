"""What every part of the store's one face shares: the connection, and the one way
times are written (UTC, ISO 8601, to the second) and read back."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

CHUNK = 500  # ids per "IN (...)" query: well under SQLite's bound on parameters


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def to_iso(value: datetime | None) -> str | None:
    """A stored time: UTC, so that stored times compare as strings."""
    return value.astimezone(UTC).isoformat() if value else None


def from_iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def chunks(ids: Sequence[str], size: int = CHUNK) -> Iterator[list[str]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def marks(values: Sequence[object]) -> str:
    """The "?, ?, ?" of an "IN (...)" over these values."""
    return ",".join("?" * len(values))


class StoreBase:
    """The connection the query groups (articles, stories, claims, failures, search,
    runs) share; `Store` is all of them in one class."""

    db: sqlite3.Connection
    path: Path
    read_only: bool

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """`with store.transaction():` one write transaction, rolled back on error."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.db.in_transaction:  # SQLite may have rolled back already (disk full)
                self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")
