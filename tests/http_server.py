"""A scripted HTTP server on 127.0.0.1 for fetcher tests (and the feed follower's).

Each route is a function that answers one request through the handler; the server
records every request (path, Host header, request headers, start and end times), so
tests can check what was fetched, how often, and that no host was ever asked faster
or more concurrently than the policy allows.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[["Handler"], None]


@dataclass
class Hit:
    path: str
    host: str  # the Host header without the port
    headers: dict[str, str]
    start: float  # time.monotonic() when the request line was read
    end: float = 0.0  # when the route returned
    bytes_sent: int = 0


@dataclass
class ScriptedServer:
    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    port: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def paths(self) -> list[str]:
        with self.lock:
            return [hit.path for hit in self.hits]

    def count(self, path: str) -> int:
        return self.paths().count(path)


class Handler(BaseHTTPRequestHandler):
    server_state: ScriptedServer  # set on the subclass made per server
    hit: Hit

    def do_GET(self) -> None:
        state = self.server_state
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        self.hit = Hit(self.path, host, dict(self.headers.items()), time.monotonic())
        with state.lock:
            state.hits.append(self.hit)
        route = state.routes.get(self.path.split("?", 1)[0])
        try:
            if route is None:
                self.answer(404, b"not here")
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a limit or a timeout): what the test wants
        finally:
            self.hit.end = time.monotonic()

    def answer(
        self,
        status: int,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        content_type: str | None = "text/plain",
    ) -> None:
        self.send_response(status)
        if content_type is not None:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.write(body)

    def write(self, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()
        self.hit.bytes_sent += len(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def scripted_server(
    routes: dict[str, Route] | None = None, tls: ssl.SSLContext | None = None
) -> Iterator[ScriptedServer]:
    """Serve routes on 127.0.0.1 (over TLS with the given server context)."""
    state = ScriptedServer(routes=dict(routes or {}))
    handler = type("BoundHandler", (Handler,), {"server_state": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def most_in_window(times: list[float], window: float) -> int:
    """The most request arrivals seen in any half-open interval [t, t + window).

    How a server judges a client's rate: a client spacing requests exactly 1/rate
    apart shows at most window*rate + 1 arrivals in any window even when arrivals
    jitter by a few milliseconds (thread scheduling on a loaded machine), while a
    client that bursts shows more.
    """
    ordered = sorted(times)
    return max(
        (sum(1 for t in ordered if start <= t < start + window) for start in ordered), default=0
    )
