"""Rendered story and article answers kept while the store does not change.

A big story's page costs milliseconds to render and is asked for again and again; it
changes only when a command writes the store. Each answer is kept under its address
and a version of what it shows, read in the request's own snapshot: the store's last
run and newest article (any `storydesk add` moves them), and for a story its row
(size, update time) and when its results were computed (a recompute without new
articles). An entry under an older version is never looked up again and falls out of
the bounded LRU.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from storydesk.store.store import Store

MAX_ENTRIES = 256  # answers kept (a 70-article story page is ~200 kB)
MAX_BYTES = 64 * 1024 * 1024  # and at most this many bytes of them

_STORE_VERSION = """SELECT (SELECT max(id) FROM runs),
                           (SELECT finished_at FROM runs ORDER BY id DESC LIMIT 1),
                           (SELECT max(seq) FROM articles)"""
_STORY_VERSION = """SELECT s.updated_at, s.size, s.dirty, r.computed_at
                    FROM stories s LEFT JOIN story_results r ON r.story_id = s.id
                    WHERE s.id = ?"""


def store_version(store: Store) -> tuple[object, ...]:
    """What any write to the store moves (see the module's note)."""
    return tuple(store.db.execute(_STORE_VERSION).fetchone())


def story_version(store: Store, story_id: str) -> tuple[object, ...]:
    row = store.db.execute(_STORY_VERSION, (story_id,)).fetchone()
    return store_version(store) + (tuple(row) if row is not None else ())


class PageCache:
    """A bounded, thread-safe LRU of rendered answers (bytes)."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, make: Callable[[], bytes]) -> bytes:
        """The answer kept under `key`, or `make()`'s, kept."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                return found
            self.misses += 1
        value = make()  # outside the lock: two threads may render one page; both are right
        with self._lock:
            if key not in self._entries and len(value) <= self.max_bytes:
                self._entries[key] = value
                self._bytes += len(value)
                while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                    _, dropped = self._entries.popitem(last=False)
                    self._bytes -= len(dropped)
        return value
