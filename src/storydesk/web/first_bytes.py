"""Holding accepted connections until they send something, in one thread.

A worker thread given a connection that sends nothing can only wait for it. Browsers
open connections they may never use, and a hostile client can open dozens and say
nothing: with a worker each, everyone else would wait behind them. `FirstBytes` keeps
such connections in one selector instead; a connection goes to a worker only when it
has bytes to read (or has closed), and one silent for `patience` seconds is dropped.
"""

from __future__ import annotations

import queue
import selectors
import socket
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from typing import Any

CHECK_SECONDS = 0.25  # how often silent connections are looked at for expiry

Ready = Callable[[socket.socket, Any], None]
Expired = Callable[[socket.socket], None]


class FirstBytes:
    """Calls `ready(sock, address)` once `sock` is readable, or `expired(sock)` after
    `patience` seconds of silence (or on `close`). Both are called in this object's
    thread; `add` may be called from any thread."""

    def __init__(self, ready: Ready, expired: Expired, patience: float) -> None:
        self._ready = ready
        self._expired = expired
        self._patience = patience
        self._selector = selectors.DefaultSelector()
        # New connections come through a queue and a wake-up socket, so only this
        # thread ever touches the selector.
        self._incoming: queue.SimpleQueue[tuple[socket.socket, Any]] = queue.SimpleQueue()
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._wake_reader.setblocking(False)
        self._wake_writer.setblocking(False)
        self._selector.register(self._wake_reader, selectors.EVENT_READ)
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="storydesk-web-idle", daemon=True)
        self._thread.start()

    def add(self, sock: socket.socket, address: Any) -> None:
        self._incoming.put((sock, address))
        self._wake()

    def close(self) -> None:
        """Stop the thread; connections still silent are expired."""
        self._stopping = True
        self._wake()
        self._thread.join(timeout=2.0)

    def _wake(self) -> None:
        with suppress(OSError):  # the buffer is full (it is awake already) or closed
            self._wake_writer.send(b"\0")

    def _run(self) -> None:
        next_check = time.monotonic() + CHECK_SECONDS
        try:
            while not self._stopping:
                self._take_incoming()
                for key, _ in self._selector.select(CHECK_SECONDS):
                    if key.fileobj is self._wake_reader:
                        self._drain_wake()
                    else:
                        self._selector.unregister(key.fileobj)
                        self._ready(key.fileobj, key.data[0])  # type: ignore[arg-type]
                now = time.monotonic()
                if now >= next_check:  # not on every wake-up: a busy server wakes often
                    self._expire(now)
                    next_check = now + CHECK_SECONDS
        finally:
            self._take_incoming()
            self._expire(float("inf"))
            self._selector.close()
            self._wake_reader.close()
            self._wake_writer.close()

    def _take_incoming(self) -> None:
        while True:
            try:
                sock, address = self._incoming.get_nowait()
            except queue.Empty:
                return
            deadline = time.monotonic() + self._patience
            try:
                self._selector.register(sock, selectors.EVENT_READ, (address, deadline))
            except (OSError, ValueError):  # closed meanwhile
                self._expired(sock)

    def _drain_wake(self) -> None:
        with suppress(OSError):  # BlockingIOError: nothing more to read
            while self._wake_reader.recv(4096):
                pass

    def _expire(self, now: float) -> None:
        for key in list(self._selector.get_map().values()):
            if key.fileobj is self._wake_reader or key.data[1] > now:
                continue
            self._selector.unregister(key.fileobj)
            self._expired(key.fileobj)  # type: ignore[arg-type]
