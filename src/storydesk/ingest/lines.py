"""The non-blank lines of a byte stream, read in large chunks.

Reading line by line costs a Python round trip per line, so a file of a billion
newlines (or of whitespace-only lines) took minutes to say nothing. Here runs of blank
lines are skipped with one regular-expression search and one `count` per chunk, both
in C, and only lines with content reach Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

_CHUNK = 1 << 20
_NON_BLANK = re.compile(rb"[^ \t\r\n\f\v]")


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based, counting blank lines too
    data: bytes | None  # the line without its newline; None when over the length limit


class _Chunks:
    """Chunks of at most `limit` bytes in all, each from a single underlying read, so
    an error while reading loses nothing that an earlier call returned."""

    def __init__(self, stream: BinaryIO, limit: int | None) -> None:
        self._read = getattr(stream, "read1", stream.read)
        self._remaining = limit

    def next(self) -> bytes:
        size = _CHUNK if self._remaining is None else min(_CHUNK, self._remaining)
        if size <= 0:
            return b""
        data: bytes = self._read(size)
        if self._remaining is not None:
            self._remaining -= len(data)
        return data


def non_blank_lines(
    stream: BinaryIO, max_line: int, *, first_line: int = 0, limit: int | None = None
) -> Iterator[Line]:
    """Every line of `stream` with something other than whitespace in it.

    Lines are numbered from `first_line` + 1; at most `limit` bytes are read. A line
    longer than `max_line` bytes is yielded as `Line(number, None)` and never held whole.
    Errors from the stream propagate after every complete line before them was yielded.
    """
    chunks = _Chunks(stream, limit)
    buffer = chunks.next()
    at = 0  # where the unread part of `buffer` starts
    number = first_line  # newlines passed so far
    while buffer:
        found = _NON_BLANK.search(buffer, at)
        if found is None:  # the rest of the chunk is blank
            number += buffer.count(b"\n", at)
            buffer, at = chunks.next(), 0
            continue
        begin = found.start()
        number += buffer.count(b"\n", at, begin)
        end = buffer.find(b"\n", begin)
        while end < 0 and len(buffer) - begin <= max_line:  # the line goes on: read more
            more = chunks.next()
            if not more:
                break
            buffer, begin = buffer[begin:] + more, 0
            end = buffer.find(b"\n", len(buffer) - len(more))
        if end < 0 and len(buffer) - begin <= max_line:  # the last line, without newline
            yield Line(number + 1, buffer[begin:])
            return
        if end < 0 or end - begin > max_line:
            yield Line(number + 1, None)
            number += 1
            buffer, at = _skip_rest_of_line(buffer, begin, chunks)
            continue
        yield Line(number + 1, buffer[begin:end])
        number += 1
        at = end + 1
        if at >= len(buffer):
            buffer, at = chunks.next(), 0


def _skip_rest_of_line(buffer: bytes, begin: int, chunks: _Chunks) -> tuple[bytes, int]:
    """(buffer, position) just past the newline that ends the line at `begin`."""
    end = buffer.find(b"\n", begin)
    while end < 0:
        buffer = chunks.next()
        if not buffer:
            return b"", 0
        end = buffer.find(b"\n")
    return buffer, end + 1
