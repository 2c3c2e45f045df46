"""An HTTP server with a fixed pool of worker threads and a bounded number of connections.

The standard library's ThreadingHTTPServer starts a thread per connection and listens
with a backlog of 5. Under load the accepting thread competes for the interpreter
lock with every busy handler thread, so it falls behind, the kernel's accept queue
of 5 overflows and new connections are dropped; the clients only retry their SYN
after 1, 3, 7, 15 s, which is where multi-second tails come from. And a client that
connects and says nothing holds a thread for as long as it likes. Here:

- `workers` threads are started once and handle one connection at a time each: a
  burst of clients never turns into a burst of threads;
- a connection goes to a worker only once it has sent something (first_bytes.py);
  one silent for `idle_timeout` seconds is closed without costing a worker;
- the accepting thread only counts and hands on, so it keeps up; the listen backlog
  (`backlog`) is at least `max_connections`, so connections the server will take are
  not dropped by the kernel meanwhile;
- at most `max_connections` are held at once (silent, waiting for a worker, or in
  one); past that a connection is answered at once with a short 503 and
  `Retry-After` instead of waiting an unbounded time.
"""

from __future__ import annotations

import logging
import queue
import socket
import sys
import threading
import time
from contextlib import suppress
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

from storydesk.web.first_bytes import FirstBytes
from storydesk.web.headers import raw_response

log = logging.getLogger("storydesk.web")

_Connection = tuple[socket.socket, Any]


def _has_bytes(sock: socket.socket) -> bool:
    """Whether `sock` has something to read now (bytes, or the client's close)."""
    try:
        sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except BlockingIOError:
        return False
    except OSError:  # reset: a worker will find out at once
        return True
    return True


class BoundedHTTPServer(HTTPServer):
    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        *,
        workers: int,
        max_connections: int,
        backlog: int,
        idle_timeout: float,
    ) -> None:
        if workers < 1 or max_connections < workers:
            raise ValueError("want at least one worker and max_connections >= workers")
        # Read by server_activate (inside HTTPServer.__init__) as listen()'s backlog.
        self.request_queue_size = max(backlog, max_connections)
        self.workers = workers
        self.max_connections = max_connections
        self._waiting: queue.SimpleQueue[_Connection | None] = queue.SimpleQueue()
        # Connections taken and not yet closed, wherever they are. Counted, not read
        # off the queues: in a burst the accepting thread runs ahead of the others.
        self._held = 0
        self._held_lock = threading.Lock()
        super().__init__(address, handler)
        self._silent = FirstBytes(self._to_worker, self._drop, idle_timeout)
        self._threads = [
            threading.Thread(target=self._work, name=f"storydesk-web-{n}", daemon=True)
            for n in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    # -- the accepting thread ------------------------------------------------------

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._held_lock:
            full = self._held >= self.max_connections
            if not full:
                self._held += 1
        if full:
            self._refuse_busy(request)
        elif _has_bytes(request):  # its request is here already: no detour
            self._to_worker(request, client_address)
        else:
            self._silent.add(request, client_address)

    def _refuse_busy(self, request: socket.socket) -> None:
        try:
            # Read what already arrived, so closing does not reset the connection
            # before the client has read the answer.
            request.setblocking(False)
            with suppress(OSError):
                request.recv(65536)
            request.settimeout(0.5)  # a fresh socket's send buffer is empty: no wait
            request.sendall(
                raw_response(503, "the server is busy; try again in a moment",
                             {"Retry-After": "1"})
            )  # fmt: skip
        except OSError:
            pass
        finally:
            self.shutdown_request(request)

    # -- hand-offs -------------------------------------------------------------------

    def _to_worker(self, request: socket.socket, client_address: Any) -> None:
        self._waiting.put((request, client_address))

    def _drop(self, request: socket.socket) -> None:
        """Close a connection no worker took (silent too long, or the server closing)."""
        self.shutdown_request(request)
        with self._held_lock:
            self._held -= 1

    # -- the workers ---------------------------------------------------------------

    def _work(self) -> None:
        try:
            while True:
                item = self._waiting.get()
                if item is None:
                    return
                request, client_address = item
                try:
                    self.finish_request(request, client_address)
                except Exception:
                    self.handle_error(request, client_address)
                finally:
                    self._drop(request)
        finally:
            self.worker_finished()

    def worker_finished(self) -> None:
        """Called in each worker thread as it ends: release what the thread holds."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):  # the client went away
            log.debug("connection from %s ended: %r", client_address, error)
        else:
            log.exception("error handling a connection from %s", client_address)

    def server_close(self) -> None:
        super().server_close()
        self._silent.close()
        for _ in self._threads:
            self._waiting.put(None)
        # A worker inside a request ends it within the handler's own timeouts; it is
        # a daemon, so one still busy after this short wait never keeps the process up.
        deadline = time.monotonic() + 2.0
        for thread in self._threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        while True:  # connections a worker never took
            try:
                item = self._waiting.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                self._drop(item[0])
