"""The HTTP server behind `storydesk serve`: uvicorn around web.app.create_app.

    make_server(db_path, host="127.0.0.1", port=8000, **limits) -> Served
        (port 0 picks a free port: see Served.port; `with served:` runs it in a thread)
    serve(db_path, host, port) -> None   checks the store opens, then runs until
                                         interrupted

uvicorn bounds idle keep-alive connections and the size of a request head, but gives
a client any time it likes to send its head: one that sends a byte a second holds a
connection for ever, and a few hundred of them hold them all. `HeadDeadline` (the
HTTP protocol uvicorn runs for each connection) gives each request head one deadline,
HEAD_TIMEOUT seconds from the connection (or the previous answer), and closes the
connection when the whole head has not arrived by then. It also

- answers a connection past MAX_CONNECTIONS at once with a short 503 and
  Retry-After (uvicorn's own `limit_concurrency` answers without the security
  headers, so it is not used);
- answers a head over MAX_HEAD_BYTES with 431 and one that does not parse with 400,
  both with the security headers (uvicorn's own 400 has none).

Everything else, the security headers on every other answer included, is the
application's (middleware.py, errors.py).
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from pathlib import Path
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from storydesk.store.store import Store
from storydesk.web.app import create_app
from storydesk.web.headers import raw_response
from storydesk.web.reading import WORKERS

__all__ = ["Served", "make_server", "serve"]

MAX_CONNECTIONS = 256  # held at once (silent, waiting or answered); more get a 503
BACKLOG = 256  # the kernel's accept queue: at least MAX_CONNECTIONS
HEAD_TIMEOUT = 5.0  # seconds to send a whole request head
KEEP_ALIVE = 5  # seconds an idle keep-alive connection is kept
MAX_HEAD_BYTES = 64 * 1024  # bytes of request line + headers; more is answered 431
LINGER = 1.0  # seconds a refused connection is kept for the client to read the answer


class HeadDeadline(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a deadline for each request head, a cap on
    connections and answers with the security headers for what it refuses itself."""

    head_timeout = HEAD_TIMEOUT
    max_connections = MAX_CONNECTIONS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None
        self._head_bytes = 0
        self._busy = False  # over the connection cap: answered 503 once it speaks
        self._refused = False  # answered here; what the client still sends is dropped

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._busy = len(self.connections) > self.max_connections
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._head_bytes = 0
        self._head_timer = self.loop.call_later(self.head_timeout, self._expired)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _expired(self) -> None:
        self._head_timer = None
        # Still no whole head (a request being answered is never cut off here).
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        if self._busy:
            self._refuse(503, "the server is busy; try again in a moment", {"Retry-After": "1"})
            return
        if self.conn.their_state is h11.IDLE:
            self._head_bytes += len(data)
            if self._head_bytes > MAX_HEAD_BYTES:
                self._refuse(431, f"request head over {MAX_HEAD_BYTES} bytes")
                return
        super().data_received(data)

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:  # the head is in
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm()  # the next request's head gets its own deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        self._refuse(400, "invalid HTTP request")

    def _refuse(self, status: int, text: str, extra: dict[str, str] | None = None) -> None:
        """Answer and end the connection. Not closed at once: closing a socket with
        request bytes still unread resets it, and the client could lose the answer."""
        self._disarm()
        if self._refused or self.transport.is_closing():
            return
        self._refused = True
        self.transport.write(raw_response(status, text, extra))
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self._head_timer = self.loop.call_later(LINGER, self.transport.close)


def _protocol(head_timeout: float, max_connections: int) -> type[HeadDeadline]:
    return type("StorydeskHTTP", (HeadDeadline,), {
        "head_timeout": head_timeout, "max_connections": max_connections,
    })  # fmt: skip


class Served:
    """A configured server and its listening socket (bound at once, so `port` is known
    before it runs)."""

    def __init__(self, server: uvicorn.Server, sock: socket.socket) -> None:
        self.server = server
        self.socket = sock
        self._thread: threading.Thread | None = None

    @property
    def app(self) -> Any:
        return self.server.config.app

    @property
    def host(self) -> str:
        return str(self.socket.getsockname()[0])

    @property
    def port(self) -> int:
        return int(self.socket.getsockname()[1])

    def run(self) -> None:
        """Serve until interrupted (or `stop`)."""
        self.server.run(sockets=[self.socket])

    def __enter__(self) -> Served:
        self._thread = threading.Thread(target=self.run, name="storydesk-serve", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10.0
        while not self.server.started and self._thread.is_alive():
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10.0)
        self.socket.close()

    def __exit__(self, *_: object) -> None:
        self.stop()


def make_server(
    db_path: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    workers: int = WORKERS,
    max_connections: int = MAX_CONNECTIONS,
    backlog: int = BACKLOG,
    head_timeout: float = HEAD_TIMEOUT,
    write_token: str | None = None,
) -> Served:
    app = create_app(Path(db_path), write_token=write_token, workers=workers)
    config = uvicorn.Config(
        app,
        http=_protocol(head_timeout, max_connections),
        ws="none",
        lifespan="on",
        backlog=max(backlog, max_connections),
        timeout_keep_alive=KEEP_ALIVE,
        # h11's own limit on a head, above ours (HeadDeadline answers 431 first).
        h11_max_incomplete_event_size=MAX_HEAD_BYTES * 2,
        server_header=False,  # the application sends "Server: storydesk"
        proxy_headers=False,
        access_log=False,
        log_level="warning",
    )
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(config.backlog)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return Served(uvicorn.Server(config), sock)


def serve(
    db_path: Path, host: str = "127.0.0.1", port: int = 8000, *, write_token: str | None = None
) -> None:
    """Serve until interrupted. Raises StoreError (one line) when the store cannot be
    opened read-only, before listening."""
    Store(db_path, read_only=True).close()
    served = make_server(db_path, host, port, write_token=write_token)
    print(f"storydesk: serving {db_path} at http://{served.host}:{served.port}/ (Ctrl-C stops)")
    try:
        served.run()
    except KeyboardInterrupt:  # uvicorn stops on Ctrl-C, then raises it again
        pass
    finally:
        served.socket.close()
