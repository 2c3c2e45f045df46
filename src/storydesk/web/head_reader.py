"""Reading a request's head (request line and headers) within a deadline and a size.

A socket timeout alone bounds each `recv`, not the whole head: a client that sends
one byte every few seconds would hold a worker thread for ever. `HeadReader` gives the
head one deadline, counted from when a worker takes the connection, and a byte budget;
past the deadline a read raises TimeoutError (BaseHTTPRequestHandler then drops the
connection and the worker is free), past the budget it reads as end of input and sets
`exhausted`, so the handler answers 431 instead of parsing a cut-off head.
"""

from __future__ import annotations

import io
import socket
import time

# A client that sent nothing for this long after our answer is taken to be done.
QUIET_SECONDS = 0.1


class HeadReader(io.RawIOBase):
    """A readable raw stream over `sock` that gives up at `deadline` (monotonic
    seconds) or after `limit` bytes."""

    def __init__(self, sock: socket.socket, deadline: float, limit: int) -> None:
        super().__init__()
        self.sock = sock
        self.deadline = deadline
        self.limit = limit
        self.used = 0
        self.exhausted = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        room = self.limit - self.used
        if room <= 0:
            self.exhausted = True
            return 0
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the request head did not arrive in time")
        self.sock.settimeout(remaining)
        count = self.sock.recv_into(memoryview(buffer)[:room])
        self.used += count
        return count


def head_stream(
    sock: socket.socket, seconds: float, limit: int
) -> tuple[io.BufferedReader, HeadReader]:
    """A buffered reader for the request head and the raw reader under it."""
    raw = HeadReader(sock, time.monotonic() + seconds, limit)
    return io.BufferedReader(raw), raw


def drain(sock: socket.socket, seconds: float = 1.0, limit: int = 1 << 20) -> None:
    """Stop sending, then read and drop what the client still sends, for at most
    `seconds` and `limit` bytes, or until it is quiet for a moment.

    After an error answered before the whole request was read (431, 414...), closing
    at once with unread input makes the kernel reset the connection, and a reset can
    destroy the answer before the client has read it.
    """
    deadline = time.monotonic() + seconds
    try:
        sock.shutdown(socket.SHUT_WR)
        dropped = 0
        while dropped < limit:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            sock.settimeout(min(remaining, QUIET_SECONDS))
            chunk = sock.recv(65536)
            if not chunk:  # the client closed: nothing left to reset
                return
            dropped += len(chunk)
    except OSError:  # quiet for QUIET_SECONDS (a timeout), or already gone
        return
