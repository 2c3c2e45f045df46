"""Decoded packed rows, kept between reads: a story's results, links and claims.

    decoded(kind, data) -> kind
        `codec.unpack(kind, data)`, answered from memory when these very bytes were
        decoded before in this process.

Building model records from stored JSON is most of what a story page costs (a
70-article story: ~250 ms of ~380 ms), and a server reads the same few stories
again and again. The cache is keyed by the stored bytes themselves, so it can never
answer for a changed row: a recomputed story's results are other bytes, decoded
anew. The records are frozen dataclasses of tuples, shared read-only between the
threads of a server. Bounded by the stored (compressed) bytes it keys, least
recently used first out: the decoded records take roughly ten times that.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from storydesk import codec

T = TypeVar("T")

MAX_BYTES = 4 * 1024 * 1024  # stored bytes the cache keys: ~40 MB of decoded records
_SMALLEST = 256  # rows shorter than this decode faster than a cache costs

_lock = threading.Lock()
_entries: OrderedDict[tuple[object, bytes | str], Any] = OrderedDict()
_held = 0


def decoded(kind: type[T], data: bytes | str) -> T:
    """`codec.unpack(kind, data)`, from the cache when these bytes were decoded before."""
    return remembered(kind, data, lambda raw: codec.unpack(kind, raw))


def remembered(tag: object, data: bytes | str, build: Callable[[bytes | str], T]) -> T:
    """`build(data)`, from the cache when it was built from these bytes under `tag`
    before. `build` must return a value nobody changes (tuples, frozen records)."""
    global _held
    if len(data) < _SMALLEST:
        return build(data)
    key = (tag, data)
    with _lock:
        found = _entries.get(key)
        if found is not None:
            _entries.move_to_end(key)
            return found  # type: ignore[no-any-return]
    value = build(data)
    with _lock:
        if key not in _entries:
            _entries[key] = value
            _held += len(data)
            while _held > MAX_BYTES and _entries:
                (_, old), _ = _entries.popitem(last=False)
                _held -= len(old)
    return value


def clear() -> None:
    """Forget every decoded record (tests, or to give the memory back)."""
    global _held
    with _lock:
        _entries.clear()
        _held = 0
