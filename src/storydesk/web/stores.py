"""The web server's read-only stores: one per reading thread, kept between requests.

Opening a store costs a connection, its settings and a parse of the schema: more
than answering most requests. Each reading thread keeps its own read-only Store (an
SQLite connection is not shared between threads) and reopens it only when the file
at the path is another file (replaced, or deleted and made again) or after an error.

Each request reads inside one read transaction: SQLite in WAL mode then gives it one
consistent snapshot while `storydesk add` commits, so a page never mixes the store
before and after a batch. Readers are not blocked by a WAL writer; they can wait on a
lock only briefly (a store still in rollback-journal mode, a WAL recovery), so the
wait is bounded by a short busy timeout and the server answers "busy" rather than
holding the client for a minute.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import suppress
from pathlib import Path

from storydesk.store.store import Store

# A reader's wait for a lock, per attempt. Short, because a client is waiting; the
# request is tried again once before it is answered 503 (see reading.py).
READ_BUSY_TIMEOUT_MS = 2_000

_FileIdentity = tuple[int, int]


def _identity(path: Path) -> _FileIdentity | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_dev, status.st_ino)


class ThreadStores:
    """A read-only Store per thread over the store at `path`."""

    def __init__(self, path: Path, busy_timeout_ms: int = READ_BUSY_TIMEOUT_MS) -> None:
        self.path = path
        self.busy_timeout_ms = busy_timeout_ms
        self._local = threading.local()

    def get(self) -> Store:
        """This thread's Store, opened now if it has none or the file was replaced.
        Raises StoreError (missing, unreadable, busy...) when it cannot be opened."""
        store: Store | None = getattr(self._local, "store", None)
        identity = _identity(self.path)
        if store is not None and identity is not None and identity == self._local.identity:
            return store
        self.discard()
        store = Store(self.path, read_only=True, busy_timeout_ms=self.busy_timeout_ms)
        self._local.store, self._local.identity = store, identity
        return store

    def discard(self) -> None:
        """Close this thread's Store (after an error, or as the thread ends)."""
        store: Store | None = getattr(self._local, "store", None)
        self._local.store = None
        if store is not None:
            with suppress(sqlite3.Error):
                store.close()
