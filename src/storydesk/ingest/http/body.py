"""Reading a response body within two budgets: bytes as sent, and bytes decoded.

The body is streamed: a 50 MB page is refused after max_bytes arrive, not after all
of it, and a gzip bomb is refused as soon as its output passes max_decompressed_bytes
(zlib is asked for at most what is left of the budget, so the expansion never happens
in memory).
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator

MB = 1024 * 1024


class BodyRefused(Exception):
    """The body breaks a limit or cannot be decoded; the message is for the user."""


def describe_size(size: int) -> str:
    if size >= MB and size % MB == 0:
        return f"{size // MB} MB"
    if size >= MB:
        return f"{size / MB:.1f} MB"
    if size >= 1024:
        return f"{size // 1024} KB"
    return f"{size} bytes"


class _Inflater:
    """gzip or deflate decoding with an output budget."""

    def __init__(self, encoding: str, budget: int) -> None:
        self._encoding = encoding
        # deflate is meant to be zlib-wrapped but some servers send raw deflate; the
        # wrapper is detected from the first byte (zlib headers start with 0x?8).
        self._zlib: zlib._Decompress | None = (
            zlib.decompressobj(16 + zlib.MAX_WBITS) if encoding == "gzip" else None
        )
        self._budget = budget
        self._size = 0
        self._parts: list[bytes] = []

    def feed(self, data: bytes) -> None:
        if not data:
            return
        if self._zlib is None:
            raw = (data[0] & 0x0F) != 8
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
        decoder = self._zlib
        if decoder.eof:
            return  # bytes after the end of the stream (padding) are ignored
        pending = data
        while pending:
            try:
                out = decoder.decompress(pending, self._budget - self._size + 1)
            except zlib.error:
                raise BodyRefused(f"bad {self._encoding} data in response") from None
            self._take(out)
            pending = decoder.unconsumed_tail
            if decoder.eof:
                break

    def finish(self) -> bytes:
        if self._zlib is not None and not self._zlib.eof:
            raise BodyRefused(f"{self._encoding} response was cut short")
        return b"".join(self._parts)

    def _take(self, out: bytes) -> None:
        self._size += len(out)
        if self._size > self._budget:
            raise BodyRefused(f"response over {describe_size(self._budget)} once decompressed")
        self._parts.append(out)


async def read_body(
    chunks: AsyncIterator[bytes],
    content_encoding: str | None,
    max_bytes: int,
    max_decompressed_bytes: int,
) -> bytes:
    """The decoded body, or BodyRefused as soon as a budget is broken."""
    encoding = (content_encoding or "").strip().lower()
    if encoding == "x-gzip":
        encoding = "gzip"
    inflater: _Inflater | None
    if encoding in ("", "identity"):
        inflater = None
    elif encoding in ("gzip", "deflate"):
        inflater = _Inflater(encoding, max_decompressed_bytes)
    else:
        raise BodyRefused(f"unsupported content encoding {encoding[:40]!r}")
    size = 0
    parts: list[bytes] = []
    async for chunk in chunks:
        size += len(chunk)
        if size > max_bytes:
            raise BodyRefused(f"response over {describe_size(max_bytes)}")
        if inflater is None:
            parts.append(chunk)
        else:
            inflater.feed(chunk)
    if inflater is None:
        body = b"".join(parts)
        if len(body) > max_decompressed_bytes:
            raise BodyRefused(f"response over {describe_size(max_decompressed_bytes)}")
        return body
    return inflater.finish()
