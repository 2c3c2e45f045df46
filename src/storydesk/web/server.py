"""The HTTP server behind `storydesk serve`: the standard library's threading server
around `web.app.handle`.

    make_server(db_path: Path, host: str = "127.0.0.1", port: int = 8000)
        -> ThreadingHTTPServer      (port 0 picks a free port; see server_address)
    serve(db_path, host, port) -> None   runs until interrupted

Each request opens its own read connection (SQLite in WAL mode lets `storydesk add`
write meanwhile) and closes it. Responses carry headers that keep a browser from
running or fetching anything a page contains (Content-Security-Policy, nosniff, no
framing, no referrer). A request body is never read: the server only answers GET
and HEAD. Errors inside a handler are logged and answered with a plain 500.
"""

from __future__ import annotations

import logging
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from storydesk import __version__
from storydesk.store.store import Store
from storydesk.web.app import Response, handle
from storydesk.write.html_report import CSP

log = logging.getLogger("storydesk.web")

SECURITY_HEADERS = {
    "Content-Security-Policy": CSP + "; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
MAX_TARGET = 2048  # longest request path + query answered


class _Handler(BaseHTTPRequestHandler):
    server_version = f"storydesk/{__version__}"
    db_path: Path  # set on the subclass made by make_server

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
        if len(self.path) > MAX_TARGET:
            response = Response(414, "text/plain; charset=utf-8", b"request target too long\n")
        else:
            response = self._respond(method)
        self.send_response(response.status)
        for name, value in {**SECURITY_HEADERS, **response.headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(response.body)

    def _respond(self, method: str) -> Response:
        try:
            with Store(self.db_path) as store:
                return handle(store, method, self.path)
        except Exception:  # one bad request must not stop the server
            log.exception("error answering %s %s", method, self.path[:200])
            return Response(500, "text/plain; charset=utf-8", b"internal error (see the log)\n")

    def log_message(self, format: str, *args: object) -> None:
        log.info("%s %s", self.address_string(), format % args)


def make_server(db_path: Path, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    handler = type("StorydeskHandler", (_Handler,), {"db_path": Path(db_path)})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def serve(db_path: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    server = make_server(db_path, host, port)
    bound_host, bound_port = str(server.server_address[0]), server.server_address[1]
    print(f"storydesk: serving {db_path} at http://{bound_host}:{bound_port}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
