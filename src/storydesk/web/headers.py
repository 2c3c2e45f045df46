"""What every response of `storydesk serve` carries, whoever produced it.

The pages show text written by strangers (article bodies, titles, URLs), so every
answer, error pages included, tells the browser to run and fetch nothing, never guess
a content type, never be framed and never leak the address in a Referer. The `Server`
header names the program and nothing else: a version banner only helps someone match
the server against a list of known bugs.
"""

from __future__ import annotations

from http import HTTPStatus

from storydesk.write.templates import CSP

SERVER_NAME = "storydesk"

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP + "; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def reason_phrase(status: int) -> str:
    """The standard reason phrase: never a message that may hold request text."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def raw_response(status: int, text: str, extra: dict[str, str] | None = None) -> bytes:
    """A whole HTTP/1.0 response with a one-line plain-text body, for answers given
    before (or instead of) a request handler: the connection is closed after it."""
    body = (text.rstrip("\n") + "\n").encode("utf-8")
    headers = {
        "Server": SERVER_NAME,
        **SECURITY_HEADERS,
        **(extra or {}),
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Length": str(len(body)),
        "Connection": "close",
    }
    head = f"HTTP/1.0 {status} {reason_phrase(status)}\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return (head + "\r\n").encode("latin-1") + body
