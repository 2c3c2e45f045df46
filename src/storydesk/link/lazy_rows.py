"""A mapping whose values are rows somewhere else, read on first use.

The clusterer's state (story records, posting lists, document frequencies, ...) is
far larger than what one article reads or changes. `LazyRows` lets the clusterer's
code keep using a mapping while only the rows it touches are read: a value is loaded
on first access (or in bulk with `prefetch`, one query for many keys), cached, and
remembered as dirty when set or deleted, so that only changed rows are written back.

A value the caller mutates in place is not seen as changed until it is assigned
again (`rows[key] = value`): the clusterer does that after every change, which keeps
a plain dict a drop-in replacement for tests and the in-memory clusterer.

Iterating over the keys would read every row, which is what this class exists to
avoid; it raises instead, so a full scan cannot creep into the add path unnoticed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence
from typing import TypeVar

V = TypeVar("V")

Loader = Callable[[Sequence[str]], Mapping[str, V]]


class LazyRows(MutableMapping[str, V]):
    """String keys to values loaded by `load(keys) -> {key: value}` (absent keys are
    left out of its answer)."""

    def __init__(self, load: Loader[V]) -> None:
        self._load = load
        self._cache: dict[str, V] = {}
        self._absent: set[str] = set()  # looked up and not stored, nor set since
        self._dirty: set[str] = set()  # set since the last `saved()`
        self._deleted: set[str] = set()  # deleted since the last `saved()`

    def prefetch(self, keys: Iterable[str]) -> None:
        """Load every key not seen yet, in one call of the loader."""
        cache, absent = self._cache, self._absent
        wanted = [k for k in dict.fromkeys(keys) if k not in cache and k not in absent]
        if not wanted:
            return
        found = self._load(wanted)
        cache.update(found)
        absent.update(k for k in wanted if k not in found)

    def loaded(self, keys: Iterable[str]) -> Mapping[str, V]:
        """The cache once `keys` are loaded: for those keys it answers as the rows
        do (a key absent from it is not stored), without a method call per key."""
        self.prefetch(keys)
        return self._cache

    def set_many(self, values: Mapping[str, V]) -> None:
        """Set many keys at once (as `__setitem__` each)."""
        self._cache.update(values)
        self._absent.difference_update(values)
        self._deleted.difference_update(values)
        self._dirty.update(values)

    def __getitem__(self, key: str) -> V:
        try:
            return self._cache[key]
        except KeyError:
            pass
        self.prefetch((key,))
        return self._cache[key]  # KeyError when it is not stored either

    def get(self, key: str, default: V | None = None) -> V | None:  # type: ignore[override]
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        if key in self._cache:
            return True
        if key in self._absent:
            return False
        self.prefetch((key,))
        return key in self._cache

    def __setitem__(self, key: str, value: V) -> None:
        self._cache[key] = value
        self._absent.discard(key)
        self._deleted.discard(key)
        self._dirty.add(key)

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        del self._cache[key]
        self._absent.add(key)
        self._dirty.discard(key)
        self._deleted.add(key)

    def __iter__(self) -> Iterator[str]:
        raise TypeError("a LazyRows mapping is not iterated: that would read every row")

    def __len__(self) -> int:
        raise TypeError("a LazyRows mapping has no cheap length: that would read every row")

    # ---- writing back ---------------------------------------------------------------

    def changed(self) -> dict[str, V]:
        """Keys set since the last `saved()`, with their values now."""
        return {k: self._cache[k] for k in self._dirty}

    def deleted(self) -> set[str]:
        return set(self._deleted)

    def saved(self) -> None:
        """The changes were written: the cache now equals the stored rows."""
        self._dirty.clear()
        self._deleted.clear()


def prefetch(mapping: Mapping[str, object], keys: Iterable[str]) -> None:
    """Load `keys` in one go when `mapping` is lazy; a plain dict needs nothing."""
    if isinstance(mapping, LazyRows):
        mapping.prefetch(keys)
