"""What every answer of `storydesk serve` passes through: a pure ASGI middleware
around the whole application.

- Every response, the framework's own errors (404, 405, validation) included, gets
  the security headers of headers.py and a `Server` header without versions; a header
  of the same name set by a route is replaced, never sent twice.
- A request target longer than MAX_TARGET is answered 414, more than MAX_HEADERS
  headers 431, an HTTP version other than 1.0 and 1.1 505, before any route runs
  (uvicorn bounds the head's bytes; see server.py).
- HEAD is answered as GET: the server (uvicorn) sends the head of the response and
  drops its body, so routes are written once, for GET.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from storydesk.web.headers import SECURITY_HEADERS, SERVER_NAME

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_TARGET = 2048  # longest request path + query answered
MAX_HEADERS = 100  # request headers answered

_ADDED: list[tuple[bytes, bytes]] = [
    (name.lower().encode("latin-1"), value.encode("latin-1"))
    for name, value in {**SECURITY_HEADERS, "Server": SERVER_NAME}.items()
]
_ADDED_NAMES = {name for name, _ in _ADDED}


def hardened(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """`headers` with the security headers set (replacing any of the same name)."""
    return [h for h in headers if h[0].lower() not in _ADDED_NAMES] + _ADDED


class Hardened:
    """The ASGI application `app` with the headers, limits and HEAD handling above.
    `refuse(scope, status, message)` builds the answer to a request refused here."""

    def __init__(self, app: ASGIApp, refuse: Callable[[Scope, int, str], Any]) -> None:
        self.app = app
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_hardened(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": hardened(list(message.get("headers", [])))}
            await send(message)

        target = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if target > MAX_TARGET:
            response = self.refuse(scope, 414, f"request target over {MAX_TARGET} bytes")
            await response(scope, receive, send_hardened)
            return
        if scope.get("http_version") not in ("1.0", "1.1"):
            response = self.refuse(scope, 505, "HTTP/1.0 and HTTP/1.1 only")
            await response(scope, receive, send_hardened)
            return
        if len(scope.get("headers") or ()) > MAX_HEADERS:
            response = self.refuse(scope, 431, f"more than {MAX_HEADERS} request headers")
            await response(scope, receive, send_hardened)
            return
        if scope["method"] == "HEAD":
            scope = {**scope, "method": "GET"}
        await self.app(scope, receive, send_hardened)
