"""Gzip decompression with a budget: total output and compression ratio are capped.

A 1 MB `.jsonl.gz` can hold a gigabyte of newlines; a `.warc.gz` record can announce
(and deliver) hundreds of megabytes of spaces. Every reader that decompresses goes
through `BoundedGzipReader`, which stops with `DecompressionLimit` (and a reason a user
can act on) as soon as either budget is exceeded. What was decompressed before the stop
has already been handed out, so readers keep the articles that came before it.

The ratio is measured on the compressed bytes actually consumed (fed to zlib in small
pieces), not on read-ahead, so a bomb is recognised after a few megabytes, not after a
few hundred.
"""

from __future__ import annotations

import io
import zlib
from typing import BinaryIO, cast

from storydesk.ingest.limits import Limits, describe_size

GZIP_MAGIC = b"\x1f\x8b"
_INPUT_PIECE = 16 * 1024  # compressed bytes fed to zlib at a time
_OUTPUT_PIECE = 256 * 1024  # decompressed bytes produced at a time, at most


class DecompressionLimit(OSError):
    """Decompressing further would exceed the budget; the message says which."""


class BoundedGzipReader(io.RawIOBase):
    """A read-only stream of the decompressed content of a (multi-member) gzip file.

    Raises `DecompressionLimit` past `limits.max_decompressed_bytes` of output, or when
    more than `limits.compression_ratio_grace_bytes` have come out at a ratio above
    `limits.max_compression_ratio`; `EOFError` for a stream cut short; `OSError` for
    corrupt data (as the gzip module does, so callers handle both the same way).
    """

    def __init__(self, raw: BinaryIO, limits: Limits) -> None:
        super().__init__()
        self._raw = raw
        self._limits = limits
        self._decompressor: zlib._Decompress | None = self._new_member()
        self._pending = b""  # compressed bytes read but not yet given to zlib
        self._buffer = b""  # decompressed bytes, handed out from `_offset` on
        self._offset = 0
        self._handed_out = 0
        self._consumed = 0  # compressed bytes given to zlib
        self.produced = 0  # decompressed bytes handed out
        self._raw_eof = False
        self.exceeded: str | None = None  # the reason, once a budget is exceeded

    @staticmethod
    def _new_member() -> zlib._Decompress:
        return zlib.decompressobj(wbits=31)  # 16 + 15: gzip header and trailer, CRC checked

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        """Decompressed bytes handed out so far (fastwarc asks, to number records)."""
        return self._handed_out

    def readinto(self, target: memoryview | bytearray) -> int:  # type: ignore[override]
        while self._offset >= len(self._buffer):
            if not self._fill():
                return 0
        size = min(len(target), len(self._buffer) - self._offset)
        target[:size] = self._buffer[self._offset : self._offset + size]
        self._offset += size
        self._handed_out += size
        return size

    def _fill(self) -> bool:
        """Decompress one piece into the buffer; False at the end of the stream."""
        if self._decompressor is None:
            return False
        if self._decompressor.eof:
            return self._next_member()
        if not self._pending:
            self._pending = b"" if self._raw_eof else self._raw.read(_INPUT_PIECE)
            if not self._pending:
                self._raw_eof = True
                self._decompressor = None
                raise EOFError("compressed file ended before the end-of-stream marker")
        fed = len(self._pending)
        try:
            out = self._decompressor.decompress(self._pending, _OUTPUT_PIECE)
        except zlib.error as error:
            self._decompressor = None
            raise OSError(f"corrupt compressed data: {error}") from None
        # At a member's end the bytes after it (`unused_data`, which `unconsumed_tail`
        # may repeat) belong to the next member; otherwise what zlib left is fed again.
        if self._decompressor.eof:
            self._pending = self._decompressor.unused_data
        else:
            self._pending = self._decompressor.unconsumed_tail
        self._consumed += fed - len(self._pending)
        self.produced += len(out)
        self._check_budget()
        self._buffer, self._offset = out, 0
        return True

    def _next_member(self) -> bool:
        """After a member's trailer: the next member, zero padding, or the end."""
        rest = self._pending.lstrip(b"\x00")
        while not rest and not self._raw_eof:
            chunk = self._raw.read(_INPUT_PIECE)
            self._raw_eof = not chunk
            rest = chunk.lstrip(b"\x00")
        if not rest:
            self._decompressor = None
            return False
        if len(rest) < 2 and not self._raw_eof:
            rest += self._raw.read(_INPUT_PIECE)
        if not rest.startswith(GZIP_MAGIC):
            self._decompressor = None
            raise OSError("trailing data after the compressed stream is not gzip")
        self._pending = rest
        self._decompressor = self._new_member()
        return True

    def _check_budget(self) -> None:
        limits = self._limits
        if self.produced > limits.max_decompressed_bytes:
            self.exceeded = (
                f"decompressed data over the {describe_size(limits.max_decompressed_bytes)}"
                " limit for one input file; the rest was not read"
            )
        elif (
            self.produced > limits.compression_ratio_grace_bytes
            and self.produced > limits.max_compression_ratio * max(self._consumed, 1)
        ):
            self.exceeded = (
                f"compression ratio over {limits.max_compression_ratio}:1 after "
                f"{describe_size(self.produced)} (a compression bomb?); the rest was not read"
            )
        if self.exceeded:
            self._decompressor = None
            raise DecompressionLimit(self.exceeded)

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()


def open_decompressed(raw: BinaryIO, limits: Limits) -> BinaryIO:
    """A bounded decompressing stream over an open gzip file.

    Unbuffered on purpose: each `read` returns what one step decompressed, so when a
    later step fails (a truncated archive, a budget exceeded) every byte before it has
    already been handed out and the articles in it are kept.
    """
    return cast(BinaryIO, BoundedGzipReader(raw, limits))
