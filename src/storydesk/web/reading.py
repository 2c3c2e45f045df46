"""Running a request's reads: on a fixed pool of threads, each with its own read-only
Store (stores.py), inside one snapshot, a busy store tried again once.

The routes are async; what they read and render runs here, off the event loop, so a
slow page never stalls the server's other connections. The pool is fixed (`workers`
threads), so the number of open stores is too: rendering is Python under the
interpreter lock, and more threads than a few only take turns with it.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from storydesk.store.errors import StoreBusy, StoreError, store_error
from storydesk.store.store import Store
from storydesk.web.stores import ThreadStores

log = logging.getLogger("storydesk.web")

T = TypeVar("T")

WORKERS = 8  # threads reading and rendering at once
STORE_ATTEMPTS = 2  # a busy store is tried again once before a 503
RETRY_PAUSE = 0.05  # seconds between the two


class StoreUnavailable(Exception):
    """The store could not be read (missing, unreadable, still busy): a 503 with this
    one line, which never names the store's path."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def one_line(error: StoreError) -> str:
    """The error's sentence without the store's path: a client has no use for where
    the server keeps its files (the log has it)."""
    text = str(error)
    suffix = f": {error.path}"
    return text[: -len(suffix)] if text.endswith(suffix) else text.splitlines()[0]


class StoreReader:
    def __init__(self, db_path: Path, workers: int = WORKERS) -> None:
        self.db_path = Path(db_path)
        self.stores = ThreadStores(self.db_path)
        self.workers = workers
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="storydesk-web")

    async def read(self, work: Callable[[Store], T]) -> T:
        """`work(store)` on a worker thread, inside one snapshot of the store."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._attempts, work)

    def _attempts(self, work: Callable[[Store], T]) -> T:
        problem: StoreError | None = None
        for attempt in range(STORE_ATTEMPTS):
            if attempt:
                time.sleep(RETRY_PAUSE)
            try:
                store = self.stores.get()
                with store.snapshot():
                    return work(store)
            except StoreError as error:
                problem = error
            except sqlite3.Error as error:  # e.g. "database is locked" in mid-request
                problem = store_error(self.db_path, error)
            if not isinstance(problem, StoreBusy):
                self.stores.discard()  # a fresh connection next time: the file may have changed
                break
        assert problem is not None
        log.warning("store problem: %s", problem)
        raise StoreUnavailable(one_line(problem))

    def close(self) -> None:
        """Stop the threads (their stores close with them)."""
        self._pool.shutdown(wait=True, cancel_futures=True)

