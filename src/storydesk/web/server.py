"""The HTTP server behind `storydesk serve`: the standard library's HTTP handler around
`web.app.handle`, on a server with bounded workers (see workers.py).

    make_server(db_path: Path, host: str = "127.0.0.1", port: int = 8000, *,
                workers=WORKERS, max_connections=MAX_CONNECTIONS, backlog=BACKLOG,
                head_timeout=HEAD_TIMEOUT) -> StorydeskServer
        (port 0 picks a free port; see server_address)
    serve(db_path, host, port) -> None   checks the store opens, then runs until
                                         interrupted

Limits, each for a reason:
- WORKERS threads answer at once; MAX_CONNECTIONS are held at once, the listen
  backlog holds as many; past that a client is told 503 "busy" at once.
- A connection that sends nothing waits for HEAD_TIMEOUT seconds without a worker,
  then is closed; once it has sent something a worker gives it HEAD_TIMEOUT seconds,
  in all, for its request line and headers (a client sending a byte at a time is
  dropped and frees the worker), MAX_HEAD_BYTES for them, and WRITE_TIMEOUT seconds
  to take the response.
- One request per connection (HTTP/1.0): an idle keep-alive connection would hold a
  worker for nothing.

Each worker thread reads through its own read-only Store, kept between requests; a
request reads one snapshot (see stores.py). A store that is busy is tried again once;
a store that cannot be read is answered 503 with one line, never a traceback. Every
response, the standard library's own error pages included, carries the security
headers of headers.py and a `Server` header without versions. Only GET and HEAD are
answered with pages (POST, PUT, DELETE get 405; other methods 501); a request body is
never read.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from storydesk.store.errors import StoreBusy, StoreError, store_error
from storydesk.store.store import Store
from storydesk.web.app import Response, error_response, handle
from storydesk.web.head_reader import HeadReader, drain, head_stream
from storydesk.web.headers import SECURITY_HEADERS, SERVER_NAME, reason_phrase
from storydesk.web.stores import ThreadStores
from storydesk.web.workers import BoundedHTTPServer

__all__ = ["SECURITY_HEADERS", "StorydeskServer", "make_server", "serve"]

log = logging.getLogger("storydesk.web")

# Rendering is Python under the interpreter lock, so more workers than this only take
# turns with it (a loopback load of 32 clients measured the same p99 with 8, 16 or 32);
# 32 keeps a few slow clients from stalling everyone else meanwhile.
WORKERS = 32  # connections answered at once
MAX_CONNECTIONS = 256  # held at once (silent, waiting or answered); more get a 503
BACKLOG = 256  # the kernel's accept queue: at least MAX_CONNECTIONS
HEAD_TIMEOUT = 5.0  # seconds to start sending a request, then to send its whole head
WRITE_TIMEOUT = 10.0  # seconds to take a response (the socket's total for one send)
MAX_REQUEST_LINE = 8 * 1024  # bytes; a longer line is answered 414
MAX_HEAD_BYTES = 64 * 1024  # bytes of request line + headers; more is answered 431
MAX_TARGET = 2048  # longest request path + query answered
STORE_ATTEMPTS = 2  # a busy store is tried again once before a 503
RETRY_PAUSE = 0.05  # seconds between the two


class StorydeskServer(BoundedHTTPServer):
    """The server: bounded workers, each with its own read-only Store."""

    def __init__(
        self,
        db_path: Path,
        address: tuple[str, int],
        *,
        workers: int = WORKERS,
        max_connections: int = MAX_CONNECTIONS,
        backlog: int = BACKLOG,
        head_timeout: float = HEAD_TIMEOUT,
    ) -> None:
        self.db_path = Path(db_path)
        self.stores = ThreadStores(self.db_path)
        self.head_timeout = head_timeout
        super().__init__(
            address, _Handler, workers=workers, max_connections=max_connections,
            backlog=backlog, idle_timeout=head_timeout,
        )  # fmt: skip

    def worker_finished(self) -> None:
        self.stores.discard()


def _one_line(error: StoreError) -> str:
    """The error's sentence without the store's path: a client has no use for where
    the server keeps its files (the log has it)."""
    text = str(error)
    suffix = f": {error.path}"
    return text[: -len(suffix)] if text.endswith(suffix) else text.splitlines()[0]


class _Handler(BaseHTTPRequestHandler):
    server: StorydeskServer
    # Never HTTP/0.9: its responses have no status line and no headers, so no
    # security headers either.
    default_request_version = "HTTP/1.0"
    timeout = WRITE_TIMEOUT  # the socket's timeout once the head is read (sends)
    head: HeadReader
    raw_requestline: bytes  # set by handle_one_request before parse_request

    def setup(self) -> None:
        self.unread_input = False
        super().setup()
        self.rfile.close()  # replaced by one that keeps the head's deadline and size
        self.rfile, self.head = head_stream(
            self.connection, self.server.head_timeout, MAX_HEAD_BYTES
        )

    def version_string(self) -> str:
        return SERVER_NAME

    def send_response(self, code: int, message: str | None = None) -> None:
        # Every response goes through here, send_error's included, so every one
        # carries the security headers.
        super().send_response(code, message)
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """One plain-text line. Unlike the standard page, the status line keeps the
        standard reason phrase, never a message that quotes the request."""
        text = f"{code} {message or reason_phrase(code)}"
        text = " ".join(text.split())[:300]
        self.log_error("%s", text)
        body = (text + "\n").encode("utf-8", "replace")
        self.send_response(code)
        self.send_header("Connection", "close")
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if getattr(self, "command", "") != "HEAD":
            self.wfile.write(body)
        self.close_connection = True
        self.unread_input = True  # the request may not have been read to its end

    def finish(self) -> None:
        super().finish()  # sends what is buffered
        if self.unread_input:
            drain(self.connection)

    def parse_request(self) -> bool:
        # Answers sent before the standard parse must find these set.
        self.command, self.request_version, self.requestline = "", "HTTP/1.0", ""
        if len(self.raw_requestline) > MAX_REQUEST_LINE:
            self.send_error(414, f"request line over {MAX_REQUEST_LINE} bytes")
            return False
        if len(self.raw_requestline.split()) == 2:  # "GET /": an HTTP/0.9 request
            self.send_error(400, "HTTP/0.9 requests are not served")
            return False
        if not super().parse_request():
            return False
        if self.head.exhausted:
            self.send_error(431, f"request head over {MAX_HEAD_BYTES} bytes")
            return False
        self.connection.settimeout(self.timeout)  # the head is in: sends get their own
        return True

    def do_GET(self) -> None:
        self._answer("GET")

    def do_HEAD(self) -> None:
        self._answer("HEAD")

    def do_POST(self) -> None:
        self._answer("POST")

    def do_PUT(self) -> None:
        self._answer("PUT")

    def do_DELETE(self) -> None:
        self._answer("DELETE")

    def _answer(self, method: str) -> None:
        if "Content-Length" in self.headers or "Transfer-Encoding" in self.headers:
            self.unread_input = True  # a body is never read
        if len(self.path) > MAX_TARGET:
            response = error_response(self.path, 414, "request target too long")
        else:
            response = self._respond(method)
        self.send_response(response.status)
        for name, value in response.headers.items():
            if name not in SECURITY_HEADERS:
                self.send_header(name, value)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(response.body)

    def _respond(self, method: str) -> Response:
        stores = self.server.stores
        problem: StoreError | None = None
        for attempt in range(STORE_ATTEMPTS):
            if attempt:
                time.sleep(RETRY_PAUSE)
            try:
                store = stores.get()
                with store.snapshot():
                    return handle(store, method, self.path)
            except StoreError as error:
                problem = error
            except sqlite3.Error as error:  # e.g. "database is locked" in mid-request
                problem = store_error(self.server.db_path, error)
            except Exception:  # one bad request must not stop the server
                log.exception("error answering %s %s", method, self.path[:200])
                return error_response(self.path, 500, "internal error (see the server's log)")
            if not isinstance(problem, StoreBusy):
                stores.discard()  # a fresh connection next time: the file may have changed
                break
        assert problem is not None
        log.warning("store problem answering %s %s: %s", method, self.path[:200], problem)
        return error_response(self.path, 503, _one_line(problem), {"Retry-After": "2"})

    def log_message(self, format: str, *args: object) -> None:
        log.info("%s %s", self.address_string(), format % args)


def make_server(
    db_path: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    workers: int = WORKERS,
    max_connections: int = MAX_CONNECTIONS,
    backlog: int = BACKLOG,
    head_timeout: float = HEAD_TIMEOUT,
) -> StorydeskServer:
    return StorydeskServer(
        db_path, (host, port), workers=workers, max_connections=max_connections,
        backlog=backlog, head_timeout=head_timeout,
    )  # fmt: skip


def serve(db_path: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until interrupted. Raises StoreError (one line) when the store cannot be
    opened read-only, before listening."""
    Store(db_path, read_only=True).close()
    server = make_server(db_path, host, port)
    bound_host, bound_port = str(server.server_address[0]), server.server_address[1]
    print(f"storydesk: serving {db_path} at http://{bound_host}:{bound_port}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
